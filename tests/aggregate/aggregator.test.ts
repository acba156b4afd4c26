import { describe, expect, it } from 'vitest';
import { Aggregator, oracleView } from '../../src/aggregate/aggregator.js';
import { PacketStatus, TransportClass } from '../../src/decode/packet.js';
import { mk } from './helpers.js';
import type { PktSpec } from './helpers.js';

function feed(agg: Aggregator, specs: PktSpec[]): void {
  for (const s of specs) {
    const { frame, pkt } = mk(s);
    agg.ingest(frame, pkt);
  }
}

const Q = { talkerSort: 'bytes' as const, talkerLimit: 100 };

describe('Aggregator totals and classes', () => {
  it('counts packets, origLen bytes, caplen bytes, classes and decode status', () => {
    const agg = new Aggregator();
    feed(agg, [
      { sec: 100, len: 60, caplen: 60, transport: TransportClass.Tcp, src: '10.0.0.1', dst: '10.0.0.2' },
      { sec: 100, len: 1514, caplen: 96, transport: TransportClass.Tcp, src: '10.0.0.2', dst: '10.0.0.1', status: PacketStatus.Truncated },
      { sec: 100, len: 80, caplen: 80, transport: TransportClass.Udp, src: '10.0.0.1', dst: '8.8.8.8' },
      { sec: 101, len: 98, caplen: 98, transport: TransportClass.Icmp, src: '10.0.0.1', dst: '8.8.8.8' },
      { sec: 101, len: 118, caplen: 118, transport: TransportClass.Icmpv6, src: 'fe80::1', dst: 'ff02::1' },
      { sec: 101, len: 42, caplen: 42, transport: TransportClass.Arp },
      { sec: 101, len: 50, caplen: 50, transport: TransportClass.Other, status: PacketStatus.Unsupported },
      { sec: 101, len: 34, caplen: 34, transport: TransportClass.Other, src: '10.0.0.9', dst: '10.0.0.1', status: PacketStatus.Malformed },
    ]);
    const s = agg.takeSnapshot(Q);
    expect(s.totals).toEqual({ packets: 8, bytes: 60 + 1514 + 80 + 98 + 118 + 42 + 50 + 34 });
    expect(s.capBytes).toBe(60 + 96 + 80 + 98 + 118 + 42 + 50 + 34);
    expect(s.classes).toEqual({
      tcp: { packets: 2, bytes: 1574 },
      udp: { packets: 1, bytes: 80 },
      icmp: { packets: 1, bytes: 98 },
      icmpv6: { packets: 1, bytes: 118 },
      arp: { packets: 1, bytes: 42 },
      other: { packets: 2, bytes: 84 },
    });
    expect([s.truncated, s.malformed, s.unsupported]).toEqual([1, 1, 1]);
    expect(s.firstTs).toBe(100);
    expect(s.lastTs).toBe(101);
    expect(agg.packetCount).toBe(8);
  });

  it('reports NaN timestamps and zero series when empty, and reset() forgets everything', () => {
    const agg = new Aggregator();
    let s = agg.takeSnapshot(Q);
    expect(s.totals).toEqual({ packets: 0, bytes: 0 });
    expect(Number.isNaN(s.firstTs) && Number.isNaN(s.lastTs)).toBe(true);
    expect(s.rates.pps).toHaveLength(120);
    expect(s.rates.peakPps).toBe(0);
    feed(agg, [{ sec: 5, len: 100, transport: TransportClass.Tcp, src: '1.1.1.1', dst: '2.2.2.2' }]);
    expect(agg.takeSnapshot(Q).talkerCount).toBe(2);
    agg.reset();
    s = agg.takeSnapshot(Q);
    expect(s.totals.packets).toBe(0);
    expect(s.classes.tcp).toEqual({ packets: 0, bytes: 0 });
    expect(s.talkers).toEqual([]);
    expect(s.talkerCount).toBe(0);
    expect(s.rates.pps.every((v) => v === 0)).toBe(true);
    expect(Number.isNaN(s.firstTs)).toBe(true);
    // Works again after reset.
    feed(agg, [{ sec: 7, len: 10, src: '1.1.1.1', dst: '1.1.1.1' }]);
    expect(agg.takeSnapshot(Q).talkers.map((t) => [t.addr, t.bytes])).toEqual([['1.1.1.1', 10]]);
  });
});

describe('Aggregator talkers (ORACLE.md top_hosts)', () => {
  it('credits src and dst, src == dst once, non-IP no one', () => {
    const agg = new Aggregator();
    feed(agg, [
      { sec: 1, len: 100, src: '10.0.0.1', dst: '10.0.0.2' },
      { sec: 1, len: 40, src: '10.0.0.2', dst: '10.0.0.1' },
      { sec: 1, len: 7, src: '127.0.0.1', dst: '127.0.0.1' },
      { sec: 1, len: 42, transport: TransportClass.Arp },
      { sec: 1, len: 60, transport: TransportClass.Other },
    ]);
    const s = agg.takeSnapshot(Q);
    expect(s.talkerCount).toBe(3);
    const byAddr = Object.fromEntries(s.talkers.map((t) => [t.addr, t]));
    expect(byAddr['10.0.0.1']).toMatchObject({ packets: 2, bytes: 140, packetsSent: 1, bytesSent: 100, packetsRecv: 1, bytesRecv: 40 });
    expect(byAddr['10.0.0.2']).toMatchObject({ packets: 2, bytes: 140, packetsSent: 1, bytesSent: 40, packetsRecv: 1, bytesRecv: 100 });
    expect(byAddr['127.0.0.1']).toMatchObject({ packets: 1, bytes: 7, packetsSent: 1, bytesSent: 7, packetsRecv: 1, bytesRecv: 7 });
    // share = talker bytes / IP bytes (147); ARP and non-IP excluded.
    expect(byAddr['10.0.0.1'].share).toBeCloseTo(140 / 147, 12);
    expect(byAddr['127.0.0.1'].share).toBeCloseTo(7 / 147, 12);
  });

  it('keys IPv6 talkers by their 16 bytes and prints RFC 5952 text', () => {
    const agg = new Aggregator();
    feed(agg, [
      { sec: 1, len: 100, src: '2001:db8::1', dst: '2001:db8::2' },
      { sec: 1, len: 50, src: '2001:db8::2', dst: '2001:db8::1' },
      { sec: 1, len: 30, src: '::1', dst: '::1' },
      { sec: 1, len: 20, src: '2001:db8:0:0:1:0:0:1', dst: '::ffff:a00:1' },
      // Same low 32 bits as an IPv4 talker: must stay distinct.
      { sec: 1, len: 5, src: '10.0.0.1', dst: '10.0.0.1' },
    ]);
    const s = agg.takeSnapshot(Q);
    expect(s.talkers.map((t) => [t.addr, t.packets, t.bytes])).toEqual([
      ['2001:db8::1', 2, 150],
      ['2001:db8::2', 2, 150],
      ['::1', 1, 30],
      ['2001:db8::1:0:0:1', 1, 20],
      ['::ffff:10.0.0.1', 1, 20],
      ['10.0.0.1', 1, 5],
    ]);
    expect(s.talkerCount).toBe(6);
  });

  it('skips an IPv6 address whose bytes lie beyond the captured end', () => {
    const agg = new Aggregator();
    const { frame, pkt } = mk({ sec: 1, len: 100, src: '2001:db8::1', dst: '2001:db8::2' });
    frame.caplen = 30; // dst at buf[27, 43) is not captured
    agg.ingest(frame, pkt);
    const s = agg.takeSnapshot(Q);
    expect(s.talkers.map((t) => t.addr)).toEqual(['2001:db8::1']);
  });

  it('sorts by key desc, then bytes desc, then addr asc as strings', () => {
    const agg = new Aggregator();
    feed(agg, [
      // Equal bytes: "10.0.0.10" < "10.0.0.9" as strings.
      { sec: 1, len: 100, src: '10.0.0.9', dst: '10.0.0.9' },
      { sec: 1, len: 100, src: '10.0.0.10', dst: '10.0.0.10' },
      // More packets, fewer bytes.
      { sec: 1, len: 10, src: '10.0.0.3', dst: '10.0.0.3' },
      { sec: 1, len: 10, src: '10.0.0.3', dst: '10.0.0.3' },
      { sec: 1, len: 10, src: '10.0.0.3', dst: '10.0.0.3' },
      // Same packets (1) as .9/.10, fewer bytes.
      { sec: 1, len: 50, src: '10.0.0.4', dst: '10.0.0.4' },
      { sec: 1, len: 300, src: '10.0.0.5', dst: '10.0.0.5' },
    ]);
    const addrs = (sort: 'bytes' | 'packets' | 'rate', limit = 10): string[] =>
      agg.takeSnapshot({ talkerSort: sort, talkerLimit: limit, nowSec: 2 }).talkers.map((t) => t.addr);
    expect(addrs('bytes')).toEqual(['10.0.0.5', '10.0.0.10', '10.0.0.9', '10.0.0.4', '10.0.0.3']);
    expect(addrs('packets')).toEqual(['10.0.0.3', '10.0.0.5', '10.0.0.10', '10.0.0.9', '10.0.0.4']);
    // Rate over second 1 is proportional to bytes here.
    expect(addrs('rate')).toEqual(['10.0.0.5', '10.0.0.10', '10.0.0.9', '10.0.0.4', '10.0.0.3']);
    expect(addrs('bytes', 2)).toEqual(['10.0.0.5', '10.0.0.10']);
    expect(addrs('bytes', 0)).toEqual([]);
  });

  it('selects the same top N as a full sort on a large table', () => {
    const agg = new Aggregator();
    // mulberry32: a small deterministic PRNG with usable low bits.
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    for (let i = 0; i < 20000; i++) {
      const a = `10.${rnd(4)}.${rnd(8)}.${rnd(50)}`;
      feed(agg, [{ sec: 1000 + rnd(3), len: 1 + rnd(5) * 100, src: a, dst: a }]);
    }
    const s = agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 100000 });
    const all = [...s.talkers].sort((x, y) => y.bytes - x.bytes || (x.addr < y.addr ? -1 : 1));
    expect(s.talkers).toEqual(all);
    for (const sort of ['bytes', 'packets', 'rate'] as const) {
      const full = agg.takeSnapshot({ talkerSort: sort, talkerLimit: 100000, nowSec: 1002 }).talkers;
      const top = agg.takeSnapshot({ talkerSort: sort, talkerLimit: 25, nowSec: 1002 }).talkers;
      expect(top).toEqual(full.slice(0, 25));
      const key = sort === 'bytes' ? 'bytes' : sort === 'packets' ? 'packets' : 'bitsPerSec';
      for (let i = 1; i < full.length; i++) {
        const p = full[i - 1];
        const c = full[i];
        const ok = p[key] > c[key] || (p[key] === c[key] && (p.bytes > c.bytes || (p.bytes === c.bytes && p.addr < c.addr)));
        expect(ok).toBe(true);
      }
    }
    expect(s.talkerCount).toBe(1600);
  });

  it('grows past its initial slots without losing counts', () => {
    const agg = new Aggregator();
    for (let i = 0; i < 5000; i++) {
      const a = `10.1.${i >> 8}.${i & 255}`;
      feed(agg, [{ sec: 1, len: i + 1, src: a, dst: a }]);
    }
    feed(agg, [{ sec: 1, len: 1, src: '10.1.0.7', dst: '10.1.0.7' }]);
    const s = agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 3 });
    expect(s.talkerCount).toBe(5000);
    expect(s.talkersEvicted).toBe(0);
    expect(s.talkers.map((t) => [t.addr, t.bytes])).toEqual([
      ['10.1.19.135', 5000],
      ['10.1.19.134', 4999],
      ['10.1.19.133', 4998],
    ]);
    const all = agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 10000 }).talkers;
    expect(all.find((t) => t.addr === '10.1.0.7')).toMatchObject({ bytes: 9, packets: 2 });
  });

  it('evicts the half with the fewest bytes when the table is full', () => {
    const agg = new Aggregator({ maxTalkers: 4 });
    feed(agg, [
      { sec: 1, len: 400, src: '10.0.0.4', dst: '10.0.0.4' },
      { sec: 1, len: 100, src: '10.0.0.1', dst: '10.0.0.1' },
      { sec: 1, len: 300, src: '10.0.0.3', dst: '10.0.0.3' },
      { sec: 1, len: 200, src: '10.0.0.2', dst: '10.0.0.2' },
    ]);
    expect(agg.takeSnapshot(Q).talkerCount).toBe(4);
    feed(agg, [{ sec: 2, len: 5, src: '10.0.0.5', dst: '10.0.0.5' }]);
    let s = agg.takeSnapshot(Q);
    expect(s.talkersEvicted).toBe(2);
    expect(s.talkerCount).toBe(3);
    expect(s.talkers.map((t) => [t.addr, t.bytes])).toEqual([
      ['10.0.0.4', 400],
      ['10.0.0.3', 300],
      ['10.0.0.5', 5],
    ]);
    // An evicted address that comes back starts from zero; totals keep everything.
    feed(agg, [{ sec: 2, len: 1, src: '10.0.0.1', dst: '10.0.0.1' }]);
    s = agg.takeSnapshot(Q);
    expect(s.talkers.find((t) => t.addr === '10.0.0.1')?.bytes).toBe(1);
    expect(s.totals.bytes).toBe(1006);
    expect(s.talkerCount).toBe(4);
    // Ties on bytes: the least recently active goes first.
    const b = new Aggregator({ maxTalkers: 2 });
    feed(b, [
      { sec: 10, len: 100, src: '10.0.0.1', dst: '10.0.0.1' },
      { sec: 9, len: 100, src: '10.0.0.2', dst: '10.0.0.2' },
      { sec: 11, len: 1, src: '10.0.0.3', dst: '10.0.0.3' },
    ]);
    expect(b.takeSnapshot(Q).talkers.map((t) => t.addr)).toEqual(['10.0.0.1', '10.0.0.3']);
  });

  it('stays within its cap under a flood of new addresses', () => {
    const agg = new Aggregator({ maxTalkers: 1000 });
    for (let i = 0; i < 10000; i++) {
      feed(agg, [{ sec: 1, len: 10, src: `10.2.${i >> 8}.${i & 255}`, dst: '192.168.0.1' }]);
    }
    const s = agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 1 });
    expect(s.talkerCount).toBeLessThanOrEqual(1000);
    expect(s.talkerCount + s.talkersEvicted).toBe(10001);
    // The heavy destination is never evicted.
    expect(s.talkers[0]).toMatchObject({ addr: '192.168.0.1', packets: 10000, bytes: 100000 });
  });
});

describe('Aggregator rates', () => {
  it('gives packets and bits per second ending at the last complete second', () => {
    const agg = new Aggregator();
    feed(agg, [
      { sec: 1000, len: 100 },
      { sec: 1000, len: 100 },
      { sec: 1001, len: 10 },
      { sec: 1001, len: 20 },
      { sec: 1001, len: 30 },
      { sec: 1003, len: 1000 },
    ]);
    // Default nowSec = newest packet second (1003): last complete second is 1002.
    let r = agg.takeSnapshot(Q).rates;
    expect(r.secs).toHaveLength(120);
    expect(r.secs[119]).toBe(1002);
    expect(r.secs[0]).toBe(1002 - 119);
    expect(r.pps.slice(-4)).toEqual([0, 2, 3, 0]);
    expect(r.bitsPerSec.slice(-4)).toEqual([0, 1600, 480, 0]);
    expect(r.currentPps).toBe(0);
    expect(r.currentBitsPerSec).toBe(0);
    expect(r.peakPps).toBe(3);
    expect(r.peakBitsPerSec).toBe(1600);
    // Wall clock one second later: 1003 is complete.
    r = agg.takeSnapshot({ ...Q, nowSec: 1004 }).rates;
    expect(r.currentPps).toBe(1);
    expect(r.currentBitsPerSec).toBe(8000);
    expect(r.peakBitsPerSec).toBe(8000);
    // Wall clock long after: the series moves on with zeros.
    r = agg.takeSnapshot({ ...Q, nowSec: 5000 }).rates;
    expect(r.secs[119]).toBe(4999);
    expect(r.peakPps).toBe(0);
  });

  it('counts out-of-order packets older than the window only in totals', () => {
    const agg = new Aggregator({ rateWindowSec: 300 });
    feed(agg, [
      { sec: 2000, len: 10, src: '10.0.0.1', dst: '10.0.0.2' },
      { sec: 1999, len: 20 }, // late but inside the window
      { sec: 1700, len: 40 }, // exactly 300 s older: outside
      { sec: 1000, len: 80 },
    ]);
    const s = agg.takeSnapshot({ ...Q, nowSec: 2001 });
    expect(s.totals).toEqual({ packets: 4, bytes: 150 });
    expect(s.rates.pps.slice(-2)).toEqual([1, 1]);
    expect(s.rates.pps.reduce((a, b) => a + b, 0)).toBe(2);
    // Series reaching back past the window shows no traffic for 1700 (slot not credited).
    const wide = new Aggregator({ rateWindowSec: 300, seriesSec: 300 });
    feed(wide, [
      { sec: 2000, len: 10 },
      { sec: 1701, len: 40 }, // inside: 2000 - 299
      { sec: 1700, len: 40 }, // outside
    ]);
    const r = wide.takeSnapshot({ ...Q, nowSec: 2001 }).rates;
    expect(r.secs[0]).toBe(1701);
    expect(r.pps[0]).toBe(1);
    expect(r.pps.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('clears seconds skipped by a jump forward (slot reuse)', () => {
    const agg = new Aggregator({ rateWindowSec: 300 });
    feed(agg, [
      { sec: 1000, len: 1 },
      { sec: 1000, len: 1 },
      { sec: 1000, len: 1 },
      { sec: 1299, len: 1 },
      { sec: 1300, len: 5 }, // same slot as 1000
    ]);
    const r = agg.takeSnapshot({ ...Q, nowSec: 1301 }).rates;
    expect(r.currentPps).toBe(1);
    expect(r.currentBitsPerSec).toBe(40);
    expect(r.pps.slice(-3)).toEqual([0, 1, 1]);
    expect(r.pps.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('handles negative (damaged) timestamps', () => {
    // libpcap reads a pcap record's 32-bit seconds as signed; the format (and tshark) read them
    // unsigned, so -5 counts as second 2^32 - 5. A negative fraction makes the time negative.
    const agg = new Aggregator();
    feed(agg, [
      { sec: -5, len: 10 },
      { sec: -4, len: 20 },
    ]);
    let r = agg.takeSnapshot({ ...Q, nowSec: 2 ** 32 - 3 }).rates;
    expect(r.secs.slice(-2)).toEqual([2 ** 32 - 5, 2 ** 32 - 4]);
    expect(r.pps.slice(-2)).toEqual([1, 1]);
    const neg = new Aggregator();
    feed(neg, [
      { sec: 100, nsec: 2 ** 32 - 1_000, len: 10 }, // int32 -1000 ns: tshark "-100.000001000"
      { sec: 100, nsec: 2 ** 32 - 2_000_000_000, len: 20 }, // -2 s: "-100.2000000000"
    ]);
    r = neg.takeSnapshot({ ...Q, nowSec: -100 }).rates;
    expect(r.secs.slice(-2)).toEqual([-102, -101]);
    expect(r.pps.slice(-2)).toEqual([1, 1]);
  });

  it('gives each talker the bits/s of the last complete second', () => {
    const agg = new Aggregator();
    feed(agg, [
      { sec: 10, len: 600, src: '10.0.0.1', dst: '10.0.0.2' },
      { sec: 10, len: 400, src: '10.0.0.2', dst: '10.0.0.1' },
      { sec: 11, len: 500, src: '10.0.0.1', dst: '10.0.0.3' },
      { sec: 10, len: 100, src: '10.0.0.1', dst: '10.0.0.1' }, // late packet for second 10
    ]);
    const rate = (nowSec?: number): Record<string, number> =>
      Object.fromEntries(agg.takeSnapshot({ talkerSort: 'rate', talkerLimit: 10, nowSec }).talkers.map((t) => [t.addr, t.bitsPerSec]));
    // Default: newest second 11 is incomplete, so second 10 is reported.
    expect(rate()).toEqual({ '10.0.0.1': 8 * 1100, '10.0.0.2': 8 * 1000, '10.0.0.3': 0 });
    expect(rate(12)).toEqual({ '10.0.0.1': 8 * 500, '10.0.0.3': 8 * 500, '10.0.0.2': 0 });
    expect(rate(13)).toEqual({ '10.0.0.1': 0, '10.0.0.2': 0, '10.0.0.3': 0 });
    // Sorted by rate at 12: ties (4000) by bytes desc.
    expect(agg.takeSnapshot({ talkerSort: 'rate', talkerLimit: 10, nowSec: 12 }).talkers.map((t) => t.addr)).toEqual([
      '10.0.0.1',
      '10.0.0.3',
      '10.0.0.2',
    ]);
    // A gap of more than one second forgets the previous second.
    feed(agg, [{ sec: 14, len: 1, src: '10.0.0.1', dst: '10.0.0.9' }]);
    expect(rate(14)['10.0.0.1']).toBe(0);
    expect(rate(15)['10.0.0.1']).toBe(8);
  });
});

describe('oracleView', () => {
  it('uses the oracle key names and top_hosts order', () => {
    const agg = new Aggregator();
    feed(agg, [
      { sec: 1, len: 100, transport: TransportClass.Udp, src: '10.0.0.2', dst: '10.0.0.1' },
      { sec: 1, len: 42, transport: TransportClass.Arp },
    ]);
    const v = oracleView(agg);
    expect(v.packets).toBe(2);
    expect(v.bytes).toBe(142);
    expect(v.transport_packets).toEqual({ tcp: 0, udp: 1, icmp: 0, icmpv6: 0, arp: 1, other: 0 });
    expect(v.transport_bytes).toEqual({ tcp: 0, udp: 100, icmp: 0, icmpv6: 0, arp: 42, other: 0 });
    expect(v.top_hosts).toEqual([
      { host: '10.0.0.1', bytes: 100, packets: 1 },
      { host: '10.0.0.2', bytes: 100, packets: 1 },
    ]);
    expect(v.distinct_hosts).toBe(2);
    expect(oracleView(agg.takeSnapshot({ talkerSort: 'packets', talkerLimit: 20 })).top_hosts).toEqual(v.top_hosts);
  });
});
