import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState } from '../../src/ui/state.js';
import { fitItems, renderHeader } from '../../src/views/header.js';
import { renderHint } from '../../src/views/hint.js';
import { computeLayout } from '../../src/views/layout.js';
import { fitLine, lineText, lineToTags } from '../../src/views/line.js';
import { AddrWidths, addrWidth, listWindow, packetsTitle, renderPackets } from '../../src/views/packets.js';
import { protocolShares, renderDonut, renderProtocols } from '../../src/views/protocols.js';
import { renderRates, sparkline } from '../../src/views/rates.js';
import { renderTalkers, talkerColumns, talkersTitle } from '../../src/views/talkers.js';
import { makeSnapshot, makeView, packet, talker } from '../ui/fixtures.js';

const text = (lines: ReturnType<typeof renderTalkers>): string[] => lines.map(lineText);
const isAscii = (s: string): boolean => /^[\x20-\x7e]*$/.test(s);

const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'UTC';
});
afterAll(() => {
  process.env.TZ = savedTz;
});

describe('lines', () => {
  it('fits a styled line to an exact width and escapes tag braces', () => {
    const l = fitLine([{ text: 'abc', style: 'bold' }, { text: 'def{x}' }], 5, true);
    expect(lineText(l)).toBe('abcd~');
    expect(lineText(fitLine([{ text: 'ab' }], 4, true))).toBe('ab  ');
    expect(lineToTags([{ text: 'a{b}', style: 'error' }], 'color')).toBe('{bold}{red-fg}a{open}b{close}{/red-fg}{/bold}');
    expect(lineToTags([{ text: 'x', style: 'tcp' }], 'mono')).toBe('x');
    expect(lineToTags([{ text: 'x', style: 'dim' }], 'color')).toBe('{gray-fg}x{/gray-fg}');
    expect(lineToTags([{ text: 'x', style: 'dim' }], 'color8')).toBe('x'); // gray would be black
  });
});

describe('header', () => {
  it('shows source, linktype, BPF, elapsed, totals, rates, drops and ring', () => {
    const [l1, l2] = renderHeader(makeSnapshot(), { paused: false }, 120, false).map(lineText);
    expect(l1).toContain('eth0');
    expect(l1).toContain('EN10MB');
    expect(l1).toContain('"not port 22"');
    expect(l1).toContain('up 1:02:03');
    expect(l2).toContain('1500 pkts 977 KiB');
    expect(l2).toContain('1.2 kpps 3.4 Mbit/s');
    expect(l2).toContain('drops 3  cpu 1.3%');
    expect(l2).toContain('ring 1500/100k 1.0/64.0 MiB');
    expect(l1.length).toBe(120);
  });
  it('says n/a for file drops, EOF when the file is done, PAUSED and the active filter', () => {
    const snap = makeSnapshot({
      capture: { ...makeSnapshot().capture, live: false, source: '/tmp/a.pcap', stats: null, eof: true },
      filter: { proto: 'tcp', addr: '10.0.0.0/8' },
      view: makeView({ totals: { packets: 321, bytes: 4096 } }),
    });
    const [l1, l2] = renderHeader(snap, { paused: true }, 120, true).map(lineText);
    expect(l1).toContain('filter tcp 10.0.0.0/8');
    expect(l1).toContain('321 pkts 4.0 KiB matched');
    expect(l1).toContain('PAUSED');
    expect(l1).toContain('EOF: file done');
    expect(l2).toContain('drops n/a');
  });
  it('drops low-priority items whole at 80 columns but keeps PAUSED and the filter', () => {
    const snap = makeSnapshot({ filter: { proto: 'udp', addr: '2001:db8:85a3::/48' } });
    const [l1] = renderHeader(snap, { paused: true }, 80, false).map(lineText);
    expect(l1.length).toBe(80);
    expect(l1).toContain('PAUSED');
    expect(l1).toContain('filter udp 2001:db8:85a3::/48');
    expect(l1).not.toContain('up 1:02:03'); // lowest priority went first
  });
  it('shortens a long file path to its base name before dropping anything', () => {
    const cap = { ...makeSnapshot().capture, live: false, source: '/work/shared/corpus/captures/gen-traffic-veth.pcap', stats: null, eof: true };
    const snap = makeSnapshot({ capture: cap, filter: { proto: 'tcp', addr: 'fd00:213::/64' } });
    const [l1] = renderHeader(snap, { paused: false }, 80, true).map(lineText);
    expect(l1.startsWith('gen-traffic-veth.pcap  ')).toBe(true);
    expect(l1).toContain('filter tcp fd00:213::/64');
    expect(l1).toContain('EOF: file done');
    expect(l1).toContain('1500 matched');
    const [wide] = renderHeader(snap, { paused: false }, 200, true).map(lineText);
    expect(wide.startsWith('/work/shared/corpus/captures/gen-traffic-veth.pcap  EN10MB')).toBe(true);
  });

  it('fitItems keeps order and removes the lowest priority first', () => {
    const line = fitItems(
      [
        { segs: [{ text: 'aaaa' }], prio: 5 },
        { segs: [{ text: 'bbbb' }], prio: 1 },
        { segs: [{ text: 'cccc' }], prio: 9 },
      ],
      10,
      true,
    );
    expect(lineText(line)).toBe('aaaa  cccc');
  });
});

describe('protocols', () => {
  it('computes shares per class by bytes and by packets (icmp includes icmpv6)', () => {
    const byBytes = protocolShares(makeView(), 'bytes');
    expect(byBytes.map((s) => [s.name, s.value])).toEqual([
      ['tcp', 600_000],
      ['udp', 250_000],
      ['icmp', 100_000],
      ['arp', 30_000],
      ['other', 20_000],
    ]);
    expect(byBytes[0].share).toBeCloseTo(0.6);
    expect(protocolShares(makeView(), 'packets')[2]).toEqual({ name: 'icmp', value: 200, share: 200 / 1500 });
  });
  it('labels each class with its percentage, in the donut legend and the ASCII bars', () => {
    const shares = protocolShares(makeView(), 'bytes');
    const donut = text(renderProtocols(shares, 28, 6, { ascii: false, colors: true }));
    const all = donut.join('\n');
    for (const pct of ['60.0%', '25.0%', '10.0%', '3.0%', '2.0%']) expect(all).toContain(pct);
    expect(all).toMatch(/[\u2800-\u28ff]/); // braille ring
    expect(donut.every((l) => l.length === 28)).toBe(true);
    const bars = text(renderProtocols(shares, 30, 5, { ascii: true, colors: true }));
    expect(bars[0]).toBe('tcp   ##########.......  60.0%');
    expect(bars.every(isAscii)).toBe(true);
  });
  it('colours ring cells by class in angle order and draws an empty ring with no traffic', () => {
    const shares = protocolShares(makeView({ classes: { ...makeView().classes, udp: { packets: 0, bytes: 0 }, icmp: { packets: 0, bytes: 0 }, icmpv6: { packets: 0, bytes: 0 }, arp: { packets: 0, bytes: 0 }, other: { packets: 0, bytes: 0 } } }), 'bytes');
    const ring = renderDonut(shares, 6);
    const styles = new Set(ring.flat().filter((s) => s.text.trim() !== '').map((s) => s.style));
    expect([...styles]).toEqual(['tcp']);
    const empty = renderDonut(protocolShares(makeView({ classes: { tcp: { packets: 0, bytes: 0 }, udp: { packets: 0, bytes: 0 }, icmp: { packets: 0, bytes: 0 }, icmpv6: { packets: 0, bytes: 0 }, arp: { packets: 0, bytes: 0 }, other: { packets: 0, bytes: 0 } } }), 'bytes'), 4);
    expect(new Set(empty.flat().filter((s) => s.text.trim() !== '').map((s) => s.style))).toEqual(new Set(['dim']));
  });
});

describe('rates', () => {
  it('draws a sparkline newest at the right, scaled to the largest value', () => {
    expect(sparkline([0, 1, 2, 4, 8], 5, 1, false)).toEqual([' ▁▂▄█']);
    expect(sparkline([0, 1, 2, 4, 8], 7, 1, true)).toEqual(['   __-#']);
    expect(sparkline([1, 2, 3, 4, 5], 5, 1, true)).toEqual(['_.-=#']);
    expect(sparkline([8, 4], 2, 2, false)).toEqual(['█ ', '██']);
    expect(sparkline([1, 2, 3], 2, 1, false)).toEqual(['▅█']); // only the last `width` values
  });
  it('shows current and peak in human units and the window length', () => {
    const lines = text(renderRates(makeView().rates, 70, 6, false));
    expect(lines[0]).toContain('packets/s  now 1.2 kpps  peak 5.7 kpps  last 60 s');
    expect(lines[3]).toContain('bits/s     now 3.4 Mbit/s  peak 12.3 Mbit/s');
    expect(lines).toHaveLength(6);
    const narrow = text(renderRates(makeView().rates, 40, 4, true));
    expect(narrow[0]).toBe('packets/s  now 1.2 kpps  peak 5.7 kpps  ');
    expect(text(renderRates(makeView().rates, 30, 4, true))[0]).toBe('packets/s  now 1.2 kpps       ');
    expect(narrow.every(isAscii)).toBe(true);
  });
});

describe('talkers', () => {
  it('lays out address, packets, bytes, rate and share, marking the sort column', () => {
    const lines = text(renderTalkers(makeView().talkers, 'bytes', 78, 5, false));
    expect(lines[0]).toMatch(/^Address +Packets +Bytes▼ +Rate +Share$/);
    expect(lines[1]).toMatch(/^203\.0\.113\.99 +900 +684 KiB +2\.5 Mbit\/s +70\.0%$/);
    expect(lines[3]).toMatch(/^2001:db8::1 +100 +97\.7 KiB +64\.0 kbit\/s +10\.0%$/);
    expect(lines[4].trim()).toBe('');
    expect(lines.every((l) => l.length === 78)).toBe(true);
    expect(text(renderTalkers([], 'rate', 60, 3, true))[0]).toContain('Rate*');
    expect(talkersTitle('packets', 3, 100_000)).toBe(' Top talkers by packets [s]  3 of 100000 ');
    expect(talkersTitle('rate', 3, 100_000, 512)).toBe(' Top talkers by rate [s]  3 of 100000, 512 evicted ');
  });
  it('adds sent/received columns when wide and spreads the columns out', () => {
    const lines = text(renderTalkers(makeView().talkers, 'packets', 118, 2, false));
    expect(lines[0]).toMatch(/^Address +Packets▼ +Bytes +Sent +Recv +Rate +Share$/);
    expect(lines[1]).toMatch(/^203\.0\.113\.99 +900 +684 KiB +684 KiB +0 B +2\.5 Mbit\/s +70\.0%$/);
    expect(lines[0].indexOf('Packets')).toBeGreaterThanOrEqual(39);
    expect(lines[0].indexOf('Packets')).toBeLessThan(50);
    expect(talkerColumns(78).cols.map((c) => c.key)).toEqual(['packets', 'bytes', 'rate', 'share']);
    expect(talkerColumns(78).addrW).toBe(36);
  });

  it('truncates long addresses and drops columns when narrow', () => {
    const rows = [talker('2001:db8:85a3:1234:5678:8a2e:370:7334', 1, 100, 8, 1)];
    const narrow = text(renderTalkers(rows, 'bytes', 50, 2, true));
    expect(narrow[0]).not.toContain('Share');
    expect(narrow[1].startsWith('2001:db8:85a3:1~  ')).toBe(true);
    expect(narrow[1]).toHaveLength(50);
  });
});

describe('packets', () => {
  const rows = Array.from({ length: 30 }, (_, i) => packet(i + 1));
  it('shows time, addresses, protocol, length and info, newest at the bottom when following', () => {
    const win = listWindow(rows, { follow: true, topSeq: 0, selSeq: 0 }, 4);
    expect(win).toEqual({ start: 26, end: 30, follow: true, newer: 0, total: 30, sel: 29 });
    const lines = text(renderPackets(rows, win, 90, 5, false));
    expect(lines[0]).toMatch(/^Time +Source +Destination +Proto +Len Info/);
    expect(lines[4]).toBe('12:34:59.007 192.0.2.10      198.51.100.7    TCP       90 49152 → 443 [ACK] Seq=30'.padEnd(90));
    expect(text(renderPackets(rows, win, 78, 5, false))[4]).toBe('12:34:59.007 192.0.2.10      198.51.100.7    TCP       90 49152 → 443 [ACK] S…');
    expect(packetsTitle(win, false)).toBe(' Packets  newest 30 ');
  });
  it('stays put with an indicator when scrolled', () => {
    const win = listWindow(rows, { follow: false, topSeq: 11, selSeq: 12 }, 4);
    expect(win.start).toBe(10);
    expect(win.sel).toBe(11);
    expect(packetsTitle(win, true)).toBe(' Packets  SCROLLED 11-14 of 30, 16 newer v G/End follows ');
    expect(text(renderPackets(rows, win, 90, 5, true))[1]).toContain('Seq=11');
  });
  it('widens address columns for IPv6 but keeps room for info', () => {
    const v6 = [packet(1, { src: 'fe80::1c2d:3eff:fe4f:5a6b', dst: 'ff02::1' })];
    expect(addrWidth(rows, 78)).toBe(15);
    expect(addrWidth(rows, 200)).toBe(15);
    expect(addrWidth(v6, 78)).toBe(15); // info keeps its 30%
    expect(addrWidth(v6, 98)).toBe(20);
    expect(addrWidth(v6, 200)).toBe(25);
    expect(addrWidth(v6, 40)).toBe(7);
    const line = text(renderPackets(v6, listWindow(v6, { follow: true, topSeq: 0, selSeq: 0 }, 3), 78, 2, true))[1];
    expect(line).toContain('fe80::1c2d:3ef~');
    expect(line).toContain('49152 > 443');
  });
  it('keeps the columns as wide as the widest row drawn while that row is in the list, reading only drawn rows', () => {
    const V6 = 'fe80::1c2d:3eff:fe4f:5a6b'; // 25 characters
    const follow = { follow: true, topSeq: 0, selSeq: 0 };
    // Rows 1-30; row 20 has an IPv6 source. A row outside the window must not be read.
    let reads = 0;
    const list = (first: number, last: number): ReturnType<typeof packet>[] =>
      Array.from({ length: last - first + 1 }, (_, i) => {
        const seq = first + i;
        const p = packet(seq);
        return Object.defineProperty(p, 'src', { get: () => (reads++, seq === 20 ? V6 : '192.0.2.10') });
      });
    const w = new AddrWidths();
    const shown = (rows: ReturnType<typeof packet>[]): ReturnType<typeof listWindow> => listWindow(rows, follow, 5);
    let rows = list(1, 22); // the newest 5 (18-22) drawn: row 20 among them
    expect(w.width(rows, shown(rows), 200, null)).toBe(25);
    expect(reads).toBe(5);
    rows = list(1, 30); // row 20 scrolled off the screen, still in the list: as wide
    expect(w.width(rows, shown(rows), 200, null)).toBe(25);
    rows = list(21, 40); // row 20 has left the list: back to what the drawn rows need
    expect(w.width(rows, shown(rows), 200, null)).toBe(15);
    // Narrow panels: the same room for info as addrWidth leaves.
    rows = list(16, 22);
    expect(w.width(rows, shown(rows), 98, null)).toBe(addrWidth(rows, 98));
  });
});

describe('hint line and layout', () => {
  it('shows key hints, the prompt, and errors', () => {
    const s = initialState();
    expect(lineText(renderHint(s, '', 80, true))).toBe('q quit  space pause  Enter detail  Tab table  s sort  n names on  / addr  ? help');
    expect(lineText(renderHint({ ...s, names: false }, '', 80, true)).trimEnd()).toBe('q quit  space pause  Enter detail  Tab table  s sort  n names off  ? help');
    expect(lineText(renderHint(s, '', 120, true)).trimEnd()).toBe(
      'q quit  space pause  Enter detail  Tab table  s sort  n names on  t proto  / addr  c clear  w dump  ? help',
    );
    const p = lineText(renderHint({ ...s, prompt: { text: '10.0.' } }, '', 80, true));
    expect(p.startsWith('address or CIDR: 10.0._')).toBe(true);
    const e = renderHint({ ...s, status: { text: 'bad address: zz', level: 'error' } }, '', 80, true);
    expect(e[0]).toEqual({ text: 'bad address: zz', style: 'error' });
    expect(lineText(renderHint(s, 'read error: truncated file', 80, true))).toContain('capture error: read error');
  });
  it('fills 80x24 and 120x40 exactly with every panel', () => {
    for (const [c, r] of [
      [80, 24],
      [120, 40],
      [200, 60],
    ]) {
      const l = computeLayout(c, r, 16);
      expect(l.header.height).toBe(2);
      expect(l.hint.top).toBe(r - 1);
      for (const p of [l.protocols, l.rates, l.talkers, l.packets]) expect(p.height).toBeGreaterThanOrEqual(6);
      expect(l.packets.top + l.packets.height).toBe(r - 1);
      expect(l.protocols.width + l.rates.width).toBe(c);
    }
    const small = computeLayout(40, 10, 16);
    expect(small.packets.height).toBeGreaterThan(0);
    expect(small.protocols.height).toBe(0);
  });
});
