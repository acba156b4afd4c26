import { afterEach, describe, expect, it, vi } from 'vitest';
import blessed from 'blessed';
import { runDashboard } from '../../src/ui/app.js';
import { detectAscii, detectColors, resolveTerminal } from '../../src/ui/terminal.js';
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
  const Tput = (blessed as unknown as { tput: new (o: object) => { colors: number; cup(r: number, c: number): string } }).tput;

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
