import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dumpFileName, writePcapFile } from '../../src/export/pcap-writer.js';
import type { PcapWriteOptions } from '../../src/export/pcap-writer.js';
import type { Frame } from '../../src/capture/frame.js';
import { PacketRing } from '../../src/aggregate/ring.js';

/** Test-only classic pcap reader (draft-ietf-opsawg-pcap), independent of the writer. */
interface Parsed {
  le: boolean;
  nano: boolean;
  version: string;
  snaplen: number;
  linktype: number;
  records: { sec: number; frac: number; caplen: number; origLen: number; data: Buffer }[];
}
function parsePcap(file: string): Parsed {
  const b = fs.readFileSync(file);
  const m = b.readUInt32LE(0);
  let le: boolean;
  let nano: boolean;
  if (m === 0xa1b2c3d4 || m === 0xa1b23c4d) {
    le = true;
    nano = m === 0xa1b23c4d;
  } else {
    const mb = b.readUInt32BE(0);
    if (mb !== 0xa1b2c3d4 && mb !== 0xa1b23c4d) throw new Error(`bad magic ${m.toString(16)}`);
    le = false;
    nano = mb === 0xa1b23c4d;
  }
  const u32 = (o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const u16 = (o: number): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const out: Parsed = { le, nano, version: `${u16(4)}.${u16(6)}`, snaplen: u32(16), linktype: u32(20), records: [] };
  let o = 24;
  while (o < b.length) {
    if (o + 16 > b.length) throw new Error('record header cut short');
    const caplen = u32(o + 8);
    if (o + 16 + caplen > b.length) throw new Error('record data cut short');
    out.records.push({ sec: u32(o), frac: u32(o + 4), caplen, origLen: u32(o + 12), data: b.subarray(o + 16, o + 16 + caplen) });
    o += 16 + caplen;
  }
  return out;
}

function frame(sec: number, nsec: number, bytes: number[] | Uint8Array, origLen?: number): Frame {
  const buf = new Uint8Array(bytes.length + 7);
  buf.set(bytes, 3);
  return { buf, off: 3, caplen: bytes.length, origLen: origLen ?? bytes.length, tsSec: sec, tsNsec: nsec, linktype: 1 };
}

/** A minimal Ethernet/IPv4/UDP packet that tshark dissects without complaint. */
function udpPacket(id: number): number[] {
  const payload = [id & 255, (id >> 8) & 255, 1, 2, 3, 4, 5, 6];
  const udpLen = 8 + payload.length;
  const ipLen = 20 + udpLen;
  const ip = [0x45, 0, ipLen >> 8, ipLen & 255, 0, id & 255, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += (ip[i] << 8) | ip[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  const ck = ~sum & 0xffff;
  ip[10] = ck >> 8;
  ip[11] = ck & 255;
  const udp = [0x30, 0x39, 0x00, 0x35, udpLen >> 8, udpLen & 255, 0, 0];
  const eth = [2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00];
  return [...eth, ...ip, ...udp, ...payload];
}

const FRAMES = [
  frame(1_700_000_000, 123_456_789, udpPacket(1)),
  frame(1_700_000_001, 999_999_999, udpPacket(2), 1514),
  frame(1_700_000_002, 500, udpPacket(3)),
];

const NOW = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
const BASE = 'nta-top-eth0-20240102T030405Z';

function have(tool: string): boolean {
  return spawnSync(tool, ['-v'], { stdio: 'ignore' }).status === 0;
}

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nta-top-dump-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(extra: Partial<PcapWriteOptions> = {}): ReturnType<typeof writePcapFile> {
  return writePcapFile({ dir, iface: 'eth0', linktype: 1, snaplen: 262144, nanosecond: false, frames: FRAMES, now: NOW, ...extra });
}

describe('dumpFileName', () => {
  it('uses UTC time and a sanitised interface name', () => {
    expect(dumpFileName('eth0', NOW)).toBe(`${BASE}.pcap`);
    expect(dumpFileName('eth0', NOW, 3)).toBe(`${BASE}-3.pcap`);
    expect(dumpFileName('../x/wlan0:1 é', NOW)).toBe('nta-top-.._x_wlan0_1__-20240102T030405Z.pcap');
    expect(dumpFileName('', NOW)).toBe('nta-top-capture-20240102T030405Z.pcap');
    expect(dumpFileName('a'.repeat(200), NOW)).toBe(`nta-top-${'a'.repeat(64)}-20240102T030405Z.pcap`);
  });
});

describe('writePcapFile', () => {
  it('writes a microsecond pcap that parses back record for record', () => {
    const r = write();
    expect(r).toEqual({ ok: true, path: path.join(dir, `${BASE}.pcap`), packets: 3, bytes: 24 + 3 * (16 + 50) });
    if (!r.ok) return;
    expect(fs.statSync(r.path).size).toBe(r.bytes);
    const p = parsePcap(r.path);
    expect(p.le).toBe(os.endianness() === 'LE');
    expect([p.nano, p.version, p.snaplen, p.linktype]).toEqual([false, '2.4', 262144, 1]);
    expect(p.records.map((x) => [x.sec, x.frac, x.caplen, x.origLen])).toEqual([
      [1_700_000_000, 123_456, 50, 50],
      [1_700_000_001, 999_999, 50, 1514],
      [1_700_000_002, 0, 50, 50],
    ]);
    expect(Array.from(p.records[1].data)).toEqual(udpPacket(2));
  });

  it('writes a nanosecond pcap with the exact fraction', () => {
    const r = write({ nanosecond: true, linktype: 1 });
    if (!r.ok) throw new Error(r.error);
    const p = parsePcap(r.path);
    expect(p.nano).toBe(true);
    expect(p.records.map((x) => [x.sec, x.frac])).toEqual([
      [1_700_000_000, 123_456_789],
      [1_700_000_001, 999_999_999],
      [1_700_000_002, 500],
    ]);
  });

  it.runIf(have('capinfos') && have('tshark'))('is read identically by capinfos and tshark (µs and ns)', () => {
    for (const nanosecond of [false, true]) {
      const r = write({ nanosecond, iface: nanosecond ? 'ns' : 'us' });
      if (!r.ok) throw new Error(r.error);
      const info = execFileSync('capinfos', ['-c', '-M', r.path], { encoding: 'utf8' });
      expect(info).toMatch(/Number of packets:\s+3\s*$/m);
      const type = execFileSync('capinfos', ['-t', r.path], { encoding: 'utf8' });
      expect(type).toMatch(nanosecond ? /File type:\s+Wireshark\/tcpdump\/\.\.\. - nanosecond pcap\s*$/m : /File type:\s+Wireshark\/tcpdump\/\.\.\. - pcap\s*$/m);
      const out = execFileSync('tshark', ['-n', '-r', r.path, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'ip.id'], {
        encoding: 'utf8',
        env: { ...process.env, LC_ALL: 'C.UTF-8' },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      expect(out.trim().split('\n')).toEqual(
        nanosecond
          ? ['1700000000.123456789\t50\t50\t0x0001', '1700000001.999999999\t1514\t50\t0x0002', '1700000002.000000500\t50\t50\t0x0003']
          : ['1700000000.123456000\t50\t50\t0x0001', '1700000001.999999000\t1514\t50\t0x0002', '1700000002.000000000\t50\t50\t0x0003'],
      );
    }
  });

  it('creates the file with mode 0600 whatever the umask', () => {
    const old = process.umask(0o277);
    try {
      const r = write();
      if (!r.ok) throw new Error(r.error);
      expect(fs.statSync(r.path).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(old);
    }
    process.umask(0);
    try {
      const r = write();
      if (!r.ok) throw new Error(r.error);
      expect(fs.statSync(r.path).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });

  it('never overwrites an existing file: adds -1, -2 …', () => {
    fs.writeFileSync(path.join(dir, `${BASE}.pcap`), 'keep me');
    const r1 = write();
    const r2 = write();
    expect(r1.ok && r1.path).toBe(path.join(dir, `${BASE}-1.pcap`));
    expect(r2.ok && r2.path).toBe(path.join(dir, `${BASE}-2.pcap`));
    expect(fs.readFileSync(path.join(dir, `${BASE}.pcap`), 'utf8')).toBe('keep me');
    expect(parsePcap(path.join(dir, `${BASE}-2.pcap`)).records).toHaveLength(3);
  });

  it('does not follow a planted symlink (dangling or not)', () => {
    const target = path.join(dir, 'victim');
    fs.writeFileSync(target, 'original');
    fs.symlinkSync(target, path.join(dir, `${BASE}.pcap`));
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, `${BASE}-1.pcap`));
    const r = write();
    expect(r.ok && r.path).toBe(path.join(dir, `${BASE}-2.pcap`));
    expect(fs.readFileSync(target, 'utf8')).toBe('original');
    expect(fs.existsSync(path.join(dir, 'nowhere'))).toBe(false);
    expect(fs.lstatSync(path.join(dir, `${BASE}.pcap`)).isSymbolicLink()).toBe(true);
  });

  it('gives up after 100 names instead of looping', () => {
    fs.writeFileSync(path.join(dir, `${BASE}.pcap`), '');
    for (let i = 1; i < 100; i++) fs.writeFileSync(path.join(dir, `${BASE}-${i}.pcap`), '');
    const r = write();
    expect(r).toEqual({
      ok: false,
      error: `cannot write ${path.join(dir, `${BASE}.pcap`)}: it and 99 numbered variants already exist`,
    });
    expect(fs.readdirSync(dir)).toHaveLength(100);
  });

  it('reports a missing directory or a file in the way in one line', () => {
    const missing = path.join(dir, 'no', 'such');
    expect(write({ dir: missing })).toEqual({
      ok: false,
      error: `cannot write ${path.join(missing, `${BASE}.pcap`)}: no such file or directory (ENOENT)`,
    });
    fs.writeFileSync(path.join(dir, 'plain'), '');
    expect(write({ dir: path.join(dir, 'plain') })).toEqual({
      ok: false,
      error: `cannot write ${path.join(dir, 'plain', `${BASE}.pcap`)}: not a directory (ENOTDIR)`,
    });
  });

  it('reports an unwritable directory (EACCES / EROFS)', () => {
    let target: string;
    if (process.getuid?.() === 0) {
      // Root ignores mode bits; sysfs refuses new files even for root.
      if (!fs.existsSync('/sys/kernel')) return;
      target = '/sys';
    } else {
      target = path.join(dir, 'ro');
      fs.mkdirSync(target, 0o500);
    }
    const r = write({ dir: target });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(
        new RegExp(`^cannot write ${path.join(target, BASE)}\\.pcap: (permission denied \\(EACCES\\)|read-only file system \\(EROFS\\)|operation not permitted \\(EPERM\\))$`),
      );
    }
  });

  it('removes the partial file when producing the packets fails', () => {
    const r = write({
      frames: (emit) => {
        emit(FRAMES[0]);
        emit(FRAMES[1]);
        throw new Error('ring vanished');
      },
    });
    expect(r).toEqual({ ok: false, error: `cannot write ${path.join(dir, `${BASE}.pcap`)}: ring vanished` });
    expect(fs.readdirSync(dir)).toEqual([]);
    const bad = frame(1, 0, [1, 2, 3]);
    bad.caplen = 100;
    const r2 = write({ frames: [FRAMES[0], bad] });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error).toMatch(/packet 2 has caplen 100 beyond its buffer$/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('raises SnapLen to the largest record and handles packets larger than a chunk', () => {
    const big = new Uint8Array(3 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 255;
    const frames: Frame[] = [];
    for (let i = 0; i < 2000; i++) frames.push(frame(10 + i, i, new Uint8Array(1000).fill(i & 255)));
    frames.splice(700, 0, frame(5, 5, big));
    const r = write({ snaplen: 1500, frames, iface: 'big' });
    if (!r.ok) throw new Error(r.error);
    expect(r.packets).toBe(2001);
    expect(r.bytes).toBe(24 + 2001 * 16 + 2000 * 1000 + big.length);
    const p = parsePcap(r.path);
    expect(p.snaplen).toBe(big.length);
    expect(p.records).toHaveLength(2001);
    expect(Buffer.compare(p.records[700].data, Buffer.from(big))).toBe(0);
    expect(p.records[2000].data[999]).toBe(1999 & 255);
    expect(p.records[2000].sec).toBe(10 + 1999);
    // Unknown snaplen (0) becomes 262144.
    const r0 = write({ snaplen: 0, iface: 'zero' });
    if (!r0.ok) throw new Error(r0.error);
    expect(parsePcap(r0.path).snaplen).toBe(262144);
  });

  it('writes an empty dump as a valid header-only file', () => {
    const r = write({ frames: [] });
    expect(r.ok && r.packets).toBe(0);
    if (r.ok) expect(parsePcap(r.path).records).toEqual([]);
  });

  it('dumps a PacketRing through its reused-frame iterator', () => {
    const ring = new PacketRing(2, 10_000);
    for (const f of FRAMES) ring.push(f, 1);
    const r = write({ frames: ring.frames(1) });
    if (!r.ok) throw new Error(r.error);
    const p = parsePcap(r.path);
    expect(p.records.map((x) => x.sec)).toEqual([1_700_000_001, 1_700_000_002]);
    expect(Array.from(p.records[1].data)).toEqual(udpPacket(3));
    expect(ring.size).toBe(2);
  });

  it.runIf(process.getuid?.() === 0)('chowns to SUDO_UID/SUDO_GID when root', () => {
    const saved = { uid: process.env.SUDO_UID, gid: process.env.SUDO_GID };
    process.env.SUDO_UID = '4321';
    process.env.SUDO_GID = '8765';
    try {
      const r = write();
      if (!r.ok) throw new Error(r.error);
      const st = fs.statSync(r.path);
      expect([st.uid, st.gid, st.mode & 0o777]).toEqual([4321, 8765, 0o600]);
    } finally {
      if (saved.uid === undefined) delete process.env.SUDO_UID;
      else process.env.SUDO_UID = saved.uid;
      if (saved.gid === undefined) delete process.env.SUDO_GID;
      else process.env.SUDO_GID = saved.gid;
    }
  });
});
