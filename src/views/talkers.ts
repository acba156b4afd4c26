/**
 * The top-talkers table: address, packets, bytes (sent / received when wide), rate, share of IP
 * bytes, sorted by the query's
 * key (the sorted column is marked). Rows arrive sorted and cut to the panel's height by the
 * engine; this only lays them out.
 */
import type { TalkerRow, TalkerSortKey } from '../aggregate/snapshot.js';
import { formatBitsPerSec, formatBytes, formatCount, formatPercent, padLeft, padRight, sanitize } from './format.js';
import { fitLine, type Line } from './line.js';

interface Column {
  key: 'packets' | 'bytes' | 'sent' | 'recv' | 'rate' | 'share';
  title: string;
  width: number;
  sort?: TalkerSortKey;
  cell: (t: TalkerRow) => string;
}

const COLUMNS: readonly Column[] = [
  { key: 'packets', title: 'Packets', width: 8, sort: 'packets', cell: (t) => formatCount(t.packets) },
  { key: 'bytes', title: 'Bytes', width: 8, sort: 'bytes', cell: (t) => formatBytes(t.bytes) },
  { key: 'sent', title: 'Sent', width: 8, cell: (t) => formatBytes(t.bytesSent) },
  { key: 'recv', title: 'Recv', width: 8, cell: (t) => formatBytes(t.bytesRecv) },
  { key: 'rate', title: 'Rate', width: 12, sort: 'rate', cell: (t) => formatBitsPerSec(t.bitsPerSec) },
  { key: 'share', title: 'Share', width: 6, cell: (t) => formatPercent(t.share) },
];

const GAP = 2;
/** An IPv6 address is at most 39 characters, an IPv4 one 15. */
const FULL_ADDR = 39;
const MIN_ADDR = 15;

/**
 * Columns for a table `width` wide. The address column aims at 39 (any IPv6 address) whatever
 * the rows hold, so widths do not jump from tick to tick: sent and received bytes are shown only
 * when that leaves 39 for the address; share, then packets, go when it would get under 15.
 * Room left over widens the gaps, so a wide table spreads out instead of leaving a hole.
 */
export function talkerColumns(width: number): { cols: Column[]; addrW: number; gap: number } {
  let cols = COLUMNS.slice();
  const rest = (): number => width - cols.reduce((n, c) => n + c.width + GAP, 0);
  if (rest() < FULL_ADDR) cols = cols.filter((c) => c.key !== 'sent' && c.key !== 'recv');
  for (const drop of ['share', 'packets'] as const) {
    if (rest() >= MIN_ADDR) break;
    cols = cols.filter((c) => c.key !== drop);
  }
  const r = rest();
  if (r <= FULL_ADDR) return { cols, addrW: Math.max(r, 1), gap: GAP };
  const extra = Math.floor((r - FULL_ADDR) / cols.length);
  return { cols, addrW: r - extra * cols.length, gap: GAP + extra };
}

/** Box label: " Top talkers by bytes [s]  8 of 1234 ", plus how many the table's cap evicted. */
export function talkersTitle(sort: TalkerSortKey, shown: number, count: number, evicted = 0): string {
  return ` Top talkers by ${sort} [s]  ${shown} of ${count}${evicted > 0 ? `, ${evicted} evicted` : ''} `;
}

/** The panel's inner content: a column header and one line per talker, `height` lines in all. */
export function renderTalkers(rows: readonly TalkerRow[], sort: TalkerSortKey, width: number, height: number, ascii: boolean): Line[] {
  if (height <= 0 || width <= 0) return [];
  const { cols, addrW, gap } = talkerColumns(width);
  const mark = ascii ? '*' : '▼';
  const head: Line = [{ text: padRight('Address', addrW, ascii), style: 'head' }];
  for (const c of cols) {
    head.push({ text: ' '.repeat(gap) });
    const sorted = c.sort === sort;
    head.push({ text: padLeft(sorted ? c.title + mark : c.title, c.width, ascii), style: sorted ? 'sorted' : 'head' });
  }
  const lines: Line[] = [fitLine(head, width, ascii)];
  if (rows.length === 0 && height > 1) {
    lines.push(fitLine([{ text: '(no IP traffic in view)', style: 'dim' }], width, ascii));
  }
  for (const t of rows) {
    if (lines.length >= height) break;
    const line: Line = [{ text: padRight(sanitize(t.addr, ascii), addrW, ascii), style: 'bold' }];
    for (const c of cols) {
      line.push({ text: ' '.repeat(gap) });
      line.push({ text: padLeft(c.cell(t), c.width, ascii), style: c.sort === sort ? 'bold' : 'plain' });
    }
    lines.push(fitLine(line, width, ascii));
  }
  while (lines.length < height) lines.push(fitLine([], width, ascii));
  return lines;
}
