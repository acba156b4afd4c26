/**
 * Where each panel goes for a terminal of `cols`×`rows`. Pure, recomputed on every resize.
 * Panels that do not fit get height 0 and are hidden; the packet list is the last to go.
 *
 *   header (2 rows)
 *   protocols | rates
 *   top talkers
 *   packets
 *   hint / status (1 row)
 *
 * The detail pane (Enter) replaces everything between the header and the hint: the layer tree
 * above, the hex dump below (splitDetail).
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
  /** Between header and hint: where the detail pane goes. */
  detail: Rect;
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
  const detail: Rect = { left: 0, top: headerH, width: c, height: Math.max(0, r - headerH - hintH) };
  return { cols: c, rows: r, header, protocols, rates, talkers, packets, hint, help, detail };
}

/** Columns of a bordered 16-bytes-a-line hex dump with a 4-digit offset (72 + border + 2). */
export const HEX_PANE_WIDTH = 76;

/**
 * Splits the detail area between the layer tree and the hex dump. From 150 columns they sit side
 * by side (the dump on the right, HEX_PANE_WIDTH wide); otherwise the dump goes below the tree
 * and gets the lines the packet needs (`hexLines`) but at most 40% of the area (the tree keeps
 * room for an IPv4 header's 10 fields at 80x24), and at least 3 lines; below 10 rows the tree
 * takes it all.
 */
export function splitDetail(area: Rect, hexLines: number): { tree: Rect; hex: Rect } {
  if (area.height < 10 || area.width <= 0) return { tree: area, hex: HIDDEN };
  if (area.width >= 150) {
    const treeW = area.width - HEX_PANE_WIDTH;
    return {
      tree: { left: area.left, top: area.top, width: treeW, height: area.height },
      hex: { left: area.left + treeW, top: area.top, width: HEX_PANE_WIDTH, height: area.height },
    };
  }
  const maxHex = Math.max(5, Math.floor(area.height * 0.4));
  const hexH = clamp(Math.max(hexLines, 1) + 2, 5, maxHex);
  const tree: Rect = { left: area.left, top: area.top, width: area.width, height: area.height - hexH };
  const hex: Rect = { left: area.left, top: area.top + tree.height, width: area.width, height: hexH };
  return { tree, hex };
}
