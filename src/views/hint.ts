/**
 * The bottom line (key hints, doubling as the status line and the address prompt) and the help
 * box's text.
 */
import { HELP_ROWS, KEY_HINTS } from '../ui/keys.js';
import type { UiState } from '../ui/state.js';
import { padRight, sanitize } from './format.js';
import { fitLine, type Line } from './line.js';

function hints(): Line {
  const line: Line = [];
  KEY_HINTS.forEach(([k, what], i) => {
    if (i > 0) line.push({ text: '  ' });
    line.push({ text: k, style: 'key' }, { text: ' ' + what });
  });
  return line;
}

/**
 * Priority: the open prompt; else the status message (errors in red), then the capture's error;
 * key hints fill whatever room is left.
 */
export function renderHint(
  ui: Pick<UiState, 'prompt' | 'status'>,
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
  if (line.length === 0) return fitLine(hints(), width, ascii);
  const h = hints();
  const used = line.reduce((n, s) => n + s.text.length, 0);
  const hintW = h.reduce((n, s) => n + s.text.length, 0);
  if (used + 4 + hintW <= width) {
    line.push({ text: ' '.repeat(width - used - hintW) }, ...h);
  }
  return fitLine(line, width, ascii);
}

/** Help box content lines (key column, then what it does). */
export function renderHelp(width: number, ascii: boolean): Line[] {
  const keyW = 14;
  const lines: Line[] = HELP_ROWS.map(([k, what]) =>
    fitLine([{ text: padRight(k, keyW, ascii), style: 'key' }, { text: what }], width, ascii),
  );
  lines.push(fitLine([], width, ascii));
  lines.push(fitLine([{ text: 'Filters apply to every panel. Esc or ? closes this box.', style: 'dim' }], width, ascii));
  return lines;
}

/** Lines the help box needs inside its border. */
export const HELP_HEIGHT = HELP_ROWS.length + 2;
