/**
 * The explicit dispatch tables of the decoder (gopacket's LinkType / EthernetType / IPProtocol
 * registries as switch statements, so dispatch allocates nothing): LINKTYPE_ → link decoder
 * (tcpdump.org linktypes), EtherType → network decoder (IEEE 802), IP protocol → transport decoder
 * (IANA protocol numbers).
 */
import type { DecodedPacket } from './packet.js';
import { PacketStatus, TransportClass } from './packet.js';
import {
  ETHERTYPE_ARP,
  ETHERTYPE_IPV4,
  ETHERTYPE_IPV6,
  ETHERTYPE_MAX_LENGTH,
  ETHERTYPE_MPLS,
  ETHERTYPE_MPLS_MULTI,
  ETHERTYPE_PPPOE_SESS,
  ETHERTYPE_RARP,
  ETHERTYPE_QINQ,
  ETHERTYPE_QINQ_OLD,
  ETHERTYPE_VLAN,
  ETHERTYPE_VNTAG,
  IPPROTO_ICMP,
  IPPROTO_ICMPV6,
  IPPROTO_TCP,
  IPPROTO_UDP,
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
  LT_PPP_ETHER,
  LT_PPP_HDLC,
  LT_RAW,
  LT_RAW_12,
  LT_RAW_14,
} from './constants.js';
import { decodeArp } from './arp.js';
import { decodeEthernet } from './ethernet.js';
import { decodeFddi } from './fddi.js';
import { decodeIcmp } from './icmp.js';
import { decodeIeee80211, decodeRadiotap } from './ieee80211.js';
import { decodeIpoib } from './ipoib.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeLlc } from './llc.js';
import { decodeLoopback } from './loopback.js';
import { decodeMpls } from './mpls.js';
import { decodeNflog } from './nflog.js';
import { decodePktap } from './pktap.js';
import { decodePpp, decodePppoeSession } from './ppp.js';
import { decodeRawIp } from './raw.js';
import { decodeSll, decodeSll2 } from './sll.js';
import { decodeTcp } from './tcp.js';
import { decodeUdp } from './udp.js';
import { decodeVlan } from './vlan.js';

/**
 * Link-layer re-entries allowed (LLC/SNAP → EtherType → 802.3 length → LLC …, PKTAP → link) before
 * a frame is called Malformed; keeps adversarial frames from growing the call stack.
 */
export const MAX_LINK_DEPTH = 8;

/** ORACLE.md `transport` class of an IP protocol number: 6 tcp, 17 udp, 1 icmp, 58 icmpv6, else other. */
export function transportOf(ipProto: number): TransportClass {
  switch (ipProto) {
    case IPPROTO_TCP:
      return TransportClass.Tcp;
    case IPPROTO_UDP:
      return TransportClass.Udp;
    case IPPROTO_ICMP:
      return TransportClass.Icmp;
    case IPPROTO_ICMPV6:
      return TransportClass.Icmpv6;
    default:
      return TransportClass.Other;
  }
}

/** True when `linktype` has a decoder here (other link types decode as Unsupported). */
export function isLinktypeSupported(linktype: number): boolean {
  switch (linktype) {
    case LT_NULL:
    case LT_LOOP:
    case LT_ETHERNET:
    case LT_RAW:
    case LT_RAW_12:
    case LT_RAW_14:
    case LT_IPV4:
    case LT_IPV6:
    case LT_LINUX_SLL:
    case LT_LINUX_SLL2:
    case LT_PPP:
    case LT_PPP_HDLC:
    case LT_PPP_ETHER:
    case LT_FDDI:
    case LT_IEEE802_11:
    case LT_IEEE802_11_RADIOTAP:
    case LT_IPOIB:
    case LT_NFLOG:
    case LT_PKTAP:
      return true;
    default:
      return false;
  }
}

/**
 * Decodes the link layer `linktype` at `buf[off, end)` and everything above it into `out`.
 * Unknown link types set Unsupported. Never throws; allocates nothing.
 * @param depth link-layer re-entry level (0 for the frame itself).
 */
export function decodeLink(linktype: number, buf: Uint8Array, off: number, end: number, out: DecodedPacket, depth: number): void {
  if (depth > MAX_LINK_DEPTH) {
    out.status = PacketStatus.Malformed;
    return;
  }
  switch (linktype) {
    case LT_ETHERNET:
      decodeEthernet(buf, off, end, out, depth);
      return;
    case LT_NULL:
    case LT_LOOP:
      decodeLoopback(buf, off, end, out);
      return;
    case LT_RAW:
    case LT_RAW_12:
    case LT_RAW_14:
      decodeRawIp(buf, off, end, out);
      return;
    case LT_IPV4:
      decodeIpv4(buf, off, end, out);
      return;
    case LT_IPV6:
      decodeIpv6(buf, off, end, out);
      return;
    case LT_LINUX_SLL:
      decodeSll(buf, off, end, out);
      return;
    case LT_LINUX_SLL2:
      decodeSll2(buf, off, end, out);
      return;
    case LT_PPP:
    case LT_PPP_HDLC:
      decodePpp(buf, off, end, out);
      return;
    case LT_PPP_ETHER:
      decodePppoeSession(buf, off, end, out);
      return;
    case LT_FDDI:
      decodeFddi(buf, off, end, out);
      return;
    case LT_IEEE802_11:
      decodeIeee80211(buf, off, end, out, false);
      return;
    case LT_IEEE802_11_RADIOTAP:
      decodeRadiotap(buf, off, end, out);
      return;
    case LT_IPOIB:
      decodeIpoib(buf, off, end, out);
      return;
    case LT_NFLOG:
      decodeNflog(buf, off, end, out);
      return;
    case LT_PKTAP:
      decodePktap(buf, off, end, out, depth);
      return;
    default:
      out.status = PacketStatus.Unsupported;
  }
}

/**
 * Decodes the network layer named by EtherType `type` at `buf[off, end)`. Values ≤ 1500 are an
 * IEEE 802.3 length: an LLC frame of that many bytes follows. Tag EtherTypes (802.1Q/ad, QinQ,
 * VN-Tag) go to the VLAN stack walker. Unknown EtherTypes set Unsupported.
 * Never throws; allocates nothing.
 * @param depth link-layer re-entry level, checked against MAX_LINK_DEPTH.
 */
export function decodeEthertype(type: number, buf: Uint8Array, off: number, end: number, out: DecodedPacket, depth: number): void {
  switch (type) {
    case ETHERTYPE_IPV4:
      decodeIpv4(buf, off, end, out);
      return;
    case ETHERTYPE_IPV6:
      decodeIpv6(buf, off, end, out);
      return;
    case ETHERTYPE_ARP:
    case ETHERTYPE_RARP:
      decodeArp(buf, off, end, out);
      return;
    case ETHERTYPE_VLAN:
    case ETHERTYPE_QINQ:
    case ETHERTYPE_QINQ_OLD:
    case ETHERTYPE_VNTAG:
      decodeVlan(type, buf, off, end, out, depth);
      return;
    case ETHERTYPE_MPLS:
    case ETHERTYPE_MPLS_MULTI:
      decodeMpls(buf, off, end, out);
      return;
    case ETHERTYPE_PPPOE_SESS:
      decodePppoeSession(buf, off, end, out);
      return;
    default:
      if (type <= ETHERTYPE_MAX_LENGTH) {
        if (depth >= MAX_LINK_DEPTH) {
          out.status = PacketStatus.Malformed;
          return;
        }
        decodeLlc(buf, off, off + type < end ? off + type : end, out, depth);
      } else {
        out.status = PacketStatus.Unsupported;
      }
  }
}

/**
 * Decodes the header of IP protocol `ipProto` at `buf[off, end)` (the datagram payload after the
 * outermost IP header) and records its offset in `out.l4Off`. TCP, UDP, ICMP and ICMPv6 are
 * decoded; other protocols (GRE, ESP, tunnels …) are left for the summary: the counting fields
 * stay those of the outer header. Never throws; allocates nothing.
 */
export function decodeIpPayload(ipProto: number, buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  out.l4Off = off;
  switch (ipProto) {
    case IPPROTO_TCP:
      decodeTcp(buf, off, end, out);
      return;
    case IPPROTO_UDP:
      decodeUdp(buf, off, end, out);
      return;
    case IPPROTO_ICMP:
      decodeIcmp(buf, off, end, out, 8);
      return;
    case IPPROTO_ICMPV6:
      decodeIcmp(buf, off, end, out, 4);
      return;
    default:
      return;
  }
}
