/**
 * The most recent raw packets, kept for the packet list and the pcap dump, bounded by both a
 * packet count and a byte budget.
 */
import type { Frame } from '../capture/frame.js';

/**
 * Recent packets in one preallocated byte arena plus per-slot metadata in typed arrays.
 *
 * Memory: exactly `maxBytes` bytes of arena + 36 bytes × `maxPackets` of metadata (tsSec f64,
 * seq f64, arena position f64, tsNsec u32, caplen u32, origLen u32), all allocated in the
 * constructor. `push` allocates nothing for packets up to 96 bytes (copied byte by byte) and one
 * short-lived subarray view for larger ones (TypedArray#set is ~10× faster than a JS byte loop
 * for full-size packets, and the view dies in the young generation).
 *
 * Bounds and eviction: the oldest packets are dropped first, as many as needed so that at most
 * `maxPackets` packets are held and the new packet's bytes fit. A packet's bytes are stored
 * contiguously (so a Frame can point into the arena); when the rest of the arena is too short the
 * packet starts again at offset 0 and the unused tail counts against the budget until it is
 * overwritten. So `bytes` (the sum of held caplens) is ≤ `maxBytes`, and may be a little less
 * than the budget even when full.
 *
 * Oversize packets: a packet with caplen > maxBytes is stored truncated to its first maxBytes
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
   * Virtual start of each packet's bytes: a byte position that only grows (including skipped arena
   * tails); the arena offset is `vpos % maxBytes`. Eviction compares these, so packets of 0 bytes
   * age out by position like any other.
   */
  private readonly vpos: Float64Array;
  private readonly tsNsec: Uint32Array;
  private readonly caplen: Uint32Array;
  private readonly origLen: Uint32Array;
  /** Slot of the oldest packet. */
  private head = 0;
  private count = 0;
  /** Sum of the held packets' caplens, bytes. */
  private held = 0;
  /** Virtual position where the next packet's bytes start. */
  private vnext = 0;

  /**
   * @param maxPackets most packets held (≥ 1).
   * @param maxBytes byte budget for packet bytes (≥ 1); the arena is exactly this size.
   */
  constructor(maxPackets: number, maxBytes: number) {
    if (!Number.isInteger(maxPackets) || maxPackets < 1) throw new RangeError(`maxPackets must be an integer ≥ 1: ${maxPackets}`);
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new RangeError(`maxBytes must be an integer ≥ 1: ${maxBytes}`);
    this.maxPackets = maxPackets;
    this.maxBytes = maxBytes;
    this.arena = new Uint8Array(maxBytes);
    this.tsSec = new Float64Array(maxPackets);
    this.seq = new Float64Array(maxPackets);
    this.vpos = new Float64Array(maxPackets);
    this.tsNsec = new Uint32Array(maxPackets);
    this.caplen = new Uint32Array(maxPackets);
    this.origLen = new Uint32Array(maxPackets);
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
   * Copies one packet in (frame.buf[off, off + caplen)), evicting the oldest as needed.
   * @param seq the packet's sequence number since capture start (1-based), kept for display.
   */
  push(frame: Frame, seq: number): void {
    const M = this.maxBytes;
    let len = frame.caplen;
    if (len > M) len = M;
    if (len < 0) len = 0;
    if (this.count === this.maxPackets) this.dropOldest();
    let v = this.vnext;
    const off0 = v % M;
    if (off0 + len > M) v += M - off0; // no room before the arena's end: restart at offset 0
    const end = v + len;
    while (this.count > 0 && end - this.vpos[this.head] > M) this.dropOldest();
    if (this.count === 0) {
      // Empty: restart at the arena's beginning so a packet never needs to wrap.
      v = 0;
      this.vnext = 0;
    }
    const off = v % M;
    const src = frame.buf;
    const so = frame.off;
    if (len <= SMALL_COPY_BYTES) {
      const arena = this.arena;
      for (let i = 0; i < len; i++) arena[off + i] = src[so + i];
    } else {
      this.arena.set(src.subarray(so, so + len), off);
    }
    let slot = this.head + this.count;
    if (slot >= this.maxPackets) slot -= this.maxPackets;
    this.tsSec[slot] = frame.tsSec;
    this.tsNsec[slot] = frame.tsNsec;
    this.caplen[slot] = len;
    this.origLen[slot] = frame.origLen;
    this.vpos[slot] = v;
    this.seq[slot] = seq;
    this.count++;
    this.held += len;
    this.vnext = v + len;
  }

  /** Drops every packet (the arena is not cleared, only forgotten). */
  clear(): void {
    this.head = 0;
    this.count = 0;
    this.held = 0;
    this.vnext = 0;
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
    out.off = this.vpos[slot] % this.maxBytes;
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
   * Calls cb for every packet, oldest first, with one reused Frame (see frameAt for validity).
   * The callback must not push into this ring.
   */
  forEachOldest(linktype: number, cb: (frame: Frame, seq: number) => void, out?: Frame): void {
    const f = out ?? emptyFrame();
    const n = this.count;
    for (let i = 0; i < n; i++) cb(this.frameAt(i, f, linktype), this.seq[this.slotOf(i)]);
  }

  /**
   * Calls cb for up to `limit` packets, newest first, with one reused Frame; stops early when cb
   * returns false. The callback must not push into this ring.
   */
  forEachNewest(linktype: number, cb: (frame: Frame, seq: number) => boolean | void, limit = Infinity, out?: Frame): void {
    const f = out ?? emptyFrame();
    const stop = Math.max(0, this.count - limit);
    for (let i = this.count - 1; i >= stop; i--) {
      if (cb(this.frameAt(i, f, linktype), this.seq[this.slotOf(i)]) === false) return;
    }
  }

  /** Iterates oldest first, yielding one reused Frame (valid until the next push / next step). */
  *frames(linktype: number): IterableIterator<Frame> {
    const f = emptyFrame();
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

function emptyFrame(): Frame {
  return { buf: new Uint8Array(0), off: 0, caplen: 0, origLen: 0, tsSec: 0, tsNsec: 0, linktype: 1 };
}
