/**
 * Styled text lines: what every view model returns. A Line is a list of segments, each with a
 * semantic style; `lineToTags` turns it into blessed tag markup for one theme (colour or mono),
 * `lineText` into plain text for tests and width checks.
 */

/** Semantic styles; the theme decides what each looks like (or that it looks like nothing). */
export type Style =
  | 'plain'
  | 'dim'
  | 'bold'
  | 'head'
  | 'sorted'
  | 'key'
  | 'error'
  | 'warn'
  | 'ok'
  | 'flag'
  | 'filter'
  /** The selected row (packet list, layer tree). */
  | 'select'
  /** Highlighted bytes (the selected layer in the hex dump). */
  | 'mark'
  | 'chartA'
  | 'chartB'
  | 'tcp'
  | 'udp'
  | 'icmp'
  | 'arp'
  | 'other';

export interface Seg {
  text: string;
  style?: Style;
}

export type Line = Seg[];

/** The plain text of a line. */
export function lineText(line: Line): string {
  let s = '';
  for (const seg of line) s += seg.text;
  return s;
}

/**
 * Cuts a line to `width` columns (the cut is marked with '…' / '~') and pads it with spaces to
 * exactly `width`, so a row fully overwrites what was drawn there before.
 */
export function fitLine(line: Line, width: number, ascii: boolean): Line {
  const out: Line = [];
  let used = 0;
  const total = lineText(line).length;
  const cut = total > width;
  const room = cut ? Math.max(width - 1, 0) : width;
  for (const seg of line) {
    if (used >= room) break;
    const take = seg.text.length <= room - used ? seg.text : seg.text.slice(0, room - used);
    if (take.length > 0) out.push(seg.style ? { text: take, style: seg.style } : { text: take });
    used += take.length;
  }
  if (cut && width > 0) {
    out.push({ text: ascii ? '~' : '…', style: 'dim' });
    used++;
  }
  if (used < width) out.push({ text: ' '.repeat(width - used) });
  return out;
}

/** An item of a fitted line: segments shown together, dropped together. Higher `prio` stays longer. */
export interface HeaderItem {
  segs: Seg[];
  /** Dropped in ascending order of prio while the line is too wide. */
  prio: number;
  /** A shorter form (a file's base name, a count without bytes)… */
  short?: Seg[];
  /** …used at this point of the same order (before `prio`; default prio − 0.5). */
  shortPrio?: number;
}

const GAP = '  ';

function segsWidth(segs: Seg[]): number {
  let w = 0;
  for (const s of segs) w += s.text.length;
  return w;
}

/**
 * Joins items with two spaces. While the line is wider than `width` the next step in priority
 * order is taken: an item switches to its short form (at `shortPrio`) or is dropped (at `prio`;
 * the rightmost first on ties; the last item is never dropped). Whatever still does not fit is
 * cut by fitLine.
 */
export function fitItems(items: HeaderItem[], width: number, ascii: boolean): Line {
  const keep = items.map((it, i) => ({ ...it, index: i, dropped: false }));
  const total = (): number => {
    let n = 0;
    let first = true;
    for (const it of keep) {
      if (it.dropped) continue;
      n += segsWidth(it.segs) + (first ? 0 : GAP.length);
      first = false;
    }
    return n;
  };
  type Step = { at: number; index: number; shorten: boolean };
  const steps: Step[] = [];
  for (const it of keep) {
    steps.push({ at: it.prio, index: it.index, shorten: false });
    if (it.short) steps.push({ at: it.shortPrio ?? it.prio - 0.5, index: it.index, shorten: true });
  }
  steps.sort((a, b) => a.at - b.at || b.index - a.index);
  let alive = keep.length;
  for (const st of steps) {
    if (total() <= width) break;
    const it = keep[st.index];
    if (st.shorten) it.segs = it.short ?? it.segs;
    else if (alive > 1) {
      it.dropped = true;
      alive--;
    }
  }
  const line: Line = [];
  for (const it of keep) {
    if (it.dropped) continue;
    if (line.length > 0) line.push({ text: GAP });
    line.push(...it.segs);
  }
  return fitLine(line, width, ascii);
}

/** Blessed tag pairs per style for a colour terminal (named colours only: they work with 8). */
const COLOR_TAGS: Record<Style, [string, string]> = {
  plain: ['', ''],
  dim: ['{gray-fg}', '{/gray-fg}'],
  bold: ['{bold}', '{/bold}'],
  head: ['{bold}', '{/bold}'],
  sorted: ['{bold}{underline}', '{/underline}{/bold}'],
  key: ['{bold}{cyan-fg}', '{/cyan-fg}{/bold}'],
  error: ['{bold}{red-fg}', '{/red-fg}{/bold}'],
  warn: ['{yellow-fg}', '{/yellow-fg}'],
  ok: ['{green-fg}', '{/green-fg}'],
  flag: ['{black-fg}{yellow-bg}', '{/yellow-bg}{/black-fg}'],
  filter: ['{black-fg}{cyan-bg}', '{/cyan-bg}{/black-fg}'],
  select: ['{inverse}', '{/inverse}'],
  mark: ['{black-fg}{yellow-bg}', '{/yellow-bg}{/black-fg}'],
  chartA: ['{green-fg}', '{/green-fg}'],
  chartB: ['{cyan-fg}', '{/cyan-fg}'],
  tcp: ['{green-fg}', '{/green-fg}'],
  udp: ['{cyan-fg}', '{/cyan-fg}'],
  icmp: ['{yellow-fg}', '{/yellow-fg}'],
  arp: ['{magenta-fg}', '{/magenta-fg}'],
  other: ['{blue-fg}', '{/blue-fg}'],
};

/** Monochrome: emphasis only where it carries meaning. */
const MONO_TAGS: Record<Style, [string, string]> = {
  plain: ['', ''],
  dim: ['', ''],
  bold: ['{bold}', '{/bold}'],
  head: ['{bold}', '{/bold}'],
  sorted: ['{bold}{underline}', '{/underline}{/bold}'],
  key: ['{bold}', '{/bold}'],
  error: ['{inverse}', '{/inverse}'],
  warn: ['{bold}', '{/bold}'],
  ok: ['', ''],
  flag: ['{inverse}', '{/inverse}'],
  filter: ['{inverse}', '{/inverse}'],
  select: ['{inverse}', '{/inverse}'],
  mark: ['{inverse}', '{/inverse}'],
  chartA: ['', ''],
  chartB: ['', ''],
  tcp: ['', ''],
  udp: ['', ''],
  icmp: ['', ''],
  arp: ['', ''],
  other: ['', ''],
};

/** Escapes blessed's tag braces in literal text. */
export function escapeTags(s: string): string {
  return s.indexOf('{') < 0 && s.indexOf('}') < 0 ? s : s.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

/**
 * With only 8 colours blessed maps gray to black, which vanishes on a dark background: dim text
 * stays in the default colour there. Highlighted bytes are inverse: a coloured background is
 * not reliably readable in 8 colours.
 */
const COLOR8_TAGS: Record<Style, [string, string]> = { ...COLOR_TAGS, dim: ['', ''], mark: ['{inverse}', '{/inverse}'] };

/** How styles are drawn: no colour, the 8 ANSI colours, or 16 and more (gray available). */
export type Palette = 'mono' | 'color8' | 'color';

const TABLES: Record<Palette, Record<Style, [string, string]>> = { mono: MONO_TAGS, color8: COLOR8_TAGS, color: COLOR_TAGS };

/** Blessed tag markup for a line (the box must have `tags: true`). */
export function lineToTags(line: Line, palette: Palette): string {
  const table = TABLES[palette];
  let s = '';
  for (const seg of line) {
    const [open, close] = table[seg.style ?? 'plain'];
    s += open + escapeTags(seg.text) + close;
  }
  return s;
}

/** Markup for many lines, newline-joined. */
export function linesToTags(lines: Line[], palette: Palette): string {
  return lines.map((l) => lineToTags(l, palette)).join('\n');
}

/** The same text with every segment in one style (a selected row). */
export function restyle(line: Line, style: Style): Line {
  return [{ text: lineText(line), style }];
}
