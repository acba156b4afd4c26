/**
 * The decoder's output contract. `decodePacket` (src/decode/index.ts) fills one reusable
 * DecodedPacket per call so the per-packet hot path allocates nothing.
 *
 * Counting rules follow ../shared/corpus/ORACLE.md: addresses come from the OUTERMOST IP header,
 * the transport class from the IP protocol number after skipping the IPv6 extension headers
 * 0 (Hop-by-Hop), 43 (Routing), 44 (Fragment) and 60 (Destination Options).
 */

/** How far decoding got. Counted per packet; never thrown. */
export const enum PacketStatus {
  /** Every header we know was decoded. */
  Ok = 0,
  /** The captured bytes ended inside a header (caplen too short, e.g. snaplen cut). */
  Truncated = 1,
  /** A header contradicts itself (bad IHL, length field smaller than the header, pointer loop...). */
  Malformed = 2,
  /** The linktype or ethertype is one we do not decode; nothing beyond it is known. */
  Unsupported = 3,
}

/** Transport class as defined in ORACLE.md (`transport`). */
export const enum TransportClass {
  Tcp = 0,
  Udp = 1,
  Icmp = 2,
  Icmpv6 = 3,
  Arp = 4,
  Other = 5,
}

/** Names of TransportClass values, index = enum value. */
export const TRANSPORT_NAMES = ['tcp', 'udp', 'icmp', 'icmpv6', 'arp', 'other'] as const;
export type TransportName = (typeof TRANSPORT_NAMES)[number];
/** Number of transport classes. */
export const TRANSPORT_COUNT = 6;

export interface DecodedPacket {
  status: PacketStatus;
  /** 0 when the packet has no IP layer, else 4 or 6 (outermost IP header). */
  ipVersion: 0 | 4 | 6;
  /** Outermost IPv4 source/destination as unsigned 32-bit integers (valid when ipVersion = 4). */
  src4: number;
  dst4: number;
  /**
   * Offsets in the frame's `buf` of the outermost IPv6 source/destination (16 bytes each; valid
   * when ipVersion = 6). Only valid while the frame's buffer is.
   */
  src6Off: number;
  dst6Off: number;
  /** IP protocol number after IPv6 extension headers 0/43/44/60; -1 when unknown or no IP. */
  ipProto: number;
  /** Class for counting (ORACLE.md `transport`). */
  transport: TransportClass;
  /** Outer TCP/UDP ports; -1 when not read (non-first fragment, truncated, not TCP/UDP). */
  srcPort: number;
  dstPort: number;
  /** 12-bit TCP flags (FIN 0x01 ... AE 0x100); -1 when not TCP or not read. */
  tcpFlags: number;
  /** ICMP / ICMPv6 type and code; -1 when not ICMP or not read. */
  icmpType: number;
  icmpCode: number;
  /** ARP operation (1 request, 2 reply); -1 when not ARP. */
  arpOp: number;
  /** True for an IPv4/IPv6 fragment (MF set or offset ≠ 0, or an IPv6 Fragment header). */
  fragment: boolean;
  /** Offset in `buf` of the outermost IP header; -1 when none. */
  ipOff: number;
  /** Offset in `buf` of the transport header after the outermost IP; -1 when none. */
  l4Off: number;
}

/** A DecodedPacket with every field reset, for reuse. */
export function newDecodedPacket(): DecodedPacket {
  return {
    status: PacketStatus.Ok,
    ipVersion: 0,
    src4: 0,
    dst4: 0,
    src6Off: -1,
    dst6Off: -1,
    ipProto: -1,
    transport: TransportClass.Other,
    srcPort: -1,
    dstPort: -1,
    tcpFlags: -1,
    icmpType: -1,
    icmpCode: -1,
    arpOp: -1,
    fragment: false,
    ipOff: -1,
    l4Off: -1,
  };
}

/**
 * Human-readable summary of one packet, for the packet list and golden tests (cold path:
 * strings are built here, never in decodePacket).
 */
export interface PacketSummary {
  /** Source address as printed by tshark -n (dotted quad, RFC 5952 IPv6, or MAC for non-IP). */
  src: string;
  /** Destination address, same form. */
  dst: string;
  /** Short protocol name: TCP, UDP, ICMP, ICMPv6, ARP, DNS, IPv4, IPv6, 802.1Q ... */
  proto: string;
  /** Ports, TCP flags, ICMP type, ARP who-has, or status such as [truncated]/[malformed]. */
  info: string;
}

/** One field of a dissected layer, named as Wireshark names it (display filter field names). */
export interface DissectField {
  /** Wireshark field name, e.g. `ip.ttl`, `tcp.flags`, `dns.qry.name`. */
  name: string;
  /** Human text of the value with its unit where it has one, e.g. `64`, `1500 bytes`, `0x0012 (SYN, ACK)`. */
  value: string;
  /** Byte range of the field in the frame, relative to the first packet byte: [start, end). */
  start: number;
  end: number;
}

/** One protocol layer of a packet, outermost first (eth, vlan, ip, gre, ip, tcp, http...). */
export interface DissectLayer {
  /** Wireshark protocol filter name: `eth`, `vlan`, `ip`, `ipv6`, `tcp`, `udp`, `dns`, `tls`, ... */
  proto: string;
  /** One-line title as in Wireshark's tree, e.g. `Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2`. */
  title: string;
  /** Byte range of the layer in the frame, relative to the first packet byte: [start, end). */
  start: number;
  end: number;
  fields: DissectField[];
}

/** Full dissection of one packet for the detail pane (cold path). */
export interface PacketDetail {
  seq: number;
  tsSec: number;
  tsNsec: number;
  caplen: number;
  origLen: number;
  linktype: number;
  status: PacketStatus;
  layers: DissectLayer[];
  /** A copy of the captured bytes. */
  bytes: Uint8Array;
}
