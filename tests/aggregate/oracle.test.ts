/**
 * Aggregates vs the tshark oracle (../shared/corpus/oracle/<file>.json, see ORACLE.md): each
 * capture is read with libpcap (loadCapture), decoded (decodePacket) and ingested; totals, the
 * per-transport classes, distinct hosts, the top 20 hosts and the per-second buckets of the last
 * 300 seconds (the live rate window) must equal tshark's. The whole report is compared in
 * tests/agreement.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Aggregator, oracleView } from '../../src/aggregate/aggregator.js';
import { loadCapture } from '../../src/capture/pcap.js';
import { decodePacket } from '../../src/decode/index.js';
import { newDecodedPacket } from '../../src/decode/packet.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(REPO, '../shared/corpus');

/** Always compared (ICMP, ICMPv6, ARP, VLAN, HTTP/DNS, many hosts, a veth capture). */
const CORE_CAPTURES = [
  'zeek-5-pings.pcap',
  'zeek-http-vlan-0.pcap',
  'tcpdump-icmpv6.pcap',
  'zeek-arp-who-has.pcap',
  'zeek-workshop_2011_browse.pcap',
  'zeek-wikipedia.pcap',
  'gen-traffic-veth.pcap',
];

interface Oracle {
  packets: number;
  bytes: number;
  cap_bytes: number;
  transport_packets: Record<string, number>;
  transport_bytes: Record<string, number>;
  distinct_hosts: number;
  top_hosts: { host: string; bytes: number; packets: number }[];
  pps: [number, number, number][];
  tcpdump: { exit: number; packets: number; stderr?: string };
}

function check(name: string): void {
  const oracle = JSON.parse(fs.readFileSync(path.join(CORPUS, 'oracle', `${name}.json`), 'utf8')) as Oracle;
  const cap = loadCapture(path.join(CORPUS, 'captures', name));
  if (oracle.tcpdump.packets !== oracle.packets) {
    // libpcap itself stops early on this file (ORACLE.md: e.g. pcapng interfaces with different
    // snaplens); we must see what libpcap sees and report its error.
    expect(cap.frames.length).toBe(oracle.tcpdump.packets);
    expect(cap.error).not.toBe('');
    return;
  }
  const window = 300;
  const agg = new Aggregator({ rateWindowSec: window, seriesSec: window });
  const pkt = newDecodedPacket();
  for (const f of cap.frames) {
    decodePacket(f, pkt);
    agg.ingest(f, pkt);
  }
  // Newest second as tshark reads the timestamps (ORACLE.md quirk 5: fractions ≥ 10^9 carry).
  const maxSec = agg.timeExtremes()?.max.sec ?? -Infinity;
  const v = oracleView(agg);
  expect(v.packets).toBe(oracle.packets);
  expect(v.bytes).toBe(oracle.bytes);
  expect(v.cap_bytes).toBe(oracle.cap_bytes);
  expect(v.transport_packets).toEqual(oracle.transport_packets);
  expect(v.transport_bytes).toEqual(oracle.transport_bytes);
  expect(v.distinct_hosts).toBe(oracle.distinct_hosts);
  expect(v.top_hosts).toEqual(oracle.top_hosts);
  if (oracle.packets === 0) return;
  // The rate window (last 300 s up to the newest packet) against the oracle's sparse buckets.
  const r = agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 0, nowSec: maxSec + 1 }).rates;
  const ours = r.secs.map((s, i) => [s, r.pps[i], r.bitsPerSec[i] / 8]).filter((b) => b[1] > 0);
  const theirs = oracle.pps.filter((b) => b[0] > maxSec - window && b[0] <= maxSec);
  expect(ours).toEqual(theirs);
  expect(ours.length).toBeGreaterThan(0);
}

describe.runIf(fs.existsSync(CORPUS))('aggregates equal the tshark oracle', () => {
  for (const name of CORE_CAPTURES) it(name, () => check(name));
});

describe.runIf(fs.existsSync(CORPUS))('aggregates equal the tshark oracle: rest of the corpus', () => {
  const all = fs.existsSync(CORPUS) ? fs.readdirSync(path.join(CORPUS, 'captures')).sort() : [];
  for (const name of all.filter((n) => !CORE_CAPTURES.includes(n))) it(name, () => check(name));
});
