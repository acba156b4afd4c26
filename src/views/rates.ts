/**
 * The rates panel: packets/s and bits/s over the last seconds as sparklines, newest at the right,
 * with the current and peak values in human units. Unicode uses the eighth blocks ▁▂▃▄▅▆▇█,
 * ASCII uses _ . - = # .
 */
import type { RateSeries } from '../aggregate/snapshot.js';
import { formatBitsPerSec, formatPps } from './format.js';
import { fitItems, fitLine, type HeaderItem, type Line } from './line.js';

/** Partial-cell glyphs, lowest first; the last one is a full cell. */
const UNICODE_LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII_LEVELS = ['_', '.', '-', '=', '#'];

/** Seconds of history the panel shows at most. */
export const RATE_WINDOW_SECS = 60;

/**
 * A sparkline `width` columns by `rows` rows (top row first) for the last `width` values, newest
 * at the right, scaled so the largest visible value fills the height. A non-zero value always
 * shows at least the lowest glyph; zero shows nothing.
 */
export function sparkline(values: readonly number[], width: number, rows: number, ascii: boolean): string[] {
  if (width <= 0 || rows <= 0) return [];
  const levels = ascii ? ASCII_LEVELS : UNICODE_LEVELS;
  const steps = levels.length;
  const shown = values.slice(Math.max(0, values.length - width));
  let max = 0;
  for (const v of shown) if (Number.isFinite(v) && v > max) max = v;
  const heights = shown.map((v) => (max > 0 && Number.isFinite(v) && v > 0 ? Math.max(1, Math.round((v / max) * rows * steps)) : 0));
  const out: string[] = [];
  for (let row = 0; row < rows; row++) {
    const base = (rows - 1 - row) * steps; // units below this row
    let s = ' '.repeat(width - shown.length);
    for (const h of heights) {
      const inRow = h - base;
      s += inRow <= 0 ? ' ' : inRow >= steps ? levels[steps - 1] : levels[inRow - 1];
    }
    out.push(s);
  }
  return out;
}

function seriesLabel(name: string, now: string, peak: string, secs: number | null, width: number, ascii: boolean): Line {
  const items: HeaderItem[] = [
    { segs: [{ text: name, style: 'head' }], prio: 9 },
    { segs: [{ text: 'now ', style: 'dim' }, { text: now, style: 'bold' }], prio: 8 },
    { segs: [{ text: 'peak ', style: 'dim' }, { text: peak }], prio: 6 },
  ];
  if (secs !== null) items.push({ segs: [{ text: `last ${secs} s`, style: 'dim' }], prio: 4 });
  return fitItems(items, width, ascii);
}

/** The panel's inner content: exactly `height` lines of exactly `width` columns. */
export function renderRates(rates: RateSeries, width: number, height: number, ascii: boolean): Line[] {
  if (height <= 0 || width <= 0) return [];
  const n = Math.min(width, RATE_WINDOW_SECS);
  const chartRows = Math.max(0, height - 2);
  const ppsRows = Math.ceil(chartRows / 2);
  const bpsRows = chartRows - ppsRows;
  const secs = Math.min(n, rates.pps.length);
  const lines: Line[] = [];
  lines.push(seriesLabel('packets/s', formatPps(rates.currentPps), formatPps(rates.peakPps), secs, width, ascii));
  // Charts sit at the right edge, newest second against the border, like the time axis reads.
  const indent = ' '.repeat(width - n);
  for (const s of sparkline(rates.pps, n, ppsRows, ascii)) lines.push([{ text: indent }, { text: s, style: 'chartA' }]);
  if (height >= 2) {
    lines.push(seriesLabel('bits/s   ', formatBitsPerSec(rates.currentBitsPerSec), formatBitsPerSec(rates.peakBitsPerSec), null, width, ascii));
    for (const s of sparkline(rates.bitsPerSec, n, bpsRows, ascii)) lines.push([{ text: indent }, { text: s, style: 'chartB' }]);
  }
  return lines.slice(0, height).map((l) => fitLine(l, width, ascii));
}
