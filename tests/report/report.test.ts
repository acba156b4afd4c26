/**
 * The whole-run report: ORACLE.md keys and orders, exact nanosecond integers in the JSON text,
 * tshark's timestamp text (quirk 5), live counters, and the text rendering with and without colour.
 */
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/aggregate/aggregator.js';
import { parseServices } from '../../src/aggregate/services.js';
import { TransportClass } from '../../src/decode/packet.js';
import { buildReport, reportToJson, tsharkEpochText } from '../../src/export/report.js';
import type { Report } from '../../src/export/report.js';
import { renderReportText } from '../../src/export/report-text.js';
import { mk } from '../aggregate/helpers.js';
import type { PktSpec } from '../aggregate/helpers.js';

const ORACLE_KEYS = [
  'packets',
  'bytes',
  'cap_bytes',
  'transport_packets',
  'transport_bytes',
  'ip_packets',
  'first_ts',
  'last_ts',
  'min_ts',
  'max_ts',
  'first_ts_ns',
  'last_ts_ns',
  'min_ts_ns',
  'max_ts_ns',
  'distinct_hosts',
  'distinct_conversations',
  'top_hosts',
  'top_conversations',
  'pps_buckets',
  'pps_max',
  'dns_qry_names_top',
  'pps',
];

function aggOf(specs: PktSpec[]): Aggregator {
  const agg = new Aggregator({ services: parseServices('http 80/tcp\ndomain 53/udp\n') });
  for (const s of specs) {
    const { frame, pkt } = mk(s);
    agg.ingest(frame, pkt);
  }
  return agg;
}

const TCP = TransportClass.Tcp;
const UDP = TransportClass.Udp;
const TRAFFIC: PktSpec[] = [
  { sec: 1_600_000_000, nsec: 123_456_789, len: 1514, caplen: 96, transport: TCP, src: '10.0.0.2', dst: '93.184.216.34', sport: 50000, dport: 80 },
  { sec: 1_600_000_000, nsec: 200_000_000, len: 60, caplen: 60, transport: TCP, src: '93.184.216.34', dst: '10.0.0.2', sport: 80, dport: 50000 },
  { sec: 1_600_000_002, nsec: 1, len: 80, caplen: 80, transport: UDP, src: '10.0.0.2', dst: '10.0.0.1', sport: 40000, dport: 53 },
  { sec: 1_599_999_999, nsec: 999_999_999, len: 42, caplen: 42, transport: TransportClass.Arp },
  { sec: 1_600_000_002, nsec: 5, len: 90, caplen: 90, transport: TransportClass.Icmpv6, src: 'fe80::1', dst: 'ff02::1' },
];

describe('buildReport', () => {
  it('has every ORACLE.md aggregate key with its meaning, sort order and ties', () => {
    const r = buildReport(aggOf(TRAFFIC), { top: 20, source: 'x.pcap', linktype: 1, stats: null });
    for (const k of ORACLE_KEYS) expect(r).toHaveProperty(k);
    expect(r).toMatchObject({
      source: 'x.pcap',
      linktype: 1,
      error: '',
      packets: 5,
      bytes: 1786,
      cap_bytes: 368,
      transport_packets: { tcp: 2, udp: 1, icmp: 0, icmpv6: 1, arp: 1, other: 0 },
      transport_bytes: { tcp: 1574, udp: 80, icmp: 0, icmpv6: 90, arp: 42, other: 0 },
      ip_packets: { ipv4: 3, ipv6: 1 },
      first_ts: '1600000000.123456789',
      last_ts: '1600000002.000000005',
      min_ts: '1599999999.999999999',
      max_ts: '1600000002.000000005',
      first_ts_ns: 1600000000123456789n,
      last_ts_ns: 1600000002000000005n,
      min_ts_ns: 1599999999999999999n,
      max_ts_ns: 1600000002000000005n,
      distinct_hosts: 5,
      distinct_conversations: 3,
      pps_buckets: 3,
      pps_max: 2,
      dns_qry_names_top: [],
      truncated: 0,
      malformed: 0,
      unsupported: 0,
      names: {},
    });
    expect(r.top_hosts).toEqual([
      { host: '10.0.0.2', bytes: 1654, packets: 3 },
      { host: '93.184.216.34', bytes: 1574, packets: 2 },
      { host: 'fe80::1', bytes: 90, packets: 1 },
      { host: 'ff02::1', bytes: 90, packets: 1 },
      { host: '10.0.0.1', bytes: 80, packets: 1 },
    ]);
    expect(r.top_conversations).toEqual([
      { a: '10.0.0.2', b: '93.184.216.34', bytes: 1574, packets: 2, bytes_a_to_b: 1514, bytes_b_to_a: 60 },
      { a: 'fe80::1', b: 'ff02::1', bytes: 90, packets: 1, bytes_a_to_b: 90, bytes_b_to_a: 0 },
      { a: '10.0.0.1', b: '10.0.0.2', bytes: 80, packets: 1, bytes_a_to_b: 0, bytes_b_to_a: 80 },
    ]);
    expect(r.pps).toEqual([
      [1599999999, 1, 42],
      [1600000000, 2, 1574],
      [1600000002, 2, 170],
    ]);
    expect(r.top_services).toEqual([
      { transport: 'tcp', port: 80, name: 'http', packets: 2, bytes: 1574 },
      { transport: 'udp', port: 53, name: 'domain', packets: 1, bytes: 80 },
    ]);
    expect(r.received).toBeUndefined();
    expect('received' in JSON.parse(reportToJson(r))).toBe(false);
  });

  it('limits every top list to `top`, and adds the live counters and the read error', () => {
    const r = buildReport(aggOf(TRAFFIC), {
      top: 1,
      source: 'eth0',
      linktype: 1,
      stats: { received: 10, dropped: 2, ifDropped: 1 },
      error: 'truncated dump file',
    });
    expect(r.top_hosts).toHaveLength(1);
    expect(r.top_conversations).toHaveLength(1);
    expect(r.top_services).toHaveLength(1);
    expect(r.distinct_hosts).toBe(5);
    expect([r.received, r.dropped, r.if_dropped, r.error]).toEqual([10, 2, 1, 'truncated dump file']);
  });

  it('reports an empty run with null timestamps', () => {
    const r = buildReport(new Aggregator(), { top: 20, source: 'empty.pcap', linktype: 1, stats: null });
    expect(r).toMatchObject({ packets: 0, first_ts: null, first_ts_ns: null, max_ts_ns: null, pps: [], pps_max: 0, top_hosts: [] });
    const j = JSON.parse(reportToJson(r)) as Record<string, unknown>;
    expect(j.first_ts_ns).toBeNull();
    expect(j.pps).toEqual([]);
  });
});

describe('timestamps as tshark prints and ORACLE.md counts them (quirk 5)', () => {
  it('prints the raw fields as frame.time_epoch', () => {
    expect(tsharkEpochText({ rawSec: 1258131460, rawNsec: 262386000 })).toBe('1258131460.262386000');
    expect(tsharkEpochText({ rawSec: 0, rawNsec: 5 })).toBe('0.000000005');
    expect(tsharkEpochText({ rawSec: 1418145370, rawNsec: 1_000_000_000 })).toBe('1418145370.1000000000');
    expect(tsharkEpochText({ rawSec: 1418145370, rawNsec: 2147483648 })).toBe('-1418145370.2147483648');
    expect(tsharkEpochText({ rawSec: 100, rawNsec: 2 ** 32 - 1000 })).toBe('-100.000001000');
    // libpcap's signed 32-bit seconds: tshark reads the field unsigned.
    expect(tsharkEpochText({ rawSec: -5, rawNsec: 5 })).toBe('4294967291.000000005');
    expect(tsharkEpochText({ rawSec: 2 ** 32 + 1, rawNsec: 0 })).toBe('4294967297.000000000');
  });

  it('matches the oracle of tcpdump-timestamp_invalid_nano.pcap', () => {
    const agg = aggOf([
      { sec: 1418145369, nsec: 999_999_999, len: 76, transport: TCP, src: '131.155.215.69', dst: '137.116.81.94' },
      { sec: 1418145370, nsec: 1_000_000_000, len: 76, transport: TCP, src: '137.116.81.94', dst: '131.155.215.69' },
      { sec: 1418145370, nsec: 2147483648, len: 68, transport: TCP, src: '131.155.215.69', dst: '137.116.81.94' },
    ]);
    const r = buildReport(agg, { top: 20, source: 'f', linktype: 113, stats: null });
    expect(r).toMatchObject({
      first_ts: '1418145369.999999999',
      last_ts: '-1418145370.2147483648',
      min_ts: '-1418145370.2147483648',
      max_ts: '1418145370.1000000000',
      first_ts_ns: 1418145369999999999n,
      last_ts_ns: -1418145372147483648n,
      min_ts_ns: -1418145372147483648n,
      max_ts_ns: 1418145371000000000n,
      pps: [
        [-1418145373, 1, 68],
        [1418145369, 1, 76],
        [1418145371, 1, 76],
      ],
    });
  });
});

describe('reportToJson', () => {
  it('writes the nanosecond keys as exact integer literals (beyond 2^53)', () => {
    const r = buildReport(aggOf(TRAFFIC), { top: 20, source: 'x', linktype: 1, stats: null });
    const text = reportToJson(r);
    expect(text).toContain('"first_ts_ns": 1600000000123456789,');
    expect(text).toContain('"min_ts_ns": 1599999999999999999,');
    // A double cannot hold it: JSON.stringify of the Number would print ...456800.
    expect(String(Number(1600000000123456789n))).not.toBe('1600000000123456789');
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed.packets).toBe(5);
    expect(parsed.top_hosts).toEqual(r.top_hosts);
    expect(parsed.pps).toEqual(r.pps);
    expect(Object.keys(parsed).slice(0, 3)).toEqual(['source', 'linktype', 'error']);
    // One pps bucket per line, as in the oracle files.
    expect(text).toContain('"pps": [\n    [1599999999, 1, 42],\n    [1600000000, 2, 1574],\n');
  });

  it('writes negative bigints, escapes strings and turns non-finite numbers into null', () => {
    const r = buildReport(new Aggregator(), { top: 20, source: 'a "quoted"\nname', linktype: 1, stats: null });
    const odd = { ...r, first_ts_ns: -1418145372147483648n, names: { '10.0.0.1': 'x\u0000"y' }, bytes: NaN } as Report;
    const text = reportToJson(odd);
    expect(text).toContain('"first_ts_ns": -1418145372147483648,');
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed.source).toBe('a "quoted"\nname');
    expect(parsed.names).toEqual({ '10.0.0.1': 'x\u0000"y' });
    expect(parsed.bytes).toBeNull();
  });
});

describe('renderReportText', () => {
  const report = (): Report => {
    const r = buildReport(aggOf(TRAFFIC), { top: 20, source: 'x.pcap', linktype: 1, stats: { received: 5, dropped: 0, ifDropped: 0 } });
    r.names['93.184.216.34'] = 'example.com\u001b[2J';
    r.dns_qry_names_top = [{ name: 'example.com', packets: 1 }];
    return r;
  };

  it('renders summary lines and compact tables with units, without escapes when colour is off', () => {
    const text = renderReportText(report(), { color: false });
    expect(text).not.toContain('\u001b');
    const lines = text.split('\n');
    expect(lines[0]).toBe('nta-top report: x.pcap  (linktype 1)');
    expect(lines).toContain('Packets   5');
    expect(lines).toContain('Bytes     1,786 B (1.7 KiB) on the wire, 368 B captured');
    expect(lines).toContain('Time      2020-09-13 12:26:39.999999999 → 2020-09-13 12:26:42.000000005 UTC (2.000 s)');
    expect(lines).toContain('          out of order: first packet 2020-09-13 12:26:40.123456789, last 2020-09-13 12:26:42.000000005');
    expect(lines).toContain('Capture   5 received, 0 dropped by the kernel, 0 by the interface');
    const hosts = lines.indexOf('Top hosts (5 of 5)');
    expect(lines.slice(hosts + 1, hosts + 4)).toEqual([
      'Host           Packets    Bytes  Name',
      '10.0.0.2             3  1.6 KiB',
      // The learned name came off the wire: its escape sequence is neutralised.
      '93.184.216.34        2  1.5 KiB  example.com?[2J',
    ]);
    const conv = lines.indexOf('Top conversations (3 of 3)');
    expect(lines[conv + 1]).toBe('A         B              Packets    Bytes      A→B   B→A');
    expect(lines[conv + 2]).toBe('10.0.0.2  93.184.216.34        2  1.5 KiB  1.5 KiB  60 B');
    expect(lines).toContain('Top services (2 of 2)');
    expect(lines).toContain('80/tcp  http           2  1.5 KiB  88.1%');
    expect(lines).toContain('example.com        1');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('colours headings and warnings when asked, and the text is the same without the escapes', () => {
    const plain = renderReportText(report(), { color: false });
    const colored = renderReportText(report(), { color: true });
    expect(colored).toContain('\u001b[1m');
    expect(colored).toContain('\u001b[36m');
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
    const damaged = buildReport(aggOf(TRAFFIC), { top: 20, source: 'd.pcap', linktype: 1, stats: null, error: 'truncated dump file' });
    expect(renderReportText(damaged, { color: true })).toContain('\u001b[31m');
    expect(renderReportText(damaged, { color: false }).split('\n')[1]).toBe('error: truncated dump file');
  });

  it('renders an empty run without tables', () => {
    const text = renderReportText(buildReport(new Aggregator(), { top: 20, source: 'e', linktype: 1, stats: null }), { color: false });
    expect(text).toBe('nta-top report: e  (linktype 1)\nPackets   0\nBytes     0 B on the wire, 0 B captured\nDecode    0 truncated, 0 malformed, 0 unsupported\n');
  });
});
