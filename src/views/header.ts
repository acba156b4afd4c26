/**
 * The two header lines: where packets come from, how much has been seen, how the capture is
 * doing (drops, ring fill, decode problems) and what the user has switched on (filter, pause).
 * Segments carry a priority; on a narrow screen the least important ones are left out whole
 * rather than every segment being cut.
 */
import type { Snapshot } from '../aggregate/snapshot.js';
import { describeFilter } from '../ui/state.js';
import { formatBitsPerSec, formatBytes, formatBytesOf, formatCount, formatDuration, formatCpu, formatPps, sanitize } from './format.js';
import { fitItems, type HeaderItem, type Line, type Seg } from './line.js';

export { fitItems, type HeaderItem };

export interface HeaderState {
  paused: boolean;
}

/** Header line 1: identity and state. */
export function headerItems1(snap: Snapshot, ui: HeaderState, ascii: boolean): HeaderItem[] {
  const cap = snap.capture;
  const items: HeaderItem[] = [];
  const src = sanitize(cap.source || '?', ascii);
  const base = cap.live ? src : src.slice(src.lastIndexOf('/') + 1) || src;
  items.push({
    segs: [{ text: src, style: 'bold' }],
    short: base !== src ? [{ text: base, style: 'bold' }] : undefined,
    // A long path is worth less than the elapsed time, the linktype and the BPF filter.
    shortPrio: 3,
    prio: 9,
  });
  if (cap.linktypeName !== '' || cap.linktype > 0) {
    items.push({ segs: [{ text: sanitize(cap.linktypeName || `linktype ${cap.linktype}`, ascii), style: 'dim' }], prio: 5 });
  }
  if (cap.bpf !== '') {
    items.push({ segs: [{ text: 'bpf ', style: 'dim' }, { text: `"${sanitize(cap.bpf, ascii)}"` }], prio: 6 });
  }
  items.push({ segs: [{ text: 'up ', style: 'dim' }, { text: formatDuration(cap.elapsedSec) }], prio: 4 });
  const f = snap.filter;
  if (f.proto !== 'all' || f.addr !== '') {
    const v = snap.view.totals;
    const tag: Seg = { text: ` filter ${sanitize(describeFilter(f), ascii)} `, style: 'filter' };
    items.push({
      segs: [tag, { text: ` ${formatCount(v.packets)} pkts ${formatBytes(v.bytes)} matched` }],
      short: [tag, { text: ` ${formatCount(v.packets)} matched` }],
      shortPrio: 8,
      prio: 10,
    });
  }
  if (ui.paused) items.push({ segs: [{ text: ' PAUSED ', style: 'flag' }], prio: 11 });
  if (cap.eof) {
    if (cap.error) {
      // A read error ended the file (damage, or a pcapng libpcap refuses): say so, in libpcap's words.
      const text = cap.live ? ` capture failed: ${cap.error} ` : ` file ends early: ${cap.error} `;
      items.push({ segs: [{ text: sanitize(text, ascii), style: 'error' }], short: [{ text: ' READ ERROR ', style: 'error' }], shortPrio: 2, prio: 12 });
    } else {
      items.push({ segs: [{ text: cap.live ? ' capture ended ' : ' EOF: file done ', style: 'flag' }], prio: 11 });
    }
  }
  return items;
}

/** Header line 2: counters (all packets), current rate (filtered view), drops, ring, decode. */
export function headerItems2(snap: Snapshot): HeaderItem[] {
  const items: HeaderItem[] = [];
  const all = snap.all.totals;
  items.push({ segs: [{ text: `${formatCount(all.packets)} pkts ${formatBytes(all.bytes)}`, style: 'bold' }], prio: 9 });
  // All traffic, like the totals beside it; the panels below show the filtered view.
  items.push({ segs: [{ text: `${formatPps(snap.all.currentPps)} ${formatBitsPerSec(snap.all.currentBitsPerSec)}`, style: 'bold' }], prio: 9 });
  const st = snap.capture.stats;
  if (st === null) {
    items.push({ segs: [{ text: 'drops ', style: 'dim' }, { text: 'n/a' }], prio: 7 });
  } else {
    const drops = st.dropped + st.ifDropped;
    items.push({ segs: [{ text: 'drops ', style: 'dim' }, { text: formatCount(drops), style: drops > 0 ? 'error' : 'ok' }], prio: 8 });
  }
  // Our own CPU next to the drops: the cost of watching, in percent of one core.
  const cpu = snap.capture.cpuPercent;
  items.push({ segs: [{ text: 'cpu ', style: 'dim' }, { text: cpu === null ? '-' : formatCpu(cpu), style: cpu !== null && cpu >= 80 ? 'warn' : 'plain' }], prio: 7 });
  const ring = snap.ring;
  const full = ring.packets >= ring.maxPackets || ring.bytes >= ring.maxBytes;
  items.push({
    segs: [
      { text: 'ring ', style: 'dim' },
      {
        text: `${formatCount(ring.packets)}/${formatCount(ring.maxPackets)} ${formatBytesOf(ring.bytes, ring.maxBytes)}`,
        style: full ? 'warn' : 'plain',
      },
    ],
    // Narrow: the fill as one percentage (the fuller of packets and bytes).
    short: [
      { text: 'ring ', style: 'dim' },
      { text: `${Math.round(100 * Math.max(ring.packets / (ring.maxPackets || 1), ring.bytes / (ring.maxBytes || 1)))}%`, style: full ? 'warn' : 'plain' },
    ],
    prio: 6,
  });
  const a = snap.all;
  if (a.truncated + a.malformed + a.unsupported > 0) {
    items.push({
      segs: [{ text: `trunc ${formatCount(a.truncated)} malf ${formatCount(a.malformed)} unsup ${formatCount(a.unsupported)}`, style: 'warn' }],
      prio: 3,
    });
  }
  return items;
}

/** Both header lines fitted to `width`. */
export function renderHeader(snap: Snapshot, ui: HeaderState, width: number, ascii: boolean): Line[] {
  return [fitItems(headerItems1(snap, ui, ascii), width, ascii), fitItems(headerItems2(snap), width, ascii)];
}
