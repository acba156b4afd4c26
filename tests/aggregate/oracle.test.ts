/**
 * Aggregates vs the tshark oracle (../shared/corpus/oracle/<file>.json, see ORACLE.md): each
 * capture is read with libpcap (loadCapture), decoded (decodePacket) and ingested; totals, the
 * per-transport classes, distinct hosts and the top 20 hosts must equal tshark's.
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

/** Captures compared in full (chosen to cover ICMP, ICMPv6, ARP, VLAN, HTTP/DNS, many hosts, veth). */
export const ORACLE_CAPTURES = [
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
  first_ts_ns: number | null;
  last_ts_ns: number | null;
}

describe.runIf(fs.existsSync(CORPUS))('aggregates equal the tshark oracle', () => {
  for (const name of ORACLE_CAPTURES) {
    it(name, () => {
      const oracle = JSON.parse(fs.readFileSync(path.join(CORPUS, 'oracle', `${name}.json`), 'utf8')) as Oracle;
      const cap = loadCapture(path.join(CORPUS, 'captures', name));
      const agg = new Aggregator();
      const pkt = newDecodedPacket();
      for (const f of cap.frames) {
        decodePacket(f, pkt);
        agg.ingest(f, pkt);
      }
      const v = oracleView(agg);
      expect(v.packets).toBe(oracle.packets);
      expect(v.bytes).toBe(oracle.bytes);
      expect(v.cap_bytes).toBe(oracle.cap_bytes);
      expect(v.transport_packets).toEqual(oracle.transport_packets);
      expect(v.transport_bytes).toEqual(oracle.transport_bytes);
      expect(v.distinct_hosts).toBe(oracle.distinct_hosts);
      expect(v.top_hosts).toEqual(oracle.top_hosts);
      expect(oracle.packets).toBeGreaterThan(0);
    });
  }
});
