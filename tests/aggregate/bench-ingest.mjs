/**
 * Rough Aggregator.ingest cost per packet (not a test), over tsc-compiled modules:
 *
 *   npx tsc -p tsconfig.json --outDir /tmp/x/dist && ln -sfn "$PWD/build" /tmp/x/build
 *   node tests/aggregate/bench-ingest.mjs /tmp/x/dist [seconds-per-capture]
 *
 * Frames are read with libpcap and decoded once up front (one DecodedPacket copy per frame);
 * the timed loop is ingest() alone, the capture fed again and again into one aggregator (steady
 * state: the tables already hold every key), so the figure excludes decoding and table growth.
 */
import path from 'node:path';

const dist = path.resolve(process.argv[2] ?? 'dist');
const seconds = Number(process.argv[3] ?? 2);
const { loadCapture } = await import(path.join(dist, 'capture/pcap.js'));
const { decodePacket, newDecodedPacket } = await import(path.join(dist, 'decode/index.js'));
const { Aggregator } = await import(path.join(dist, 'aggregate/aggregator.js'));

const CORPUS = '/work/shared/corpus/captures';
const files = process.env.FILES ? process.env.FILES.split(',') : ['zeek-echo-connections.pcap', 'suricata-denial6-6.pcap', 'gen-traffic-veth.pcap', 'suricata-smb-length-5770.pcap', 'zeek-wikipedia.pcap'];
/**
 * No locality: 100,000 TCP packets between random pairs of 4,096 IPv4 hosts, random ports
 * (every packet misses the same-pair shortcut: three hash lookups and a service slot).
 */
function synthetic() {
  let seed = 1;
  const rnd = (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const frames = [];
  const pkts = [];
  for (let i = 0; i < 100_000; i++) {
    frames.push({ buf: new Uint8Array(64), off: 0, caplen: 64, origLen: 60 + rnd(1400), tsSec: 1_700_000_000 + (i >> 10), tsNsec: i, linktype: 1 });
    const p = newDecodedPacket();
    p.ipVersion = 4;
    p.src4 = (0x0a000000 + rnd(4096)) >>> 0;
    p.dst4 = (0x0a000000 + rnd(4096)) >>> 0;
    p.transport = 0;
    p.ipProto = 6;
    p.srcPort = 1024 + rnd(60000);
    p.dstPort = rnd(2) ? 443 : 1024 + rnd(60000);
    pkts.push(p);
  }
  return { frames, pkts };
}

for (const name of process.env.SYNTH === '0' ? files : [...files, 'synthetic: random IPv4 pairs']) {
  let frames;
  let pkts;
  if (name.startsWith('synthetic')) ({ frames, pkts } = synthetic());
  else {
    frames = loadCapture(path.join(CORPUS, name)).frames;
    pkts = frames.map((f) => {
      const p = newDecodedPacket();
      decodePacket(f, p);
      return p;
    });
  }
  const agg = new Aggregator();
  const run = () => {
    for (let i = 0; i < frames.length; i++) agg.ingest(frames[i], pkts[i]);
  };
  for (let w = 0; w < 5; w++) run();
  let n = 0;
  const t0 = process.hrtime.bigint();
  const limit = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - t0 < limit) {
    run();
    n += frames.length;
  }
  const ns = Number(process.hrtime.bigint() - t0);
  console.log(`${name.padEnd(34)} ${String(frames.length).padStart(6)} frames  ${(ns / n).toFixed(1)} ns/packet`);
}
