/**
 * Top-N rows with many ties (address order without address texts), the label cache's bound, and
 * eviction through the scratch array shared by every KeyedTable.
 */
import { describe, expect, it } from 'vitest';
import { Aggregator, ipv4TextOrder } from '../../src/aggregate/aggregator.js';
import type { AggregateQuery } from '../../src/aggregate/aggregator.js';
import type { TalkerSortKey } from '../../src/aggregate/snapshot.js';
import { KeyedTable } from '../../src/aggregate/table.js';
import { formatIpv4 } from '../../src/decode/format.js';
import { mk } from './helpers.js';

/** Deterministic integers in [0, n) (xorshift32). */
function rng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

const str = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Octets whose texts are prefixes of one another ("2" < "20" < "200" < "25" < "255" < "3"). */
const EDGE_OCTETS = [0, 1, 2, 3, 9, 10, 19, 20, 25, 29, 99, 100, 199, 200, 201, 250, 255];

describe('ipv4TextOrder', () => {
  it('orders addresses exactly as their dotted-decimal texts compare', () => {
    const addrs: number[] = [];
    for (const a of EDGE_OCTETS.slice(0, 9)) {
      for (const b of EDGE_OCTETS) for (const c of [0, 5, 50, 255]) for (const d of EDGE_OCTETS) addrs.push(((a << 24) | (b << 16) | (c << 8) | d) >>> 0);
    }
    const rnd = rng(11);
    for (let i = 0; i < 20000; i++) addrs.push((rnd(0x10000) * 0x10000 + rnd(0x10000)) >>> 0);
    const byText = [...addrs].sort((x, y) => str(formatIpv4(x), formatIpv4(y)) || x - y);
    const byOrder = [...addrs].sort((x, y) => ipv4TextOrder(x) - ipv4TextOrder(y) || x - y);
    expect(byOrder.map(formatIpv4)).toEqual(byText.map(formatIpv4));
    // Equal only for equal addresses; signed int32 keys (as tables store them) give the same value.
    expect(new Set(addrs.map(ipv4TextOrder)).size).toBe(new Set(addrs).size);
    for (const x of addrs.slice(0, 500)) expect(ipv4TextOrder(x | 0)).toBe(ipv4TextOrder(x));
  });
});

describe('top talkers and conversations with many ties', () => {
  // Few distinct lengths, addresses from prefix-heavy octets and a few IPv6 ones: most rows tie on
  // the sort key and on bytes, so the address order decides (IPv4 vs IPv4 without texts, texts when
  // an IPv6 address is involved).
  const rnd = rng(5);
  const v4 = Array.from({ length: 160 }, () => `${[1, 10, 100][rnd(3)]}.${EDGE_OCTETS[rnd(EDGE_OCTETS.length)]}.0.${EDGE_OCTETS[rnd(EDGE_OCTETS.length)]}`);
  const v6 = Array.from({ length: 40 }, () => `2001:db8::${(rnd(4096) + 1).toString(16)}`);
  const packets: { src: string; dst: string; len: number }[] = [];
  for (let i = 0; i < 3000; i++) {
    const pool = rnd(5) === 0 ? v6 : v4;
    packets.push({ src: pool[rnd(pool.length)], dst: pool[rnd(pool.length)], len: [10, 20][rnd(2)] });
  }
  const agg = new Aggregator();
  for (const p of packets) {
    const { frame, pkt } = mk({ sec: 7, ...p });
    agg.ingest(frame, pkt);
  }

  /** Expected rows of a full sort: key desc, bytes desc, then the address texts ascending. */
  function expected(sort: TalkerSortKey, table: 'hosts' | 'conversations'): string[] {
    const rows = new Map<string, { packets: number; bytes: number }>();
    const add = (k: string, len: number): void => {
      const r = rows.get(k) ?? { packets: 0, bytes: 0 };
      r.packets++;
      r.bytes += len;
      rows.set(k, r);
    };
    for (const p of packets) {
      if (table === 'hosts') {
        add(p.src, p.len);
        if (p.dst !== p.src) add(p.dst, p.len);
      } else add(str(p.src, p.dst) <= 0 ? `${p.src} ${p.dst}` : `${p.dst} ${p.src}`, p.len);
    }
    const key = (r: { packets: number; bytes: number }): number => (sort === 'packets' ? r.packets : r.bytes);
    return [...rows]
      .sort(([ka, a], [kb, b]) => key(b) - key(a) || b.bytes - a.bytes || str(ka, kb))
      .map(([k, r]) => `${k} ${r.packets} ${r.bytes}`);
  }

  for (const sort of ['bytes', 'packets', 'rate'] as const) {
    it(`equal a full sort (${sort})`, () => {
      const q: AggregateQuery = { talkerSort: sort, talkerLimit: 40, nowSec: 8 };
      const hosts = agg.takeSnapshot({ ...q, table: 'hosts' });
      expect(hosts.talkers.map((t) => `${t.addr} ${t.packets} ${t.bytes}`)).toEqual(expected(sort, 'hosts').slice(0, 40));
      const convs = agg.takeSnapshot({ ...q, table: 'conversations' });
      expect(convs.conversations.map((c) => `${c.a} ${c.b} ${c.packets} ${c.bytes}`)).toEqual(expected(sort, 'conversations').slice(0, 40));
      // All rows: the same order through the whole table.
      const all = agg.takeSnapshot({ ...q, talkerLimit: 1e6, table: 'conversations' });
      expect(all.talkers.map((t) => `${t.addr} ${t.packets} ${t.bytes}`)).toEqual(expected(sort, 'hosts'));
      expect(all.conversations.map((c) => `${c.a} ${c.b} ${c.packets} ${c.bytes}`)).toEqual(expected(sort, 'conversations'));
    });
  }

  it('make address texts for the rows returned only (IPv4)', () => {
    const a = new Aggregator();
    for (let i = 0; i < 2000; i++) {
      const { frame, pkt } = mk({ sec: 1, len: 60, src: `10.0.${i >> 8}.${i & 255}`, dst: `10.0.${i >> 8}.${i & 255}` });
      a.ingest(frame, pkt);
    }
    const top = a.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 5 }).talkers.map((t) => t.addr);
    expect(top).toEqual(['10.0.0.0', '10.0.0.1', '10.0.0.10', '10.0.0.100', '10.0.0.101']);
    const t4 = (a as unknown as { talkers4: { label(t: number): string | undefined; size: number } }).talkers4;
    let labelled = 0;
    for (let t = 0; t < t4.size; t++) if (t4.label(t) !== undefined) labelled++;
    expect(labelled).toBe(5);
  });
});

describe('KeyedTable labels', () => {
  it('keeps a label while it is used, drops it after two rounds unused and on eviction', () => {
    const t = new KeyedTable<string>({ keyWords: 1, columns: 1, maxEntries: 4, initialEntries: 2, evictColumn: 0, evictTieColumn: 0 });
    const e = t.findOrInsert1(7);
    t.setLabel(e, 'seven');
    t.retainLabels();
    expect(t.label(e)).toBe('seven'); // used in this round: kept for the next
    t.retainLabels();
    t.findOrInsert1(8); // growth keeps entry numbers and labels
    t.findOrInsert1(9);
    expect(t.label(e)).toBe('seven');
    t.retainLabels();
    t.retainLabels();
    expect(t.label(e)).toBeUndefined();
    t.setLabel(e, 'seven');
    t.findOrInsert1(10);
    t.findOrInsert1(11); // full: evicts and renumbers
    expect(t.evicted).toBe(2);
    for (let i = 0; i < t.size; i++) expect(t.label(i)).toBeUndefined();
  });
});

describe('KeyedTable eviction through the shared scratch', () => {
  /** Keys a table of `cap` drops when full (reference: full sort by (column, tie column, age)). */
  function check(cap: number, seed: number, spread: number): void {
    const rnd = rng(seed);
    const t = new KeyedTable<string>({ keyWords: 1, columns: 2, maxEntries: cap, initialEntries: 2, evictColumn: 1, evictTieColumn: 0 });
    const rows: { key: number; a: number; b: number }[] = [];
    for (let k = 0; k < cap; k++) {
      const e = t.findOrInsert1(k * 3 + 1);
      const a = rnd(3) === 0 ? -Infinity : rnd(spread);
      const b = rnd(spread);
      t.data[e * 2] = a;
      t.data[e * 2 + 1] = b;
      rows.push({ key: k * 3 + 1, a, b });
    }
    const order = rows.map((_, i) => i).sort((x, y) => rows[x].b - rows[y].b || (rows[x].a === rows[y].a ? 0 : rows[x].a - rows[y].a) || x - y);
    const dead = new Set(order.slice(0, cap >> 1).map((i) => rows[i].key));
    t.findOrInsert1(2); // full: evicts
    const kept = rows.filter((r) => !dead.has(r.key));
    expect(t.size).toBe(kept.length + 1);
    for (let e = 0; e < kept.length; e++) expect([t.keys[e], t.data[e * 2], t.data[e * 2 + 1]]).toEqual([kept[e].key, kept[e].a, kept[e].b]);
    expect(t.keys[kept.length]).toBe(2);
  }

  it('drops the same entries whatever table evicted before (larger or smaller)', () => {
    check(3000, 1, 4); // grows the scratch
    check(9, 2, 2); // a smaller table: the scratch is longer than its entries
    check(1000, 3, 1); // one value: age decides
    check(2000, 4, 100000);
    check(3001, 5, 3);
  });
});
