/**
 * One-line packet summaries (cold path: strings are built here, never in decodePacket). Addresses
 * as tshark -n prints them; info texts in the style of tshark/tcpdump (TCP flag names as tcpdump's
 * long names, ICMP/ICMPv6 type names from RFC 792 / RFC 4443 / RFC 4861, ARP as RFC 826 who-has).
 */
import type { Frame } from '../capture/frame.js';
import type { DecodedPacket, PacketSummary } from './packet.js';
import { newDecodedPacket, PacketStatus, TransportClass } from './packet.js';
import {
  ETHERTYPE_IPV4,
  ETHERTYPE_IPV6,
  ETHERTYPE_MAX_LENGTH,
  ETHERTYPE_MPLS,
  ETHERTYPE_MPLS_MULTI,
  ETHERTYPE_PPPOE_SESS,
  ETHERTYPE_RARP,
  ethertypeName,
  ipProtoName,
  linktypeName,
  LT_ETHERNET,
  LT_FDDI,
  LT_IEEE802_11,
  LT_IEEE802_11_RADIOTAP,
  LT_IPOIB,
  LT_IPV4,
  LT_IPV6,
  LT_LINUX_SLL,
  LT_LINUX_SLL2,
  LT_LOOP,
  LT_NFLOG,
  LT_NULL,
  LT_PKTAP,
  LT_PPP,
  LT_PPP_HDLC,
  LT_RAW,
  LT_RAW_12,
  LT_RAW_14,
} from './constants.js';
import { dnsTypeName, parseDnsHeadline } from './dns.js';
import { formatIpv4, formatIpv6, formatMac } from './format.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodePacket } from './decode.js';
import { isLinktypeSupported } from './registry.js';
import { isTagEthertype } from './vlan.js';
import { APP_DNS, APP_LLMNR, APP_MDNS, udpAppForPayload } from './ports.js';
import { ipDatagramEnd } from './tunnel.js';

/** What the link layer says, re-read for the summary. */
interface LinkInfo {
  src: string;
  dst: string;
  /** Final EtherType after tags/SNAP, or -1. */
  ethertype: number;
  /** True when the payload is an LLC frame that is not SNAP-encapsulated IP/ARP. */
  llc: boolean;
  /** Offset of the network-layer header, or -1. */
  netOff: number;
}

/** Follows tags and 802.3/LLC/SNAP from EtherType `type` whose payload starts at `p`. */
function followEthertype(info: LinkInfo, buf: Uint8Array, type: number, p: number, end: number): void {
  for (let guard = 0; guard < 64; guard++) {
    if (isTagEthertype(type)) {
      const n = type === 0x8926 ? 6 : 4;
      if (p + n > end) break;
      type = (buf[p + n - 2] << 8) | buf[p + n - 1];
      p += n;
      continue;
    }
    if (type <= ETHERTYPE_MAX_LENGTH) {
      if (p + 8 <= end && buf[p] === 0xaa && buf[p + 1] === 0xaa && buf[p + 2] === 0x03) {
        type = (buf[p + 6] << 8) | buf[p + 7];
        p += 8;
        continue;
      }
      info.llc = true;
      return;
    }
    info.ethertype = type;
    info.netOff = p;
    return;
  }
}

/** Re-reads the link header of `frame` for MAC addresses and the EtherType (cold path). */
function readLink(linktype: number, buf: Uint8Array, off: number, end: number, depth = 0): LinkInfo {
  const info: LinkInfo = { src: '', dst: '', ethertype: -1, llc: false, netOff: -1 };
  switch (linktype) {
    case LT_ETHERNET:
      if (off + 14 <= end) {
        info.dst = formatMac(buf, off);
        info.src = formatMac(buf, off + 6);
        followEthertype(info, buf, (buf[off + 12] << 8) | buf[off + 13], off + 14, end);
      }
      break;
    case LT_LINUX_SLL:
      if (off + 16 <= end) {
        if (((buf[off + 4] << 8) | buf[off + 5]) === 6) info.src = formatMac(buf, off + 6);
        const proto = (buf[off + 14] << 8) | buf[off + 15];
        if (proto > ETHERTYPE_MAX_LENGTH) followEthertype(info, buf, proto, off + 16, end);
        else if (proto === 4) info.llc = true;
      }
      break;
    case LT_LINUX_SLL2:
      if (off + 20 <= end) {
        if (buf[off + 11] === 6) info.src = formatMac(buf, off + 12);
        const proto = (buf[off] << 8) | buf[off + 1];
        if (proto > ETHERTYPE_MAX_LENGTH) followEthertype(info, buf, proto, off + 20, end);
        else if (proto === 4) info.llc = true;
      }
      break;
    case LT_FDDI:
      if (off + 13 <= end) {
        info.dst = formatMac(buf, off + 1);
        info.src = formatMac(buf, off + 7);
        if ((buf[off] & 0x70) === 0x50) followEthertype(info, buf, 0, off + 13, end);
      }
      break;
    case LT_IEEE802_11_RADIOTAP:
      if (off + 8 <= end) {
        const len = buf[off + 2] | (buf[off + 3] << 8);
        if (len >= 8) return readLink(LT_IEEE802_11, buf, off + len, end, depth);
      }
      break;
    case LT_IEEE802_11:
      if (off + 16 <= end) {
        info.dst = formatMac(buf, off + 4);
        info.src = formatMac(buf, off + 10);
      }
      break;
    case LT_IPOIB:
      if (off + 44 <= end) followEthertype(info, buf, (buf[off + 40] << 8) | buf[off + 41], off + 44, end);
      break;
    case LT_PKTAP:
      if (off + 8 <= end && depth < 2) {
        const hdr = buf[off] | (buf[off + 1] << 8) | (buf[off + 2] << 16);
        const dlt = buf[off + 4] | (buf[off + 5] << 8) | (buf[off + 6] << 16);
        if (hdr >= 8) return readLink(dlt, buf, off + hdr, end, depth + 1);
      }
      break;
    default:
      break;
  }
  return info;
}

const TCP_FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'AE'] as const;

/** TCP flags as "SYN, ACK" (tcpdump/tshark long names, FIN first; reserved bits as "Reserved"). */
export function tcpFlagsText(flags: number): string {
  const names: string[] = [];
  for (let i = 0; i < TCP_FLAG_NAMES.length; i++) if ((flags & (1 << i)) !== 0) names.push(TCP_FLAG_NAMES[i]);
  if ((flags & 0xe00) !== 0) names.push('Reserved');
  return names.join(', ');
}

const ICMP_TYPES: ReadonlyMap<number, string> = new Map<number, string>([
  [0, 'Echo reply'], [3, 'Destination unreachable'], [4, 'Source quench'], [5, 'Redirect'],
  [8, 'Echo request'], [9, 'Router advertisement'], [10, 'Router solicitation'],
  [11, 'Time exceeded'], [12, 'Parameter problem'], [13, 'Timestamp request'],
  [14, 'Timestamp reply'], [15, 'Information request'], [16, 'Information reply'],
  [17, 'Address mask request'], [18, 'Address mask reply'],
]);
const ICMP_UNREACH_CODES = [
  'Network unreachable', 'Host unreachable', 'Protocol unreachable', 'Port unreachable',
  'Fragmentation needed', 'Source route failed', 'Destination network unknown',
  'Destination host unknown', 'Source host isolated', 'Network administratively prohibited',
  'Host administratively prohibited', 'Network unreachable for TOS', 'Host unreachable for TOS',
  'Communication administratively filtered', 'Host precedence violation', 'Precedence cutoff in effect',
] as const;
const ICMPV6_TYPES: ReadonlyMap<number, string> = new Map<number, string>([
  [1, 'Destination Unreachable'], [2, 'Packet Too Big'], [3, 'Time Exceeded'], [4, 'Parameter Problem'],
  [128, 'Echo (ping) request'], [129, 'Echo (ping) reply'], [130, 'Multicast Listener Query'],
  [131, 'Multicast Listener Report'], [132, 'Multicast Listener Done'], [133, 'Router Solicitation'],
  [134, 'Router Advertisement'], [135, 'Neighbor Solicitation'], [136, 'Neighbor Advertisement'],
  [137, 'Redirect'], [143, 'Multicast Listener Report Message v2'],
]);

/** ICMP (RFC 792) info text, e.g. "Echo request id=0x0001, seq=7" or "Destination unreachable (Port unreachable)". */
function icmpInfo(p: DecodedPacket, buf: Uint8Array, end: number): string {
  const name = ICMP_TYPES.get(p.icmpType) ?? `Type ${p.icmpType}`;
  if ((p.icmpType === 0 || p.icmpType === 8) && p.l4Off + 8 <= end) {
    const id = (buf[p.l4Off + 4] << 8) | buf[p.l4Off + 5];
    const seq = (buf[p.l4Off + 6] << 8) | buf[p.l4Off + 7];
    return `${name} id=0x${hex4(id)}, seq=${seq}`;
  }
  if (p.icmpType === 3) return `${name} (${ICMP_UNREACH_CODES[p.icmpCode] ?? `code ${p.icmpCode}`})`;
  if (p.icmpType === 11) return `${name} (${p.icmpCode === 0 ? 'TTL exceeded in transit' : p.icmpCode === 1 ? 'Fragment reassembly time exceeded' : `code ${p.icmpCode}`})`;
  return p.icmpCode !== 0 ? `${name} (code ${p.icmpCode})` : name;
}

/** ICMPv6 (RFC 4443, RFC 4861) info text, e.g. "Neighbor Solicitation for fe80::1". */
function icmpv6Info(p: DecodedPacket, buf: Uint8Array, end: number): string {
  const name = ICMPV6_TYPES.get(p.icmpType) ?? `Type ${p.icmpType}`;
  if ((p.icmpType === 128 || p.icmpType === 129) && p.l4Off + 8 <= end) {
    const id = (buf[p.l4Off + 4] << 8) | buf[p.l4Off + 5];
    const seq = (buf[p.l4Off + 6] << 8) | buf[p.l4Off + 7];
    return `${name} id=0x${hex4(id)}, seq=${seq}`;
  }
  if ((p.icmpType === 135 || p.icmpType === 136) && p.l4Off + 24 <= end) {
    return `${name} ${p.icmpType === 135 ? 'for ' : ''}${formatIpv6(buf, p.l4Off + 8)}`;
  }
  return p.icmpCode !== 0 ? `${name} (code ${p.icmpCode})` : name;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** Hardware address of `n` bytes: MAC form for 6, else colon-separated hex. */
function formatHw(buf: Uint8Array, off: number, n: number): string {
  if (n === 6) return formatMac(buf, off);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(buf[off + i].toString(16).padStart(2, '0'));
  return parts.join(':');
}

/** ARP/RARP (RFC 826, RFC 903) info for IPv4 protocol addresses (any hardware length): who-has / is-at. */
function arpInfo(p: DecodedPacket, buf: Uint8Array, netOff: number, end: number): string {
  if (netOff >= 0 && netOff + 8 <= end && buf[netOff + 5] === 4) {
    const hlen = buf[netOff + 4];
    const sha = netOff + 8;
    const spa = sha + hlen;
    const tha = spa + 4;
    const tpa = tha + hlen;
    if (tpa + 4 <= end) {
      const sIp = formatIpv4(readU32(buf, spa));
      const tIp = formatIpv4(readU32(buf, tpa));
      if (p.arpOp === 1) return sIp === tIp ? `Gratuitous ARP for ${sIp} (Request)` : `Who has ${tIp}? Tell ${sIp}`;
      if (p.arpOp === 2) return `${sIp} is at ${formatHw(buf, sha, hlen)}`;
      // RARP: the target hardware address asks for its protocol address.
      if (p.arpOp === 3) return `Who is ${formatHw(buf, tha, hlen)}? Tell ${formatHw(buf, sha, hlen)}`;
      if (p.arpOp === 4) return `${formatHw(buf, tha, hlen)} is at ${tIp}`;
    }
  }
  if (p.arpOp === 1) return 'Request';
  if (p.arpOp === 2) return 'Reply';
  return p.arpOp >= 0 ? `Opcode ${p.arpOp}` : '';
}

function readU32(buf: Uint8Array, off: number): number {
  return ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0;
}

/**
 * DNS-family name for the proto column when tshark would hand this UDP payload to DNS, mDNS or
 * LLMNR (its port choice, ports.ts), else ''.
 */
function udpDnsApp(buf: Uint8Array, payOff: number, payEnd: number, sport: number, dport: number): string {
  switch (udpAppForPayload(buf, payOff, payEnd, sport, dport)) {
    case APP_DNS:
      return 'DNS';
    case APP_MDNS:
      return 'MDNS';
    case APP_LLMNR:
      return 'LLMNR';
    default:
      return '';
  }
}

/** End of the UDP payload at `l4Off` (trimmed to the UDP length and the IP datagram), or -1 when there is none. */
function udpPayloadEnd(p: DecodedPacket, buf: Uint8Array, end: number): number {
  if (p.l4Off < 0 || p.l4Off + 8 > end) return -1;
  const ipEnd = ipDatagramEnd(buf, p.ipOff, p.ipVersion, end);
  const ulen = (buf[p.l4Off + 4] << 8) | buf[p.l4Off + 5];
  if (ulen === 0 && p.ipVersion === 6) return ipEnd;
  if (ulen < 8) return -1;
  return p.l4Off + ulen < ipEnd ? p.l4Off + ulen : ipEnd;
}

/** "Standard query 0x1234 A example.com" / "Standard query response 0x1234 A example.com" (tshark's wording). */
function dnsInfo(buf: Uint8Array, off: number, end: number): string {
  const h = parseDnsHeadline(buf, off, end);
  if (h === null) return '';
  let s = h.opcode === 0 ? 'Standard query' : `Opcode ${h.opcode}`;
  if (h.response) s += ' response';
  s += ` 0x${hex4(h.id)}`;
  if (h.response && h.rcode === 3) s += ' No such name';
  else if (h.response && h.rcode !== 0) s += ` rcode ${h.rcode}`;
  if (h.qtype >= 0) s += ` ${dnsTypeName(h.qtype)}`;
  if (h.qname !== '') s += ` ${h.qname}`;
  return s;
}

/** Describes an IP packet tunnelled at `buf[off, end)` (IP-in-IP, 6in4, GRE payload): "inner a → b PROTO". */
function innerIpText(buf: Uint8Array, off: number, end: number, version: number): string {
  const inner = newDecodedPacket();
  if (version === 4) decodeIpv4(buf, off, end, inner);
  else decodeIpv6(buf, off, end, inner);
  if (inner.ipVersion === 0) return '';
  const a = inner.ipVersion === 4 ? formatIpv4(inner.src4) : formatIpv6(buf, inner.src6Off);
  const b = inner.ipVersion === 4 ? formatIpv4(inner.dst4) : formatIpv6(buf, inner.dst6Off);
  const name = ipProtoName(inner.ipProto) || `proto ${inner.ipProto}`;
  const ports = inner.srcPort >= 0 ? ` ${inner.srcPort} → ${inner.dstPort}` : '';
  return `inner ${a} → ${b} ${name}${ports}`;
}

/** Info for IP protocols we do not decode for counting (tunnels shown one level deep). */
function otherIpInfo(p: DecodedPacket, buf: Uint8Array, end: number): string {
  const name = ipProtoName(p.ipProto);
  let s = name !== '' ? `${name} (${p.ipProto})` : p.ipProto >= 0 ? `IP protocol ${p.ipProto}` : 'IP protocol unknown';
  if (p.l4Off < 0 || p.l4Off >= end) return s;
  let inner = '';
  if (p.ipProto === 4) inner = innerIpText(buf, p.l4Off, end, 4);
  else if (p.ipProto === 41) inner = innerIpText(buf, p.l4Off, end, 6);
  else if (p.ipProto === 47 && p.l4Off + 4 <= end) {
    // GRE (RFC 2784/2890): flags C, K, S add 4 bytes each; version 0 only.
    const f = buf[p.l4Off];
    const gproto = (buf[p.l4Off + 2] << 8) | buf[p.l4Off + 3];
    const hdr = 4 + ((f & 0x80) !== 0 ? 4 : 0) + ((f & 0x20) !== 0 ? 4 : 0) + ((f & 0x10) !== 0 ? 4 : 0);
    s += ` ${ethertypeName(gproto)}`;
    if ((buf[p.l4Off + 1] & 7) === 0 && (gproto === ETHERTYPE_IPV4 || gproto === ETHERTYPE_IPV6)) {
      inner = innerIpText(buf, p.l4Off + hdr, end, gproto === ETHERTYPE_IPV4 ? 4 : 6);
    }
  }
  return inner !== '' ? `${s} ${inner}` : s;
}

/** Fragment note: "Fragment (proto=UDP 17, off=1480, ID=0x1c46)" for IPv4, like tshark. */
function fragmentInfo(p: DecodedPacket, buf: Uint8Array, end: number): string {
  const name = ipProtoName(p.ipProto) || 'unknown';
  if (p.ipVersion === 4 && p.ipOff + 8 <= end) {
    const offBytes = (((buf[p.ipOff + 6] << 8) | buf[p.ipOff + 7]) & 0x1fff) * 8;
    const id = (buf[p.ipOff + 4] << 8) | buf[p.ipOff + 5];
    return `Fragment (proto=${name} ${p.ipProto}, off=${offBytes}, ID=0x${hex4(id)})`;
  }
  return `Fragment (proto=${name} ${p.ipProto})`;
}

/** What an Unsupported frame stopped at, for the "[unsupported …]" suffix. */
function unsupportedWhat(linktype: number, link: LinkInfo, buf: Uint8Array, off: number, end: number): string {
  if (!isLinktypeSupported(linktype)) return `linktype ${linktype}`;
  if ((linktype === LT_NULL || linktype === LT_LOOP) && off + 4 <= end) {
    let af = buf[off] | (buf[off + 1] << 8) | (buf[off + 2] << 16) | (buf[off + 3] << 24);
    if ((af & 0xffff0000) !== 0) af = ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0;
    return `address family ${af}`;
  }
  if ((linktype === LT_PPP || linktype === LT_PPP_HDLC) && off + 2 <= end) {
    let p = off;
    if (buf[p] === 0xff && buf[p + 1] === 0x03) p += 2;
    if (p < end) return `PPP protocol 0x${hex4((buf[p] & 1) !== 0 ? buf[p] : p + 2 <= end ? (buf[p] << 8) | buf[p + 1] : buf[p] << 8)}`;
  }
  if (linktype === LT_NFLOG && off < end) return `NFLOG family ${buf[off]}`;
  if (link.ethertype === ETHERTYPE_PPPOE_SESS && link.netOff + 8 <= end) return `PPP protocol 0x${hex4((buf[link.netOff + 6] << 8) | buf[link.netOff + 7])}`;
  if (link.ethertype === ETHERTYPE_MPLS || link.ethertype === ETHERTYPE_MPLS_MULTI) return 'MPLS payload';
  if ((linktype === LT_LINUX_SLL || linktype === LT_LINUX_SLL2) && link.ethertype < 0 && !link.llc) {
    const proto = linktype === LT_LINUX_SLL ? (off + 16 <= end ? (buf[off + 14] << 8) | buf[off + 15] : -1) : off + 2 <= end ? (buf[off] << 8) | buf[off + 1] : -1;
    if (proto >= 0) return `SLL protocol 0x${hex4(proto)}`;
  }
  if (link.ethertype >= 0) return `ethertype 0x${hex4(link.ethertype)}`;
  return linktypeName(linktype);
}

/** Proto column when no EtherType is known: the IP version for IP-only link types, else the link type name. */
function linkOnlyProto(linktype: number, buf: Uint8Array, off: number, end: number): string {
  if (linktype === LT_IPV4) return 'IPv4';
  if (linktype === LT_IPV6) return 'IPv6';
  if (linktype === LT_RAW || linktype === LT_RAW_12 || linktype === LT_RAW_14) {
    const v = off < end ? buf[off] >> 4 : 0;
    return v === 4 ? 'IPv4' : v === 6 ? 'IPv6' : 'IP';
  }
  return linktypeName(linktype);
}

/**
 * Summarizes one frame for the packet list and golden tests (cold path; allocates freely).
 *
 * - `src`/`dst`: outermost IP addresses as tshark -n prints them (dotted quad, RFC 5952); for
 *   non-IP frames the link-layer MAC addresses ("aa:bb:cc:dd:ee:ff"), or "" when the link type
 *   has none (raw IP, loopback, SLL destination).
 * - `proto`: TCP, UDP, DNS/MDNS/LLMNR (by UDP port), ICMP, ICMPv6, ARP, LLC, another IP protocol
 *   name (GRE, ESP, IPv6 for 6in4 …), IPv4/IPv6 when the header itself is broken, the EtherType
 *   as "0x88cc" when unsupported, or the link type name when nothing was decoded.
 * - `info`: "sport → dport [SYN, ACK]", ICMP/ICMPv6 type names, ARP who-has/is-at, DNS query text,
 *   fragment notes, tunnel inner addresses; then " [truncated]", " [malformed]" or
 *   " [unsupported linktype N]" / " [unsupported ethertype 0xNNNN]" / " [unsupported address family N]"
 *   / " [unsupported PPP protocol 0xNNNN]" …
 * Never throws for any bytes. Source: decodePacket (same rules), tshark -n column conventions.
 */
export function summarizePacket(frame: Frame): PacketSummary {
  const p = newDecodedPacket();
  decodePacket(frame, p);
  const buf = frame.buf;
  const off = frame.off >= 0 ? frame.off : 0;
  const end = Math.max(off, Math.min(off + Math.max(0, frame.caplen | 0), buf.length));
  const link = readLink(frame.linktype, buf, off, end);
  let src = link.src;
  let dst = link.dst;
  let proto = '';
  let info = '';
  if (p.ipVersion === 4) {
    src = formatIpv4(p.src4);
    dst = formatIpv4(p.dst4);
  } else if (p.ipVersion === 6) {
    src = formatIpv6(buf, p.src6Off);
    dst = formatIpv6(buf, p.dst6Off);
  }
  const nonFirstFragment = p.fragment && p.ipVersion !== 0 && p.l4Off < 0 && p.ipProto >= 0 && p.status !== PacketStatus.Truncated && p.status !== PacketStatus.Malformed;
  switch (p.transport) {
    case TransportClass.Tcp:
      proto = 'TCP';
      if (p.srcPort >= 0) {
        info = `${p.srcPort} → ${p.dstPort}`;
        if (p.tcpFlags >= 0) info += ` [${tcpFlagsText(p.tcpFlags)}]`;
      }
      break;
    case TransportClass.Udp: {
      proto = 'UDP';
      if (p.srcPort >= 0) {
        info = `${p.srcPort} → ${p.dstPort}`;
        const payEnd = udpPayloadEnd(p, buf, end);
        const app = payEnd > p.l4Off + 8 ? udpDnsApp(buf, p.l4Off + 8, payEnd, p.srcPort, p.dstPort) : '';
        if (app !== '' && p.status === PacketStatus.Ok) {
          const dns = dnsInfo(buf, p.l4Off + 8, payEnd);
          if (dns !== '') {
            proto = app;
            info = dns;
          }
        }
      }
      break;
    }
    case TransportClass.Icmp:
      proto = 'ICMP';
      if (p.icmpType >= 0) info = icmpInfo(p, buf, end);
      break;
    case TransportClass.Icmpv6:
      proto = 'ICMPv6';
      if (p.icmpType >= 0) info = icmpv6Info(p, buf, end);
      break;
    case TransportClass.Arp:
      proto = link.ethertype === ETHERTYPE_RARP ? 'RARP' : 'ARP';
      info = arpInfo(p, buf, link.netOff, end);
      break;
    default:
      if (p.ipVersion !== 0) {
        proto = ipProtoName(p.ipProto) || (p.ipVersion === 4 ? 'IPv4' : 'IPv6');
        if (!nonFirstFragment) info = otherIpInfo(p, buf, end);
      } else if (link.llc) {
        proto = 'LLC';
      } else if (link.ethertype >= 0) {
        proto = ethertypeName(link.ethertype);
      } else {
        proto = linkOnlyProto(frame.linktype, buf, off, end);
      }
  }
  if (nonFirstFragment) info = fragmentInfo(p, buf, end);
  else if (p.fragment) info += info !== '' ? ' [fragment]' : 'Fragment';
  let suffix = '';
  if (p.status === PacketStatus.Truncated) suffix = '[truncated]';
  else if (p.status === PacketStatus.Malformed) suffix = '[malformed]';
  else if (p.status === PacketStatus.Unsupported) {
    suffix = `[unsupported ${unsupportedWhat(frame.linktype, link, buf, off, end)}]`;
  }
  if (suffix !== '') info = info !== '' ? `${info} ${suffix}` : suffix;
  return { src, dst, proto, info };
}
