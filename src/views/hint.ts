/**
 * The bottom line (key hints, doubling as the status line and the address prompt) and the help
 * box's text.
 */
import { DETAIL_HINTS, HELP_ROWS, KEY_HINTS, type KeyHint } from '../ui/keys.js';
import type { UiState } from '../ui/state.js';
import { padRight, sanitize } from './format.js';
import { fitLine, type Line, type Seg } from './line.js';

/** What the hint line needs to know about the UI. */
export type HintState = Pick<UiState, 'prompt' | 'status'> & Partial<Pick<UiState, 'names' | 'detail'>>;

const GAP = '  ';

function hintSegs(h: KeyHint, ui: HintState): Seg[] {
  const segs: Seg[] = [{ text: h.key, style: 'key' }, { text: ' ' + h.what }];
  // `n` also says whether names are on now.
  if (h.key === 'n' && ui.names !== undefined) segs.push(ui.names ? { text: ' on', style: 'ok' } : { text: ' off', style: 'dim' });
  return segs;
}

/**
 * The key hints that fit in `room` columns, in display order: the lowest-priority hints are left
 * out whole (the rightmost first on ties). Not padded.
 */
export function hints(ui: HintState, room: number): Line {
  const list = (ui.detail ? DETAIL_HINTS : KEY_HINTS).map((h, i) => ({ segs: hintSegs(h, ui), prio: h.prio, i }));
  const width = (items: typeof list): number =>
    items.reduce((n, it, k) => n + (k > 0 ? GAP.length : 0) + it.segs.reduce((m, s) => m + s.text.length, 0), 0);
  let keep = list;
  const order = list.slice().sort((a, b) => a.prio - b.prio || b.i - a.i);
  for (const drop of order) {
    if (width(keep) <= room) break;
    keep = keep.filter((it) => it !== drop);
  }
  const line: Line = [];
  keep.forEach((it, k) => {
    if (k > 0) line.push({ text: GAP });
    line.push(...it.segs);
  });
  return line;
}

/**
 * Priority: the open prompt; else the status message (errors in red), then the capture's error;
 * key hints fill whatever room is left.
 */
export function renderHint(
  ui: HintState,
  captureError: string,
  width: number,
  ascii: boolean,
): Line {
  if (ui.prompt) {
    return fitLine(
      [
        { text: 'address or CIDR: ', style: 'key' },
        { text: sanitize(ui.prompt.text, ascii) },
        { text: '_', style: 'bold' },
        { text: '   Enter apply, Esc cancel, empty clears', style: 'dim' },
      ],
      width,
      ascii,
    );
  }
  const line: Line = [];
  if (ui.status) {
    line.push({ text: sanitize(ui.status.text, ascii), style: ui.status.level === 'error' ? 'error' : 'bold' });
  } else if (captureError !== '') {
    line.push({ text: 'capture error: ' + sanitize(captureError, ascii), style: 'error' });
  }
  if (line.length === 0) return fitLine(hints(ui, width), width, ascii);
  const used = line.reduce((n, s) => n + s.text.length, 0);
  // Whatever hints still fit go to the right of the message.
  const h = used + 4 < width ? hints(ui, width - used - 4) : [];
  const hintW = h.reduce((n, s) => n + s.text.length, 0);
  if (hintW > 0) line.push({ text: ' '.repeat(width - used - hintW) }, ...h);
  return fitLine(line, width, ascii);
}

/** Help box content lines (key column, then what it does). */
export function renderHelp(width: number, ascii: boolean): Line[] {
  const keyW = 16;
  const lines: Line[] = HELP_ROWS.map(([k, what]) =>
    fitLine([{ text: padRight(k, keyW, ascii), style: 'key' }, { text: what }], width, ascii),
  );
  lines.push(fitLine([], width, ascii));
  lines.push(fitLine([{ text: 'Filters apply to every panel. Esc or ? closes this box.', style: 'dim' }], width, ascii));
  return lines;
}

/** Lines the help box needs inside its border. */
export const HELP_HEIGHT = HELP_ROWS.length + 2;
