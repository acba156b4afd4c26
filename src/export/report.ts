/**
 * The whole-run report: one JSON-able object whose keys and meanings are exactly those of
 * ../shared/corpus/ORACLE.md ("Whole-file aggregates"), so a report can be compared with the
 * tshark oracle key by key, plus nta-top's own keys (decode outcomes, learned names, services,
 * capture statistics). Cold path: built once, at the end of a run.
 */
import type { Aggregator, PacketTime } from '../aggregate/aggregator.js';
import type { CaptureStats } from '../aggregate/snapshot.js';
import { TRANSPORT_NAMES } from '../decode/packet.js';
import type { TransportName } from '../decode/packet.js';

/** Default length of every top list (ORACLE.md: top 20). */
export const DEFAULT_REPORT_TOP = 20;

/** Options of {@link buildReport}. */
export interface ReportOptions {
  /** Entries per top list (hosts, conversations, DNS names, services); default 20. */
  top: number;
  /** Interface name, or the file path ('-' for standard input). */
  source: string;
  /** LINKTYPE_ value of the capture. */
  linktype: number;
  /** pcap_stats counters of a live capture; null for files. */
  stats: CaptureStats | null;
  /** Read error that ended a damaged file early (libpcap's text); '' or absent when none. */
  error?: string;
}

export interface ReportHost {
  host: string;
  /** origLen bytes sent + received (once when src == dst). */
  bytes: number;
  packets: number;
}

export interface ReportConversation {
  /** a < b by plain string comparison of the printed addresses. */
  a: string;
  b: string;
  bytes: number;
  packets: number;
  /** origLen bytes of packets whose source is `a`. */
  bytes_a_to_b: number;
  bytes_b_to_a: number;
}

export interface ReportService {
  transport: 'tcp' | 'udp';
  /** Server port (see src/aggregate/services.ts serverPort). */
  port: number;
  /** services(5) name, '' when unlisted. */
  name: string;
  packets: number;
  bytes: number;
}

/**
 * Everything nta-top reports about a run. The keys from `packets` to `dns_qry_names_top` are
 * ORACLE.md's, with its units (bytes = origLen), sort orders and tie-breaks; timestamps are null
 * when there were no packets. `*_ts_ns` are exact integers (bigint: epoch nanoseconds exceed 2^53);
 * serialise with {@link reportToJson}, not JSON.stringify.
 */
export interface Report {
  source: string;
  linktype: number;
  /** Read error of a damaged file, '' when none. */
  error: string;
  packets: number;
  bytes: number;
  cap_bytes: number;
  transport_packets: Record<TransportName, number>;
  transport_bytes: Record<TransportName, number>;
  ip_packets: { ipv4: number; ipv6: number };
  /** tshark's frame.time_epoch text of the first / last (file order), smallest, largest timestamp. */
  first_ts: string | null;
  last_ts: string | null;
  min_ts: string | null;
  max_ts: string | null;
  first_ts_ns: bigint | null;
  last_ts_ns: bigint | null;
  min_ts_ns: bigint | null;
  max_ts_ns: bigint | null;
  distinct_hosts: number;
  distinct_conversations: number;
  /** Sorted by bytes descending, ties by host ascending. */
  top_hosts: ReportHost[];
  /** Sorted by bytes descending, ties by (a, b) ascending. */
  top_conversations: ReportConversation[];
  /** Non-empty epoch seconds. */
  pps_buckets: number;
  /** Most packets in one second. */
  pps_max: number;
  /** Sorted by packets descending, ties by name ascending. */
  dns_qry_names_top: { name: string; packets: number }[];
  /** [epoch second, packets, bytes] for every second with a packet, ascending. */
  pps: [number, number, number][];
  // ---- nta-top's own keys
  /** Decode outcomes (PacketStatus), in packets. */
  truncated: number;
  malformed: number;
  unsupported: number;
  /** Sorted by bytes descending, ties by (transport, port) ascending. */
  top_services: ReportService[];
  distinct_services: number;
  /** Entries dropped by the aggregator's caps (0 unless a table filled up). */
  evicted: { hosts: number; conversations: number; pps_seconds: number; dns_qry_names: number };
  /** Passively learned names (DNS answers, TLS SNI), address → name. */
  names: Record<string, string>;
  /** Live captures only (pcap_stats): packets received, dropped by the kernel, by the interface. */
  received?: number;
  dropped?: number;
  if_dropped?: number;
}

/**
 * Builds the report of everything `agg` has ingested (cold path: sorts the per-second buckets,
 * formats addresses). Hosts/conversations/services/DNS names hold at most `opts.top` entries.
 */
export function buildReport(agg: Aggregator, opts: ReportOptions): Report {
  const top = Number.isFinite(opts.top) && opts.top > 0 ? Math.floor(opts.top) : 0;
  const hostSnap = agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: top, table: 'conversations' });
  const svcSnap = agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: top, table: 'services' });
  const tp = {} as Record<TransportName, number>;
  const tb = {} as Record<TransportName, number>;
  for (const name of TRANSPORT_NAMES) {
    tp[name] = hostSnap.classes[name].packets;
    tb[name] = hostSnap.classes[name].bytes;
  }
  const times = agg.timeExtremes();
  const pps = agg.secondBuckets();
  let ppsMax = 0;
  for (const b of pps) if (b[1] > ppsMax) ppsMax = b[1];
  const r: Report = {
    source: opts.source,
    linktype: opts.linktype,
    error: opts.error ?? '',
    packets: hostSnap.totals.packets,
    bytes: hostSnap.totals.bytes,
    cap_bytes: hostSnap.capBytes,
    transport_packets: tp,
    transport_bytes: tb,
    ip_packets: agg.ipPackets,
    first_ts: times ? tsharkEpochText(times.first) : null,
    last_ts: times ? tsharkEpochText(times.last) : null,
    min_ts: times ? tsharkEpochText(times.min) : null,
    max_ts: times ? tsharkEpochText(times.max) : null,
    first_ts_ns: times ? timeNs(times.first) : null,
    last_ts_ns: times ? timeNs(times.last) : null,
    min_ts_ns: times ? timeNs(times.min) : null,
    max_ts_ns: times ? timeNs(times.max) : null,
    distinct_hosts: hostSnap.talkerCount,
    distinct_conversations: hostSnap.conversationCount,
    top_hosts: hostSnap.talkers.map((t) => ({ host: t.addr, bytes: t.bytes, packets: t.packets })),
    top_conversations: hostSnap.conversations.map((c) => ({
      a: c.a,
      b: c.b,
      bytes: c.bytes,
      packets: c.packets,
      bytes_a_to_b: c.bytesAToB,
      bytes_b_to_a: c.bytesBToA,
    })),
    pps_buckets: pps.length,
    pps_max: ppsMax,
    dns_qry_names_top: agg.topDnsQueryNames(top),
    pps,
    truncated: hostSnap.truncated,
    malformed: hostSnap.malformed,
    unsupported: hostSnap.unsupported,
    top_services: svcSnap.services.map((s) => ({
      transport: s.transport,
      port: s.port,
      name: s.name,
      packets: s.packets,
      bytes: s.bytes,
    })),
    distinct_services: svcSnap.serviceCount,
    evicted: {
      hosts: hostSnap.talkersEvicted,
      conversations: agg.conversationsEvicted,
      pps_seconds: agg.secondsEvicted,
      dns_qry_names: agg.dnsQueryNamesEvicted,
    },
    names: agg.learnedNames(),
  };
  if (opts.stats) {
    r.received = opts.stats.received;
    r.dropped = opts.stats.dropped;
    r.if_dropped = opts.stats.ifDropped;
  }
  return r;
}

/** Exact epoch nanoseconds of a packet time (its normalised sec/nsec). */
export function timeNs(t: PacketTime): bigint {
  return BigInt(t.sec) * 1_000_000_000n + BigInt(t.nsec);
}

/**
 * A timestamp as tshark 4.0 prints frame.time_epoch, from the record's raw fields (ORACLE.md
 * quirk 5 and 8): seconds as the pcap format's unsigned 32-bit field (libpcap hands
 * -2^31..-1 for fields ≥ 2^31), the fraction as a signed 32-bit nanosecond count, at least 9
 * digits, never normalised: 10^9 prints as "S.1000000000", and a negative fraction F as "-S.|F|".
 */
export function tsharkEpochText(t: Pick<PacketTime, 'rawSec' | 'rawNsec'>): string {
  const sec = t.rawSec < 0 && t.rawSec >= -2147483648 ? t.rawSec + 4294967296 : t.rawSec;
  const frac = t.rawNsec >= 2147483648 ? t.rawNsec - 4294967296 : t.rawNsec;
  const digits = String(Math.abs(frac)).padStart(9, '0');
  return frac < 0 && sec >= 0 ? `-${sec}.${digits}` : `${sec}.${digits}`;
}

/**
 * The report as JSON text: bigint values (the `*_ts_ns` keys) are written as exact integer
 * literals, which JSON.stringify cannot do. Layout: one key per line at the top level and inside
 * plain objects; each element of an array of arrays/objects on its own line, written compactly
 * (so `pps` is one bucket per line, as in the oracle files). Non-finite numbers become null.
 */
export function reportToJson(report: Report): string {
  return writeJson(report, '');
}

function writeJson(v: unknown, indent: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((e) => e === null || typeof e !== 'object')) return `[${v.map((e) => writeJson(e, '')).join(', ')}]`;
    return `[\n${v.map((e) => inner + writeCompact(e)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${writeJson(x, inner)}`).join(',\n')}\n${indent}}`;
}

/** One line of JSON (bigint exact). */
function writeCompact(v: unknown): string {
  if (v === null || typeof v !== 'object') return writeJson(v, '');
  if (Array.isArray(v)) return `[${v.map(writeCompact).join(', ')}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${writeCompact(x)}`).join(', ')}}`;
}
