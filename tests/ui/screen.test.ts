/**
 * The dashboard on a fake TTY: a blessed screen writing to a PassThrough with isTTY, fixed
 * columns × rows, keys typed as raw bytes. Reads the drawn cells back (Dashboard.screenText) and
 * the raw bytes written (for the LANG=C check).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runDashboard, type Dashboard, type DashboardOptions } from '../../src/ui/app.js';
import { FakeSource, FakeTty, makeSnapshot, packet } from './fixtures.js';

const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'UTC';
});
afterAll(() => {
  process.env.TZ = savedTz;
});

const open: Dashboard[] = [];
afterEach(() => {
  while (open.length) open.pop()!.stop();
});

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

function start(cols: number, rows: number, opts: Partial<DashboardOptions> = {}) {
  const tty = new FakeTty(cols, rows);
  const src = new FakeSource();
  const dash = runDashboard(src, {
    intervalMs: 60_000,
    program: { input: tty.input, output: tty.output },
    terminal: 'xterm-256color',
    env: { LANG: 'en_US.UTF-8', TERM: 'xterm-256color' },
    ...opts,
  });
  open.push(dash);
  const screen = (): string => dash.screenText().join('\n');
  return { tty, src, dash, screen };
}

function expectPanels(text: string): void {
  expect(text).toMatch(/Protocols(:| by) bytes/);
  expect(text).toContain('packets/s');
  expect(text).toContain('Top talkers by bytes');
  expect(text).toContain('Packets');
  expect(text).toContain('q quit');
}

describe('dashboard on a fake TTY', () => {
  for (const [cols, rows] of [
    [80, 24],
    [120, 40],
  ] as const) {
    it(`draws every panel at ${cols}x${rows} with a known talker, percentage and packet row`, () => {
      const { dash, screen } = start(cols, rows);
      const lines = dash.screenText();
      expect(lines).toHaveLength(rows);
      expect(lines.every((l) => l.length === cols)).toBe(true);
      const text = screen();
      expectPanels(text);
      expect(text).toMatch(/│203\.0\.113\.99 +900 +684 KiB +(684 KiB +0 B +)?2\.5 Mbit\/s +70\.0%│/);
      expect(text).toContain('■ tcp    60.0%');
      expect(text).toContain('■ icmp   10.0%');
      expect(text).toMatch(/│12:35:01\.007 192\.0\.2\.10 +198\.51\.100\.7 +TCP +110 49152 → 443/);
      expect(lines[0]).toContain('eth0');
      expect(lines[1]).toContain('1.2 kpps 3.4 Mbit/s');
    });
  }

  it('matches the expected 80x24 screen', async () => {
    const { screen } = start(80, 24);
    await expect(screen() + '\n').toMatchFileSnapshot('__screens__/dashboard-80x24.txt');
  });

  it('re-lays out after a resize from 120x40 to 80x24 and back, with nothing left over', async () => {
    const { tty, dash, screen } = start(120, 40);
    tty.written = '';
    tty.resize(80, 24);
    const small = dash.screenText();
    expect(small).toHaveLength(24);
    expect(small.every((l) => l.length === 80)).toBe(true);
    expectPanels(screen());
    expect(small[23]).toMatch(/^q quit/);
    expect(small[2].startsWith('┌')).toBe(true);
    expect(small[2].endsWith('┐')).toBe(true);
    await tick();
    expect(tty.written).toContain('\x1b[H\x1b[2J'); // the terminal is cleared, no stale cells
    tty.resize(132, 43);
    const big = dash.screenText();
    expect(big).toHaveLength(43);
    expect(big[42]).toMatch(/^q quit/);
    expectPanels(screen());
  });

  it('under LANG=C writes only ASCII bytes (ACS borders, ASCII charts)', async () => {
    const { tty, screen } = start(80, 24, { env: { LANG: 'C', TERM: 'xterm' }, terminal: 'xterm' });
    await tick();
    expect(tty.written.length).toBeGreaterThan(1000);
    expect(tty.written).toContain('\x1b(0'); // borders through the alternate character set
    const text = screen();
    expect(text).toContain('tcp   ');
    expect(text).toContain('60.0%');
    expect(text).not.toMatch(/[\u2800-\u28ff▁▂▃▄▅▆▇█■→…]/);
    expect(text).toContain('49152 > 443');
    const bad = [...tty.written].filter((c) => c.charCodeAt(0) > 0x7e);
    expect(bad).toEqual([]);
  });

  it('matches the expected 80x24 screen under LANG=C', async () => {
    const { screen } = start(80, 24, { env: { LANG: 'C', TERM: 'xterm' }, terminal: 'xterm' });
    await expect(screen() + '\n').toMatchFileSnapshot('__screens__/dashboard-80x24-ascii.txt');
  });

  it('draws with 8 colours and without colour', async () => {
    const eight = start(80, 24, { terminal: 'xterm' });
    const mono = start(80, 24, { colors: false });
    await tick();
    expect(eight.tty.written).toMatch(/\x1b\[3[1-7]m/);
    expect(eight.tty.written).not.toMatch(/\x1b\[38;5;/);
    expect(eight.tty.written).not.toMatch(/\x1b\[30m/); // no black-on-black dim text
    expectPanels(eight.screen());
    expect(mono.tty.written.length).toBeGreaterThan(1000);
    expect(mono.tty.written).not.toMatch(/\x1b\[3[1-7]m/);
    expectPanels(mono.screen());
  });
});

describe('keys on the dashboard', () => {
  it('s cycles the sort key, asks the engine and shows it in the table header', async () => {
    const { tty, src, screen } = start(80, 24);
    tty.type('s');
    await tick();
    expect(src.queries.at(-1)?.talkerSort).toBe('packets');
    expect(screen()).toContain('Top talkers by packets');
    tty.type('s');
    await tick();
    expect(src.queries.at(-1)?.talkerSort).toBe('rate');
    expect(screen()).toContain('Rate▼');
  });

  it('t sets the protocol filter, / sets the address, a bad value shows red and changes nothing, c clears', async () => {
    const { tty, src, dash, screen } = start(80, 24);
    tty.type('t');
    await tick();
    expect(src.filters.at(-1)).toEqual({ proto: 'tcp', addr: '' });
    expect(dash.screenText()[0]).toContain('filter tcp');
    tty.type('/');
    await tick();
    expect(dash.screenText()[23]).toMatch(/^address or CIDR: _/);
    tty.type('zz!');
    tty.type('\r');
    await tick();
    expect(src.filter).toEqual({ proto: 'tcp', addr: '' });
    expect(dash.screenText()[23]).toMatch(/^bad address or CIDR: zz!/);
    expect(tty.written).toMatch(/\x1b\[31m|\x1b\[1;31m|\x1b\[31;1m/); // red
    tty.type('/10.0.0.0/8\r');
    await tick();
    expect(src.filter).toEqual({ proto: 'tcp', addr: '10.0.0.0/8' });
    expect(dash.screenText()[0]).toContain('filter tcp 10.0.0.0/8');
    tty.type('c');
    await tick();
    expect(src.filter).toEqual({ proto: 'all', addr: '' });
    expect(screen().split('\n')[0]).not.toContain('filter');
  });

  it('Esc cancels the prompt without touching the filter', async () => {
    const { tty, src, dash } = start(80, 24);
    tty.type('/1.2.3.4');
    await tick();
    tty.type('\x1b');
    await tick();
    expect(src.filters).toEqual([]);
    expect(dash.screenText()[23]).toMatch(/^q quit/);
  });

  it('w dumps and reports the file', async () => {
    const { tty, src, dash } = start(80, 24);
    tty.type('w');
    await tick();
    expect(src.dumps).toBe(1);
    expect(dash.screenText()[23]).toContain('wrote 42 packets to /tmp/nta-top-1.pcap');
    src.dumpResult = { ok: false, error: 'ENOSPC: no space left on device' };
    tty.type('w');
    await tick();
    expect(dash.screenText()[23]).toContain('dump failed: ENOSPC');
  });

  it('space pauses: ticks stop taking snapshots and PAUSED shows; space resumes', async () => {
    const { tty, src, dash } = start(80, 24, { intervalMs: 10 });
    await new Promise((r) => setTimeout(r, 40));
    expect(src.queries.length).toBeGreaterThan(1);
    tty.type(' ');
    await tick();
    expect(dash.screenText()[0]).toContain('PAUSED');
    const n = src.queries.length;
    src.snapshot = makeSnapshot({ packets: [packet(999, { src: '203.0.113.250' })] });
    await new Promise((r) => setTimeout(r, 50));
    expect(src.queries.length).toBe(n);
    expect(dash.screenText().join('\n')).not.toContain('203.0.113.250');
    tty.type(' ');
    await tick();
    expect(dash.screenText()[0]).not.toContain('PAUSED');
    expect(dash.screenText().join('\n')).toContain('203.0.113.250');
  });

  it('Up scrolls the list and stays put; G follows again', async () => {
    const { tty, src, dash, screen } = start(80, 24);
    tty.type('\x1b[A');
    await tick();
    expect(screen()).toContain('SCROLLED 46-49 of 50');
    // New packets arrive: the same rows stay visible.
    src.snapshot = makeSnapshot({ packets: Array.from({ length: 60 }, (_, i) => packet(i + 1)) });
    dash.render();
    tty.type('k'); // any key re-renders; k scrolls up one more
    await tick();
    expect(screen()).toContain('SCROLLED 45-48 of 50');
    tty.type('G');
    await tick();
    expect(screen()).toContain('Packets  newest 50');
  });

  it('? shows the help box and Esc closes it', async () => {
    const { tty, screen } = start(80, 24);
    tty.type('?');
    await tick();
    expect(screen()).toContain('write the ring to a pcap file');
    tty.type('\x1b');
    await tick();
    expect(screen()).not.toContain('write the ring to a pcap file');
  });

  it('q quits and resolves done; stop() is idempotent', async () => {
    const { tty, dash } = start(80, 24);
    let done = false;
    void dash.done.then(() => {
      done = true;
    });
    tty.type('q');
    await tick();
    expect(done).toBe(true);
    expect(tty.written).toContain('\x1b[?1049l'); // left the alternate screen
    dash.stop();
  });

  it('shows a failing snapshot in the status line instead of crashing', async () => {
    const tty = new FakeTty(80, 24);
    const src = new FakeSource();
    src.takeSnapshot = () => {
      throw new Error('ring corrupted');
    };
    const dash = runDashboard(src, { intervalMs: 60_000, program: { input: tty.input, output: tty.output }, terminal: 'xterm', ascii: true });
    open.push(dash);
    const lines = dash.screenText();
    expect(lines[23]).toMatch(/^snapshot failed: ring corrupted/);
    expect(lines[0]).toMatch(/^\(no snapshot yet\) +up 00:00/);
    expect(lines.join('\n')).toContain('Top talkers');
    expect(lines.join('\n')).toContain('(no packets in view)');
  });

  it('C-c quits too', async () => {
    const { tty, dash } = start(80, 24);
    tty.type('\x03');
    await expect(dash.done).resolves.toBeUndefined();
  });
});
