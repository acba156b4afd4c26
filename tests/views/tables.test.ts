import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState } from '../../src/ui/state.js';
import { renderHint } from '../../src/views/hint.js';
import { lineText, type Line } from '../../src/views/line.js';
import { addrLabel, nameOf } from '../../src/views/names.js';
import { addrWidth, listWindow, renderPackets } from '../../src/views/packets.js';
import { fitColumns } from '../../src/views/table.js';
import { renderConversations, renderServices, renderTalkers, serviceLabel, tableTitles } from '../../src/views/talkers.js';
import { conversation, makeDetail, makeView, NAMES, packet, service, talker } from '../ui/fixtures.js';

const text = (lines: Line[]): string[] => lines.map(lineText);
const isAscii = (s: string): boolean => /^[\x20-\x7e]*$/.test(s);

const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'UTC';
});
afterAll(() => {
  process.env.TZ = savedTz;
});

describe('conversations', () => {
  const rows = makeView().conversations;

  it('shows "A ⇄ B", bytes each way and rate at 78 columns, arrows aligned', () => {
    const lines = text(renderConversations(rows, 'bytes', 78, 5, false));
    expect(lines[0]).toMatch(/^A +⇄ B +Bytes▼ +A→B +B→A +Rate$/);
    expect(lines[1]).toMatch(/^192\.0\.2\.10 +⇄ 203\.0\.113\.99 +500 KiB +120 KiB +380 KiB +2\.0 Mbit\/s$/);
    expect(lines[2]).toMatch(/^2001:db8::1 +⇄ 2001:db8::2 +100 KiB +60\.0 KiB +40\.0 KiB +64\.0 kbit\/s$/);
    expect(lines[4].trim()).toBe('');
    expect(new Set(lines.slice(0, 4).map((l) => l.indexOf('⇄'))).size).toBe(1);
    expect(lines.every((l) => l.length === 78)).toBe(true);
  });

  it('adds packets and share when wide; keeps the sorted column when narrow', () => {
    const wide = text(renderConversations(rows, 'packets', 118, 2, false));
    expect(wide[0]).toMatch(/^A +⇄ B +Packets▼ +Bytes +A→B +B→A +Rate +Share$/);
    expect(wide[1]).toMatch(/^192\.0\.2\.10 +⇄ 203\.0\.113\.99 +700 +500 KiB +120 KiB +380 KiB +2\.0 Mbit\/s +50\.0%$/);
    const sortedByPackets = text(renderConversations(rows, 'packets', 78, 2, false));
    expect(sortedByPackets[0]).toMatch(/^A +⇄ B +Packets▼ +Bytes +A→B +B→A$/); // rate went instead
  });

  it('uses <-> and A->B in ASCII mode', () => {
    const lines = text(renderConversations(rows, 'rate', 78, 4, true));
    expect(lines[0]).toMatch(/^A +<-> B +Bytes +A->B +B->A +Rate\*$/);
    expect(lines[1]).toMatch(/^192\.0\.2\.10 +<-> 203\.0\.113\.99 /);
    expect(lines.every(isAscii)).toBe(true);
    expect(text(renderConversations([], 'bytes', 60, 3, true))[1].trim()).toBe('(no IP conversations in view)');
  });

  it('shows names in place of addresses, "name (addr)" where the column allows', () => {
    const narrow = text(renderConversations(rows, 'bytes', 78, 4, false, NAMES));
    expect(narrow[1]).toMatch(/^192\.0\.2\.10 +⇄ www\.example\.com +500 KiB/);
    expect(narrow[2]).toMatch(/^v6\.example\.org +⇄ 2001:db8::2 +100 KiB/);
    const wide = text(renderConversations(rows, 'bytes', 160, 2, false, NAMES));
    expect(wide[1]).toMatch(/^192\.0\.2\.10 +⇄ www\.example\.com \(203\.0\.113\.99\) +700 /);
    expect(wide.every((l) => l.length === 160)).toBe(true);
  });
});

describe('services', () => {
  const rows = makeView().services;
  it('shows "tcp/443 https", packets, bytes, rate and share', () => {
    const lines = text(renderServices(rows, 'bytes', 78, 5, false));
    expect(lines[0]).toMatch(/^Service +Packets +Bytes▼ +Rate +Share$/);
    expect(lines[1]).toMatch(/^tcp\/443   https +800 +586 KiB +2\.4 Mbit\/s +60\.0%$/);
    expect(lines[2]).toMatch(/^udp\/53    domain +300 +48\.8 KiB +96\.0 kbit\/s +5\.0%$/);
    expect(lines[3]).toMatch(/^tcp\/8443 +20 +3\.9 KiB +0 bit\/s +0\.4%$/);
    expect(lines.every((l) => l.length === 78)).toBe(true);
    expect(serviceLabel(service('udp', 65535, 'x\x07y', 1, 1, 0, 0), true)).toBe('udp/65535 x?y');
    const wide = text(renderServices(rows, 'packets', 118, 2, true));
    expect(wide[0]).toMatch(/^Service {40,}Packets\* +Bytes +Rate +Share$/); // the label takes the room, gaps stay modest
    expect(text(renderServices([], 'bytes', 60, 3, true))[1].trim()).toBe('(no TCP/UDP services in view)');
  });
});

describe('table titles and columns', () => {
  it('says which table, the sort key, and what Tab shows next', () => {
    expect(tableTitles('hosts', 'bytes', 3, 3)[0]).toBe(' Top talkers by bytes [s]  3 of 3  [Tab] conversations ');
    expect(tableTitles('conversations', 'rate', 3, 17)[0]).toBe(' Top conversations by rate [s]  3 of 17  [Tab] services ');
    expect(tableTitles('services', 'packets', 2, 2)[0]).toBe(' Top services by packets [s]  2 of 2  [Tab] talkers ');
    expect(tableTitles('hosts', 'bytes', 3, 100, 7)[1]).toBe(' Top talkers by bytes [s]  3 of 100, 7 evicted ');
  });

  it('never drops the sorted column', () => {
    const cols = [
      { key: 'a', title: 'A', width: 10, sort: 'packets' as const, drop: 1, cell: () => '' },
      { key: 'b', title: 'B', width: 10, drop: 2, cell: () => '' },
    ];
    expect(fitColumns(cols, 30, { full: 20, min: 15 }, 'packets').cols.map((c) => c.key)).toEqual(['a']);
    expect(fitColumns(cols, 30, { full: 20, min: 15 }, 'bytes').cols.map((c) => c.key)).toEqual(['b']);
  });
});

describe('names', () => {
  it('looks up own keys only and prefers "name (addr)" when it fits', () => {
    expect(nameOf('203.0.113.99', NAMES)).toBe('www.example.com');
    expect(nameOf('203.0.113.99', null)).toBeUndefined();
    expect(nameOf('constructor', {})).toBeUndefined();
    expect(addrLabel('203.0.113.99', NAMES, 30)).toBe('www.example.com (203.0.113.99)');
    expect(addrLabel('203.0.113.99', NAMES, 29)).toBe('www.example.com');
    expect(addrLabel('192.0.2.10', NAMES, 30)).toBe('192.0.2.10');
    expect(addrLabel('203.0.113.99', null, 30)).toBe('203.0.113.99');
  });

  it('substitutes names in the talkers table, cut to the column, columns still aligned', () => {
    const long = { ...NAMES, '192.0.2.10': 'a-very-long-hostname.with.many.labels.example.com' };
    const lines = text(renderTalkers(makeView().talkers, 'bytes', 78, 4, false, long));
    expect(lines[1]).toMatch(/^www\.example\.com \(203\.0\.113\.99\) +900 +684 KiB/);
    expect(lines[2].startsWith('a-very-long-hostname.with.many.labe…  ')).toBe(true);
    expect(lines[3]).toMatch(/^v6\.example\.org \(2001:db8::1\) +100 /);
    const col = lines[0].indexOf('Packets') + 'Packets'.length;
    for (const l of lines.slice(1)) expect(l[col - 1]).toMatch(/\d/);
    expect(lines.every((l) => l.length === 78)).toBe(true);
    const narrow = text(renderTalkers(makeView().talkers, 'bytes', 50, 2, true, NAMES));
    expect(narrow[1].startsWith('www.example.com  ')).toBe(true); // no room for "(addr)"
    // Wire names are made safe and ASCII.
    const evil = text(renderTalkers([talker('10.9.9.9', 1, 1, 0, 0)], 'bytes', 78, 2, true, { '10.9.9.9': 'ev\x1bil.exämple' }));
    expect(evil[1].startsWith('ev?il.ex?mple (10.9.9.9)')).toBe(true);
  });

  it('substitutes names in the packet list and sizes the columns for them', () => {
    const rows = [packet(1), packet(2, { src: '203.0.113.99' })];
    const win = listWindow(rows, { follow: true, topSeq: 0, selSeq: 0 }, 2);
    const off = text(renderPackets(rows, win, 100, 3, false));
    expect(off[1]).toContain('192.0.2.10      198.51.100.7    TCP');
    const on = text(renderPackets(rows, win, 100, 3, false, NAMES));
    expect(on[1]).toContain('192.0.2.10      api.example.net TCP');
    expect(on[2]).toContain('www.example.com api.example.net TCP');
    const longer = { ...NAMES, '198.51.100.7': 'backend-17.api.example.net' };
    expect(addrWidth(rows, 130, longer)).toBe(26);
    expect(addrWidth(rows, 100, longer)).toBe(21); // info keeps 30%
    expect(addrWidth(rows, 78, longer)).toBe(15); // the name is cut
    const cut = text(renderPackets(rows, win, 78, 3, true, longer));
    expect(cut[1]).toContain('192.0.2.10      backend-17.api~ TCP');
    expect(new Set(cut.slice(1).map((l) => l.indexOf('TCP'))).size).toBe(1);
  });
});

describe('packet list selection', () => {
  it('draws the selected row in the select style, the others as usual', () => {
    const rows = Array.from({ length: 10 }, (_, i) => packet(i + 1));
    const win = listWindow(rows, { follow: false, topSeq: 5, selSeq: 7 }, 4);
    expect(win).toMatchObject({ start: 4, end: 8, sel: 6 });
    const lines = renderPackets(rows, win, 90, 5, false);
    expect(lines[3]).toHaveLength(1);
    expect(lines[3][0].style).toBe('select');
    expect(lineText(lines[3])).toContain('Seq=7');
    expect(lineText(lines[3])).toHaveLength(90);
    expect(lines[2].some((s) => s.style === 'select')).toBe(false);
    // Following: the newest row is the selected one.
    const follow = renderPackets(rows, listWindow(rows, { follow: true, topSeq: 0, selSeq: 0 }, 4), 90, 5, false);
    expect(lineText(follow[4])).toContain('Seq=10');
    expect(follow[4][0].style).toBe('select');
  });
});

describe('hint line', () => {
  it('shows the detail keys while the detail pane is open, and fits any width', () => {
    const s = { ...initialState(), detail: { packet: makeDetail(1), layer: 0, top: 0, hexTop: null } };
    expect(lineText(renderHint(s, '', 80, true)).trimEnd()).toBe('Esc back  Up/Down Tab layer  PgUp/PgDn scroll  [ ] bytes  q quit  ? help');
    expect(lineText(renderHint(s, '', 40, true)).trimEnd()).toBe('Esc back  Up/Down Tab layer  ? help');
    const msg = lineText(renderHint({ ...initialState(), status: { text: 'packet no longer in memory', level: 'error' } }, '', 80, true));
    expect(msg.startsWith('packet no longer in memory')).toBe(true);
    expect(msg.endsWith('q quit  Enter detail  Tab table  ? help')).toBe(true); // what still fits, by priority
    for (const w of [10, 30, 79, 81, 200]) expect(lineText(renderHint(initialState(), '', w, true))).toHaveLength(w);
  });
});

describe('fixtures', () => {
  it('conversation bytes add up', () => {
    expect(conversation('a', 'b', 1, 10, 5, 0, 0).bytes).toBe(15);
  });
});
