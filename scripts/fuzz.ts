/**
 * Long-running decoder fuzzer (the test suite runs 1M frames; this runs as many as you like):
 *
 *   npm run fuzz -- --frames 50000000 --seed 12345 [--start 0] [--heavy-every 20] [--corpus]
 *
 * Mutates real frames (fixtures/, plus the shared corpus with --corpus) and runs decodePacket,
 * dnsQueryName, learnNames on every frame and summarizePacket + dissect on every --heavy-every-th,
 * allowing only the outcomes tests/decode/fuzz-core.ts describes. Prints progress (frames, rate,
 * outcomes) every million frames, and for a failure its seed and iteration with a replay command
 * (`--seed S --start I --frames 1`) and the frame's bytes. Exits 1 on any failure, 0 otherwise.
 * Without --seed a time-based seed is chosen and printed first.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame } from '../src/capture/frame.js';
import { loadCapture } from '../src/capture/pcap.js';
import { decodePacket, dnsQueryName } from '../src/decode/index.js';
import { newDecodedPacket, TransportClass } from '../src/decode/packet.js';
import { runFuzz } from '../tests/decode/fuzz-core.js';
import type { FuzzResult } from '../tests/decode/fuzz-core.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function usage(msg: string): never {
  console.error(`fuzz: ${msg}\nusage: npm run fuzz -- [--frames N] [--seed S] [--start I] [--heavy-every K] [--corpus]`);
  process.exit(2);
}

function parseArgs(argv: string[]): { frames: number; seed: number; start: number; heavyEvery: number; corpus: boolean } {
  const o = { frames: 10_000_000, seed: Date.now() % 0x7fffffff, start: 0, heavyEvery: 20, corpus: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isSafeInteger(v) || v < 0) usage(`${a} needs a non-negative integer`);
      return v;
    };
    if (a === '--') continue;
    else if (a === '--frames') o.frames = num();
    else if (a === '--seed') o.seed = num();
    else if (a === '--start') o.start = num();
    else if (a === '--heavy-every') o.heavyEvery = Math.max(1, num());
    else if (a === '--corpus') o.corpus = true;
    else usage(`unknown argument ${a}`);
  }
  return o;
}

function loadSources(corpus: boolean): Frame[] {
  const dirs = [path.join(ROOT, 'fixtures')];
  if (corpus) dirs.push(path.resolve(ROOT, '..', 'shared', 'corpus', 'captures'));
  const frames: Frame[] = [];
  for (const dir of dirs) {
    for (const name of readdirSync(dir).filter((f) => /\.pcap(ng)?$/.test(f)).sort()) {
      // Up to 5000 frames per file keep memory and start-up small.
      frames.push(...loadCapture(path.join(dir, name)).frames.slice(0, 5000));
    }
  }
  return frames;
}

function favoured(frames: Frame[]): Frame[] {
  const p = newDecodedPacket();
  const ports = new Set([53, 5353, 5355, 443, 3544, 4789, 4790, 6081, 2152, 1701, 4754, 6635, 4341]);
  return frames.filter((f) => {
    decodePacket(f, p);
    if (p.transport !== TransportClass.Tcp && p.transport !== TransportClass.Udp) return false;
    return dnsQueryName(f, p) !== null || ports.has(p.srcPort) || ports.has(p.dstPort);
  });
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const sources = loadSources(args.corpus);
  if (sources.length === 0) usage('no source frames found');
  const fav = favoured(sources);
  console.log(`fuzz: seed ${args.seed}, frames ${args.frames} from iteration ${args.start}, ${sources.length} source frames (${fav.length} DNS/TLS/tunnel), summarize+dissect every ${args.heavyEvery}`);
  const t0 = performance.now();
  const chunk = 1_000_000;
  const total: FuzzResult = { frames: 0, heavy: 0, failures: [], statuses: [0, 0, 0, 0], names: 0, learnt: 0 };
  for (let done = 0; done < args.frames && total.failures.length === 0; done += chunk) {
    const n = Math.min(chunk, args.frames - done);
    const r = runFuzz({ sources, favoured: fav, seed: args.seed, start: args.start + done, frames: n, heavyEvery: args.heavyEvery });
    total.frames += r.frames;
    total.heavy += r.heavy;
    total.names += r.names;
    total.learnt += r.learnt;
    for (let s = 0; s < 4; s++) total.statuses[s] += r.statuses[s];
    total.failures.push(...r.failures);
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `fuzz: ${total.frames.toLocaleString('en')} frames (${total.heavy.toLocaleString('en')} dissected) in ${secs.toFixed(1)} s, ` +
        `${Math.round(total.frames / secs).toLocaleString('en')} frames/s; ok/truncated/malformed/unsupported ${total.statuses.join('/')}; ` +
        `${total.names} query names, ${total.learnt} learnt names; failures ${total.failures.length}`,
    );
  }
  for (const f of total.failures) {
    console.log(`\nFAILURE seed ${f.seed} iteration ${f.iteration} (linktype ${f.linktype}): ${f.what}`);
    console.log(`  replay: npm run fuzz -- --seed ${f.seed} --start ${f.iteration} --frames 1 --heavy-every 1${args.corpus ? ' --corpus' : ''}`);
    console.log(`  frame: ${f.hex}`);
  }
  process.exit(total.failures.length > 0 ? 1 : 0);
}

main();
