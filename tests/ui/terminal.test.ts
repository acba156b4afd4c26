import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import blessed from 'blessed';
import { runDashboard } from '../../src/ui/app.js';
import { box } from '../../src/ui/blessed.js';
import { createScreen, detectAscii, detectColors, resolveTerminal, tmuxVersion, withMutedConsoleError } from '../../src/ui/terminal.js';

const require = createRequire(import.meta.url);
import { FakeSource, FakeTty } from './fixtures.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('locale and colour detection', () => {
  it('is ASCII unless the effective locale says UTF-8', () => {
    expect(detectAscii({ LANG: 'C' })).toBe(true);
    expect(detectAscii({})).toBe(true);
    expect(detectAscii({ LANG: 'en_US.UTF-8' })).toBe(false);
    expect(detectAscii({ LANG: 'en_US.UTF-8', LC_ALL: 'C' })).toBe(true);
    expect(detectAscii({ LANG: 'C', LC_CTYPE: 'de_DE.utf8' })).toBe(false);
  });
  it('honours NO_COLOR and TERM=dumb', () => {
    expect(detectColors({ TERM: 'xterm' })).toBe(true);
    expect(detectColors({ TERM: 'xterm', NO_COLOR: '1' })).toBe(false);
    expect(detectColors({ TERM: 'dumb' })).toBe(false);
  });
});

describe('terminfo entries blessed cannot read', () => {
  interface TputInfo {
    error: Error | null;
    info: { name: string; all: Record<string, unknown> };
    features: Record<string, unknown>;
  }
  const Tput = (blessed as unknown as { tput: new (o: object) => { colors: number; cup(r: number, c: number): string; _prefix(t: string): string } }).tput;

  for (const term of ['tmux-256color', 'screen-256color', 'xterm-256color', 'screen', 'xterm', 'no-such-terminal']) {
    it(`${term}: resolves to an entry blessed loads, silently`, () => {
      const err = vi.spyOn(console, 'error');
      const choice = resolveTerminal(term);
      expect(err).not.toHaveBeenCalled();
      if (/256color/.test(term)) expect(choice.terminal).toMatch(/256color/);
      // Loading it may still go through blessed's own fallback (which prints); keep that quiet here.
      err.mockImplementation(() => undefined);
      const t = new Tput({ terminal: choice.terminal, extended: false });
      expect(t.cup(4, 9)).toBe('\x1b[5;10H');
      if (/256color/.test(term)) expect(t.colors).toBe(256);
    });
  }

  for (const term of ['xterm-256color', 'tmux-256color', 'xterm']) {
    it(`${term}: a bundled fallback is read from blessed's own file, with the caps blessed's lookup ends up with`, () => {
      const choice = resolveTerminal(term);
      let system = '';
      try {
        system = new Tput({})._prefix(choice.terminal);
      } catch {
        system = '';
      }
      const legacy = system !== '' && fs.readFileSync(system).readInt16LE(0) === 0o432;
      if (legacy) {
        expect(choice.file).toBeUndefined();
        return;
      }
      expect(choice.file).toBe(path.join(path.dirname(require.resolve('blessed/package.json')), 'usr', choice.terminal));
      const viaLookup = withMutedConsoleError(() => new Tput({ terminal: choice.terminal, extended: false }));
      const tty = new FakeTty(80, 24);
      const read = vi.spyOn(fs, 'readFileSync');
      const screen = createScreen({ input: tty.input, output: tty.output, terminal: choice.terminal, terminfoFile: choice.file, ascii: false });
      try {
        const files = read.mock.calls.map((c) => String(c[0]));
        if (system !== '') expect(files).not.toContain(system);
        const tput = (screen as unknown as { program: { tput: TputInfo } }).program.tput;
        expect(tput.error).toBeNull();
        expect(tput.info.name).toBe(choice.terminal);
        expect(tput.info.all).toEqual((viaLookup as unknown as TputInfo).info.all);
        expect(tput.features).toEqual((viaLookup as unknown as TputInfo).features);
      } finally {
        screen.destroy();
      }
      // The lookup is blessed's own again afterwards.
      if (system !== '') expect(new Tput({})._prefix(choice.terminal)).toBe(system);
    });
  }

  it('creating the dashboard under TERM=tmux-256color prints nothing to the console', async () => {
    const err = vi.spyOn(console, 'error');
    const log = vi.spyOn(console, 'log');
    const tty = new FakeTty(80, 24);
    const dash = runDashboard(new FakeSource(), {
      intervalMs: 60_000,
      program: { input: tty.input, output: tty.output },
      env: { TERM: 'tmux-256color', LANG: 'C.UTF-8' },
    });
    expect(dash.terminal.terminal).toMatch(/256color/);
    await new Promise((r) => setTimeout(r, 5));
    expect(tty.written).not.toContain('Error on');
    expect(tty.written).not.toContain('stack.push');
    expect(err).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    dash.stop();
    await dash.done;
  });
});

describe('box borders', () => {
  // Each of these entries has an alternate character set (smacs), so blessed would draw borders in
  // it unless told not to: the letters l q k x m j inside SO/SI or ESC ( 0.
  for (const terminal of ['screen', 'vt100', 'xterm-256color']) {
    for (const ascii of [true, false]) {
      it(`${terminal}, ${ascii ? 'ASCII' : 'UTF-8'}: ${ascii ? '+ - |' : 'box characters'}, no charset switch`, async () => {
        const tty = new FakeTty(20, 6);
        const choice = resolveTerminal(terminal);
        const screen = createScreen({ input: tty.input, output: tty.output, terminal: choice.terminal, terminfoFile: choice.file, ascii });
        try {
          expect((screen as unknown as { tput: { strings: Record<string, string> } }).tput.strings.enter_alt_charset_mode).toBeTruthy();
          box({ parent: screen, top: 0, left: 0, width: 10, height: 3, border: { type: 'line' }, content: 'ab' });
          screen.render();
          await new Promise((r) => setImmediate(r));
          const out = Buffer.from(tty.written, 'latin1').toString('utf8');
          expect(out).not.toMatch(/\x0e|\x1b\(0/);
          expect(out).not.toMatch(/lq|qk|mq|qj/);
          if (ascii) {
            expect(out).not.toMatch(/[^\x00-\x7f]/);
            expect(out).toContain('+--------+');
            expect(out).toMatch(/\|ab(?: {6}|\x1b\[6C)\|/);
          } else {
            expect(out).toContain('┌────────┐');
            expect(out).toMatch(/│ab(?: {6}|\x1b\[6C)│/);
            expect(out).toContain('└────────┘');
          }
        } finally {
          screen.destroy();
        }
      });
    }
  }
});

describe('under tmux', () => {
  // blessed calls child_process.execFileSync through the CommonJS module object, so a spy on it
  // sees every `tmux -V` blessed would run.
  const cp = require('node:child_process') as typeof import('node:child_process');
  const saved = { TMUX: process.env.TMUX, TERM_PROGRAM: process.env.TERM_PROGRAM, TERM_PROGRAM_VERSION: process.env.TERM_PROGRAM_VERSION };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('takes the version from TERM_PROGRAM_VERSION as blessed would parse `tmux -V`, else 2', () => {
    expect(tmuxVersion({ TERM_PROGRAM: 'tmux', TERM_PROGRAM_VERSION: '3.3a' })).toBe(3.3);
    expect(tmuxVersion({ TERM_PROGRAM: 'tmux', TERM_PROGRAM_VERSION: '3.5' })).toBe(3.5);
    expect(tmuxVersion({ TERM_PROGRAM: 'tmux', TERM_PROGRAM_VERSION: 'next-3.6' })).toBe(2);
    expect(tmuxVersion({ TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.4.19' })).toBe(2);
    expect(tmuxVersion({})).toBe(2);
  });

  it('creates the screen without running tmux -V, and keeps blessed in tmux mode with $TMUX intact', () => {
    process.env.TMUX = '/tmp/tmux-0/default,4242,0';
    process.env.TERM_PROGRAM = 'tmux';
    process.env.TERM_PROGRAM_VERSION = '3.3a';
    const spawn = vi.spyOn(cp, 'execFileSync');
    const tty = new FakeTty(80, 24);
    const screen = createScreen({ input: tty.input, output: tty.output, terminal: 'xterm-256color', ascii: false });
    try {
      expect(spawn).not.toHaveBeenCalled();
      expect(process.env.TMUX).toBe('/tmp/tmux-0/default,4242,0');
      const program = (screen as unknown as { program: { tmux: boolean; tmuxVersion: number } }).program;
      expect(program.tmux).toBe(true);
      expect(program.tmuxVersion).toBe(3.3);
    } finally {
      screen.destroy();
    }
  });

  it('leaves blessed out of tmux mode when $TMUX is unset or empty', () => {
    for (const value of [undefined, '']) {
      if (value === undefined) delete process.env.TMUX;
      else process.env.TMUX = value;
      const tty = new FakeTty(80, 24);
      const screen = createScreen({ input: tty.input, output: tty.output, terminal: 'xterm-256color', ascii: false });
      try {
        expect((screen as unknown as { program: { tmux: boolean } }).program.tmux).toBe(false);
        expect(process.env.TMUX).toBe(value);
      } finally {
        screen.destroy();
      }
    }
  });
});
