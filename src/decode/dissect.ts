/**
 * The detail pane's layer tree (cold path: allocates freely): every layer nta-top knows, outermost
 * first, with Wireshark's protocol and field names (display-filter names, as `tshark -G fields`
 * lists them for 4.0), human values with units, and byte ranges relative to the first packet byte.
 * This file holds the tree builder, the frame and link layers (Ethernet, 802.1Q/802.1ad/VN-Tag,
 * LLC/SNAP, STP, ARP, SLL/SLL2, BSD loopback, NFLOG, IPoIB, PKTAP, radiotap/802.11, FDDI, PPP,
 * PPPoE, MPLS); dissect-net.ts the IP layers, transports and tunnels; dissect-app.ts DNS, DHCP,
 * HTTP, TLS and QUIC. Sources: as the hot-path decoders (see each layer file), plus Wireshark's
 * field registry for names.
 */
import type { Frame } from '../capture/frame.js';
import type { DissectField, DissectLayer, PacketDetail } from './packet.js';
import { newDecodedPacket } from './packet.js';
import { decodePacket } from './decode.js';
import {
  ethertypeName,
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
  LT_PPP_ETHER,
  LT_PPP_HDLC,
  LT_RAW,
  LT_RAW_12,
  LT_RAW_14,
} from './constants.js';
import { formatIpv4, formatMac } from './format.js';
import { dissectIp } from './dissect-net.js';

/** Nesting allowed for encapsulations (tunnel in tunnel, ICMP quoting) before the tree stops. */
export const MAX_DISSECT_DEPTH = 12;

/** Short protocol names as Wireshark prints them in "[Malformed Packet: X]". */
const SHORT_NAMES: Record<string, string> = {
  eth: 'Ethernet', vlan: 'VLAN', ieee8021ad: 'IEEE 802.1ad', vntag: 'VNTAG', llc: 'LLC', stp: 'STP', arp: 'ARP',
  sll: 'SLL', null: 'NULL', nflog: 'NFLOG', ipoib: 'IPoIB', pktap: 'PKTAP', radiotap: 'Radiotap', wlan: '802.11',
  fddi: 'FDDI', ppp: 'PPP', pppoes: 'PPPoES', mpls: 'MPLS', ip: 'IPv4', ipv6: 'IPv6', tcp: 'TCP', udp: 'UDP',
  icmp: 'ICMP', icmpv6: 'ICMPv6', gre: 'GRE', teredo: 'Teredo', vxlan: 'VXLAN', geneve: 'Geneve', gtp: 'GTP',
  l2tp: 'L2TP', dns: 'DNS', mdns: 'MDNS', llmnr: 'LLMNR', dhcp: 'DHCP', http: 'HTTP', tls: 'TLS', quic: 'QUIC',
  ah: 'AH', esp: 'ESP', igmp: 'IGMP', pppoed: 'PPPoED', cmd: 'CMD', loop: 'LOOP',
};

/** Builds one PacketDetail's layer list; positions handed in are absolute offsets in `buf`. */
export class Dissector {
  readonly layers: DissectLayer[] = [];
  /** True once a truncation/malformation layer ended the tree. */
  stopped = false;

  /**
   * @param buf the frame's buffer; `base` is the first packet byte, `end` the exclusive end of the
   *   captured bytes (both absolute); `truncated` says the capture holds fewer bytes than the wire had.
   */
  constructor(
    readonly buf: Uint8Array,
    readonly base: number,
    readonly end: number,
    readonly truncated: boolean,
  ) {}

  /** Clamps an absolute offset into the captured range and makes it relative to the first byte. */
  private rel(abs: number): number {
    const a = abs < this.base ? this.base : abs > this.end ? this.end : abs;
    return a - this.base;
  }

  /** Appends a layer covering absolute `[start, end)` (clamped to the captured bytes). */
  layer(proto: string, title: string, start: number, end: number): DissectLayer {
    const s = this.rel(start);
    const e = this.rel(end);
    const l: DissectLayer = { proto, title, start: s, end: e < s ? s : e, fields: [] };
    this.layers.push(l);
    return l;
  }

  /** Adds a field covering absolute `[start, start + len)` (clamped) to `l`. */
  field(l: DissectLayer, name: string, value: string, start: number, len: number): void {
    const s = this.rel(start);
    const e = this.rel(start + (len > 0 ? len : 0));
    const f: DissectField = { name, value, start: s, end: e < s ? s : e };
    l.fields.push(f);
  }

  /** True when `n` bytes at absolute `at` were captured. */
  has(at: number, n: number): boolean {
    return at >= this.base && at + n <= this.end;
  }

  /**
   * Ends the tree because protocol `proto` needs bytes past the captured end: Wireshark's
   * "[Packet size limited during capture: X truncated]" (`_ws.short`) when the frame was cut by the
   * snaplen, else "[Malformed Packet: X]" (`_ws.malformed`, the header claims bytes the packet lacks).
   */
  cut(proto: string, at: number): void {
    if (this.stopped) return;
    const name = SHORT_NAMES[proto] ?? proto.toUpperCase();
    if (this.truncated) this.layer('_ws.short', `[Packet size limited during capture: ${name} truncated]`, at, this.end);
    else this.layer('_ws.malformed', `[Malformed Packet: ${name}]`, at, this.end);
    this.stopped = true;
  }

  /** Ends the tree because protocol `proto`'s header contradicts itself (`why` as an expert note). */
  malformed(proto: string, at: number, why: string): void {
    if (this.stopped) return;
    const name = SHORT_NAMES[proto] ?? proto.toUpperCase();
    const l = this.layer('_ws.malformed', `[Malformed Packet: ${name}]`, at, this.end);
    this.field(l, '_ws.expert.message', why, at, 0);
    this.stopped = true;
  }

  /** Bytes no dissector claims: Wireshark's "Data (n bytes)". */
  data(start: number, end: number): void {
    const e = end < this.end ? end : this.end;
    if (this.stopped || start >= e) return;
    const l = this.layer('data', `Data (${e - start} bytes)`, start, e);
    this.field(l, 'data.data', hexBytes(this.buf, start, e - start, 32), start, e - start);
    this.field(l, 'data.len', `${e - start} bytes`, start, 0);
  }

  u8(at: number): number {
    return this.buf[at];
  }

  u16(at: number): number {
    return (this.buf[at] << 8) | this.buf[at + 1];
  }

  u24(at: number): number {
    return (this.buf[at] << 16) | (this.buf[at + 1] << 8) | this.buf[at + 2];
  }

  u32(at: number): number {
    return ((this.buf[at] << 24) | (this.buf[at + 1] << 16) | (this.buf[at + 2] << 8) | this.buf[at + 3]) >>> 0;
  }
}

/** `n` as 0x-prefixed lower-case hex with at least `digits` digits. */
export function hex(n: number, digits: number): string {
  return `0x${n.toString(16).padStart(digits, '0')}`;
}

/** Up to `max` bytes as colon-free hex ("0a1b2c…" with "…" when cut). */
export function hexBytes(buf: Uint8Array, at: number, n: number, max: number): string {
  let s = '';
  const m = n < max ? n : max;
  for (let i = 0; i < m; i++) s += (buf[at + i] < 16 ? '0' : '') + buf[at + i].toString(16);
  return n > max ? `${s}…` : s;
}

/** Bytes as printable ASCII with "." for the rest (for names and strings of unknown encoding). */
export function asciiText(buf: Uint8Array, at: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const c = buf[at + i];
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  return s;
}

/** Little-endian 16/32-bit reads for the host-order link headers. */
function le16(buf: Uint8Array, at: number): number {
  return buf[at] | (buf[at + 1] << 8);
}

function le32(buf: Uint8Array, at: number): number {
  return (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24)) >>> 0;
}

/** EtherTypes the detail pane names beyond the ones the decoder dispatches on. */
const MORE_ETHERTYPES: Record<number, string> = {
  0x880b: 'PPP', 0x8200: 'ARUBA WLAN', 0x8909: 'CiscoMetaData', 0x6558: 'Transparent Ethernet bridging', 0x88be: 'ERSPAN', 0x8863: 'PPPoE Discovery', 0x88cc: 'LLDP',
  0x9000: 'Loopback', 0x888e: '802.1X Authentication', 0x88e5: 'MACsec', 0x8902: 'CFM', 0x22f3: 'TRILL', 0x2000: 'CDP',
};

/** Name of an EtherType ("IPv4", "PPP", "Unknown"). */
export function etherTypeLabel(type: number): string {
  const more = MORE_ETHERTYPES[type];
  if (more !== undefined) return more;
  const n = ethertypeName(type);
  return n.startsWith('0x') ? 'Unknown' : n;
}

/** EtherType text as Wireshark shows it: "IPv4 (0x0800)". */
export function ethertypeText(type: number): string {
  return `${etherTypeLabel(type)} (${hex(type, 4)})`;
}

/**
 * Dispatches EtherType `type` whose payload is `buf[p, end)`: tags, 802.3 length + LLC, IPv4/IPv6,
 * ARP/RARP, MPLS, PPPoE session, bridged Ethernet; anything else is "Data".
 * @returns the end of the bytes the payload accounts for (the IP datagram's own length, for the
 *   link layer's padding/trailer), or `end` when unknown.
 */
export function dissectEthertype(d: Dissector, type: number, p: number, end: number, depth: number): number {
  if (d.stopped) return end;
  if (depth > MAX_DISSECT_DEPTH) {
    d.malformed('eth', p, 'Too many nested encapsulations');
    return end;
  }
  switch (type) {
    case 0x0800:
    case 0x86dd:
      return dissectIp(d, p, end, depth, type === 0x0800 ? 4 : 6);
    case 0x0806:
    case 0x8035:
      return dissectArp(d, p, end);
    case 0x8100:
    case 0x9100:
    case 0x88a8:
      return dissectVlan(d, type, p, end, depth);
    case 0x8926:
      return dissectVntag(d, p, end, depth);
    case 0x8847:
    case 0x8848:
      return dissectMpls(d, p, end, depth);
    case 0x8864:
      return dissectPppoe(d, p, end, depth);
    case 0x6558:
      return dissectEthernet(d, p, end, depth + 1);
    case 0x8863:
      return dissectPppoeDiscovery(d, p, end);
    case 0x8909:
      return dissectCmd(d, p, end, depth);
    case 0x9000:
      return dissectLoop(d, p, end);
    default:
      if (type <= 1500) return dissectLlc(d, p, p + type < end ? p + type : end, depth);
      d.data(p, end);
      return end;
  }
}

/** Ethernet II / IEEE 802.3 header at `p` (IEEE 802.3 §3.2), then its payload and any padding. */
export function dissectEthernet(d: Dissector, p: number, end: number, depth: number): number {
  if (!d.has(p, 14)) {
    const l = d.layer('eth', 'Ethernet II', p, end);
    if (d.has(p, 6)) d.field(l, 'eth.dst', formatMac(d.buf, p), p, 6);
    if (d.has(p, 12)) d.field(l, 'eth.src', formatMac(d.buf, p + 6), p + 6, 6);
    d.cut('eth', p);
    return end;
  }
  const type = d.u16(p + 12);
  const dst = formatMac(d.buf, p);
  const src = formatMac(d.buf, p + 6);
  const l = d.layer('eth', type <= 1500 ? `IEEE 802.3 Ethernet, Src: ${src}, Dst: ${dst}` : `Ethernet II, Src: ${src}, Dst: ${dst}`, p, p + 14);
  d.field(l, 'eth.dst', dst, p, 6);
  d.field(l, 'eth.src', src, p + 6, 6);
  if (type <= 1500) d.field(l, 'eth.len', `${type} bytes`, p + 12, 2);
  else d.field(l, 'eth.type', ethertypeText(type), p + 12, 2);
  const first = d.layers.length;
  const used = dissectEthertype(d, type, p + 14, end, depth);
  if (!d.stopped && used < end && used >= p + 14) {
    // Wireshark lets the innermost tag name the trailer (vlan.trailer, vntag.trailer).
    let tag = 'eth';
    for (let i = first; i < d.layers.length; i++) if (d.layers[i].proto === 'vlan' || d.layers[i].proto === 'vntag') tag = d.layers[i].proto;
    trailer(d, l, p, used, end < d.end ? end : d.end, tag);
  }
  return end;
}

/**
 * Bytes after the payload: up to the 60-byte Ethernet minimum they are `eth.padding` when all zero
 * (else `eth.trailer`), beyond it `eth.trailer` (often an FCS; Wireshark's heuristics are not copied).
 */
function trailer(d: Dissector, l: DissectLayer, frameStart: number, used: number, end: number, tag: string): void {
  const padEnd = frameStart + 60 < end ? frameStart + 60 : end;
  if (used < padEnd) {
    let zero = true;
    for (let i = used; i < padEnd; i++) if (d.u8(i) !== 0) zero = false;
    d.field(l, zero ? 'eth.padding' : 'eth.trailer', `${padEnd - used} bytes`, used, padEnd - used);
  }
  const t = used > padEnd ? used : padEnd;
  if (t < end) d.field(l, `${tag}.trailer`, `${end - t} bytes`, t, end - t);
}

/** 802.1Q / 802.1ad / 0x9100 tag stack, one layer per tag (IEEE 802.1Q §9.6). */
function dissectVlan(d: Dissector, type: number, p: number, end: number, depth: number): number {
  const s = type === 0x88a8 ? 'ieee8021ad' : 'vlan';
  if (!d.has(p, 4)) {
    d.layer(s, type === 0x88a8 ? 'IEEE 802.1ad' : '802.1Q Virtual LAN', p, end);
    d.cut(s, p);
    return end;
  }
  const tci = d.u16(p);
  const next = d.u16(p + 2);
  const pri = tci >> 13;
  const dei = (tci >> 12) & 1;
  const id = tci & 0x0fff;
  if (s === 'ieee8021ad') {
    const l = d.layer(s, `IEEE 802.1ad, ID: ${id}`, p, p + 4);
    d.field(l, 'ieee8021ad.priority', `${pri}`, p, 1);
    d.field(l, 'ieee8021ad.dei', `${dei}`, p, 1);
    d.field(l, 'ieee8021ad.id', `${id}`, p, 2);
    d.field(l, 'ieee8021ah.etype', ethertypeText(next), p + 2, 2);
  } else {
    const l = d.layer(s, `802.1Q Virtual LAN, PRI: ${pri}, DEI: ${dei}, ID: ${id}`, p, p + 4);
    d.field(l, 'vlan.priority', `${pri}`, p, 2);
    d.field(l, 'vlan.dei', `${dei}`, p, 2);
    d.field(l, 'vlan.id', `${id}`, p, 2);
    if (next <= 1500) d.field(l, 'vlan.len', `${next} bytes`, p + 2, 2);
    else d.field(l, 'vlan.etype', ethertypeText(next), p + 2, 2);
  }
  return dissectEthertype(d, next, p + 4, end, depth + 1);
}

/** Cisco VN-Tag (IEEE 802.1Qbh draft): 4-byte tag then an EtherType. */
function dissectVntag(d: Dissector, p: number, end: number, depth: number): number {
  if (!d.has(p, 6)) {
    d.layer('vntag', 'VN-Tag', p, end);
    d.cut('vntag', p);
    return end;
  }
  const w = d.u32(p);
  const l = d.layer('vntag', 'VN-Tag', p, p + 6);
  d.field(l, 'vntag.dir', `${w >>> 31}`, p, 4);
  d.field(l, 'vntag.ptr', `${(w >>> 30) & 1}`, p, 4);
  d.field(l, 'vntag.dst', `${(w >>> 16) & 0x3fff}`, p, 4);
  d.field(l, 'vntag.looped', `${(w >>> 15) & 1}`, p, 4);
  d.field(l, 'vntag.version', `${(w >>> 12) & 3}`, p, 4);
  d.field(l, 'vntag.src', `${w & 0x0fff}`, p, 4);
  const next = d.u16(p + 4);
  d.field(l, 'vntag.etype', ethertypeText(next), p + 4, 2);
  return dissectEthertype(d, next, p + 6, end, depth + 1);
}

/** IEEE 802.2 LLC (and RFC 1042 SNAP) at `p`; STP (DSAP 0x42) gets its protocol fields. */
function dissectLlc(d: Dissector, p: number, end: number, depth: number): number {
  if (!d.has(p, 3)) {
    d.layer('llc', 'Logical-Link Control', p, end);
    d.cut('llc', p);
    return end;
  }
  const dsap = d.u8(p);
  const ssap = d.u8(p + 1);
  const ctrl = d.u8(p + 2);
  const snap = dsap === 0xaa && ssap === 0xaa && ctrl === 0x03;
  const l = d.layer('llc', 'Logical-Link Control', p, p + (snap ? 8 : 3));
  d.field(l, 'llc.dsap', hex(dsap, 2), p, 1);
  d.field(l, 'llc.ssap', hex(ssap, 2), p + 1, 1);
  d.field(l, 'llc.control', hex(ctrl, 2), p + 2, 1);
  if (snap) {
    if (!d.has(p, 8)) {
      d.cut('llc', p + 3);
      return end;
    }
    const oui = d.u24(p + 3);
    const pid = d.u16(p + 6);
    d.field(l, 'llc.oui', hex(oui, 6), p + 3, 3);
    if (oui === 0 || oui === 0xf8) {
      d.field(l, 'llc.type', ethertypeText(pid), p + 6, 2);
      return dissectEthertype(d, pid, p + 8, end, depth + 1);
    }
    d.field(l, oui === 0x00000c ? 'llc.cisco_pid' : oui === 0x0080c2 ? 'llc.bridged_pid' : 'llc.pid', hex(pid, 4), p + 6, 2);
    // Cisco PVST+ BPDUs are STP with a trailing TLV.
    if (oui === 0x00000c && pid === 0x010b) dissectStp(d, p + 8, end);
    else d.data(p + 8, end);
    return end;
  }
  if (dsap === 0x42 && ssap === 0x42) {
    dissectStp(d, p + 3, end);
    return end;
  }
  d.data(p + 3, end);
  return end;
}

/** Spanning Tree BPDU (IEEE 802.1D §9.3): identifiers, then the configuration BPDU fields. */
function dissectStp(d: Dissector, p: number, end: number): void {
  const s = d.layer('stp', 'Spanning Tree Protocol', p, end);
  if (!d.has(p, 4)) {
    d.cut('stp', p);
    return;
  }
  d.field(s, 'stp.protocol', hex(d.u16(p), 4), p, 2);
  d.field(s, 'stp.version', `${d.u8(p + 2)}`, p + 2, 1);
  const type = d.u8(p + 3);
  d.field(s, 'stp.type', hex(type, 2), p + 3, 1);
  if (type !== 0x00 && type !== 0x02) return;
  if (!d.has(p, 35)) {
    d.cut('stp', p + 4);
    return;
  }
  d.field(s, 'stp.flags', hex(d.u8(p + 4), 2), p + 4, 1);
  d.field(s, 'stp.root.prio', `${d.u16(p + 5) & 0xf000}`, p + 5, 1);
  d.field(s, 'stp.root.ext', `${d.u16(p + 5) & 0x0fff}`, p + 5, 2);
  d.field(s, 'stp.root.hw', formatMac(d.buf, p + 7), p + 7, 6);
  d.field(s, 'stp.root.cost', `${d.u32(p + 13)}`, p + 13, 4);
  d.field(s, 'stp.bridge.prio', `${d.u16(p + 17) & 0xf000}`, p + 17, 1);
  d.field(s, 'stp.bridge.ext', `${d.u16(p + 17) & 0x0fff}`, p + 17, 2);
  d.field(s, 'stp.bridge.hw', formatMac(d.buf, p + 19), p + 19, 6);
  d.field(s, 'stp.port', hex(d.u16(p + 25), 4), p + 25, 2);
  d.field(s, 'stp.msg_age', `${d.u16(p + 27) / 256} seconds`, p + 27, 2);
  d.field(s, 'stp.max_age', `${d.u16(p + 29) / 256} seconds`, p + 29, 2);
  d.field(s, 'stp.hello', `${d.u16(p + 31) / 256} seconds`, p + 31, 2);
  d.field(s, 'stp.forward', `${d.u16(p + 33) / 256} seconds`, p + 33, 2);
}

const ARP_OPS: Record<number, string> = { 1: 'request', 2: 'reply', 3: 'reverse request', 4: 'reverse reply' };

/** ARP / RARP (RFC 826, RFC 903). */
function dissectArp(d: Dissector, p: number, end: number): number {
  const l = d.layer('arp', 'Address Resolution Protocol', p, end);
  if (!d.has(p, 8)) {
    d.cut('arp', p);
    return end;
  }
  const op = d.u16(p + 6);
  const hlen = d.u8(p + 4);
  const plen = d.u8(p + 5);
  l.title = `Address Resolution Protocol (${ARP_OPS[op] ?? `opcode ${op}`})`;
  d.field(l, 'arp.hw.type', `${d.u16(p)}`, p, 2);
  d.field(l, 'arp.proto.type', ethertypeText(d.u16(p + 2)), p + 2, 2);
  d.field(l, 'arp.hw.size', `${hlen}`, p + 4, 1);
  d.field(l, 'arp.proto.size', `${plen}`, p + 5, 1);
  d.field(l, 'arp.opcode', `${ARP_OPS[op] ?? 'unknown'} (${op})`, p + 6, 2);
  const total = 8 + 2 * (hlen + plen);
  l.end = Math.min(p + total, d.end) - d.base;
  if (!d.has(p, total)) {
    d.cut('arp', p + 8);
    return end;
  }
  let q = p + 8;
  // packet-arp.c: MAC form only for Ethernet/IEEE 802 hardware of length 6, IPv4 form only for
  // protocol 0x0800 (or AX.25's 0xcc) of length 4; anything else is shown as bytes.
  const htype = d.u16(p);
  const ptype = d.u16(p + 2);
  const mac = (htype === 1 || htype === 6) && hlen === 6;
  const ipv4 = (ptype === 0x0800 || ptype === 0xcc) && plen === 4;
  const hw = (at: number): string => (mac ? formatMac(d.buf, at) : hexBytes(d.buf, at, hlen, 32));
  const pr = (at: number): string => (ipv4 ? formatIpv4(d.u32(at)) : hexBytes(d.buf, at, plen, 32));
  d.field(l, mac ? 'arp.src.hw_mac' : 'arp.src.hw', hw(q), q, hlen);
  q += hlen;
  d.field(l, ipv4 ? 'arp.src.proto_ipv4' : 'arp.src.proto', pr(q), q, plen);
  q += plen;
  d.field(l, mac ? 'arp.dst.hw_mac' : 'arp.dst.hw', hw(q), q, hlen);
  q += hlen;
  d.field(l, ipv4 ? 'arp.dst.proto_ipv4' : 'arp.dst.proto', pr(q), q, plen);
  return p + total;
}

/** MPLS label stack (RFC 3032), then IPv4/IPv6 by the first nibble. */
function dissectMpls(d: Dissector, p: number, end: number, depth: number): number {
  for (let guard = 0; guard < 64; guard++) {
    if (!d.has(p, 4)) {
      d.layer('mpls', 'MultiProtocol Label Switching Header', p, end);
      d.cut('mpls', p);
      return end;
    }
    const w = d.u32(p);
    const label = w >>> 12;
    const bottom = (w >>> 8) & 1;
    const l = d.layer('mpls', `MultiProtocol Label Switching Header, Label: ${label}, Exp: ${(w >>> 9) & 7}, S: ${bottom}, TTL: ${w & 0xff}`, p, p + 4);
    d.field(l, 'mpls.label', `${label}`, p, 4);
    d.field(l, 'mpls.exp', `${(w >>> 9) & 7}`, p, 4);
    d.field(l, 'mpls.bottom', `${bottom}`, p, 4);
    d.field(l, 'mpls.ttl', `${w & 0xff}`, p, 4);
    p += 4;
    if (bottom) break;
  }
  if (p >= end) return end;
  const v = d.u8(p) >> 4;
  if (v === 4 || v === 6) return dissectIp(d, p, end, depth + 1, v);
  d.data(p, end);
  return end;
}

const PPP_PROTOCOLS: Record<number, string> = {
  0x0021: 'Internet Protocol version 4', 0x0057: 'Internet Protocol version 6', 0xc021: 'Link Control Protocol',
  0x8021: 'Internet Protocol Control Protocol', 0x8057: 'IPv6 Control Protocol', 0xc023: 'Password Authentication Protocol',
  0xc223: 'Challenge Handshake Authentication Protocol', 0x80fd: 'Compression Control Protocol',
};

/** A PPP frame (RFC 1661, HDLC-like framing RFC 1662): optional FF 03, 1- or 2-byte protocol. */
export function dissectPpp(d: Dissector, p: number, end: number, depth: number): number {
  const l = d.layer('ppp', 'Point-to-Point Protocol', p, end);
  let q = p;
  if (d.has(q, 2) && d.u8(q) === 0xff && d.u8(q + 1) === 0x03) {
    d.field(l, 'ppp.address', '0xff', q, 1);
    d.field(l, 'ppp.control', '0x03', q + 1, 1);
    q += 2;
  }
  if (!d.has(q, 1)) {
    d.cut('ppp', q);
    return end;
  }
  let proto = d.u8(q);
  let n = 1;
  if ((proto & 1) === 0) {
    if (!d.has(q, 2)) {
      d.cut('ppp', q);
      return end;
    }
    proto = d.u16(q);
    n = 2;
  }
  d.field(l, 'ppp.protocol', `${PPP_PROTOCOLS[proto] ?? 'Unknown'} (${hex(proto, 4)})`, q, n);
  q += n;
  l.end = q - d.base;
  if (proto === 0x0021 && q < end && d.u8(q) >> 4 === 4) return dissectIp(d, q, end, depth + 1, 4);
  if (proto === 0x0057 && q < end && d.u8(q) >> 4 === 6) return dissectIp(d, q, end, depth + 1, 6);
  d.data(q, end);
  return end;
}

/** PPPoE session header (RFC 2516 §4), then PPP without address/control, trimmed to its length. */
function dissectPppoe(d: Dissector, p: number, end: number, depth: number): number {
  const l = d.layer('pppoes', 'PPP-over-Ethernet Session', p, p + 6);
  if (!d.has(p, 6)) {
    d.cut('pppoes', p);
    return end;
  }
  const len = d.u16(p + 4);
  d.field(l, 'pppoe.version', `${d.u8(p) >> 4}`, p, 1);
  d.field(l, 'pppoe.type', `${d.u8(p) & 15}`, p, 1);
  d.field(l, 'pppoe.code', `Session Data (${hex(d.u8(p + 1), 2)})`, p + 1, 1);
  d.field(l, 'pppoe.session_id', hex(d.u16(p + 2), 4), p + 2, 2);
  d.field(l, 'pppoe.payload_length', `${len} bytes`, p + 4, 2);
  const pppEnd = p + 6 + len < end ? p + 6 + len : end;
  dissectPpp(d, p + 6, pppEnd, depth + 1);
  return p + 6 + len < end ? p + 6 + len : end;
}

const PPPOED_CODES: Record<number, string> = {
  0x09: 'Active Discovery Initiation (PADI)', 0x07: 'Active Discovery Offer (PADO)', 0x19: 'Active Discovery Request (PADR)',
  0x65: 'Active Discovery Session-confirmation (PADS)', 0xa7: 'Active Discovery Terminate (PADT)',
};

/** PPPoE discovery (RFC 2516 §5): the same 6-byte header, then tags. */
function dissectPppoeDiscovery(d: Dissector, p: number, end: number): number {
  const l = d.layer('pppoed', 'PPP-over-Ethernet Discovery', p, end);
  if (!d.has(p, 6)) {
    d.cut('pppoed', p);
    return end;
  }
  const code = d.u8(p + 1);
  const len = d.u16(p + 4);
  d.field(l, 'pppoe.version', `${d.u8(p) >> 4}`, p, 1);
  d.field(l, 'pppoe.type', `${d.u8(p) & 15}`, p, 1);
  d.field(l, 'pppoe.code', `${PPPOED_CODES[code] ?? 'Unknown'} (${hex(code, 2)})`, p + 1, 1);
  d.field(l, 'pppoe.session_id', hex(d.u16(p + 2), 4), p + 2, 2);
  d.field(l, 'pppoe.payload_length', `${len} bytes`, p + 4, 2);
  const tagsEnd = p + 6 + len < end ? p + 6 + len : end;
  if (tagsEnd > p + 6) d.field(l, 'pppoed.tags', `${tagsEnd - p - 6} bytes`, p + 6, tagsEnd - p - 6);
  l.end = Math.min(tagsEnd, d.end) - d.base;
  return p + 6 + len;
}

/** Cisco MetaData (EtherType 0x8909): next EtherType, version, length, options, SGT; then the payload. */
function dissectCmd(d: Dissector, p: number, end: number, depth: number): number {
  const l = d.layer('cmd', 'Cisco MetaData', p, p + 8);
  if (!d.has(p, 8)) {
    d.cut('cmd', p);
    return end;
  }
  const type = d.u16(p);
  d.field(l, 'cmd.type', ethertypeText(type), p, 2);
  d.field(l, 'cmd.version', `${d.u8(p + 2)}`, p + 2, 1);
  d.field(l, 'cmd.length', `${d.u8(p + 3)}`, p + 3, 1);
  d.field(l, 'cmd.options', hex(d.u16(p + 4), 4), p + 4, 2);
  d.field(l, 'cmd.sgt', `${d.u16(p + 6)}`, p + 6, 2);
  return dissectEthertype(d, type, p + 8, end, depth + 1);
}

/** Ethernet Configuration Testing Protocol (EtherType 0x9000, "loopback"): skip count, then functions. */
function dissectLoop(d: Dissector, p: number, end: number): number {
  const l = d.layer('loop', 'Configuration Test Protocol (loopback)', p, end);
  if (!d.has(p, 4)) {
    d.cut('loop', p);
    return end;
  }
  d.field(l, 'loop.skipcount', `${le16(d.buf, p)}`, p, 2);
  const fn = le16(d.buf, p + 2);
  d.field(l, 'loop.function', `${fn === 1 ? 'Reply' : fn === 2 ? 'Forward Data' : 'Unknown'} (${fn})`, p + 2, 2);
  if (fn === 2 && d.has(p, 10)) d.field(l, 'loop.forwarding_address', formatMac(d.buf, p + 4), p + 4, 6);
  return end;
}

const SLL_PKTTYPES = ['Unicast to us', 'Broadcast', 'Multicast', 'Unicast to another host', 'Sent by us'];

/** Linux cooked capture v1 (16 bytes) or v2 (20 bytes), tcpdump.org LINKTYPE_LINUX_SLL{,2}. */
function dissectSll(d: Dissector, p: number, end: number, v2: boolean): void {
  const n = v2 ? 20 : 16;
  const l = d.layer('sll', v2 ? 'Linux cooked capture v2' : 'Linux cooked capture v1', p, p + n);
  if (!d.has(p, n)) {
    d.cut('sll', p);
    return;
  }
  let proto: number;
  let hatype: number;
  let halen: number;
  let addr: number;
  if (v2) {
    proto = d.u16(p);
    hatype = d.u16(p + 8);
    const pkttype = d.u8(p + 10);
    halen = d.u8(p + 11);
    addr = p + 12;
    d.field(l, 'sll.etype', ethertypeText(proto), p, 2);
    d.field(l, 'sll.ifindex', `${d.u32(p + 4)}`, p + 4, 4);
    d.field(l, 'sll.hatype', `${hatype}`, p + 8, 2);
    d.field(l, 'sll.pkttype', `${SLL_PKTTYPES[pkttype] ?? 'Unknown'} (${pkttype})`, p + 10, 1);
    d.field(l, 'sll.halen', `${halen}`, p + 11, 1);
  } else {
    const pkttype = d.u16(p);
    hatype = d.u16(p + 2);
    halen = d.u16(p + 4);
    addr = p + 6;
    proto = d.u16(p + 14);
    d.field(l, 'sll.pkttype', `${SLL_PKTTYPES[pkttype] ?? 'Unknown'} (${pkttype})`, p, 2);
    d.field(l, 'sll.hatype', `${hatype}`, p + 2, 2);
    d.field(l, 'sll.halen', `${halen}`, p + 4, 2);
  }
  if (halen === 6) d.field(l, 'sll.src.eth', formatMac(d.buf, addr), addr, 6);
  else if (halen > 0) d.field(l, 'sll.src.other', hexBytes(d.buf, addr, halen < 8 ? halen : 8, 8), addr, halen < 8 ? halen : 8);
  if (!v2) {
    if (proto >= 0x0600) d.field(l, 'sll.etype', ethertypeText(proto), p + 14, 2);
    else d.field(l, 'sll.ltype', hex(proto, 4), p + 14, 2);
  }
  if (hatype === 824) d.data(p + n, end);
  else if (proto >= 0x0600) dissectEthertype(d, proto, p + n, end, 0);
  else if (proto === 4) dissectLlc(d, p + n, end, 0);
  else d.data(p + n, end);
}

const BSD_FAMILIES: Record<number, string> = { 2: 'IP', 24: 'IPv6', 28: 'IPv6', 30: 'IPv6' };

/** BSD loopback (LINKTYPE_NULL host order, LINKTYPE_LOOP network order): a 4-byte address family. */
function dissectNull(d: Dissector, p: number, end: number, loop: boolean): void {
  const l = d.layer('null', 'Null/Loopback', p, p + 4);
  if (!d.has(p, 4)) {
    d.cut('null', p);
    return;
  }
  let af = loop ? d.u32(p) : le32(d.buf, p);
  if (af > 0xffff) af = loop ? le32(d.buf, p) : d.u32(p);
  d.field(l, 'null.family', `${BSD_FAMILIES[af] ?? 'Unknown'} (${af})`, p, 4);
  if (af === 2) dissectIp(d, p + 4, end, 0, 4);
  else if (BSD_FAMILIES[af] === 'IPv6') dissectIp(d, p + 4, end, 0, 6);
  else d.data(p + 4, end);
}

/** Raw IP link types: "Raw packet data" (LINKTYPE_RAW) or none (LINKTYPE_IPV4/IPV6), then IP by version. */
function dissectRaw(d: Dissector, p: number, end: number, linktype: number): void {
  if (linktype !== LT_IPV4 && linktype !== LT_IPV6) d.layer('raw', 'Raw packet data', p, p);
  if (!d.has(p, 1)) {
    d.cut('ip', p);
    return;
  }
  const v = linktype === LT_IPV4 ? 4 : linktype === LT_IPV6 ? 6 : d.u8(p) >> 4;
  if (v === 4 || v === 6) dissectIp(d, p, end, 0, v);
  else d.malformed('raw', p, `Unknown IP version ${v}`);
}

/** Linux NFLOG (tcpdump.org LINKTYPE_NFLOG): header, TLVs in host order, payload TLV holds the packet. */
function dissectNflog(d: Dissector, p: number, end: number): void {
  const l = d.layer('nflog', 'Linux Netfilter NFLOG', p, end);
  if (!d.has(p, 4)) {
    d.cut('nflog', p);
    return;
  }
  const family = d.u8(p);
  d.field(l, 'nflog.family', `${family === 2 ? 'IPv4' : family === 10 ? 'IPv6' : 'Unknown'} (${family})`, p, 1);
  d.field(l, 'nflog.version', `${d.u8(p + 1)}`, p + 1, 1);
  d.field(l, 'nflog.res_id', `${d.u16(p + 2)}`, p + 2, 2);
  let q = p + 4;
  let little = true;
  if (d.has(q, 2)) {
    const first = le16(d.buf, q);
    if (first < 4 || q + first > end) little = false;
  }
  for (let guard = 0; guard < 256; guard++) {
    if (!d.has(q, 4)) {
      if (q < end) d.cut('nflog', q);
      l.end = Math.min(q, d.end) - d.base;
      return;
    }
    const len = little ? le16(d.buf, q) : d.u16(q);
    const type = (little ? le16(d.buf, q + 2) : d.u16(q + 2)) & 0x7fff;
    d.field(l, 'nflog.tlv_length', `${len} bytes`, q, 2);
    d.field(l, 'nflog.tlv_type', `${type}`, q + 2, 2);
    if (len < 4) {
      d.malformed('nflog', q, `TLV length ${len} < 4`);
      return;
    }
    if (type === 9) {
      l.end = q + 4 - d.base;
      const payEnd = q + len < end ? q + len : end;
      if (family === 2) dissectIp(d, q + 4, payEnd, 0, 4);
      else if (family === 10) dissectIp(d, q + 4, payEnd, 0, 6);
      else d.data(q + 4, payEnd);
      return;
    }
    q += (len + 3) & ~3;
  }
}

/** IP over InfiniBand (LINKTYPE_IPOIB): 40 bytes of addresses, then EtherType and 2 reserved bytes. */
function dissectIpoib(d: Dissector, p: number, end: number): void {
  const l = d.layer('ipoib', 'IP over Infiniband', p, p + 44);
  if (!d.has(p, 44)) {
    d.cut('ipoib', p);
    return;
  }
  const type = d.u16(p + 40);
  d.field(l, 'ipoib.type', ethertypeText(type), p + 40, 2);
  d.field(l, 'ipoib.reserved', hex(d.u16(p + 42), 4), p + 42, 2);
  dissectEthertype(d, type, p + 44, end, 0);
}

/** Apple PKTAP (LINKTYPE_PKTAP): header length and inner DLT in host order, then the inner frame. */
function dissectPktap(d: Dissector, p: number, end: number, depth: number): void {
  const l = d.layer('pktap', 'PKTAP packet header', p, end);
  if (!d.has(p, 8)) {
    d.cut('pktap', p);
    return;
  }
  let hdr = le32(d.buf, p);
  const little = hdr <= 0xffff;
  if (!little) hdr = d.u32(p);
  const dlt = little ? le32(d.buf, p + 4) : d.u32(p + 4);
  d.field(l, 'pktap.hdrlen', `${hdr} bytes`, p, 4);
  d.field(l, 'pktap.rectype', `${dlt === 0 ? 0 : 1}`, p + 4, 4);
  l.end = Math.min(p + hdr, d.end) - d.base;
  if (hdr < 8) {
    d.malformed('pktap', p, `Header length ${hdr} < 8`);
    return;
  }
  if (!d.has(p, hdr)) {
    d.cut('pktap', p + 8);
    return;
  }
  if (d.has(p, 12)) d.field(l, 'pktap.dlt', `${little ? le32(d.buf, p + 8) : d.u32(p + 8)}`, p + 8, 4);
  if (d.has(p, 36)) {
    let n = 0;
    while (n < 24 && d.u8(p + 12 + n) !== 0) n++;
    d.field(l, 'pktap.ifname', asciiText(d.buf, p + 12, n), p + 12, 24);
  }
  const inner = d.has(p, 12) ? (little ? le32(d.buf, p + 8) : d.u32(p + 8)) : -1;
  if (inner === LT_PKTAP || depth > 2) {
    d.data(p + hdr, end);
    return;
  }
  dissectLink(d, inner, p + hdr, end, depth + 1);
}

/** Radiotap header (radiotap.org): version, pad, length, present words; then the 802.11 frame. */
function dissectRadiotap(d: Dissector, p: number, end: number): void {
  const l = d.layer('radiotap', 'Radiotap Header v0', p, end);
  if (!d.has(p, 8)) {
    d.cut('radiotap', p);
    return;
  }
  const len = le16(d.buf, p + 2);
  l.title = `Radiotap Header v${d.u8(p)}, Length ${len}`;
  d.field(l, 'radiotap.version', `${d.u8(p)}`, p, 1);
  d.field(l, 'radiotap.pad', `${d.u8(p + 1)}`, p + 1, 1);
  d.field(l, 'radiotap.length', `${len} bytes`, p + 2, 2);
  if (d.u8(p) !== 0 || len < 8) {
    d.malformed('radiotap', p, `Bad version ${d.u8(p)} or length ${len}`);
    return;
  }
  l.end = Math.min(p + len, d.end) - d.base;
  let w = p + 4;
  let present = 0;
  for (let i = 0; i < 8; i++) {
    if (!d.has(w, 4) || w + 4 > p + len) break;
    const word = le32(d.buf, w);
    if (i === 0) present = word;
    d.field(l, 'radiotap.present.word', hex(word, 8), w, 4);
    w += 4;
    if ((word & 0x80000000) === 0) break;
  }
  if (!d.has(p, len)) {
    d.cut('radiotap', w);
    return;
  }
  let flags = 0;
  if ((present & 2) !== 0) {
    let f = w;
    if ((present & 1) !== 0) f = p + ((w - p + 7) & ~7) + 8;
    if (f < p + len) {
      flags = d.u8(f);
      d.field(l, 'radiotap.flags', hex(flags, 2), f, 1);
    }
  }
  const fcs = (flags & 0x10) !== 0 && end - 4 > p + len ? 4 : 0;
  dissectWlan(d, p + len, end - fcs, (flags & 0x20) !== 0);
}

const WLAN_TYPES = ['Management', 'Control', 'Data', 'Extension'];

/** IEEE 802.11 MAC header (IEEE 802.11-2020 §9.2); data frames continue into LLC. */
export function dissectWlan(d: Dissector, p: number, end: number, dataPad: boolean): void {
  const l = d.layer('wlan', 'IEEE 802.11', p, end);
  if (!d.has(p, 2)) {
    d.cut('wlan', p);
    return;
  }
  const fc0 = d.u8(p);
  const fc1 = d.u8(p + 1);
  const type = (fc0 >> 2) & 3;
  const subtype = fc0 >> 4;
  l.title = `IEEE 802.11 ${WLAN_TYPES[type]} frame, subtype ${subtype}`;
  d.field(l, 'wlan.fc.type_subtype', hex((type << 4) | subtype, 4), p, 1);
  d.field(l, 'wlan.flags', hex(fc1, 2), p + 1, 1);
  if (!d.has(p, 10)) {
    d.cut('wlan', p + 2);
    return;
  }
  d.field(l, 'wlan.duration', `${le16(d.buf, p + 2)} microseconds`, p + 2, 2);
  d.field(l, 'wlan.ra', formatMac(d.buf, p + 4), p + 4, 6);
  if (type !== 2) {
    if (d.has(p, 16)) d.field(l, 'wlan.ta', formatMac(d.buf, p + 10), p + 10, 6);
    l.end = Math.min(p + (type === 0 ? 24 : 16), d.end) - d.base;
    if (type === 0 && d.has(p, 24)) {
      d.field(l, 'wlan.bssid', formatMac(d.buf, p + 16), p + 16, 6);
      d.field(l, 'wlan.seq', `${le16(d.buf, p + 22) >> 4}`, p + 22, 2);
      d.data(p + 24, end);
    }
    return;
  }
  let hdr = (fc1 & 3) === 3 ? 30 : 24;
  if ((subtype & 8) !== 0) {
    hdr += 2;
    if ((fc1 & 0x80) !== 0) hdr += 4;
  }
  if (dataPad) hdr = (hdr + 3) & ~3;
  l.end = Math.min(p + hdr, d.end) - d.base;
  if (!d.has(p, hdr)) {
    d.cut('wlan', p + 10);
    return;
  }
  // Address 3 by the DS bits (IEEE 802.11-2020 Table 9-30): BSSID, DA or SA; address 4 is the SA.
  const ds = fc1 & 3;
  d.field(l, 'wlan.ta', formatMac(d.buf, p + 10), p + 10, 6);
  d.field(l, ds === 0 ? 'wlan.bssid' : ds === 2 ? 'wlan.sa' : 'wlan.da', formatMac(d.buf, p + 16), p + 16, 6);
  if (ds === 3) d.field(l, 'wlan.sa', formatMac(d.buf, p + 24), p + 24, 6);
  d.field(l, 'wlan.seq', `${le16(d.buf, p + 22) >> 4}`, p + 22, 2);
  if ((subtype & 8) !== 0) d.field(l, 'wlan.qos', hex(le16(d.buf, p + ((fc1 & 3) === 3 ? 30 : 24)), 4), p + ((fc1 & 3) === 3 ? 30 : 24), 2);
  if ((subtype & 4) !== 0) return;
  if ((fc1 & 0x40) !== 0) {
    d.data(p + hdr, end);
    return;
  }
  dissectLlc(d, p + hdr, end, 0);
}

/** FDDI (ANSI X3.139): frame control, destination, source; LLC frames continue into LLC. */
function dissectFddi(d: Dissector, p: number, end: number): void {
  const l = d.layer('fddi', 'Fiber Distributed Data Interface', p, p + 13);
  if (!d.has(p, 13)) {
    d.cut('fddi', p);
    return;
  }
  d.field(l, 'fddi.fc', hex(d.u8(p), 2), p, 1);
  d.field(l, 'fddi.dst', formatMac(d.buf, p + 1), p + 1, 6);
  d.field(l, 'fddi.src', formatMac(d.buf, p + 7), p + 7, 6);
  if ((d.u8(p) & 0x70) === 0x50) dissectLlc(d, p + 13, end, 0);
  else d.data(p + 13, end);
}

/** Dispatches a link type (tcpdump.org LINKTYPE_ values); unknown ones become "Data". */
function dissectLink(d: Dissector, linktype: number, p: number, end: number, depth: number): void {
  switch (linktype) {
    case LT_ETHERNET:
      dissectEthernet(d, p, end, depth);
      return;
    case LT_NULL:
    case LT_LOOP:
      dissectNull(d, p, end, linktype === LT_LOOP);
      return;
    case LT_RAW:
    case LT_RAW_12:
    case LT_RAW_14:
    case LT_IPV4:
    case LT_IPV6:
      dissectRaw(d, p, end, linktype);
      return;
    case LT_LINUX_SLL:
    case LT_LINUX_SLL2:
      dissectSll(d, p, end, linktype === LT_LINUX_SLL2);
      return;
    case LT_PPP:
    case LT_PPP_HDLC:
      dissectPpp(d, p, end, depth);
      return;
    case LT_PPP_ETHER:
      dissectPppoe(d, p, end, depth);
      return;
    case LT_FDDI:
      dissectFddi(d, p, end);
      return;
    case LT_IEEE802_11:
      dissectWlan(d, p, end, false);
      return;
    case LT_IEEE802_11_RADIOTAP:
      dissectRadiotap(d, p, end);
      return;
    case LT_IPOIB:
      dissectIpoib(d, p, end);
      return;
    case LT_NFLOG:
      dissectNflog(d, p, end);
      return;
    case LT_PKTAP:
      dissectPktap(d, p, end, depth);
      return;
    default:
      d.data(p, end);
  }
}

/**
 * The full layer tree of one frame for the detail pane (cold path).
 *
 * - `layers`: outermost first, starting with `frame`; each with its Wireshark protocol name
 *   (`eth`, `vlan`, `ip`, `ipv6`, `tcp`, `udp`, `dns`, `tls`, …), a title as in Wireshark's tree,
 *   its byte range, and fields named as Wireshark's display filter fields (`ip.ttl`, `tcp.flags`,
 *   `dns.qry.name`, …) with values carrying their unit where they have one ("20 bytes (5)", "64")
 *   and byte ranges. Ranges are `[start, end)` relative to the first packet byte, within
 *   `[0, caplen]` (zero-length for values not in the bytes, such as expert notes).
 * - Tunnels are followed (GRE with key/sequence, IP-in-IP, 6in4, Teredo, VXLAN, VXLAN-GPE, Geneve,
 *   GTP-U, L2TPv2, GRE/MPLS-in-UDP, LISP, MPLS, PPPoE/PPP), as are ICMP/ICMPv6 errors' quoted
 *   packets and the applications DNS (and mDNS/LLMNR: questions and records), DHCP, HTTP/1 request
 *   and status lines with headers, TLS records with the ClientHello SNI, QUIC long headers.
 * - A header cut by the snaplen ends the tree with `_ws.short` "[Packet size limited during capture:
 *   X truncated]"; one that contradicts itself (or claims bytes the packet lacks) with
 *   `_ws.malformed` "[Malformed Packet: X]". Undissected payload is `data` "Data (n bytes)".
 * - `status` is decodePacket's; `bytes` a copy of the captured bytes.
 * Never throws: a defect in a layer function ends the tree with a "[Dissector bug: …]" layer instead.
 * @param seq the packet's sequence number (shown as the frame number).
 */
export function dissect(frame: Frame, seq: number): PacketDetail {
  const pkt = newDecodedPacket();
  decodePacket(frame, pkt);
  const buf = frame.buf;
  const off = frame.off >= 0 && frame.off <= buf.length ? frame.off : buf.length;
  const caplen = frame.caplen > 0 ? frame.caplen : 0;
  const end = off + caplen < buf.length ? off + caplen : buf.length;
  const d = new Dissector(buf, off, end, frame.origLen > end - off);
  const captured = end - off;
  const fl = d.layer(
    'frame',
    `Frame ${seq}: ${frame.origLen} bytes on wire (${frame.origLen * 8} bits), ${captured} bytes captured (${captured * 8} bits)`,
    off,
    end,
  );
  const nsec = String(frame.tsNsec).padStart(9, '0');
  d.field(fl, 'frame.time_epoch', `${frame.tsSec}.${nsec} seconds`, off, 0);
  d.field(fl, 'frame.len', `${frame.origLen} bytes`, off, 0);
  d.field(fl, 'frame.cap_len', `${captured} bytes`, off, 0);
  d.field(fl, 'frame.encap_type', `${linktypeName(frame.linktype)} (${frame.linktype})`, off, 0);
  try {
    dissectLink(d, frame.linktype, off, end, 0);
  } catch (e) {
    const l = d.layer('_ws.malformed', `[Dissector bug: ${(e as Error)?.message ?? String(e)}]`, off, end);
    d.field(l, '_ws.expert.message', 'Dissector bug', off, 0);
  }
  return {
    seq,
    tsSec: frame.tsSec,
    tsNsec: frame.tsNsec,
    caplen: frame.caplen,
    origLen: frame.origLen,
    linktype: frame.linktype,
    status: pkt.status,
    layers: d.layers,
    bytes: buf.slice(off, end),
  };
}
