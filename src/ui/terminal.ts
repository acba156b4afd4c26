/**
 * Terminal setup for blessed: which terminfo entry to use, Unicode or ASCII, colour or not, and
 * creating the screen without letting blessed's terminfo compiler scribble over it.
 *
 * The trap: blessed 0.1.81 parses only the legacy terminfo format (magic 0432). ncurses ≥ 6.1
 * writes entries with numbers ≥ 32768 (pairs#0x10000 in every *-256color entry) in the 32-bit
 * format (magic 01036), and blessed misreads them: parseTerminfo throws ("37 == 0" on
 * tmux-256color), or it compiles garbage strings and, when `new Function` fails, prints the
 * generated JavaScript with console.error ("Error on xterm-256color.plab_norm:", or on
 * "…Setulc" for extended caps of legacy entries) right over the screen before falling back.
 * We (1) probe TERM once with console.error muted and check the file's magic, (2) when blessed
 * cannot read the entry, use its bundled `xterm-256color` / `xterm` instead (tmux and screen
 * accept xterm's sequences), and hand blessed that very file when the system's entry of the
 * same name is unreadable too (saves a wasted parse and compile, ~7 ms, before the first frame),
 * (3) create the program with `extended: false` (no extended caps, so no Setulc), and (4) keep
 * console.error muted while the program and screen are built.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type blessed from 'blessed';
import { BUNDLED_TERMINFO_DIR, Program, screen as newScreen, Tput, type ProgramLike, type TputLike } from './blessed.js';

/** Legacy terminfo magic (0432) and ncurses 6.1's 32-bit-number format (01036). */
const MAGIC_LEGACY = 0o432;
const MAGIC_32BIT = 0o1036;

/** Runs `fn` with console.error silenced (blessed's compiler dumps source through it). */
export function withMutedConsoleError<T>(fn: () => T): T {
  const saved = console.error;
  console.error = (): void => {};
  try {
    return fn();
  } finally {
    console.error = saved;
  }
}

function readMagic(file: string): number {
  const buf = Buffer.alloc(2);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, buf, 0, 2, 0) < 2) return -1;
  } finally {
    closeSync(fd);
  }
  return buf.readInt16LE(0);
}

export interface TerminalChoice {
  /** Terminal name to hand to blessed. */
  terminal: string;
  /** Why it differs from TERM ('' when it does not). */
  reason: string;
  /**
   * The terminfo file for `terminal` when it is blessed's bundled copy because the system's entry
   * of that name is one blessed cannot read (xterm-256color on ncurses ≥ 6.1): blessed would
   * parse and compile the system file, fail, and only then load its own. Absent otherwise.
   */
  file?: string;
}

/** Magic of the terminfo file blessed finds for `name`, or -1 when there is none. */
function systemMagic(name: string): number {
  try {
    return readMagic(new Tput({})._prefix(name));
  } catch {
    return -1;
  }
}

/** `name` (a bundled fallback) with the file blessed will end up reading. */
function fallbackChoice(name: string, reason: string): TerminalChoice {
  return systemMagic(name) === MAGIC_LEGACY ? { terminal: name, reason } : { terminal: name, reason, file: join(BUNDLED_TERMINFO_DIR, name) };
}

/**
 * Picks a terminfo entry blessed can read for `term` (TERM). Keeps `term` when its compiled entry
 * is in the legacy format and blessed loads it without error and with a sane cursor_address;
 * otherwise falls back to blessed's bundled `xterm-256color` (TERM or COLORTERM says 256 colours
 * or truecolor) or `xterm`. Never throws, prints nothing.
 */
export function resolveTerminal(term: string | undefined, colorterm?: string): TerminalChoice {
  const name = (term ?? '').trim().toLowerCase() || 'xterm';
  const rich = /256|direct|truecolor|24bit/.test(name) || /truecolor|24bit/i.test(colorterm ?? '');
  const fallback = rich ? 'xterm-256color' : 'xterm';
  if (name === fallback) return fallbackChoice(name, '');
  let reason = '';
  try {
    const file = new Tput({})._prefix(name);
    const magic = readMagic(file);
    if (magic === MAGIC_32BIT) reason = `${name}: ncurses 32-bit terminfo format, which blessed cannot read`;
    else if (magic !== MAGIC_LEGACY) reason = `${name}: not a terminfo file`;
  } catch {
    reason = `${name}: no terminfo entry found`;
  }
  if (reason === '') {
    const t = withMutedConsoleError(() => {
      try {
        return new Tput({ terminal: name, extended: false });
      } catch {
        return null;
      }
    });
    if (t === null || t.error) reason = `${name}: blessed could not load its terminfo entry`;
    else {
      let cup = '';
      try {
        cup = t.cup(4, 9);
      } catch {
        cup = '';
      }
      if (!cup.startsWith('\x1b') || !cup.includes('5') || !cup.includes('10')) reason = `${name}: unusable cursor_address`;
    }
  }
  return reason === '' ? { terminal: name, reason: '' } : fallbackChoice(fallback, `${reason}; using ${fallback}`);
}

/** True unless the locale (LC_ALL, else LC_CTYPE, else LANG) names UTF-8. */
export function detectAscii(env: NodeJS.ProcessEnv): boolean {
  const loc = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return !/utf-?8/i.test(loc);
}

/** Colour unless NO_COLOR is set (https://no-color.org) or TERM is dumb. */
export function detectColors(env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return (env.TERM ?? '') !== 'dumb';
}

export interface ScreenOptions {
  input: Readable;
  output: Writable;
  terminal: string;
  /** Terminfo file for `terminal` (TerminalChoice.file); default: the one blessed looks up. */
  terminfoFile?: string;
  ascii: boolean;
}

/**
 * tmux's version as blessed's Program wants it, from the environment: tmux ≥ 3.2 tells its panes
 * TERM_PROGRAM=tmux and TERM_PROGRAM_VERSION (e.g. 3.3a → 3.3). Otherwise 2, what blessed itself
 * settles for when `tmux -V` fails or says something else (a tmux older than 2 is from 2015).
 */
export function tmuxVersion(env: NodeJS.ProcessEnv): number {
  if (env.TERM_PROGRAM === 'tmux') {
    const m = /^(\d+(?:\.\d+)?)/.exec(env.TERM_PROGRAM_VERSION ?? '');
    if (m) return Number(m[1]);
  }
  return 2;
}

/**
 * A blessed screen on its own program; console.error stays muted while both are built.
 *
 * blessed's Program runs `tmux -V` synchronously whenever $TMUX is set, a fork and exec before the
 * first frame, only to learn whether tmux is at least 2 (for mouse all-motion passthrough, unused
 * here). $TMUX is therefore hidden from the constructor and the two fields it would have set are
 * filled in afterwards from tmuxVersion(); everything else blessed does under tmux (DCS
 * passthrough in _twrite) reads `program.tmux` later and behaves as before.
 */
export function createScreen(opts: ScreenOptions): blessed.Widgets.Screen {
  return withMutedConsoleError(() => {
    const env = process.env;
    const tmux = env.TMUX;
    if (tmux) delete env.TMUX;
    // blessed's Program does not pass a terminfo file on to its Tput, so the lookup itself
    // answers with it for the one name, while the Program is built.
    const lookup = Tput.prototype._prefix;
    const file = opts.terminfoFile;
    if (file !== undefined) {
      Tput.prototype._prefix = function (this: TputLike, term: string): string {
        return term === opts.terminal ? file : lookup.call(this, term);
      };
    }
    let program: ProgramLike;
    try {
      program = Program({
        input: opts.input,
        output: opts.output,
        terminal: opts.terminal,
        // No extended capabilities: nothing here uses them, and compiling them is where blessed
        // chokes on ncurses-6 entries (Setulc and friends).
        extended: false,
        forceUnicode: !opts.ascii,
        tput: true,
        buffer: true,
        zero: true,
      });
    } finally {
      if (tmux) env.TMUX = tmux;
      Tput.prototype._prefix = lookup;
    }
    if (tmux) {
      program.tmux = true;
      program.tmuxVersion = tmuxVersion(env);
    }
    const screen = newScreen({
      program,
      forceUnicode: !opts.ascii,
      fullUnicode: false,
      warnings: false,
      autoPadding: true,
      smartCSR: false,
      // No `title`: blessed would set the window title through a tmux passthrough whenever $TMUX
      // is set (garbage inside GNU screen nested in tmux) and never restore it on exit.
    } as unknown as blessed.Widgets.IScreenOptions);
    // Never the terminal's alternate character set (ACS) for borders: blessed would send the VT100
    // letters l q k x m j inside a charset switch (SO/SI, ESC ( 0), and whatever reads the screen as
    // text gets those letters: tmux's capture-pane and copy mode, a log of the session, a terminal
    // that ignores the switch. With ACS off, blessed writes its box characters as they are in a
    // UTF-8 locale and, in ASCII mode (tput.unicode false; U8 unset, as extended caps are off),
    // maps them to + - | through its own table (Tput.utoa).
    (screen as unknown as { tput: { brokenACS: boolean } }).tput.brokenACS = true;
    return screen;
  });
}
