/**
 * The only mutable traffic counters: totals, per transport class, decode outcomes, per-second
 * rates and talkers. `ingest()` runs once per packet and allocates nothing in the steady state;
 * `takeSnapshot()` (once per tick) is the only place strings and objects are made.
 *
 * Counting rules are ../shared/corpus/ORACLE.md's: bytes are origLen (`frame.len`), the transport
 * class is the decoder's `transport`, talkers follow `top_hosts` (outermost IP source and
 * destination each credited, once when equal; frames without IP credit no one).
 */
import type { Frame } from '../capture/frame.js';
import { PacketStatus, TRANSPORT_COUNT, TRANSPORT_NAMES } from '../decode/packet.js';
import type { DecodedPacket, TransportName } from '../decode/packet.js';
import { formatIpv4, formatIpv6 } from '../decode/format.js';
import type { AggregateSnapshot, Count, RateSeries, TalkerRow, TalkerSortKey } from './snapshot.js';

/** Options of {@link Aggregator}. */
export interface AggregatorOptions {
  /**
   * Most talkers (distinct addresses) kept; default 65,536, at least 2. When the table is full and
   * a new address arrives, the ⌊n/2⌋ talkers with the fewest bytes are dropped (see
   * {@link Aggregator}). Memory: about 110 bytes per talker slot (typed arrays + hash index) plus
   * the address strings cached by snapshots; slots grow by doubling from 1,024 up to this cap
   * (≈ 7 MB at the default).
   */
  maxTalkers?: number;
  /** Seconds of per-second history kept for rates (circular window); default 300, at least 2. */
  rateWindowSec?: number;
  /** Length of the rate series in snapshots, in seconds; default 120, at most rateWindowSec. */
  seriesSec?: number;
}

/** What {@link Aggregator.takeSnapshot} needs; the engine's SnapshotQuery fits. */
export interface AggregateQuery {
  talkerSort: TalkerSortKey;
  /** Talker rows wanted (0 gives none). */
  talkerLimit: number;
  /**
   * Current epoch second. The last COMPLETE second is `nowSec - 1`; rates and series end there.
   * Defaults to the second of the newest packet (largest tsSec ingested). Live capture passes the
   * wall-clock second so the series moves on while no packets arrive.
   */
  nowSec?: number;
}

const DEFAULT_MAX_TALKERS = 65_536;
const DEFAULT_RATE_WINDOW_SEC = 300;
const DEFAULT_SERIES_SEC = 120;
const INITIAL_TALKER_SLOTS = 1024;

/** Address family tag in the talker table (0 = empty). */
const FAM_V4 = 4;
const FAM_V6 = 6;

/**
 * Traffic counters over every packet ingested since construction or the last `reset()`.
 *
 * Talker table: an open-addressing hash (linear probing, load ≤ 1/2, randomly seeded) over
 * struct-of-arrays typed storage, keyed by the address itself (IPv4 as one u32, IPv6 as four
 * u32 words read straight from the packet bytes), so no strings or objects are made per packet.
 * It holds at most `maxTalkers` entries. **Eviction rule:** when it is full and a new address
 * must be added, the ⌊n/2⌋ talkers with the fewest bytes (ties: least recently active second,
 * then oldest entry) are dropped and counted in `talkersEvicted`; their traffic stays in the
 * totals and in the share denominator, and an evicted address that comes back starts from zero.
 * Eviction costs O(n log n) once per n/2 new addresses, so it is amortised O(log n) per packet.
 *
 * Rates: packets and origLen bytes per epoch second (`frame.tsSec`) in a circular window of
 * `rateWindowSec` seconds, each slot tagged with its second. A packet older than the window (out
 * of order) counts in the totals, classes and talker totals but in no per-second figure; a jump
 * forward leaves skipped seconds at zero (stale slots are recognised by their tag).
 *
 * Per-talker bits/s: each talker keeps its latest active second, the bytes of that second and the
 * bytes of the second before it; the rate reported is 8 × bytes in the last complete second.
 */
export class Aggregator {
  readonly maxTalkers: number;
  readonly rateWindowSec: number;
  readonly seriesSec: number;

  // Totals.
  private packets = 0;
  private bytes = 0;
  private capBytes = 0;
  /** origLen bytes of packets with an outermost IP layer (denominator of `share`). */
  private ipBytes = 0;
  private truncated = 0;
  private malformed = 0;
  private unsupported = 0;
  private firstTs = NaN;
  private lastTs = NaN;
  private readonly classPackets = new Float64Array(TRANSPORT_COUNT);
  private readonly classBytes = new Float64Array(TRANSPORT_COUNT);

  // Per-second rates: slot = sec mod rateWindowSec; rateTag holds the second a slot counts.
  private readonly ratePackets: Float64Array;
  private readonly rateBytes: Float64Array;
  private readonly rateTag: Float64Array;
  /** Largest tsSec ingested; -Infinity when none. */
  private newestSec = -Infinity;

  // Talker table (dense arrays, index < talkerCount) + hash index (slot → dense index, -1 empty).
  private talkerCount = 0;
  private talkersEvicted = 0;
  private slots = 0;
  private tFam = new Uint8Array(0);
  /** Four words per talker, big-endian address bits as int32 (IPv4: 0, 0, 0, addr). */
  private tKey = new Int32Array(0);
  private tPackets = new Float64Array(0);
  private tBytes = new Float64Array(0);
  private tPacketsSent = new Float64Array(0);
  private tBytesSent = new Float64Array(0);
  private tPacketsRecv = new Float64Array(0);
  private tBytesRecv = new Float64Array(0);
  /** Latest second this talker was active (-Infinity before its first packet). */
  private tRateSec = new Float64Array(0);
  /** Bytes of second tRateSec, and of second tRateSec - 1. */
  private tRateCur = new Float64Array(0);
  private tRatePrev = new Float64Array(0);
  /** Address strings made by snapshots, reused until the talker is evicted or reset. */
  private tAddr: (string | undefined)[] = [];
  private index = new Int32Array(0);
  private indexMask = 0;
  private readonly seed: number;

  /** Key of the address being looked up, as four int32 words (typed array: stores never box). */
  private readonly lk = new Int32Array(4);

  constructor(opts: AggregatorOptions = {}) {
    this.maxTalkers = Math.max(2, Math.floor(opts.maxTalkers ?? DEFAULT_MAX_TALKERS));
    this.rateWindowSec = Math.max(2, Math.floor(opts.rateWindowSec ?? DEFAULT_RATE_WINDOW_SEC));
    this.seriesSec = Math.max(1, Math.min(this.rateWindowSec, Math.floor(opts.seriesSec ?? DEFAULT_SERIES_SEC)));
    this.ratePackets = new Float64Array(this.rateWindowSec);
    this.rateBytes = new Float64Array(this.rateWindowSec);
    this.rateTag = new Float64Array(this.rateWindowSec).fill(NaN);
    this.seed = (Math.random() * 0x100000000) >>> 0;
    this.allocTalkers(Math.min(this.maxTalkers, INITIAL_TALKER_SLOTS));
  }

  /**
   * Counts one packet. Hot path: no allocation in the steady state (the talker table grows by
   * doubling up to its cap, and evicts when full — both amortised).
   * @param frame the captured frame (origLen, caplen, tsSec are read; IPv6 addresses are read
   *   from `frame.buf` at `pkt.src6Off` / `pkt.dst6Off`).
   * @param pkt what decodePacket made of it.
   */
  ingest(frame: Frame, pkt: DecodedPacket): void {
    const len = frame.origLen;
    const sec = frame.tsSec;
    this.packets++;
    this.bytes += len;
    this.capBytes += frame.caplen;
    const cls = pkt.transport;
    this.classPackets[cls]++;
    this.classBytes[cls] += len;
    const st = pkt.status;
    if (st === PacketStatus.Truncated) this.truncated++;
    else if (st === PacketStatus.Malformed) this.malformed++;
    else if (st === PacketStatus.Unsupported) this.unsupported++;
    const ts = sec + frame.tsNsec / 1e9;
    if (this.packets === 1) this.firstTs = ts;
    this.lastTs = ts;

    // Per-second rates.
    if (sec > this.newestSec) this.newestSec = sec;
    const w = this.rateWindowSec;
    if (sec > this.newestSec - w) {
      let slot = sec % w;
      if (slot < 0) slot += w;
      if (this.rateTag[slot] !== sec) {
        this.rateTag[slot] = sec;
        this.ratePackets[slot] = 0;
        this.rateBytes[slot] = 0;
      }
      this.ratePackets[slot]++;
      this.rateBytes[slot] += len;
    }

    // Talkers (ORACLE.md top_hosts).
    const v = pkt.ipVersion;
    if (v === 4) {
      this.ipBytes += len;
      const s = pkt.src4 >>> 0;
      const d = pkt.dst4 >>> 0;
      const lk = this.lk;
      lk[0] = 0;
      lk[1] = 0;
      lk[2] = 0;
      lk[3] = s;
      this.credit(this.findOrInsert(FAM_V4), len, sec, true, s === d);
      if (s !== d) {
        lk[3] = d;
        this.credit(this.findOrInsert(FAM_V4), len, sec, false, false);
      }
    } else if (v === 6) {
      this.ipBytes += len;
      const buf = frame.buf;
      const end = frame.off + frame.caplen;
      const so = pkt.src6Off;
      const dOff = pkt.dst6Off;
      const srcOk = so >= 0 && so + 16 <= end;
      const dstOk = dOff >= 0 && dOff + 16 <= end;
      let same = false;
      if (srcOk) {
        same = dstOk && equal16(buf, so, dOff);
        this.loadKey6(buf, so);
        this.credit(this.findOrInsert(FAM_V6), len, sec, true, same);
      }
      if (dstOk && !same) {
        this.loadKey6(buf, dOff);
        this.credit(this.findOrInsert(FAM_V6), len, sec, false, false);
      }
    }
  }

  /** Forgets everything (counters, rates, talkers, eviction count); keeps the options. */
  reset(): void {
    this.packets = 0;
    this.bytes = 0;
    this.capBytes = 0;
    this.ipBytes = 0;
    this.truncated = 0;
    this.malformed = 0;
    this.unsupported = 0;
    this.firstTs = NaN;
    this.lastTs = NaN;
    this.classPackets.fill(0);
    this.classBytes.fill(0);
    this.ratePackets.fill(0);
    this.rateBytes.fill(0);
    this.rateTag.fill(NaN);
    this.newestSec = -Infinity;
    this.talkerCount = 0;
    this.talkersEvicted = 0;
    this.allocTalkers(Math.min(this.maxTalkers, INITIAL_TALKER_SLOTS));
  }

  /** Packets ingested since construction or reset(). */
  get packetCount(): number {
    return this.packets;
  }

  /**
   * Plain-data copy of the counters (cold path). Rate series: `seriesSec` (120) seconds ending
   * at the last complete second `nowSec - 1`; `current*` are that second's values, `peak*` the
   * highest in the series. Talkers: the top `talkerLimit` by `talkerSort` (descending; ties bytes
   * descending, then addr ascending by plain string comparison, as ORACLE.md), chosen with a
   * bounded heap rather than a full sort. `bitsPerSec` is 8 × the talker's origLen bytes in the
   * last complete second; `share` = talker bytes / all IP bytes (0 when there are none).
   */
  takeSnapshot(q: AggregateQuery): AggregateSnapshot {
    const nowSec = q.nowSec ?? (this.newestSec === -Infinity ? 0 : this.newestSec);
    const lastSec = Math.floor(nowSec) - 1;
    const classes = {} as Record<TransportName, Count>;
    for (let c = 0; c < TRANSPORT_COUNT; c++) {
      classes[TRANSPORT_NAMES[c]] = { packets: this.classPackets[c], bytes: this.classBytes[c] };
    }
    return {
      totals: { packets: this.packets, bytes: this.bytes },
      capBytes: this.capBytes,
      classes,
      conversations: [],
      conversationCount: 0,
      services: [],
      serviceCount: 0,
      truncated: this.truncated,
      malformed: this.malformed,
      unsupported: this.unsupported,
      rates: this.rateSeries(lastSec),
      talkers: this.topTalkers(q.talkerSort, q.talkerLimit > 0 ? Math.floor(q.talkerLimit) : 0, lastSec),
      talkerCount: this.talkerCount,
      talkersEvicted: this.talkersEvicted,
      firstTs: this.firstTs,
      lastTs: this.lastTs,
    };
  }

  // ---------------------------------------------------------------- rates

  private rateSeries(lastSec: number): RateSeries {
    const n = this.seriesSec;
    const w = this.rateWindowSec;
    const oldestKept = this.newestSec - w + 1;
    const secs = new Array<number>(n);
    const pps = new Array<number>(n);
    const bps = new Array<number>(n);
    let peakPps = 0;
    let peakBps = 0;
    for (let i = 0; i < n; i++) {
      const s = lastSec - (n - 1) + i;
      let p = 0;
      let b = 0;
      if (s >= oldestKept && s <= this.newestSec) {
        let slot = s % w;
        if (slot < 0) slot += w;
        if (this.rateTag[slot] === s) {
          p = this.ratePackets[slot];
          b = this.rateBytes[slot] * 8;
        }
      }
      secs[i] = s;
      pps[i] = p;
      bps[i] = b;
      if (p > peakPps) peakPps = p;
      if (b > peakBps) peakBps = b;
    }
    return {
      secs,
      pps,
      bitsPerSec: bps,
      currentPps: pps[n - 1],
      currentBitsPerSec: bps[n - 1],
      peakPps,
      peakBitsPerSec: peakBps,
    };
  }

  // ---------------------------------------------------------------- talkers: hot path

  private loadKey6(buf: Uint8Array, off: number): void {
    const lk = this.lk;
    lk[0] = (buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3];
    lk[1] = (buf[off + 4] << 24) | (buf[off + 5] << 16) | (buf[off + 6] << 8) | buf[off + 7];
    lk[2] = (buf[off + 8] << 24) | (buf[off + 9] << 16) | (buf[off + 10] << 8) | buf[off + 11];
    lk[3] = (buf[off + 12] << 24) | (buf[off + 13] << 16) | (buf[off + 14] << 8) | buf[off + 15];
  }

  /**
   * Seeded 32-bit hash of (fam, words[k..k+3]); seeded so that chosen addresses cannot force
   * collisions.
   */
  private hashKey(fam: number, words: Int32Array, k: number): number {
    let h = Math.imul(this.seed ^ fam, 0x9e3779b1);
    h = Math.imul(h ^ words[k], 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h ^ words[k + 1], 0xc2b2ae3d);
    h ^= h >>> 13;
    h = Math.imul(h ^ words[k + 2], 0x85ebca77);
    h ^= h >>> 16;
    h = Math.imul(h ^ words[k + 3], 0xc2b2ae3d);
    h ^= h >>> 15;
    return h;
  }

  /** Dense index of the talker with key (fam, this.lk), inserted (zeroed) if new. */
  private findOrInsert(fam: number): number {
    let slot = this.hashKey(fam, this.lk, 0) & this.indexMask;
    const index = this.index;
    const key = this.tKey;
    const lk = this.lk;
    for (;;) {
      const t = index[slot];
      if (t < 0) break;
      const k = t << 2;
      if (
        this.tFam[t] === fam &&
        key[k + 3] === lk[3] &&
        key[k + 2] === lk[2] &&
        key[k + 1] === lk[1] &&
        key[k] === lk[0]
      ) {
        return t;
      }
      slot = (slot + 1) & this.indexMask;
    }
    // Not found: make room, then insert.
    if (this.talkerCount >= this.slots) {
      if (this.slots < this.maxTalkers) this.growTalkers();
      else this.evictTalkers();
      slot = this.hashKey(fam, this.lk, 0) & this.indexMask;
      while (this.index[slot] >= 0) slot = (slot + 1) & this.indexMask;
    }
    const t = this.talkerCount++;
    this.index[slot] = t;
    this.tFam[t] = fam;
    this.tKey.set(this.lk, t << 2);
    this.tPackets[t] = 0;
    this.tBytes[t] = 0;
    this.tPacketsSent[t] = 0;
    this.tBytesSent[t] = 0;
    this.tPacketsRecv[t] = 0;
    this.tBytesRecv[t] = 0;
    this.tRateSec[t] = -Infinity;
    this.tRateCur[t] = 0;
    this.tRatePrev[t] = 0;
    this.tAddr[t] = undefined;
    return t;
  }

  /**
   * Credits one packet to talker t as its source (`asSrc`) or destination; `self` = the packet's
   * source and destination are this same address (credited once, as both sent and received).
   */
  private credit(t: number, len: number, sec: number, asSrc: boolean, self: boolean): void {
    this.tPackets[t]++;
    this.tBytes[t] += len;
    if (asSrc || self) {
      this.tPacketsSent[t]++;
      this.tBytesSent[t] += len;
    }
    if (!asSrc || self) {
      this.tPacketsRecv[t]++;
      this.tBytesRecv[t] += len;
    }
    const cs = this.tRateSec[t];
    if (sec === cs) this.tRateCur[t] += len;
    else if (sec > cs) {
      this.tRatePrev[t] = sec === cs + 1 ? this.tRateCur[t] : 0;
      this.tRateCur[t] = len;
      this.tRateSec[t] = sec;
    } else if (sec === cs - 1) this.tRatePrev[t] += len;
    // Older than the talker's previous second: counted in its totals only.
  }

  // ---------------------------------------------------------------- talkers: cold path

  /** (Re)allocates the talker arrays with room for `n` talkers and an empty index. */
  private allocTalkers(n: number): void {
    this.slots = n;
    this.tFam = new Uint8Array(n);
    this.tKey = new Int32Array(n * 4);
    this.tPackets = new Float64Array(n);
    this.tBytes = new Float64Array(n);
    this.tPacketsSent = new Float64Array(n);
    this.tBytesSent = new Float64Array(n);
    this.tPacketsRecv = new Float64Array(n);
    this.tBytesRecv = new Float64Array(n);
    this.tRateSec = new Float64Array(n);
    this.tRateCur = new Float64Array(n);
    this.tRatePrev = new Float64Array(n);
    this.tAddr = new Array<string | undefined>(n);
    let size = 16;
    while (size < n * 2) size *= 2;
    this.index = new Int32Array(size).fill(-1);
    this.indexMask = size - 1;
  }

  /** Doubles the talker arrays (up to maxTalkers), keeping entries. */
  private growTalkers(): void {
    const n = this.talkerCount;
    const old = {
      fam: this.tFam,
      key: this.tKey,
      p: this.tPackets,
      b: this.tBytes,
      ps: this.tPacketsSent,
      bs: this.tBytesSent,
      pr: this.tPacketsRecv,
      br: this.tBytesRecv,
      rs: this.tRateSec,
      rc: this.tRateCur,
      rp: this.tRatePrev,
      addr: this.tAddr,
    };
    this.allocTalkers(Math.min(this.maxTalkers, this.slots * 2));
    this.tFam.set(old.fam.subarray(0, n));
    this.tKey.set(old.key.subarray(0, n * 4));
    this.tPackets.set(old.p.subarray(0, n));
    this.tBytes.set(old.b.subarray(0, n));
    this.tPacketsSent.set(old.ps.subarray(0, n));
    this.tBytesSent.set(old.bs.subarray(0, n));
    this.tPacketsRecv.set(old.pr.subarray(0, n));
    this.tBytesRecv.set(old.br.subarray(0, n));
    this.tRateSec.set(old.rs.subarray(0, n));
    this.tRateCur.set(old.rc.subarray(0, n));
    this.tRatePrev.set(old.rp.subarray(0, n));
    for (let t = 0; t < n; t++) this.tAddr[t] = old.addr[t];
    this.rebuildIndex();
  }

  /** Drops the ⌊n/2⌋ talkers with the fewest bytes (ties: least recently active, then oldest). */
  private evictTalkers(): void {
    const n = this.talkerCount;
    const drop = n >> 1;
    const order = new Int32Array(n);
    for (let t = 0; t < n; t++) order[t] = t;
    const b = this.tBytes;
    const rs = this.tRateSec;
    order.sort((x, y) => b[x] - b[y] || rs[x] - rs[y] || x - y);
    const dead = new Uint8Array(n);
    for (let i = 0; i < drop; i++) dead[order[i]] = 1;
    let w = 0;
    for (let t = 0; t < n; t++) {
      if (dead[t]) continue;
      if (w !== t) this.moveTalker(t, w);
      w++;
    }
    for (let t = w; t < n; t++) this.tAddr[t] = undefined;
    this.talkerCount = w;
    this.talkersEvicted += drop;
    this.rebuildIndex();
  }

  private moveTalker(from: number, to: number): void {
    this.tFam[to] = this.tFam[from];
    this.tKey.copyWithin(to * 4, from * 4, from * 4 + 4);
    this.tPackets[to] = this.tPackets[from];
    this.tBytes[to] = this.tBytes[from];
    this.tPacketsSent[to] = this.tPacketsSent[from];
    this.tBytesSent[to] = this.tBytesSent[from];
    this.tPacketsRecv[to] = this.tPacketsRecv[from];
    this.tBytesRecv[to] = this.tBytesRecv[from];
    this.tRateSec[to] = this.tRateSec[from];
    this.tRateCur[to] = this.tRateCur[from];
    this.tRatePrev[to] = this.tRatePrev[from];
    this.tAddr[to] = this.tAddr[from];
  }

  private rebuildIndex(): void {
    this.index.fill(-1);
    for (let t = 0; t < this.talkerCount; t++) {
      let slot = this.hashKey(this.tFam[t], this.tKey, t << 2) & this.indexMask;
      while (this.index[slot] >= 0) slot = (slot + 1) & this.indexMask;
      this.index[slot] = t;
    }
  }

  /** Address string of talker t, as tshark -n prints it (cached). */
  private addrOf(t: number): string {
    let s = this.tAddr[t];
    if (s !== undefined) return s;
    const k = t << 2;
    if (this.tFam[t] === FAM_V4) s = formatIpv4(this.tKey[k + 3] >>> 0);
    else {
      const b = new Uint8Array(16);
      for (let i = 0; i < 4; i++) {
        const word = this.tKey[k + i] >>> 0;
        b[i * 4] = word >>> 24;
        b[i * 4 + 1] = (word >>> 16) & 0xff;
        b[i * 4 + 2] = (word >>> 8) & 0xff;
        b[i * 4 + 3] = word & 0xff;
      }
      s = formatIpv6(b, 0);
    }
    this.tAddr[t] = s;
    return s;
  }

  private rateBytesAt(t: number, lastSec: number): number {
    const cs = this.tRateSec[t];
    if (cs === lastSec) return this.tRateCur[t];
    if (cs === lastSec + 1) return this.tRatePrev[t];
    return 0;
  }

  /** Top `limit` talkers, best first, without sorting the whole table. */
  private topTalkers(sort: TalkerSortKey, limit: number, lastSec: number): TalkerRow[] {
    const n = this.talkerCount;
    if (limit === 0 || n === 0) return [];
    const key = new Float64Array(n);
    if (sort === 'bytes') key.set(this.tBytes.subarray(0, n));
    else if (sort === 'packets') key.set(this.tPackets.subarray(0, n));
    else for (let t = 0; t < n; t++) key[t] = this.rateBytesAt(t, lastSec);
    const bytes = this.tBytes;
    /** > 0 when talker a ranks before b. */
    const better = (a: number, b: number): number => {
      if (key[a] !== key[b]) return key[a] - key[b];
      if (bytes[a] !== bytes[b]) return bytes[a] - bytes[b];
      const sa = this.addrOf(a);
      const sb = this.addrOf(b);
      return sa < sb ? 1 : sa > sb ? -1 : 0;
    };
    // Min-heap (worst at the root) of at most `limit` talkers.
    const k = Math.min(limit, n);
    const heap = new Int32Array(k);
    let size = 0;
    const siftDown = (i: number): void => {
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) return;
        let m = l;
        if (l + 1 < size && better(heap[l + 1], heap[l]) < 0) m = l + 1;
        if (better(heap[m], heap[i]) >= 0) return;
        const tmp = heap[m];
        heap[m] = heap[i];
        heap[i] = tmp;
        i = m;
      }
    };
    for (let t = 0; t < n; t++) {
      if (size < k) {
        let i = size++;
        heap[i] = t;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (better(heap[i], heap[p]) >= 0) break;
          const tmp = heap[p];
          heap[p] = heap[i];
          heap[i] = tmp;
          i = p;
        }
      } else if (better(t, heap[0]) > 0) {
        heap[0] = t;
        siftDown(0);
      }
    }
    const picked = Array.from(heap.subarray(0, size));
    picked.sort((a, b) => better(b, a));
    const ipBytes = this.ipBytes;
    return picked.map((t) => ({
      addr: this.addrOf(t),
      packets: this.tPackets[t],
      bytes: this.tBytes[t],
      packetsSent: this.tPacketsSent[t],
      bytesSent: this.tBytesSent[t],
      packetsRecv: this.tPacketsRecv[t],
      bytesRecv: this.tBytesRecv[t],
      bitsPerSec: this.rateBytesAt(t, lastSec) * 8,
      share: ipBytes > 0 ? this.tBytes[t] / ipBytes : 0,
    }));
  }
}

/** True when the 16 bytes at a and b in buf are equal. */
function equal16(buf: Uint8Array, a: number, b: number): boolean {
  if (a === b) return true;
  for (let i = 0; i < 16; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}

/** The aggregates ../shared/corpus/oracle/<file>.json holds, in its key names and order. */
export interface OracleView {
  packets: number;
  bytes: number;
  cap_bytes: number;
  transport_packets: Record<TransportName, number>;
  transport_bytes: Record<TransportName, number>;
  /** Top 20 hosts by bytes (descending), ties by address string (ascending). */
  top_hosts: { host: string; bytes: number; packets: number }[];
  /** Talkers tracked (equals the oracle's `distinct_hosts` while nothing was evicted). */
  distinct_hosts: number;
}

/**
 * Oracle-comparable view (ORACLE.md key names) of an aggregator or of a snapshot. For a snapshot,
 * `top_hosts` is made from its talker rows, so it holds at most the rows the snapshot has.
 */
export function oracleView(src: Aggregator | AggregateSnapshot): OracleView {
  const snap = src instanceof Aggregator ? src.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 20 }) : src;
  const tp = {} as Record<TransportName, number>;
  const tb = {} as Record<TransportName, number>;
  for (const name of TRANSPORT_NAMES) {
    tp[name] = snap.classes[name].packets;
    tb[name] = snap.classes[name].bytes;
  }
  const hosts = snap.talkers
    .map((t) => ({ host: t.addr, bytes: t.bytes, packets: t.packets }))
    .sort((a, b) => b.bytes - a.bytes || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0))
    .slice(0, 20);
  return {
    packets: snap.totals.packets,
    bytes: snap.totals.bytes,
    cap_bytes: snap.capBytes,
    transport_packets: tp,
    transport_bytes: tb,
    top_hosts: hosts,
    distinct_hosts: snap.talkerCount,
  };
}
