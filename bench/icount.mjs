#!/usr/bin/env node
// Instructions, not seconds: where `nta-top -r FILE --report json` spends its instructions, per
// thread and per function, counted by valgrind's callgrind. Unlike a timed run, the counts hardly
// move from run to run whatever else the machine is doing (a VM whose speed drifts by ±30%
// included): on bench/cache/full.pcap two runs differed by 1.4% on the JavaScript thread and 0.4%
// in all; on a 300,000-packet cut by up to 8%, as when V8's optimized code arrives (the warm-up)
// weighs more there. A change to the per-packet path can be judged by a run or two of each version.
//
//   node bench/icount.mjs [FILE] [--top N] [--json OUT]
//     FILE   a classic pcap file (default bench/cache/full.pcap; a 300,000-packet cut of it,
//            `editcap -F pcap -r bench/cache/full.pcap cut.pcap 1-300000`, takes ~30 s)
//   → a table on stdout: instructions of the whole process by thread; of the JavaScript thread
//     by function (V8's --perf-basic-prof map names the JIT code: `*name` optimized (TurboFan),
//     `^name` baseline (Sparkplug), `~name` interpreted, Builtin:/BytecodeHandler: V8's own code,
//     (native) everything else: Node, libpcap, libc); and per packet, the JavaScript thread's
//     instructions minus those of the same command on a 1-packet file (start-up), divided by the
//     packets. With --json, the same as one JSON object.
//
// bin/nta-top is run as its shebang runs it (the same node flags, NODE_EXTRA_CA_CERTS unset),
// under valgrind (~60× slower). JIT tier-up follows V8's invocation counts, not time, so the
// share of packets run before optimization stays close to a real run's. Needs valgrind
// (`apt-get install valgrind`). Instruction counts do not show cache misses or the second core:
// time stays the judge (bench/run.sh); this says where the work is and whether a change cut it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeFlags } from '../scripts/node-flags.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let file = join(ROOT, 'bench/cache/full.pcap');
let top = 25;
let jsonOut = '';
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--top') top = Number(args[++i]);
  else if (args[i] === '--json') jsonOut = args[++i];
  else file = resolve(args[i]);
}

const die = (msg) => {
  process.stderr.write(`icount: ${msg}\n`);
  process.exit(1);
};
if (spawnSync('valgrind', ['--version']).status !== 0) die('valgrind not found: apt-get install valgrind');
const bin = join(ROOT, 'bin/nta-top');
const flags = nodeFlags();
// The smallest corpus file: what every run costs before its first packet.
const TINY = resolve(ROOT, '../shared/corpus/captures/tcpdump-LINKTYPE_RAW_ipv4.pcap');

/**
 * Runs bin/nta-top on `pcap` under callgrind: {threads: [Ir of each thread, the JavaScript one
 * first], functions: Map(name → Ir of the JavaScript thread), packets}.
 */
function measure(pcap) {
  const dir = mkdtempSync(join(tmpdir(), 'icount-'));
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const r = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--dump-instr=yes',
      '--compress-pos=no',
      '--compress-strings=no',
      '--separate-threads=yes',
      '--smc-check=all-non-file',
      `--callgrind-out-file=${join(dir, 'cg')}`,
      'node',
      '--perf-basic-prof',
      ...flags,
      bin,
      '-r',
      pcap,
      '--report',
      'json',
    ],
    { env, cwd: dir, maxBuffer: 1 << 30, encoding: 'utf8' },
  );
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    die(`nta-top under valgrind exited ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  }
  const packets = JSON.parse(r.stdout).packets;
  // perf-<pid>.map in /tmp: the pid is the one valgrind ran node as (its log lines say it).
  const pid = /==(\d+)==/.exec(r.stderr)?.[1];
  const mapFile = join('/tmp', `perf-${pid}.map`);
  const ranges = [];
  for (const line of readFileSync(mapFile, 'utf8').split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (m) ranges.push([parseInt(m[1], 16), parseInt(m[2], 16), m[3]]);
  }
  rmSync(mapFile, { force: true });
  ranges.sort((a, b) => a[0] - b[0]);
  const threadFiles = readdirSync(dir)
    .filter((f) => /^cg-\d+$/.test(f))
    .sort();
  const threads = threadFiles.map((f) => total(join(dir, f)));
  const functions = byFunction(join(dir, threadFiles[0]), ranges);
  rmSync(dir, { recursive: true, force: true });
  return { threads, functions, packets };
}

/** The `summary:` line of a callgrind file (Ir of that thread). */
function total(f) {
  const m = /^summary:\s+(\d+)/m.exec(readFileSync(f, 'latin1'));
  return m ? Number(m[1]) : 0;
}

/**
 * Self instructions by the perf map's name of the code they ran in. Cost lines are
 * "ADDR LINE IR" (positions: instr line); the cost line after a `calls=` line is the call's
 * inclusive cost and is skipped.
 */
function byFunction(f, ranges) {
  const starts = ranges.map((r) => r[0]);
  const nameAt = (a) => {
    let lo = 0;
    let hi = starts.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= a) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return k >= 0 && a < ranges[k][0] + ranges[k][1] ? ranges[k][2] : '(native)';
  };
  const out = new Map();
  let skip = false;
  for (const line of readFileSync(f, 'latin1').split('\n')) {
    if (line.startsWith('calls=')) {
      skip = true;
      continue;
    }
    if (!line.startsWith('0x')) {
      skip = false;
      continue;
    }
    if (skip) {
      skip = false;
      continue;
    }
    const t = line.split(' ');
    if (t.length < 3) continue;
    const name = nameAt(parseInt(t[0], 16)).replace(/ (file:\/\/)?\S*\/(dist\/\S+)$/, ' $2');
    out.set(name, (out.get(name) ?? 0) + Number(t[2]));
  }
  return out;
}

const M = (n) => `${(n / 1e6).toFixed(1)} M`;
process.stderr.write(`icount: start-up (${TINY.split('/').pop()}) …\n`);
const base = measure(TINY);
process.stderr.write(`icount: ${file} …\n`);
const run = measure(file);
const perPacket = (run.threads[0] - base.threads[0]) / Math.max(1, run.packets - base.packets);
const fns = [...run.functions].sort((a, b) => b[1] - a[1]).slice(0, top);
/** A function's instructions per packet beyond what the 1-packet run spent in it. */
const fnPerPacket = (name, n) => (n - (base.functions.get(name) ?? 0)) / Math.max(1, run.packets - base.packets);
const lines = [
  `nta-top -r ${file} --report json: ${run.packets.toLocaleString('en-US')} packets, node ${flags.join(' ')}`,
  '',
  `| thread | instructions |`,
  `|---|---|`,
  ...run.threads.map((n, i) => `| ${i === 0 ? 'JavaScript (main)' : `thread ${i + 1}`} | ${M(n)} |`),
  `| all | ${M(run.threads.reduce((a, b) => a + b, 0))} |`,
  '',
  `JavaScript thread: ${M(base.threads[0])} to start and read a 1-packet file; ${perPacket.toFixed(0)} instructions per packet beyond that.`,
  '',
  `| code (JavaScript thread) | instructions | per packet, beyond the 1-packet run |`,
  `|---|---|---|`,
  ...fns.map(([name, n]) => `| \`${name}\` | ${M(n)} | ${fnPerPacket(name, n).toFixed(1)} |`),
];
process.stdout.write(lines.join('\n') + '\n');
if (jsonOut) {
  writeFileSync(
    jsonOut,
    JSON.stringify({ file, packets: run.packets, threads: run.threads, startup: base.threads[0], perPacket, functions: Object.fromEntries(fns.map(([name, n]) => [name, { instructions: n, perPacket: fnPerPacket(name, n) }])) }) + '\n',
  );
}
