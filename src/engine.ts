/**
 * The engine: capture → decode → aggregate (+ ring), and the DataSource the dashboard reads.
 *
 * Per packet (hot path): decodePacket into one reused DecodedPacket, ingest into the all-traffic
 * aggregator and, when a view filter is active and matches, into the view aggregator. Per batch:
 * the capture writes the records straight into a window of the ring's arena (Capture.readInto,
 * PacketRing.openWindow) and the ring adopts them where they lie, so packet bytes are copied
 * once, by the binding; rings too small for a window take a copy (PacketRing.pushRecords).
 * Strings are only made in takeSnapshot().
 *
 * A view filter set while running starts a fresh view aggregator seeded from the packets still in
 * the ring, so the panels are not empty; its numbers therefore cover the ring's window plus
 * everything after, while the header keeps the totals of all traffic.
 */
import { BATCH_RECORD_HEADER, LINKTYPE, newFrame, type Frame } from './capture/frame.js';
import { BATCH_BYTES, largeBuffer, prefault } from './capture/pcap.js';
import type { Capture } from './capture/pcap.js';
import { CpuMeter } from './capture/cpu.js';
import { decodePacket, dissect, linktypeName, summarizePacket } from './decode/index.js';
import { newDecodedPacket } from './decode/packet.js';
import type { DecodedPacket, PacketDetail, PacketSummary } from './decode/packet.js';
import { Aggregator } from './aggregate/aggregator.js';
import { PacketRing } from './aggregate/ring.js';
import { compileViewFilter } from './filter/index.js';
import { writePcapFile } from './export/pcap-writer.js';
import { WarmUp, WARMUP_PACKETS } from './warmup.js';
import type {
  AggregateSnapshot,
  CaptureStatus,
  DataSource,
  DumpResult,
  PacketRow,
  Snapshot,
  SnapshotQuery,
  ViewFilter,
} from './aggregate/snapshot.js';

export interface EngineOptions {
  ringPackets: number;
  ringBytes: number;
  /** Directory for dumps written by `dump()`. */
  dumpDir: string;
  /** Most talkers tracked per aggregator. */
  maxTalkers?: number;
  /** Most conversations tracked per aggregator (Aggregator's default when absent). */
  maxConversations?: number;
  /** Stop ingesting after this many packets (tcpdump -c); 0 or absent = no limit. */
  limit?: number;
  /** Keep packets in the ring (for the list, the detail pane and dumps); false for headless reports. Default true. */
  keepPackets?: boolean;
  /** Live captures: run the JIT warm-up (warmup.ts) when reading starts. Default true. */
  warmUp?: boolean;
}

type Match = (frame: Frame, pkt: DecodedPacket) => boolean;

/** Time one slice of file reading may hold the event loop, in ms. */
const FILE_SLICE_MS = 30;
/** Synthetic packets per warm-up step (≈ 5-10 ms), and the wait while real packets flow. */
const WARMUP_STEP = 2000;
const WARMUP_RETRY_MS = 50;
/** The warm-up's throwaway ring (dropped when the warm-up ends): a few windows of records. */
const WARM_RING_PACKETS = 4096;
const WARM_RING_BYTES = 2 * BATCH_BYTES;
/** Records per walk in a warm-up step (a busy live wake-up reads batches of about this many). */
const WARM_WALK_RUN = 64;
const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_BATCH = { buf: EMPTY_BYTES, u32: new Uint32Array(0), i32: new Int32Array(0) };
/** How long the completed warm-up's traffic is kept for the dashboard's off-screen frames. */
const WARM_FRAMES_KEEP_MS = 3000;
/** Packet rows the warm-up takes at each of its phases (a packet list's scrollback). */
const WARM_ROWS = 300;
/** Of those, the rows a tall packet list draws: they are summarized. */
const WARM_SHOWN_ROWS = 60;
/** Batches read per readiness callback for live captures. */
const LIVE_BATCHES_PER_WAKE = 16;
/** Rings of at least this many bytes are read into directly (see the module comment). */
const WINDOW_RING_BYTES = 4 * BATCH_BYTES;

export class Engine implements DataSource {
  /** The all-traffic aggregator (`all`); the JIT warm-up swaps it for the length of a step. */
  private agg: Aggregator;
  private view: Aggregator;
  readonly ring: PacketRing;
  private readonly pkt = newDecodedPacket();
  private readonly scratchPkt = newDecodedPacket();
  private readonly scratchFrame: Frame;
  private seq = 0;
  /** Packet rows of the last packetRows() call, by sequence number. */
  private rowCache = new Map<number, PacketRow>();
  private match: Match | null = null;
  private filter: ViewFilter = { proto: 'all', addr: '' };
  private readonly startedMs = Date.now();
  private readonly cpu = new CpuMeter();
  private readonly linktypeName: string;
  private running = false;
  private fileTimer: NodeJS.Immediate | null = null;
  private warmTimer: NodeJS.Timeout | null = null;
  /** The JIT warm-up's own ring and packet count (see warmStep); null when none runs. */
  private warmRing: PacketRing | null = null;
  /**
   * The completed warm-up's synthetic traffic (its aggregator and ring), kept WARM_FRAMES_KEEP_MS
   * for the dashboard to draw off screen (warmSnapshot); null otherwise.
   */
  private frameWarm: { agg: Aggregator; ring: PacketRing } | null = null;
  private frameWarmTimer: NodeJS.Timeout | null = null;
  private warmSeq = 0;
  private warmRowsPhase = 1;
  /** The ring's arena (null when no packets are kept). */
  private readonly arena: ArrayBuffer | null;
  private readonly onFrame = (f: Frame): void => this.count(f);
  /** Called once when a file has been read to its end. */
  onEof: (() => void) | null = null;
  /** Called once when `limit` packets have been ingested. */
  onLimit: (() => void) | null = null;
  /** Packets to ingest (-c), Infinity for no limit; the JIT warm-up lifts it during a step. */
  private limit: number;
  private readonly keepPackets: boolean;
  /** Smallest ring window that holds any packet of this capture (24 + snaplen, 8-aligned), bytes; 0 = copy into the ring instead. */
  private readonly windowMin: number;

  constructor(
    readonly capture: Capture,
    private readonly opts: EngineOptions,
  ) {
    this.agg = new Aggregator({ maxTalkers: opts.maxTalkers, maxConversations: opts.maxConversations });
    this.view = this.agg;
    this.arena = (opts.keepPackets ?? true) ? largeBuffer(opts.ringBytes) : null;
    this.ring = new PacketRing(opts.ringPackets, opts.ringBytes, this.arena ?? undefined);
    this.linktypeName = linktypeName(capture.linktype);
    this.scratchFrame = newFrame(new Uint8Array(0), capture.linktype);
    this.limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    this.keepPackets = opts.keepPackets ?? true;
    const snap = capture.snaplen > 0 && capture.snaplen < BATCH_BYTES ? capture.snaplen : BATCH_BYTES - 64;
    this.windowMin = this.keepPackets && opts.ringBytes >= WINDOW_RING_BYTES ? (24 + snap + 7) & ~7 : 0;
  }

  /** Aggregates of all traffic since the start (the header's totals, names, reports). */
  get all(): Aggregator {
    return this.agg;
  }

  /**
   * The live JIT warm-up: `running` while it has steps to go, `packets` it has put through this
   * engine's own path so far (0 for files, or when the synthetic frames' linktype is not the
   * capture's and the warm-up runs on its own).
   */
  get warmUp(): { running: boolean; packets: number } {
    return { running: this.warmTimer !== null, packets: this.warmSeq };
  }

  /** True once `limit` packets have been ingested. */
  get limitReached(): boolean {
    return this.seq >= this.limit;
  }

  /** Number of packets ingested so far. */
  get packetsSeen(): number {
    return this.seq;
  }

  /** One packet from elsewhere than this engine's capture (tests, benchmarks): decode, count, keep. */
  ingest(f: Frame): void {
    if (this.seq >= this.limit) return;
    this.count(f);
    if (this.keepPackets) this.ring.push(f, this.seq);
  }

  /** Per-packet hot path: decode and count (the batch goes into the ring afterwards). */
  private count(f: Frame): void {
    if (this.seq >= this.limit) return;
    const pkt = this.pkt;
    this.seq++;
    decodePacket(f, pkt);
    this.agg.ingest(f, pkt);
    const m = this.match;
    if (m !== null && m(f, pkt)) this.view.ingest(f, pkt);
    if (this.seq === this.limit) this.onLimit?.();
  }

  /** Starts reading: uv_poll readiness for live captures, time-sliced reading for files. */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.capture.live) {
      // After the first frame, before traffic: the arena's pages faulted in on another thread,
      // not in the capture path during the first ring-full of traffic (zeroing fresh pages was a
      // fifth of the capture's CPU then). Files fill the ring at once, both cores already busy.
      if (this.arena) prefault(this.arena);
      if (this.opts.warmUp ?? true) this.startWarmUp();
      this.capture.startPoll(() => {
        for (let i = 0; i < LIVE_BATCHES_PER_WAKE; i++) {
          if (this.readBatch() === 0) break;
        }
        // -c reached: stop reading rather than discard at line rate; the screen stays up.
        if (this.limitReached || this.capture.eof) this.capture.stopPoll();
      });
    } else {
      const slice = (): void => {
        this.fileTimer = null;
        if (!this.running) return;
        const until = Date.now() + FILE_SLICE_MS;
        while (!this.capture.eof && !this.limitReached && Date.now() < until) this.readBatch();
        if (this.capture.eof || this.limitReached) {
          this.onEof?.();
          return;
        }
        this.fileTimer = setImmediate(slice);
      };
      this.fileTimer = setImmediate(slice);
    }
  }

  /**
   * Live: the JIT warm-up (warmup.ts) in steps of WARMUP_STEP packets (a few ms each), each only
   * when no real packet arrived since the last one; it ends when done or when the real traffic
   * has been as long as the warm-up (it has warmed the same code).
   */
  private startWarmUp(): void {
    const warm = new WarmUp();
    // Through the capture's own path when the synthetic frames are what it captures (Ethernet).
    const realPath = this.capture.linktype === LINKTYPE.ETHERNET;
    let seen = this.seq;
    const step = (): void => {
      this.warmTimer = null;
      if (this.running && this.seq < WARMUP_PACKETS) {
        const idle = this.seq === seen;
        seen = this.seq;
        const done = idle && (realPath ? this.warmStep(warm, WARMUP_STEP) : warm.step(WARMUP_STEP));
        if (!done) {
          this.warmTimer = setTimeout(step, idle ? 0 : WARMUP_RETRY_MS).unref();
          return;
        }
        // Completed with no real traffic yet: its traffic is what the dashboard warms frames with.
        if (realPath && this.warmRing !== null) this.keepFrameWarm(warm.aggregator, this.warmRing);
      }
      this.endWarmUp();
    };
    this.warmTimer = setTimeout(step, 0).unref();
  }

  /** Drops the warm-up's ring, and the frames' references into it (2 MiB otherwise kept). */
  private endWarmUp(): void {
    if (this.warmRing === null) return;
    this.warmRing = null;
    this.scratchFrame.buf = EMPTY_BYTES;
    this.capture.walkRecords(EMPTY_BATCH, 0, 0, this.onFrame);
  }

  private keepFrameWarm(agg: Aggregator, ring: PacketRing): void {
    this.frameWarm = { agg, ring };
    this.frameWarmTimer = setTimeout(() => this.dropFrameWarm(), WARM_FRAMES_KEEP_MS).unref();
  }

  /** Drops the kept warm-up traffic, and the row frames' references into its ring. */
  private dropFrameWarm(): void {
    if (this.frameWarmTimer) clearTimeout(this.frameWarmTimer);
    this.frameWarmTimer = null;
    if (this.frameWarm === null) return;
    const arena = this.frameWarm.ring.records.buf;
    this.frameWarm = null;
    if (this.scratchFrame.buf === arena) this.scratchFrame.buf = EMPTY_BYTES;
    if (ROW_FRAME.buf === arena) ROW_FRAME.buf = EMPTY_BYTES;
  }

  /**
   * One warm-up step through the capture's own per-packet path: the warm-up lays out its
   * synthetic packets as the binding lays out real ones, in a window of a throwaway ring;
   * Capture.walkRecords hands them to this engine's count(), and the ring adopts them, so that V8
   * optimizes (and inlines) the very functions real packets run, not a copy of the path. For the
   * length of this synchronous step the engine counts into the warm-up's aggregator, with no view
   * filter and no packet limit; its own aggregator, filter, count and limit are put back before
   * it returns, and nothing it shows or writes sees the synthetic packets. Returns true when the
   * warm-up is complete.
   */
  private warmStep(warm: WarmUp, count: number): boolean {
    const ring = (this.warmRing ??= new PacketRing(WARM_RING_PACKETS, WARM_RING_BYTES));
    const base = ring.openWindow(this.windowMin > 0 ? this.windowMin : BATCH_RECORD_HEADER + 2048, BATCH_BYTES);
    const snap = this.capture.snaplen > 0 ? this.capture.snaplen : BATCH_BYTES;
    const n = warm.fillRecords(ring.records, base, ring.windowBytes, count, snap);
    // A window too short for the next record would stay too short: end rather than spin.
    if (n === 0) return true;
    const { agg, view, match, seq, limit } = this;
    this.agg = warm.aggregator;
    this.view = this.agg;
    this.match = null;
    this.seq = this.warmSeq;
    this.limit = Infinity;
    try {
      const first = this.seq + 1;
      // In runs the size of a live wake-up's batches, not one long loop: V8 then optimizes walk as
      // the function real batches call, not only its loop (on-stack replacement), and that large
      // compile (everything per packet is inlined into it) happens here, not under traffic.
      for (let done = 0, off = base; done < n; done += WARM_WALK_RUN) {
        off = this.capture.walkRecords(ring.records, off, Math.min(WARM_WALK_RUN, n - done), this.onFrame);
      }
      // As readBatch does: adopted where they lie when the real ring is read into, else not kept.
      if (this.windowMin > 0) ring.adoptRecords(this.seq - first + 1, first);
      this.warmSeq = this.seq;
      // At each new phase, what a frame does with traffic (packet rows, a snapshot): the first one
      // made V8 throw away the optimized per-packet code ("code dependencies"), under traffic
      // when the warm-up did not; and a few frames' worth get the packet list's code optimized.
      if (warm.phases > this.warmRowsPhase) {
        this.warmRowsPhase = warm.phases;
        const rows = this.rowsOf(ring, WARM_ROWS, null, new Map(), new Map());
        // The rows a tall list draws are summarized (the rest of a scrollback never is).
        for (let i = Math.max(0, rows.length - WARM_SHOWN_ROWS); i < rows.length; i++) void rows[i].info;
        warm.aggregator.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 20 });
      }
    } finally {
      this.agg = agg;
      this.view = view;
      this.match = match;
      this.seq = seq;
      this.limit = limit;
    }
    return warm.remaining === 0;
  }

  /** Reads a whole file synchronously (headless use and tests). */
  readAll(): void {
    while (!this.capture.eof && !this.limitReached) this.readBatch();
  }

  /** Reads one batch: every packet through ingest(), then the ingested ones into the ring. */
  private readBatch(): number {
    const first = this.seq + 1;
    if (this.windowMin > 0) {
      const ring = this.ring;
      const base = ring.openWindow(this.windowMin, BATCH_BYTES);
      const n = this.capture.readInto(ring.records, base, ring.windowBytes, this.onFrame);
      ring.adoptRecords(this.seq - first + 1, first);
      return n;
    }
    const n = this.capture.readBatch(this.onFrame);
    const kept = this.seq - first + 1; // fewer than n when -c stopped ingest mid-batch
    if (kept > 0 && this.keepPackets) this.ring.pushRecords(this.capture.batch, kept, first);
    return n;
  }

  /** Stops reading and closes the capture. Idempotent. */
  stop(): void {
    this.running = false;
    if (this.fileTimer) clearImmediate(this.fileTimer);
    this.fileTimer = null;
    if (this.warmTimer) clearTimeout(this.warmTimer);
    this.warmTimer = null;
    this.dropFrameWarm();
    this.capture.stopPoll();
    this.capture.close();
  }

  captureStatus(): CaptureStatus {
    const c = this.capture;
    return {
      source: c.source,
      live: c.live,
      linktype: c.linktype,
      linktypeName: this.linktypeName,
      snaplen: c.snaplen,
      bpf: c.bpf,
      stats: c.live ? c.stats() : null,
      eof: c.eof || this.limitReached,
      elapsedSec: (Date.now() - this.startedMs) / 1000,
      error: c.error,
      cpuPercent: this.cpu.sample(),
    };
  }

  setFilter(f: ViewFilter): string | null {
    const compiled = compileViewFilter(f);
    if (!compiled.ok) return compiled.error;
    this.filter = { proto: f.proto, addr: f.addr.trim() };
    if (!compiled.active) {
      this.match = null;
      this.view = this.agg;
      return null;
    }
    this.match = compiled.match;
    // Names and DNS query names come from `all`; the view need not parse DNS/TLS a second time.
    this.view = new Aggregator({ maxTalkers: this.opts.maxTalkers, maxConversations: this.opts.maxConversations, names: false });
    // Seed from the ring so the panels show the recent past at once.
    const fr = this.scratchFrame;
    const pkt = this.scratchPkt;
    for (let i = 0; i < this.ring.size; i++) {
      this.ring.frameAt(i, fr);
      decodePacket(fr, pkt);
      if (compiled.match(fr, pkt)) this.view.ingest(fr, pkt);
    }
    return null;
  }

  /**
   * Aggregates for the dashboard. Rates end at the last complete second: live, the one before the
   * wall clock's; a file, the one before its newest packet's while it is being read, and that
   * newest second itself once no more packets will come (end of file, or -c reached). The file's
   * last second, often its busiest (a burst that ends the capture), is then shown and counted in
   * the peak, as the oracle's per-second buckets count it (ORACLE.md `pps`). A filtered view ends
   * at the same second as all traffic.
   */
  takeSnapshot(q: SnapshotQuery): Snapshot {
    let nowSec: number | undefined;
    if (this.capture.live) {
      nowSec = Math.floor(Date.now() / 1000);
    } else {
      const newest = this.agg.newestSecond;
      if (newest !== null) nowSec = this.capture.eof || this.limitReached ? newest + 1 : newest;
    }
    const view = this.view.takeSnapshot({ talkerSort: q.talkerSort, talkerLimit: q.talkerLimit, table: q.table, nowSec });
    const allSnap =
      this.view === this.agg ? view : this.agg.takeSnapshot({ talkerSort: q.talkerSort, talkerLimit: 0, nowSec });
    return this.snapshotOf(view, allSnap, this.packetRows(q.packetLimit), this.ring, this.agg);
  }

  /** A Snapshot from its parts: the view's and all traffic's aggregates, rows, ring, names' source. */
  private snapshotOf(view: AggregateSnapshot, allSnap: AggregateSnapshot, packets: PacketRow[], ring: PacketRing, names: Aggregator): Snapshot {
    return {
      takenAtMs: Date.now(),
      view,
      all: {
        totals: allSnap.totals,
        truncated: allSnap.truncated,
        malformed: allSnap.malformed,
        unsupported: allSnap.unsupported,
        currentPps: allSnap.rates.currentPps,
        currentBitsPerSec: allSnap.rates.currentBitsPerSec,
      },
      capture: this.captureStatus(),
      filter: { ...this.filter },
      packets,
      ring: { packets: ring.size, bytes: ring.bytes, maxPackets: ring.maxPackets, maxBytes: ring.maxBytes },
      names: names.learnedNames(),
    };
  }

  /**
   * For WARM_FRAMES_KEEP_MS after the live JIT warm-up completed through this engine's path
   * (before any real traffic): a snapshot of its synthetic traffic (its aggregator and ring), in
   * the shape takeSnapshot gives, for the dashboard to draw off screen so that V8 optimizes the
   * frame code before real traffic needs it (the per-packet code was optimized first). Null
   * otherwise (files, before, after, or a warm-up that real traffic ended). Never shown or counted.
   */
  warmSnapshot(q: SnapshotQuery): Snapshot | null {
    const kept = this.frameWarm;
    if (kept === null) return null;
    const { agg, ring } = kept;
    const view = agg.takeSnapshot({ talkerSort: q.talkerSort, talkerLimit: q.talkerLimit, table: q.table, nowSec: Math.floor(Date.now() / 1000) });
    return this.snapshotOf(view, view, this.rowsOf(ring, q.packetLimit, null, new Map(), new Map()), ring, agg);
  }

  /**
   * The newest `limit` ring packets that pass the view filter, oldest first. Rows are immutable
   * and keyed by sequence number, so those made for the previous call are reused: a redraw
   * summarizes only the packets that arrived since (the list holds up to 1000 rows).
   */
  packetRows(limit: number): PacketRow[] {
    const next = new Map<number, PacketRow>();
    const rows = this.rowsOf(this.ring, limit, this.match, this.rowCache, next);
    this.rowCache = next;
    return rows;
  }

  /**
   * packetRows over `ring`: rows from `prev` where it has them, every row shown put in `next`.
   * A new row is summarized lazily (RingRow): only the rows the list draws pay for summarizePacket,
   * not the whole scrollback each second.
   */
  private rowsOf(ring: PacketRing, limit: number, m: Match | null, prev: Map<number, PacketRow>, next: Map<number, PacketRow>): PacketRow[] {
    const rows: PacketRow[] = [];
    const fr = this.scratchFrame;
    const pkt = this.scratchPkt;
    for (let i = ring.size - 1; i >= 0 && rows.length < limit; i--) {
      ring.frameAt(i, fr);
      if (m !== null) {
        decodePacket(fr, pkt);
        if (!m(fr, pkt)) continue;
      }
      const seq = ring.seqAt(i);
      let row = prev.get(seq);
      if (row === undefined) row = new RingRow(ring, seq, fr);
      next.set(seq, row);
      rows.push(row);
    }
    rows.reverse();
    return rows;
  }

  /** Dissects the ring packet with sequence number `seq`; null once it has left the ring. */
  inspect(seq: number): PacketDetail | null {
    const n = this.ring.size;
    if (n === 0) return null;
    // The ring holds a contiguous run of sequence numbers, oldest first.
    const i = seq - this.ring.seqAt(0);
    if (i < 0 || i >= n || this.ring.seqAt(i) !== seq) return null;
    const fr = newFrame(new Uint8Array(0), this.capture.linktype);
    this.ring.frameAt(i, fr);
    return dissect(fr, seq);
  }

  async dump(): Promise<DumpResult> {
    const ring = this.ring;
    const m = this.match;
    const linktype = this.capture.linktype;
    const pkt = newDecodedPacket();
    function* frames(): Generator<Frame> {
      const fr = newFrame(new Uint8Array(0), linktype);
      for (let i = 0; i < ring.size; i++) {
        ring.frameAt(i, fr);
        if (m !== null) {
          decodePacket(fr, pkt);
          if (!m(fr, pkt)) continue;
        }
        yield fr;
      }
    }
    return writePcapFile({
      dir: this.opts.dumpDir,
      iface: this.capture.live ? this.capture.source : 'file',
      linktype,
      snaplen: this.capture.snaplen,
      nanosecond: this.capture.nanosecond,
      frames: frames(),
    });
  }
}

/** What a row says once its packet has left the ring unsummarized (the list had moved on). */
const GONE_SUMMARY: PacketSummary = { src: '', dst: '', proto: '', info: '(no longer in memory)' };
/** The frame RingRow summarizes through (rows are summarized one at a time, synchronously). */
const ROW_FRAME = newFrame(new Uint8Array(0));

/**
 * A packet-list row whose src, dst, proto and info are summarizePacket's, made on first read
 * from the packet's bytes in the ring and then kept. A packet list of 1000 rows draws a few dozen:
 * the rest are never summarized. Read before the ring evicts the packet (the snapshot's rows are
 * the ring's newest, drawn in the same tick); a row first read after that says so in its info.
 */
class RingRow implements PacketRow {
  readonly seq: number;
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly length: number;
  // Private (#) so that the row's own enumerable fields are its data only: printing or comparing
  // a row (a failed test, util.inspect) must not walk the ring.
  #summary: PacketSummary | null = null;
  #ring: PacketRing | null;
  readonly #linktype: number;

  constructor(ring: PacketRing, seq: number, fr: Frame) {
    this.#ring = ring;
    this.seq = seq;
    this.tsSec = fr.tsSec;
    this.tsNsec = fr.tsNsec;
    this.length = fr.origLen;
    this.#linktype = fr.linktype;
  }

  get src(): string {
    return this.summarized().src;
  }

  get dst(): string {
    return this.summarized().dst;
  }

  get proto(): string {
    return this.summarized().proto;
  }

  get info(): string {
    return this.summarized().info;
  }

  private summarized(): PacketSummary {
    if (this.#summary !== null) return this.#summary;
    const ring = this.#ring as PacketRing;
    const i = ring.indexOfSeq(this.seq);
    this.#summary = i < 0 ? GONE_SUMMARY : summarizePacket(ring.frameAt(i, ROW_FRAME, this.#linktype));
    this.#ring = null;
    return this.#summary;
  }

  /** Own enumerable fields as a plain row (JSON, test equality). */
  toJSON(): PacketRow {
    const s = this.summarized();
    return { seq: this.seq, tsSec: this.tsSec, tsNsec: this.tsNsec, src: s.src, dst: s.dst, proto: s.proto, length: this.length, info: s.info };
  }
}
