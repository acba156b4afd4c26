/**
 * Rough decode-rate measurement (not a test): loads a capture with libpcap, then runs
 * decodePacket over all its frames repeatedly and prints packets/s; with mode `names` it also runs
 * dnsQueryName and learnNames on every TCP/UDP packet, as the aggregator does.
 *
 *   npx vite-node tests/decode/bench-decode.ts [capture] [seconds] [decode|names]
 *
 * Run node with --trace-gc to see that the timed loop triggers no scavenges (no per-packet
 * allocation): the "timed loop start/end" markers bracket it.
 *
 * vite-node rewrites every cross-module call and const-enum read into a property lookup on a
 * module object, so this measures a pessimistic rate (≈3 M packets/s on zeek-echo-connections.pcap,
 * Node 20). The same loop over the tsc-compiled modules (`tsc --outDir`, const enums inlined) ran at
 * ≈21-23 M packets/s with zero GC events over 69 M decodes; with `names` ≈15 M packets/s on
 * zeek-echo-connections.pcap (no DNS/TLS: still no GC events), ≈14 M on gen-traffic-veth.pcap.
 */
import { loadCapture } from '../../src/capture/pcap.js';
import { decodePacket, dnsQueryName, learnNames } from '../../src/decode/index.js';
import { newDecodedPacket } from '../../src/decode/packet.js';

const file = process.argv[2] ?? '/work/shared/corpus/captures/zeek-echo-connections.pcap';
const seconds = Number(process.argv[3] ?? 3);
const names = process.argv[4] === 'names';
let learnt = 0;
const onName = (): void => {
  learnt++;
};
const { frames } = loadCapture(file);
const out = newDecodedPacket();
let sink = 0;
for (let w = 0; w < 3; w++) for (const f of frames) decodePacket(f, out); // warm-up / JIT
console.log(`${file}: ${frames.length} frames; timed loop start`);
let n = 0;
const t0 = process.hrtime.bigint();
const limit = BigInt(Math.round(seconds * 1e9));
for (;;) {
  for (let i = 0; i < frames.length; i++) {
    decodePacket(frames[i], out);
    sink ^= out.srcPort;
    if (names && out.transport <= 1) {
      const q = dnsQueryName(frames[i], out);
      if (q !== null) sink ^= q.length;
      learnNames(frames[i], out, { learnName: onName });
    }
  }
  n += frames.length;
  if (process.hrtime.bigint() - t0 > limit) break;
}
const ns = Number(process.hrtime.bigint() - t0);
console.log(`timed loop end: ${n} packets in ${(ns / 1e9).toFixed(2)} s = ${((n / ns) * 1e9 / 1e6).toFixed(2)} M packets/s (sink ${sink & 1}, learnt ${learnt})`);
