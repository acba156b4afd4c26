/**
 * The first DNS query name of a frame as tshark 4.0.17 reports `dns.qry.name` (ORACLE.md
 * `dns_qry_name`): DNS/mDNS/LLMNR over UDP, DNS over TCP (RFC 1035 §4.2.2 length prefix), and DNS
 * inside the UDP tunnels tshark follows by port (Teredo, VXLAN, VXLAN-GPE, Geneve, GTP-U, L2TPv2,
 * GRE-in-UDP, MPLS-in-UDP, LISP), through inner Ethernet/VLAN/MPLS/PPPoE/GRE/IP-in-IP/6in4 and
 * the datagrams quoted by inner ICMP errors. Hot path: called for every TCP/UDP packet, so the
 * port test comes first and nothing is allocated unless a name is found.
 */
import type { Frame } from '../capture/frame.js';
import type { DecodedPacket } from './packet.js';
import { newDecodedPacket, TransportClass } from './packet.js';
import { DNS_HEADER_BYTES, readDnsName, readDnsNameText } from './dns.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import {
  APP_DNS,
  APP_GENEVE,
  APP_GRE_UDP,
  APP_GTP,
  APP_L2TP,
  APP_LISP,
  APP_MPLS_UDP,
  APP_TEREDO,
  APP_VXLAN,
  APP_VXLAN_GPE,
  isDnsApp,
  tcpApp,
  TCP_DNS_PORTS,
  udpApp,
  udpAppForPayload,
  UDP_FOLLOWED_PORTS,
} from './ports.js';
import {
  geneveHeaderBytes,
  GPE_ETHERNET,
  GPE_IPV4,
  GPE_IPV6,
  GPE_MPLS,
  greHeaderBytes,
  gtpPayloadOffset,
  ipDatagramEnd,
  isIcmpErrorType,
  isIcmpv6ErrorType,
  l2tpPppOffset,
  mplsPayloadOffset,
  pppProtocolAt,
  teredoPayloadOffset,
} from './tunnel.js';

/**
 * The per-packet port tests as 8 KiB bitsets (bit `port & 31` of word `port >>> 5`), built once
 * from ports.ts: UDP ports udpPortFollowed() accepts, and TCP ports registered for DNS (tcpApp() can
 * only give APP_DNS when one of the two ports is). The 64 KiB tables of ports.ts miss the L1 cache
 * on the random client port of nearly every packet; these do not.
 */
const UDP_FOLLOWED_BITS = new Int32Array(2048);
const TCP_DNS_BITS = new Int32Array(2048);
for (const port of UDP_FOLLOWED_PORTS) UDP_FOLLOWED_BITS[port >>> 5] |= 1 << (port & 31);
for (const port of TCP_DNS_PORTS) TCP_DNS_BITS[port >>> 5] |= 1 << (port & 31);

/** udpPortFollowed(port), from the bitset (port 0..65535). */
export function udpFollowedPort(port: number): boolean {
  return ((UDP_FOLLOWED_BITS[port >>> 5] >>> (port & 31)) & 1) !== 0;
}

/** True when TCP `port` (0..65535) is registered for DNS: tcpApp(a, b) is APP_DNS only if a or b is. */
export function tcpDnsPort(port: number): boolean {
  return ((TCP_DNS_BITS[port >>> 5] >>> (port & 31)) & 1) !== 0;
}

/** Encapsulation levels followed below the outer transport before giving up (adversarial nesting). */
const MAX_TUNNEL_DEPTH = 8;
/** IP protocol numbers and EtherTypes the walker dispatches on. */
const PROTO_ICMP = 1;
const PROTO_IPIP = 4;
const PROTO_TCP = 6;
const PROTO_UDP = 17;
const PROTO_IPV6 = 41;
const PROTO_GRE = 47;
const PROTO_ICMPV6 = 58;
const ET_IPV4 = 0x0800;
const ET_IPV6 = 0x86dd;
const ET_TEB = 0x6558;
const ET_MPLS = 0x8847;
const ET_MPLS_MC = 0x8848;
const ET_PPPOE = 0x8864;
const ET_PPP = 0x880b;

/**
 * Occurrences of `dns.qry.name` met so far in this frame, and the first one's text. The oracle
 * keeps tshark's first occurrence; an empty first name ("", possible only with a bitstring label
 * behind a pointer) reads as "no name" unless another occurrence follows (tshark then prints ",x").
 */
let found = 0;
let firstName = '';
/** Reused for the inner IP headers of tunnels (decodeIpv4/decodeIpv6 fill it). */
const inner: DecodedPacket = newDecodedPacket();

/** True once the answer can no longer change. */
function settled(): boolean {
  return found >= 2 || (found === 1 && firstName !== '');
}

/** Records one `dns.qry.name` occurrence (the text is built only for the first). */
function noteName(): void {
  if (found === 0) firstName = readDnsNameText();
  found++;
}

/**
 * Walks the questions of the DNS message at `buf[off, end)` as tshark's dissect_dns_common does:
 * a 12-byte header, then QDCOUNT questions (name, type, class); the first read past `end` stops.
 */
function scanDnsMessage(buf: Uint8Array, off: number, end: number): void {
  if (off + DNS_HEADER_BYTES > end) return;
  const qdcount = (buf[off + 4] << 8) | buf[off + 5];
  let p = off + DNS_HEADER_BYTES;
  for (let i = 0; i < qdcount && !settled(); i++) {
    const len = readDnsName(buf, p, off, end);
    if (len < 0 || p + len + 4 > end) return;
    noteName();
    p += len + 4;
  }
}

/**
 * DNS over TCP (tcp_dissect_pdus with desegmentation off): every segment on the DNS port is read as
 * starting with a 2-byte length; each message is parsed within min(captured end, its length), and
 * the loop goes on to the next length word until the segment ends.
 */
function scanDnsTcp(buf: Uint8Array, p: number, end: number): void {
  while (p < end && !settled()) {
    if (p + 2 > end) return;
    const pduEnd = p + 2 + ((buf[p] << 8) | buf[p + 1]);
    scanDnsMessage(buf, p + 2, pduEnd < end ? pduEnd : end);
    p = pduEnd;
  }
}

/** TCP header at `l4` (ports already known): DNS when tshark would pick it, not for RST or a bogus data offset. */
function scanTcp(buf: Uint8Array, l4: number, end: number, sport: number, dport: number): void {
  if (tcpApp(sport, dport) !== APP_DNS || l4 + 20 > end) return;
  const hdrBytes = (buf[l4 + 12] >> 4) * 4;
  // tshark gives an RST's payload to no subdissector (it is the "reset cause" text).
  if (hdrBytes < 20 || (buf[l4 + 13] & 0x04) !== 0) return;
  scanDnsTcp(buf, l4 + hdrBytes, end);
}

/** UDP header at `l4`, datagram end `ipEnd`: trims to the UDP length (0 = jumbogram) and dispatches. */
function scanUdp(buf: Uint8Array, l4: number, ipEnd: number, version: number, depth: number): void {
  if (l4 + 8 > ipEnd) return;
  const ulen = (buf[l4 + 4] << 8) | buf[l4 + 5];
  let end = ipEnd;
  if (ulen < 8) {
    if (!(ulen === 0 && version === 6)) return;
  } else if (l4 + ulen < end) {
    end = l4 + ulen;
  }
  scanUdpPayload(buf, l4 + 8, end, (buf[l4] << 8) | buf[l4 + 1], (buf[l4 + 2] << 8) | buf[l4 + 3], depth);
}

/** The UDP payload `buf[off, end)` between ports `sport` and `dport`, by tshark's port choice. */
function scanUdpPayload(buf: Uint8Array, off: number, end: number, sport: number, dport: number, depth: number): void {
  if (off >= end) return;
  const app = udpAppForPayload(buf, off, end, sport, dport);
  if (isDnsApp(app)) {
    scanDnsMessage(buf, off, end);
    return;
  }
  if (depth >= MAX_TUNNEL_DEPTH) return;
  switch (app) {
    case APP_TEREDO: {
      const p = teredoPayloadOffset(buf, off, end);
      if (p >= 0 && buf[p] >> 4 === 6) scanIp(buf, p, end, depth + 1);
      return;
    }
    case APP_VXLAN:
      scanEthernet(buf, off + 8, end, depth + 1);
      return;
    case APP_VXLAN_GPE: {
      if (off + 8 > end) return;
      const next = buf[off + 3];
      if (next === GPE_IPV4 || next === GPE_IPV6) scanIp(buf, off + 8, end, depth + 1);
      else if (next === GPE_ETHERNET) scanEthernet(buf, off + 8, end, depth + 1);
      else if (next === GPE_MPLS) scanMpls(buf, off + 8, end, depth + 1);
      return;
    }
    case APP_GENEVE: {
      const n = geneveHeaderBytes(buf, off, end);
      if (n >= 0) scanEthertype((buf[off + 2] << 8) | buf[off + 3], buf, off + n, end, depth + 1);
      return;
    }
    case APP_GTP: {
      const p = gtpPayloadOffset(buf, off, end);
      if (p >= 0) scanIp(buf, p, end, depth + 1);
      return;
    }
    case APP_L2TP: {
      const p = l2tpPppOffset(buf, off, end);
      if (p >= 0) scanPpp(buf, p, end, depth + 1);
      return;
    }
    case APP_GRE_UDP:
      scanGre(buf, off, end, depth + 1);
      return;
    case APP_MPLS_UDP:
      scanMpls(buf, off, end, depth + 1);
      return;
    case APP_LISP:
      if (off + 8 < end) scanIp(buf, off + 8, end, depth + 1);
      return;
    default:
      return;
  }
}

/**
 * An IP packet inside a tunnel (or quoted by an ICMP error) at `buf[off, end)`, version by its first
 * nibble. Uses the ordinary decoders on a scratch DecodedPacket for the header and extension chain.
 */
function scanIp(buf: Uint8Array, off: number, end: number, depth: number): void {
  if (off >= end || depth > MAX_TUNNEL_DEPTH) return;
  const version = buf[off] >> 4;
  inner.ipVersion = 0;
  inner.ipProto = -1;
  inner.l4Off = -1;
  inner.srcPort = -1;
  inner.dstPort = -1;
  inner.fragment = false;
  if (version === 4) decodeIpv4(buf, off, end, inner);
  else if (version === 6) decodeIpv6(buf, off, end, inner);
  else return;
  if (inner.ipVersion === 0 || inner.l4Off < 0) return;
  const l4 = inner.l4Off;
  const proto = inner.ipProto;
  const sport = inner.srcPort;
  const dport = inner.dstPort;
  const ipEnd = ipDatagramEnd(buf, off, version, end);
  switch (proto) {
    case PROTO_UDP:
      scanUdp(buf, l4, ipEnd, version, depth);
      return;
    case PROTO_TCP:
      if (sport >= 0) scanTcp(buf, l4, ipEnd, sport, dport);
      return;
    case PROTO_IPIP:
    case PROTO_IPV6:
      scanIp(buf, l4, ipEnd, depth + 1);
      return;
    case PROTO_GRE:
      scanGre(buf, l4, ipEnd, depth + 1);
      return;
    case PROTO_ICMP:
      if (l4 + 8 < ipEnd && isIcmpErrorType(buf[l4])) scanIp(buf, l4 + 8, ipEnd, depth + 1);
      return;
    case PROTO_ICMPV6:
      if (l4 + 8 < ipEnd && isIcmpv6ErrorType(buf[l4])) scanIp(buf, l4 + 8, ipEnd, depth + 1);
      return;
    default:
      return;
  }
}

/** GRE (versions 0 and 1) at `buf[off, end)` and its payload by protocol type. */
function scanGre(buf: Uint8Array, off: number, end: number, depth: number): void {
  if (depth > MAX_TUNNEL_DEPTH) return;
  const n = greHeaderBytes(buf, off, end);
  if (n < 0) return;
  const proto = (buf[off + 2] << 8) | buf[off + 3];
  if (proto === ET_PPP) scanPpp(buf, off + n, end, depth + 1);
  else scanEthertype(proto, buf, off + n, end, depth + 1);
}

/** An Ethernet II / 802.3 frame inside a tunnel at `buf[off, end)` (no FCS assumed). */
function scanEthernet(buf: Uint8Array, off: number, end: number, depth: number): void {
  if (off + 14 > end) return;
  scanEthertype((buf[off + 12] << 8) | buf[off + 13], buf, off + 14, end, depth);
}

/** Dispatches an EtherType inside a tunnel: tags, LLC/SNAP, IP, MPLS, PPPoE session, bridged Ethernet. */
function scanEthertype(type: number, buf: Uint8Array, p: number, end: number, depth: number): void {
  for (let guard = 0; guard < 16; guard++) {
    if (type === 0x8100 || type === 0x88a8 || type === 0x9100 || type === 0x8926) {
      const n = type === 0x8926 ? 6 : 4;
      if (p + n > end) return;
      type = (buf[p + n - 2] << 8) | buf[p + n - 1];
      p += n;
      continue;
    }
    if (type <= 1500) {
      if (p + 8 > end || buf[p] !== 0xaa || buf[p + 1] !== 0xaa || buf[p + 2] !== 0x03) return;
      type = (buf[p + 6] << 8) | buf[p + 7];
      p += 8;
      continue;
    }
    break;
  }
  if (depth > MAX_TUNNEL_DEPTH) return;
  switch (type) {
    case ET_IPV4:
      if (p < end && buf[p] >> 4 === 4) scanIp(buf, p, end, depth);
      return;
    case ET_IPV6:
      if (p < end && buf[p] >> 4 === 6) scanIp(buf, p, end, depth);
      return;
    case ET_MPLS:
    case ET_MPLS_MC:
      scanMpls(buf, p, end, depth + 1);
      return;
    case ET_TEB:
      scanEthernet(buf, p, end, depth + 1);
      return;
    case ET_PPPOE: {
      if (p + 6 > end) return;
      const len = (buf[p + 4] << 8) | buf[p + 5];
      const pppEnd = p + 6 + len < end ? p + 6 + len : end;
      scanPpp(buf, p + 6, pppEnd, depth + 1);
      return;
    }
    default:
      return;
  }
}

/** MPLS label stack, then IPv4/IPv6 by the first nibble (RFC 3032 leaves the payload implicit). */
function scanMpls(buf: Uint8Array, off: number, end: number, depth: number): void {
  const p = mplsPayloadOffset(buf, off, end);
  if (p >= 0 && p < end) {
    const v = buf[p] >> 4;
    if (v === 4 || v === 6) scanIp(buf, p, end, depth);
  }
}

/** A PPP frame: IPv4 (0x0021) and IPv6 (0x0057) are followed. */
function scanPpp(buf: Uint8Array, off: number, end: number, depth: number): void {
  const r = pppProtocolAt(buf, off, end);
  if (r < 0) return;
  const proto = r >> 4;
  const p = off + (r & 15);
  if (proto === 0x0021 && p < end && buf[p] >> 4 === 4) scanIp(buf, p, end, depth);
  else if (proto === 0x0057 && p < end && buf[p] >> 4 === 6) scanIp(buf, p, end, depth);
}

/**
 * The first DNS query name tshark 4.0.17 would report for this frame (`dns.qry.name`, ORACLE.md
 * `dns_qry_name`), given `pkt` as decodePacket filled it for the same frame.
 *
 * - Only TCP/UDP frames (ORACLE.md transport tcp/udp, by the outer IP protocol); null otherwise.
 * - UDP: the port tshark picks (lower port first, see ports.ts) must be DNS 53, mDNS 5353, LLMNR
 *   5355, or a followed tunnel (Teredo 3544, VXLAN 4789, VXLAN-GPE 4790, Geneve 6081, GTP 2152/2123,
 *   L2TP 1701, GRE-in-UDP 4754, MPLS-in-UDP 6635, LISP 4341) carrying DNS further in. The payload
 *   is trimmed to the UDP length; a length below 8 ends it.
 * - TCP: port 53 or 5353 (tshark registers DNS on both); each segment is read as starting with the
 *   2-byte length prefix (RFC 1035 §4.2.2), message after message. RST segments are skipped.
 *   Not modelled: tshark's TCP sequence analysis, which skips retransmitted segments.
 * - The name is tshark's text: `<Root>`, `<Name too long>`, `<Name contains a pointer that loops>`,
 *   `<Unknown extended label>`, escapes for unprintable bytes (readDnsName, formatTextTshark);
 *   null when the question is malformed or cut short (tshark then has no `dns.qry.name`).
 *
 * Cost: a few integer compares for non-DNS frames; allocation only for the returned name (and
 * tunnelled headers decode into a module scratch object). Bounded work; never throws.
 */
export function dnsQueryName(frame: Frame, pkt: DecodedPacket): string | null {
  const transport = pkt.transport;
  const sport = pkt.srcPort;
  const dport = pkt.dstPort;
  if (sport < 0 || pkt.l4Off < 0 || pkt.ipOff < 0) return null;
  if (transport === TransportClass.Udp) {
    if (!udpFollowedPort(sport) && !udpFollowedPort(dport)) return null;
    if (udpApp(sport, dport) < APP_DNS) return null;
  } else if (transport === TransportClass.Tcp) {
    if ((!tcpDnsPort(sport) && !tcpDnsPort(dport)) || tcpApp(sport, dport) !== APP_DNS) return null;
  } else {
    return null;
  }
  return scanFrame(frame, pkt);
}

/** dnsQueryName past its port tests (kept apart so the tests every packet pays can be inlined). */
function scanFrame(frame: Frame, pkt: DecodedPacket): string | null {
  const transport = pkt.transport;
  const buf = frame.buf;
  const off = frame.off;
  if (!(off >= 0 && off <= buf.length && frame.caplen >= 0)) return null;
  const end = off + frame.caplen < buf.length ? off + frame.caplen : buf.length;
  if (pkt.l4Off >= end) return null;
  const ipEnd = ipDatagramEnd(buf, pkt.ipOff, pkt.ipVersion, end);
  found = 0;
  firstName = '';
  if (transport === TransportClass.Udp) scanUdp(buf, pkt.l4Off, ipEnd, pkt.ipVersion, 0);
  else scanTcp(buf, pkt.l4Off, ipEnd, pkt.srcPort, pkt.dstPort);
  if (found === 0 || (firstName === '' && found < 2)) return null;
  return firstName;
}
