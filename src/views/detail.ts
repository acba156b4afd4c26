/**
 * The packet detail pane: the layer tree (each layer's title, then its fields as
 * `name: value` with Wireshark's field names) and a hex + ASCII dump of the captured bytes in
 * which the selected layer's byte range is highlighted. Pure view models over a PacketDetail
 * (a frozen copy: the ring keeps moving underneath).
 */
import { PacketStatus, type DissectLayer, type PacketDetail } from '../decode/packet.js';
import { clampTreeTop } from '../ui/state.js';
import { formatClock, sanitize } from './format.js';
import { fitLine, restyle, type Line, type Style } from './line.js';

/** Spaces before a field, under its layer's title. */
const FIELD_INDENT = '    ';

/**
 * The tree lines `top` .. `top + height` (clamped so the last page is full), each exactly
 * `width` wide: layer titles in bold, the selected one in the 'select' style; fields indented.
 */
export function renderTree(layers: readonly DissectLayer[], selected: number, top: number, width: number, height: number, ascii: boolean): Line[] {
  if (height <= 0 || width <= 0) return [];
  const lines: Line[] = [];
  if (layers.length === 0) lines.push(fitLine([{ text: '(nothing dissected)', style: 'dim' }], width, ascii));
  const first = clampTreeTop(layers, top, height);
  let n = 0;
  for (let i = 0; i < layers.length && lines.length < height; i++) {
    const l = layers[i];
    if (n + 1 + l.fields.length <= first) {
      n += 1 + l.fields.length;
      continue;
    }
    if (n >= first) {
      const title = fitLine([{ text: sanitize(l.title, ascii), style: 'head' }], width, ascii);
      lines.push(i === selected ? restyle(title, 'select') : title);
    }
    n++;
    for (const f of l.fields) {
      if (lines.length >= height) break;
      if (n++ < first) continue;
      lines.push(
        fitLine(
          [{ text: FIELD_INDENT }, { text: sanitize(f.name, ascii), style: i === selected ? 'key' : 'dim' }, { text: ': ' + sanitize(f.value, ascii) }],
          width,
          ascii,
        ),
      );
    }
  }
  while (lines.length < height) lines.push(fitLine([], width, ascii));
  return lines;
}

/** Digits of the offset column: 4, or more for bytes past 0xffff. */
export function offsetDigits(length: number): number {
  return Math.max(4, Math.max(length - 1, 0).toString(16).length);
}

/**
 * Bytes per hex line for a pane `width` wide: 16 when "0000  xx × 8  xx × 8  16 chars" fits,
 * else 8.
 */
export function hexBytesPerLine(length: number, width: number): 8 | 16 {
  return width >= offsetDigits(length) + 2 + 16 * 3 + 1 + 1 + 16 ? 16 : 8;
}

/** Lines the dump of `length` bytes takes. */
export function hexLineCount(length: number, perLine: number): number {
  return Math.ceil(length / perLine);
}

function printable(b: number): string {
  return b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.';
}

function push(line: Line, text: string, style: Style): void {
  const last = line[line.length - 1];
  if (last && (last.style ?? 'plain') === style) last.text += text;
  else line.push(style === 'plain' ? { text } : { text, style });
}

/** A byte range [start, end), clamped to the captured bytes; null when empty. */
export function clampRange(range: { start: number; end: number } | null, length: number): { start: number; end: number } | null {
  if (range === null) return null;
  const start = Math.max(0, Math.min(range.start, length));
  const end = Math.max(start, Math.min(range.end, length));
  return end > start ? { start, end } : null;
}

/**
 * One line of the dump: offset, `perLine` bytes in hex (a wider gap after each 8), then the same
 * bytes as ASCII ('.' for anything not printable). Bytes inside `range` [start, end) are in the
 * 'mark' style, hex and ASCII both; so are the gaps between two marked bytes, so the highlight
 * reads as one block.
 */
export function hexLine(bytes: Uint8Array, line: number, perLine: number, range: { start: number; end: number } | null): Line {
  const off = line * perLine;
  const digits = offsetDigits(bytes.length);
  const out: Line = [{ text: off.toString(16).padStart(digits, '0') + '  ', style: 'dim' }];
  const r = clampRange(range, bytes.length);
  const marked = (i: number): boolean => r !== null && i >= r.start && i < r.end && i < bytes.length;
  for (let j = 0; j < perLine; j++) {
    const i = off + j;
    const hex = i < bytes.length ? bytes[i].toString(16).padStart(2, '0') : '  ';
    push(out, hex, marked(i) ? 'mark' : 'plain');
    if (j === perLine - 1) break;
    const gap = j % 8 === 7 ? '  ' : ' ';
    push(out, gap, marked(i) && marked(i + 1) ? 'mark' : 'plain');
  }
  push(out, '  ', 'plain');
  for (let j = 0; j < perLine && off + j < bytes.length; j++) {
    const i = off + j;
    push(out, printable(bytes[i]), marked(i) ? 'mark' : 'plain');
  }
  return out;
}

/**
 * First hex line to show `rows` at a time so the range is in view: everything when it all fits;
 * else the range's first line with one line of context above it when the whole range then fits,
 * never past the last page.
 */
export function hexTop(length: number, perLine: number, range: { start: number; end: number } | null, rows: number): number {
  const total = hexLineCount(length, perLine);
  const r = Math.max(1, rows);
  if (total <= r) return 0;
  const c = clampRange(range, length);
  if (c === null) return 0;
  const first = Math.floor(c.start / perLine);
  const last = Math.ceil(c.end / perLine);
  const top = last - first + 1 <= r ? first - 1 : first;
  return Math.max(0, Math.min(top, total - r));
}

/**
 * First hex line shown in a pane `width` × `rows`: `top` when the user scrolled (clamped to the
 * last page), else where hexTop puts the range.
 */
export function hexViewTop(length: number, width: number, range: { start: number; end: number } | null, rows: number, top: number | null): number {
  const per = hexBytesPerLine(length, width);
  if (top === null) return hexTop(length, per, range, rows);
  return Math.max(0, Math.min(top, hexLineCount(length, per) - Math.max(1, rows)));
}

/**
 * The dump's lines for a pane `width` × `height`, scrolled to show `range`, or from line `top`
 * when the user scrolled it.
 */
export function renderHex(
  bytes: Uint8Array,
  range: { start: number; end: number } | null,
  width: number,
  height: number,
  ascii: boolean,
  top: number | null = null,
): Line[] {
  if (height <= 0 || width <= 0) return [];
  const lines: Line[] = [];
  if (bytes.length === 0) lines.push(fitLine([{ text: '(no bytes captured)', style: 'dim' }], width, ascii));
  const per = hexBytesPerLine(bytes.length, width);
  const total = hexLineCount(bytes.length, per);
  for (let line = hexViewTop(bytes.length, width, range, height, top); line < total && lines.length < height; line++) {
    lines.push(fitLine(hexLine(bytes, line, per, range), width, ascii));
  }
  while (lines.length < height) lines.push(fitLine([], width, ascii));
  return lines;
}

const STATUS_TEXT: Record<PacketStatus, string> = {
  [PacketStatus.Ok]: '',
  [PacketStatus.Truncated]: 'truncated',
  [PacketStatus.Malformed]: 'malformed',
  [PacketStatus.Unsupported]: 'unsupported',
};

/** Labels for the tree box, longest first: "Packet #12  66 bytes on wire, 66 captured  12:34:56.789  [truncated]". */
export function treeTitles(d: PacketDetail): string[] {
  const status = STATUS_TEXT[d.status] ?? '';
  const st = status ? `  [${status}]` : '';
  const clock = formatClock(d.tsSec, d.tsNsec);
  return [
    ` Packet #${d.seq}  ${d.origLen} bytes on wire, ${d.caplen} captured  ${clock}${st} `,
    ` Packet #${d.seq}  ${d.origLen}/${d.caplen} bytes${st} `,
    ` #${d.seq}${st} `,
  ];
}

/** Labels for the hex box, longest first: which layer is highlighted and where. */
export function hexTitles(d: PacketDetail, layer: number, ascii: boolean): string[] {
  const sel = d.layers[layer];
  const n = d.bytes.length;
  if (!sel) return [` Bytes  ${n} `];
  const r = clampRange(sel, n);
  const proto = sanitize(sel.proto, ascii);
  const where = r === null ? 'not in the captured bytes' : `${r.start}-${r.end - 1} (${r.end - r.start} bytes)`;
  return [` Bytes  ${proto} ${where} of ${n} `, ` ${proto} ${where} `, ` ${proto} `];
}
