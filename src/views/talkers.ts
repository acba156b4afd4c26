/**
 * The talkers panel, one of three tables (Tab): top talkers (address, packets, bytes, sent /
 * received when wide, rate, share of IP bytes), conversations ("A ⇄ B", packets, bytes, bytes
 * each way, rate, share) and services ("tcp/443 https", packets, bytes, rate, share). Rows arrive
 * sorted and cut to the panel's height by the engine, sorted by the query's key (the sorted
 * column is marked); this only lays them out. Addresses may show as passively learned names.
 */
import {
  TABLE_KINDS,
  type ConversationRow,
  type ServiceRow,
  type TableKind,
  type TalkerRow,
  type TalkerSortKey,
} from '../aggregate/snapshot.js';
import { formatBitsPerSec, formatBytes, formatCount, formatPercent, padRight, sanitize } from './format.js';
import { fitLine, type Line } from './line.js';
import { addrLabel, type NameMap } from './names.js';
import { fitColumns, headCells, rowCells, type ColumnLayout, type TableColumn } from './table.js';

const TALKER_COLUMNS: readonly TableColumn<TalkerRow>[] = [
  { key: 'packets', title: 'Packets', width: 8, sort: 'packets', drop: 2, cell: (t) => formatCount(t.packets) },
  { key: 'bytes', title: 'Bytes', width: 8, sort: 'bytes', cell: (t) => formatBytes(t.bytes) },
  { key: 'sent', title: 'Sent', width: 8, wide: true, cell: (t) => formatBytes(t.bytesSent) },
  { key: 'recv', title: 'Recv', width: 8, wide: true, cell: (t) => formatBytes(t.bytesRecv) },
  { key: 'rate', title: 'Rate', width: 12, sort: 'rate', drop: 3, cell: (t) => formatBitsPerSec(t.bitsPerSec) },
  { key: 'share', title: 'Share', width: 6, drop: 1, cell: (t) => formatPercent(t.share) },
];

/** An IPv6 address is at most 39 characters, an IPv4 one 15. */
const FULL_ADDR = 39;
const MIN_ADDR = 15;

/**
 * Columns for a talkers table `width` wide. The address column aims at 39 (any IPv6 address)
 * whatever the rows hold: sent and received bytes are shown only when that leaves 39 for the
 * address; share, then packets, go when it would get under 15 (never the sorted column).
 */
export function talkerColumns(width: number, sort?: TalkerSortKey): { cols: TableColumn<TalkerRow>[]; addrW: number; gap: number } {
  const l = fitColumns(TALKER_COLUMNS, width, { full: FULL_ADDR, min: MIN_ADDR }, sort);
  return { cols: l.cols, addrW: l.labelW, gap: l.gap };
}

/** Box label: " Top talkers by bytes [s]  8 of 1234 ", plus how many the table's cap evicted. */
export function talkersTitle(sort: TalkerSortKey, shown: number, count: number, evicted = 0): string {
  return ` Top talkers by ${sort} [s]  ${shown} of ${count}${evicted > 0 ? `, ${evicted} evicted` : ''} `;
}

const TABLE_NAMES: Record<TableKind, string> = { hosts: 'talkers', conversations: 'conversations', services: 'services' };

/**
 * Box labels for the panel, longest first (the caller takes the first that fits): which table,
 * its sort key, how many rows of how many, and which table Tab shows next.
 */
export function tableTitles(table: TableKind, sort: TalkerSortKey, shown: number, count: number, evicted = 0): string[] {
  const base = ` Top ${TABLE_NAMES[table]} by ${sort} [s]  ${shown} of ${count}${evicted > 0 ? `, ${evicted} evicted` : ''} `;
  const next = TABLE_KINDS[(TABLE_KINDS.indexOf(table) + 1) % TABLE_KINDS.length];
  return [`${base} [Tab] ${TABLE_NAMES[next]} `, base, ` Top ${TABLE_NAMES[table]} by ${sort} [s] `];
}

function emptyRow(text: string, width: number, ascii: boolean): Line {
  return fitLine([{ text, style: 'dim' }], width, ascii);
}

function finish(lines: Line[], width: number, height: number, ascii: boolean): Line[] {
  while (lines.length < height) lines.push(fitLine([], width, ascii));
  return lines.slice(0, height);
}

/** The panel's inner content for top talkers: a column header and one line per talker, `height` lines in all. */
export function renderTalkers(
  rows: readonly TalkerRow[],
  sort: TalkerSortKey,
  width: number,
  height: number,
  ascii: boolean,
  names: NameMap = null,
): Line[] {
  if (height <= 0 || width <= 0) return [];
  const layout: ColumnLayout<TalkerRow> = fitColumns(TALKER_COLUMNS, width, { full: FULL_ADDR, min: MIN_ADDR }, sort);
  const w = layout.labelW;
  const lines: Line[] = [fitLine([{ text: padRight('Address', w, ascii), style: 'head' }, ...headCells(layout, sort, ascii)], width, ascii)];
  if (rows.length === 0 && height > 1) lines.push(emptyRow('(no IP traffic in view)', width, ascii));
  for (const t of rows) {
    if (lines.length >= height) break;
    const label = padRight(sanitize(addrLabel(t.addr, names, w), ascii), w, ascii);
    lines.push(fitLine([{ text: label, style: 'bold' }, ...rowCells(layout, t, sort, ascii)], width, ascii));
  }
  return finish(lines, width, height, ascii);
}

/** Both directions between the pair: '⇄', or '<->' in ASCII mode, with a space either side. */
function pairSep(ascii: boolean): string {
  return ascii ? ' <-> ' : ' ⇄ ';
}

function conversationColumns(ascii: boolean): TableColumn<ConversationRow>[] {
  return [
    { key: 'packets', title: 'Packets', width: 8, sort: 'packets', drop: 2, cell: (c) => formatCount(c.packets) },
    { key: 'bytes', title: 'Bytes', width: 8, sort: 'bytes', cell: (c) => formatBytes(c.bytes) },
    { key: 'atob', title: ascii ? 'A->B' : 'A→B', width: 8, drop: 4, cell: (c) => formatBytes(c.bytesAToB) },
    { key: 'btoa', title: ascii ? 'B->A' : 'B→A', width: 8, drop: 5, cell: (c) => formatBytes(c.bytesBToA) },
    { key: 'rate', title: 'Rate', width: 11, sort: 'rate', drop: 3, cell: (c) => formatBitsPerSec(c.bitsPerSec) },
    { key: 'share', title: 'Share', width: 6, drop: 1, cell: (c) => formatPercent(c.share) },
  ];
}

/**
 * Width of each address of the pair for a label column `labelW` wide: the separator in the
 * middle, A left of it, B right of it, so the arrows line up row under row.
 */
export function pairWidths(labelW: number, ascii: boolean): { aW: number; bW: number } {
  const room = Math.max(labelW - pairSep(ascii).length, 2);
  const aW = Math.floor(room / 2);
  return { aW, bW: room - aW };
}

/**
 * The panel's inner content for conversations. The pair aims at two IPv6 addresses and keeps at
 * least two IPv4 ones; share, packets and rate go first when it would get narrower.
 */
export function renderConversations(
  rows: readonly ConversationRow[],
  sort: TalkerSortKey,
  width: number,
  height: number,
  ascii: boolean,
  names: NameMap = null,
): Line[] {
  if (height <= 0 || width <= 0) return [];
  const sep = pairSep(ascii);
  const layout = fitColumns(conversationColumns(ascii), width, { full: 2 * FULL_ADDR + sep.length, min: 2 * MIN_ADDR + sep.length }, sort);
  const { aW, bW } = pairWidths(layout.labelW, ascii);
  const pad = ' '.repeat(Math.max(0, layout.labelW - aW - bW - sep.length));
  const head: Line = [{ text: padRight('A', aW, ascii) + sep + padRight('B', bW, ascii) + pad, style: 'head' }, ...headCells(layout, sort, ascii)];
  const lines: Line[] = [fitLine(head, width, ascii)];
  if (rows.length === 0 && height > 1) lines.push(emptyRow('(no IP conversations in view)', width, ascii));
  for (const c of rows) {
    if (lines.length >= height) break;
    const a = padRight(sanitize(addrLabel(c.a, names, aW), ascii), aW, ascii);
    const b = padRight(sanitize(addrLabel(c.b, names, bW), ascii), bW, ascii);
    lines.push(
      fitLine([{ text: a, style: 'bold' }, { text: sep, style: 'dim' }, { text: b + pad, style: 'bold' }, ...rowCells(layout, c, sort, ascii)], width, ascii),
    );
  }
  return finish(lines, width, height, ascii);
}

const SERVICE_COLUMNS: readonly TableColumn<ServiceRow>[] = [
  { key: 'packets', title: 'Packets', width: 8, sort: 'packets', drop: 2, cell: (s) => formatCount(s.packets) },
  { key: 'bytes', title: 'Bytes', width: 8, sort: 'bytes', cell: (s) => formatBytes(s.bytes) },
  { key: 'rate', title: 'Rate', width: 12, sort: 'rate', drop: 3, cell: (s) => formatBitsPerSec(s.bitsPerSec) },
  { key: 'share', title: 'Share', width: 6, drop: 1, cell: (s) => formatPercent(s.share) },
];

/** "tcp/443 https": transport/port padded to 9 ("udp/65535"), then the IANA name if known. */
export function serviceLabel(s: ServiceRow, ascii: boolean): string {
  const id = `${s.transport}/${s.port}`;
  return s.name === '' ? id : `${id.padEnd(9)} ${sanitize(s.name, ascii)}`;
}

/** The panel's inner content for services (transport + server port). */
export function renderServices(rows: readonly ServiceRow[], sort: TalkerSortKey, width: number, height: number, ascii: boolean): Line[] {
  if (height <= 0 || width <= 0) return [];
  const layout = fitColumns(SERVICE_COLUMNS, width, { full: 28, min: 15 }, sort);
  const w = layout.labelW;
  const lines: Line[] = [fitLine([{ text: padRight('Service', w, ascii), style: 'head' }, ...headCells(layout, sort, ascii)], width, ascii)];
  if (rows.length === 0 && height > 1) lines.push(emptyRow('(no TCP/UDP services in view)', width, ascii));
  for (const s of rows) {
    if (lines.length >= height) break;
    lines.push(fitLine([{ text: padRight(serviceLabel(s, ascii), w, ascii), style: 'bold' }, ...rowCells(layout, s, sort, ascii)], width, ascii));
  }
  return finish(lines, width, height, ascii);
}
