#!/usr/bin/env node
// Offline ingest rates of nta-top's own stages, in process (built dist/ required):
//
//   node bench/ingest.mjs STAGE FILE [REPS]     → one JSON line: {stage, packets, seconds: [...], rssMiB}
//   node bench/ingest.mjs engine-ring FILE 1    (also used whole-process by hyperfine)
//
// Stages, each a full pass over FILE, repeated REPS times in this process (the first pass also
// pays for JIT warm-up; the caller takes the median):
//   read         Capture.readBatch with an empty callback: the binding's read-ahead thread + the JS record loop
//   decode       + decodePacket into one reused DecodedPacket
//   aggregate    + Aggregator.ingest (the report's counters, talkers, conversations, names)
//   engine-ring  Engine.readAll with the dashboard's default ring (100,000 packets / 64 MiB):
//                decode + aggregate + ring copy, as the dashboard ingests a file
//   engine-headless  Engine.readAll keeping no packets (1-packet ring, keepPackets false), as --report does
//   ring-1m      Engine.readAll with --ring-packets 1000000 --ring-bytes 1G (memory step)
import { Capture } from '../dist/capture/pcap.js';
import { decodePacket, newDecodedPacket } from '../dist/decode/index.js';
import { Aggregator } from '../dist/aggregate/aggregator.js';
import { Engine } from '../dist/engine.js';

const [stage, file, repsArg] = process.argv.slice(2);
const reps = Math.max(1, Number(repsArg ?? 3));
if (!stage || !file) {
  process.stderr.write('usage: ingest.mjs read|decode|aggregate|engine-ring|engine-headless|ring-1m FILE [REPS]\n');
  process.exit(2);
}

const RINGS = {
  'engine-ring': [100_000, 64 * 1024 * 1024],
  'engine-headless': [1, 64 * 1024],
  'ring-1m': [1_000_000, 1024 * 1024 * 1024],
};

/**
 * Stages that keep no records open the file as the headless report does (fileLayout: batches
 * walked where the binding's thread read them); the ring stages as the dashboard does (records
 * converted into the ring's windows).
 */
const WALK_ONLY = new Set(['read', 'decode', 'aggregate', 'engine-headless']);

function pass() {
  const cap = Capture.openOffline(file, '', { fileLayout: WALK_ONLY.has(stage) });
  let packets = 0;
  const t0 = process.hrtime.bigint();
  if (stage === 'read') {
    const cb = () => {
      packets++;
    };
    while (!cap.eof) cap.readBatch(cb);
  } else if (stage === 'decode') {
    const pkt = newDecodedPacket();
    let ok = 0;
    const cb = (f) => {
      packets++;
      decodePacket(f, pkt);
      ok += pkt.status;
    };
    while (!cap.eof) cap.readBatch(cb);
    if (ok < 0) process.stdout.write('');
  } else if (stage === 'aggregate') {
    const pkt = newDecodedPacket();
    const agg = new Aggregator();
    const cb = (f) => {
      packets++;
      decodePacket(f, pkt);
      agg.ingest(f, pkt);
    };
    while (!cap.eof) cap.readBatch(cb);
  } else if (RINGS[stage]) {
    const [rp, rb] = RINGS[stage];
    const engine = new Engine(cap, { ringPackets: rp, ringBytes: rb, dumpDir: '.', keepPackets: stage !== 'engine-headless' });
    engine.readAll();
    packets = engine.packetsSeen;
  } else {
    process.stderr.write(`ingest.mjs: unknown stage ${stage}\n`);
    process.exit(2);
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  cap.close();
  return [packets, s];
}

const seconds = [];
let packets = 0;
for (let i = 0; i < reps; i++) {
  const [n, s] = pass();
  packets = n;
  seconds.push(s);
}
const rssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ stage, packets, seconds, rssMiB }) + '\n');
