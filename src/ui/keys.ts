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
};

/** Same keys by typed character, for terminals/paths where `full` is spelled differently. */
const BY_CHAR: Readonly<Record<string, string>> = { ' ': 'space', P: 'S-p', G: 'S-g', '?': '?', '/': '/' };

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
  const a = NORMAL[ev.full];
  if (a) return a;
  if (ev.ch !== undefined) {
    const alias = BY_CHAR[ev.ch];
    if (alias && NORMAL[alias]) return NORMAL[alias];
  }
  return null;
}

/** The key hint line, as (key, what) pairs in display order. */
export const KEY_HINTS: readonly (readonly [string, string])[] = [
  ['q', 'quit'],
  ['space', 'pause'],
  ['s', 'sort'],
  ['t', 'proto'],
  ['/', 'addr'],
  ['c', 'clear'],
  ['w', 'dump'],
  ['?', 'help'],
];

/** The help box: every key, grouped. */
export const HELP_ROWS: readonly (readonly [string, string])[] = [
  ['q  Ctrl-C', 'quit'],
  ['Space  p', 'pause / resume the display (capture goes on)'],
  ['Up Down  k j', 'scroll the packet list one line'],
  ['PgUp PgDn', 'scroll one page'],
  ['g  Home', 'oldest packet kept'],
  ['G  End', 'newest packet; follow new packets'],
  ['s', 'talkers sort: bytes > packets > rate'],
  ['t', 'protocol filter: all tcp udp icmp arp other'],
  ['/', 'address or CIDR filter (empty clears)'],
  ['c', 'clear both filters'],
  ['b', 'protocol chart by bytes / packets'],
  ['w', 'write the ring to a pcap file'],
  ['?', 'this help'],
  ['Esc', 'close help / cancel the prompt'],
];
