/**
 * End to end, as a user: the real bin/nta-top in tmux reading a small capture file. The refresh
 * interval is an hour (-d 3600), so whatever the screen shows after the first frame was drawn
 * because the file ended or -c was reached, not by the timer. Needs tmux (CI has it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { haveTmux, TmuxSession } from '../helpers/tmux.js';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/nta-top');
// 5 packets, 650 bytes: an ICMPv6 router advertisement and MLDv2 messages (tcpdump's test suite).
const FILE = path.join(ROOT, 'fixtures/tcpdump-icmpv6.pcap');

/** Packet-list rows: lines that start with a HH:MM:SS.mmm time inside the box. */
function packetRows(screen: string): string[] {
  return screen.split('\n').filter((l) => /^│\d\d:\d\d:\d\d\.\d{3} /.test(l));
}

describe.skipIf(!haveTmux())('dashboard on a small file in tmux', () => {
  let s: TmuxSession | null = null;
  afterEach(() => {
    s?.kill();
    s = null;
  });

  for (const [args, packets, bytes] of [
    ['', 5, 650],
    ['-c 3 ', 3, 410],
  ] as const) {
    it(`${args}-r: the file's numbers and EOF are drawn when reading ends, not at the next tick`, async () => {
      s = new TmuxSession(`nta-file-${process.pid}-${packets}`);
      s.start(`node ${BIN} -d 3600 ${args}-r ${FILE}`, 120, 40, { TERM: 'xterm-256color', LANG: 'C.UTF-8' });
      const screen = await s.waitFor((t) => t.includes('EOF: file done'), 10_000, 'EOF on the screen');
      expect(screen).toMatch(new RegExp(`^${packets} pkts ${bytes} B .* ring ${packets}/100k`, 'm'));
      expect(packetRows(screen)).toHaveLength(packets);
      expect(packetRows(screen).every((r) => / ICMPv6 /.test(r))).toBe(true);
      s.keys(['q']);
      expect(await s.waitExit()).toBe(0);
    });
  }
});
