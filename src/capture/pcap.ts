/**
 * The libpcap boundary: live interfaces and capture files → batches of Frames, plus drop
 * statistics. Wraps the native binding in ./native/pcap_binding.cc (built by node-gyp on
 * `npm install` against libpcap-dev).
 *
 * Source: pcap(3PCAP), pcap_create(3PCAP), pcap_activate(3PCAP), pcap_dispatch(3PCAP),
 * pcap_stats(3PCAP), pcap_findalldevs(3PCAP), pcap_open_offline(3PCAP).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { BATCH_RECORD_HEADER, newFrame } from './frame.js';
import type { Frame, RecordBatch } from './frame.js';
import type { CaptureStats } from '../aggregate/snapshot.js';

/** One capture interface as pcap_findalldevs(3PCAP) lists it. */
export interface Device {
  name: string;
  description: string;
  up: boolean;
  running: boolean;
  loopback: boolean;
  wireless: boolean;
  connected: boolean;
  addresses: { family: 'IPv4' | 'IPv6'; addr: string; netmask: string }[];
}

interface NativeHandle {
  readBatch(buf: Uint8Array, maxPackets: number, offset?: number, length?: number): number;
  /** Files read ahead on the binding's thread: its batch buffers, else null. */
  aheadBuffers(): ArrayBuffer[] | null;
  /**
   * The next read-ahead batch in place: records, or -1 EOF, -2 error, -3 use readBatch;
   * out[0] = buffer, out[2] = layout (0 records; else the file's own: bit 1 big-endian, bit 2 microseconds).
   */
  takeBatch(out: Uint32Array): number;
  startPoll(cb: (status: number) => void): void;
  stopPoll(): void;
  stats(): CaptureStats | null;
  close(): void;
  linktype(): number;
  snaplen(): number;
  nanosecond(): boolean;
  lastError(): string;
  warning(): string;
}

interface NativeBinding {
  listDevices(): Device[];
  libVersion(): string;
  datalinkName(dlt: number): string | null;
  checkFilter(expr: string, linktype: number, snaplen: number): string | null;
  openLive(o: {
    device: string;
    snaplen: number;
    promisc: boolean;
    immediate: boolean;
    bufferSize: number;
    timeoutMs: number;
    filter: string;
  }): NativeHandle;
  openOffline(path: string, o: { filter: string; fileLayout: boolean }): NativeHandle;
  allocArena(bytes: number): ArrayBuffer | null;
  prefault(ab: ArrayBuffer): void;
  exitNow(code: number): never;
}

/** Error codes of CaptureError: what went wrong when opening a capture. */
export type CaptureErrorCode = 'ENODEV' | 'EPERM' | 'ENETDOWN' | 'EBPF' | 'EOPEN' | 'EPCAP' | 'ECLOSED' | 'ELOAD';

/** An error from libpcap, with libpcap's own text as the message. */
export class CaptureError extends Error {
  constructor(
    readonly code: CaptureErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CaptureError';
  }
}

let binding: NativeBinding | null = null;

/**
 * Loads the native binding once. Throws CaptureError('ELOAD') when it was not built
 * (libpcap-dev or a compiler was missing at `npm install`).
 */
export function nativeBinding(): NativeBinding {
  if (binding) return binding;
  const req = createRequire(import.meta.url);
  const here = dirname(fileURLToPath(import.meta.url));
  // src/capture or dist/capture → repo root/build/Release
  const file = resolve(here, '..', '..', 'build', 'Release', 'nta_pcap.node');
  try {
    binding = req(file) as NativeBinding;
  } catch (e) {
    throw new CaptureError(
      'ELOAD',
      `the libpcap binding is not built (${file}): install libpcap-dev, python3, make and g++, then run npm rebuild`,
    );
  }
  return binding;
}

/**
 * A zero-filled buffer of `bytes` bytes for a large, long-lived store such as the packet ring's
 * arena: mapped by the binding on transparent huge pages where the kernel allows (2 MiB pages,
 * so filling it the first time takes 512× fewer page faults), else an ordinary ArrayBuffer.
 * Throws RangeError for a size below 1 byte.
 */
export function largeBuffer(bytes: number): ArrayBuffer {
  if (!(bytes >= 1)) throw new RangeError(`largeBuffer: ${bytes} bytes`);
  if (bytes >= 2 * 1024 * 1024) {
    try {
      const ab = nativeBinding().allocArena(bytes);
      if (ab) return ab;
    } catch {
      // no binding (tests of pure code) or no mapping: an ordinary buffer does the same job
    }
  }
  return new ArrayBuffer(bytes);
}

/**
 * Faults in the pages of `ab` now, on a thread of the binding (MADV_POPULATE_WRITE; contents are
 * kept), so that a live capture does not pay for zeroing fresh pages while its first ring-full
 * of traffic arrives; resident memory is then the buffer's whole size. Returns at once; does
 * nothing without the binding or on kernels before 5.14. Throws nothing.
 */
export function prefault(ab: ArrayBuffer): void {
  try {
    nativeBinding().prefault(ab);
  } catch {
    // no binding: pages fault in on first write
  }
}

/**
 * Ends the process at once with exit status `code` (0-255), by _exit(2) in the binding: no 'exit'
 * handlers, no flush of process.stdout/stderr streams, and none of Node's teardown, which waits
 * for V8's background compile jobs to finish and then unmaps the heap (10-20 ms of every
 * headless report). Only for a caller whose output already went out with write(2) and that holds
 * nothing a teardown must restore (a terminal, a file still being written). Returns (the caller
 * then exits the ordinary way) when the binding is missing, or when Node itself has output to
 * write at exit: a profile (--cpu-prof, --heap-prof; Node refuses them in NODE_OPTIONS) or
 * coverage (NODE_V8_COVERAGE).
 * Throws RangeError for a bad code.
 */
export function exitProcessNow(code: number): void {
  if (!(Number.isInteger(code) && code >= 0 && code <= 255)) throw new RangeError(`exit status ${code}: 0-255 expected`);
  if (process.env.NODE_V8_COVERAGE || process.execArgv.some((a) => /^--(cpu|heap)-prof/.test(a))) return;
  let b: NativeBinding;
  try {
    b = nativeBinding();
  } catch {
    return;
  }
  b.exitNow(code);
}

function wrapNative(e: unknown): CaptureError {
  if (e instanceof CaptureError) return e;
  const err = e as { code?: string; message?: string };
  const code = (err.code ?? 'EPCAP') as CaptureErrorCode;
  return new CaptureError(code, err.message ?? String(e));
}

/** Lists capture interfaces (pcap_findalldevs). Throws CaptureError('EPCAP'). */
export function listDevices(): Device[] {
  try {
    return nativeBinding().listDevices();
  } catch (e) {
    throw wrapNative(e);
  }
}

/**
 * The device tcpdump would pick without -i: the first entry of pcap_findalldevs (libpcap sorts
 * up-and-running, non-loopback interfaces first), skipping the "any" pseudo-device and devices
 * that are down. Null when there is none.
 */
export function defaultDevice(devices: Device[] = listDevices()): string | null {
  const usable = devices.filter((d) => d.name !== 'any' && d.up && d.running);
  const pick = usable.find((d) => !d.loopback) ?? usable[0] ?? devices[0];
  return pick ? pick.name : null;
}

/** libpcap's version string, e.g. "libpcap version 1.10.3 (with TPACKET_V3)". */
export function pcapVersion(): string {
  return nativeBinding().libVersion();
}

/** pcap_datalink_val_to_name(3PCAP) for a linktype, e.g. 1 → "EN10MB"; `LINKTYPE_<n>` when unknown. */
export function datalinkName(linktype: number): string {
  return nativeBinding().datalinkName(linktype) ?? `LINKTYPE_${linktype}`;
}

/** Compiles a BPF expression for a linktype without capturing; libpcap's error text, or null when valid. */
export function checkBpf(expr: string, linktype: number, snaplen: number): string | null {
  return nativeBinding().checkFilter(expr, linktype, snaplen);
}

/** Options for a live capture; units in the names. */
export interface LiveOptions {
  device: string;
  /** Bytes kept per packet (pcap_set_snaplen). Default 262144. */
  snaplen?: number;
  /** Promiscuous mode (pcap_set_promisc). Default true, as tcpdump without -p. */
  promisc?: boolean;
  /** Deliver packets as they arrive instead of in kernel blocks (pcap_set_immediate_mode). */
  immediate?: boolean;
  /** Kernel buffer size in bytes (pcap_set_buffer_size); 0 = libpcap's default (2 MiB). */
  bufferSizeBytes?: number;
  /** Buffer timeout in ms (pcap_set_timeout). Default 100. */
  timeoutMs?: number;
  /** BPF filter expression (pcap-filter(7)); '' for none. */
  filter?: string;
}

/**
 * Maps libpcap's DLT_ value (pcap_datalink) to the LINKTYPE_ value files and decoders use, as
 * libpcap's dlt_to_linktype() does: the DLT numbers that differ between platforms got their own
 * LINKTYPE numbers (https://www.tcpdump.org/linktypes.html). Linux tun/WireGuard report DLT_RAW 12.
 */
export function dltToLinktype(dlt: number): number {
  switch (dlt) {
    case 12: // DLT_RAW on most platforms
    case 14: // DLT_RAW on OpenBSD
      return 101;
    case 11: // DLT_ATM_RFC1483
      return 100;
    case 15: // DLT_SLIP_BSDOS
      return 102;
    case 16: // DLT_PPP_BSDOS
      return 103;
    case 19: // DLT_ATM_CLIP
      return 106;
    default:
      return dlt;
  }
}

/**
 * Batch buffer: 1 MiB holds thousands of packets and any single one libpcap allows (snaplen ≤
 * 262144); larger buys nothing but resident memory.
 */
export const BATCH_BYTES = 1024 * 1024;

/**
 * An open capture: a live interface or a file. Packets are read in batches: one native call
 * fills one buffer with up to `maxPackets` records, then `onFrame` sees each as a Frame.
 * The Frame object is reused for every packet and its bytes live in the batch buffer, so a
 * consumer that keeps a packet must copy it.
 */
export class Capture {
  readonly linktype: number;
  readonly snaplen: number;
  /** True when timestamps have nanosecond resolution (files are always read as nanoseconds). */
  readonly nanosecond: boolean;
  /** libpcap's warning from pcap_activate (e.g. promiscuous mode not supported), '' when none. */
  readonly warning: string;
  private handle: NativeHandle | null;
  /** The capture's own batch buffer with its word views (live captures, copies, filtered files). */
  private readonly own: RecordBatch;
  private readonly frame: Frame;
  /**
   * The batch buffer with its word views, for consumers that keep whole records (PacketRing
   * .pushRecords); holds the records of the last readBatch call until the next one.
   */
  get batch(): RecordBatch {
    if (this.currentFileLayout) throw new Error('Capture.batch: this capture was opened with fileLayout, its batches hold no records');
    return this.current;
  }
  /** The last batch taken is in the file's own layout (fileLayout): there is no record batch. */
  private currentFileLayout = false;
  private current: RecordBatch;
  /** The binding's read-ahead batches (files), viewed in place by readBatch; null for none. */
  private readonly ahead: RecordBatch[] | null;
  /** DataViews of the read-ahead batches, for records in the file's layout (unaligned, either byte order). */
  private readonly aheadViews: DataView[] | null;
  private readonly takeOut = new Uint32Array(3);
  private ended = false;
  private failure = '';
  private lastBytes = 0;

  private constructor(
    handle: NativeHandle,
    readonly live: boolean,
    readonly source: string,
    readonly bpf: string,
  ) {
    this.handle = handle;
    this.linktype = dltToLinktype(handle.linktype());
    this.snaplen = handle.snaplen();
    this.nanosecond = handle.nanosecond();
    this.warning = handle.warning();
    // A plain Uint8Array (not a Buffer), the same class as the ring's arena, so the decoders'
    // element reads see one kind of array whichever buffer a Frame points into.
    const buf = new Uint8Array(BATCH_BYTES);
    this.own = { buf, u32: new Uint32Array(buf.buffer, 0, BATCH_BYTES >>> 2), i32: new Int32Array(buf.buffer, 0, BATCH_BYTES >>> 2) };
    this.current = this.own;
    const abs = live ? null : handle.aheadBuffers();
    this.ahead = abs ? abs.map((ab) => ({ buf: new Uint8Array(ab), u32: new Uint32Array(ab), i32: new Int32Array(ab) })) : null;
    this.aheadViews = abs ? abs.map((ab) => new DataView(ab)) : null;
    this.frame = newFrame(buf, this.linktype);
  }

  /**
   * Opens a live capture (pcap_create, pcap_activate, pcap_setfilter; non-blocking).
   * Throws CaptureError: ENODEV (no such interface), EPERM (no permission), ENETDOWN, EBPF
   * (libpcap's compile error), EPCAP (anything else), ELOAD (binding not built).
   */
  static openLive(o: LiveOptions): Capture {
    try {
      const h = nativeBinding().openLive({
        device: o.device,
        snaplen: o.snaplen ?? 262144,
        promisc: o.promisc ?? true,
        immediate: o.immediate ?? false,
        bufferSize: o.bufferSizeBytes ?? 0,
        timeoutMs: o.timeoutMs ?? 100,
        filter: o.filter ?? '',
      });
      return new Capture(h, true, o.device, o.filter ?? '');
    } catch (e) {
      throw wrapNative(e);
    }
  }

  /**
   * Opens a pcap or pcapng file ('-' = standard input), timestamps in nanoseconds.
   * `o.fileLayout`: the caller only walks packets (readBatch without maxPackets) and never reads
   * `batch` (it keeps no records, as a headless report): the batches of a classic pcap file are
   * then walked where the binding's thread pread them, in the file's own record layout
   * (pcap-savefile(5)), with no conversion or copy; `batch` throws for such a batch.
   * Throws CaptureError: EOPEN (unreadable, not a capture file, damaged header: libpcap's text),
   * EBPF, ELOAD.
   */
  static openOffline(file: string, filter = '', o: { fileLayout?: boolean } = {}): Capture {
    try {
      const h = nativeBinding().openOffline(file, { filter, fileLayout: o.fileLayout === true });
      return new Capture(h, false, file, filter);
    } catch (e) {
      throw wrapNative(e);
    }
  }

  /** True after a file has been read to its end (or to an error). */
  get eof(): boolean {
    return this.ended;
  }

  /** The read error that ended a file early (e.g. "truncated dump file"), '' when none. */
  get error(): string {
    return this.failure;
  }

  /**
   * Reads one batch into the capture's own buffer and calls `onFrame` for each packet in
   * file/arrival order. Returns the number of packets delivered (0 when none are waiting or at
   * the end; see `eof`). A read error ends the capture: `eof` becomes true and `error` holds
   * libpcap's text; the packets read before it were delivered.
   * Files that the binding reads ahead on its thread are given in the batches that thread wrote,
   * without a copy, when `maxPackets` is not given (`batch` is then that batch): the binding's
   * records for files libpcap reads (pcapng, a BPF filter), the file's own layout for a classic
   * pcap file opened with fileLayout. A classic file opened without it, or a given `maxPackets`,
   * has the records converted or copied into the capture's own buffer.
   */
  readBatch(onFrame: (f: Frame) => void, maxPackets?: number): number {
    // Files read ahead: the records are walked where the binding's thread wrote them (no copy),
    // unless the caller bounds the count.
    if (this.ahead !== null && maxPackets === undefined && this.handle !== null && !this.ended) {
      const n = this.handle.takeBatch(this.takeOut);
      if (n !== -3) {
        this.lastBytes = 0;
        if (n === -1 || n === -2) {
          this.ended = true;
          if (n === -2) this.failure = this.handle.lastError();
          return 0;
        }
        const b = this.ahead[this.takeOut[0]];
        const layout = this.takeOut[2];
        this.current = b;
        if (layout === 0) {
          this.currentFileLayout = false;
          this.lastBytes = this.walk(b, 0, n, onFrame);
        } else {
          this.currentFileLayout = true;
          this.lastBytes = this.walkFileLayout(b.buf, (this.aheadViews as DataView[])[this.takeOut[0]], n, layout, onFrame);
        }
        return n;
      }
    }
    this.current = this.own;
    this.currentFileLayout = false;
    return this.readInto(this.own, 0, BATCH_BYTES, onFrame, maxPackets ?? 8192);
  }

  /**
   * Like readBatch, but the records (layout: BATCH_RECORD_HEADER) are written into
   * `into.buf[base, base + length)`, so a consumer that keeps packets can have them written
   * where it keeps them (PacketRing.openWindow) instead of copying them there.
   * `base` and `length` are byte counts, multiples of 8; `length` ≥ 88. After the call,
   * `batchBytes` is the number of bytes the records use from `base`.
   * Throws RangeError for a window outside `into.buf`.
   */
  readInto(into: RecordBatch, base: number, length: number, onFrame: (f: Frame) => void, maxPackets = 8192): number {
    this.lastBytes = 0;
    const h = this.handle;
    if (h === null || this.ended) return 0;
    const n = h.readBatch(into.buf, maxPackets, base, length);
    if (n === -1) {
      this.ended = true;
      return 0;
    }
    if (n === -2) {
      this.ended = true;
      this.failure = h.lastError();
      return 0;
    }
    this.lastBytes = Math.min(this.walk(into, base, n, onFrame) - base, length);
    return n;
  }

  /**
   * Calls onFrame for `n` records already in `b` from byte `base` (BATCH_RECORD_HEADER layout,
   * caplen bytes each within `b`), with this capture's frame and linktype, exactly as readInto
   * does after the binding wrote them: the Engine's JIT warm-up walks synthetic records through the
   * very code real ones take. Returns the offset past the last record. Throws nothing itself.
   */
  walkRecords(b: RecordBatch, base: number, n: number, onFrame: (f: Frame) => void): number {
    return this.walk(b, base, n, onFrame);
  }

  /** Calls onFrame for the n records from byte `base` of `b`; returns the offset past the last. */
  private walk(b: RecordBatch, base: number, n: number, onFrame: (f: Frame) => void): number {
    const u32 = b.u32;
    const i32 = b.i32;
    const f = this.frame;
    f.buf = b.buf;
    let off = base;
    for (let i = 0; i < n; i++) {
      const w = off >>> 2;
      f.tsSec = i32[w + 1] * 4294967296 + u32[w];
      f.tsNsec = u32[w + 2];
      f.caplen = u32[w + 3];
      f.origLen = u32[w + 4];
      f.off = off + BATCH_RECORD_HEADER;
      onFrame(f);
      off = (off + BATCH_RECORD_HEADER + f.caplen + 7) & ~7;
    }
    return off;
  }

  /**
   * Calls onFrame for the n records from byte 0 of `buf` in a pcap file's own layout
   * (pcap-savefile(5): ts_sec, ts_usec or ts_nsec, caplen, len as 32-bit words in the file's
   * byte order, then caplen bytes, no padding), as the binding's thread checked and pread them
   * (whole records, caplen within the snapshot length and the batch). `layout`: takeBatch's
   * out[2] (bit 1 big-endian, bit 2 microseconds). Timestamps as libpcap gives them: signed
   * 32-bit seconds, microseconds scaled by 1000 in 32 bits. Returns the offset past the last.
   */
  private walkFileLayout(buf: Uint8Array, dv: DataView, n: number, layout: number, onFrame: (f: Frame) => void): number {
    const le = (layout & 2) === 0;
    const micro = (layout & 4) !== 0;
    const f = this.frame;
    f.buf = buf;
    let off = 0;
    for (let i = 0; i < n; i++) {
      f.tsSec = dv.getInt32(off, le);
      const frac = dv.getUint32(off + 4, le);
      f.tsNsec = micro ? Math.imul(frac, 1000) >>> 0 : frac;
      const caplen = dv.getUint32(off + 8, le);
      f.caplen = caplen;
      f.origLen = dv.getUint32(off + 12, le);
      f.off = off + 16;
      onFrame(f);
      off += 16 + caplen;
    }
    return off;
  }

  /** Bytes used by the records of the last readBatch/readInto call (0 when it read none). */
  get batchBytes(): number {
    return this.lastBytes;
  }

  /**
   * Live only: calls `onReadable` on this thread whenever packets are waiting (uv_poll).
   * Socket errors such as the interface going down are absorbed by the binding (capture resumes
   * when it comes back up); only a descriptor that keeps failing ends the capture, with `eof`
   * set, `error` saying why, and one last call of `onReadable`.
   */
  startPoll(onReadable: () => void): void {
    if (!this.handle) throw new CaptureError('ECLOSED', 'capture is closed');
    this.handle.startPoll((status: number) => {
      if (status < 0) {
        this.failure = `capture stopped: polling the capture socket failed (libuv status ${status})`;
        this.ended = true;
        this.stopPoll();
      }
      onReadable();
    });
  }

  stopPoll(): void {
    this.handle?.stopPoll();
  }

  /** pcap_stats counters for live captures; null for files or after close. */
  stats(): CaptureStats | null {
    return this.handle ? this.handle.stats() : null;
  }

  /** Stops polling and closes the handle; the event loop is then free to exit. Idempotent. */
  close(): void {
    if (this.handle) {
      this.handle.close();
      this.handle = null;
    }
  }
}

/**
 * One line explaining a read error that ended a file early, for people: libpcap's words plus
 * what they mean. libpcap refuses some valid pcapng files that tshark reads (several interfaces
 * with different linktypes or snaplens); that is said as such, not as damage.
 */
export function explainReadError(file: string, packetsRead: number, libpcapError: string): string {
  if (/different from the (snapshot length|type) of the first interface/.test(libpcapError)) {
    return `${file}: libpcap cannot read past packet ${packetsRead}: ${libpcapError} (libpcap requires every pcapng interface to have the same linktype and snaplen; tshark reads such files)`;
  }
  return `${file} is damaged or cut short; read ${packetsRead} packets before the damage: ${libpcapError}`;
}

/** A whole capture file in memory: for tests and cold paths. */
export interface LoadedCapture {
  linktype: number;
  snaplen: number;
  nanosecond: boolean;
  frames: Frame[];
  /** Read error that ended the file early, '' when none. */
  error: string;
}

/**
 * Reads a whole capture file through libpcap, copying every packet into its own buffer.
 * Throws CaptureError('EOPEN') when the file cannot be opened.
 */
export function loadCapture(file: string): LoadedCapture {
  const cap = Capture.openOffline(file);
  const frames: Frame[] = [];
  try {
    while (!cap.eof) {
      cap.readBatch((f) => {
        const bytes = new Uint8Array(f.caplen);
        bytes.set(f.buf.subarray(f.off, f.off + f.caplen));
        frames.push({ ...f, buf: bytes, off: 0 });
      });
    }
    return { linktype: cap.linktype, snaplen: cap.snaplen, nanosecond: cap.nanosecond, frames, error: cap.error };
  } finally {
    cap.close();
  }
}
