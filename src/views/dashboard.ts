/**
 * The dashboard's widgets: plain blessed boxes created once, moved on resize, and filled with
 * pre-formatted, width-fitted lines from the view models on every render. The packet detail pane
 * (layer tree + hex dump) is two more such boxes, shown in place of the panels while it is open. (blessed-contrib's
 * donut draws one gauge ring per value and its sparkline, table and log have no ASCII mode or
 * scroll anchoring, so the panels are drawn here from pure functions instead.)
 */
import type blessed from 'blessed';
import { box } from '../ui/blessed.js';
import type { Snapshot } from '../aggregate/snapshot.js';
import { truncate } from './format.js';
import type { DetailState, UiState } from '../ui/state.js';
import { hexBytesPerLine, hexLineCount, hexTitles, hexViewTop, renderHex, renderTree, treeTitles } from './detail.js';
import { renderHeader } from './header.js';
import { HELP_HEIGHT, renderHelp, renderHint } from './hint.js';
import { HEX_PANE_WIDTH, splitDetail, type Layout, type Rect } from './layout.js';
import { lineToTags, linesToTags, type Line, type Palette } from './line.js';
import type { NameMap } from './names.js';
import { AddrWidths, listWindow, packetsTitles, renderPackets } from './packets.js';
import { protocolShares, renderProtocols } from './protocols.js';
import { renderRates } from './rates.js';
import { renderConversations, renderServices, renderTalkers, tableTitles } from './talkers.js';

export interface ViewOptions {
  ascii: boolean;
  colors: boolean;
  /** Colours the terminal has (terminfo `colors`); below 16 there is no gray. */
  terminalColors: number;
}

type Box = blessed.Widgets.BoxElement;

/** A box label cut to fit the top border of a panel `width` wide (corners and one dash kept). */
export function fitLabel(labels: string | readonly string[], width: number, ascii: boolean): string {
  const room = Math.max(width - 4, 0);
  const list = typeof labels === 'string' ? [labels] : labels;
  for (const l of list) if (l.length <= room) return l;
  return truncate(list[list.length - 1], room, ascii);
}

/** Inner size of a bordered panel. */
function inner(r: Rect): { w: number; h: number } {
  return { w: Math.max(r.width - 2, 0), h: Math.max(r.height - 2, 0) };
}

export class DashboardView {
  private readonly header: Box;
  private readonly protocols: Box;
  private readonly rates: Box;
  private readonly talkers: Box;
  private readonly packets: Box;
  private readonly hint: Box;
  private readonly help: Box;
  private readonly tree: Box;
  private readonly hex: Box;
  private layout: Layout | null = null;
  /** The packet list's address columns, kept from frame to frame. */
  private addrWidths = new AddrWidths();

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly opts: ViewOptions,
  ) {
    const plain = (): Box => box({ parent: screen, tags: true, wrap: false, style: {} });
    const panel = (label: string): Box =>
      box({
        parent: screen,
        tags: true,
        wrap: false,
        label,
        border: { type: 'line' },
        style: opts.colors ? { border: { fg: 'blue' }, label: { bold: true } } : { label: { bold: true } },
      });
    this.header = plain();
    this.protocols = panel(' Protocols ');
    this.rates = panel(' Rates ');
    this.talkers = panel(' Top talkers ');
    this.packets = panel(' Packets ');
    this.tree = panel(' Packet ');
    this.hex = panel(' Bytes ');
    this.tree.hide();
    this.hex.hide();
    this.hint = plain();
    this.help = box({
      parent: screen,
      tags: true,
      wrap: false,
      label: ' Keys ',
      border: { type: 'line' },
      hidden: true,
      style: opts.colors ? { border: { fg: 'yellow' }, label: { bold: true } } : { label: { bold: true } },
    });
  }

  /** Moves every widget to its rectangle; panels with no room are hidden. */
  applyLayout(layout: Layout): void {
    this.layout = layout;
    const place = DashboardView.place;
    place(this.header, layout.header);
    place(this.protocols, layout.protocols);
    place(this.rates, layout.rates);
    place(this.talkers, layout.talkers);
    place(this.packets, layout.packets);
    place(this.hint, layout.hint);
    const hr = layout.help;
    this.help.left = hr.left;
    this.help.top = hr.top;
    this.help.width = hr.width;
    this.help.height = hr.height;
  }

  /** Packet rows the list shows at once (for scrolling). */
  listRows(): number {
    return this.layout ? Math.max(inner(this.layout.packets).h - 1, 1) : 1;
  }

  /** Talker rows the table shows at once (the snapshot query's limit). */
  talkerRows(): number {
    return this.layout ? Math.max(inner(this.layout.talkers).h - 1, 1) : 1;
  }

  /** Where the detail pane's tree and hex dump go for this packet. */
  private detailRects(d: DetailState): { tree: Rect; hex: Rect } | null {
    const l = this.layout;
    if (!l) return null;
    const n = d.packet.bytes.length;
    const hexW = Math.min(l.detail.width, HEX_PANE_WIDTH) - 2;
    return splitDetail(l.detail, hexLineCount(n, hexBytesPerLine(n, hexW)));
  }

  /**
   * The detail pane as drawn for `d` (for the reducer's paging): tree lines shown at once, and
   * the hex dump's first line, lines shown and lines in all.
   */
  detailGeometry(d: DetailState | null): { treeRows: number; hex?: { top: number; rows: number; lines: number } } {
    const r = d ? this.detailRects(d) : null;
    if (!d || !r) return { treeRows: 1 };
    const treeRows = Math.max(inner(r.tree).h, 1);
    if (r.hex.height <= 0) return { treeRows };
    const h = inner(r.hex);
    const n = d.packet.bytes.length;
    const sel = d.packet.layers[d.layer] ?? null;
    const top = hexViewTop(n, h.w, sel, h.h, d.hexTop);
    return { treeRows, hex: { top, rows: h.h, lines: hexLineCount(n, hexBytesPerLine(n, h.w)) } };
  }

  /** Shows the dashboard's panels, or hides them for the detail pane. */
  private showPanels(on: boolean): void {
    const l = this.layout;
    if (!l) return;
    const pairs: [Box, Rect][] = [
      [this.protocols, l.protocols],
      [this.rates, l.rates],
      [this.talkers, l.talkers],
      [this.packets, l.packets],
    ];
    for (const [box, r] of pairs) {
      if (on && r.height > 0 && r.width > 0) box.show();
      else box.hide();
    }
  }

  private static place(box: Box, r: Rect): void {
    if (r.height <= 0 || r.width <= 0) {
      box.hide();
      return;
    }
    box.left = r.left;
    box.top = r.top;
    box.width = r.width;
    box.height = r.height;
    box.show();
  }

  /**
   * Draws `warm` (synthetic traffic: DataSource.warmSnapshot) through the very code a frame runs,
   * panels rendered into the screen's cell buffer but never to the terminal, then `real` back in:
   * so V8 optimizes the frame code before real traffic needs it (JIT warm-up). Nothing of `warm`
   * reaches the terminal or stays in the panels; the next screen.render() draws `real`.
   */
  warmDraw(warm: Snapshot, real: Snapshot, ui: UiState): void {
    if (!this.layout || ui.detail || ui.help) return;
    const kept = this.addrWidths;
    this.addrWidths = new AddrWidths();
    try {
      this.draw(warm, ui);
      for (const b of [this.header, this.protocols, this.rates, this.talkers, this.packets, this.hint]) {
        if (b.visible) b.render();
      }
    } finally {
      this.addrWidths = kept;
      this.draw(real, ui);
    }
  }

  /** Fills every widget from the snapshot and UI state. Does not call screen.render(). */
  draw(snap: Snapshot, ui: UiState): void {
    const l = this.layout;
    if (!l) return;
    const { ascii, colors } = this.opts;
    const palette: Palette = !colors ? 'mono' : this.opts.terminalColors < 16 ? 'color8' : 'color';
    const tags = (lines: Line[]): string => linesToTags(lines, palette);
    const names: NameMap = ui.names ? snap.names : null;

    this.header.setContent(tags(renderHeader(snap, ui, l.header.width, ascii).slice(0, l.header.height)));

    if (ui.detail) {
      this.showPanels(false);
      this.drawDetail(ui.detail, tags);
    } else {
      this.tree.hide();
      this.hex.hide();
      this.showPanels(true);
      this.drawPanels(snap, ui, names, tags);
    }
    if (l.hint.height > 0) {
      this.hint.setContent(lineToTags(renderHint(ui, snap.capture.error, l.hint.width, ascii), palette));
    }
    if (ui.help) {
      const h = inner(l.help);
      this.help.setContent(tags(renderHelp(h.w, ascii).slice(0, h.h)));
      this.help.show();
      this.help.setFront();
    } else {
      this.help.hide();
    }
  }

  private drawDetail(d: DetailState, tags: (lines: Line[]) => string): void {
    const rects = this.detailRects(d);
    if (!rects) return;
    const { ascii } = this.opts;
    DashboardView.place(this.tree, rects.tree);
    DashboardView.place(this.hex, rects.hex);
    if (rects.tree.height > 0) {
      const t = inner(rects.tree);
      this.tree.setLabel(fitLabel(treeTitles(d.packet), rects.tree.width, ascii));
      this.tree.setContent(tags(renderTree(d.packet.layers, d.layer, d.top, t.w, t.h, ascii)));
    }
    if (rects.hex.height > 0) {
      const h = inner(rects.hex);
      const sel = d.packet.layers[d.layer] ?? null;
      this.hex.setLabel(fitLabel(hexTitles(d.packet, d.layer, ascii), rects.hex.width, ascii));
      this.hex.setContent(tags(renderHex(d.packet.bytes, sel, h.w, h.h, ascii, d.hexTop)));
    }
  }

  private drawPanels(snap: Snapshot, ui: UiState, names: NameMap, tags: (lines: Line[]) => string): void {
    const l = this.layout;
    if (!l) return;
    const { ascii, colors } = this.opts;

    if (l.protocols.height > 0) {
      const p = inner(l.protocols);
      this.protocols.setLabel(fitLabel([` Protocols by ${ui.donutMetric} [b] `, ` Protocols: ${ui.donutMetric} [b] `, ` Proto ${ui.donutMetric} [b] `], l.protocols.width, ascii));
      this.protocols.setContent(tags(renderProtocols(protocolShares(snap.view, ui.donutMetric), p.w, p.h, { ascii, colors })));
    }
    if (l.rates.height > 0) {
      const r = inner(l.rates);
      this.rates.setContent(tags(renderRates(snap.view.rates, r.w, r.h, ascii)));
    }
    if (l.talkers.height > 0) {
      const t = inner(l.talkers);
      const v = snap.view;
      const sort = ui.sorts[ui.table];
      const shown = (n: number): number => Math.min(n, t.h - 1);
      let titles: string[];
      let lines: Line[];
      switch (ui.table) {
        case 'conversations':
          titles = tableTitles('conversations', sort, shown(v.conversations.length), v.conversationCount, v.conversationsEvicted);
          lines = renderConversations(v.conversations, sort, t.w, t.h, ascii, names);
          break;
        case 'services':
          titles = tableTitles('services', sort, shown(v.services.length), v.serviceCount);
          lines = renderServices(v.services, sort, t.w, t.h, ascii);
          break;
        default:
          titles = tableTitles('hosts', sort, shown(v.talkers.length), v.talkerCount, v.talkersEvicted);
          lines = renderTalkers(v.talkers, sort, t.w, t.h, ascii, names);
      }
      this.talkers.setLabel(fitLabel(titles, l.talkers.width, ascii));
      this.talkers.setContent(tags(lines));
    }
    if (l.packets.height > 0) {
      const p = inner(l.packets);
      const win = listWindow(snap.packets, ui.list, Math.max(p.h - 1, 1));
      this.packets.setLabel(fitLabel(packetsTitles(win, ascii), l.packets.width, ascii));
      const aw = this.addrWidths.width(snap.packets, win, p.w, names);
      this.packets.setContent(tags(renderPackets(snap.packets, win, p.w, p.h, ascii, names, aw)));
    }
  }
}

export { HELP_HEIGHT };

/**
 * What the screen shows before the first snapshot arrives (or if taking it failed): nothing
 * counted, every panel present, so the status line can say what went wrong.
 */
export function emptySnapshot(nowMs: number): Snapshot {
  const zero = { packets: 0, bytes: 0 };
  return {
    takenAtMs: nowMs,
    view: {
      totals: zero,
      capBytes: 0,
      classes: { tcp: zero, udp: zero, icmp: zero, icmpv6: zero, arp: zero, other: zero },
      truncated: 0,
      malformed: 0,
      unsupported: 0,
      rates: { secs: [], pps: [], bitsPerSec: [], currentPps: 0, currentBitsPerSec: 0, peakPps: 0, peakBitsPerSec: 0 },
      talkers: [],
      talkerCount: 0,
      conversations: [],
      conversationCount: 0,
      services: [],
      serviceCount: 0,
      talkersEvicted: 0,
      conversationsEvicted: 0,
      firstTs: NaN,
      lastTs: NaN,
    },
    all: { totals: zero, truncated: 0, malformed: 0, unsupported: 0, currentPps: 0, currentBitsPerSec: 0 },
    capture: {
      source: '(no snapshot yet)',
      live: true,
      linktype: 0,
      linktypeName: '',
      snaplen: 0,
      bpf: '',
      stats: null,
      eof: false,
      elapsedSec: 0,
      error: '',
      cpuPercent: null,
    },
    filter: { proto: 'all', addr: '' },
    packets: [],
    ring: { packets: 0, bytes: 0, maxPackets: 0, maxBytes: 0 },
    names: {},
  };
}
