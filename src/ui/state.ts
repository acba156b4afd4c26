/**
 * The dashboard's UI state and its pure reducer. Every key becomes an Action (src/ui/keys.ts);
 * `reduce` returns the next state plus the effects the loop (src/ui/app.ts) must run: call the
 * engine's setFilter / dump / inspect, take a fresh snapshot, quit. Effect outcomes come back as
 * Actions. Nothing here touches blessed, timers or the engine, so it is tested as plain data.
 */
import {
  PROTO_FILTERS,
  TABLE_KINDS,
  TALKER_SORT_KEYS,
  type DumpResult,
  type TableKind,
  type TalkerSortKey,
  type ViewFilter,
} from '../aggregate/snapshot.js';
import type { DissectLayer, PacketDetail } from '../decode/packet.js';

/** What the protocol donut measures. */
export type DonutMetric = 'bytes' | 'packets';

/**
 * Packet list position and selection. `follow`: the newest rows are shown, the newest one is
 * selected, and both move with new packets. Otherwise the list is anchored at the packet whose seq
 * is `topSeq` and the packet `selSeq` is selected (each: or the next one that still exists, when
 * the ring has evicted it), so rows stay put while new packets arrive.
 */
export interface ListState {
  follow: boolean;
  topSeq: number;
  selSeq: number;
}

/**
 * The open detail pane: a frozen dissection of one packet (the ring keeps moving underneath),
 * the selected layer, and the first line of the layer tree shown.
 */
export interface DetailState {
  packet: PacketDetail;
  /** Index into packet.layers; 0 when there are none. */
  layer: number;
  /** First tree line shown (see treeLineOfLayer). */
  top: number;
  /**
   * First hex dump line shown, or null to follow the selected layer (its bytes in view). Set by
   * `[` / `]`; selecting another layer goes back to following.
   */
  hexTop: number | null;
}

export interface StatusMessage {
  text: string;
  level: 'info' | 'error';
}

export interface UiState {
  /** Frozen display: no snapshots are taken on ticks; the engine keeps counting. */
  paused: boolean;
  /** Which table the talkers panel shows (Tab). */
  table: TableKind;
  /** Sort key per table (s), remembered when Tab switches away and back. */
  sorts: Record<TableKind, TalkerSortKey>;
  /** Show names learned passively (DNS answers, TLS SNI) in place of addresses (n). */
  names: boolean;
  /** The packet detail pane (Enter), or null when the dashboard's panels are shown. */
  detail: DetailState | null;
  /** The filter the engine last accepted (kept in sync from every snapshot). */
  filter: ViewFilter;
  donutMetric: DonutMetric;
  list: ListState;
  /** The address/CIDR prompt opened by '/', or null when closed. */
  prompt: { text: string } | null;
  help: boolean;
  /** One message for the status line; cleared by the next key. */
  status: StatusMessage | null;
  /** A dump is being written (a second `w` is refused until it finishes). */
  dumping: boolean;
  quitting: boolean;
}

export type Action =
  | { type: 'quit' }
  | { type: 'togglePause' }
  | { type: 'cycleSort' }
  | { type: 'cycleProto' }
  | { type: 'toggleMetric' }
  | { type: 'clearFilters' }
  | { type: 'dump' }
  | { type: 'toggleHelp' }
  /** Esc / Backspace: close help, else close the detail pane. */
  | { type: 'escape' }
  /**
   * Move the packet list's selection by `n` lines or pages (negative = up, towards older packets);
   * a page also scrolls the list by as much.
   */
  | { type: 'scroll'; unit: 'line' | 'page'; n: number }
  | { type: 'scrollTop' }
  | { type: 'scrollBottom' }
  /** Tab / Shift-Tab: the next (n = 1) or previous (n = -1) table. */
  | { type: 'cycleTable'; n: 1 | -1 }
  | { type: 'toggleNames' }
  /** Enter: dissect the selected packet. */
  | { type: 'openDetail' }
  /** Detail pane: select the layer `n` away; `wrap` goes round from the last to the first. */
  | { type: 'moveLayer'; n: number; wrap: boolean }
  /** Detail pane: select the first (0) or last (-1) layer. */
  | { type: 'layerTo'; index: 0 | -1 }
  /** Detail pane: scroll the layer tree by `n` pages. */
  | { type: 'scrollDetail'; n: number }
  /** Detail pane: scroll the hex dump by `n` pages. */
  | { type: 'scrollHex'; n: number }
  | { type: 'openPrompt' }
  | { type: 'promptInput'; text: string }
  | { type: 'promptBackspace' }
  | { type: 'promptClear' }
  | { type: 'promptSubmit' }
  | { type: 'promptCancel' }
  // Outcomes of effects, dispatched by the loop:
  | { type: 'filterApplied'; filter: ViewFilter }
  | { type: 'filterRejected'; filter: ViewFilter; error: string }
  | { type: 'dumpDone'; result: DumpResult }
  /** What DataSource.inspect(seq) returned: null when the packet has left the ring. */
  | { type: 'detailLoaded'; seq: number; detail: PacketDetail | null }
  | { type: 'snapshotTaken'; filter: ViewFilter }
  | { type: 'message'; text: string; level: 'info' | 'error' };

export type Effect =
  | { type: 'quit' }
  | { type: 'setFilter'; filter: ViewFilter }
  | { type: 'dump' }
  /** Dissect packet `seq` (DataSource.inspect); the outcome comes back as 'detailLoaded'. */
  | { type: 'inspect'; seq: number }
  /** Take a new snapshot now, even when paused (the query or the filter changed). */
  | { type: 'refresh' };

/** What scrolling needs to know about the list as it is drawn. */
export interface ReduceContext {
  /** Rows of the shown snapshot's packet list, oldest first (only `seq` is read). */
  rows: readonly { seq: number }[];
  /** Packet rows visible in the list panel. */
  listRows: number;
  /** Tree lines visible in the detail pane (for paging and keeping the selected layer in view). */
  detailRows?: number;
  /** The hex dump as drawn: first line shown, lines visible, lines in all. */
  hex?: { top: number; rows: number; lines: number };
}

export interface ReduceResult {
  state: UiState;
  effects: Effect[];
}

/** The list following the newest packet. */
const FOLLOW: ListState = { follow: true, topSeq: 0, selSeq: 0 };

/** Longest text the address prompt accepts (an IPv6 CIDR is at most 43 characters). */
export const PROMPT_MAX_CHARS = 100;

export function initialState(filter: ViewFilter = { proto: 'all', addr: '' }, opts: { names?: boolean } = {}): UiState {
  return {
    paused: false,
    table: 'hosts',
    sorts: { hosts: 'bytes', conversations: 'bytes', services: 'bytes' },
    names: opts.names ?? true,
    detail: null,
    filter: { proto: filter.proto, addr: filter.addr },
    donutMetric: 'bytes',
    list: FOLLOW,
    prompt: null,
    help: false,
    status: null,
    dumping: false,
    quitting: false,
  };
}

/** Index of the first row whose seq is ≥ `seq` (rows are in ascending seq order). */
export function lowerBound(rows: readonly { seq: number }[], seq: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where the list is drawn: index of the first visible row and of the selected row (-1: none). */
export interface ListView {
  top: number;
  sel: number;
}

/**
 * The visible window and selection of a list of rows shown `listRows` at a time. Following: the
 * last page, the newest row selected. Anchored: the anchor and selected rows (or the next newer
 * ones if the ring evicted them), the top moved just enough to keep the selection visible.
 */
export function listView(list: ListState, rows: readonly { seq: number }[], listRows: number): ListView {
  const n = rows.length;
  const r = Math.max(1, listRows);
  const maxTop = Math.max(0, n - r);
  if (n === 0) return { top: 0, sel: -1 };
  if (list.follow) return { top: maxTop, sel: n - 1 };
  const sel = Math.min(lowerBound(rows, list.selSeq), n - 1);
  let top = Math.min(lowerBound(rows, list.topSeq), maxTop);
  if (sel < top) top = sel;
  else if (sel >= top + r) top = sel - r + 1;
  return { top, sel };
}

/** Index of the first visible row (see listView). */
export function listTop(list: ListState, rows: readonly { seq: number }[], listRows: number): number {
  return listView(list, rows, listRows).top;
}

function nextOf<T>(values: readonly T[], v: T, n = 1): T {
  const i = values.indexOf(v);
  return values[(((i + n) % values.length) + values.length) % values.length];
}

/**
 * Selects row `sel` with row `top` first on screen (both clamped; the top moves to keep the
 * selection visible). Selecting the newest row follows the list again.
 */
function selectRow(state: UiState, sel: number, top: number, ctx: ReduceContext): UiState {
  const n = ctx.rows.length;
  const r = Math.max(1, ctx.listRows);
  if (n === 0 || sel >= n - 1) return { ...state, list: FOLLOW };
  const s = Math.max(0, sel);
  let t = Math.min(Math.max(0, top), Math.max(0, n - r));
  if (s < t) t = s;
  else if (s >= t + r) t = s - r + 1;
  return { ...state, list: { follow: false, topSeq: ctx.rows[t].seq, selSeq: ctx.rows[s].seq } };
}

/**
 * The layer tree as drawn: each layer's title line, then one line per field. Line index of
 * layer `i`'s title.
 */
export function treeLineOfLayer(layers: readonly DissectLayer[], i: number): number {
  let line = 0;
  for (let k = 0; k < i && k < layers.length; k++) line += 1 + layers[k].fields.length;
  return line;
}

/** Lines in the layer tree (titles and fields). */
export function treeLineCount(layers: readonly DissectLayer[]): number {
  return treeLineOfLayer(layers, layers.length);
}

/** First tree line to show for `top` wanted: never past the last page. */
export function clampTreeTop(layers: readonly DissectLayer[], top: number, rows: number): number {
  return Math.max(0, Math.min(top, treeLineCount(layers) - Math.max(1, rows)));
}

/**
 * Selects layer `layer`; the tree keeps its position when the whole layer (title and fields) is
 * already in view, otherwise it scrolls to put the layer's title first.
 */
function selectLayer(d: DetailState, layer: number, rows: number): DetailState {
  const layers = d.packet.layers;
  if (layers.length === 0) return d;
  const i = Math.min(Math.max(layer, 0), layers.length - 1);
  const first = treeLineOfLayer(layers, i);
  const last = first + layers[i].fields.length;
  const r = Math.max(1, rows);
  const top = first >= d.top && last < d.top + r ? d.top : clampTreeTop(layers, first, r);
  return { ...d, layer: i, top, hexTop: null };
}

function sameFilter(a: ViewFilter, b: ViewFilter): boolean {
  return a.proto === b.proto && a.addr === b.addr;
}

/** Human description of a filter for the status line. */
export function describeFilter(f: ViewFilter): string {
  const parts: string[] = [];
  if (f.proto !== 'all') parts.push(f.proto);
  if (f.addr !== '') parts.push(f.addr);
  return parts.length ? parts.join(' ') : 'none';
}

const NO_CONTEXT: ReduceContext = { rows: [], listRows: 1, detailRows: 1 };

/** Pure: the next state and the effects to run. Never throws. */
export function reduce(state: UiState, action: Action, ctx: ReduceContext = NO_CONTEXT): ReduceResult {
  const none: Effect[] = [];
  switch (action.type) {
    // Outcomes first: they must not clear the status line.
    case 'filterApplied': {
      const f = { proto: action.filter.proto, addr: action.filter.addr };
      return {
        state: { ...state, filter: f, list: FOLLOW, status: { text: `filter: ${describeFilter(f)}`, level: 'info' } },
        effects: [{ type: 'refresh' }],
      };
    }
    case 'filterRejected':
      return { state: { ...state, status: { text: action.error, level: 'error' } }, effects: none };
    case 'dumpDone': {
      const r = action.result;
      const status: StatusMessage = r.ok
        ? { text: `wrote ${r.packets} packets to ${r.path}`, level: 'info' }
        : { text: `dump failed: ${r.error}`, level: 'error' };
      return { state: { ...state, dumping: false, status }, effects: none };
    }
    case 'detailLoaded':
      if (action.detail === null) {
        return { state: { ...state, status: { text: 'packet no longer in memory', level: 'error' } }, effects: none };
      }
      return { state: { ...state, help: false, detail: { packet: action.detail, layer: 0, top: 0, hexTop: null } }, effects: none };
    case 'snapshotTaken':
      return sameFilter(state.filter, action.filter)
        ? { state, effects: none }
        : { state: { ...state, filter: { proto: action.filter.proto, addr: action.filter.addr } }, effects: none };
    case 'message':
      return { state: { ...state, status: { text: action.text, level: action.level } }, effects: none };
    default:
      break;
  }

  // A key: the previous message has been seen.
  const s: UiState = state.status ? { ...state, status: null } : state;
  switch (action.type) {
    case 'quit':
      return { state: { ...s, quitting: true }, effects: [{ type: 'quit' }] };
    case 'togglePause':
      return { state: { ...s, paused: !s.paused }, effects: s.paused ? [{ type: 'refresh' }] : none };
    case 'cycleSort': {
      const sorts = { ...s.sorts, [s.table]: nextOf(TALKER_SORT_KEYS, s.sorts[s.table]) };
      return { state: { ...s, sorts }, effects: [{ type: 'refresh' }] };
    }
    case 'cycleTable':
      return { state: { ...s, table: nextOf(TABLE_KINDS, s.table, action.n) }, effects: [{ type: 'refresh' }] };
    case 'toggleNames':
      return { state: { ...s, names: !s.names }, effects: none };
    case 'toggleMetric':
      return { state: { ...s, donutMetric: s.donutMetric === 'bytes' ? 'packets' : 'bytes' }, effects: none };
    case 'cycleProto':
      return { state: s, effects: [{ type: 'setFilter', filter: { proto: nextOf(PROTO_FILTERS, s.filter.proto), addr: s.filter.addr } }] };
    case 'clearFilters':
      return { state: s, effects: [{ type: 'setFilter', filter: { proto: 'all', addr: '' } }] };
    case 'dump':
      if (s.dumping) return { state: { ...s, status: { text: 'a dump is already being written', level: 'info' } }, effects: none };
      return { state: { ...s, dumping: true, status: { text: 'writing pcap…', level: 'info' } }, effects: [{ type: 'dump' }] };
    case 'toggleHelp':
      return { state: { ...s, help: !s.help }, effects: none };
    case 'escape':
      if (s.help) return { state: { ...s, help: false }, effects: none };
      return { state: s.detail ? { ...s, detail: null } : s, effects: none };
    case 'scroll': {
      const rows = Math.max(1, ctx.listRows);
      const v = listView(s.list, ctx.rows, rows);
      if (v.sel < 0) return { state: s, effects: none };
      if (action.unit === 'line') return { state: selectRow(s, v.sel + action.n, v.top, ctx), effects: none };
      const step = Math.max(1, rows - 1) * action.n;
      return { state: selectRow(s, v.sel + step, v.top + step, ctx), effects: none };
    }
    case 'scrollTop':
      return { state: selectRow(s, 0, 0, ctx), effects: none };
    case 'scrollBottom':
      return { state: { ...s, list: FOLLOW }, effects: none };
    case 'openDetail': {
      const v = listView(s.list, ctx.rows, ctx.listRows);
      if (v.sel < 0) return { state: { ...s, status: { text: 'no packet to inspect', level: 'info' } }, effects: none };
      const seq = ctx.rows[v.sel].seq;
      // Pin the list on the inspected packet, so Esc comes back to it (and Down to the next one).
      const list: ListState = { follow: false, topSeq: ctx.rows[v.top].seq, selSeq: seq };
      return { state: { ...s, help: false, list }, effects: [{ type: 'inspect', seq }] };
    }
    case 'moveLayer': {
      const d = s.detail;
      if (!d || d.packet.layers.length === 0) return { state: s, effects: none };
      const n = d.packet.layers.length;
      const to = action.wrap ? (((d.layer + action.n) % n) + n) % n : d.layer + action.n;
      return { state: { ...s, detail: selectLayer(d, to, ctx.detailRows ?? 1) }, effects: none };
    }
    case 'layerTo': {
      const d = s.detail;
      if (!d) return { state: s, effects: none };
      const to = action.index === 0 ? 0 : d.packet.layers.length - 1;
      return { state: { ...s, detail: selectLayer(d, to, ctx.detailRows ?? 1) }, effects: none };
    }
    case 'scrollDetail': {
      const d = s.detail;
      if (!d) return { state: s, effects: none };
      const rows = Math.max(1, ctx.detailRows ?? 1);
      const top = clampTreeTop(d.packet.layers, d.top + Math.max(1, rows - 1) * action.n, rows);
      return { state: { ...s, detail: { ...d, top } }, effects: none };
    }
    case 'scrollHex': {
      const d = s.detail;
      const h = ctx.hex;
      if (!d || !h) return { state: s, effects: none };
      const rows = Math.max(1, h.rows);
      const hexTop = Math.max(0, Math.min(h.top + Math.max(1, rows - 1) * action.n, h.lines - rows));
      return { state: { ...s, detail: { ...d, hexTop } }, effects: none };
    }
    case 'openPrompt':
      return { state: { ...s, help: false, prompt: { text: s.filter.addr } }, effects: none };
    case 'promptInput': {
      if (!s.prompt) return { state: s, effects: none };
      const text = (s.prompt.text + action.text).slice(0, PROMPT_MAX_CHARS);
      return { state: { ...s, prompt: { text } }, effects: none };
    }
    case 'promptBackspace':
      if (!s.prompt) return { state: s, effects: none };
      return { state: { ...s, prompt: { text: s.prompt.text.slice(0, -1) } }, effects: none };
    case 'promptClear':
      if (!s.prompt) return { state: s, effects: none };
      return { state: { ...s, prompt: { text: '' } }, effects: none };
    case 'promptCancel':
      return { state: { ...s, prompt: null }, effects: none };
    case 'promptSubmit': {
      if (!s.prompt) return { state: s, effects: none };
      const addr = s.prompt.text.trim();
      return { state: { ...s, prompt: null }, effects: [{ type: 'setFilter', filter: { proto: s.filter.proto, addr } }] };
    }
  }
  return { state: s, effects: none };
}
