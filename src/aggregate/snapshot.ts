/**
 * Immutable values handed from the engine (capture → decode → aggregate) to the screen once per
 * tick. Views render these and nothing else; they never reach into the aggregator.
 */
import type { PacketDetail, TransportName } from '../decode/packet.js';

/** Packets and bytes (original length, `frame.len`) of one class or total. */
export interface Count {
  packets: number;
  /** Sum of origLen in bytes. */
  bytes: number;
}

/** Key the talkers table is sorted by (descending). `rate` = bits/s over the last complete second. */
export type TalkerSortKey = 'bytes' | 'packets' | 'rate';
export const TALKER_SORT_KEYS: readonly TalkerSortKey[] = ['bytes', 'packets', 'rate'];

/** One endpoint ranked by traffic (ORACLE.md `top_hosts` rules: credited as src and as dst, once if equal). */
export interface TalkerRow {
  /** Address as tshark -n prints it: dotted quad or RFC 5952 IPv6. */
  addr: string;
  /** Packets sent + received (a packet to itself counts once). */
  packets: number;
  /** Bytes sent + received (origLen; a packet to itself counts once). */
  bytes: number;
  packetsSent: number;
  bytesSent: number;
  packetsRecv: number;
  bytesRecv: number;
  /** Bits per second sent + received over the last complete second of packet time. */
  bitsPerSec: number;
  /** This talker's bytes divided by all IP bytes counted by the aggregator (0..1). */
  share: number;
}

/**
 * One conversation: both directions between two addresses of the outermost IP header
 * (ORACLE.md `top_conversations`): `a` < `b` by plain string comparison.
 */
export interface ConversationRow {
  a: string;
  b: string;
  packets: number;
  /** origLen bytes, both directions. */
  bytes: number;
  /** origLen bytes of packets whose source is `a`. */
  bytesAToB: number;
  bytesBToA: number;
  /** Bits per second, both directions, over the last complete second of packet time. */
  bitsPerSec: number;
  /** Share of all IP bytes (0..1). */
  share: number;
}

/** One service: transport + server port (the well-known side of a TCP/UDP flow). */
export interface ServiceRow {
  transport: 'tcp' | 'udp';
  port: number;
  /** IANA service name (from /etc/services or a built-in table), '' when unknown. */
  name: string;
  packets: number;
  /** origLen bytes. */
  bytes: number;
  bitsPerSec: number;
  share: number;
}

/** Which table the talkers panel shows; Tab cycles them. */
export type TableKind = 'hosts' | 'conversations' | 'services';
export const TABLE_KINDS: readonly TableKind[] = ['hosts', 'conversations', 'services'];

/** One row of the packet list, newest last. Strings are made when the snapshot is taken. */
export interface PacketRow {
  /** Sequence number of the packet since capture start (1-based, as tshark's frame.number). */
  seq: number;
  tsSec: number;
  tsNsec: number;
  src: string;
  dst: string;
  proto: string;
  /** origLen in bytes. */
  length: number;
  info: string;
}

/** Per-second series, oldest first; the last element is the last complete second. */
export interface RateSeries {
  /** Epoch second of each element. */
  secs: number[];
  /** Packets per second. */
  pps: number[];
  /** Bits per second (origLen × 8). */
  bitsPerSec: number[];
  /** Values of the last complete second. */
  currentPps: number;
  currentBitsPerSec: number;
  /** Highest values seen in the series window. */
  peakPps: number;
  peakBitsPerSec: number;
}

/** What the aggregator knows, as plain data. */
export interface AggregateSnapshot {
  totals: Count;
  /** Sum of caplen in bytes. */
  capBytes: number;
  /** Per transport class, keyed by name (ORACLE.md `transport_packets` / `transport_bytes`). */
  classes: Record<TransportName, Count>;
  /** Decode outcomes (PacketStatus), counted per packet. */
  truncated: number;
  malformed: number;
  unsupported: number;
  rates: RateSeries;
  /** Top talkers, sorted by the query's key (ties: bytes desc, then addr asc). */
  talkers: TalkerRow[];
  /** Number of distinct talkers tracked (after eviction). */
  talkerCount: number;
  /** Top conversations by the query's sort key (empty unless the query asks for them). */
  conversations: ConversationRow[];
  conversationCount: number;
  /** Top services by the query's sort key (empty unless the query asks for them). */
  services: ServiceRow[];
  serviceCount: number;
  /** Talkers dropped by the table's cap so far. */
  talkersEvicted: number;
  /** Conversations dropped by the table's cap so far. */
  conversationsEvicted: number;
  /** Timestamps (seconds, fractional) of the first and last packet ingested; NaN when none. */
  firstTs: number;
  lastTs: number;
}

/** Libpcap's pcap_stats counters (pcap_stats(3PCAP)); null for files. */
export interface CaptureStats {
  /** Packets received by the filter (ps_recv). */
  received: number;
  /** Packets dropped because there was no room in the kernel buffer (ps_drop). */
  dropped: number;
  /** Packets dropped by the interface or driver (ps_ifdrop). */
  ifDropped: number;
}

/** Where packets come from and how the capture is doing (the header line). */
export interface CaptureStatus {
  /** Interface name, or the file path for -r. */
  source: string;
  live: boolean;
  linktype: number;
  /** Linktype name as in pcap_datalink_val_to_name, e.g. EN10MB. */
  linktypeName: string;
  snaplen: number;
  /** BPF filter text given on the command line, '' for none. */
  bpf: string;
  stats: CaptureStats | null;
  /** True once a file is fully read (or a live capture ended). */
  eof: boolean;
  /** Seconds since nta-top started capturing (wall clock). */
  elapsedSec: number;
  /** Last capture/read error (e.g. a damaged file), '' when none. */
  error: string;
  /**
   * nta-top's own CPU use since the previous status (whole process, user + system), percent of
   * one core; null before the first interval has passed.
   */
  cpuPercent: number | null;
}

/** Protocol filter values cycled by `t`. `icmp` matches ICMP and ICMPv6. */
export type ProtoFilter = 'all' | 'tcp' | 'udp' | 'icmp' | 'arp' | 'other';
export const PROTO_FILTERS: readonly ProtoFilter[] = ['all', 'tcp', 'udp', 'icmp', 'arp', 'other'];

/** The view filter: applied to every panel. `addr` is the text the user typed ('' for none). */
export interface ViewFilter {
  proto: ProtoFilter;
  addr: string;
}

export interface SnapshotQuery {
  /** Sort key of the table shown (hosts, conversations or services). */
  talkerSort: TalkerSortKey;
  /** Table the panel shows; rows of the other tables may be left empty. Default 'hosts'. */
  table?: TableKind;
  /** Rows wanted in the talkers table. */
  talkerLimit: number;
  /** Newest packet rows wanted (the list's scrollback). */
  packetLimit: number;
}

/** Everything one frame of the screen shows. */
export interface Snapshot {
  /** Wall-clock time the snapshot was taken (ms since epoch). */
  takenAtMs: number;
  /** Aggregates over packets matching the current filter (all packets when none). */
  view: AggregateSnapshot;
  /**
   * Totals and current rates over all packets, whatever the filter (the header shows these;
   * the panels show `view`).
   */
  all: {
    totals: Count;
    truncated: number;
    malformed: number;
    unsupported: number;
    /** Packets per second in the last complete second, all traffic. */
    currentPps: number;
    /** Bits per second in the last complete second, all traffic. */
    currentBitsPerSec: number;
  };
  capture: CaptureStatus;
  filter: ViewFilter;
  packets: PacketRow[];
  ring: { packets: number; bytes: number; maxPackets: number; maxBytes: number };
  /**
   * Names learned passively from sniffed DNS answers (A/AAAA, following CNAME chains) and TLS SNI,
   * keyed by address as printed in the rows. nta-top itself sends no lookups.
   */
  names: Record<string, string>;
}

/** Outcome of writing the ring to a pcap file. */
export type DumpResult =
  | { ok: true; path: string; packets: number; bytes: number }
  | { ok: false; error: string };

/** What the dashboard needs from the engine; implemented in src/engine.ts. */
export interface DataSource {
  takeSnapshot(q: SnapshotQuery): Snapshot;
  /**
   * Sets the view filter. Returns an error message for the status line (bad address/CIDR)
   * and leaves the previous filter in place, or null on success.
   */
  setFilter(f: ViewFilter): string | null;
  /** Writes the ring's packets that pass the current filter to a new pcap file. Never throws. */
  dump(): Promise<DumpResult>;
  /** Full dissection of the packet with this sequence number, or null when it left the ring. */
  inspect(seq: number): PacketDetail | null;
  /**
   * Optional: a snapshot of synthetic traffic for drawing off screen while the source warms up
   * its JIT (Engine.warmSnapshot), null when there is none (any more).
   */
  warmSnapshot?(q: SnapshotQuery): Snapshot | null;
}
