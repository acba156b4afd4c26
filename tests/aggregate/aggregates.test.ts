/**
 * Conversations, services, IP version counts, exact timestamps, whole-run per-second buckets,
 * DNS query names and learned names, and the caps of their tables (ORACLE.md definitions).
 */
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/aggregate/aggregator.js';
import type { AggregateQuery } from '../../src/aggregate/aggregator.js';
import { BUILTIN_SERVICES, loadServices, parseServices, serverPort } from '../../src/aggregate/services.js';
import { KeyedTable, selectTop } from '../../src/aggregate/table.js';
import { TransportClass } from '../../src/decode/packet.js';
import { mk } from './helpers.js';
import type { PktSpec } from './helpers.js';

function feed(agg: Aggregator, specs: PktSpec[]): void {
  for (const s of specs) {
    const { frame, pkt } = mk(s);
    agg.ingest(frame, pkt);
  }
}

const CONV: AggregateQuery = { talkerSort: 'bytes', talkerLimit: 100, table: 'conversations' };
const SVC: AggregateQuery = { talkerSort: 'bytes', talkerLimit: 100, table: 'services' };

/** Private members, for the cap tests that need inputs the decoder stand-ins cannot make. */
interface Internals {
  countDnsName(name: string): void;
  learnName(addr: string, name: string): void;
}
const internals = (a: Aggregator): Internals => a as unknown as Internals;

describe('conversations (ORACLE.md top_conversations)', () => {
  it('orients each pair by plain string order and splits the bytes by direction', () => {
    const agg = new Aggregator();
    feed(agg, [
      // Numerically 10.0.0.9 < 10.0.0.10, but as strings "10.0.0.10" < "10.0.0.9": a = 10.0.0.10.
      { sec: 1, len: 100, src: '10.0.0.9', dst: '10.0.0.10' },
      { sec: 1, len: 30, src: '10.0.0.10', dst: '10.0.0.9' },
      { sec: 1, len: 100, src: '10.0.0.9', dst: '10.0.0.10' },
      // IPv6: "2001:db8::10" < "2001:db8::9" as strings too.
      { sec: 1, len: 50, src: '2001:db8::9', dst: '2001:db8::10' },
      // To itself: one conversation (a, a), all bytes a→b (the source is a).
      { sec: 1, len: 7, src: '127.0.0.1', dst: '127.0.0.1' },
      // No IP: no conversation.
      { sec: 1, len: 42, transport: TransportClass.Arp },
    ]);
    const s = agg.takeSnapshot(CONV);
    expect(s.conversationCount).toBe(3);
    expect(s.conversations.map((c) => [c.a, c.b, c.packets, c.bytes, c.bytesAToB, c.bytesBToA])).toEqual([
      ['10.0.0.10', '10.0.0.9', 3, 230, 30, 200],
      ['2001:db8::10', '2001:db8::9', 1, 50, 0, 50],
      ['127.0.0.1', '127.0.0.1', 1, 7, 7, 0],
    ]);
    expect(s.conversations[0].share).toBeCloseTo(230 / 287, 12);
  });

  it('breaks ties by bytes, then a, then b (ascending strings), for every sort key', () => {
    const agg = new Aggregator();
    feed(agg, [
      { sec: 5, len: 100, src: '10.0.0.2', dst: '10.0.0.3' },
      { sec: 5, len: 100, src: '10.0.0.1', dst: '10.0.0.4' },
      { sec: 5, len: 100, src: '10.0.0.1', dst: '10.0.0.3' },
      { sec: 5, len: 60, src: '10.0.0.5', dst: '10.0.0.6' },
      { sec: 5, len: 60, src: '10.0.0.5', dst: '10.0.0.6' },
    ]);
    const order = (q: Partial<AggregateQuery>): string[] =>
      agg.takeSnapshot({ ...CONV, nowSec: 6, ...q }).conversations.map((c) => `${c.a}-${c.b}`);
    expect(order({ talkerSort: 'bytes' })).toEqual(['10.0.0.5-10.0.0.6', '10.0.0.1-10.0.0.3', '10.0.0.1-10.0.0.4', '10.0.0.2-10.0.0.3']);
    expect(order({ talkerSort: 'packets' })).toEqual(['10.0.0.5-10.0.0.6', '10.0.0.1-10.0.0.3', '10.0.0.1-10.0.0.4', '10.0.0.2-10.0.0.3']);
    expect(order({ talkerSort: 'rate' })).toEqual(order({ talkerSort: 'bytes' }));
    expect(order({ talkerSort: 'bytes', talkerLimit: 2 })).toEqual(['10.0.0.5-10.0.0.6', '10.0.0.1-10.0.0.3']);
    // Bits/s of the last complete second (5 at nowSec 6, nothing at 7).
    expect(agg.takeSnapshot({ ...CONV, nowSec: 6 }).conversations[0].bitsPerSec).toBe(960);
    expect(agg.takeSnapshot({ ...CONV, nowSec: 7 }).conversations[0].bitsPerSec).toBe(0);
    // Rows only when the query asks for the table; the count always.
    const hosts = agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 10 });
    expect(hosts.conversations).toEqual([]);
    expect(hosts.conversationCount).toBe(4);
  });

  it('needs both addresses: an IPv6 address cut off by the snaplen makes a host but no conversation', () => {
    const agg = new Aggregator();
    const { frame, pkt } = mk({ sec: 1, len: 100, src: '2001:db8::1', dst: '2001:db8::2' });
    frame.caplen = 30; // dst at buf[27, 43) is not captured
    agg.ingest(frame, pkt);
    const s = agg.takeSnapshot(CONV);
    expect(s.talkers.map((t) => t.addr)).toEqual(['2001:db8::1']);
    expect(s.conversationCount).toBe(0);
  });

  it('keeps IPv4 and IPv6 pairs apart and keeps counting through the same-pair shortcut', () => {
    const agg = new Aggregator();
    const specs: PktSpec[] = [];
    for (let i = 0; i < 50; i++) {
      specs.push({ sec: 1, len: 10, src: '10.0.0.1', dst: '10.0.0.2' });
      specs.push({ sec: 1, len: 20, src: '10.0.0.2', dst: '10.0.0.1' });
      specs.push({ sec: 1, len: 1, src: '::a00:1', dst: '::a00:2' }); // IPv4-compatible IPv6, same low bits
      specs.push({ sec: 1, len: 2, src: '::a00:2', dst: '::a00:1' });
    }
    feed(agg, specs);
    const s = agg.takeSnapshot(CONV);
    expect(s.conversations.map((c) => [c.a, c.b, c.packets, c.bytesAToB, c.bytesBToA])).toEqual([
      ['10.0.0.1', '10.0.0.2', 100, 500, 1000],
      ['::10.0.0.1', '::10.0.0.2', 100, 50, 100],
    ]);
    expect(s.talkers.map((t) => [t.addr, t.packets, t.bytesSent])).toEqual([
      ['10.0.0.1', 100, 500],
      ['10.0.0.2', 100, 1000],
      ['::10.0.0.1', 100, 50],
      ['::10.0.0.2', 100, 100],
    ]);
  });

  it('evicts the half with the fewest bytes when full, and the shortcut survives the renumbering', () => {
    const agg = new Aggregator({ maxConversations: 4, maxTalkers: 4 });
    feed(agg, [
      { sec: 1, len: 400, src: '10.0.0.1', dst: '10.0.1.1' },
      { sec: 1, len: 100, src: '10.0.0.2', dst: '10.0.1.2' },
      { sec: 1, len: 300, src: '10.0.0.3', dst: '10.0.1.3' },
      { sec: 1, len: 200, src: '10.0.0.4', dst: '10.0.1.4' },
      { sec: 2, len: 5, src: '10.0.0.5', dst: '10.0.1.5' },
      { sec: 2, len: 5, src: '10.0.1.5', dst: '10.0.0.5' },
    ]);
    const s = agg.takeSnapshot(CONV);
    expect(agg.conversationsEvicted).toBe(2);
    expect(s.conversations.map((c) => [c.a, c.bytes, c.bytesAToB, c.bytesBToA])).toEqual([
      ['10.0.0.1', 400, 400, 0],
      ['10.0.0.3', 300, 300, 0],
      ['10.0.0.5', 10, 5, 5],
    ]);
    expect(s.talkerCount).toBeLessThanOrEqual(4);
    expect(s.talkers.find((t) => t.addr === '10.0.0.5')).toMatchObject({ packets: 2, bytes: 10 });
    expect(s.totals.bytes).toBe(1010);
  });
});

describe('services', () => {
  const table = parseServices('http 80/tcp\ndomain 53/udp\ndomain 53/tcp\nmdns 5353/udp\nbogus 99999/tcp\nx 7/sctp\n');

  it('picks the listed port when only one is listed, else the lower port', () => {
    expect(serverPort(table.tcp, 51000, 80)).toBe(80);
    expect(serverPort(table.tcp, 80, 51000)).toBe(80);
    expect(serverPort(table.tcp, 51000, 52000)).toBe(51000); // neither
    expect(serverPort(table.tcp, 80, 53)).toBe(53); // both
    expect(serverPort(table.udp, 5353, 53)).toBe(53);
    expect(serverPort(table.udp, 5353, 60000)).toBe(5353);
    expect(serverPort(table.tcp, 5353, 60000)).toBe(5353); // 5353 is listed for udp only: lower
    expect(serverPort(table.udp, 80, 8080)).toBe(80);
    expect(serverPort(table.tcp, 443, 443)).toBe(443);
  });

  it('parses services(5) text: first name wins, other protocols and bad ports are skipped', () => {
    const t = parseServices('www 80/tcp http\nhttp 80/tcp\n# comment 81/tcp\nftp\t21/tcp\t# c\nsctp 9/sctp\nbig 70000/udp\n', 'x');
    expect(t.name('tcp', 80)).toBe('www');
    expect(t.name('tcp', 21)).toBe('ftp');
    expect(t.name('tcp', 81)).toBe('');
    expect(t.name('udp', 80)).toBe('');
    expect(t.tcp[9]).toBe(0);
    expect(t.udp.length).toBe(65536);
    expect(t.source).toBe('x');
  });

  it('falls back to the built-in table when the file cannot be read', () => {
    const t = loadServices('/nonexistent/services');
    expect(t.source).toBe('built-in');
    expect(t.name('tcp', 443)).toBe('https');
    expect(t.name('udp', 53)).toBe('domain');
    expect(t.udp[5353]).toBe(1);
    expect(BUILTIN_SERVICES.split('\n').filter((l) => l.trim()).length).toBeGreaterThan(50);
  });

  it('counts TCP/UDP packets with both ports by (transport, server port)', () => {
    const agg = new Aggregator({ services: table });
    const tcp = TransportClass.Tcp;
    const udp = TransportClass.Udp;
    feed(agg, [
      { sec: 1, len: 100, transport: tcp, src: '10.0.0.1', dst: '10.0.0.2', sport: 51000, dport: 80 },
      { sec: 1, len: 1500, transport: tcp, src: '10.0.0.2', dst: '10.0.0.1', sport: 80, dport: 51000 },
      { sec: 1, len: 80, transport: udp, src: '10.0.0.1', dst: '10.0.0.3', sport: 40000, dport: 53 },
      { sec: 1, len: 90, transport: tcp, src: '10.0.0.1', dst: '10.0.0.3', sport: 40000, dport: 53 },
      { sec: 1, len: 70, transport: udp, src: '10.0.0.1', dst: '10.0.0.3', sport: 40001, dport: 40002 },
      { sec: 1, len: 70, transport: udp, src: '10.0.0.1', dst: '10.0.0.3', sport: 40001, dport: 40001 },
      // Ports not read (non-first fragment): no service. Not TCP/UDP: no service.
      { sec: 1, len: 999, transport: udp, src: '10.0.0.1', dst: '10.0.0.3' },
      { sec: 1, len: 999, transport: TransportClass.Icmp, src: '10.0.0.1', dst: '10.0.0.3', sport: 1, dport: 2 },
    ]);
    const s = agg.takeSnapshot({ ...SVC, nowSec: 2 });
    expect(s.serviceCount).toBe(4);
    expect(s.services.map((r) => [r.transport, r.port, r.name, r.packets, r.bytes, r.bitsPerSec])).toEqual([
      ['tcp', 80, 'http', 2, 1600, 12800],
      ['udp', 40001, '', 2, 140, 1120],
      ['tcp', 53, 'domain', 1, 90, 720],
      ['udp', 53, 'domain', 1, 80, 640],
    ]);
    expect(s.services[0].share).toBeCloseTo(1600 / 1910, 12);
    // Ties on bytes: tcp before udp, then lower port first.
    const ties = new Aggregator({ services: table });
    feed(ties, [
      { sec: 1, len: 10, transport: udp, src: '1.1.1.1', dst: '2.2.2.2', sport: 9000, dport: 9000 },
      { sec: 1, len: 10, transport: tcp, src: '1.1.1.1', dst: '2.2.2.2', sport: 9001, dport: 9001 },
      { sec: 1, len: 10, transport: tcp, src: '1.1.1.1', dst: '2.2.2.2', sport: 9000, dport: 9000 },
    ]);
    expect(ties.takeSnapshot(SVC).services.map((r) => `${r.port}/${r.transport}`)).toEqual(['9000/tcp', '9001/tcp', '9000/udp']);
    expect(agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 5 }).services).toEqual([]);
    agg.reset();
    expect(agg.takeSnapshot(SVC)).toMatchObject({ services: [], serviceCount: 0 });
  });
});

describe('IP versions, timestamps and per-second buckets', () => {
  it('counts frames by outermost IP version', () => {
    const agg = new Aggregator();
    feed(agg, [
      { sec: 1, len: 1, src: '10.0.0.1', dst: '10.0.0.2' },
      { sec: 1, len: 1, src: '::1', dst: '::2' },
      { sec: 1, len: 1, src: '::1', dst: '::1' },
      { sec: 1, len: 1, transport: TransportClass.Arp },
    ]);
    expect(agg.ipPackets).toEqual({ ipv4: 1, ipv6: 2 });
  });

  it('keeps first/last in arrival order and min/max exactly, the earlier packet on ties', () => {
    const agg = new Aggregator();
    expect(agg.timeExtremes()).toBeNull();
    feed(agg, [
      { sec: 1_700_000_000, nsec: 999_999_999, len: 1 },
      { sec: 1_700_000_000, nsec: 5, len: 1 },
      { sec: 1_700_000_001, nsec: 0, len: 1 },
      { sec: 1_700_000_000, nsec: 5, len: 2 },
      { sec: 1_699_999_999, nsec: 999_999_999, len: 1 },
      { sec: 1_700_000_000, nsec: 1, len: 1 },
    ]);
    const t = agg.timeExtremes();
    expect(t?.first).toEqual({ rawSec: 1_700_000_000, rawNsec: 999_999_999, sec: 1_700_000_000, nsec: 999_999_999 });
    expect(t?.last).toMatchObject({ sec: 1_700_000_000, nsec: 1 });
    expect(t?.min).toMatchObject({ sec: 1_699_999_999, nsec: 999_999_999 });
    expect(t?.max).toMatchObject({ sec: 1_700_000_001, nsec: 0 });
    const snap = agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 0 });
    expect(snap.firstTs).toBeCloseTo(1_700_000_000.999_999_999, 6);
    expect(snap.lastTs).toBeCloseTo(1_700_000_000.000_000_001, 6);
  });

  it('normalises out-of-range fractions as tshark reads them (ORACLE.md quirk 5)', () => {
    const agg = new Aggregator();
    feed(agg, [
      { sec: 1418145370, nsec: 1_000_000_000, len: 76 }, // "1418145370.1000000000": carry
      { sec: 1418145370, nsec: 2147483648, len: 68 }, // int32 -2^31: "-1418145370.2147483648"
    ]);
    const t = agg.timeExtremes();
    expect(t?.max).toEqual({ rawSec: 1418145370, rawNsec: 1e9, sec: 1418145371, nsec: 0 });
    // -(1418145370 s + 2147483648 ns) = -1418145372.147483648 s = -1418145373 s + 852516352 ns.
    expect(t?.min).toEqual({ rawSec: 1418145370, rawNsec: 2147483648, sec: -1418145373, nsec: 852516352 });
    expect(agg.secondBuckets()).toEqual([
      [-1418145373, 1, 68],
      [1418145371, 1, 76],
    ]);
  });

  it('keeps every non-empty second, ascending, however far apart or out of order', () => {
    const agg = new Aggregator({ rateWindowSec: 10 });
    feed(agg, [
      { sec: 1_000_000_000, len: 10 },
      { sec: 1_000_000_000, len: 20 },
      { sec: 2_000_000_000, len: 1 }, // years later: far outside the rate window
      { sec: 5, len: 3 },
      { sec: 1_000_000_000, len: 30 },
      { sec: 2 ** 32 + 7, len: 4 }, // beyond 32 bits (pcapng)
    ]);
    expect(agg.secondBuckets()).toEqual([
      [5, 1, 3],
      [1_000_000_000, 3, 60],
      [2_000_000_000, 1, 1],
      [2 ** 32 + 7, 1, 4],
    ]);
    agg.reset();
    expect(agg.secondBuckets()).toEqual([]);
  });

  it('drops the oldest half of the seconds when full', () => {
    const agg = new Aggregator({ maxSeconds: 4 });
    feed(agg, [
      { sec: 13, len: 1 },
      { sec: 11, len: 1 },
      { sec: 14, len: 1 },
      { sec: 12, len: 1 },
      { sec: 15, len: 1 }, // full: 11 and 12 go
      { sec: 15, len: 1 },
      { sec: 11, len: 5 }, // comes back from zero
    ]);
    expect(agg.secondsEvicted).toBe(2);
    expect(agg.secondBuckets()).toEqual([
      [11, 1, 5],
      [13, 1, 1],
      [14, 1, 1],
      [15, 2, 2],
    ]);
    expect(agg.packetCount).toBe(7);
  });
});

describe('DNS query names and learned names', () => {
  it('sorts names by packets descending, ties by name ascending, and caps the table', () => {
    const agg = new Aggregator({ maxDnsNames: 4 });
    const i = internals(agg);
    for (const n of ['b.example', 'a.example', 'b.example', 'c.example', '<Root>', 'a.example']) i.countDnsName(n);
    expect(agg.topDnsQueryNames(10)).toEqual([
      { name: 'a.example', packets: 2 },
      { name: 'b.example', packets: 2 },
      { name: '<Root>', packets: 1 },
      { name: 'c.example', packets: 1 },
    ]);
    expect(agg.topDnsQueryNames(1)).toEqual([{ name: 'a.example', packets: 2 }]);
    // Full: a new name drops the 2 with the fewest packets (ties: the earliest seen: c, then <Root>).
    i.countDnsName('d.example');
    expect(agg.dnsQueryNamesEvicted).toBe(2);
    expect(agg.topDnsQueryNames(10).map((d) => d.name)).toEqual(['a.example', 'b.example', 'd.example']);
    expect(agg.dnsQueryNameCount).toBe(3);
  });

  it('learns addr → name, latest wins, least recently learned forgotten first', () => {
    const agg = new Aggregator({ maxNames: 2 });
    const i = internals(agg);
    i.learnName('10.0.0.1', 'one.example');
    i.learnName('10.0.0.2', 'two.example');
    i.learnName('10.0.0.1', 'uno.example'); // re-learned: now the newest
    i.learnName('10.0.0.3', 'three.example'); // full: 10.0.0.2 goes
    expect(agg.learnedNames()).toEqual({ '10.0.0.1': 'uno.example', '10.0.0.3': 'three.example' });
    agg.reset();
    expect(agg.learnedNames()).toEqual({});
  });
});

describe('KeyedTable and selectTop', () => {
  it('finds, inserts with initial values, grows and evicts by (column, tie column, age)', () => {
    const t = new KeyedTable<string>({ keyWords: 2, columns: 2, maxEntries: 4, initialEntries: 2, evictColumn: 0, evictTieColumn: 1, columnInit: [0, -1] });
    const put = (a: number, b: number, v: number, tie: number): number => {
      t.lk[0] = a;
      t.lk[1] = b;
      const e = t.findOrInsert();
      t.data[e * 2] += v;
      t.data[e * 2 + 1] = tie;
      return e;
    };
    expect(put(1, 2, 10, 0)).toBe(0);
    expect(put(2, 1, 5, 0)).toBe(1);
    expect(put(1, 2, 1, 0)).toBe(0); // found again
    expect(t.data[0]).toBe(11);
    put(3, 0, 5, 7); // grows to 4
    put(4, 0, 20, 0);
    expect(t.size).toBe(4);
    const gen = t.generation;
    put(5, 0, 1, 0); // full: drops (2,1) [5, tie 0] and (3,0) [5, tie 7]
    expect(t.generation).toBe(gen + 1);
    expect(t.evicted).toBe(2);
    t.lk[0] = 2;
    t.lk[1] = 1;
    expect(t.find()).toBe(-1);
    t.lk[0] = 1;
    t.lk[1] = 2;
    expect(t.data[t.find() * 2]).toBe(11);
    t.lk[0] = 5;
    t.lk[1] = 0;
    expect(t.data[t.find() * 2 + 1]).toBe(0);
    t.clear();
    expect(t.size).toBe(0);
    expect(t.find()).toBe(-1);
  });

  it('selects the same top N as a full sort', () => {
    const vals = Array.from({ length: 500 }, (_, i) => (i * 7919) % 101);
    const cmp = (a: number, b: number): number => vals[a] - vals[b] || b - a;
    const full = vals.map((_, i) => i).sort((a, b) => cmp(b, a));
    expect(selectTop(vals.length, 17, cmp)).toEqual(full.slice(0, 17));
    expect(selectTop(vals.length, 1000, cmp)).toEqual(full);
    expect(selectTop(vals.length, 0, cmp)).toEqual([]);
  });
});
