/**
 * The parts of blessed the dashboard uses, required one by one. blessed's index requires all 34 of
 * its widgets (PNG and GIF decoders, a file manager, a terminal emulator, …) before anything can be
 * drawn; the screen and plain boxes need only the program, tput and the widgets screen.js pulls in
 * itself. These are the very module instances `import blessed from 'blessed'` exposes (blessed has
 * no `exports` map, so its files resolve to the same paths).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type blessed from 'blessed';

const require = createRequire(import.meta.url);

/** blessed's Tput: one parsed and compiled terminfo entry (see terminal.ts for its quirks). */
export interface TputLike {
  error: Error | null;
  colors: number;
  /** The terminfo file blessed reads for `term` (TERMINFO, ~/.terminfo, the system dirs); throws if none. */
  _prefix(term: string): string;
  cup(row: number, col: number): string;
}
export type TputCtor = (new (opts: Record<string, unknown>) => TputLike) & { prototype: TputLike };

/** blessed's Program (terminal I/O, one per screen); only the fields used here are typed. */
export interface ProgramLike {
  tmux: boolean;
  tmuxVersion: number;
  tput: TputLike;
}

export const Program = require('blessed/lib/program') as (opts: Record<string, unknown>) => ProgramLike;
export const Tput = require('blessed/lib/tput') as TputCtor;
export const screen = require('blessed/lib/widgets/screen') as typeof blessed.screen;
export const box = require('blessed/lib/widgets/box') as typeof blessed.box;

/** blessed's own terminfo entries (xterm, xterm-256color, linux, windows-ansi), its last resort. */
export const BUNDLED_TERMINFO_DIR = join(dirname(require.resolve('blessed/lib/tput')), '..', 'usr');
