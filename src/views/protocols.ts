/**
 * The protocol panel: each transport class's share of the filtered view, by bytes or packets.
 * Unicode + colour: a braille donut (2×4 dots per cell, one colour per cell) beside a legend.
 * ASCII or monochrome: one labelled bar per class. Every class is labelled with its percentage.
 */
import type { AggregateSnapshot } from '../aggregate/snapshot.js';
import type { DonutMetric } from '../ui/state.js';
import { formatPercent, padLeft, padRight } from './format.js';
import { fitLine, type Line, type Style } from './line.js';

/** The classes the panel shows; `icmp` includes ICMPv6. */
export type ProtoClass = 'tcp' | 'udp' | 'icmp' | 'arp' | 'other';
export const PROTO_CLASSES: readonly ProtoClass[] = ['tcp', 'udp', 'icmp', 'arp', 'other'];

export interface ProtoShare {
  name: ProtoClass;
  /** Bytes or packets, per the metric. */
  value: number;
  /** value / sum of all classes (0 when nothing was counted). */
  share: number;
}

/** Shares of the five classes, in fixed order. */
export function protocolShares(view: AggregateSnapshot, metric: DonutMetric): ProtoShare[] {
  const c = view.classes;
  const pick = (k: keyof typeof c): number => (metric === 'bytes' ? c[k].bytes : c[k].packets);
  const values: Record<ProtoClass, number> = {
    tcp: pick('tcp'),
    udp: pick('udp'),
    icmp: pick('icmp') + pick('icmpv6'),
    arp: pick('arp'),
    other: pick('other'),
  };
  let total = 0;
  for (const k of PROTO_CLASSES) total += values[k];
  return PROTO_CLASSES.map((name) => ({ name, value: values[name], share: total > 0 ? values[name] / total : 0 }));
}

/** Legend entry: "■ tcp    62.3%" (14 columns). */
const LEGEND_WIDTH = 14;

function legendLine(s: ProtoShare, ascii: boolean): Line {
  return [
    { text: ascii ? '#' : '■', style: s.name },
    { text: ' ' + padRight(s.name, 5, ascii) + ' ' },
    { text: padLeft(formatPercent(s.share), 6, ascii), style: s.value > 0 ? 'bold' : 'dim' },
  ];
}

/** Rows to list when fewer rows than classes fit: the biggest shares. */
function pickRows(shares: ProtoShare[], rows: number): ProtoShare[] {
  if (rows >= shares.length) return shares;
  const top = shares.slice().sort((a, b) => b.value - a.value).slice(0, Math.max(rows, 0));
  return shares.filter((s) => top.includes(s));
}

/** ASCII / monochrome form: "tcp   ########....  62.3%" per class. */
export function renderProtocolBars(shares: ProtoShare[], width: number, height: number, ascii: boolean): Line[] {
  const lines: Line[] = [];
  const barW = Math.max(width - 13, 0);
  const rows = pickRows(shares, height);
  for (let i = Math.floor((height - rows.length) / 2); i > 0; i--) lines.push(fitLine([], width, ascii));
  for (const s of rows) {
    const fill = s.value > 0 ? Math.max(1, Math.round(s.share * barW)) : 0;
    lines.push(
      fitLine(
        [
          { text: padRight(s.name, 5, ascii) + ' ' },
          { text: (ascii ? '#' : '█').repeat(fill), style: s.name },
          { text: (ascii ? '.' : '·').repeat(barW - fill), style: 'dim' },
          { text: ' ' + padLeft(formatPercent(s.share), 6, ascii), style: s.value > 0 ? 'bold' : 'dim' },
        ],
        width,
        ascii,
      ),
    );
  }
  while (lines.length < height) lines.push(fitLine([], width, ascii));
  return lines;
}

/** Braille dot bit for (x 0..1, y 0..3) inside a cell (Unicode 2800–28FF). */
const BRAILLE_BITS = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
];

/**
 * A donut of `rows` text rows and 2×rows columns: one ring in braille dots, each cell coloured by
 * the class that owns most of its dots. Angles run clockwise from 12 o'clock in class order.
 * A cell is twice as tall as wide, so braille dots (2 across, 4 down) are square.
 */
export function renderDonut(shares: ProtoShare[], rows: number): Line[] {
  const g = donutGeometry(rows);
  const bounds: number[] = [];
  let acc = 0;
  for (const s of shares) {
    acc += s.share;
    bounds.push(acc);
  }
  const anyTraffic = acc > 0;
  const votes = new Array<number>(shares.length + 1);
  const lines: Line[] = [];
  for (let cy = 0, c = 0; cy < rows; cy++) {
    const line: Line = [];
    for (let cx = 0; cx < g.cols; cx++, c++) {
      const bits = g.bits[c];
      if (bits === 0) {
        pushSeg(line, ' ', 'plain');
        continue;
      }
      votes.fill(0);
      const from = g.start[c];
      const to = g.start[c + 1];
      if (!anyTraffic) {
        votes[shares.length] = to - from;
      } else {
        for (let j = from; j < to; j++) {
          const a = g.angles[j];
          let k = 0;
          while (k < bounds.length - 1 && a >= bounds[k]) k++;
          votes[k]++;
        }
      }
      let best = 0;
      for (let k = 1; k < votes.length; k++) if (votes[k] > votes[best]) best = k;
      const style: Style = best < shares.length ? shares[best].name : 'dim';
      pushSeg(line, String.fromCharCode(0x2800 + bits), style);
    }
    lines.push(line);
  }
  return lines;
}

/**
 * The ring's dots for a donut of `rows` rows, which depend on nothing else: per cell (row-major,
 * 2×rows cells a row) its braille bits and the angles of its dots on the ring (turns clockwise
 * from 12 o'clock, in [0, 1)), cell c's at angles[start[c], start[c + 1]).
 */
interface DonutGeometry {
  cols: number;
  bits: Uint8Array;
  start: Uint32Array;
  angles: Float64Array;
}

/** The geometries made so far, by row count (a few terminal sizes per session). */
const geometries = new Map<number, DonutGeometry>();

function donutGeometry(rows: number): DonutGeometry {
  const known = geometries.get(rows);
  if (known !== undefined) return known;
  const cols = rows * 2;
  const r = rows * 2; // radius in dots (the grid is 4·rows dots square)
  const rOut = r - 0.25;
  const rIn = r * 0.5;
  const cells = rows * cols;
  const bits = new Uint8Array(cells);
  const start = new Uint32Array(cells + 1);
  const angles: number[] = [];
  for (let cy = 0, c = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++, c++) {
      start[c] = angles.length;
      for (let dx = 0; dx < 2; dx++) {
        for (let dy = 0; dy < 4; dy++) {
          const x = cx * 2 + dx + 0.5 - r;
          const y = cy * 4 + dy + 0.5 - r;
          const d = Math.hypot(x, y);
          if (d < rIn || d > rOut) continue;
          bits[c] |= BRAILLE_BITS[dx][dy];
          let a = Math.atan2(x, -y) / (2 * Math.PI);
          if (a < 0) a += 1;
          angles.push(a);
        }
      }
    }
  }
  start[cells] = angles.length;
  const g = { cols, bits, start, angles: Float64Array.from(angles) };
  if (geometries.size >= 16) geometries.clear();
  geometries.set(rows, g);
  return g;
}

function pushSeg(line: Line, text: string, style: Style): void {
  const last = line[line.length - 1];
  if (last && (last.style ?? 'plain') === style) last.text += text;
  else line.push({ text, style });
}

export interface ProtocolsOpts {
  ascii: boolean;
  colors: boolean;
}

/** The panel's inner content: exactly `height` lines of exactly `width` columns. */
export function renderProtocols(shares: ProtoShare[], width: number, height: number, opts: ProtocolsOpts): Line[] {
  if (height <= 0 || width <= 0) return [];
  const ringRows = Math.min(height, Math.floor((width - LEGEND_WIDTH - 1) / 2));
  if (opts.ascii || !opts.colors || ringRows < 3) return renderProtocolBars(shares, width, height, opts.ascii);
  const ring = renderDonut(shares, ringRows);
  const legend = pickRows(shares, height).map((s) => legendLine(s, opts.ascii));
  const ringTop = Math.floor((height - ringRows) / 2);
  const legTop = Math.floor((height - legend.length) / 2);
  const left = ' '.repeat(Math.floor((width - (ringRows * 2 + 1 + LEGEND_WIDTH)) / 2));
  const lines: Line[] = [];
  for (let y = 0; y < height; y++) {
    const ringPart = ring[y - ringTop] ?? [{ text: ' '.repeat(ringRows * 2) }];
    const leg = legend[y - legTop] ?? [];
    lines.push(fitLine([{ text: left }, ...ringPart, { text: ' ' }, ...leg], width, opts.ascii));
  }
  return lines;
}
