import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, parseSize, UsageError } from '../../src/cli.js';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/nta-top');
const CORPUS = path.resolve(ROOT, '../shared/corpus/captures');
const isRoot = process.getuid?.() === 0;

function nta(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One line, starting with "nta-top: ", no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^nta-top: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist/main.js'))) throw new Error('run `npm run build` (npm test does) before these tests');
});

describe('argument parsing', () => {
  it('takes tcpdump-style options and trailing words as the BPF filter', () => {
    const c = parseArgs(['-i', 'eth0', '-p', '-s', '96', '-B', '4096', '--ring-packets', '5000', '--ring-bytes', '8M', '-d', '0.5', 'tcp', 'port', '80']);
    expect(c).toMatchObject({ mode: 'live', iface: 'eth0', promisc: false, snaplen: 96, bufferBytes: 4096 * 1024, ringPackets: 5000, ringBytes: 8 * 1024 * 1024, intervalMs: 500, bpf: 'tcp port 80' });
    expect(parseArgs(['-r', 'x.pcap', '-f', 'udp'])).toMatchObject({ mode: 'file', file: 'x.pcap', bpf: 'udp', promisc: true, snaplen: 262144 });
    expect(parseArgs(['-s', '0']).snaplen).toBe(262144);
    expect(parseArgs(['-D']).mode).toBe('list');
    expect(parseSize('1G', 'x')).toBe(1024 ** 3);
    expect(parseSize('512k', 'x')).toBe(512 * 1024);
  });

  it('rejects bad values with one clear line', () => {
    expect(() => parseArgs(['-s', 'abc'])).toThrow(UsageError);
    expect(() => parseArgs(['-d', '0'])).toThrow(/refresh interval/);
    expect(() => parseArgs(['--ring-bytes', 'lots'])).toThrow(/not a size/);
    expect(() => parseArgs(['-i', 'lo', '-r', 'x.pcap'])).toThrow(/cannot be used together/);
    expect(() => parseArgs(['-f', 'tcp', 'udp'])).toThrow(/either with -f or as trailing words/);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option/);
  });
});

describe('the real binary on bad input', () => {
  it('prints help and version', () => {
    const h = nta(['--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/as fast as possible/);
    expect(nta(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('unknown option → usage line, exit 2', () => {
    const r = nta(['--frobnicate']);
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /unknown option '--frobnicate'/);
  });

  it('missing file → one line, exit 1', () => {
    const r = nta(['-r', '/nonexistent/file.pcap']);
    expect(r.status).toBe(1);
    expectOneLine(r.stderr, /cannot read capture file '\/nonexistent\/file.pcap': no such file/);
  });

  it('a file that is not a capture → libpcap\'s reason', () => {
    const r = nta(['-r', path.join(ROOT, 'package.json')]);
    expect(r.status).toBe(1);
    expectOneLine(r.stderr, /cannot read capture file .*unknown file format/);
  });

  it('bad BPF → libpcap\'s words', () => {
    const r = nta(['-r', path.join(CORPUS, 'zeek-5-pings.pcap'), 'tcp', 'port']);
    expect(r.status).toBe(1);
    expectOneLine(r.stderr, /bad BPF filter 'tcp port': .*syntax error/);
  });

  it('stdout not a terminal → the JSON report instead of the screen', () => {
    const r = nta(['-r', path.join(CORPUS, 'zeek-5-pings.pcap')]);
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout);
    const oracle = JSON.parse(fs.readFileSync(path.join(CORPUS, '../oracle/zeek-5-pings.pcap.json'), 'utf8'));
    expect(rep.packets).toBe(oracle.packets);
    expect(rep.bytes).toBe(oracle.bytes);
    expect(rep.top_hosts).toEqual(oracle.top_hosts);
  });

  it('--report text prints a report for people; -c stops after COUNT packets', () => {
    const r = nta(['-r', path.join(CORPUS, 'zeek-wikipedia.pcap'), '--report', 'text', '-c', '10']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\b10\b/);
    expect(r.stdout).not.toMatch(/\x1b\[/); // not a terminal: no colour
    const j = JSON.parse(nta(['-r', path.join(CORPUS, 'zeek-wikipedia.pcap'), '--report', 'json', '-c', '10', '--top', '3']).stdout);
    expect(j.packets).toBe(10);
    expect(j.top_hosts.length).toBeLessThanOrEqual(3);
  });

  it('a damaged file: the packets before the damage, a one-line warning, exit 1', () => {
    const r = nta(['-r', path.join(CORPUS, 'suricata-http-mime-truncated.pcap'), '--report', 'json']);
    expect(r.status).toBe(1);
    const oracle = JSON.parse(fs.readFileSync(path.join(CORPUS, '../oracle/suricata-http-mime-truncated.pcap.json'), 'utf8'));
    expect(JSON.parse(r.stdout).packets).toBe(oracle.packets);
    expectOneLine(r.stderr, /warning: .* is damaged or cut short; read \d+ packets before the damage: .*truncated/);
  });

  it('an empty file gives an empty report', () => {
    const r = nta(['-r', path.join(CORPUS, 'tcpdump-empty.pcap'), '--report', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.packets).toBe(0);
    expect(j.top_hosts).toEqual([]);
  });

  it('unwritable or missing --dump-dir → one line', () => {
    // Needs a terminal to reach the dashboard's checks: run it under script(1).
    const r = spawnSync('script', ['-qec', `${process.execPath} ${BIN} -r ${path.join(CORPUS, 'zeek-5-pings.pcap')} --dump-dir ${path.join(os.tmpdir(), 'no-such-dir-nta')}`, '/dev/null'], { encoding: 'utf8', timeout: 20_000 });
    r.stderr = r.stdout; // script(1) merges the program's output into its own stdout
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /--dump-dir .* does not exist/);
  });

  it('a report that cannot be written (full disk) → one line and exit 1, not a stack trace', () => {
    const fd = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, '-r', path.join(ROOT, 'fixtures/zeek-5-pings.pcap'), '--report', 'json'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', fd, 'pipe'] });
      expect(r.status).toBe(1);
      expectOneLine(r.stderr, /cannot write the report to standard output: no space left on device/);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('a report to a full non-blocking pipe is written whole once the reader reads', () => {
    // python3: a 4 KiB pipe set O_NONBLOCK, read only after nta-top has filled it (EAGAIN).
    const script = [
      'import fcntl, os, subprocess, sys, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, 1031, 4096)',
      'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w)',
      'os.close(w)',
      'time.sleep(1)',
      'data = b""',
      'while True:',
      '    c = os.read(r, 65536)',
      '    if not c: break',
      '    data += c',
      'sys.stdout.write("%d %d" % (p.wait(), len(data)))',
    ].join('\n');
    const file = path.join(ROOT, 'fixtures/derived-dns-hostile.pcap');
    const whole = nta(['-r', file, '--report', 'text', '--top', '20']).stdout;
    // More than the pipe holds, less than a stream's 16 KiB buffer (a write that "succeeded" into it was lost at exit).
    expect(whole.length).toBeGreaterThan(4096);
    expect(whole.length).toBeLessThan(16384);
    const r = spawnSync('python3', ['-c', script, process.execPath, BIN, '-r', file, '--report', 'text', '--top', '20'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stdout).toBe(`0 ${Buffer.byteLength(whole)}`);
  });

  it('-D lists lo', () => {
    const r = nta(['-D']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.lo \[Up, Running, Loopback\]/m);
  });

  it.skipIf(!isRoot)('unknown interface names the ones there are', () => {
    const r = nta(['-i', 'nosuchif0']);
    expect(r.status).toBe(1);
    expectOneLine(r.stderr, /no such interface 'nosuchif0'; interfaces here: .*\blo\b/);
  });

  it.skipIf(!isRoot)('permission denied says how to fix it', () => {
    // Drop to an unprivileged user for this one run.
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, '-i', 'lo', '--dump-dir', os.tmpdir()], { encoding: 'utf8', timeout: 20_000 });
    if (r.error) return; // setpriv missing: nothing to check here
    expect(r.status).toBe(1);
    expectOneLine(r.stderr, /no permission to capture on lo .*sudo.*setcap cap_net_raw,cap_net_admin/);
  });

  it.skipIf(!isRoot)('unprivileged, a typo is named as a typo, not as a permission problem', () => {
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, '-i', 'nosuchif0', '--dump-dir', os.tmpdir()], { encoding: 'utf8', timeout: 20_000 });
    if (r.error) return; // setpriv missing: nothing to check here
    expect(r.status).toBe(1);
    expectOneLine(r.stderr, /no such interface 'nosuchif0'; interfaces here: .*\blo\b/);
  });
});
