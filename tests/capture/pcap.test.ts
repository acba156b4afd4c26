import { describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync, spawn } from 'node:child_process';
import type { Frame } from '../../src/capture/frame.js';
import { Capture, CaptureError, checkBpf, defaultDevice, listDevices, loadCapture, type Device } from '../../src/capture/pcap.js';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const isRoot = process.getuid?.() === 0;

function oracle(file: string): { packets: number; bytes: number; first_ts_ns: number | string; last_ts_ns: number | string; tcpdump?: unknown } {
  return JSON.parse(fs.readFileSync(path.join(CORPUS, 'oracle', `${file}.json`), 'utf8'));
}

describe('offline reading through libpcap', () => {
  it('reads a nanosecond pcap with exact timestamps and lengths', () => {
    const c = loadCapture(path.join(CORPUS, 'captures/tcpdump-tcp-handshake-nano.pcap'));
    expect(c.linktype).toBe(113);
    expect(c.nanosecond).toBe(true);
    expect(c.frames.length).toBe(3);
    const o = oracle('tcpdump-tcp-handshake-nano.pcap') as any;
    // JSON numbers lose the low digits of ns timestamps: read the integer from the raw text.
    const raw = fs.readFileSync(path.join(CORPUS, 'oracle/tcpdump-tcp-handshake-nano.pcap.json'), 'utf8');
    const firstNs = BigInt(/"first_ts_ns":\s*(\d+)/.exec(raw)![1]);
    const first = c.frames[0];
    expect(BigInt(first.tsSec) * 1_000_000_000n + BigInt(first.tsNsec)).toBe(firstNs);
    expect(c.frames.map((f) => f.origLen)).toEqual(o.table.slice(0, 3).map((r: unknown[]) => r[o.table_columns.indexOf('frame_len')]));
  });

  it('agrees with the oracle on packet and byte totals of pcap and pcapng files', () => {
    for (const f of ['zeek-5-pings.pcap', 'zeek-pcapng-multi-interface.pcapng', 'derived-wikipedia-comments.pcapng', 'zeek-echo-connections.pcap']) {
      const c = loadCapture(path.join(CORPUS, 'captures', f));
      const o = oracle(f);
      expect(c.frames.length, f).toBe(o.packets);
      expect(c.frames.reduce((s, fr) => s + fr.origLen, 0), f).toBe(o.bytes);
      expect(c.error, f).toBe('');
    }
  });

  it('delivers the packets before damage and reports the damage', () => {
    const c = loadCapture(path.join(CORPUS, 'captures/suricata-http-mime-truncated.pcap'));
    expect(c.frames.length).toBe(oracle('suricata-http-mime-truncated.pcap').packets);
    expect(c.error).toMatch(/truncated/);
  });

  it('reads an empty file as zero packets', () => {
    expect(loadCapture(path.join(CORPUS, 'captures/tcpdump-empty.pcap')).frames.length).toBe(0);
  });

  it('refuses a missing or non-capture file with libpcap\'s words', () => {
    expect(() => Capture.openOffline('/nonexistent/x.pcap')).toThrowError(CaptureError);
    try {
      Capture.openOffline(path.join(__dirname, 'pcap.test.ts'));
    } catch (e) {
      expect((e as CaptureError).code).toBe('EOPEN');
      expect((e as Error).message).toMatch(/unknown file format/);
    }
  });

  it('applies a BPF filter to a file and reports compile errors', () => {
    const cap = Capture.openOffline(path.join(CORPUS, 'captures/zeek-5-pings.pcap'), 'icmp[icmptype] = icmp-echoreply');
    let n = 0;
    while (!cap.eof) n += cap.readBatch(() => {});
    cap.close();
    expect(n).toBe(5);
    expect(() => Capture.openOffline(path.join(CORPUS, 'captures/zeek-5-pings.pcap'), 'tcp port')).toThrowError(/syntax error/);
    expect(checkBpf('tcp port 80', 1, 65535)).toBeNull();
    expect(checkBpf('nonsense here', 1, 65535)).toMatch(/.+/);
  });

  it('splits a large file over many bounded batches without losing or reordering packets', () => {
    const cap = Capture.openOffline(path.join(CORPUS, 'captures/zeek-echo-connections.pcap'));
    let n = 0;
    let batches = 0;
    let bytes = 0;
    while (!cap.eof) {
      const k = cap.readBatch((f) => {
        bytes += f.origLen;
      }, 1000);
      if (k > 0) batches++;
      n += k;
      expect(k).toBeLessThanOrEqual(1000);
    }
    cap.close();
    expect(n).toBe(82582);
    expect(batches).toBeGreaterThanOrEqual(83);
    expect(bytes).toBe(oracle('zeek-echo-connections.pcap').bytes);
  });
});

describe('reading into windows (readInto) and the read-ahead thread', () => {
  const FILE = path.join(CORPUS, 'captures/zeek-echo-connections.pcap');

  /** A digest of every frame: count, and a running hash over timestamps, lengths and bytes. */
  function digestOf(read: (onFrame: (f: Frame) => void) => void): { n: number; h: number } {
    let n = 0;
    let h = 0;
    read((f) => {
      n++;
      h = (Math.imul(h, 31) + f.tsSec + Math.floor(f.tsSec / 4294967296) * 13 + f.tsNsec + Math.floor(f.tsNsec / 4294967296) * 17 + f.caplen * 7 + f.origLen) | 0;
      for (let i = 0; i < f.caplen; i++) h = (Math.imul(h, 31) + f.buf[f.off + i]) | 0;
    });
    return { n, h };
  }

  /** A repeatable pseudo-random source: rnd(n) is in [0, n). */
  function lcg(seed: number): (n: number) => number {
    return (n) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return (seed >>> 8) % n;
    };
  }

  /** A record buffer of `bytes` with its word views, as readInto takes. */
  const recordBuffer = (bytes: number) => {
    const ab = new ArrayBuffer(bytes);
    return { buf: new Uint8Array(ab), u32: new Uint32Array(ab), i32: new Int32Array(ab) };
  };

  const whole = (file: string) =>
    digestOf((on) => {
      const cap = Capture.openOffline(file);
      while (!cap.eof) cap.readBatch(on);
      cap.close();
    });

  it('windows of any size and 8-aligned place deliver every packet once, in order, with its bytes', () => {
    const want = whole(FILE);
    expect(want.n).toBe(82582);
    const rnd = lcg(3);
    const into = recordBuffer(1 << 20);
    let calls = 0;
    const got = digestOf((on) => {
      const cap = Capture.openOffline(FILE);
      while (!cap.eof) {
        const base = rnd(4096) * 8;
        const len = 88 + rnd(8) * 8 + (rnd(4) === 0 ? rnd(200_000) & ~7 : rnd(3000) & ~7);
        const n = cap.readInto(into, base, len, on, 1 + rnd(300));
        if (n > 0) expect(cap.batchBytes).toBeLessThanOrEqual(len);
        calls++;
      }
      expect(cap.error).toBe('');
      cap.close();
    });
    expect(got).toEqual(want);
    expect(calls).toBeGreaterThan(1000);
  });

  it('read-ahead batches are walked in place, and mixing that with bounded copies and windows loses nothing', () => {
    const want = whole(FILE);
    // In place: a filtered read goes through libpcap into the binding's batches; each call's
    // frames point into one of those buffers (which rotate), and `batch` is the buffer of the
    // last call. A classic file read directly has batches in the file's own layout: without
    // fileLayout its records are converted into the capture's own buffer, one buffer.
    const buffersOf = (cap: Capture): Set<Uint8Array> => {
      const seen = new Set<Uint8Array>();
      for (let i = 0; i < 12 && !cap.eof; i++) {
        let buf: Uint8Array | null = null;
        cap.readBatch((f) => void (buf = f.buf));
        if (buf !== null) {
          expect(buf).toBe(cap.batch.buf);
          seen.add(buf);
        }
      }
      cap.close();
      return seen;
    };
    expect(buffersOf(Capture.openOffline(FILE, 'len >= 0')).size).toBeGreaterThan(1);
    expect(buffersOf(Capture.openOffline(FILE)).size).toBe(1);
    const filtered = digestOf((on) => {
      const cap = Capture.openOffline(FILE, 'len >= 0');
      while (!cap.eof) cap.readBatch(on);
      cap.close();
    });
    expect(filtered).toEqual(want);

    // Batches in place in the binding's records or in the file's own layout (fileLayout), mixed
    // with bounded copies and windows, which convert the file's records as they copy them out.
    for (const fileLayout of [false, true]) {
      const rnd = lcg(11);
      const into = recordBuffer(1 << 20);
      const kinds = [0, 0, 0];
      const got = digestOf((on) => {
        const cap = Capture.openOffline(FILE, '', { fileLayout });
        while (!cap.eof) {
          const k = rnd(3);
          kinds[k]++;
          if (k === 0) cap.readBatch(on);
          else if (k === 1) cap.readBatch(on, 1 + rnd(500));
          else cap.readInto(into, rnd(512) * 8, 88 + (rnd(60_000) & ~7), on, 1 + rnd(400));
        }
        expect(cap.error).toBe('');
        cap.close();
      });
      expect(got).toEqual(want);
      expect(Math.min(...kinds)).toBeGreaterThan(2);
    }
  });

  it('refuses a window outside the buffer or at an offset that is not a multiple of 8', () => {
    const cap = Capture.openOffline(FILE);
    const into = recordBuffer(4096);
    expect(() => cap.readInto(into, 4, 1000, () => {})).toThrow(RangeError);
    expect(() => cap.readInto(into, 4000, 1000, () => {})).toThrow(RangeError);
    expect(cap.readInto(into, 8, 4000, () => {})).toBeGreaterThan(0);
    cap.close();
  });

  it('a pipe (read on the calling thread) gives the same packets as the file (read ahead)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nta-fifo-'));
    const fifo = path.join(dir, 'in.pcap');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', FILE, fifo], { stdio: 'ignore' });
    try {
      const got = whole(fifo);
      expect(got).toEqual(whole(FILE));
    } finally {
      await new Promise((r) => (writer.exitCode !== null ? r(null) : writer.on('exit', r)));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file cut mid-packet delivers the whole packets before the cut, then the damage', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nta-cut-'));
    const cut = path.join(dir, 'cut.pcap');
    const bytes = fs.readFileSync(FILE);
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    try {
      const cap = Capture.openOffline(cut);
      let n = 0;
      while (!cap.eof) n += cap.readBatch(() => {});
      expect(cap.error).toMatch(/truncated/);
      cap.close();
      expect(n).toBeGreaterThan(40_000);
      expect(n).toBeLessThan(82582);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the direct reader of classic pcap files agrees with libpcap', () => {
  // With a BPF filter set, libpcap reads the file itself (pcap_dispatch); without one, the
  // binding reads classic pcap files directly, in the file's own record layout (FillFileLayout).
  // A filter that keeps every packet therefore gives libpcap's answer to compare with. Opened
  // with fileLayout (as the headless report opens files), the batches are walked in that layout;
  // without it (as the dashboard opens files), readBatch converts their records as it copies them.
  const ALL = 'len >= 0';
  function digest(file: string, filter?: string, fileLayout = false): string {
    const cap = Capture.openOffline(file, filter, { fileLayout });
    let n = 0;
    let h = 0;
    let inFileLayout = 0;
    while (!cap.eof) {
      if (cap.readBatch((f) => {
        n++;
        h = (Math.imul(h, 31) + f.tsSec + Math.floor(f.tsSec / 4294967296) * 13 + f.tsNsec + Math.floor(f.tsNsec / 4294967296) * 17 + f.caplen * 7 + f.origLen) | 0;
        for (let i = 0; i < f.caplen; i++) h = (Math.imul(h, 31) + f.buf[f.off + i]) | 0;
      }) > 0) {
        try {
          void cap.batch;
        } catch {
          inFileLayout++;
        }
      }
    }
    const e = cap.error;
    cap.close();
    layoutBatches = inFileLayout;
    return `${n} packets, hash ${h}, error '${e}'`;
  }
  /** Batches the last digest() walked in the file's layout. */
  let layoutBatches = 0;

  it('on every corpus capture', () => {
    const dir = path.join(CORPUS, 'captures');
    const differ: string[] = [];
    for (const f of fs.readdirSync(dir)) {
      const a = digest(path.join(dir, f));
      const b = digest(path.join(dir, f), ALL);
      const c = digest(path.join(dir, f), undefined, true);
      if (a !== b) differ.push(`${f}: ${a} vs libpcap ${b}`);
      if (c !== b) differ.push(`${f}: file layout ${c} vs libpcap ${b}`);
    }
    expect(differ).toEqual([]);
    // The file layout was walked (classic pcap files), and never for pcapng.
    digest(path.join(dir, 'zeek-echo-connections.pcap'), undefined, true);
    expect(layoutBatches).toBeGreaterThan(0);
    const ng = fs.readdirSync(dir).find((f) => f.endsWith('.pcapng')) as string;
    digest(path.join(dir, ng), undefined, true);
    expect(layoutBatches).toBe(0);
  });

  it('on damaged and unusual files: cut mid-header and mid-packet, records over the snaplen, absurd caplen, big-endian, pre-1970 and microsecond overflow', () => {
    const src = fs.readFileSync(path.join(CORPUS, 'captures/zeek-echo-connections.pcap'));
    expect(src.readUInt32LE(0)).toBe(0xa1b2c3d4);
    const recordAt = (k: number): number => {
      let off = 24;
      for (let i = 0; i < k; i++) off += 16 + src.readUInt32LE(off + 8);
      return off;
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nta-direct-'));
    const files: Record<string, Buffer> = {};
    files['cut-mid-header.pcap'] = src.subarray(0, recordAt(5000) + 9);
    files['cut-mid-packet.pcap'] = src.subarray(0, recordAt(5000) + 16 + 3);
    files['header-only.pcap'] = src.subarray(0, 24);
    const small = Buffer.from(src);
    small.writeUInt32LE(60, 16); // snaplen 60: longer records are cut by libpcap's rules
    files['small-snaplen.pcap'] = small;
    const absurd = Buffer.from(src);
    absurd.writeUInt32LE(300_000, recordAt(100) + 8);
    files['absurd-caplen.pcap'] = absurd;
    const odd = Buffer.from(src);
    odd.writeInt32LE(-86_400, recordAt(3) + 0); // a second before 1970
    odd.writeUInt32LE(4_294_967_295, recordAt(4) + 4); // microseconds that overflow when scaled
    files['odd-timestamps.pcap'] = odd;
    // The same capture written big-endian, nanosecond magic.
    const be: Buffer[] = [Buffer.alloc(24)];
    be[0].writeUInt32BE(0xa1b23c4d, 0);
    be[0].writeUInt16BE(2, 4);
    be[0].writeUInt16BE(4, 6);
    be[0].writeUInt32BE(src.readUInt32LE(16), 16);
    be[0].writeUInt32BE(src.readUInt32LE(20), 20);
    for (let off = 24, k = 0; off + 16 <= src.length && k < 20_000; k++) {
      const cl = src.readUInt32LE(off + 8);
      const h = Buffer.alloc(16);
      for (let i = 0; i < 4; i++) h.writeUInt32BE(src.readUInt32LE(off + 4 * i), 4 * i);
      be.push(h, src.subarray(off + 16, off + 16 + cl));
      off += 16 + cl;
    }
    files['big-endian-nano.pcap'] = Buffer.concat(be);
    try {
      const differ: string[] = [];
      const seen: string[] = [];
      for (const [name, bytes] of Object.entries(files)) {
        const p = path.join(dir, name);
        fs.writeFileSync(p, bytes);
        const a = digest(p);
        const b = digest(p, ALL);
        const c = digest(p, undefined, true);
        seen.push(`${name}: ${a}`);
        if (a !== b) differ.push(`${name}: ${a} vs libpcap ${b}`);
        if (c !== b) differ.push(`${name}: file layout ${c} vs libpcap ${b}`);
      }
      expect(differ).toEqual([]);
      // The damage is reported, and the reads were not trivially empty.
      expect(seen.find((l) => l.startsWith('cut-mid-header'))).toMatch(/^cut-mid-header.pcap: 5000 packets.*truncated dump file; tried to read 16 header bytes, only got 9/);
      expect(seen.find((l) => l.startsWith('cut-mid-packet'))).toMatch(/^cut-mid-packet.pcap: 5000 packets.*truncated dump file/);
      expect(seen.find((l) => l.startsWith('absurd-caplen'))).toMatch(/^absurd-caplen.pcap: 100 packets.*invalid packet capture length 300000/);
      expect(seen.find((l) => l.startsWith('big-endian'))).toMatch(/^big-endian-nano.pcap: 20000 packets/);
      expect(seen.find((l) => l.startsWith('header-only'))).toMatch(/^header-only.pcap: 0 packets, hash 0, error ''/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('devices', () => {
  it('lists lo as an up loopback interface and picks a non-loopback default like tcpdump', () => {
    const devs = listDevices();
    const lo = devs.find((d) => d.name === 'lo');
    expect(lo?.loopback).toBe(true);
    expect(lo?.addresses.some((a) => a.addr === '127.0.0.1')).toBe(true);
    const fake: Device[] = [
      { name: 'any', description: '', up: true, running: true, loopback: false, wireless: false, connected: false, addresses: [] },
      { name: 'lo', description: '', up: true, running: true, loopback: true, wireless: false, connected: false, addresses: [] },
      { name: 'eth1', description: '', up: false, running: false, loopback: false, wireless: false, connected: false, addresses: [] },
      { name: 'eth0', description: '', up: true, running: true, loopback: false, wireless: false, connected: true, addresses: [] },
    ];
    expect(defaultDevice(fake)).toBe('eth0');
    expect(defaultDevice(fake.slice(0, 2))).toBe('lo');
  });
});

describe.skipIf(!isRoot)('live capture on lo (root)', () => {
  it('captures every UDP datagram with increasing ns timestamps, right lengths, and stats', async () => {
    const rx = dgram.createSocket('udp4');
    await new Promise<void>((r) => rx.bind(0, '127.0.0.1', () => r()));
    const port = rx.address().port;
    const cap = Capture.openLive({ device: 'lo', filter: `udp and dst port ${port}`, snaplen: 262144 });
    expect(cap.linktype).toBe(1);
    const seen: { ts: bigint; caplen: number; origLen: number; payloadLen: number }[] = [];
    cap.startPoll(() => {
      for (;;) {
        const k = cap.readBatch((f) => {
          // Ethernet(14) + IPv4(20) + UDP(8); payload length from the UDP header.
          const udpLen = (f.buf[f.off + 38] << 8) | f.buf[f.off + 39];
          seen.push({ ts: BigInt(f.tsSec) * 1_000_000_000n + BigInt(f.tsNsec), caplen: f.caplen, origLen: f.origLen, payloadLen: udpLen - 8 });
        });
        if (k === 0) break;
      }
    });
    const tx = dgram.createSocket('udp4');
    const N = 500;
    for (let i = 0; i < N; i++) {
      const payload = Buffer.alloc(10 + (i % 200), i & 0xff);
      await new Promise<void>((r, j) => tx.send(payload, port, '127.0.0.1', (e) => (e ? j(e) : r())));
      // dgram callbacks do not pass through the poll phase: yield now and then so capture runs.
      if (i % 50 === 49) await new Promise((r) => setImmediate(r));
    }
    const deadline = Date.now() + 5000;
    while (seen.length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const stats = cap.stats();
    cap.close();
    tx.close();
    rx.close();
    expect(seen.length).toBe(N);
    for (let i = 0; i < N; i++) {
      const want = 14 + 20 + 8 + 10 + (i % 200);
      expect(seen[i].origLen).toBe(want);
      expect(seen[i].caplen).toBe(want);
      expect(seen[i].payloadLen).toBe(10 + (i % 200));
      if (i > 0) expect(seen[i].ts >= seen[i - 1].ts).toBe(true);
    }
    expect(seen[N - 1].ts > seen[0].ts).toBe(true);
    // Sub-microsecond digits show the timestamps really are nanoseconds.
    expect(seen.some((s) => s.ts % 1000n !== 0n)).toBe(true);
    expect(stats).not.toBeNull();
    expect(stats!.received).toBeGreaterThanOrEqual(N);
    expect(stats!.dropped).toBe(0);
  });

  it('names the problem for an unknown interface and a bad BPF filter', () => {
    expect(() => Capture.openLive({ device: 'nosuchif0' })).toThrowError(expect.objectContaining({ code: 'ENODEV' }));
    expect(() => Capture.openLive({ device: 'lo', filter: 'tcp port' })).toThrowError(expect.objectContaining({ code: 'EBPF' }));
  });
});
