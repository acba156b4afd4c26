/**
 * The most recent raw packets, kept for the packet list and the pcap dump, bounded by both a
 * packet count and a byte budget.
 */
import { BATCH_RECORD_HEADER, newFrame } from '../capture/frame.js';
import type { Frame, RecordBatch } from '../capture/frame.js';

/**
 * Recent packets in one preallocated byte arena plus per-slot metadata in typed arrays.
 *
 * Memory: exactly `maxBytes` bytes of arena + 40 bytes × `maxPackets` of metadata (tsSec f64,
 * seq f64, arena start position f64, data offset u32, tsNsec u32, caplen u32, origLen u32), all
 * allocated in the constructor; nothing is allocated per packet.
 *
 * Two ways in: `push` copies one Frame's bytes (the generic path); `pushRecords` takes a run of
 * records straight from a capture batch and moves their bytes with one copy per contiguous run
 * (headers and padding included, so a record uses 24 + caplen bytes rounded up to 8 of the budget).
 * On the live path that is ~1 copy per batch instead of one per packet. Zero copies: `openWindow`
 * hands out a free stretch of the arena for a capture to write a batch of records into
 * (Capture.readInto), and `adoptRecords` then takes the records where they lie.
 *
 * Bounds and eviction: the oldest packets are dropped first, as many as needed so that at most
 * `maxPackets` packets are held and the new packet's bytes fit. A packet's bytes are stored
 * contiguously (so a Frame can point into the arena); when the rest of the arena is too short the
 * packet starts again at offset 0 and the unused tail counts against the budget until it is
 * overwritten. So `bytes` (the sum of held caplens) is ≤ `maxBytes`, and may be a little less
 * than the budget even when full.
 *
 * Oversize packets: a packet that does not fit the arena is stored truncated to its first maxBytes
 * bytes (its caplen is reduced; origLen is kept), just as a snaplen would cut it.
 *
 * tsNsec and origLen are stored as unsigned 32-bit integers, the width of the pcap record fields.
 */
export class PacketRing {
  readonly maxPackets: number;
  readonly maxBytes: number;
  private readonly arena: Uint8Array;
  private readonly tsSec: Float64Array;
  private readonly seq: Float64Array;
  /**
   * Virtual start of each packet's arena space: a byte position that only grows (including
   * skipped arena tails). Eviction compares these, so packets of 0 bytes age out by position like
   * any other.
   */
  private readonly vstart: Float64Array;
  /** Arena offset of each packet's first byte. */
  private readonly dataOff: Uint32Array;
  private readonly tsNsec: Uint32Array;
  private readonly caplen: Uint32Array;
  private readonly origLen: Uint32Array;
  /** Slot of the oldest packet. */
  private head = 0;
  private count = 0;
  /** Sum of the held packets' caplens, bytes. */
  private held = 0;
  /** Virtual position where the next packet's space starts. */
  private vnext = 0;
  /** Arena offset matching vnext (vnext modulo maxBytes, kept without a division). */
  private pnext = 0;
  /** Length of the window openWindow last returned, bytes. */
  private windowLen = 0;
  /** The arena with word views, for a capture writing records into a window (Capture.readInto). */
  readonly records: RecordBatch;

  /**
   * @param maxPackets most packets held (≥ 1).
   * @param maxBytes byte budget for packet bytes (≥ 1); the arena is exactly this size.
   * @param arena where the arena lives: a zero-filled buffer of at least maxBytes bytes
   *   (default: a new ArrayBuffer; the Engine passes capture/pcap.largeBuffer's huge pages).
   */
  constructor(maxPackets: number, maxBytes: number, arena?: ArrayBuffer) {
    if (!Number.isInteger(maxPackets) || maxPackets < 1) throw new RangeError(`maxPackets must be an integer ≥ 1: ${maxPackets}`);
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new RangeError(`maxBytes must be an integer ≥ 1: ${maxBytes}`);
    this.maxPackets = maxPackets;
    this.maxBytes = maxBytes;
    if (arena && arena.byteLength < maxBytes) throw new RangeError(`arena of ${arena.byteLength} bytes is smaller than maxBytes ${maxBytes}`);
    this.arena = arena ? new Uint8Array(arena, 0, maxBytes) : new Uint8Array(maxBytes);
    this.tsSec = new Float64Array(maxPackets);
    this.seq = new Float64Array(maxPackets);
    this.vstart = new Float64Array(maxPackets);
    this.dataOff = new Uint32Array(maxPackets);
    this.tsNsec = new Uint32Array(maxPackets);
    this.caplen = new Uint32Array(maxPackets);
    this.origLen = new Uint32Array(maxPackets);
    const words = maxBytes >>> 2;
    this.records = { buf: this.arena, u32: new Uint32Array(this.arena.buffer, 0, words), i32: new Int32Array(this.arena.buffer, 0, words) };
  }

  /** Packets held. */
  get size(): number {
    return this.count;
  }

  /** Packet bytes held (sum of stored caplens). */
  get bytes(): number {
    return this.held;
  }

  /**
   * Makes room for `space` bytes (≤ maxBytes) and one more slot, evicting the oldest as needed;
   * returns the arena offset where the space starts and advances the write position past it.
   */
  private reserve(space: number): number {
    const M = this.maxBytes;
    if (this.count === this.maxPackets) this.dropOldest();
    if (this.count === 0) {
      // Empty: restart at the arena's beginning so a packet never needs to wrap.
      this.vnext = 0;
      this.pnext = 0;
    } else if (this.pnext + space > M) {
      // No room before the arena's end: restart at offset 0; the tail is skipped.
      this.vnext += M - this.pnext;
      this.pnext = 0;
    }
    const end = this.vnext + space;
    while (this.count > 0 && end - this.vstart[this.head] > M) this.dropOldest();
    const p = this.pnext;
    this.pnext = p + space;
    return p;
  }

  /** Fills the metadata of the next slot; `v` is the virtual start of its space. */
  private commit(v: number, off: number, tsSec: number, tsNsec: number, caplen: number, origLen: number, seq: number): void {
    let slot = this.head + this.count;
    if (slot >= this.maxPackets) slot -= this.maxPackets;
    this.tsSec[slot] = tsSec;
    this.tsNsec[slot] = tsNsec;
    this.caplen[slot] = caplen;
    this.origLen[slot] = origLen;
    this.vstart[slot] = v;
    this.dataOff[slot] = off;
    this.seq[slot] = seq;
    this.count++;
    this.held += caplen;
  }

  /**
   * Copies one packet in (frame.buf[off, off + caplen)), evicting the oldest as needed.
   * @param seq the packet's sequence number since capture start (1-based), kept for display.
   */
  push(frame: Frame, seq: number): void {
    let len = frame.caplen;
    if (len > this.maxBytes) len = this.maxBytes;
    if (len < 0) len = 0;
    const off = this.reserve(len);
    const v = this.vnext;
    this.vnext = v + len;
    const src = frame.buf;
    const so = frame.off;
    if (len <= SMALL_COPY_BYTES) {
      const arena = this.arena;
      for (let i = 0; i < len; i++) arena[off + i] = src[so + i];
    } else {
      this.arena.set(src.subarray(so, so + len), off);
    }
    this.commit(v, off, frame.tsSec, frame.tsNsec, len, frame.origLen, seq);
  }

  /**
   * Takes the first `count` records of a capture batch (layout: BATCH_RECORD_HEADER), giving them
   * the sequence numbers firstSeq, firstSeq + 1, …; the same result as push() per record, with the
   * bytes moved in one copy per contiguous run. `count` must not exceed the records in the batch.
   */
  pushRecords(batch: RecordBatch, count: number, firstSeq: number): void {
    const { buf, u32, i32 } = batch;
    const M = this.maxBytes;
    let off = 0; // record offset in the batch
    let runSrc = 0;
    let runDst = 0;
    let runLen = 0;
    for (let r = 0; r < count; r++) {
      const w = off >>> 2;
      const caplen = u32[w + 3];
      const recLen = (BATCH_RECORD_HEADER + caplen + 7) & ~7;
      const tsSec = i32[w + 1] * 4294967296 + u32[w];
      if (recLen > M) {
        // Does not fit even alone: the generic path truncates it.
        if (runLen > 0) this.arena.set(buf.subarray(runSrc, runSrc + runLen), runDst);
        runLen = 0;
        let len = caplen > M ? M : caplen;
        const p = this.reserve(len);
        const v = this.vnext;
        this.vnext = v + len;
        const so = off + BATCH_RECORD_HEADER;
        if (so + len > buf.length) len = Math.max(0, buf.length - so);
        this.arena.set(buf.subarray(so, so + len), p);
        this.commit(v, p, tsSec, u32[w + 2], len, u32[w + 4], firstSeq + r);
      } else {
        const p = this.reserve(recLen);
        if (runLen > 0 && p !== runDst + runLen) {
          // Wrapped or restarted: the run so far goes first (later runs may overwrite it).
          this.arena.set(buf.subarray(runSrc, runSrc + runLen), runDst);
          runLen = 0;
        }
        if (runLen === 0) {
          runSrc = off;
          runDst = p;
        }
        runLen += recLen;
        const v = this.vnext;
        this.vnext = v + recLen;
        this.commit(v, p + BATCH_RECORD_HEADER, tsSec, u32[w + 2], caplen, u32[w + 4], firstSeq + r);
      }
      off += recLen;
    }
    if (runLen > 0) {
      // The last record of a full batch may lack its padding: never read past the batch.
      const end = Math.min(runSrc + runLen, buf.length);
      this.arena.set(buf.subarray(runSrc, end), runDst);
    }
  }

  /**
   * Opens a write window: a contiguous stretch of the arena, at least `minBytes` and at most
   * `wantBytes` long (both bytes, rounded down to a multiple of 8), starting at the returned
   * arena offset (a multiple of 8). The packets whose bytes lie in it are evicted now, as a
   * push of that many bytes would evict them, so the ring holds up to `wantBytes` fewer bytes
   * than its budget while windows are in use. Nothing is committed until adoptRecords; the
   * window is valid until the next call that changes the ring. `windowBytes` is its length.
   * Throws RangeError when minBytes exceeds the arena (use push/pushRecords for such rings).
   */
  openWindow(minBytes: number, wantBytes: number): number {
    const M = this.maxBytes;
    const need = Math.max(8, (minBytes + 7) & ~7);
    if (need > (M & ~7)) throw new RangeError(`ring arena (${M} bytes) is smaller than a window of ${need} bytes`);
    const top = M & ~7;
    if (this.count === 0) {
      this.vnext = 0;
      this.pnext = 0;
    } else {
      // Windows start 8-aligned (push() may have left the write position unaligned); when the
      // rest of the arena is too short, restart at offset 0 and skip the tail.
      const p = (this.pnext + 7) & ~7;
      if (p + need > top) {
        this.vnext += M - this.pnext;
        this.pnext = 0;
      } else {
        this.vnext += p - this.pnext;
        this.pnext = p;
      }
    }
    let len = Math.min(Math.max(wantBytes, need), top - this.pnext);
    len &= ~7;
    const end = this.vnext + len;
    while (this.count > 0 && end - this.vstart[this.head] > M) this.dropOldest();
    this.windowLen = len;
    return this.pnext;
  }

  /** Length in bytes of the window the last openWindow call opened. */
  get windowBytes(): number {
    return this.windowLen;
  }

  /**
   * Commits the first `count` records written at the start of the window openWindow returned
   * (layout: BATCH_RECORD_HEADER, as Capture.readInto writes them), with the sequence numbers
   * firstSeq, firstSeq + 1, …. Each record uses 24 + caplen bytes rounded up to 8 of the budget;
   * when more than maxPackets would be held the oldest are dropped. `count` must not exceed the
   * records in the window, and nothing may change the ring between openWindow and this call.
   */
  adoptRecords(count: number, firstSeq: number): void {
    const { u32, i32 } = this.records;
    const limit = this.pnext + this.windowLen;
    let off = this.pnext;
    let v = this.vnext;
    for (let r = 0; r < count && off < limit; r++) {
      const w = off >>> 2;
      const caplen = u32[w + 3];
      const recLen = (BATCH_RECORD_HEADER + caplen + 7) & ~7;
      if (this.count === this.maxPackets) this.dropOldest();
      this.commit(v, off + BATCH_RECORD_HEADER, i32[w + 1] * 4294967296 + u32[w], u32[w + 2], caplen, u32[w + 4], firstSeq + r);
      off += recLen;
      v += recLen;
    }
    if (off > limit) {
      v -= off - limit;
      off = limit;
    }
    this.vnext = v;
    this.pnext = off;
    this.windowLen = 0;
  }

  /** Drops every packet (the arena is not cleared, only forgotten). */
  clear(): void {
    this.head = 0;
    this.count = 0;
    this.held = 0;
    this.vnext = 0;
    this.pnext = 0;
  }

  /**
   * Fills `out` with packet i (0 = oldest, size - 1 = newest) and returns it. `out.buf` becomes
   * the ring's arena: the bytes stay valid only until the next push. Throws RangeError for an i
   * outside 0..size-1.
   * @param linktype LINKTYPE_ value to put in `out.linktype` (the ring does not store it);
   *   default: leave `out.linktype` as it is.
   */
  frameAt(i: number, out: Frame, linktype: number = out.linktype): Frame {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`ring index out of range: ${i} (size ${this.count})`);
    const slot = this.slotOf(i);
    out.buf = this.arena;
    out.off = this.dataOff[slot];
    out.caplen = this.caplen[slot];
    out.origLen = this.origLen[slot];
    out.tsSec = this.tsSec[slot];
    out.tsNsec = this.tsNsec[slot];
    out.linktype = linktype;
    return out;
  }

  /** Sequence number given to push() for packet i (0 = oldest). */
  seqAt(i: number): number {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`ring index out of range: ${i} (size ${this.count})`);
    return this.seq[this.slotOf(i)];
  }

  /**
   * Index (0 = oldest) of the packet with sequence number `seq`, or -1 when the ring no longer
   * (or never) held it. The ring holds a contiguous run of sequence numbers when they were given
   * in order, as the Engine gives them; O(1).
   */
  indexOfSeq(seq: number): number {
    if (this.count === 0) return -1;
    const i = seq - this.seq[this.head];
    return i >= 0 && i < this.count && this.seq[this.slotOf(i)] === seq ? i : -1;
  }

  /**
   * Calls cb for every packet, oldest first, with one reused Frame (see frameAt for validity).
   * The callback must not push into this ring.
   */
  forEachOldest(linktype: number, cb: (frame: Frame, seq: number) => void, out?: Frame): void {
    const f = out ?? newFrame();
    const n = this.count;
    for (let i = 0; i < n; i++) cb(this.frameAt(i, f, linktype), this.seq[this.slotOf(i)]);
  }

  /**
   * Calls cb for up to `limit` packets, newest first, with one reused Frame; stops early when cb
   * returns false. The callback must not push into this ring.
   */
  forEachNewest(linktype: number, cb: (frame: Frame, seq: number) => boolean | void, limit = Infinity, out?: Frame): void {
    const f = out ?? newFrame();
    const stop = Math.max(0, this.count - limit);
    for (let i = this.count - 1; i >= stop; i--) {
      if (cb(this.frameAt(i, f, linktype), this.seq[this.slotOf(i)]) === false) return;
    }
  }

  /** Iterates oldest first, yielding one reused Frame (valid until the next push / next step). */
  *frames(linktype: number): IterableIterator<Frame> {
    const f = newFrame();
    for (let i = 0; i < this.count; i++) yield this.frameAt(i, f, linktype);
  }

  private slotOf(i: number): number {
    const s = this.head + i;
    return s >= this.maxPackets ? s - this.maxPackets : s;
  }

  private dropOldest(): void {
    this.held -= this.caplen[this.head];
    this.head++;
    if (this.head === this.maxPackets) this.head = 0;
    this.count--;
  }
}

/** Packets up to this size are copied byte by byte (cheaper than making a subarray view). */
const SMALL_COPY_BYTES = 96;
