/**
 * Column layout shared by the talkers, conversations and services tables: a left-aligned label
 * column (address, address pair, service) that takes the room the numeric columns leave, and
 * right-aligned numeric columns that are dropped in a fixed order when the label would get too
 * narrow. Widths depend on the table's width only, never on the rows, so they do not jump from
 * tick to tick.
 */
import type { TalkerSortKey } from '../aggregate/snapshot.js';
import { padLeft } from './format.js';
import type { Line } from './line.js';

export interface TableColumn<R> {
  key: string;
  title: string;
  /** Columns the values take at most (right-aligned). */
  width: number;
  /** The sort key this column shows; it is marked in the header when it is the table's. */
  sort?: TalkerSortKey;
  /**
   * Dropped while the label column is narrower than its minimum, lowest first; a column without
   * it is never dropped, and neither is the one the table is sorted by.
   */
  drop?: number;
  /** Shown only when the label column keeps its full width. */
  wide?: boolean;
  cell: (r: R) => string;
}

export interface LabelWidth {
  /** Width the label column aims at (e.g. 39: any IPv6 address). */
  full: number;
  /** Below this, numeric columns are dropped. */
  min: number;
}

export interface ColumnLayout<R> {
  cols: TableColumn<R>[];
  /** Width of the label column. */
  labelW: number;
  /** Spaces before each numeric column. */
  gap: number;
}

const GAP = 2;
/** Extra spaces a gap may get when spreading out; the label takes the rest. */
const MAX_EXTRA = 4;

/**
 * Columns for a table `width` wide. Wide columns go first when the label would get under its
 * full width; then the `drop` order while it would get under its minimum. Room left over once the
 * label has its full width widens the gaps (by up to 4), so a wide table spreads out instead of
 * leaving a hole; past that the label column takes it.
 */
export function fitColumns<R>(columns: readonly TableColumn<R>[], width: number, label: LabelWidth, sort?: TalkerSortKey): ColumnLayout<R> {
  let cols = columns.slice();
  const rest = (): number => width - cols.reduce((n, c) => n + c.width + GAP, 0);
  if (rest() < label.full) cols = cols.filter((c) => !c.wide);
  const order = cols.filter((c) => c.drop !== undefined && c.sort !== sort).sort((a, b) => (a.drop ?? 0) - (b.drop ?? 0));
  for (const d of order) {
    if (rest() >= label.min) break;
    cols = cols.filter((c) => c !== d);
  }
  const r = rest();
  if (r <= label.full || cols.length === 0) return { cols, labelW: Math.max(r, 1), gap: GAP };
  const extra = Math.min(MAX_EXTRA, Math.floor((r - label.full) / cols.length));
  return { cols, labelW: r - extra * cols.length, gap: GAP + extra };
}

/** The numeric part of the header line, the sorted column marked ('▼' / '*'). */
export function headCells<R>(layout: ColumnLayout<R>, sort: TalkerSortKey, ascii: boolean): Line {
  const mark = ascii ? '*' : '▼';
  const line: Line = [];
  for (const c of layout.cols) {
    line.push({ text: ' '.repeat(layout.gap) });
    const sorted = c.sort === sort;
    line.push({ text: padLeft(sorted ? c.title + mark : c.title, c.width, ascii), style: sorted ? 'sorted' : 'head' });
  }
  return line;
}

/** The numeric part of one row, the sorted column in bold. */
export function rowCells<R>(layout: ColumnLayout<R>, row: R, sort: TalkerSortKey, ascii: boolean): Line {
  const line: Line = [];
  for (const c of layout.cols) {
    line.push({ text: ' '.repeat(layout.gap) });
    line.push({ text: padLeft(c.cell(row), c.width, ascii), style: c.sort === sort ? 'bold' : 'plain' });
  }
  return line;
}
