import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PacketStatus } from '../../src/decode/packet.js';
import {
  clampRange,
  hexBytesPerLine,
  hexLine,
  hexTitles,
  hexTop,
  offsetDigits,
  renderHex,
  renderTree,
  treeTitles,
} from '../../src/views/detail.js';
import { computeLayout, splitDetail } from '../../src/views/layout.js';
import { lineText, type Line } from '../../src/views/line.js';
import { makeDetail } from '../ui/fixtures.js';

const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'UTC';
});
afterAll(() => {
  process.env.TZ = savedTz;
});

/** The text of the segments in `style`, joined ('' between runs is kept out: runs are separated by '|'). */
function styled(line: Line, style: string): string {
  return line
    .filter((s) => s.style === style)
    .map((s) => s.text)
    .join('|');
}

describe('hex dump', () => {
  const d = makeDetail(7);
  const ip = { start: 14, end: 34 };

  it('prints offset, 16 bytes in two groups of 8, and ASCII with dots for non-printables', () => {
    expect(lineText(hexLine(d.bytes, 0, 16, null))).toBe('0000  00 1b 21 3a 4f 5c 52 54  00 12 34 56 08 00 45 00  ..!:O\\RT..4V..E.');
    expect(lineText(hexLine(d.bytes, 3, 16, null))).toBe('0030  01 f6 00 00 00 00 47 45  54 20 2f 20 48 54 54 50  ......GET / HTTP');
    // The last line is short: the hex column is padded so the ASCII column stays aligned.
    expect(lineText(hexLine(d.bytes, 4, 16, null))).toBe('0040  2f 31 2e 31 0d 0a 48 6f  73 74                    /1.1..Host');
    const odd = new Uint8Array([0x00, 0x1f, 0x20, 0x7e, 0x7f, 0x80, 0xff, 0x41]);
    expect(lineText(hexLine(odd, 0, 8, null))).toBe('0000  00 1f 20 7e 7f 80 ff 41  .. ~...A');
  });

  it("highlights exactly the selected layer's bytes, hex and ASCII, gaps only between marked bytes", () => {
    const l0 = hexLine(d.bytes, 0, 16, ip);
    expect(styled(l0, 'mark')).toBe('45 00|E.');
    const l1 = hexLine(d.bytes, 1, 16, ip);
    expect(styled(l1, 'mark')).toBe('00 3c 1c 46 40 00 40 06  b1 e6 c0 00 02 0a c6 33|.<.F@.@........3');
    const l2 = hexLine(d.bytes, 2, 16, ip);
    expect(styled(l2, 'mark')).toBe('64 07|d.');
    expect(lineText(l2)).toBe('0020  64 07 c0 00 01 bb 00 00  00 01 00 00 00 01 50 18  d.............P.');
    expect(styled(hexLine(d.bytes, 3, 16, ip), 'mark')).toBe('');
    // The offset column is never highlighted.
    expect(l1[0]).toEqual({ text: '0010  ', style: 'dim' });
  });

  it('clamps ranges to the captured bytes (a truncated packet)', () => {
    expect(clampRange({ start: 60, end: 200 }, 74)).toEqual({ start: 60, end: 74 });
    expect(clampRange({ start: 80, end: 90 }, 74)).toBeNull();
    expect(clampRange({ start: -5, end: 2 }, 74)).toEqual({ start: 0, end: 2 });
    expect(styled(hexLine(d.bytes, 4, 16, { start: 72, end: 500 }), 'mark')).toBe('73 74|st');
  });

  it('widens the offset past 0xffff and drops to 8 bytes a line when narrow', () => {
    expect(offsetDigits(74)).toBe(4);
    expect(offsetDigits(65536)).toBe(4);
    expect(offsetDigits(65537)).toBe(5);
    const big = new Uint8Array(70_000);
    expect(lineText(hexLine(big, 4096, 16, null)).startsWith('10000  00 00')).toBe(true);
    expect(hexBytesPerLine(74, 78)).toBe(16);
    expect(hexBytesPerLine(74, 71)).toBe(8);
    const narrow = renderHex(d.bytes, ip, 50, 3, false).map(lineText);
    // 8 a line: ip [14, 34) spans lines 1-4, more than 3 rows, so its first line comes first.
    expect(narrow[0]).toBe('0008  00 12 34 56 08 00 45 00  ..4V..E.'.padEnd(50));
  });

  it("scrolls to show the layer: all of a short packet, else the layer's first line with one line of context", () => {
    expect(hexTop(74, 16, ip, 5)).toBe(0);
    expect(hexTop(1514, 16, { start: 34, end: 54 }, 7)).toBe(1);
    expect(hexTop(1514, 16, { start: 54, end: 1514 }, 7)).toBe(3);
    expect(hexTop(1514, 16, { start: 1500, end: 1514 }, 7)).toBe(88); // never past the last page
    const bytes = Uint8Array.from({ length: 1514 }, (_, i) => i & 0xff);
    const lines = renderHex(bytes, { start: 54, end: 1514 }, 78, 7, true).map(lineText);
    expect(lines[0].startsWith('0030  30 31 32')).toBe(true);
    expect(lines).toHaveLength(7);
    expect(lines.every((l) => l.length === 78)).toBe(true);
    expect(renderHex(new Uint8Array(0), null, 40, 2, true).map(lineText)[0].trim()).toBe('(no bytes captured)');
    // Scrolled by the user: from that line, never past the last page.
    expect(renderHex(bytes, { start: 0, end: 14 }, 78, 7, true, 40).map(lineText)[0].startsWith('0280  80 81')).toBe(true);
    expect(renderHex(bytes, { start: 0, end: 14 }, 78, 7, true, 500).map(lineText)[6].startsWith('05e0  e0 e1 e2 e3 e4 e5 e6 e7  e8 e9  ')).toBe(true);
  });

  it('labels the boxes with the packet and the highlighted range', () => {
    expect(treeTitles(d)[0]).toBe(' Packet #7  74 bytes on wire, 74 captured  12:35:01.007 ');
    expect(treeTitles({ ...d, status: PacketStatus.Truncated, origLen: 1514 })[0]).toBe(
      ' Packet #7  1514 bytes on wire, 74 captured  12:35:01.007  [truncated] ',
    );
    expect(hexTitles(d, 1, false)[0]).toBe(' Bytes  ip 14-33 (20 bytes) of 74 ');
    expect(hexTitles(d, 3, true)[0]).toBe(' Bytes  data 54-73 (20 bytes) of 74 ');
  });
});

describe('layer tree', () => {
  const d = makeDetail(7);

  it('shows each layer title then its fields as name: value, the selected title highlighted', () => {
    const lines = renderTree(d.layers, 1, 0, 70, 8, false);
    const text = lines.map(lineText);
    expect(text[0]).toBe('Ethernet II, Src: 52:54:00:12:34:56, Dst: 00:1b:21:3a:4f:5c'.padEnd(70));
    expect(text[1]).toBe('    eth.dst: 00:1b:21:3a:4f:5c'.padEnd(70));
    expect(text[3]).toBe('    eth.type: IPv4 (0x0800)'.padEnd(70));
    expect(text[4]).toBe('Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.7'.padEnd(70));
    expect(text[5]).toBe('    ip.version: 4'.padEnd(70));
    expect(lines[4]).toEqual([{ text: text[4], style: 'select' }]);
    expect(lines[0][0].style).toBe('head');
    expect(lines[5].find((s) => s.text === 'ip.version')?.style).toBe('key'); // the selected layer's names stand out
    expect(lines[1].find((s) => s.text === 'eth.dst')?.style).toBe('dim');
    expect(text).toHaveLength(8);
  });

  it('starts at `top`, never past the last page, and cuts long lines to the width', () => {
    const text = renderTree(d.layers, 2, 14, 40, 11, true).map(lineText);
    expect(text[0]).toBe('Transmission Control Protocol, Src Port~');
    expect(text[6]).toBe('    tcp.flags: 0x018 (PSH, ACK)'.padEnd(40));
    expect(text[9]).toBe('Data (20 bytes)'.padEnd(40));
    const end = renderTree(d.layers, 3, 100, 60, 11, true).map(lineText);
    expect(end[10]).toBe('    data.len: 20'.padEnd(60)); // the last page is full
    expect(end[0]).toBe('    tcp.srcport: 49152'.padEnd(60)); // line 15 of 26
  });

  it('makes wire strings safe: control characters become ?', () => {
    const evil = { ...d, layers: [{ proto: 'dns', title: 'Domain Name System (response)', start: 0, end: 10, fields: [{ name: 'dns.qry.name', value: 'a\x1b[2Jb\u2028c', start: 0, end: 5 }] }] };
    const text = renderTree(evil.layers, 0, 0, 40, 2, true).map(lineText);
    expect(text[1]).toBe('    dns.qry.name: a?[2Jb?c'.padEnd(40));
    expect(renderTree([], 0, 0, 30, 2, true).map(lineText)[0].trim()).toBe('(nothing dissected)');
  });
});

describe('detail layout', () => {
  it('puts the hex dump under the tree at 80x24 and 120x40, beside it from 150 columns', () => {
    const a80 = computeLayout(80, 24, 18).detail;
    expect(a80).toEqual({ left: 0, top: 2, width: 80, height: 21 });
    expect(splitDetail(a80, 5)).toEqual({ tree: { left: 0, top: 2, width: 80, height: 14 }, hex: { left: 0, top: 16, width: 80, height: 7 } });
    expect(splitDetail(a80, 95).hex.height).toBe(8); // 40% at most
    const a120 = computeLayout(120, 40, 18).detail;
    expect(splitDetail(a120, 95).hex).toEqual({ left: 0, top: 25, width: 120, height: 14 });
    const wide = splitDetail(computeLayout(200, 50, 18).detail, 95);
    expect(wide.hex).toEqual({ left: 124, top: 2, width: 76, height: 47 });
    expect(wide.tree.width).toBe(124);
    expect(splitDetail({ left: 0, top: 1, width: 40, height: 8 }, 5).hex.height).toBe(0);
  });
});
