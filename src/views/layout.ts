/**
 * Where each panel goes for a terminal of `cols`×`rows`. Pure, recomputed on every resize.
 * Panels that do not fit get height 0 and are hidden; the packet list is the last to go.
 *
 *   header (2 rows)
 *   protocols | rates
 *   top talkers
 *   packets
 *   hint / status (1 row)
 */

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Layout {
  cols: number;
  rows: number;
  header: Rect;
  protocols: Rect;
  rates: Rect;
  talkers: Rect;
  packets: Rect;
  hint: Rect;
  help: Rect;
}

const HIDDEN: Rect = { left: 0, top: 0, width: 0, height: 0 };

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

/** Rows a bordered panel needs to show anything (border + one line). */
const MIN_PANEL = 3;

export function computeLayout(cols: number, rows: number, helpLines: number): Layout {
  const c = Math.max(cols, 1);
  const r = Math.max(rows, 1);
  const headerH = r >= 6 ? 2 : Math.min(1, r);
  const hintH = r >= 2 ? 1 : 0;
  const header: Rect = { left: 0, top: 0, width: c, height: headerH };
  const hint: Rect = { left: 0, top: r - hintH, width: c, height: hintH };
  let avail = Math.max(0, r - headerH - hintH);

  let topH = 0;
  if (avail >= 15) topH = clamp(Math.floor(avail * 0.3) + 1, 6, 12);
  avail -= topH;
  let talkersH = 0;
  if (avail >= 2 * MIN_PANEL + 2) talkersH = clamp(Math.round(avail * 0.5), 4, 12);
  const packetsH = avail - talkersH >= MIN_PANEL ? avail - talkersH : 0;
  if (packetsH === 0) talkersH = avail >= MIN_PANEL ? avail : 0;

  const y0 = headerH;
  let protoW = c >= 56 ? clamp(Math.round(c * 0.34), 27, 46) : 0;
  if (topH === 0) protoW = 0;
  const protocols: Rect = topH && protoW ? { left: 0, top: y0, width: protoW, height: topH } : HIDDEN;
  const rates: Rect = topH ? { left: protoW, top: y0, width: c - protoW, height: topH } : HIDDEN;
  const talkers: Rect = talkersH ? { left: 0, top: y0 + topH, width: c, height: talkersH } : HIDDEN;
  const packets: Rect = packetsH ? { left: 0, top: y0 + topH + talkersH, width: c, height: packetsH } : HIDDEN;

  const helpW = Math.min(c, 66);
  const helpH = Math.min(r, helpLines + 2);
  const help: Rect = { left: Math.floor((c - helpW) / 2), top: Math.floor((r - helpH) / 2), width: helpW, height: helpH };
  return { cols: c, rows: r, header, protocols, rates, talkers, packets, hint, help };
}
