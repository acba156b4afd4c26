/**
 * The aggregator sums packets in pending counters (recent address pairs, the current service and
 * second) and adds them to their rows later. takeSnapshot() adds everything pending first, so an
 * aggregator that takes a snapshot after every packet credits each packet on its own: the two must
 * agree on every output, table caps and evictions included. Also: DNS query names through the
 * decoder's name-text cache (more distinct names than its slots), and KeyedTable's selection of
 * the entries to evict against a full sort.
 */
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/aggregate/aggregator.js';
import type { AggregatorOptions } from '../../src/aggregate/aggregator.js';
import { defaultServices, serverPort } from '../../src/aggregate/services.js';
import { KeyedTable } from '../../src/aggregate/table.js';
import { decodePacket, formatIpv4, formatIpv6, formatTextTshark, newDecodedPacket } from '../../src/decode/index.js';
import type { Frame } from '../../src/capture/frame.js';
import type { DecodedPacket } from '../../src/decode/packet.js';
import { PacketStatus, TransportClass } from '../../src/decode/packet.js';

/** Seeded LCG: the same stream every run. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

interface Stream {
  frames: Frame[];
  pkts: DecodedPacket[];
}

/**
 * `count` packets among `hosts` IPv4 and IPv6 hosts talking to a few servers: runs of one pair,
 * interleaved flows, more pairs than the pair cache has slots, hosts talking to themselves, IPv6
 * packets with one address cut off, seconds that jump forward and back.
 */
function stream(seed: number, hosts: number, count: number): Stream {
  const rnd = rng(seed);
  const frames: Frame[] = [];
  const pkts: DecodedPacket[] = [];
  let sec = 1_700_000_000;
  let a = 0;
  let b = 0;
  for (let i = 0; i < count; i++) {
    if (rnd(200) === 0) sec += rnd(4) === 0 ? -rnd(30) : 1 + rnd(2);
    // Keep the pair for a while, sometimes: runs of one pair between others.
    if (rnd(3) !== 0) {
      a = rnd(hosts);
      b = rnd(5) === 0 ? a : hosts + rnd(8);
    }
    const fwd = rnd(2) === 0;
    const v6 = a % 4 === 3;
    const buf = new Uint8Array(48);
    const pkt = newDecodedPacket();
    pkt.transport = rnd(10) < 7 ? TransportClass.Tcp : rnd(2) === 0 ? TransportClass.Udp : TransportClass.Icmp;
    pkt.status = rnd(40) === 0 ? PacketStatus.Truncated : PacketStatus.Ok;
    if (pkt.transport !== TransportClass.Icmp) {
      const server = [80, 443, 53, 8080, 40002][b % 5];
      const client = 1024 + rnd(4000);
      pkt.srcPort = fwd ? client : server;
      pkt.dstPort = fwd ? server : client;
      if (pkt.transport === TransportClass.Tcp) pkt.tcpFlags = rnd(6) === 0 ? 0x02 : 0x10;
    }
    if (v6) {
      pkt.ipVersion = 6;
      const put = (at: number, host: number): void => {
        buf.set([0x20, 0x01, 0x0d, 0xb8], at);
        buf.set([(host >>> 24) & 0xff, (host >>> 16) & 0xff, (host >>> 8) & 0xff, host & 0xff], at + 12);
      };
      put(fwd ? 8 : 24, a);
      put(fwd ? 24 : 8, b);
      pkt.src6Off = 8;
      pkt.dst6Off = rnd(50) === 0 ? 40 : 24; // sometimes cut off: beyond caplen
    } else if (rnd(60) !== 0) {
      pkt.ipVersion = 4;
      pkt.src4 = (0x0a000000 + (fwd ? a : b)) >>> 0;
      pkt.dst4 = (0x0a000000 + (fwd ? b : a)) >>> 0;
    }
    frames.push({ buf, off: 0, caplen: 40, origLen: 40 + rnd(1500), tsSec: sec, tsNsec: rnd(1e9), linktype: 101 });
    pkts.push(pkt);
  }
  return { frames, pkts };
}

/** Every output of the aggregator, as one JSON text. */
function dump(agg: Aggregator, nowSec: number): string {
  const out: unknown[] = [];
  for (const table of ['hosts', 'conversations', 'services'] as const) {
    for (const talkerSort of ['bytes', 'packets', 'rate'] as const) {
      out.push(agg.takeSnapshot({ talkerSort, talkerLimit: 1e6, table }));
      out.push(agg.takeSnapshot({ talkerSort, talkerLimit: 1e6, table, nowSec }));
    }
  }
  out.push(agg.secondBuckets(), agg.timeExtremes(), agg.packetCount, agg.ipPackets, agg.secondsEvicted, agg.conversationsEvicted);
  return JSON.stringify(out, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

function compare(opts: AggregatorOptions, s: Stream, checkEvery: number): void {
  const batched = new Aggregator({ ...opts, names: false });
  const single = new Aggregator({ ...opts, names: false });
  for (let i = 0; i < s.frames.length; i++) {
    batched.ingest(s.frames[i], s.pkts[i]);
    single.ingest(s.frames[i], s.pkts[i]);
    single.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 0 });
    if ((i + 1) % checkEvery === 0) {
      const now = s.frames[i].tsSec + 1;
      expect(dump(batched, now)).toBe(dump(single, now));
    }
  }
  expect(dump(batched, 0)).toBe(dump(single, 0));
}

/** Per-key counters of the reference model; rate state as the aggregator documents it. */
interface Counts {
  packets: number;
  bytes: number;
  ps: number;
  bs: number;
  pr: number;
  br: number;
  /** Latest active second, its bytes, bytes of the second before. */
  rs: number;
  rc: number;
  rp: number;
}

function counts(): Counts {
  return { packets: 0, bytes: 0, ps: 0, bs: 0, pr: 0, br: 0, rs: -Infinity, rc: 0, rp: 0 };
}

function addRate(c: Counts, sec: number, len: number): void {
  if (sec === c.rs) c.rc += len;
  else if (sec > c.rs) {
    c.rp = sec === c.rs + 1 ? c.rc : 0;
    c.rc = len;
    c.rs = sec;
  } else if (sec === c.rs - 1) c.rp += len;
}

function rateAt(c: Counts, lastSec: number): number {
  return c.rs === lastSec ? c.rc : c.rs === lastSec + 1 ? c.rp : 0;
}

/**
 * A plain reference: every packet credited on its own to Maps keyed by address text (no caps), the
 * counting rules of the Aggregator class doc.
 */
function model(s: Stream): { talkers: Map<string, Counts>; convs: Map<string, Counts>; services: Map<string, Counts> } {
  const talkers = new Map<string, Counts>();
  const convs = new Map<string, Counts>();
  const services = new Map<string, Counts>();
  const tcpServers = defaultServices().tcp.slice();
  const get = (m: Map<string, Counts>, k: string): Counts => {
    let c = m.get(k);
    if (c === undefined) {
      c = counts();
      m.set(k, c);
    }
    return c;
  };
  for (let i = 0; i < s.frames.length; i++) {
    const f = s.frames[i];
    const p = s.pkts[i];
    const len = f.origLen;
    const sec = f.tsSec;
    let src: string | null = null;
    let dst: string | null = null;
    if (p.ipVersion === 4) {
      src = formatIpv4(p.src4);
      dst = formatIpv4(p.dst4);
    } else if (p.ipVersion === 6) {
      if (p.src6Off + 16 <= f.caplen) src = formatIpv6(f.buf, p.src6Off);
      if (p.dst6Off + 16 <= f.caplen) dst = formatIpv6(f.buf, p.dst6Off);
    }
    if (src !== null) {
      const c = get(talkers, src);
      c.packets++;
      c.bytes += len;
      c.ps++;
      c.bs += len;
      addRate(c, sec, len);
    }
    if (dst !== null) {
      const c = get(talkers, dst);
      if (dst !== src) {
        c.packets++;
        c.bytes += len;
        addRate(c, sec, len);
      }
      c.pr++;
      c.br += len;
    }
    if (src !== null && dst !== null) {
      const [a, b] = src <= dst ? [src, dst] : [dst, src];
      const c = get(convs, `${a} ${b}`);
      c.packets++;
      c.bytes += len;
      if (src === a) c.bs += len;
      else c.br += len;
      addRate(c, sec, len);
    }
    if ((p.transport === TransportClass.Tcp || p.transport === TransportClass.Udp) && p.srcPort >= 0 && p.dstPort >= 0) {
      const tcp = p.transport === TransportClass.Tcp;
      if (tcp && (p.tcpFlags & 0x12) === 0x02) tcpServers[p.dstPort] = 1;
      const port = serverPort(tcp ? tcpServers : defaultServices().udp, p.srcPort, p.dstPort);
      const c = get(services, `${tcp ? 'tcp' : 'udp'}/${port}`);
      c.packets++;
      c.bytes += len;
      addRate(c, sec, len);
    }
  }
  return { talkers, convs, services };
}

describe('pending counters', () => {
  it('give the same results as crediting every packet at once (no table full)', () => {
    compare({}, stream(1, 600, 6000), 997);
  });

  it('add up to the plain per-packet reference', () => {
    const s = stream(5, 600, 6000);
    const agg = new Aggregator({ names: false });
    for (let i = 0; i < s.frames.length; i++) agg.ingest(s.frames[i], s.pkts[i]);
    const ref = model(s);
    const nowSec = s.frames[s.frames.length - 1].tsSec;
    const lastSec = nowSec - 1;
    const snap = agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 1e6, nowSec });
    expect(snap.talkers.length).toBe(ref.talkers.size);
    for (const t of snap.talkers) {
      const c = ref.talkers.get(t.addr)!;
      expect([t.packets, t.bytes, t.packetsSent, t.bytesSent, t.packetsRecv, t.bytesRecv, t.bitsPerSec]).toEqual([c.packets, c.bytes, c.ps, c.bs, c.pr, c.br, 8 * rateAt(c, lastSec)]);
    }
    const convs = agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 1e6, table: 'conversations', nowSec }).conversations;
    expect(convs.length).toBe(ref.convs.size);
    for (const v of convs) {
      const c = ref.convs.get(`${v.a} ${v.b}`)!;
      expect([v.packets, v.bytes, v.bytesAToB, v.bytesBToA, v.bitsPerSec]).toEqual([c.packets, c.bytes, c.bs, c.br, 8 * rateAt(c, lastSec)]);
    }
    const services = agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 1e6, table: 'services', nowSec }).services;
    expect(services.length).toBe(ref.services.size);
    for (const v of services) {
      const c = ref.services.get(`${v.transport}/${v.port}`)!;
      expect([v.packets, v.bytes, v.bitsPerSec]).toEqual([c.packets, c.bytes, 8 * rateAt(c, lastSec)]);
    }
  });

  it('give the same results when tables are full and evict, with a short rate window', () => {
    compare({ maxTalkers: 40, maxConversations: 60, maxSeconds: 5, rateWindowSec: 4, seriesSec: 3 }, stream(2, 300, 8000), 499);
  });

  it('survive reset() with runs pending', () => {
    const s = stream(3, 100, 3000);
    const agg = new Aggregator({ names: false });
    const fresh = new Aggregator({ names: false });
    for (let i = 0; i < 1500; i++) agg.ingest(s.frames[i], s.pkts[i]);
    agg.reset();
    for (let i = 1500; i < 3000; i++) {
      agg.ingest(s.frames[i], s.pkts[i]);
      fresh.ingest(s.frames[i], s.pkts[i]);
    }
    expect(dump(agg, 0)).toBe(dump(fresh, 0));
  });
});

/** Ethernet / IPv4 / UDP / DNS query for `name` from 10.0.0.1:5000 to 10.0.0.2:53. */
function dnsQuery(name: string): Frame {
  const labels: number[] = [];
  for (const label of name.split('.')) labels.push(label.length, ...Buffer.from(label, 'latin1'));
  const dns = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 1, 0, 1];
  const udp = [0x13, 0x88, 0, 53, (8 + dns.length) >> 8, (8 + dns.length) & 0xff, 0, 0, ...dns];
  const total = 20 + udp.length;
  const ip = [0x45, 0, total >> 8, total & 0xff, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
  const bytes = [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00, ...ip, ...udp];
  return { buf: Uint8Array.from(bytes), off: 0, caplen: bytes.length, origLen: bytes.length, tsSec: 1, tsNsec: 0, linktype: 1 };
}

describe('DNS query names through the name-text cache', () => {
  it('counts every name exactly, with more distinct names than cache slots', () => {
    const rnd = rng(4);
    const agg = new Aggregator({ maxDnsNames: 100_000 });
    const expected = new Map<string, number>();
    const pkt = newDecodedPacket();
    for (let i = 0; i < 12_000; i++) {
      // 3,000 names: same lengths and suffixes, upper-case and escaped (non-ASCII) bytes among them.
      const k = rnd(3000);
      const name = `host-${String(k).padStart(4, '0')}.${k % 7 === 0 ? 'Example' : 'example'}.${k % 11 === 0 ? 'c\u00f6m' : 'com'}`;
      const f = dnsQuery(name);
      decodePacket(f, pkt);
      agg.ingest(f, pkt);
      const raw = Buffer.from(name, 'latin1');
      const text = formatTextTshark(raw, 0, raw.length);
      expected.set(text, (expected.get(text) ?? 0) + 1);
    }
    const top = agg.topDnsQueryNames(1e6);
    expect(top.length).toBe(expected.size);
    for (const { name, packets } of top) expect(packets).toBe(expected.get(name));
  });
});

describe('KeyedTable eviction', () => {
  it('drops the same entries as a full sort by (column, tie column, age), ties and -Infinity included', () => {
    for (const [seed, cap, spread] of [
      [6, 1000, 3],
      [7, 1001, 50],
      [8, 4096, 100000],
      [9, 2, 1],
    ] as const) {
      const rnd = rng(seed);
      const t = new KeyedTable<string>({ keyWords: 1, columns: 2, maxEntries: cap, initialEntries: 2, evictColumn: 0, evictTieColumn: 1 });
      const rows: { key: number; a: number; b: number }[] = [];
      for (let k = 0; k < cap; k++) {
        const e = t.findOrInsert1(k + 1);
        const a = rnd(spread);
        const b = rnd(4) === 0 ? -Infinity : rnd(spread);
        t.data[e * 2] = a;
        t.data[e * 2 + 1] = b;
        rows.push({ key: k + 1, a, b });
      }
      const order = rows.map((_, i) => i).sort((x, y) => rows[x].a - rows[y].a || (rows[x].b === rows[y].b ? 0 : rows[x].b - rows[y].b) || x - y);
      const dead = new Set(order.slice(0, cap >> 1).map((i) => rows[i].key));
      t.findOrInsert1(cap + 1); // full: evicts
      expect(t.evicted).toBe(cap >> 1);
      const kept = rows.filter((r) => !dead.has(r.key));
      expect(t.size).toBe(kept.length + 1);
      // Survivors keep their order and counters; the new key comes last.
      for (let e = 0; e < kept.length; e++) {
        expect([t.keys[e], t.data[e * 2], t.data[e * 2 + 1]]).toEqual([kept[e].key, kept[e].a, kept[e].b]);
      }
      for (const key of dead) {
        t.lk[0] = key;
        expect(t.find()).toBe(-1);
      }
    }
  });
});
