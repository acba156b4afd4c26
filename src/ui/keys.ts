/**
 * Keys → Actions: one pure table, no side effects. Input is blessed's keypress pair reduced to
 * what matters: `full` (e.g. 'q', 'S-g', 'C-c', 'pageup', 'enter') and `ch` (the typed character).
 */
import type { Action } from './state.js';

export interface KeyEvent {
  /** Blessed's `key.full`: modifiers + name, e.g. 'C-c', 'S-g', 'up', 'space', '?'. */
  full: string;
  /** The character typed, when there is one. */
  ch?: string;
}

export interface KeyMode {
  /** The address prompt is open: printable keys edit it. */
  prompt: boolean;
  /** The packet detail pane is open: arrows and Tab move between layers, Esc goes back. */
  detail?: boolean;
}

/** Keys by name (blessed `key.full`), normal mode. */
const NORMAL: Readonly<Record<string, Action>> = {
  q: { type: 'quit' },
  'C-c': { type: 'quit' },
  space: { type: 'togglePause' },
  p: { type: 'togglePause' },
  'S-p': { type: 'togglePause' },
  up: { type: 'scroll', unit: 'line', n: -1 },
  k: { type: 'scroll', unit: 'line', n: -1 },
  down: { type: 'scroll', unit: 'line', n: 1 },
  j: { type: 'scroll', unit: 'line', n: 1 },
  pageup: { type: 'scroll', unit: 'page', n: -1 },
  pagedown: { type: 'scroll', unit: 'page', n: 1 },
  g: { type: 'scrollTop' },
  home: { type: 'scrollTop' },
  'S-g': { type: 'scrollBottom' },
  end: { type: 'scrollBottom' },
  s: { type: 'cycleSort' },
  t: { type: 'cycleProto' },
  b: { type: 'toggleMetric' },
  '/': { type: 'openPrompt' },
  c: { type: 'clearFilters' },
  w: { type: 'dump' },
  '?': { type: 'toggleHelp' },
  escape: { type: 'escape' },
  backspace: { type: 'escape' },
  tab: { type: 'cycleTable', n: 1 },
  'S-tab': { type: 'cycleTable', n: -1 },
  n: { type: 'toggleNames' },
  // blessed reports Enter as both 'enter' and 'return': only one of them may act.
  enter: { type: 'openDetail' },
  linefeed: { type: 'openDetail' },
};

/** Keys while the detail pane is open. */
const DETAIL: Readonly<Record<string, Action>> = {
  q: { type: 'quit' },
  'C-c': { type: 'quit' },
  space: { type: 'togglePause' },
  p: { type: 'togglePause' },
  'S-p': { type: 'togglePause' },
  escape: { type: 'escape' },
  backspace: { type: 'escape' },
  up: { type: 'moveLayer', n: -1, wrap: false },
  k: { type: 'moveLayer', n: -1, wrap: false },
  down: { type: 'moveLayer', n: 1, wrap: false },
  j: { type: 'moveLayer', n: 1, wrap: false },
  tab: { type: 'moveLayer', n: 1, wrap: true },
  'S-tab': { type: 'moveLayer', n: -1, wrap: true },
  pageup: { type: 'scrollDetail', n: -1 },
  pagedown: { type: 'scrollDetail', n: 1 },
  '[': { type: 'scrollHex', n: -1 },
  ']': { type: 'scrollHex', n: 1 },
  g: { type: 'layerTo', index: 0 },
  home: { type: 'layerTo', index: 0 },
  'S-g': { type: 'layerTo', index: -1 },
  end: { type: 'layerTo', index: -1 },
  w: { type: 'dump' },
  '?': { type: 'toggleHelp' },
};

/** Same keys by typed character, for terminals/paths where `full` is spelled differently. */
const BY_CHAR: Readonly<Record<string, string>> = { ' ': 'space', P: 'S-p', G: 'S-g', '?': '?', '/': '/', '[': '[', ']': ']' };

/** Keys while the prompt is open. 'return' is ignored: blessed reports Enter as 'enter' and 'return'. */
const PROMPT: Readonly<Record<string, Action>> = {
  'C-c': { type: 'quit' },
  escape: { type: 'promptCancel' },
  enter: { type: 'promptSubmit' },
  linefeed: { type: 'promptSubmit' },
  backspace: { type: 'promptBackspace' },
  'C-h': { type: 'promptBackspace' },
  'C-u': { type: 'promptClear' },
};

/** The one table: the Action for a key in a mode, or null when the key means nothing there. */
export function keyToAction(ev: KeyEvent, mode: KeyMode): Action | null {
  if (mode.prompt) {
    const a = PROMPT[ev.full];
    if (a) return a;
    const ch = ev.ch;
    if (ch !== undefined && ch.length === 1 && !ev.full.startsWith('C-') && !ev.full.startsWith('M-')) {
      const c = ch.charCodeAt(0);
      if (c >= 0x20 && c <= 0x7e) return { type: 'promptInput', text: ch };
    }
    return null;
  }
  const table = mode.detail ? DETAIL : NORMAL;
  const a = table[ev.full];
  if (a) return a;
  if (ev.ch !== undefined) {
    const alias = BY_CHAR[ev.ch];
    if (alias && table[alias]) return table[alias];
  }
  return null;
}

/**
 * A key hint: key, what it does, and how long it stays when the line is short of room (higher
 * stays longer).
 */
export interface KeyHint {
  key: string;
  what: string;
  prio: number;
}

/** The key hint line on the dashboard, in display order. */
export const KEY_HINTS: readonly KeyHint[] = [
  { key: 'q', what: 'quit', prio: 10 },
  { key: 'space', what: 'pause', prio: 7 },
  { key: 'Enter', what: 'detail', prio: 9 },
  { key: 'Tab', what: 'table', prio: 8 },
  { key: 's', what: 'sort', prio: 6 },
  { key: 'n', what: 'names', prio: 8 },
  { key: 't', what: 'proto', prio: 4 },
  { key: '/', what: 'addr', prio: 5 },
  { key: 'c', what: 'clear', prio: 2 },
  { key: 'w', what: 'dump', prio: 3 },
  { key: '?', what: 'help', prio: 10 },
];

/** The key hint line while the detail pane is open. */
export const DETAIL_HINTS: readonly KeyHint[] = [
  { key: 'Esc', what: 'back', prio: 10 },
  { key: 'Up/Down Tab', what: 'layer', prio: 9 },
  { key: 'PgUp/PgDn', what: 'scroll', prio: 7 },
  { key: '[ ]', what: 'bytes', prio: 6 },
  { key: 'g/G', what: 'first/last', prio: 4 },
  { key: 'space', what: 'pause', prio: 5 },
  { key: 'q', what: 'quit', prio: 8 },
  { key: '?', what: 'help', prio: 9 },
];

/** The help box: every key, grouped. */
export const HELP_ROWS: readonly (readonly [string, string])[] = [
  ['q  Ctrl-C', 'quit'],
  ['Space  p', 'pause / resume the display (capture goes on)'],
  ['Up Down  k j', 'select a packet / a layer in the detail pane'],
  ['PgUp PgDn', 'page the list / scroll the detail tree'],
  ['g Home  G End', 'oldest / newest packet (G follows new ones)'],
  ['Enter', 'detail of the selected packet: layers and hex'],
  ['[  ]', 'scroll the hex dump of the detail pane'],
  ['Esc  Backspace', 'back from the detail pane; close help / prompt'],
  ['Tab  Shift-Tab', 'table: talkers > conversations > services'],
  ['s', 'sort the table: bytes > packets > rate'],
  ['n', 'names from DNS answers and TLS SNI / addresses'],
  ['t', 'protocol filter: all tcp udp icmp arp other'],
  ['/', 'address or CIDR filter (empty clears)'],
  ['c', 'clear both filters'],
  ['b', 'protocol chart by bytes / packets'],
  ['w', 'write the ring to a pcap file'],
  ['?', 'this help'],
];
