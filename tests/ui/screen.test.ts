/**
 * The dashboard on a fake TTY: a blessed screen writing to a PassThrough with isTTY, fixed
 * columns × rows, keys typed as raw bytes. Reads the drawn cells back (Dashboard.screenText) and
 * the raw bytes written (for the LANG=C check).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runDashboard, type Dashboard, type DashboardOptions } from '../../src/ui/app.js';
import { FakeSource, FakeTty, makeSnapshot, NAMES, packet } from './fixtures.js';

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

const INVERSE = 8;
/** A cell drawn highlighted: inverse, or on a background colour. */
function highlighted(attr: number): boolean {
  return ((attr >> 18) & INVERSE) !== 0 || (attr & 0x1ff) !== 0x1ff;
}

/** The characters of row `y` that are highlighted, runs joined by '|'. */
function highlightedText(dash: Dashboard, y: number): string {
  const chars = dash.screenText()[y];
  const attrs = dash.screenAttrs()[y];
  let out = '';
  let prev = false;
  for (let x = 0; x < chars.length; x++) {
    const h = highlighted(attrs[x]);
    if (h) out += (!prev && out !== '' ? '|' : '') + chars[x];
    prev = h;
  }
  return out;
}

/** The packet row drawn in inverse (the selection), or undefined. */
function selectedRow(dash: Dashboard): string | undefined {
  const lines = dash.screenText();
  const attrs = dash.screenAttrs();
  const y = lines.findIndex((l, i) => /^│\d\d:\d\d/.test(l) && ((attrs[i][5] >> 18) & INVERSE) !== 0);
  return y < 0 ? undefined : lines[y];
}

function row(dash: Dashboard, prefix: string): number {
  const y = dash.screenText().findIndex((l) => l.startsWith(prefix));
  if (y < 0) throw new Error(`no row starts with ${prefix}:\n${dash.screenText().join('\n')}`);
  return y;
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

  it('under LANG=C writes only ASCII bytes (+ - | borders, ASCII charts)', async () => {
    const { tty, screen } = start(80, 24, { env: { LANG: 'C', TERM: 'xterm' }, terminal: 'xterm' });
    await tick();
    expect(tty.written.length).toBeGreaterThan(1000);
    // Not through the alternate character set: its letters (lqqk) are what a screen capture reads.
    expect(tty.written).not.toMatch(/\x0e|\x1b\(0/);
    expect(tty.written).toContain('+-------------------------++---------------------------------------------------+');
    expect(tty.written).not.toMatch(/qqq/);
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

  it('refresh() draws a fresh snapshot at once, between ticks; paused, it keeps the frozen one', async () => {
    const { tty, src, dash, screen } = start(80, 24);
    const n = src.queries.length;
    src.snapshot = makeSnapshot({ packets: [packet(998, { src: '203.0.113.251' })] });
    dash.refresh();
    expect(src.queries.length).toBe(n + 1);
    expect(screen()).toContain('203.0.113.251');
    tty.type(' ');
    await tick();
    src.snapshot = makeSnapshot({ packets: [packet(999, { src: '203.0.113.252' })] });
    dash.refresh();
    expect(src.queries.length).toBe(n + 1);
    expect(screen()).toContain('PAUSED');
    expect(screen()).not.toContain('203.0.113.252');
  });

  it('Up moves the selection and the list stays put; G follows again', async () => {
    const { tty, src, dash, screen } = start(80, 24);
    // Packet n is 60 + n bytes long: the Len column tells the rows apart at 80 columns.
    expect(selectedRow(dash)).toContain(' 110 49152'); // following: the newest row is selected
    tty.type('\x1b[A');
    await tick();
    expect(screen()).toContain('SCROLLED 47-50 of 50, 0 newer');
    expect(selectedRow(dash)).toContain(' 109 49152');
    tty.type('kkkk'); // the selection leaves the top: the list scrolls with it
    await tick();
    expect(screen()).toContain('SCROLLED 45-48 of 50, 2 newer');
    expect(selectedRow(dash)).toContain(' 105 49152');
    // New packets arrive: the same rows stay visible, the same packet selected.
    src.snapshot = makeSnapshot({ packets: Array.from({ length: 60 }, (_, i) => packet(i + 1)) });
    dash.render();
    expect(selectedRow(dash)).toContain(' 105 49152');
    tty.type('G');
    await tick();
    expect(screen()).toContain('Packets  newest 50');
    expect(selectedRow(dash)).toContain(' 110 49152');
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

  it('draws the warm-up traffic of the source off screen only: none of it reaches the terminal or stays on screen', async () => {
    const tty = new FakeTty(120, 40);
    const src = new FakeSource();
    const before = src.snapshot;
    // Synthetic traffic with addresses and texts that appear nowhere in the real snapshot.
    const warm = makeSnapshot({ packets: Array.from({ length: 60 }, (_, i) => packet(i + 1, { src: '203.0.113.250', dst: '2001:db8:feed::77', info: `WARMUP-ROW ${i}` })) });
    warm.view = { ...warm.view, talkers: warm.view.talkers.map((t) => ({ ...t, addr: '203.0.113.250' })) };
    let asked = 0;
    src.warmSnapshot = () => {
      asked++;
      return asked <= 2 ? null : warm; // not ready at first, as the Engine before its warm-up ends
    };
    const drawn: string[] = [];
    tty.output.on('data', () => drawn.push(dash.screenText().join('\n')));
    const dash = runDashboard(src, { intervalMs: 60_000, program: { input: tty.input, output: tty.output }, terminal: 'xterm-256color', env: { LANG: 'en_US.UTF-8', TERM: 'xterm-256color' } });
    open.push(dash);
    await new Promise((r) => setTimeout(r, 400));
    expect(asked).toBe(2 + 12); // two "not yet", then every off-screen frame
    dash.render();
    const text = dash.screenText().join('\n');
    for (const s of ['203.0.113.250', '2001:db8:feed', 'WARMUP-ROW']) {
      expect(tty.written).not.toContain(s);
      expect(text).not.toContain(s);
      expect(drawn.some((d) => d.includes(s))).toBe(false);
    }
    expect(src.snapshot).toBe(before);
    expect(text).toMatch(/│203\.0\.113\.99 +900/);
  });

  it('C-c quits too', async () => {
    const { tty, dash } = start(80, 24);
    tty.type('\x03');
    await expect(dash.done).resolves.toBeUndefined();
  });
});

describe('packet detail pane', () => {
  for (const [cols, rows] of [
    [80, 24],
    [120, 40],
  ] as const) {
    it(`Enter opens the selected packet at ${cols}x${rows}: fields, hex with the layer highlighted; Esc goes back`, async () => {
      const { tty, src, dash, screen } = start(cols, rows);
      tty.type('\x1b[A'); // select packet 49
      tty.type('\r');
      await tick();
      expect(src.inspected).toEqual([49]);
      let lines = dash.screenText();
      expect(lines).toHaveLength(rows);
      expect(lines.every((l) => l.length === cols)).toBe(true);
      expect(lines[2]).toContain('Packet #49  74 bytes on wire, 74 captured  12:35:01.007');
      expect(screen()).toContain('│Ethernet II, Src: 52:54:00:12:34:56, Dst: 00:1b:21:3a:4f:5c');
      expect(screen()).toContain('│    eth.type: IPv4 (0x0800)');
      expect(screen()).not.toContain('Top talkers');
      expect(lines[rows - 1]).toMatch(/^Esc back  Up\/Down Tab layer/);
      const hex0 = row(dash, '│0000  ');
      expect(lines[hex0]).toContain('│0000  00 1b 21 3a 4f 5c 52 54  00 12 34 56 08 00 45 00  ..!:O\\RT..4V..E.');
      expect(lines[hex0 - 1]).toContain('Bytes  eth 0-13 (14 bytes) of 74');
      // eth [0, 14) is highlighted, in hex and ASCII; nothing else.
      expect(highlightedText(dash, hex0)).toBe('00 1b 21 3a 4f 5c 52 54  00 12 34 56 08 00|..!:O\\RT..4V..');
      expect(highlightedText(dash, hex0 + 1)).toBe('');
      // The selected layer's title is inverse.
      const eth = row(dash, '│Ethernet II');
      expect(highlightedText(dash, eth)).toMatch(/^Ethernet II, Src/);

      tty.type('\x1b[B'); // ip [14, 34)
      await tick();
      lines = dash.screenText();
      expect(screen()).toContain('│    ip.ttl: 64');
      expect(highlightedText(dash, hex0)).toBe('45 00|E.');
      expect(highlightedText(dash, hex0 + 1)).toBe('00 3c 1c 46 40 00 40 06  b1 e6 c0 00 02 0a c6 33|.<.F@.@........3');
      expect(highlightedText(dash, hex0 + 2)).toBe('64 07|d.');
      expect(highlightedText(dash, row(dash, '│Internet Protocol Version 4'))).toMatch(/^Internet Protocol Version 4/);
      if (rows === 40) expect(highlightedText(dash, row(dash, '│Ethernet II'))).toBe('');
      else expect(screen()).not.toContain('│Ethernet II'); // ip does not fit below it: the tree scrolled

      tty.type('\t\t'); // tcp, then data
      await tick();
      expect(screen()).toContain('Bytes  data 54-73 (20 bytes) of 74');
      expect(screen()).toContain('│    data.len: 20');
      expect(highlightedText(dash, row(dash, '│0030  '))).toBe('47 45  54 20 2f 20 48 54 54 50|GET / HTTP');

      // The ring keeps moving underneath: the pane shows the frozen packet.
      src.snapshot = makeSnapshot({ packets: Array.from({ length: 80 }, (_, i) => packet(i + 1)) });
      dash.render();
      expect(dash.screenText()[2]).toContain('Packet #49');

      tty.type('\x1b');
      await tick();
      lines = dash.screenText();
      expectPanels(screen());
      expect(screen()).not.toContain('eth.type');
      expect(selectedRow(dash)).toContain(' 109 49152'); // back on the inspected packet
    });
  }

  it('matches the expected 80x24 detail screen', async () => {
    const { tty, screen } = start(80, 24);
    tty.type('\r');
    await tick();
    tty.type('\x1b[B');
    await tick();
    await expect(screen() + '\n').toMatchFileSnapshot('__screens__/detail-80x24.txt');
  });

  it('says so when the packet has left the ring', async () => {
    const { tty, src, dash, screen } = start(80, 24);
    src.inspectResult = () => null;
    tty.type('\r');
    await tick();
    expect(dash.screenText()[23]).toMatch(/^packet no longer in memory/);
    expectPanels(screen());
  });

  it('Backspace goes back too; q still quits from the pane; resizing keeps it whole', async () => {
    const { tty, dash, screen } = start(120, 40);
    tty.type('\r');
    await tick();
    tty.resize(80, 24);
    let lines = dash.screenText();
    expect(lines).toHaveLength(24);
    expect(lines[2]).toContain('Packet #50');
    expect(lines[23]).toMatch(/^Esc back/);
    expect(screen()).toContain('│0040  2f 31 2e 31 0d 0a 48 6f  73 74');
    for (const [c, r] of [
      [40, 10],
      [20, 5],
      [80, 24],
    ] as const) {
      tty.resize(c, r);
      const small = dash.screenText();
      expect(small).toHaveLength(r);
      expect(small.every((l) => l.length === c)).toBe(true);
    }
    expect(screen()).toContain('│    eth.type: IPv4 (0x0800)');
    tty.type('\x7f');
    await tick();
    expectPanels(screen());
    tty.type('\r');
    await tick();
    let done = false;
    void dash.done.then(() => (done = true));
    tty.type('q');
    await tick();
    expect(done).toBe(true);
    lines = [];
  });

  it('highlights with inverse in 8 colours and without colour, and stays ASCII under LANG=C', async () => {
    for (const opts of [{ terminal: 'xterm' }, { colors: false }, { env: { LANG: 'C', TERM: 'xterm' }, terminal: 'xterm' }] as Partial<DashboardOptions>[]) {
      const { tty, dash } = start(80, 24, opts);
      tty.type('\r\x1b[B');
      await tick();
      const y = row(dash, '│0000  ');
      const attrs = dash.screenAttrs()[y];
      const x = dash.screenText()[y].indexOf('45 00');
      expect((attrs[x] >> 18) & INVERSE).toBe(INVERSE);
      expect(attrs[x] & 0x1ff).toBe(0x1ff); // no background colour
      expect(highlightedText(dash, y)).toBe('45 00|E.');
      if (opts.env?.LANG === 'C') {
        const bad = [...tty.written].filter((c) => c.charCodeAt(0) > 0x7e);
        expect(bad).toEqual([]);
      }
    }
  });
});

describe('tables and names', () => {
  it('Tab cycles talkers → conversations → services, asking the engine for each; s sorts the one shown', async () => {
    const { tty, src, dash, screen } = start(80, 24);
    expect(src.queries.at(-1)).toMatchObject({ table: 'hosts', talkerSort: 'bytes' });
    tty.type('\t');
    await tick();
    expect(src.queries.at(-1)).toMatchObject({ table: 'conversations', talkerSort: 'bytes' });
    expect(screen()).toContain('Top conversations by bytes [s]  3 of 17  [Tab] services');
    expect(screen()).toMatch(/│A +⇄ B +Bytes▼ +A→B +B→A +Rate│/);
    expect(screen()).toMatch(/│192\.0\.2\.10 +⇄ 203\.0\.113\.99 +500 KiB +120 KiB +380 KiB +2\.0 Mbit\/s│/);
    tty.type('s');
    await tick();
    expect(src.queries.at(-1)).toMatchObject({ table: 'conversations', talkerSort: 'packets' });
    expect(screen()).toContain('Top conversations by packets');
    tty.type('\t');
    await tick();
    expect(src.queries.at(-1)).toMatchObject({ table: 'services', talkerSort: 'bytes' });
    expect(screen()).toContain('Top services by bytes [s]  3 of 3  [Tab] talkers');
    expect(screen()).toMatch(/│tcp\/443   https +800 +586 KiB +2\.4 Mbit\/s +60\.0%│/);
    tty.type('\t');
    await tick();
    expect(src.queries.at(-1)).toMatchObject({ table: 'hosts', talkerSort: 'bytes' });
    expect(screen()).toContain('Top talkers by bytes');
    tty.type('\x1b[Z'); // Shift-Tab: back to services
    await tick();
    expect(src.queries.at(-1)).toMatchObject({ table: 'services' });
    expect(dash.screenText().every((l) => l.length === 80)).toBe(true);
  });

  it('n toggles passive names in the tables and the packet list; the hint says which', async () => {
    const { tty, src, dash, screen } = start(120, 40);
    src.snapshot = makeSnapshot({ names: NAMES });
    tty.type('s');
    tty.type('s');
    tty.type('s'); // back to bytes, with a fresh snapshot
    await tick();
    expect(screen()).toMatch(/│www\.example\.com \(203\.0\.113\.99\) +900 /);
    expect(screen()).toMatch(/│12:35:01\.007 192\.0\.2\.10 +api\.example\.net TCP/);
    expect(dash.screenText()[39]).toContain('n names on');
    tty.type('\t');
    await tick();
    expect(screen()).toMatch(/│192\.0\.2\.10 +⇄ www\.example\.com +700 /);
    tty.type('n');
    await tick();
    expect(screen()).not.toContain('example.com');
    expect(screen()).toMatch(/│192\.0\.2\.10 +⇄ 203\.0\.113\.99 +700 /);
    expect(screen()).toMatch(/│12:35:01\.007 192\.0\.2\.10 +198\.51\.100\.7 +TCP/);
    expect(dash.screenText()[39]).toContain('n names off');
  });

  it('starts with names off when asked (-n)', () => {
    const tty = new FakeTty(80, 24);
    const src = new FakeSource();
    src.snapshot = makeSnapshot({ names: NAMES });
    const dash = runDashboard(src, { intervalMs: 60_000, program: { input: tty.input, output: tty.output }, terminal: 'xterm', names: false });
    open.push(dash);
    const text = dash.screenText().join('\n');
    expect(text).not.toContain('example');
    expect(text).toContain('203.0.113.99');
    expect(dash.screenText()[23]).toContain('n names off');
  });

  it('matches the expected 80x24 conversations screen, with names', async () => {
    const { tty, src, screen } = start(80, 24);
    src.snapshot = makeSnapshot({ names: NAMES });
    tty.type('\t');
    await tick();
    await expect(screen() + '\n').toMatchFileSnapshot('__screens__/conversations-80x24.txt');
  });

  it('under LANG=C the tables and the pane stay ASCII', async () => {
    const { tty, src, screen } = start(80, 24, { env: { LANG: 'C', TERM: 'xterm' }, terminal: 'xterm' });
    src.snapshot = makeSnapshot({ names: { ...NAMES, '10.0.0.1': 'caf\u00e9.example' } });
    tty.type('\t');
    await tick();
    expect(screen()).toMatch(/│A +<-> B +Bytes\* +A->B +B->A +Rate│/);
    expect(screen()).toContain('caf?.example');
    tty.type('\t');
    await tick();
    tty.type('\r');
    await tick();
    expect(screen()).toContain('ip.ttl: 64');
    expect(screen()).not.toMatch(/[^\x20-\x7e\n│─┌┐└┘]/); // blessed's cells keep box characters; the bytes are + - |
    const bad = [...tty.written].filter((c) => c.charCodeAt(0) > 0x7e);
    expect(bad).toEqual([]);
  });
});
