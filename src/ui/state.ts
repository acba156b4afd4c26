/**
 * The dashboard's UI state and its pure reducer. Every key becomes an Action (src/ui/keys.ts);
 * `reduce` returns the next state plus the effects the loop (src/ui/app.ts) must run: call the
 * engine's setFilter / dump, take a fresh snapshot, quit. Effect outcomes come back as Actions.
 * Nothing here touches blessed, timers or the engine, so it is tested as plain data.
 */
import {
  PROTO_FILTERS,
  TALKER_SORT_KEYS,
  type DumpResult,
  type TalkerSortKey,
  type ViewFilter,
} from '../aggregate/snapshot.js';

/** What the protocol donut measures. */
export type DonutMetric = 'bytes' | 'packets';

/**
 * Packet list position. `follow`: the newest rows are shown and the view moves with them.
 * Otherwise the list is anchored at the packet whose seq is `topSeq` (or the next one that still
 * exists), so rows stay put while new packets arrive.
 */
export interface ListState {
  follow: boolean;
  topSeq: number;
}

export interface StatusMessage {
  text: string;
  level: 'info' | 'error';
}

export interface UiState {
  /** Frozen display: no snapshots are taken on ticks; the engine keeps counting. */
  paused: boolean;
  talkerSort: TalkerSortKey;
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
  | { type: 'escape' }
  /** Scroll the packet list by `n` lines or pages (negative = up, towards older packets). */
  | { type: 'scroll'; unit: 'line' | 'page'; n: number }
  | { type: 'scrollTop' }
  | { type: 'scrollBottom' }
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
  | { type: 'snapshotTaken'; filter: ViewFilter }
  | { type: 'message'; text: string; level: 'info' | 'error' };

export type Effect =
  | { type: 'quit' }
  | { type: 'setFilter'; filter: ViewFilter }
  | { type: 'dump' }
  /** Take a new snapshot now, even when paused (the query or the filter changed). */
  | { type: 'refresh' };

/** What scrolling needs to know about the list as it is drawn. */
export interface ReduceContext {
  /** Rows of the shown snapshot's packet list, oldest first (only `seq` is read). */
  rows: readonly { seq: number }[];
  /** Packet rows visible in the list panel. */
  listRows: number;
}

export interface ReduceResult {
  state: UiState;
  effects: Effect[];
}

/** Longest text the address prompt accepts (an IPv6 CIDR is at most 43 characters). */
export const PROMPT_MAX_CHARS = 100;

export function initialState(filter: ViewFilter = { proto: 'all', addr: '' }): UiState {
  return {
    paused: false,
    talkerSort: 'bytes',
    filter: { proto: filter.proto, addr: filter.addr },
    donutMetric: 'bytes',
    list: { follow: true, topSeq: 0 },
    prompt: null,
    help: false,
    status: null,
    dumping: false,
    quitting: false,
  };
}

/** Index of the first row whose seq is ≥ `seq` (rows are in ascending seq order). */
function lowerBound(rows: readonly { seq: number }[], seq: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Index of the first visible row of a list of `count` rows shown `listRows` at a time.
 * Following: the last page. Anchored: the anchor row (or the next newer one if it was evicted
 * from the ring), never past the last page.
 */
export function listTop(list: ListState, rows: readonly { seq: number }[], listRows: number): number {
  const maxTop = Math.max(0, rows.length - Math.max(1, listRows));
  if (list.follow) return maxTop;
  return Math.min(lowerBound(rows, list.topSeq), maxTop);
}

function nextOf<T>(values: readonly T[], v: T): T {
  const i = values.indexOf(v);
  return values[(i + 1) % values.length];
}

function scrollTo(state: UiState, top: number, ctx: ReduceContext): UiState {
  const maxTop = Math.max(0, ctx.rows.length - Math.max(1, ctx.listRows));
  if (top >= maxTop || maxTop === 0) return { ...state, list: { follow: true, topSeq: 0 } };
  const t = Math.max(0, top);
  return { ...state, list: { follow: false, topSeq: ctx.rows[t].seq } };
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

const NO_CONTEXT: ReduceContext = { rows: [], listRows: 1 };

/** Pure: the next state and the effects to run. Never throws. */
export function reduce(state: UiState, action: Action, ctx: ReduceContext = NO_CONTEXT): ReduceResult {
  const none: Effect[] = [];
  switch (action.type) {
    // Outcomes first: they must not clear the status line.
    case 'filterApplied': {
      const f = { proto: action.filter.proto, addr: action.filter.addr };
      return {
        state: { ...state, filter: f, list: { follow: true, topSeq: 0 }, status: { text: `filter: ${describeFilter(f)}`, level: 'info' } },
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
    case 'cycleSort':
      return { state: { ...s, talkerSort: nextOf(TALKER_SORT_KEYS, s.talkerSort) }, effects: [{ type: 'refresh' }] };
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
      return { state: s.help ? { ...s, help: false } : s, effects: none };
    case 'scroll': {
      const rows = Math.max(1, ctx.listRows);
      const step = action.unit === 'page' ? Math.max(1, rows - 1) * action.n : action.n;
      return { state: scrollTo(s, listTop(s.list, ctx.rows, rows) + step, ctx), effects: none };
    }
    case 'scrollTop':
      return { state: scrollTo(s, 0, ctx), effects: none };
    case 'scrollBottom':
      return { state: { ...s, list: { follow: true, topSeq: 0 } }, effects: none };
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
