/**
 * The packet list: time (local HH:MM:SS.mmm), source, destination, protocol, length, info — the
 * newest rows at the bottom, the selected row highlighted. Which rows are visible and which is
 * selected comes from the UI's ListState (follow the newest, or stay anchored at a packet) via
 * `listView`. Addresses may show as passively learned names.
 */
import type { PacketRow } from '../aggregate/snapshot.js';
import { listView, lowerBound, type ListState } from '../ui/state.js';
import { formatClock, padLeft, padRight, sanitize } from './format.js';
import { fitLine, restyle, type Line } from './line.js';
import { addrLabel, shortLabel, type NameMap } from './names.js';

/** The visible slice of the list and what the title says about it. */
export interface ListWindow {
  /** Index of the first visible row. */
  start: number;
  /** One past the last visible row. */
  end: number;
  follow: boolean;
  /** Rows newer than the last visible one. */
  newer: number;
  /** Rows in the list in all. */
  total: number;
  /** Index of the selected row, -1 when the list is empty. */
  sel: number;
}

export function listWindow(packets: readonly PacketRow[], list: ListState, rows: number): ListWindow {
  const r = Math.max(1, rows);
  const { top: start, sel } = listView(list, packets, r);
  const end = Math.min(packets.length, start + r);
  return { start, end, follow: list.follow, newer: packets.length - end, total: packets.length, sel };
}

/** Box label: " Packets 123 " when following, with a scroll indicator otherwise. */
export function packetsTitle(win: ListWindow, ascii: boolean): string {
  if (win.follow) return ` Packets  newest ${win.total} `;
  const arrow = ascii ? 'v' : '↓';
  return ` Packets  SCROLLED ${win.start + 1}-${win.end} of ${win.total}, ${win.newer} newer ${arrow} G/End follows `;
}

/** Shorter labels for narrow panels, longest first (fitLabel picks the first that fits). */
export function packetsTitles(win: ListWindow, ascii: boolean): string[] {
  const full = packetsTitle(win, ascii);
  if (win.follow) return [full];
  return [full, ` Packets  SCROLLED ${win.start + 1}-${win.end} of ${win.total}, ${win.newer} newer `, ` Packets  SCROLLED `];
}

const TIME_W = 12;
const PROTO_W = 6;
const LEN_W = 5;
/** Address columns: 15 fits IPv4, 39 any IPv6. */
const MIN_ADDR = 15;
const MAX_ADDR = 39;
/** Time, protocol, length and the five separating spaces. */
const FIXED_W = TIME_W + PROTO_W + LEN_W + 5;

/**
 * Width of the source and destination columns: the longest address (or name, when names are
 * on) in this list, at least 15 and at most 39, but a long one only widens them while info keeps
 * 30% of the row; past that it is cut.
 */
export function addrWidth(packets: readonly PacketRow[], width: number, names: NameMap = null): number {
  return fitAddrWidth(longestAddr(packets, 0, packets.length, names).len, width);
}

/** The longest source or destination label of rows [from, to), at least 15, and the newest row with it (-1: none). */
function longestAddr(packets: readonly PacketRow[], from: number, to: number, names: NameMap): { len: number; seq: number } {
  let longest = MIN_ADDR;
  let seq = -1;
  for (let i = Math.max(0, to - 1); i >= from && i < packets.length; i--) {
    const p = packets[i];
    const s = names ? shortLabel(p.src, names).length : p.src.length;
    const d = names ? shortLabel(p.dst, names).length : p.dst.length;
    const m = Math.min(Math.max(s, d), MAX_ADDR);
    if (m > longest) {
      longest = m;
      seq = p.seq;
      if (longest >= MAX_ADDR) break;
    }
  }
  return { len: longest, seq };
}

function fitAddrWidth(longest: number, width: number): number {
  const minInfo = Math.max(12, Math.floor(width * 0.3));
  const room = Math.floor((width - FIXED_W - minInfo) / 2);
  const floor = Math.max(7, Math.min(MIN_ADDR, Math.floor((width - FIXED_W - 12) / 2)));
  return Math.max(floor, Math.min(longest, MAX_ADDR, room));
}

/**
 * The address columns' width as the dashboard keeps it from frame to frame: from the rows on
 * screen, held at the widest seen while the row that set it is still in the list (so the columns
 * do not change width as rows scroll by, or while scrolling), narrowed once it has left. Only the
 * drawn rows are read: a row's addresses are made when first read (Engine's packet rows).
 */
export class AddrWidths {
  private longest = 0;
  private seq = -1;
  private named = false;

  /** Column width for the rows `win` shows of `packets` in a panel `width` columns wide. */
  width(packets: readonly PacketRow[], win: ListWindow, width: number, names: NameMap): number {
    const seen = longestAddr(packets, win.start, win.end, names);
    if (seen.len >= this.longest || this.named !== (names !== null) || !holds(packets, this.seq)) {
      this.longest = seen.len;
      this.seq = seen.seq;
      this.named = names !== null;
    }
    return fitAddrWidth(this.longest, width);
  }
}

/** True when the list (ascending sequence numbers) has the row with sequence number `seq`. */
function holds(packets: readonly PacketRow[], seq: number): boolean {
  const i = lowerBound(packets, seq);
  return i < packets.length && packets[i].seq === seq;
}

/**
 * The panel's inner content: a column header and the visible rows, `height` lines in all; the
 * selected row (win.sel) in the 'select' style. `aw`: the address columns' width (default:
 * addrWidth over the whole list; the dashboard passes AddrWidths').
 */
export function renderPackets(
  packets: readonly PacketRow[],
  win: ListWindow,
  width: number,
  height: number,
  ascii: boolean,
  names: NameMap = null,
  aw: number = addrWidth(packets, width, names),
): Line[] {
  if (height <= 0 || width <= 0) return [];
  const head: Line = [
    {
      text: `${padRight('Time', TIME_W, ascii)} ${padRight('Source', aw, ascii)} ${padRight('Destination', aw, ascii)} ${padRight('Proto', PROTO_W, ascii)} ${padLeft('Len', LEN_W, ascii)} Info`,
      style: 'head',
    },
  ];
  const lines: Line[] = [fitLine(head, width, ascii)];
  if (packets.length === 0 && height > 1) {
    lines.push(fitLine([{ text: '(no packets in view)', style: 'dim' }], width, ascii));
  }
  for (let i = win.start; i < win.end && lines.length < height; i++) {
    const p = packets[i];
    const src = sanitize(addrLabel(p.src, names, aw), ascii);
    const dst = sanitize(addrLabel(p.dst, names, aw), ascii);
    const line = fitLine(
      [
        { text: formatClock(p.tsSec, p.tsNsec) + ' ', style: 'dim' },
        { text: padRight(src, aw, ascii) + ' ' + padRight(dst, aw, ascii) + ' ' },
        { text: padRight(sanitize(p.proto, ascii), PROTO_W, ascii), style: protoStyle(p.proto) },
        { text: ' ' + padLeft(String(p.length), LEN_W, ascii) + ' ' },
        { text: sanitize(p.info, ascii) },
      ],
      width,
      ascii,
    );
    lines.push(i === win.sel ? restyle(line, 'select') : line);
  }
  while (lines.length < height) lines.push(fitLine([], width, ascii));
  return lines;
}

function protoStyle(proto: string): 'tcp' | 'udp' | 'icmp' | 'arp' | 'other' {
  const p = proto.toLowerCase();
  if (p === 'tcp' || p === 'http' || p === 'tls') return 'tcp';
  if (p === 'udp' || p === 'dns' || p === 'quic' || p === 'ntp' || p === 'dhcp' || p === 'mdns') return 'udp';
  if (p.startsWith('icmp')) return 'icmp';
  if (p === 'arp') return 'arp';
  return 'other';
}
