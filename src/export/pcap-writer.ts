/**
 * Writes packets to a new classic pcap file (the dump key).
 *
 * Source: the pcap file format, draft-ietf-opsawg-pcap (file header: magic, version 2.4,
 * SnapLen, LinkType; record header: timestamp seconds, µs or ns fraction, captured and original
 * length), pcap-savefile(5). Fields are written in host byte order, as libpcap does; readers
 * detect the order from the magic number.
 */
import { closeSync, constants, fchmodSync, fchownSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { join, resolve } from 'node:path';
import { getSystemErrorMap } from 'node:util';
import type { Frame } from '../capture/frame.js';
import type { DumpResult } from '../aggregate/snapshot.js';

/** Magic number of microsecond-resolution pcap files. */
export const PCAP_MAGIC_US = 0xa1b2c3d4;
/** Magic number of nanosecond-resolution pcap files. */
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** Size of the pcap file header and of a record header, bytes. */
export const PCAP_FILE_HEADER_BYTES = 24;
export const PCAP_RECORD_HEADER_BYTES = 16;
/** SnapLen written when the capture's is unknown (≤ 0): libpcap's MAXIMUM_SNAPLEN. */
const DEFAULT_SNAPLEN = 262_144;
/** Names tried before giving up: base, base-1 … base-(MAX_NAME_TRIES-1). */
const MAX_NAME_TRIES = 100;
/** Write buffer: records are gathered and written in chunks of this many bytes. */
const CHUNK_BYTES = 1 << 20;
const MAX_IFACE_CHARS = 64;

/** Packets to write: an iterable (a reused Frame per step is fine) or a producer that emits them. */
export type FrameSource = Iterable<Frame> | ((emit: (frame: Frame) => void) => void);

export interface PcapWriteOptions {
  /** Directory the file is created in (relative paths resolve against the working directory). */
  dir: string;
  /** Interface name for the file name; characters outside [A-Za-z0-9._-] become '_'. */
  iface: string;
  /** LINKTYPE_ value of the frames (the file's LinkType field). */
  linktype: number;
  /** Capture snaplen in bytes; the header gets max(snaplen, largest caplen written), 262144 if ≤ 0. */
  snaplen: number;
  /** true: nanosecond file (magic 0xa1b23c4d); false: microsecond (0xa1b2c3d4, fraction = ⌊tsNsec/1000⌋). */
  nanosecond: boolean;
  /** The packets, consumed synchronously, each copied out at once. */
  frames: FrameSource;
  /** Time used in the file name; default now. */
  now?: Date;
}

/**
 * `nta-top-<iface>-<UTC YYYYMMDDTHHMMSSZ>.pcap`, e.g. nta-top-eth0-20240102T030405Z.pcap.
 * The iface part keeps [A-Za-z0-9._-], replaces anything else by '_', is cut to 64 characters,
 * and is "capture" when empty.
 */
export function dumpFileName(iface: string, now: Date, suffix = 0): string {
  let name = iface.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, MAX_IFACE_CHARS);
  if (name === '') name = 'capture';
  const iso = now.toISOString(); // 2024-01-02T03:04:05.678Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return `nta-top-${name}-${stamp}${suffix > 0 ? `-${suffix}` : ''}.pcap`;
}

/**
 * Writes the frames to a NEW file in `opts.dir` and returns where, or why not. Never throws.
 *
 * - Created with O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600 (then fchmod 0600, so the umask
 *   cannot widen or narrow it). An existing name — including a planted symlink, which is never
 *   followed — is never overwritten: "-1", "-2" … up to "-99" are tried, then it gives up.
 * - When running as root with SUDO_UID / SUDO_GID set, the file is fchown'ed to that user/group
 *   so the person who ran `sudo nta-top` owns the dump.
 * - Synchronous on purpose: the frames usually point into the live packet ring, which the capture
 *   would overwrite if the event loop ran in between. Records are gathered into 1 MiB chunks.
 * - On any error the partial file is removed and `{ok: false, error}` holds one line, e.g.
 *   "cannot write /x/nta-top-eth0-20240102T030405Z.pcap: permission denied (EACCES)".
 *
 * @returns on success the absolute path, the packets written and the file size in bytes.
 */
export function writePcapFile(opts: PcapWriteOptions): DumpResult {
  const dir = resolve(opts.dir);
  const now = opts.now ?? new Date();
  const c = constants;
  const flags = c.O_WRONLY | c.O_CREAT | c.O_EXCL | (c.O_NOFOLLOW ?? 0);
  let fd = -1;
  let file = '';
  for (let i = 0; i < MAX_NAME_TRIES && fd < 0; i++) {
    file = join(dir, dumpFileName(opts.iface, now, i));
    try {
      fd = openSync(file, flags, 0o600);
    } catch (e) {
      if (errCode(e) === 'EEXIST') continue;
      return { ok: false, error: describe(file, e) };
    }
  }
  if (fd < 0) {
    const first = join(dir, dumpFileName(opts.iface, now));
    return { ok: false, error: `cannot write ${first}: it and ${MAX_NAME_TRIES - 1} numbered variants already exist` };
  }
  try {
    fchmodSync(fd, 0o600);
    chownToSudoUser(fd);
    const { packets, bytes } = writeRecords(fd, opts);
    closeSync(fd);
    fd = -1;
    return { ok: true, path: file, packets, bytes };
  } catch (e) {
    if (fd >= 0) {
      try {
        closeSync(fd);
      } catch {
        // already failing; the original error is the one to report
      }
    }
    try {
      unlinkSync(file);
    } catch {
      // nothing more we can do; the error below says what failed
    }
    return { ok: false, error: describe(file, e) };
  }
}

/** fchown to SUDO_UID/SUDO_GID when we are root and they are set (decimal ids). */
function chownToSudoUser(fd: number): void {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  const uid = parseId(process.env.SUDO_UID);
  const gid = parseId(process.env.SUDO_GID);
  if (uid < 0 && gid < 0) return;
  fchownSync(fd, uid, gid);
}

/** Decimal id 0..2^32-2, or -1 (leave unchanged) when absent or not a plain number. */
function parseId(s: string | undefined): number {
  if (s === undefined || !/^[0-9]{1,10}$/.test(s)) return -1;
  const n = Number(s);
  return n <= 0xfffffffe ? n : -1;
}

/** Writes the file header and every record; returns packets and file bytes. Throws on I/O errors. */
function writeRecords(fd: number, opts: PcapWriteOptions): { packets: number; bytes: number } {
  const le = endianness() === 'LE';
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const snaplen = opts.snaplen > 0 ? Math.min(opts.snaplen, 0xffffffff) : DEFAULT_SNAPLEN;
  const nano = opts.nanosecond;
  let used = 0;
  let fileBytes = 0;
  let packets = 0;
  let maxCaplen = 0;

  const flush = (): void => {
    writeAll(fd, chunk, used, -1);
    fileBytes += used;
    used = 0;
  };
  const header = (snap: number): void => {
    view.setUint32(used, nano ? PCAP_MAGIC_NS : PCAP_MAGIC_US, le);
    view.setUint16(used + 4, 2, le);
    view.setUint16(used + 6, 4, le);
    view.setInt32(used + 8, 0, le); // thiszone: always 0 (timestamps are UTC)
    view.setUint32(used + 12, 0, le); // sigfigs: always 0
    view.setUint32(used + 16, snap >>> 0, le);
    view.setUint32(used + 20, opts.linktype >>> 0, le);
    used += PCAP_FILE_HEADER_BYTES;
  };
  const emit = (f: Frame): void => {
    const caplen = f.caplen;
    if (!(caplen >= 0 && f.off >= 0 && f.off + caplen <= f.buf.length)) {
      throw new Error(`packet ${packets + 1} has caplen ${caplen} beyond its buffer`);
    }
    if (used + PCAP_RECORD_HEADER_BYTES > CHUNK_BYTES) flush();
    view.setUint32(used, f.tsSec >>> 0, le);
    view.setUint32(used + 4, (nano ? f.tsNsec : Math.floor(f.tsNsec / 1000)) >>> 0, le);
    view.setUint32(used + 8, caplen, le);
    view.setUint32(used + 12, f.origLen >>> 0, le);
    used += PCAP_RECORD_HEADER_BYTES;
    if (used + caplen > CHUNK_BYTES) {
      flush();
      if (caplen > CHUNK_BYTES) {
        writeAll(fd, f.buf.subarray(f.off, f.off + caplen), caplen, -1);
        fileBytes += caplen;
      } else {
        chunk.set(f.buf.subarray(f.off, f.off + caplen), 0);
        used = caplen;
      }
    } else {
      chunk.set(f.buf.subarray(f.off, f.off + caplen), used);
      used += caplen;
    }
    if (caplen > maxCaplen) maxCaplen = caplen;
    packets++;
  };

  header(snaplen);
  const src = opts.frames;
  if (typeof src === 'function') src(emit);
  else for (const f of src) emit(f);
  flush();
  if (maxCaplen > snaplen) {
    // Readers reject records longer than the header's SnapLen; raise it rather than cut packets.
    header(maxCaplen);
    writeAll(fd, chunk, PCAP_FILE_HEADER_BYTES, 0);
  }
  return { packets, bytes: fileBytes };
}

/** Writes buf[0, n) at `position` (-1: current file position), looping over short writes. */
function writeAll(fd: number, buf: Uint8Array, n: number, position: number): void {
  let done = 0;
  while (done < n) {
    const w = writeSync(fd, buf, done, n - done, position < 0 ? null : position + done);
    if (w <= 0) throw new Error('write returned 0 bytes');
    done += w;
  }
}

function errCode(e: unknown): string {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code
    : '';
}

/** One line: "cannot write FILE: reason (CODE)". */
function describe(file: string, e: unknown): string {
  const code = errCode(e);
  let reason = '';
  const errno = typeof e === 'object' && e !== null ? (e as { errno?: unknown }).errno : undefined;
  if (typeof errno === 'number') reason = getSystemErrorMap().get(errno)?.[1] ?? '';
  if (reason === '') reason = e instanceof Error ? e.message : String(e);
  const line = code !== '' && !reason.includes(code) ? `${reason} (${code})` : reason;
  return `cannot write ${file}: ${line}`.replace(/[\r\n]+/g, ' ');
}
