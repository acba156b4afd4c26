/**
 * The dashboard's widgets: plain blessed boxes created once, moved on resize, and filled with
 * pre-formatted, width-fitted lines from the view models on every render. (blessed-contrib's
 * donut draws one gauge ring per value and its sparkline, table and log have no ASCII mode or
 * scroll anchoring, so the panels are drawn here from pure functions instead.)
 */
import blessed from 'blessed';
import type { Snapshot } from '../aggregate/snapshot.js';
import { truncate } from './format.js';
import type { UiState } from '../ui/state.js';
import { renderHeader } from './header.js';
import { HELP_HEIGHT, renderHelp, renderHint } from './hint.js';
import type { Layout, Rect } from './layout.js';
import { lineToTags, linesToTags, type Line, type Palette } from './line.js';
import { listWindow, packetsTitle, renderPackets } from './packets.js';
import { protocolShares, renderProtocols } from './protocols.js';
import { renderRates } from './rates.js';
import { renderTalkers, talkersTitle } from './talkers.js';

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
  private layout: Layout | null = null;

  constructor(
    screen: blessed.Widgets.Screen,
    private readonly opts: ViewOptions,
  ) {
    const plain = (): Box => blessed.box({ parent: screen, tags: true, wrap: false, style: {} });
    const panel = (label: string): Box =>
      blessed.box({
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
    this.hint = plain();
    this.help = blessed.box({
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
    const place = (box: Box, r: Rect): void => {
      if (r.height <= 0 || r.width <= 0) {
        box.hide();
        return;
      }
      box.left = r.left;
      box.top = r.top;
      box.width = r.width;
      box.height = r.height;
      box.show();
    };
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

  /** Fills every widget from the snapshot and UI state. Does not call screen.render(). */
  draw(snap: Snapshot, ui: UiState): void {
    const l = this.layout;
    if (!l) return;
    const { ascii, colors } = this.opts;
    const palette: Palette = !colors ? 'mono' : this.opts.terminalColors < 16 ? 'color8' : 'color';
    const tags = (lines: Line[]): string => linesToTags(lines, palette);

    this.header.setContent(tags(renderHeader(snap, ui, l.header.width, ascii).slice(0, l.header.height)));

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
      this.talkers.setLabel(
        fitLabel(
          talkersTitle(ui.talkerSort, Math.min(snap.view.talkers.length, t.h - 1), snap.view.talkerCount, snap.view.talkersEvicted),
          l.talkers.width,
          ascii,
        ),
      );
      this.talkers.setContent(tags(renderTalkers(snap.view.talkers, ui.talkerSort, t.w, t.h, ascii)));
    }
    if (l.packets.height > 0) {
      const p = inner(l.packets);
      const win = listWindow(snap.packets, ui.list, Math.max(p.h - 1, 1));
      this.packets.setLabel(fitLabel(packetsTitle(win, ascii), l.packets.width, ascii));
      this.packets.setContent(tags(renderPackets(snap.packets, win, p.w, p.h, ascii)));
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
    },
    filter: { proto: 'all', addr: '' },
    packets: [],
    ring: { packets: 0, bytes: 0, maxPackets: 0, maxBytes: 0 },
    names: {},
  };
}
