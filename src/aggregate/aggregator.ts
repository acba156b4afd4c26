/**
 * The only mutable traffic counters: totals, per transport class, decode outcomes, timestamps,
 * per-second rates and buckets, talkers, conversations, services, DNS query names and passively
 * learned host names. `ingest()` runs once per packet and allocates nothing in the steady state
 * (exceptions are named where they happen); `takeSnapshot()` and the report getters (cold path)
 * are the only places rows and strings are made.
 *
 * Counting rules are ../shared/corpus/ORACLE.md's: bytes are origLen (`frame.len`), the transport
 * class is the decoder's `transport`, talkers follow `top_hosts` (outermost IP source and
 * destination each credited, once when equal; frames without IP credit no one), conversations
 * `top_conversations` (the unordered outermost {src, dst} pair; both addresses needed), seconds
 * `pps` (floor of the timestamp as tshark reads it, see {@link normalizeTs}), DNS names
 * `dns_qry_names_top` (TCP/UDP frames only).
 */
import type { Frame } from '../capture/frame.js';
import { PacketStatus, TRANSPORT_COUNT, TRANSPORT_NAMES, TransportClass } from '../decode/packet.js';
import type { DecodedPacket, TransportName } from '../decode/packet.js';
import { formatIpv4, formatIpv6 } from '../decode/format.js';
import { dnsQueryName, learnNames } from '../decode/index.js';
import { defaultServices, serverPort } from './services.js';
import type { ServiceTable } from './services.js';
import { KeyedTable, selectTop } from './table.js';
import type {
  AggregateSnapshot,
  ConversationRow,
  Count,
  RateSeries,
  ServiceRow,
  TableKind,
  TalkerRow,
  TalkerSortKey,
} from './snapshot.js';

/** Options of {@link Aggregator}; every cap has a default and a stated eviction rule. */
export interface AggregatorOptions {
  /**
   * Most talkers (distinct addresses) kept per address family (IPv4 and IPv6 each); default
   * 65,536, at least 2. When a family's table is full and a new address arrives, its ⌊n/2⌋ talkers
   * with the fewest bytes are dropped (see {@link Aggregator}). Memory: about 88 bytes (IPv4) or
   * 100 bytes (IPv6) per slot; slots grow by doubling from 1,024 up to this cap (≈ 6 MB per family
   * at the default).
   */
  maxTalkers?: number;
  /**
   * Most conversations (address pairs) kept per address family; default 32,768, at least 2.
   * Same rule as talkers: when full, the ⌊n/2⌋ conversations with the fewest bytes go, so the
   * heavy pairs a screen or a report's top 20 shows stay. About 100 (IPv4) or 124 (IPv6) bytes per
   * slot, the talker entries of both ends included (≈ 3.3 / 4 MB per family at the default,
   * reached only with that many pairs). Half the talker cap: with a million distinct sources both
   * tables fill, and 65,536 pairs took the peak RSS 4-5 MiB past issue 4's budget (bench/screen.mjs
   * 1000000: 164 -> 159-160 MiB) for rows no screen or report shows.
   */
  maxConversations?: number;
  /**
   * Most distinct epoch seconds kept in the whole-run per-second buckets (the report's `pps`);
   * default 10,000,000 (115 days of non-stop traffic), at least 2. When full and a new second
   * arrives, the oldest ⌊n/2⌋ seconds are dropped (`secondsEvicted`); their packets stay in every
   * total. About 48 bytes per second held, grown by doubling (≈ 4 MB per day of traffic).
   */
  maxSeconds?: number;
  /**
   * Most distinct DNS query names counted; default 10,000, at least 2. When full and a new name
   * arrives, the ⌊n/2⌋ names with the fewest packets are dropped (ties: the earliest seen first).
   */
  maxDnsNames?: number;
  /**
   * Most passively learned address → name entries; default 65,536, at least 1. A newer name for
   * an address replaces the older one ("latest wins"); when full, the address learned (or
   * re-learned) longest ago is forgotten first.
   */
  maxNames?: number;
  /** Count DNS query names and learn names from DNS answers / TLS SNI; default true. */
  names?: boolean;
  /** Port table for services; default /etc/services read once (see services.ts). */
  services?: ServiceTable;
  /** Seconds of per-second history kept for rates (circular window); default 300, at least 2. */
  rateWindowSec?: number;
  /** Length of the rate series in snapshots, in seconds; default 120, at most rateWindowSec. */
  seriesSec?: number;
}

/** What {@link Aggregator.takeSnapshot} needs; the engine's SnapshotQuery fits. */
export interface AggregateQuery {
  talkerSort: TalkerSortKey;
  /** Rows wanted in each table that is filled (0 gives none). */
  talkerLimit: number;
  /**
   * Table the panel shows: talkers are always filled; `conversations` / `services` rows only when
   * asked for here (their counts always). Default 'hosts'.
   */
  table?: TableKind;
  /**
   * Current epoch second. The last COMPLETE second is `nowSec - 1`; rates and series end there.
   * Defaults to the second of the newest packet (largest second ingested), which is still filling.
   * Live capture passes the wall-clock second so the series moves on while no packets arrive; a
   * file read to its end passes its newest second + 1, since that second is then complete.
   */
  nowSec?: number;
}

/**
 * One packet timestamp, as libpcap delivered it and normalised. `sec`/`nsec` is the value tshark
 * gives the packet (ORACLE.md quirk 5), as exact integers: value = sec × 10^9 + nsec ns with
 * 0 ≤ nsec < 10^9 (sec may be negative).
 */
export interface PacketTime {
  /** Frame.tsSec / tsNsec exactly as read (tsNsec is libpcap's field as an unsigned 32-bit value). */
  rawSec: number;
  rawNsec: number;
  sec: number;
  nsec: number;
}

/** First and last packet in file/arrival order, and the earliest and latest timestamps. */
export interface TimeExtremes {
  first: PacketTime;
  last: PacketTime;
  min: PacketTime;
  max: PacketTime;
}

/** One non-empty epoch second of the whole run: [second, packets, origLen bytes]. */
export type SecondBucket = [sec: number, packets: number, bytes: number];

const DEFAULT_MAX_TALKERS = 65_536;
const DEFAULT_MAX_CONVERSATIONS = 32_768;
const DEFAULT_MAX_SECONDS = 10_000_000;
const DEFAULT_MAX_DNS_NAMES = 10_000;
const DEFAULT_MAX_NAMES = 65_536;
const DEFAULT_RATE_WINDOW_SEC = 300;
const DEFAULT_SERIES_SEC = 120;
const TWO32 = 4294967296;
const NS_PER_SEC = 1e9;

// Talker tables: key [addr] (IPv4) or [a0, a1, a2, a3] (IPv6, big-endian words); columns:
const T_PACKETS = 0;
const T_BYTES = 1;
const T_PSENT = 2;
const T_BSENT = 3;
const T_PRECV = 4;
const T_BRECV = 5;
/**
 * Rate state, 3 columns from here: the latest second the entry was active (-Infinity before),
 * origLen bytes in that second, bytes in the second before (see addRate).
 */
const T_RSEC = 6;
const T_COLUMNS = 9;

// Conversation tables: key [lo, hi] (IPv4) or [lo0..lo3, hi0..hi3] (IPv6), lo ≤ hi as unsigned
// numbers (not yet the printed order, which is decided when a snapshot formats the addresses).
const C_PACKETS = 0;
const C_BYTES = 1;
/** origLen bytes of packets whose source is `lo`, and whose source is `hi`. */
const C_LOHI = 2;
const C_HILO = 3;
/** Rate state, 3 columns (as T_RSEC). */
const C_RSEC = 4;
/**
 * The talker entries of `lo` and `hi` (in the same family's talker table), valid while that table's
 * generation equals C_TGEN (-1 for a new row): a known pair finds its talkers without lookups.
 */
const C_TLO = 7;
const C_THI = 8;
const C_TGEN = 9;
const C_COLUMNS = 10;

// Second table: key [floor(sec / 2^32), sec mod 2^32]; columns:
const S_SEC = 0;
const S_PACKETS = 1;
const S_BYTES = 2;
const S_COLUMNS = 3;

/**
 * Pending counts (Aggregator.pend), added to their rows by flushPending: the current second's
 * [packets, bytes], the current service entry's [packets, bytes].
 */
const P_SEC = 0;
const P_SVC = 2;
const P_COUNT = 4;

/** Services: entry = transport (0 tcp, 1 udp) × 65,536 + port; columns: */
const SERVICE_ENTRIES = 2 * 65536;
const V_PACKETS = 0;
const V_BYTES = 1;
/** Rate state, 3 columns (as T_RSEC). */
const V_RSEC = 2;
const V_COLUMNS = 5;
/** Service rows allocated at first; the rows double from here as entries are seen. */
const SERVICE_INITIAL_ROWS = 64;

/** log2 of the slots of a PairRuns; slot = the top bits of a 32-bit hash of the pair. */
const PAIR_BITS = 8;
const PAIR_SLOTS = 1 << PAIR_BITS;
const PAIR_SHIFT = 32 - PAIR_BITS;

/**
 * Pending runs of the address pairs of one family: a direct-mapped cache of PAIR_SLOTS recent
 * pairs (interleaved flows keep hitting it), each slot holding the ordered pair (lo, hi), its
 * conversation and talker entries, and the packets and bytes each direction has had since the slot
 * was last credited. The packet that brings a pair into a slot is credited at once (its rows were
 * just looked up); the pair's later packets while it stays are pending. A pair that meets a slot
 * holding another pair has that run credited first; all runs are credited before a table insert
 * that may evict, at a change of second, and before rows are read. About 20 KiB per family.
 */
class PairRuns {
  /** `words` key words per slot (lo then hi); an empty slot holds lo > hi, which no pair has. */
  readonly keys: Int32Array;
  /** Per slot: [conversation entry, talker entry of lo, of hi, unused]. */
  readonly ent = new Int32Array(PAIR_SLOTS * 4);
  /** Per slot: [packets lo→hi, bytes lo→hi, packets hi→lo, bytes hi→lo] not yet credited. */
  readonly pend = new Float64Array(PAIR_SLOTS * 4);
  /** 1 for a slot listed in dirtyList (it may hold a pending run). */
  readonly dirty = new Uint8Array(PAIR_SLOTS);
  readonly dirtyList = new Int32Array(PAIR_SLOTS);
  dirtyCount = 0;
  private readonly words: number;

  constructor(words: number) {
    this.words = words;
    this.keys = new Int32Array(PAIR_SLOTS * words);
    this.clear();
  }

  markDirty(slot: number): void {
    this.dirty[slot] = 1;
    this.dirtyList[this.dirtyCount++] = slot;
  }

  /** Empties every slot; pending counts are dropped (the caller has credited them, or resets). */
  clear(): void {
    const half = this.words >> 1;
    for (let s = 0; s < PAIR_SLOTS; s++) {
      const b = s * this.words;
      this.keys.fill(-1, b, b + half);
      this.keys.fill(0, b + half, b + this.words);
    }
    this.pend.fill(0);
    this.dirty.fill(0);
    this.dirtyCount = 0;
  }
}

/**
 * Traffic counters over every packet ingested since construction or the last `reset()`.
 *
 * Talkers, conversations and seconds are {@link KeyedTable}s keyed by the addresses themselves
 * (IPv4 as one word, IPv6 as four words read straight from the packet bytes; one table per family,
 * so IPv4 keys stay short) or by the second, so no strings or objects are made per packet. A
 * conversation row remembers the talker entries of its two ends, so a new pair that was seen before
 * costs one lookup. Packets of a pair still in a small cache of recent pairs ({@link PairRuns},
 * 256 per family), consecutive packets of one service, and the packets of the current second are
 * summed in pending counters and added to their rows later: when the pair leaves the cache, the
 * service or second changes, before a table insert that may evict, and before the rows are read
 * (`takeSnapshot`, `secondBuckets`). The results equal crediting every packet on its own (integer
 * sums, all pending packets in one second).
 *
 * **Eviction rules** (table full, new key): talkers and conversations drop the ⌊n/2⌋ entries with
 * the fewest bytes (ties: least recently active second, then oldest entry), per address family;
 * seconds drop the oldest ⌊n/2⌋ seconds. Dropped traffic stays in the totals and in the share
 * denominators; a dropped key that comes back starts from zero, and the talker/conversation counts
 * then cover the entries held, not every one ever seen.
 *
 * Snapshots allocate per row returned, not per entry held: the top-N selection compares rows in
 * place (IPv4 address ties by {@link ipv4TextOrder}), and address texts are made for the rows
 * returned (and IPv6 ties) and cached only while the following snapshots use them (KeyedTable
 * labels). Objects that outlive a frame are promoted to V8's old space, whose limit follows its
 * live size, so per-entry texts or arrays would raise the peak RSS several times their size.
 *
 * Services need no cap: at most one row per (tcp|udp, port), 40 bytes each, made when the entry is
 * first counted, found through an index of all 131,072 entries (512 KiB).
 * A TCP/UDP packet whose ports were both read counts for the server port ({@link serverPort}).
 *
 * Rates: packets and origLen bytes per second in a circular window of `rateWindowSec` seconds,
 * each slot tagged with its second. A packet older than the window (out of order) counts in the
 * totals, classes, tables and whole-run buckets but in no rate; a jump forward leaves skipped
 * seconds at zero. Per-entry bits/s (talkers, conversations, services): each entry keeps its latest
 * active second, the bytes of that second and of the second before; the rate is 8 × bytes in the
 * last complete second.
 *
 * DNS query names and learned names are the hot path's only allocations: a name text the decoder
 * has not seen recently (its cache, see dns.ts), a count holder per new query name, address texts
 * and Map entries as names are learned; `names: false` turns both off.
 */
export class Aggregator {
  readonly maxTalkers: number;
  readonly maxConversations: number;
  readonly maxSeconds: number;
  readonly maxDnsNames: number;
  readonly maxNames: number;
  readonly rateWindowSec: number;
  readonly seriesSec: number;
  readonly services: ServiceTable;
  /**
   * TCP ports treated as servers, as a bitset (bit `port & 31` of word `port >>> 5`; 8 KiB, fixed,
   * so the per-packet test stays in the L1 cache): the table's, plus destinations of SYNs seen.
   */
  private readonly tcpServers = new Int32Array(PORT_WORDS);
  /** UDP ports listed in `services`, as a bitset like tcpServers. */
  private readonly udpServers = new Int32Array(PORT_WORDS);
  private readonly namesOn: boolean;

  // Totals.
  private packets = 0;
  private bytes = 0;
  private capBytes = 0;
  /** origLen bytes of packets with an outermost IP layer (denominator of talker/conversation share). */
  private ipBytes = 0;
  private ipv4Packets = 0;
  private ipv6Packets = 0;
  private truncated = 0;
  private malformed = 0;
  private unsupported = 0;
  private readonly classPackets = new Float64Array(TRANSPORT_COUNT);
  private readonly classBytes = new Float64Array(TRANSPORT_COUNT);

  // Timestamps: [rawSec, rawNsec, sec, nsec] of first, last, min, max (numbers, no objects).
  private readonly ts = new Float64Array(16);

  // Per-second rates: slot = sec mod rateWindowSec; rateTag holds the second a slot counts.
  private readonly ratePackets: Float64Array;
  private readonly rateBytes: Float64Array;
  private readonly rateTag: Float64Array;
  /** Largest second ingested; -Infinity when none. */
  private newestSec = -Infinity;

  private readonly talkers4: KeyedTable<string>;
  private readonly talkers6: KeyedTable<string>;
  private readonly convs4: KeyedTable<[string, string]>;
  private readonly convs6: KeyedTable<[string, string]>;
  private readonly seconds: KeyedTable<never>;
  /**
   * The second of the last packet (NaN after reset), its rate slot (-1: older than the window) and
   * its bucket's row offset in `seconds.data`; set by enterSecond.
   */
  private curSec = NaN;
  private curRateSlot = -1;
  private curBucket = 0;

  /**
   * Row + 1 of each service entry (transport × 65,536 + port), 0 while the entry has none (512 KiB,
   * zero pages until touched).
   */
  private readonly svcRow = new Int32Array(SERVICE_ENTRIES);
  /** Service rows in first-seen order (the first `svcCount`): the V_* columns; grown by doubling. */
  private svc = new Float64Array(SERVICE_INITIAL_ROWS * V_COLUMNS);
  /** Entry of each row. */
  private svcList = new Int32Array(SERVICE_INITIAL_ROWS);
  private svcCount = 0;
  /** origLen bytes counted in any service (denominator of service share). */
  private svcTotalBytes = 0;

  /** DNS query name → its packet count (a holder, so counting a known name is one lookup). */
  private readonly dnsNames = new Map<string, { packets: number }>();
  private dnsNamesEvicted = 0;
  private readonly learned = new Map<string, string>();

  /** Pending runs of IPv4 / IPv6 address pairs (see PairRuns). */
  private readonly runs4 = new PairRuns(2);
  private readonly runs6 = new PairRuns(8);
  /**
   * Counts not yet added to their rows (P_* layout): consecutive packets of one service entry and
   * every packet of the current second are summed here and added once, when the entry / second
   * changes or before anything reads the rows (flushPending). All pending packets (here and in the
   * pair runs) belong to `curSec`.
   */
  private readonly pend = new Float64Array(P_COUNT);
  /** Service entry the pending service counts belong to; -1 when none. */
  private pendSvc = -1;
  /** Scratch: the packet's IPv6 source and destination words. */
  private readonly pair6 = new Int32Array(8);
  /** DataView over the frame buffer last read (viewOf). */
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private viewBuf: Uint8Array | null = null;
  /** Output of normalizeTs. */
  private nSec = 0;
  private nNsec = 0;

  constructor(opts: AggregatorOptions = {}) {
    this.maxTalkers = Math.max(2, Math.floor(opts.maxTalkers ?? DEFAULT_MAX_TALKERS));
    this.maxConversations = Math.max(2, Math.floor(opts.maxConversations ?? DEFAULT_MAX_CONVERSATIONS));
    this.maxSeconds = Math.max(2, Math.floor(opts.maxSeconds ?? DEFAULT_MAX_SECONDS));
    this.maxDnsNames = Math.max(2, Math.floor(opts.maxDnsNames ?? DEFAULT_MAX_DNS_NAMES));
    this.maxNames = Math.max(1, Math.floor(opts.maxNames ?? DEFAULT_MAX_NAMES));
    this.namesOn = opts.names ?? true;
    this.services = opts.services ?? defaultServices();
    setPortBits(this.tcpServers, this.services.tcp);
    setPortBits(this.udpServers, this.services.udp);
    this.rateWindowSec = Math.max(2, Math.floor(opts.rateWindowSec ?? DEFAULT_RATE_WINDOW_SEC));
    this.seriesSec = Math.max(1, Math.min(this.rateWindowSec, Math.floor(opts.seriesSec ?? DEFAULT_SERIES_SEC)));
    this.ratePackets = new Float64Array(this.rateWindowSec);
    this.rateBytes = new Float64Array(this.rateWindowSec);
    this.rateTag = new Float64Array(this.rateWindowSec).fill(NaN);
    const talkers = (keyWords: number): KeyedTable<string> =>
      new KeyedTable<string>({
        keyWords,
        columns: T_COLUMNS,
        maxEntries: this.maxTalkers,
        evictColumn: T_BYTES,
        evictTieColumn: T_RSEC,
        columnInit: rateInit(T_COLUMNS, T_RSEC),
      });
    const convs = (keyWords: number): KeyedTable<[string, string]> =>
      new KeyedTable<[string, string]>({
        keyWords,
        columns: C_COLUMNS,
        maxEntries: this.maxConversations,
        evictColumn: C_BYTES,
        evictTieColumn: C_RSEC,
        columnInit: convInit(),
      });
    this.talkers4 = talkers(1);
    this.talkers6 = talkers(4);
    this.convs4 = convs(2);
    this.convs6 = convs(8);
    this.seconds = new KeyedTable<never>({
      keyWords: 2,
      columns: S_COLUMNS,
      maxEntries: this.maxSeconds,
      initialEntries: 256,
      evictColumn: S_SEC,
      evictTieColumn: S_SEC,
    });
  }

  /**
   * Counts one packet. Hot path: no allocation in the steady state (tables grow by doubling up to
   * their caps and evict when full, both amortised; DNS/name strings as stated in the class doc; a
   * DataView when an IPv6 packet comes in another buffer than the last one, i.e. once per batch).
   * @param frame the captured frame (origLen, caplen, tsSec/tsNsec are read; IPv6 addresses are
   *   read from `frame.buf` at `pkt.src6Off` / `pkt.dst6Off`).
   * @param pkt what decodePacket made of it.
   */
  ingest(frame: Frame, pkt: DecodedPacket): void {
    const len = frame.origLen;
    const rawSec = frame.tsSec;
    const rawNsec = frame.tsNsec;
    let sec = rawSec;
    let nsec = rawNsec;
    if (nsec >= NS_PER_SEC || sec < 0) {
      this.normalizeTs(rawSec, rawNsec);
      sec = this.nSec;
      nsec = this.nNsec;
    }
    this.bytes += len;
    this.capBytes += frame.caplen;
    const cls = pkt.transport;
    this.classPackets[cls]++;
    this.classBytes[cls] += len;
    const st = pkt.status;
    if (st !== PacketStatus.Ok) this.countStatus(st);

    // Timestamps: first (0), last (4), min (8), max (12); ties keep the earlier packet.
    const ts = this.ts;
    if (++this.packets === 1) this.firstTime(rawSec, rawNsec, sec, nsec);
    else if (sec > ts[14] || (sec === ts[14] && nsec > ts[15])) {
      // A new latest time: most packets, in capture order.
      ts[12] = rawSec;
      ts[13] = rawNsec;
      ts[14] = sec;
      ts[15] = nsec;
    } else if (sec < ts[10] || (sec === ts[10] && nsec < ts[11])) setTime(ts, 8, rawSec, rawNsec, sec, nsec);
    ts[4] = rawSec;
    ts[5] = rawNsec;
    ts[6] = sec;
    ts[7] = nsec;

    // Rate slot and whole-run bucket of this second: found once per change of second; the
    // packet is added to the pending counts of the second (see flushPending).
    if (sec !== this.curSec) this.enterSecond(sec);
    const pend = this.pend;
    pend[P_SEC]++;
    pend[P_SEC + 1] += len;

    // Talkers and conversations (ORACLE.md top_hosts / top_conversations).
    const v = pkt.ipVersion;
    if (v === 4) this.ingest4(pkt, len);
    else if (v === 6) this.ingest6(frame, pkt, len, sec);

    if (cls === TransportClass.Tcp || cls === TransportClass.Udp) this.ingestPorts(frame, pkt, cls === TransportClass.Tcp, len);
  }

  /** Forgets everything (counters, rates, tables, names, eviction counts); keeps the options. */
  reset(): void {
    this.packets = 0;
    this.bytes = 0;
    this.capBytes = 0;
    setPortBits(this.tcpServers, this.services.tcp);
    this.ipBytes = 0;
    this.ipv4Packets = 0;
    this.ipv6Packets = 0;
    this.truncated = 0;
    this.malformed = 0;
    this.unsupported = 0;
    this.classPackets.fill(0);
    this.classBytes.fill(0);
    this.ts.fill(0);
    this.ratePackets.fill(0);
    this.rateBytes.fill(0);
    this.rateTag.fill(NaN);
    this.newestSec = -Infinity;
    this.talkers4.clear();
    this.talkers6.clear();
    this.convs4.clear();
    this.convs6.clear();
    this.seconds.clear();
    this.curSec = NaN;
    this.pend.fill(0);
    this.pendSvc = -1;
    this.runs4.clear();
    this.runs6.clear();
    for (let i = 0; i < this.svcCount; i++) this.svcRow[this.svcList[i]] = 0;
    this.svcCount = 0;
    this.svcTotalBytes = 0;
    this.dnsNames.clear();
    this.dnsNamesEvicted = 0;
    this.learned.clear();
  }

  /** Packets ingested since construction or reset(). */
  get packetCount(): number {
    return this.packets;
  }

  /**
   * The largest epoch second (floor of the normalised timestamp, seconds) of any packet ingested,
   * the one the rates end at by default; null before the first packet.
   */
  get newestSecond(): number | null {
    return this.newestSec === -Infinity ? null : this.newestSec;
  }

  /** Frames whose outermost IP header is IPv4 / IPv6 (ORACLE.md `ip_packets`). */
  get ipPackets(): { ipv4: number; ipv6: number } {
    return { ipv4: this.ipv4Packets, ipv6: this.ipv6Packets };
  }

  /** Seconds dropped from the whole-run buckets by their cap (see AggregatorOptions.maxSeconds). */
  get secondsEvicted(): number {
    return this.seconds.evicted;
  }

  /** Conversations dropped by their cap so far. */
  get conversationsEvicted(): number {
    return this.convs4.evicted + this.convs6.evicted;
  }

  /** DNS query names dropped by their cap so far. */
  get dnsQueryNamesEvicted(): number {
    return this.dnsNamesEvicted;
  }

  /** Distinct DNS query names counted (after eviction). */
  get dnsQueryNameCount(): number {
    return this.dnsNames.size;
  }

  /**
   * Timestamps of the first and last packet (file/arrival order) and the smallest and largest
   * (ties: the earlier packet); null before the first packet. Cold path.
   */
  timeExtremes(): TimeExtremes | null {
    if (this.packets === 0) return null;
    const t = this.ts;
    const at = (k: number): PacketTime => ({ rawSec: t[k], rawNsec: t[k + 1], sec: t[k + 2], nsec: t[k + 3] });
    return { first: at(0), last: at(4), min: at(8), max: at(12) };
  }

  /**
   * Every second of the run with at least one packet (except seconds dropped by the cap),
   * ascending: [epoch second, packets, origLen bytes]. Cold path: O(n log n) in the seconds held.
   */
  secondBuckets(): SecondBucket[] {
    this.flushPending();
    const t = this.seconds;
    const d = t.data;
    const out: SecondBucket[] = new Array(t.size);
    for (let i = 0, b = 0; i < t.size; i++, b += S_COLUMNS) out[i] = [d[b + S_SEC], d[b + S_PACKETS], d[b + S_BYTES]];
    out.sort((a, b) => a[0] - b[0]);
    return out;
  }

  /**
   * The `limit` most frequent DNS query names (ORACLE.md `dns_qry_names_top`): packets descending,
   * ties by name ascending (plain string order).
   */
  topDnsQueryNames(limit: number): { name: string; packets: number }[] {
    const names = [...this.dnsNames].map(([name, c]): [string, number] => [name, c.packets]);
    const order = selectTop(names.length, limit, (a, b) => {
      const d = names[a][1] - names[b][1];
      if (d !== 0) return d;
      const x = names[a][0];
      const y = names[b][0];
      return x < y ? 1 : x > y ? -1 : 0;
    });
    return order.map((i) => ({ name: names[i][0], packets: names[i][1] }));
  }

  /** Names learned passively (DNS answers, TLS SNI), keyed by address as printed; latest wins. */
  learnedNames(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [addr, name] of this.learned) out[addr] = name;
    return out;
  }

  /**
   * Plain-data copy of the counters (cold path). Rate series: `seriesSec` (120) seconds ending
   * at the last complete second `nowSec - 1`; `current*` are that second's values, `peak*` the
   * highest in the series. Tables: the top `talkerLimit` rows by `talkerSort` (descending), chosen
   * with a bounded heap rather than a full sort; ties: bytes descending, then talkers by address,
   * conversations by (a, b), services by (transport, port), ascending by plain string comparison
   * as ORACLE.md. Talker rows always; conversation / service rows only when `table` asks.
   * `bitsPerSec` is 8 × the entry's origLen bytes in the last complete second; `share` = entry
   * bytes / all IP bytes (talkers, conversations) or / all bytes counted in services.
   */
  takeSnapshot(q: AggregateQuery): AggregateSnapshot {
    this.flushPending();
    const nowSec = q.nowSec ?? (this.newestSec === -Infinity ? 0 : this.newestSec);
    const lastSec = Math.floor(nowSec) - 1;
    const limit = q.talkerLimit > 0 ? Math.floor(q.talkerLimit) : 0;
    // Address texts are cached for the rows of the last two snapshots only (KeyedTable labels).
    this.talkers4.retainLabels();
    this.talkers6.retainLabels();
    this.convs4.retainLabels();
    this.convs6.retainLabels();
    const classes = {} as Record<TransportName, Count>;
    for (let c = 0; c < TRANSPORT_COUNT; c++) {
      classes[TRANSPORT_NAMES[c]] = { packets: this.classPackets[c], bytes: this.classBytes[c] };
    }
    const t = this.ts;
    return {
      totals: { packets: this.packets, bytes: this.bytes },
      capBytes: this.capBytes,
      classes,
      truncated: this.truncated,
      malformed: this.malformed,
      unsupported: this.unsupported,
      rates: this.rateSeries(lastSec),
      talkers: this.topTalkers(q.talkerSort, limit, lastSec),
      talkerCount: this.talkers4.size + this.talkers6.size,
      conversations: q.table === 'conversations' ? this.topConversations(q.talkerSort, limit, lastSec) : [],
      conversationCount: this.convs4.size + this.convs6.size,
      services: q.table === 'services' ? this.topServices(q.talkerSort, limit, lastSec) : [],
      serviceCount: this.svcCount,
      talkersEvicted: this.talkers4.evicted + this.talkers6.evicted,
      conversationsEvicted: this.convs4.evicted + this.convs6.evicted,
      firstTs: this.packets === 0 ? NaN : t[2] + t[3] / NS_PER_SEC,
      lastTs: this.packets === 0 ? NaN : t[6] + t[7] / NS_PER_SEC,
    };
  }

  // ---------------------------------------------------------------- hot-path helpers

  /**
   * The timestamp tshark gives a record, as an exact (sec, 0 ≤ nsec < 10^9) pair in nSec/nNsec
   * (ORACLE.md quirk 5). Called only for the rare records with tsNsec ≥ 10^9 or tsSec < 0:
   * - pcap record seconds are an unsigned 32-bit field (draft-ietf-opsawg-pcap; tshark reads them
   *   so), but libpcap reads them signed: -2^31 ≤ tsSec < 0 came from a field ≥ 2^31, + 2^32.
   * - libpcap hands the fraction over as the 32-bit field (as unsigned here). tshark keeps it as a
   *   signed int32 without normalising: ≥ 10^9 carries into the seconds, and a negative fraction
   *   F makes tshark print "-S.|F|", which ORACLE.md reads as −(S × 10^9 + |F|) ns.
   */
  private normalizeTs(rawSec: number, rawNsec: number): void {
    let s = rawSec < 0 && rawSec >= -2147483648 ? rawSec + TWO32 : rawSec;
    let f = rawNsec;
    let neg = false;
    if (f >= 2147483648) {
      f = TWO32 - f;
      neg = true;
    }
    s += Math.floor(f / NS_PER_SEC);
    f %= NS_PER_SEC;
    if (neg) {
      if (f === 0) s = -s;
      else {
        s = -s - 1;
        f = NS_PER_SEC - f;
      }
    }
    this.nSec = s;
    this.nNsec = f;
  }

  /** Counts a packet status other than Ok. */
  private countStatus(st: PacketStatus): void {
    if (st === PacketStatus.Truncated) this.truncated++;
    else if (st === PacketStatus.Malformed) this.malformed++;
    else if (st === PacketStatus.Unsupported) this.unsupported++;
  }

  /** The first packet's time is also the first, min and max. */
  private firstTime(rawSec: number, rawNsec: number, sec: number, nsec: number): void {
    for (let k = 0; k < 16; k += 4) setTime(this.ts, k, rawSec, rawNsec, sec, nsec);
  }

  /**
   * Makes `sec` the current second: raises newestSec, picks (and clears, when it held an older
   * second) its rate slot, or -1 when `sec` is older than the window; finds or adds its whole-run
   * bucket. Runs once per change of second, not per packet.
   */
  private enterSecond(sec: number): void {
    this.flushPending();
    this.curSec = sec;
    if (sec > this.newestSec) this.newestSec = sec;
    const w = this.rateWindowSec;
    let slot = -1;
    if (sec > this.newestSec - w) {
      slot = (sec % w) | 0; // an int, as in the warm-up: a double here changes the map (deopts)
      if (slot < 0) slot += w;
      if (this.rateTag[slot] !== sec) {
        this.rateTag[slot] = sec;
        this.ratePackets[slot] = 0;
        this.rateBytes[slot] = 0;
      }
    }
    this.curRateSlot = slot;
    const secs = this.seconds;
    const b = secs.findOrInsert2(Math.floor(sec / TWO32) | 0, sec | 0) * S_COLUMNS;
    secs.data[b + S_SEC] = sec;
    this.curBucket = b;
  }

  /** Talkers and conversation of an IPv4 packet: counted in its pair's pending run (see PairRuns). */
  private ingest4(pkt: DecodedPacket, len: number): void {
    this.ipv4Packets++;
    this.ipBytes += len;
    const s = pkt.src4 | 0;
    const d = pkt.dst4 | 0;
    const srcLo = s >>> 0 <= d >>> 0;
    const lo = srcLo ? s : d;
    const hi = srcLo ? d : s;
    const r = this.runs4;
    const slot = Math.imul(lo ^ Math.imul(hi, 0x85ebca77), 0x9e3779b1) >>> PAIR_SHIFT;
    const keys = r.keys;
    if (keys[2 * slot] !== lo || keys[2 * slot + 1] !== hi) {
      this.missPair4(slot, lo, hi, srcLo, len);
      return;
    }
    const pend = r.pend;
    const k = 4 * slot + (srcLo ? 0 : 2);
    pend[k]++;
    pend[k + 1] += len;
    if (r.dirty[slot] === 0) r.markDirty(slot);
  }

  /**
   * Talkers and conversation of an IPv6 packet. The addresses are read from the frame as big-endian
   * words through a DataView (one bounds-checked load per word), each only when its 16 bytes lie
   * within the captured bytes.
   */
  private ingest6(frame: Frame, pkt: DecodedPacket, len: number, sec: number): void {
    this.ipv6Packets++;
    this.ipBytes += len;
    const buf = frame.buf;
    const cap = frame.off + frame.caplen;
    const end = cap < buf.length ? cap : buf.length;
    const so = pkt.src6Off;
    const dOff = pkt.dst6Off;
    const srcOk = so >= 0 && so + 16 <= end;
    const dstOk = dOff >= 0 && dOff + 16 <= end;
    if (!srcOk && !dstOk) return;
    const dv = this.viewOf(buf);
    if (!(srcOk && dstOk)) {
      this.ingestOne6(dv, srcOk ? so : dOff, srcOk, len, sec);
      return;
    }
    const s0 = dv.getInt32(so);
    const s1 = dv.getInt32(so + 4);
    const s2 = dv.getInt32(so + 8);
    const s3 = dv.getInt32(so + 12);
    const d0 = dv.getInt32(dOff);
    const d1 = dv.getInt32(dOff + 4);
    const d2 = dv.getInt32(dOff + 8);
    const d3 = dv.getInt32(dOff + 12);
    // Source vs destination as unsigned 128-bit numbers.
    let cmp = 0;
    if (s0 !== d0) cmp = s0 >>> 0 < d0 >>> 0 ? -1 : 1;
    else if (s1 !== d1) cmp = s1 >>> 0 < d1 >>> 0 ? -1 : 1;
    else if (s2 !== d2) cmp = s2 >>> 0 < d2 >>> 0 ? -1 : 1;
    else if (s3 !== d3) cmp = s3 >>> 0 < d3 >>> 0 ? -1 : 1;
    const srcLo = cmp <= 0;
    const l0 = srcLo ? s0 : d0;
    const l1 = srcLo ? s1 : d1;
    const l2 = srcLo ? s2 : d2;
    const l3 = srcLo ? s3 : d3;
    const h0 = srcLo ? d0 : s0;
    const h1 = srcLo ? d1 : s1;
    const h2 = srcLo ? d2 : s2;
    const h3 = srcLo ? d3 : s3;
    const r = this.runs6;
    const slot = (Math.imul(l3 ^ h2, 0x85ebca77) + Math.imul(h3 ^ l1, 0x9e3779b1) + Math.imul(l2 ^ h1 ^ l0 ^ h0, 0xc2b2ae3d)) >>> PAIR_SHIFT;
    const keys = r.keys;
    const kb = 8 * slot;
    if (
      keys[kb + 7] !== h3 ||
      keys[kb + 3] !== l3 ||
      keys[kb + 6] !== h2 ||
      keys[kb + 2] !== l2 ||
      keys[kb + 5] !== h1 ||
      keys[kb + 1] !== l1 ||
      keys[kb + 4] !== h0 ||
      keys[kb] !== l0
    ) {
      const w = this.pair6;
      w[0] = l0;
      w[1] = l1;
      w[2] = l2;
      w[3] = l3;
      w[4] = h0;
      w[5] = h1;
      w[6] = h2;
      w[7] = h3;
      this.missPair6(slot, cmp === 0, srcLo, len);
      return;
    }
    const pend = r.pend;
    const k = 4 * slot + (srcLo ? 0 : 2);
    pend[k]++;
    pend[k + 1] += len;
    if (r.dirty[slot] === 0) r.markDirty(slot);
  }

  /**
   * An IPv6 packet with only one address captured (at `o`; `asSrc`: the source): it counts as a
   * host, there is no conversation. Credited at once.
   */
  private ingestOne6(dv: DataView<ArrayBufferLike>, o: number, asSrc: boolean, len: number, sec: number): void {
    const t6 = this.talkers6;
    const tk = t6.lk;
    tk[0] = dv.getInt32(o);
    tk[1] = dv.getInt32(o + 4);
    tk[2] = dv.getInt32(o + 8);
    tk[3] = dv.getInt32(o + 12);
    // An insert into a full table evicts and renumbers: the pending runs go in first, and the
    // cached pairs are forgotten when entries moved.
    if (t6.size >= t6.maxEntries) this.flushRuns(this.runs6, t6, this.convs6);
    const gen = t6.generation;
    const t = t6.findOrInsert();
    if (t6.generation !== gen) this.runs6.clear();
    creditTalker(t6.data, t * T_COLUMNS, asSrc ? T_PSENT : T_PRECV, len, sec);
  }

  /** A DataView over `buf` (the batch buffer: made again only when the frame's buffer changes). */
  private viewOf(buf: Uint8Array): DataView<ArrayBufferLike> {
    if (buf !== this.viewBuf) {
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewBuf = buf;
    }
    return this.view;
  }

  /** Services, DNS query names and learned names of a TCP (`tcp`) or UDP packet. */
  private ingestPorts(frame: Frame, pkt: DecodedPacket, tcp: boolean, len: number): void {
    // Services: both ports must have been read (not a non-first fragment or a cut header).
    const sp = pkt.srcPort;
    const dp = pkt.dstPort;
    if (sp >= 0 && dp >= 0) {
      // A SYN without ACK names the listening side for sure: remember it, so servers on
      // unlisted ports (8080 is listed, 40002 is not) are not reported by their clients' port.
      const known = tcp ? this.tcpServers : this.udpServers;
      if (tcp && (pkt.tcpFlags & 0x12) === 0x02) known[dp >>> 5] |= 1 << (dp & 31);
      // serverPort() on the bitset: the listed port when exactly one is, else the lower one.
      const ks = (known[sp >>> 5] >>> (sp & 31)) & 1;
      const kd = (known[dp >>> 5] >>> (dp & 31)) & 1;
      const port = ks !== kd ? (ks === 1 ? sp : dp) : sp < dp ? sp : dp;
      const e = (tcp ? 0 : 65536) + port;
      if (e !== this.pendSvc) {
        this.flushService();
        this.pendSvc = e;
      }
      const pend = this.pend;
      pend[P_SVC]++;
      pend[P_SVC + 1] += len;
    }
    if (this.namesOn) {
      const q = dnsQueryName(frame, pkt);
      if (q !== null) this.countDnsName(q);
      learnNames(frame, pkt, this);
    }
  }

  /** Adds every pending count to its rows (see `pend`); a no-op when nothing is pending. */
  private flushPending(): void {
    this.flushRuns(this.runs4, this.talkers4, this.convs4);
    this.flushRuns(this.runs6, this.talkers6, this.convs6);
    this.flushService();
    const pend = this.pend;
    const n = pend[P_SEC];
    if (n === 0) return;
    const bytes = pend[P_SEC + 1];
    pend[P_SEC] = 0;
    pend[P_SEC + 1] = 0;
    const slot = this.curRateSlot;
    if (slot >= 0) {
      this.ratePackets[slot] += n;
      this.rateBytes[slot] += bytes;
    }
    const sd = this.seconds.data;
    const b = this.curBucket;
    sd[b + S_PACKETS] += n;
    sd[b + S_BYTES] += bytes;
  }

  /** Adds the pending service counts to entry pendSvc. */
  private flushService(): void {
    const pend = this.pend;
    const n = pend[P_SVC];
    if (n === 0) return;
    const bytes = pend[P_SVC + 1];
    pend[P_SVC] = 0;
    pend[P_SVC + 1] = 0;
    const e = this.pendSvc;
    let row = this.svcRow[e] - 1;
    if (row < 0) row = this.addService(e);
    const d = this.svc;
    const b = row * V_COLUMNS;
    d[b + V_PACKETS] += n;
    d[b + V_BYTES] += bytes;
    this.svcTotalBytes += bytes;
    addRate(d, b + V_RSEC, this.curSec, bytes);
  }

  /** A new row for service entry `e` (counters 0, rate state "never active"); returns it. */
  private addService(e: number): number {
    const row = this.svcCount++;
    if (row === this.svcList.length) {
      const list = new Int32Array(row * 2);
      list.set(this.svcList);
      this.svcList = list;
      const d = new Float64Array(row * 2 * V_COLUMNS);
      d.set(this.svc);
      this.svc = d;
    }
    const d = this.svc;
    const b = row * V_COLUMNS;
    for (let c = 0; c < V_COLUMNS; c++) d[b + c] = 0;
    d[b + V_RSEC] = -Infinity;
    this.svcList[row] = e;
    this.svcRow[e] = row + 1;
    return row;
  }

  /** Adds the pending runs of `r` (talkers `t`, conversations `c`) to their rows. */
  private flushRuns(r: PairRuns, t: KeyedTable<string>, c: KeyedTable<[string, string]>): void {
    const n = r.dirtyCount;
    if (n === 0) return;
    const list = r.dirtyList;
    for (let i = 0; i < n; i++) {
      const slot = list[i];
      r.dirty[slot] = 0;
      this.flushSlot(r, slot, t, c);
    }
    r.dirtyCount = 0;
  }

  /** Adds the pending run of one slot of `r` to its rows (nothing when it has none). */
  private flushSlot(r: PairRuns, slot: number, t: KeyedTable<string>, c: KeyedTable<[string, string]>): void {
    const pend = r.pend;
    const k = 4 * slot;
    if (pend[k] + pend[k + 2] === 0) return;
    const ent = r.ent;
    creditRun(t.data, ent[k + 1] * T_COLUMNS, ent[k + 2] * T_COLUMNS, c.data, ent[k] * C_COLUMNS, pend, k, this.curSec);
  }

  /**
   * The pair (lo, hi) is not in slot `slot` of runs4: credits the run the slot held, finds or adds
   * the conversation and its talkers, and puts the pair in the slot. The conversation row remembers
   * its talkers' entries (C_TLO, C_THI, valid while the talker table's generation is C_TGEN), so a
   * pair seen before costs one lookup, not three.
   */
  private missPair4(slot: number, lo: number, hi: number, srcLo: boolean, len: number): void {
    const r = this.runs4;
    const t4 = this.talkers4;
    const c4 = this.convs4;
    this.flushSlot(r, slot, t4, c4);
    // Inserts into a full table evict and renumber: every pending run must be in its rows first.
    if (c4.size >= c4.maxEntries || t4.size + 2 > t4.maxEntries) this.flushRuns(r, t4, c4);
    const cGen = c4.generation;
    const tGen = t4.generation;
    const c = c4.findOrInsert2(lo, hi);
    const cd = c4.data;
    const cb = c * C_COLUMNS;
    let tLo: number;
    let tHi: number;
    if (cd[cb + C_TGEN] === t4.generation) {
      tLo = cd[cb + C_TLO] | 0;
      tHi = cd[cb + C_THI] | 0;
    } else {
      tLo = t4.findOrInsert1(lo);
      tHi = tLo;
      if (hi !== lo) {
        const gen = t4.generation;
        tHi = t4.findOrInsert1(hi);
        if (t4.generation !== gen) {
          // Adding hi evicted and renumbered: find lo again (it may be gone: then it is re-added).
          tLo = t4.findOrInsert1(lo);
          if (t4.generation !== gen + 1) tHi = t4.findOrInsert1(hi);
        }
      }
      cd[cb + C_TLO] = tLo;
      cd[cb + C_THI] = tHi;
      cd[cb + C_TGEN] = t4.generation;
    }
    // Entries moved: the other cached pairs point at old entries (their runs are all credited).
    if (c4.generation !== cGen || t4.generation !== tGen) r.clear();
    r.keys[2 * slot] = lo;
    r.keys[2 * slot + 1] = hi;
    const k = 4 * slot;
    r.ent[k] = c;
    r.ent[k + 1] = tLo;
    r.ent[k + 2] = tHi;
    // This packet is credited now, while its rows are in the cache; only packets that find the
    // pair still cached are pending (a pair that never comes back costs no later flush).
    const bLo = tLo * T_COLUMNS;
    const bHi = tHi * T_COLUMNS;
    creditPacket(t4.data, srcLo ? bLo : bHi, srcLo ? bHi : bLo, c4.data, cb, srcLo, len, this.curSec);
  }

  /**
   * missPair4 for IPv6: the pair is pair6[0..3] (lo) and pair6[4..7] (hi), `same` when they are
   * equal.
   */
  private missPair6(slot: number, same: boolean, srcLo: boolean, len: number): void {
    const r = this.runs6;
    const t6 = this.talkers6;
    const c6 = this.convs6;
    this.flushSlot(r, slot, t6, c6);
    if (c6.size >= c6.maxEntries || t6.size + 2 > t6.maxEntries) this.flushRuns(r, t6, c6);
    const cGen = c6.generation;
    const tGen = t6.generation;
    const w = this.pair6;
    const ck = c6.lk;
    for (let i = 0; i < 8; i++) ck[i] = w[i];
    const c = c6.findOrInsert();
    const cd = c6.data;
    const cb = c * C_COLUMNS;
    let tLo: number;
    let tHi: number;
    if (cd[cb + C_TGEN] === t6.generation) {
      tLo = cd[cb + C_TLO] | 0;
      tHi = cd[cb + C_THI] | 0;
    } else {
      const tk = t6.lk;
      setWords4(tk, w, 0);
      tLo = t6.findOrInsert();
      tHi = tLo;
      if (!same) {
        const gen = t6.generation;
        setWords4(tk, w, 4);
        tHi = t6.findOrInsert();
        if (t6.generation !== gen) {
          setWords4(tk, w, 0);
          tLo = t6.findOrInsert();
          if (t6.generation !== gen + 1) {
            setWords4(tk, w, 4);
            tHi = t6.findOrInsert();
          }
        }
      }
      cd[cb + C_TLO] = tLo;
      cd[cb + C_THI] = tHi;
      cd[cb + C_TGEN] = t6.generation;
    }
    if (c6.generation !== cGen || t6.generation !== tGen) r.clear();
    const keys = r.keys;
    for (let i = 0; i < 8; i++) keys[8 * slot + i] = w[i];
    const k = 4 * slot;
    r.ent[k] = c;
    r.ent[k + 1] = tLo;
    r.ent[k + 2] = tHi;
    const bLo = tLo * T_COLUMNS;
    const bHi = tHi * T_COLUMNS;
    creditPacket(t6.data, srcLo ? bLo : bHi, srcLo ? bHi : bLo, c6.data, cb, srcLo, len, this.curSec);
  }

  /** +1 packet for a DNS query name; evicts per AggregatorOptions.maxDnsNames when full. */
  private countDnsName(name: string): void {
    const m = this.dnsNames;
    const c = m.get(name);
    if (c !== undefined) {
      c.packets++;
      return;
    }
    if (m.size >= this.maxDnsNames) {
      // Stable sort: equal counts keep first-seen order, so the earliest seen go first.
      const all = [...m].sort((a, b) => a[1].packets - b[1].packets);
      const drop = all.length >> 1;
      for (let i = 0; i < drop; i++) m.delete(all[i][0]);
      this.dnsNamesEvicted += drop;
    }
    m.set(name, { packets: 1 });
  }

  /**
   * Records addr → name (latest wins); forgets the least recently learned when full. The NameSink
   * of learnNames (learn.ts); public only for it.
   */
  learnName(addr: string, name: string): void {
    const m = this.learned;
    const old = m.get(addr);
    if (old === name) return;
    if (old !== undefined) m.delete(addr);
    else if (m.size >= this.maxNames) {
      const oldest = m.keys().next();
      if (!oldest.done) m.delete(oldest.value);
    }
    m.set(addr, name);
  }

  // ---------------------------------------------------------------- cold path

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

  /** Address text of talker i (IPv4 table, then IPv6), as tshark -n prints it (cached). */
  private talkerAddr(i: number): string {
    const n4 = this.talkers4.size;
    const tbl = i < n4 ? this.talkers4 : this.talkers6;
    const t = i < n4 ? i : i - n4;
    let s = tbl.label(t);
    if (s === undefined) {
      s = formatKeyAddr(tbl.keys, t * tbl.keyWords, tbl.keyWords);
      tbl.setLabel(t, s);
    }
    return s;
  }

  /** Address texts [lo, hi] of conversation i (IPv4 table, then IPv6), cached. */
  private convAddrs(i: number): [string, string] {
    const n4 = this.convs4.size;
    const tbl = i < n4 ? this.convs4 : this.convs6;
    const t = i < n4 ? i : i - n4;
    let p = tbl.label(t);
    if (p === undefined) {
      const w = tbl.keyWords >> 1;
      p = [formatKeyAddr(tbl.keys, t * 2 * w, w), formatKeyAddr(tbl.keys, t * 2 * w + w, w)];
      tbl.setLabel(t, p);
    }
    return p;
  }

  /**
   * The top talkers. The comparator reads the rows in place and orders IPv4 ties by
   * {@link ipv4TextOrder}, so a snapshot allocates nothing per talker held: no key arrays, and
   * address texts only for the rows returned (and for ties involving IPv6).
   */
  private topTalkers(sort: TalkerSortKey, limit: number, lastSec: number): TalkerRow[] {
    const t4 = this.talkers4;
    const n4 = t4.size;
    const n = n4 + this.talkers6.size;
    const d4 = t4.data;
    const d6 = this.talkers6.data;
    const k4 = t4.keys;
    const kc = sortColumn(sort, T_PACKETS, T_BYTES);
    const picked = selectTop(n, limit, (x, y) => {
      const dx = x < n4 ? d4 : d6;
      const dy = y < n4 ? d4 : d6;
      const bx = (x < n4 ? x : x - n4) * T_COLUMNS;
      const by = (y < n4 ? y : y - n4) * T_COLUMNS;
      const kx = kc >= 0 ? dx[bx + kc] : rateAt(dx, bx + T_RSEC, lastSec);
      const ky = kc >= 0 ? dy[by + kc] : rateAt(dy, by + T_RSEC, lastSec);
      if (kx !== ky) return kx - ky;
      const cx = dx[bx + T_BYTES];
      const cy = dy[by + T_BYTES];
      if (cx !== cy) return cx - cy;
      if (x < n4 && y < n4) return ipv4TextOrder(k4[y]) - ipv4TextOrder(k4[x]);
      const sx = this.talkerAddr(x);
      const sy = this.talkerAddr(y);
      return sx < sy ? 1 : sx > sy ? -1 : 0;
    });
    const ipBytes = this.ipBytes;
    return picked.map((i) => {
      const d = i < n4 ? d4 : d6;
      const b = (i < n4 ? i : i - n4) * T_COLUMNS;
      return {
        addr: this.talkerAddr(i),
        packets: d[b + T_PACKETS],
        bytes: d[b + T_BYTES],
        packetsSent: d[b + T_PSENT],
        bytesSent: d[b + T_BSENT],
        packetsRecv: d[b + T_PRECV],
        bytesRecv: d[b + T_BRECV],
        bitsPerSec: rateAt(d, b + T_RSEC, lastSec) * 8,
        share: ipBytes > 0 ? d[b + T_BYTES] / ipBytes : 0,
      };
    });
  }

  /** The top conversations; allocation-free comparisons as {@link topTalkers}. */
  private topConversations(sort: TalkerSortKey, limit: number, lastSec: number): ConversationRow[] {
    const c4 = this.convs4;
    const n4 = c4.size;
    const n = n4 + this.convs6.size;
    const d4 = c4.data;
    const d6 = this.convs6.data;
    const k4 = c4.keys;
    const kc = sortColumn(sort, C_PACKETS, C_BYTES);
    const picked = selectTop(n, limit, (x, y) => {
      const dx = x < n4 ? d4 : d6;
      const dy = y < n4 ? d4 : d6;
      const bx = (x < n4 ? x : x - n4) * C_COLUMNS;
      const by = (y < n4 ? y : y - n4) * C_COLUMNS;
      const kx = kc >= 0 ? dx[bx + kc] : rateAt(dx, bx + C_RSEC, lastSec);
      const ky = kc >= 0 ? dy[by + kc] : rateAt(dy, by + C_RSEC, lastSec);
      if (kx !== ky) return kx - ky;
      const cx = dx[bx + C_BYTES];
      const cy = dy[by + C_BYTES];
      if (cx !== cy) return cx - cy;
      if (x < n4 && y < n4) {
        // The printed pair (a, b) puts the smaller text first.
        const lx = ipv4TextOrder(k4[2 * x]);
        const hx = ipv4TextOrder(k4[2 * x + 1]);
        const ly = ipv4TextOrder(k4[2 * y]);
        const hy = ipv4TextOrder(k4[2 * y + 1]);
        const ax = lx < hx ? lx : hx;
        const ay = ly < hy ? ly : hy;
        if (ax !== ay) return ay - ax;
        return (ly < hy ? hy : ly) - (lx < hx ? hx : lx);
      }
      const px = this.convAddrs(x);
      const py = this.convAddrs(y);
      const lx = px[0];
      const hx = px[1];
      const ly = py[0];
      const hy = py[1];
      const ax = hx < lx ? hx : lx;
      const ay = hy < ly ? hy : ly;
      if (ax !== ay) return ax < ay ? 1 : -1;
      const bx2 = hx < lx ? lx : hx;
      const by2 = hy < ly ? ly : hy;
      return bx2 < by2 ? 1 : bx2 > by2 ? -1 : 0;
    });
    const ipBytes = this.ipBytes;
    return picked.map((i) => {
      const d = i < n4 ? d4 : d6;
      const b = (i < n4 ? i : i - n4) * C_COLUMNS;
      const [lo, hi] = this.convAddrs(i);
      const swapped = hi < lo;
      const lohi = d[b + C_LOHI];
      const hilo = d[b + C_HILO];
      return {
        a: swapped ? hi : lo,
        b: swapped ? lo : hi,
        packets: d[b + C_PACKETS],
        bytes: d[b + C_BYTES],
        bytesAToB: swapped ? hilo : lohi,
        bytesBToA: swapped ? lohi : hilo,
        bitsPerSec: rateAt(d, b + C_RSEC, lastSec) * 8,
        share: ipBytes > 0 ? d[b + C_BYTES] / ipBytes : 0,
      };
    });
  }

  private topServices(sort: TalkerSortKey, limit: number, lastSec: number): ServiceRow[] {
    const n = this.svcCount;
    const list = this.svcList;
    const d = this.svc;
    const kc = sortColumn(sort, V_PACKETS, V_BYTES);
    // Entry numbers order as (transport, port): tcp < udp, then port ascending.
    const picked = selectTop(n, limit, (x, y) => {
      const bx = x * V_COLUMNS;
      const by = y * V_COLUMNS;
      const kx = kc >= 0 ? d[bx + kc] : rateAt(d, bx + V_RSEC, lastSec);
      const ky = kc >= 0 ? d[by + kc] : rateAt(d, by + V_RSEC, lastSec);
      return kx - ky || d[bx + V_BYTES] - d[by + V_BYTES] || list[y] - list[x];
    });
    const total = this.svcTotalBytes;
    return picked.map((i) => {
      const e = list[i];
      const b = i * V_COLUMNS;
      const transport = e < 65536 ? 'tcp' : 'udp';
      const port = e & 0xffff;
      return {
        transport,
        port,
        name: this.services.name(transport, port),
        packets: d[b + V_PACKETS],
        bytes: d[b + V_BYTES],
        bitsPerSec: rateAt(d, b + V_RSEC, lastSec) * 8,
        share: total > 0 ? d[b + V_BYTES] / total : 0,
      };
    });
  }
}

/** Words of a 65,536-bit port bitset. */
const PORT_WORDS = 65536 / 32;

/**
 * bits = the ports flagged 1 in `flags` (65,536 entries), as a bitset. Found with indexOf (native,
 * a few hundred listed ports): a loop over every port ran in the interpreter at each start.
 */
function setPortBits(bits: Int32Array, flags: Uint8Array): void {
  bits.fill(0);
  for (let p = flags.indexOf(1); p !== -1; p = flags.indexOf(1, p + 1)) bits[p >>> 5] |= 1 << (p & 31);
}

/** Column initial values: 0, except the rate-second column at -Infinity ("never active"). */
function rateInit(columns: number, rateSecColumn: number): number[] {
  const init = new Array<number>(columns).fill(0);
  init[rateSecColumn] = -Infinity;
  return init;
}

/** Column initial values of a conversation: rate state "never active", no talker entries known. */
function convInit(): number[] {
  const init = rateInit(C_COLUMNS, C_RSEC);
  init[C_TLO] = -1;
  init[C_THI] = -1;
  init[C_TGEN] = -1;
  return init;
}

/** Writes one PacketTime (4 numbers) at ts[k]. */
function setTime(ts: Float64Array, k: number, rawSec: number, rawNsec: number, sec: number, nsec: number): void {
  ts[k] = rawSec;
  ts[k + 1] = rawNsec;
  ts[k + 2] = sec;
  ts[k + 3] = nsec;
}

/**
 * Adds `len` bytes at second `sec` to a rate state stored at d[i..i+2]: the latest second the
 * entry was active, its bytes in that second, and in the second before.
 */
function addRate(d: Float64Array, i: number, sec: number, len: number): void {
  const cs = d[i];
  if (sec === cs) d[i + 1] += len;
  else if (sec > cs) {
    d[i + 2] = sec === cs + 1 ? d[i + 1] : 0;
    d[i + 1] = len;
    d[i] = sec;
  } else if (sec === cs - 1) d[i + 2] += len;
  // Older than the entry's previous second: counted in its totals only.
}

/**
 * Credits one packet of `len` bytes to the talker row at d[b..]: packets, bytes, and the sent or
 * the received pair of columns (`col` = T_PSENT or T_PRECV), and its rate state.
 */
function creditTalker(d: Float64Array, b: number, col: number, len: number, sec: number): void {
  d[b + T_PACKETS]++;
  d[b + T_BYTES] += len;
  d[b + col]++;
  d[b + col + 1] += len;
  addRate(d, b + T_RSEC, sec, len);
}

/**
 * Credits one packet of `len` bytes to its source talker (row at td[bs..]: sent), its destination
 * talker (td[bd..]: received; the same row when a host talks to itself, then counted once, as both
 * sent and received) and its conversation (row at cd[cb..]; `srcLo`: the source is the key's `lo`).
 */
function creditPacket(td: Float64Array, bs: number, bd: number, cd: Float64Array, cb: number, srcLo: boolean, len: number, sec: number): void {
  td[bs + T_PACKETS]++;
  td[bs + T_BYTES] += len;
  td[bs + T_PSENT]++;
  td[bs + T_BSENT] += len;
  addRate(td, bs + T_RSEC, sec, len);
  if (bd !== bs) {
    td[bd + T_PACKETS]++;
    td[bd + T_BYTES] += len;
    addRate(td, bd + T_RSEC, sec, len);
  }
  td[bd + T_PRECV]++;
  td[bd + T_BRECV] += len;
  cd[cb + C_PACKETS]++;
  cd[cb + C_BYTES] += len;
  cd[cb + (srcLo ? C_LOHI : C_HILO)] += len;
  addRate(cd, cb + C_RSEC, sec, len);
}

/**
 * Adds a run of packets between two hosts, all in second `sec`, to their talker rows (td[bLo..],
 * td[bHi..]; the same row when a host talks to itself: each packet then counts once, as both sent
 * and received) and their conversation row (cd[cb..]); p[k..k+3] holds the run [packets lo→hi,
 * bytes lo→hi, packets hi→lo, bytes hi→lo] and is zeroed. Equal to crediting the packets one by
 * one (integer sums; addRate of one second adds up).
 */
function creditRun(td: Float64Array, bLo: number, bHi: number, cd: Float64Array, cb: number, p: Float64Array, k: number, sec: number): void {
  const nLoHi = p[k];
  const bytesLoHi = p[k + 1];
  const nHiLo = p[k + 2];
  const bytesHiLo = p[k + 3];
  p[k] = 0;
  p[k + 1] = 0;
  p[k + 2] = 0;
  p[k + 3] = 0;
  const n = nLoHi + nHiLo;
  const bytes = bytesLoHi + bytesHiLo;
  td[bLo + T_PACKETS] += n;
  td[bLo + T_BYTES] += bytes;
  if (bLo === bHi) {
    td[bLo + T_PSENT] += n;
    td[bLo + T_BSENT] += bytes;
    td[bLo + T_PRECV] += n;
    td[bLo + T_BRECV] += bytes;
  } else {
    td[bLo + T_PSENT] += nLoHi;
    td[bLo + T_BSENT] += bytesLoHi;
    td[bLo + T_PRECV] += nHiLo;
    td[bLo + T_BRECV] += bytesHiLo;
    td[bHi + T_PACKETS] += n;
    td[bHi + T_BYTES] += bytes;
    td[bHi + T_PSENT] += nHiLo;
    td[bHi + T_BSENT] += bytesHiLo;
    td[bHi + T_PRECV] += nLoHi;
    td[bHi + T_BRECV] += bytesLoHi;
    addRate(td, bHi + T_RSEC, sec, bytes);
  }
  addRate(td, bLo + T_RSEC, sec, bytes);
  cd[cb + C_PACKETS] += n;
  cd[cb + C_BYTES] += bytes;
  cd[cb + C_LOHI] += bytesLoHi;
  cd[cb + C_HILO] += bytesHiLo;
  addRate(cd, cb + C_RSEC, sec, bytes);
}

/** Bytes in second `lastSec` of the rate state at d[i..i+2] (0 when not active then). */
function rateAt(d: Float64Array, i: number, lastSec: number): number {
  const cs = d[i];
  if (cs === lastSec) return d[i + 1];
  if (cs === lastSec + 1) return d[i + 2];
  return 0;
}

/** Column holding the sort key (bytes or packets), or -1 for `rate` (bytes in the last complete second). */
function sortColumn(sort: TalkerSortKey, packetsCol: number, bytesCol: number): number {
  return sort === 'bytes' ? bytesCol : sort === 'packets' ? packetsCol : -1;
}

/** Rank of each octet value's decimal text in plain string order: "0" < "1" < "10" < "100" < … < "99". */
const OCTET_TEXT_RANK = ((): Uint8Array => {
  const byText = Array.from({ length: 256 }, (_, v) => v).sort((x, y) => {
    const a = String(x);
    const b = String(y);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const rank = new Uint8Array(256);
  byText.forEach((v, r) => (rank[v] = r));
  return rank;
})();

/**
 * A number (0 ≤ n < 2^32) ordering IPv4 addresses (u32 or int32) as their dotted-decimal texts
 * (formatIpv4) order under plain string comparison, without making the texts: the octet texts'
 * ranks, most significant first. Exact because the texts compare octet by octet: at the first
 * octet that differs either a character differs, or one octet's text is a prefix of the other's
 * and is followed by "." or the end, both below any digit, as a shorter prefix sorts first.
 */
export function ipv4TextOrder(addr: number): number {
  const r = OCTET_TEXT_RANK;
  return ((r[addr >>> 24] << 24) | (r[(addr >>> 16) & 255] << 16) | (r[(addr >>> 8) & 255] << 8) | r[addr & 255]) >>> 0;
}

/** out[0..3] = src[k..k+3]. */
function setWords4(out: Int32Array, src: Int32Array, k: number): void {
  out[0] = src[k];
  out[1] = src[k + 1];
  out[2] = src[k + 2];
  out[3] = src[k + 3];
}

/** Address text of the key words keys[k..k+words-1] (1 word: IPv4, 4: IPv6), as tshark -n prints it. */
function formatKeyAddr(keys: Int32Array, k: number, words: number): string {
  if (words === 1) return formatIpv4(keys[k] >>> 0);
  const b = new Uint8Array(16);
  for (let i = 0; i < 4; i++) {
    const word = keys[k + i] >>> 0;
    b[i * 4] = word >>> 24;
    b[i * 4 + 1] = (word >>> 16) & 0xff;
    b[i * 4 + 2] = (word >>> 8) & 0xff;
    b[i * 4 + 3] = word & 0xff;
  }
  return formatIpv6(b, 0);
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
 * (The full report, with every ORACLE.md key, is src/export/report.ts.)
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
