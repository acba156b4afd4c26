/**
 * End to end, as a user: the real bin/nta-top in tmux, live on lo with loopback traffic flowing;
 * pause, protocol filter, address filter, dump, resize, quit. Needs root and tmux (CI has both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { haveTmux, TmuxSession } from '../helpers/tmux.js';
import { startLoopbackTraffic, type Traffic } from '../helpers/traffic.js';
import { loadCapture } from '../../src/capture/pcap.js';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/nta-top');
const CORPUS = path.resolve(ROOT, '../shared/corpus/captures');
const isRoot = process.getuid?.() === 0;

/** Packet-list rows: lines that start with a HH:MM:SS.mmm time inside the box. */
function packetRows(screen: string): string[] {
  return screen.split('\n').filter((l) => /^│\d\d:\d\d:\d\d\.\d{3} /.test(l));
}

/**
 * An ASCII screen's boxes are drawn with + - |. tmux's capture-pane (and its copy mode) gives a
 * cell drawn in the VT100 alternate character set as its plain letter, so borders left to ACS read
 * `lqqk`, `x`, `mqqj` here even though the bytes are ASCII too.
 */
function expectAsciiBorders(screen: string): void {
  expect(screen).not.toMatch(/qqq|^[lmx]q|^x.*x$/m);
  expect(screen).toMatch(/^\+- Protocols: bytes \[b\] -*\+\+- Rates -+\+$/m);
  expect(screen).toMatch(/^\|tcp +#*\.* +\d+\.\d%\|\|packets\/s .*\|$/m);
  expect(screen).toMatch(/^\+-+\+\+-+\+$/m);
  expect(screen).toMatch(/^\+- Top talkers by bytes \[s\] .* -+\+$/m);
  expect(screen).toMatch(/^\|Address +Packets +Bytes\* +Rate +Share\|$/m);
  expect(screen).toMatch(/^\+-{78}\+$/m);
}

describe.skipIf(!isRoot || !haveTmux())('live dashboard in tmux on lo', () => {
  const s = new TmuxSession(`nta-e2e-${process.pid}`);
  let traffic: Traffic;
  let dir: string;

  beforeAll(async () => {
    traffic = await startLoopbackTraffic({ udpPerSec: 50, tcpPerSec: 5, maxMs: 90_000 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nta-e2e-'));
    const bpf = `port ${traffic.udpPort} or port ${traffic.tcpPort}`;
    s.start(`node ${BIN} -i lo --dump-dir ${dir} ${bpf}`, 120, 40, { TERM: 'tmux-256color', LANG: 'C.UTF-8'});
  });

  afterAll(async () => {
    s.kill();
    await traffic?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows every panel moving, filters, pauses, dumps a pcap tshark agrees with, and quits cleanly', async () => {
    // Header: interface, linktype, BPF; all panels present; packets counted.
    let screen = await s.waitFor((t) => /\b[1-9]\d* pkts\b/.test(t) && packetRows(t).length >= 3, 15_000, 'packets on screen');
    expect(screen).toMatch(/^lo\s+EN10MB/m);
    expect(screen).toContain(`port ${traffic.udpPort}`);
    for (const title of ['Protocols', 'Rates', 'Top talkers', 'Packets']) expect(screen).toContain(title);
    expect(screen).toMatch(/127\.0\.0\.1 .*\d/);
    expect(screen).toMatch(/drops 0/);
    const count1 = Number(/(\d+) pkts/.exec(screen)![1]);
    screen = await s.waitFor((t) => Number(/(\d+) pkts/.exec(t)?.[1] ?? 0) > count1, 5_000, 'the count to move');

    // Pause: PAUSED shown and the view frozen while capture goes on.
    s.keys(['Space']);
    const paused = await s.waitFor((t) => t.includes('PAUSED'), 3_000, 'PAUSED');
    await new Promise((r) => setTimeout(r, 2200));
    expect(packetRows(s.capture())).toEqual(packetRows(paused));
    s.keys(['Space']);
    await s.waitFor((t) => !t.includes('PAUSED'), 3_000, 'resume');

    // Protocol filter: t → tcp, t → udp; the list shows only that protocol.
    s.keys(['t']);
    screen = await s.waitFor((t) => /filter tcp/.test(t) && packetRows(t).length > 0, 5_000, 'tcp filter');
    for (const row of packetRows(screen)) expect(row).toMatch(/ TCP /);
    s.keys(['t']);
    screen = await s.waitFor((t) => /filter udp/.test(t) && packetRows(t).length > 0, 5_000, 'udp filter');
    for (const row of packetRows(screen)) expect(row).toMatch(/ UDP /);

    // Address filter: a bad value is an error on the status line, a good one narrows the view.
    s.keys(['/']);
    await new Promise((r) => setTimeout(r, 300));
    s.keys(['999.1.1.1'], true);
    s.keys(['Enter']);
    await s.waitFor((t) => /not an IPv4\/IPv6 address or CIDR: 999\.1\.1\.1/.test(t), 3_000, 'address error');
    s.keys(['/']);
    await new Promise((r) => setTimeout(r, 300));
    s.keys(['127.0.0.0/8'], true);
    s.keys(['Enter']);
    screen = await s.waitFor((t) => /filter udp 127\.0\.0\.0\/8/.test(t), 3_000, 'address filter');
    s.keys(['/']);
    await new Promise((r) => setTimeout(r, 300));
    s.keys(['C-u']); // the prompt opens with the current filter text
    s.keys(['10.9.9.9'], true);
    s.keys(['Enter']);
    screen = await s.waitFor((t) => /filter udp 10\.9\.9\.9/.test(t), 3_000, 'non-matching address filter');
    await new Promise((r) => setTimeout(r, 1200));
    expect(packetRows(s.capture())).toHaveLength(0);

    // Clear, then keep only UDP again and dump.
    s.keys(['c']);
    await s.waitFor((t) => !/filter (tcp|udp)/.test(t.split('\n')[0]), 3_000, 'filters cleared');
    s.keys(['t', 't']);
    await s.waitFor((t) => /filter udp/.test(t), 3_000, 'udp filter again');
    s.keys(['w']);
    screen = await s.waitFor((t) => /wrote \d+ packets to \S+\.pcap/.test(t), 5_000, 'dump message');
    const m = /wrote (\d+) packets to (\S+\.pcap)/.exec(screen)!;
    const n = Number(m[1]);
    const file = m[2];
    expect(n).toBeGreaterThan(10);
    expect(path.dirname(file)).toBe(dir);
    expect(path.basename(file)).toMatch(/^nta-top-lo-\d{8}T\d{6}Z(-\d+)?\.pcap$/);
    const st = fs.statSync(file);
    expect(st.mode & 0o777).toBe(0o600);
    const back = loadCapture(file);
    expect(back.frames.length).toBe(n);
    expect(back.linktype).toBe(1);
    expect(back.nanosecond).toBe(true);
    // Only UDP to our port: IPv4 protocol byte 17 at Ethernet 14 + 9.
    for (const f of back.frames) expect(f.buf[14 + 9]).toBe(17);
    const cap = spawnSync('capinfos', ['-c', '-M', file], { encoding: 'utf8' });
    if (cap.status === 0) expect(cap.stdout).toMatch(new RegExp(`Number of packets:\\s+${n}\\b`));

    // Resize down to 80x24 and back up: all panels still drawn.
    s.resize(80, 24);
    screen = await s.waitFor((t) => t.split('\n').length <= 25 && t.includes('Top talkers') && t.includes('Packets'), 5_000, 'redraw at 80x24');
    s.resize(120, 40);
    screen = await s.waitFor((t) => t.includes('Rates') && t.includes('Top talkers') && t.split('\n')[0].length <= 120, 5_000, 'redraw at 120x40');

    // Quit: exit status 0 and the screen cleared.
    s.keys(['q']);
    expect(await s.waitExit()).toBe(0);
    expect(s.capture()).not.toContain('Top talkers');
  });
});

describe.skipIf(!haveTmux())('file dashboard in tmux', () => {
  it('reads a corpus capture at 80x24 under TERM=screen and LANG=C: ASCII only, names, tables, detail pane', async () => {
    const s = new TmuxSession(`nta-e2e-r-${process.pid}`);
    try {
      // TERM on the command line: tmux sets a pane's TERM from default-terminal over new-session -e.
      s.start(`TERM=screen node ${BIN} -r ${path.join(CORPUS, 'zeek-wikipedia.pcap')} --dump-dir ${os.tmpdir()}`, 80, 24, { TERM: 'screen', LANG: 'C', LC_ALL: 'C' });
      let screen = await s.waitFor((t) => /file done|EOF/.test(t) && t.includes('Top talkers'), 10_000, 'file read');
      expect(screen).toMatch(/zeek-wikipedia\.pcap/);
      expect(screen).toContain('136 pkts');
      expect(screen).not.toMatch(/[^\x00-\x7f]/);
      expectAsciiBorders(screen);
      expect(screen).not.toMatch(/Error on|var v, dyn/);
      // Passive names learned from the capture's DNS answers label the talkers.
      expect(screen).toContain('upload.wikimedia.org');
      s.keys(['n']);
      screen = await s.waitFor((t) => /names off/.test(t), 3_000, 'names off');
      expect(screen).not.toContain('upload.wikimedia.org');
      expect(screen).toContain('208.80.152.3');
      // Tab: hosts -> conversations -> services.
      s.keys(['Tab']);
      screen = await s.waitFor((t) => t.includes('Top conversations'), 3_000, 'conversations table');
      expect(screen).toMatch(/141\.142\.220\.118 +<-> 208\.80\.152\.3/);
      s.keys(['Tab']);
      screen = await s.waitFor((t) => t.includes('Top services'), 3_000, 'services table');
      expect(screen).toMatch(/tcp\/80 +http/);
      // Enter inspects the selected (newest) packet; Esc goes back.
      s.keys(['Enter']);
      screen = await s.waitFor((t) => /User Datagram Protocol|Internet Protocol Version 4/.test(t) && /^.0000  /m.test(t), 3_000, 'detail pane');
      expect(screen).toContain('Frame 136: 92 bytes on wire');
      expect(screen).toContain('Internet Protocol Version 4, Src: 141.142.220.226, Dst: 141.142.220.255');
      s.keys(['Down', 'Down', 'Down']); // frame -> eth -> ip -> udp
      screen = await s.waitFor((t) => /udp\.srcport: 137/.test(t), 3_000, 'udp layer');
      expect(screen).toMatch(/Bytes +udp 34-41 \(8 bytes\)/);
      s.keys(['Escape']);
      await s.waitFor((t) => t.includes('Top services') && t.includes('Packets'), 3_000, 'back from detail');
      s.keys(['q']);
      expect(await s.waitExit()).toBe(0);
    } finally {
      s.kill();
    }
  });
});

describe.skipIf(!haveTmux())('terminal hygiene', () => {
  for (const [sig, status] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`${sig} restores the terminal and exits ${status}`, async () => {
      const s = new TmuxSession(`nta-e2e-${sig}-${process.pid}`);
      try {
        // After nta-top ends, the shell prints the tty modes: raw mode must be gone.
        s.start(`node ${BIN} -r ${path.join(CORPUS, 'zeek-5-pings.pcap')} --dump-dir ${os.tmpdir()}; echo STATUS=$?; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo -e -icanon -e -echo | tr '\\n' ' '; echo STTY-DONE; sleep 5`, 100, 30);
        await s.waitFor((t) => t.includes('Top talkers'), 10_000, 'dashboard');
        const pid = s.programPid();
        expect(pid).not.toBeNull();
        process.kill(pid!, sig);
        const screen = await s.waitFor((t) => t.includes('STTY-DONE'), 5_000, 'shell after exit');
        expect(screen).toMatch(new RegExp(`^STATUS=${status}$`, 'm'));
        expect(screen).toMatch(/^icanon echo STTY-DONE/m);
        // tcpdump's exit summary, after the restore (not after SIGHUP: that terminal is gone).
        if (sig === 'SIGTERM') expect(screen).toMatch(/^nta-top: 10 packets read from \S*zeek-5-pings\.pcap$/m);
        expect(screen).not.toContain('Top talkers');
      } finally {
        s.kill();
      }
    });
  }
});

