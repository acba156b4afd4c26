/**
 * Detail-pane layers for IP and above (cold path): IPv4 (RFC 791) with options, IPv6 (RFC 8200)
 * with Hop-by-Hop/Routing/Fragment/Destination-Options headers, AH (RFC 4302), ESP (RFC 4303),
 * TCP (RFC 9293) with options, UDP (RFC 768), ICMP (RFC 792) and ICMPv6 (RFC 4443, RFC 4861) with
 * the quoted packet of errors, IGMP (RFC 2236), GRE (RFC 2784/2890, PPTP RFC 2637), and the UDP
 * tunnels tshark follows by port (ports.ts). Applications are in dissect-app.ts.
 */
import { ipProtoName } from './constants.js';
import { formatIpv4, formatIpv6, formatTextTshark } from './format.js';
import { tcpFlagsText } from './summary.js';
import {
  APP_DNS,
  APP_GENEVE,
  APP_LLMNR,
  APP_MDNS,
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
  tcpPortProtocol,
  udpAppForPayload,
} from './ports.js';
import { GPE_ETHERNET, GPE_IPV4, GPE_IPV6, GPE_MPLS, GRE_A, GRE_C, GRE_K, GRE_R, GRE_S } from './tunnel.js';
import type { DissectLayer } from './packet.js';
import type { Dissector } from './dissect.js';
import { dissectEthernet, dissectEthertype, dissectPpp, dissectWlan, etherTypeLabel, ethertypeText, hex, hexBytes, MAX_DISSECT_DEPTH } from './dissect.js';
import { dissectDhcp, dissectDns, dissectHttp, dissectQuic, dissectTls, looksLikeHttp, looksLikeQuic, looksLikeTls } from './dissect-app.js';

/** "UDP (17)" as Wireshark writes ip.proto / ipv6.nxt. */
function protoText(p: number): string {
  const names: Record<number, string> = { 0: 'IPv6 Hop-by-Hop Option', 43: 'Routing Header for IPv6', 44: 'Fragment Header for IPv6', 60: 'Destination Options for IPv6', 59: 'No Next Header for IPv6' };
  return `${names[p] ?? (ipProtoName(p) || 'Unknown')} (${p})`;
}

/**
 * An IPv4 or IPv6 packet at `buf[p, end)` (`version` from the EtherType or the first nibble).
 * @returns the datagram's end by its own length field (so the link layer can show padding).
 */
export function dissectIp(d: Dissector, p: number, end: number, depth: number, version: number): number {
  if (d.stopped) return end;
  if (depth > MAX_DISSECT_DEPTH) {
    d.malformed(version === 4 ? 'ip' : 'ipv6', p, 'Too many nested encapsulations');
    return end;
  }
  return version === 4 ? dissectIpv4(d, p, end, depth) : dissectIpv6(d, p, end, depth);
}

const IP_OPTION_NAMES: Record<number, string> = {
  0: 'End of Options List (EOL)', 1: 'No-Operation (NOP)', 7: 'Record Route', 68: 'Time Stamp', 130: 'Security',
  131: 'Loose Source Route', 137: 'Strict Source Route', 148: 'Router Alert',
};

function dissectIpv4(d: Dissector, p: number, end: number, depth: number): number {
  const l = d.layer('ip', 'Internet Protocol Version 4', p, end);
  if (!d.has(p, 1)) {
    d.cut('ip', p);
    return end;
  }
  const vhl = d.u8(p);
  const hdr = (vhl & 15) * 4;
  d.field(l, 'ip.version', `${vhl >> 4}`, p, 1);
  if (vhl >> 4 !== 4) {
    d.malformed('ip', p, `Bogus IP version (${vhl >> 4})`);
    return end;
  }
  d.field(l, 'ip.hdr_len', `${hdr} bytes (${vhl & 15})`, p, 1);
  if (hdr < 20) {
    d.malformed('ip', p, `Bogus IP header length (${hdr}, must be at least 20)`);
    return end;
  }
  if (!d.has(p, 20)) {
    d.cut('ip', p + 1);
    return end;
  }
  const total = d.u16(p + 2);
  const frag = d.u16(p + 6);
  const proto = d.u8(p + 9);
  const src = formatIpv4(d.u32(p + 12));
  const dst = formatIpv4(d.u32(p + 16));
  l.title = `Internet Protocol Version 4, Src: ${src}, Dst: ${dst}`;
  l.end = Math.min(p + hdr, d.end) - d.base;
  const ds = d.u8(p + 1);
  d.field(l, 'ip.dsfield', `${hex(ds, 2)} (DSCP: ${ds >> 2}, ECN: ${ds & 3})`, p + 1, 1);
  d.field(l, 'ip.len', `${total} bytes`, p + 2, 2);
  d.field(l, 'ip.id', `${hex(d.u16(p + 4), 4)} (${d.u16(p + 4)})`, p + 4, 2);
  const flagNames = [(frag & 0x8000) !== 0 ? 'Reserved' : '', (frag & 0x4000) !== 0 ? "Don't fragment" : '', (frag & 0x2000) !== 0 ? 'More fragments' : ''].filter((s) => s !== '');
  d.field(l, 'ip.flags', `${hex((frag >> 8) & 0xe0, 2)}${flagNames.length ? ` (${flagNames.join(', ')})` : ''}`, p + 6, 1);
  d.field(l, 'ip.frag_offset', `${(frag & 0x1fff) * 8} bytes`, p + 6, 2);
  d.field(l, 'ip.ttl', `${d.u8(p + 8)}`, p + 8, 1);
  d.field(l, 'ip.proto', protoText(proto), p + 9, 1);
  d.field(l, 'ip.checksum', hex(d.u16(p + 10), 4), p + 10, 2);
  d.field(l, 'ip.src', src, p + 12, 4);
  d.field(l, 'ip.dst', dst, p + 16, 4);
  if (total !== 0 && total < hdr) {
    d.malformed('ip', p + 2, `Bogus IP length (${total}, less than header length ${hdr})`);
    return end;
  }
  // Options (RFC 791 §3.1): EOL ends them, NOP is one byte, the rest are type-length-value.
  let q = p + 20;
  while (q < p + hdr && d.has(q, 1)) {
    const type = d.u8(q);
    let len = 1;
    if (type > 1) {
      if (!d.has(q, 2)) break;
      len = d.u8(q + 1);
      if (len < 2 || q + len > p + hdr) {
        d.field(l, 'ip.opt.type', `${IP_OPTION_NAMES[type] ?? 'Unknown'} (${type})`, q, 1);
        d.field(l, 'ip.opt.len', `${len} (bad)`, q + 1, 1);
        break;
      }
    }
    d.field(l, 'ip.opt.type', `${IP_OPTION_NAMES[type] ?? 'Unknown'} (${type})`, q, 1);
    if (type > 1) d.field(l, 'ip.opt.len', `${len} bytes`, q + 1, 1);
    q += len;
    if (type === 0) break;
  }
  if (!d.has(p, hdr)) {
    d.cut('ip', p + 20);
    return end;
  }
  const dgEnd = total !== 0 && p + total < end ? p + total : end;
  if ((frag & 0x1fff) !== 0) {
    d.data(p + hdr, dgEnd);
    return total !== 0 ? p + total : end;
  }
  dissectIpPayload(d, proto, p + hdr, dgEnd, depth, 4);
  return total !== 0 ? p + total : end;
}

const EXT_TITLES: Record<number, [string, string]> = {
  0: ['ipv6.hopopts', 'IPv6 Hop-by-Hop Option'],
  43: ['ipv6.routing', 'Routing Header for IPv6'],
  44: ['ipv6.fraghdr', 'Fragment Header for IPv6'],
  60: ['ipv6.dstopts', 'Destination Options for IPv6'],
};

function dissectIpv6(d: Dissector, p: number, end: number, depth: number): number {
  const l = d.layer('ipv6', 'Internet Protocol Version 6', p, end);
  if (!d.has(p, 1)) {
    d.cut('ipv6', p);
    return end;
  }
  d.field(l, 'ipv6.version', `${d.u8(p) >> 4}`, p, 1);
  if (d.u8(p) >> 4 !== 6) {
    d.malformed('ipv6', p, `Bogus IP version (${d.u8(p) >> 4})`);
    return end;
  }
  if (!d.has(p, 40)) {
    d.cut('ipv6', p + 1);
    return end;
  }
  const w0 = d.u32(p);
  const plen = d.u16(p + 4);
  let nh = d.u8(p + 6);
  const src = formatIpv6(d.buf, p + 8);
  const dst = formatIpv6(d.buf, p + 24);
  l.title = `Internet Protocol Version 6, Src: ${src}, Dst: ${dst}`;
  l.end = p + 40 - d.base;
  d.field(l, 'ipv6.tclass', hex((w0 >>> 20) & 0xff, 2), p, 4);
  d.field(l, 'ipv6.flow', hex(w0 & 0xfffff, 5), p + 1, 3);
  d.field(l, 'ipv6.plen', `${plen} bytes`, p + 4, 2);
  d.field(l, 'ipv6.nxt', protoText(nh), p + 6, 1);
  d.field(l, 'ipv6.hlim', `${d.u8(p + 7)}`, p + 7, 1);
  d.field(l, 'ipv6.src', src, p + 8, 16);
  d.field(l, 'ipv6.dst', dst, p + 24, 16);
  const dgEnd = plen !== 0 && p + 40 + plen < end ? p + 40 + plen : end;
  let q = p + 40;
  for (let guard = 0; guard < 32 && (nh === 0 || nh === 43 || nh === 44 || nh === 60); guard++) {
    const [proto, title] = EXT_TITLES[nh];
    const x = d.layer(proto, title, q, q + 8);
    if (!d.has(q, 2)) {
      d.cut('ipv6', q);
      return dgEnd;
    }
    const next = d.u8(q);
    const len = nh === 44 ? 8 : (d.u8(q + 1) + 1) * 8;
    x.end = Math.min(q + len, d.end) - d.base;
    d.field(x, `${proto}.nxt`, protoText(next), q, 1);
    if (nh === 44) {
      if (!d.has(q, 8)) {
        d.cut('ipv6', q + 1);
        return dgEnd;
      }
      const fo = d.u16(q + 2);
      d.field(x, 'ipv6.fraghdr.offset', `${(fo >> 3) * 8} bytes`, q + 2, 2);
      d.field(x, 'ipv6.fraghdr.more', `${fo & 1}`, q + 2, 2);
      d.field(x, 'ipv6.fraghdr.ident', hex(d.u32(q + 4), 8), q + 4, 4);
      if ((fo & 0xfff8) !== 0) {
        d.data(q + 8, dgEnd);
        return dgEnd;
      }
    } else {
      d.field(x, `${proto}.len`, `${d.u8(q + 1)} (${len} bytes)`, q + 1, 1);
      if (nh === 43 && d.has(q, 4)) {
        d.field(x, 'ipv6.routing.type', `${d.u8(q + 2)}`, q + 2, 1);
        d.field(x, 'ipv6.routing.segleft', `${d.u8(q + 3)}`, q + 3, 1);
      }
      if (!d.has(q, len)) {
        d.cut('ipv6', q + 2);
        return dgEnd;
      }
      if ((nh === 0 || nh === 60) && !ipv6Options(d, x, q + 2, q + len)) return dgEnd;
    }
    if (q + len > dgEnd) {
      d.malformed('ipv6', q, `${title} runs past the payload length`);
      return dgEnd;
    }
    nh = next;
    q += len;
  }
  dissectIpPayload(d, nh, q, dgEnd, depth, 6);
  return plen !== 0 ? p + 40 + plen : end;
}

const IPV6_OPTION_NAMES: Record<number, string> = { 0: 'Pad1', 1: 'PadN', 5: 'Router Alert', 0xc2: 'Jumbo Payload', 0xc9: 'Home Address', 0x3e: 'CALIPSO' };

/**
 * TLV options of a Hop-by-Hop / Destination Options header in `[p, hdrEnd)` (RFC 8200 §4.2); the
 * Home Address option always spans 16 bytes of data (RFC 6275 §6.3). An option running past the
 * header is malformed (as tshark says). Returns false when the tree ended.
 */
function ipv6Options(d: Dissector, l: DissectLayer, p: number, hdrEnd: number): boolean {
  for (let guard = 0; guard < 256 && p < hdrEnd; guard++) {
    const type = d.u8(p);
    d.field(l, 'ipv6.opt.type', `${IPV6_OPTION_NAMES[type] ?? 'Unknown'} (${hex(type, 2)})`, p, 1);
    if (type === 0) {
      p++;
      continue;
    }
    if (p + 2 > hdrEnd) {
      d.malformed('ipv6', p, 'Option runs past the end of its header');
      return false;
    }
    let len = d.u8(p + 1);
    d.field(l, 'ipv6.opt.length', `${len} bytes`, p + 1, 1);
    if (type === 0xc9) len = 16;
    if (p + 2 + len > hdrEnd) {
      d.malformed('ipv6', p, 'Option runs past the end of its header');
      return false;
    }
    p += 2 + len;
  }
  return true;
}

/** Dispatches the payload of an IP header with protocol number `proto`. */
function dissectIpPayload(d: Dissector, proto: number, p: number, end: number, depth: number, version: number): void {
  if (d.stopped) return;
  switch (proto) {
    case 6:
      dissectTcp(d, p, end);
      return;
    case 17:
      dissectUdp(d, p, end, depth, version);
      return;
    case 1:
      dissectIcmp(d, p, end, depth, false);
      return;
    case 58:
      dissectIcmp(d, p, end, depth, true);
      return;
    case 2:
      dissectIgmp(d, p, end);
      return;
    case 4:
      dissectIp(d, p, end, depth + 1, 4);
      return;
    case 41:
      dissectIp(d, p, end, depth + 1, 6);
      return;
    case 47:
      dissectGre(d, p, end, depth + 1);
      return;
    case 51:
      dissectAh(d, p, end, depth, version);
      return;
    case 50: {
      const l = d.layer('esp', 'Encapsulating Security Payload', p, end);
      if (!d.has(p, 8)) {
        d.cut('esp', p);
        return;
      }
      d.field(l, 'esp.spi', hex(d.u32(p), 8), p, 4);
      d.field(l, 'esp.sequence', `${d.u32(p + 4)}`, p + 4, 4);
      return;
    }
    case 59:
      return;
    default:
      d.data(p, end);
  }
}

/** Authentication Header (RFC 4302): the payload after it is dissected as its next header. */
function dissectAh(d: Dissector, p: number, end: number, depth: number, version: number): void {
  const l = d.layer('ah', 'Authentication Header', p, end);
  if (!d.has(p, 12)) {
    d.cut('ah', p);
    return;
  }
  const next = d.u8(p);
  const len = (d.u8(p + 1) + 2) * 4;
  l.end = Math.min(p + len, d.end) - d.base;
  d.field(l, 'ah.next_header', protoText(next), p, 1);
  d.field(l, 'ah.length', `${d.u8(p + 1)} (${len} bytes)`, p + 1, 1);
  d.field(l, 'ah.spi', hex(d.u32(p + 4), 8), p + 4, 4);
  d.field(l, 'ah.sequence', `${d.u32(p + 8)}`, p + 8, 4);
  if (!d.has(p, len)) {
    d.cut('ah', p + 12);
    return;
  }
  dissectIpPayload(d, next, p + len, end, depth + 1, version);
}

const TCP_OPTION_NAMES: Record<number, string> = {
  0: 'End of Option List (EOL)', 1: 'No-Operation (NOP)', 2: 'Maximum segment size', 3: 'Window scale',
  4: 'SACK permitted', 5: 'SACK', 8: 'Time stamp', 28: 'User Timeout', 29: 'TCP-AO', 30: 'Multipath TCP', 34: 'TCP Fast Open',
};

function dissectTcp(d: Dissector, p: number, end: number): void {
  const l = d.layer('tcp', 'Transmission Control Protocol', p, end);
  if (!d.has(p, 4)) {
    d.cut('tcp', p);
    return;
  }
  const sport = d.u16(p);
  const dport = d.u16(p + 2);
  l.title = `Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}`;
  d.field(l, 'tcp.srcport', `${sport}`, p, 2);
  d.field(l, 'tcp.dstport', `${dport}`, p + 2, 2);
  if (!d.has(p, 13)) {
    if (d.has(p, 8)) d.field(l, 'tcp.seq', `${d.u32(p + 4)}`, p + 4, 4);
    d.cut('tcp', p + 4);
    return;
  }
  const seq = d.u32(p + 4);
  d.field(l, 'tcp.seq', `${seq}`, p + 4, 4);
  const hdr = (d.u8(p + 12) >> 4) * 4;
  if (hdr < 20) {
    d.field(l, 'tcp.hdr_len', `${hdr} bytes (${hdr / 4})`, p + 12, 1);
    d.malformed('tcp', p + 12, `Bogus TCP header length (${hdr}, must be at least 20)`);
    return;
  }
  d.field(l, 'tcp.ack', `${d.u32(p + 8)}`, p + 8, 4);
  d.field(l, 'tcp.hdr_len', `${hdr} bytes (${hdr / 4})`, p + 12, 1);
  if (!d.has(p, 20)) {
    if (d.has(p, 14)) {
      const flags = d.u16(p + 12) & 0x0fff;
      d.field(l, 'tcp.flags', `${hex(flags, 3)} (${tcpFlagsText(flags)})`, p + 12, 2);
    }
    d.cut('tcp', p + 13);
    return;
  }
  const flags = d.u16(p + 12) & 0x0fff;
  const payStart = p + hdr;
  const segLen = end > payStart ? end - payStart : 0;
  l.title += `, Seq: ${seq}, Len: ${segLen}`;
  l.end = Math.min(payStart, d.end) - d.base;
  d.field(l, 'tcp.flags', `${hex(flags, 3)} (${tcpFlagsText(flags) || '<None>'})`, p + 12, 2);
  d.field(l, 'tcp.window_size_value', `${d.u16(p + 14)}`, p + 14, 2);
  d.field(l, 'tcp.checksum', hex(d.u16(p + 16), 4), p + 16, 2);
  d.field(l, 'tcp.urgent_pointer', `${d.u16(p + 18)}`, p + 18, 2);
  if (hdr > 20) {
    d.field(l, 'tcp.options', `${hdr - 20} bytes`, p + 20, hdr - 20);
    let q = p + 20;
    for (let guard = 0; guard < 40 && q < payStart && d.has(q, 1); guard++) {
      const kind = d.u8(q);
      let len = 1;
      if (kind > 1) {
        if (!d.has(q, 2)) break;
        len = d.u8(q + 1);
        if (len < 2 || q + len > payStart) {
          d.field(l, 'tcp.option_kind', `${TCP_OPTION_NAMES[kind] ?? 'Unknown'} (${kind})`, q, 1);
          d.field(l, 'tcp.option_len', `${len} (bad)`, q + 1, 1);
          break;
        }
      }
      d.field(l, 'tcp.option_kind', `${TCP_OPTION_NAMES[kind] ?? 'Unknown'} (${kind})`, q, 1);
      if (kind > 1) d.field(l, 'tcp.option_len', `${len} bytes`, q + 1, 1);
      if (kind === 2 && len === 4 && d.has(q, 4)) d.field(l, 'tcp.options.mss_val', `${d.u16(q + 2)} bytes`, q + 2, 2);
      if (kind === 3 && len === 3 && d.has(q, 3)) d.field(l, 'tcp.options.wscale.shift', `${d.u8(q + 2)}`, q + 2, 1);
      if (kind === 8 && len === 10 && d.has(q, 10)) {
        d.field(l, 'tcp.options.timestamp.tsval', `${d.u32(q + 2)}`, q + 2, 4);
        d.field(l, 'tcp.options.timestamp.tsecr', `${d.u32(q + 6)}`, q + 6, 4);
      }
      q += len;
      if (kind === 0) break;
    }
  }
  if (!d.has(p, hdr)) {
    d.cut('tcp', p + 20);
    return;
  }
  if (segLen === 0) return;
  // tshark hands an RST's payload to no protocol: it is the "reset cause" text.
  if ((flags & 0x04) !== 0) {
    d.field(l, 'tcp.reset_cause', formatTextTshark(d.buf, payStart, Math.min(end, d.end) - payStart), payStart, segLen);
    return;
  }
  d.field(l, 'tcp.payload', `${segLen} bytes`, payStart, segLen);
  dissectTcpPayload(d, payStart, end, sport, dport);
}

/** A TCP segment's payload: DNS on its ports, else TLS records, HTTP/1, or "Data". */
function dissectTcpPayload(d: Dissector, p: number, end: number, sport: number, dport: number): void {
  if (tcpApp(sport, dport) === APP_DNS) {
    dissectDns(d, p, end, 'dns', true);
    return;
  }
  if (looksLikeTls(d, p, end)) {
    dissectTls(d, p, end);
    return;
  }
  if (looksLikeHttp(d, p, end)) {
    dissectHttp(d, p, end);
    return;
  }
  // A segment in the middle of a stream on an HTTP or TLS port (reassembly is off).
  const byPort = tcpPortProtocol(sport, dport);
  if (byPort === 'http') {
    d.layer('http', 'Hypertext Transfer Protocol (continuation)', p, end);
    return;
  }
  if (byPort === 'tls') {
    const l = d.layer('tls', 'Transport Layer Security (continuation)', p, end);
    d.field(l, 'tls.segment.data', `${Math.min(end, d.end) - p} bytes`, p, Math.min(end, d.end) - p);
    return;
  }
  d.data(p, end);
}

function dissectUdp(d: Dissector, p: number, end: number, depth: number, version: number): void {
  const l = d.layer('udp', 'User Datagram Protocol', p, p + 8);
  if (!d.has(p, 4)) {
    d.cut('udp', p);
    return;
  }
  const sport = d.u16(p);
  const dport = d.u16(p + 2);
  l.title = `User Datagram Protocol, Src Port: ${sport}, Dst Port: ${dport}`;
  d.field(l, 'udp.srcport', `${sport}`, p, 2);
  d.field(l, 'udp.dstport', `${dport}`, p + 2, 2);
  if (!d.has(p, 8)) {
    d.cut('udp', p + 4);
    return;
  }
  const ulen = d.u16(p + 4);
  d.field(l, 'udp.length', `${ulen} bytes`, p + 4, 2);
  let payEnd = end;
  if (ulen < 8 && !(ulen === 0 && version === 6)) {
    d.malformed('udp', p + 4, `Bad length value ${ulen} < 8`);
    return;
  }
  d.field(l, 'udp.checksum', hex(d.u16(p + 6), 4), p + 6, 2);
  if (ulen >= 8 && p + ulen < end) payEnd = p + ulen;
  const q = p + 8;
  if (q >= payEnd) return;
  d.field(l, 'udp.payload', `${payEnd - q} bytes`, q, payEnd - q);
  dissectUdpPayload(d, q, payEnd, sport, dport, depth);
}

/** A UDP payload by tshark's port choice (ports.ts), DHCP on 67/68 and QUIC on 443 added. */
function dissectUdpPayload(d: Dissector, p: number, end: number, sport: number, dport: number, depth: number): void {
  const app = udpAppForPayload(d.buf, p, end, sport, dport);
  if (isDnsApp(app)) {
    dissectDns(d, p, end, app === APP_MDNS ? 'mdns' : app === APP_LLMNR ? 'llmnr' : 'dns', false);
    return;
  }
  if (depth >= MAX_DISSECT_DEPTH) {
    d.data(p, end);
    return;
  }
  switch (app) {
    case APP_TEREDO:
      dissectTeredo(d, p, end, depth + 1);
      return;
    case APP_VXLAN:
    case APP_VXLAN_GPE:
      dissectVxlan(d, p, end, depth + 1, app === APP_VXLAN_GPE);
      return;
    case APP_GENEVE:
      dissectGeneve(d, p, end, depth + 1);
      return;
    case APP_GTP:
      dissectGtp(d, p, end, depth + 1);
      return;
    case APP_L2TP:
      dissectL2tp(d, p, end, depth + 1);
      return;
    case APP_GRE_UDP:
      dissectGre(d, p, end, depth + 1);
      return;
    case APP_MPLS_UDP:
      dissectEthertype(d, 0x8847, p, end, depth + 1);
      return;
    case APP_LISP: {
      const l = d.layer('lisp-data', 'Locator/ID Separation Protocol (Data)', p, p + 8);
      if (!d.has(p, 8)) {
        d.cut('lisp-data', p);
        return;
      }
      d.field(l, 'lisp-data.flags', hex(d.u8(p), 2), p, 1);
      const v = p + 8 < end ? d.u8(p + 8) >> 4 : 0;
      if (v === 4 || v === 6) dissectIp(d, p + 8, end, depth + 1, v);
      else d.data(p + 8, end);
      return;
    }
    default:
      break;
  }
  if ((sport === 67 || sport === 68) && (dport === 67 || dport === 68)) {
    dissectDhcp(d, p, end);
    return;
  }
  if ((sport === 443 || dport === 443) && looksLikeQuic(d, p, end)) {
    dissectQuic(d, p, end);
    return;
  }
  d.data(p, end);
}

const ICMP_TYPES: Record<number, string> = {
  0: 'Echo (ping) reply', 3: 'Destination unreachable', 4: 'Source quench', 5: 'Redirect', 8: 'Echo (ping) request',
  9: 'Router advertisement', 10: 'Router solicitation', 11: 'Time-to-live exceeded', 12: 'Parameter problem',
  13: 'Timestamp request', 14: 'Timestamp reply', 17: 'Address mask request', 18: 'Address mask reply',
};
const ICMPV6_TYPES: Record<number, string> = {
  1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 4: 'Parameter Problem',
  128: 'Echo (ping) request', 129: 'Echo (ping) reply', 130: 'Multicast Listener Query', 131: 'Multicast Listener Report',
  132: 'Multicast Listener Done', 133: 'Router Solicitation', 134: 'Router Advertisement', 135: 'Neighbor Solicitation',
  136: 'Neighbor Advertisement', 137: 'Redirect', 143: 'Multicast Listener Report Message v2',
};

/** ICMP (RFC 792) or ICMPv6 (RFC 4443, ND RFC 4861); errors go on into the quoted packet. */
function dissectIcmp(d: Dissector, p: number, end: number, depth: number, v6: boolean): void {
  const s = v6 ? 'icmpv6' : 'icmp';
  const l = d.layer(s, v6 ? 'Internet Control Message Protocol v6' : 'Internet Control Message Protocol', p, end);
  if (!d.has(p, 2)) {
    d.cut(s, p);
    return;
  }
  const type = d.u8(p);
  const code = d.u8(p + 1);
  d.field(l, `${s}.type`, `${type} (${(v6 ? ICMPV6_TYPES : ICMP_TYPES)[type] ?? 'Unknown'})`, p, 1);
  d.field(l, `${s}.code`, `${code}`, p + 1, 1);
  if (!d.has(p, 4)) {
    d.cut(s, p + 2);
    return;
  }
  d.field(l, `${s}.checksum`, hex(d.u16(p + 2), 4), p + 2, 2);
  const echo = v6 ? type === 128 || type === 129 : type === 0 || type === 8;
  const error = v6 ? type >= 1 && type <= 4 : type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
  if (echo) {
    if (!d.has(p, 8)) {
      d.cut(s, p + 4);
      return;
    }
    d.field(l, v6 ? 'icmpv6.echo.identifier' : 'icmp.ident', `${d.u16(p + 4)} (${hex(d.u16(p + 4), 4)})`, p + 4, 2);
    d.field(l, v6 ? 'icmpv6.echo.sequence_number' : 'icmp.seq', `${d.u16(p + 6)} (${hex(d.u16(p + 6), 4)})`, p + 6, 2);
    l.end = Math.min(p + 8, d.end) - d.base;
    d.data(p + 8, end);
    return;
  }
  if (v6 && (type === 135 || type === 136)) {
    if (!d.has(p, 24)) {
      d.cut(s, p + 4);
      return;
    }
    d.field(l, type === 135 ? 'icmpv6.nd.ns.target_address' : 'icmpv6.nd.na.target_address', formatIpv6(d.buf, p + 8), p + 8, 16);
    l.end = Math.min(end, d.end) - d.base;
    return;
  }
  if (error) {
    l.end = Math.min(p + 8, d.end) - d.base;
    if (!d.has(p, 8)) {
      d.cut(s, p + 4);
      return;
    }
    if (p + 8 < end) {
      const v = d.u8(p + 8) >> 4;
      if (v === 4 || v === 6) dissectIp(d, p + 8, end, depth + 1, v);
      else d.data(p + 8, end);
    }
  }
}

/** IGMP (RFC 2236; version 3 membership reports RFC 3376 §4.2): type, checksum, groups. */
function dissectIgmp(d: Dissector, p: number, end: number): void {
  const l = d.layer('igmp', 'Internet Group Management Protocol', p, end);
  if (!d.has(p, 8)) {
    d.cut('igmp', p);
    return;
  }
  const type = d.u8(p);
  d.field(l, 'igmp.type', hex(type, 2), p, 1);
  if (type === 0x22) {
    l.title = 'Internet Group Management Protocol, Version 3, Membership Report';
    d.field(l, 'igmp.checksum', hex(d.u16(p + 2), 4), p + 2, 2);
    const n = d.u16(p + 6);
    d.field(l, 'igmp.num_grp_recs', `${n}`, p + 6, 2);
    let q = p + 8;
    for (let i = 0; i < n && i < 64; i++) {
      if (!d.has(q, 8)) {
        d.cut('igmp', q);
        return;
      }
      d.field(l, 'igmp.record_type', `${d.u8(q)}`, q, 1);
      d.field(l, 'igmp.aux_data_len', `${d.u8(q + 1)}`, q + 1, 1);
      d.field(l, 'igmp.num_src', `${d.u16(q + 2)}`, q + 2, 2);
      d.field(l, 'igmp.maddr', formatIpv4(d.u32(q + 4)), q + 4, 4);
      q += 8 + d.u16(q + 2) * 4 + d.u8(q + 1) * 4;
    }
    return;
  }
  d.field(l, 'igmp.max_resp', `${d.u8(p + 1)}`, p + 1, 1);
  d.field(l, 'igmp.checksum', hex(d.u16(p + 2), 4), p + 2, 2);
  d.field(l, 'igmp.maddr', formatIpv4(d.u32(p + 4)), p + 4, 4);
}

/** GRE (RFC 2784 / RFC 2890 key and sequence, RFC 1701 routing, RFC 2637 enhanced GRE for PPTP). */
function dissectGre(d: Dissector, p: number, end: number, depth: number): void {
  const l = d.layer('gre', 'Generic Routing Encapsulation', p, p + 4);
  if (!d.has(p, 4)) {
    d.cut('gre', p);
    return;
  }
  const flags = d.u16(p);
  const proto = d.u16(p + 2);
  const version = flags & 7;
  l.title = `Generic Routing Encapsulation (${etherTypeLabel(proto)})`;
  d.field(l, 'gre.flags_and_version', hex(flags, 4), p, 2);
  d.field(l, 'gre.proto', ethertypeText(proto), p + 2, 2);
  let q = p + 4;
  const need = (n: number): boolean => {
    if (d.has(q, n)) return true;
    d.cut('gre', q);
    return false;
  };
  if (version === 0) {
    if ((flags & (GRE_C | GRE_R)) !== 0) {
      if (!need(4)) return;
      d.field(l, 'gre.checksum', hex(d.u16(q), 4), q, 2);
      d.field(l, 'gre.offset', `${d.u16(q + 2)}`, q + 2, 2);
      q += 4;
    }
    if ((flags & GRE_K) !== 0) {
      if (!need(4)) return;
      d.field(l, 'gre.key', `${hex(d.u32(q), 8)} (${d.u32(q)})`, q, 4);
      q += 4;
    }
    if ((flags & GRE_S) !== 0) {
      if (!need(4)) return;
      d.field(l, 'gre.sequence_number', `${d.u32(q)}`, q, 4);
      q += 4;
    }
    if ((flags & GRE_R) !== 0) {
      for (let guard = 0; guard < 256; guard++) {
        if (!need(4)) return;
        const af = d.u16(q);
        const sreLen = d.u8(q + 3);
        q += 4 + sreLen;
        if (af === 0 && sreLen === 0) break;
      }
    }
  } else if (version === 1) {
    if (!need(4)) return;
    d.field(l, 'gre.key.payload_length', `${d.u16(q)} bytes`, q, 2);
    d.field(l, 'gre.key.call_id', `${d.u16(q + 2)}`, q + 2, 2);
    q += 4;
    if ((flags & GRE_S) !== 0) {
      if (!need(4)) return;
      d.field(l, 'gre.sequence_number', `${d.u32(q)}`, q, 4);
      q += 4;
    }
    if ((flags & GRE_A) !== 0) {
      if (!need(4)) return;
      d.field(l, 'gre.ack_number', `${d.u32(q)}`, q, 4);
      q += 4;
    }
  } else {
    d.malformed('gre', p, `Unknown GRE version ${version}`);
    return;
  }
  l.end = Math.min(q, d.end) - d.base;
  if (q > end) {
    d.cut('gre', end);
    return;
  }
  if (q >= end) return;
  if (proto === 0x880b) dissectPpp(d, q, end, depth);
  else if (proto === 0x8200) dissectWlan(d, q, end, false);
  else dissectEthertype(d, proto, q, end, depth);
}

/** Teredo (RFC 4380 §5.1.1): optional authentication and origin indication, then IPv6. */
function dissectTeredo(d: Dissector, p: number, end: number, depth: number): void {
  const l = d.layer('teredo', 'Teredo IPv6 over UDP tunneling', p, p);
  let q = p;
  if (d.has(q, 2) && d.u16(q) === 1) {
    if (!d.has(q, 4)) {
      d.cut('teredo', q);
      return;
    }
    const idLen = d.u8(q + 2);
    const auLen = d.u8(q + 3);
    d.field(l, 'teredo.auth.idlen', `${idLen} bytes`, q + 2, 1);
    d.field(l, 'teredo.auth.aulen', `${auLen} bytes`, q + 3, 1);
    const n = 4 + idLen + auLen + 9;
    if (!d.has(q, n)) {
      d.cut('teredo', q + 4);
      return;
    }
    if (idLen > 0) d.field(l, 'teredo.auth.id', hexBytes(d.buf, q + 4, idLen, 32), q + 4, idLen);
    if (auLen > 0) d.field(l, 'teredo.auth.value', hexBytes(d.buf, q + 4 + idLen, auLen, 32), q + 4 + idLen, auLen);
    d.field(l, 'teredo.auth.nonce', hexBytes(d.buf, q + 4 + idLen + auLen, 8, 8), q + 4 + idLen + auLen, 8);
    d.field(l, 'teredo.auth.conf', hex(d.u8(q + n - 1), 2), q + n - 1, 1);
    q += n;
  }
  if (d.has(q, 2) && d.u16(q) === 0) {
    if (!d.has(q, 8)) {
      d.cut('teredo', q);
      return;
    }
    // Port and address are obfuscated (XOR with all ones), RFC 4380 §5.1.1.
    d.field(l, 'teredo.orig.port', `${d.u16(q + 2) ^ 0xffff}`, q + 2, 2);
    d.field(l, 'teredo.orig.addr', formatIpv4((d.u32(q + 4) ^ 0xffffffff) >>> 0), q + 4, 4);
    q += 8;
  }
  l.end = Math.min(q, d.end) - d.base;
  if (q < end && d.u8(q) >> 4 === 6) dissectIp(d, q, end, depth, 6);
  else d.data(q, end);
}

/** VXLAN (RFC 7348) or VXLAN-GPE: 8-byte header, then Ethernet (or GPE's next protocol). */
function dissectVxlan(d: Dissector, p: number, end: number, depth: number, gpe: boolean): void {
  const l = d.layer('vxlan', 'Virtual eXtensible Local Area Network', p, p + 8);
  if (!d.has(p, 8)) {
    d.cut('vxlan', p);
    return;
  }
  d.field(l, 'vxlan.flags', hex(gpe ? d.u8(p) : d.u16(p), gpe ? 2 : 4), p, gpe ? 1 : 2);
  const next = d.u8(p + 3);
  if (gpe) d.field(l, 'vxlan.next_proto', `${next}`, p + 3, 1);
  const vni = d.u24(p + 4);
  d.field(l, 'vxlan.vni', `${vni}`, p + 4, 3);
  l.title = `Virtual eXtensible Local Area Network, VNI: ${vni}`;
  if (!gpe || next === GPE_ETHERNET) dissectEthernet(d, p + 8, end, depth);
  else if ((next === GPE_IPV4 || next === GPE_IPV6) && p + 8 < end) dissectIp(d, p + 8, end, depth, next === GPE_IPV4 ? 4 : 6);
  else if (next === GPE_MPLS) dissectEthertype(d, 0x8847, p + 8, end, depth);
  else d.data(p + 8, end);
}

/** Geneve (RFC 8926 §3.4): version, option length, protocol type, VNI, options; then the payload. */
function dissectGeneve(d: Dissector, p: number, end: number, depth: number): void {
  const l = d.layer('geneve', 'Generic Network Virtualization Encapsulation', p, p + 8);
  if (!d.has(p, 8)) {
    d.cut('geneve', p);
    return;
  }
  const optLen = (d.u8(p) & 0x3f) * 4;
  const proto = d.u16(p + 2);
  const vni = d.u24(p + 4);
  l.title = `Generic Network Virtualization Encapsulation, VNI: ${hex(vni, 6)}`;
  d.field(l, 'geneve.version', `${d.u8(p) >> 6}`, p, 1);
  d.field(l, 'geneve.flags', hex(d.u8(p + 1), 2), p + 1, 1);
  d.field(l, 'geneve.proto_type', proto === 0x6558 ? `Transparent Ethernet bridging (${hex(proto, 4)})` : ethertypeText(proto), p + 2, 2);
  d.field(l, 'geneve.vni', `${hex(vni, 6)} (${vni})`, p + 4, 3);
  d.field(l, 'geneve.reserved', hex(d.u8(p + 7), 2), p + 7, 1);
  l.end = Math.min(p + 8 + optLen, d.end) - d.base;
  if (optLen > 0) {
    if (!d.has(p + 8, optLen)) {
      d.cut('geneve', p + 8);
      return;
    }
    d.field(l, 'geneve.options', `${optLen} bytes`, p + 8, optLen);
  }
  dissectEthertype(d, proto, p + 8 + optLen, end, depth);
}

/** GTPv1 (3GPP TS 29.281 §5): flags, type, length, TEID, optional fields and extension headers; T-PDU goes on. */
function dissectGtp(d: Dissector, p: number, end: number, depth: number): void {
  const l = d.layer('gtp', 'GPRS Tunneling Protocol', p, p + 8);
  if (!d.has(p, 8)) {
    d.cut('gtp', p);
    return;
  }
  const flags = d.u8(p);
  const type = d.u8(p + 1);
  d.field(l, 'gtp.flags', hex(flags, 2), p, 1);
  d.field(l, 'gtp.message', `${type === 0xff ? 'T-PDU' : 'Unknown'} (${hex(type, 2)})`, p + 1, 1);
  d.field(l, 'gtp.length', `${d.u16(p + 2)} bytes`, p + 2, 2);
  if (flags >> 5 !== 1) {
    d.data(p + 4, end);
    return;
  }
  d.field(l, 'gtp.teid', `${hex(d.u32(p + 4), 8)} (${d.u32(p + 4)})`, p + 4, 4);
  let q = p + 8;
  if ((flags & 7) !== 0) {
    if (!d.has(q, 4)) {
      d.cut('gtp', q);
      return;
    }
    if ((flags & 2) !== 0) d.field(l, 'gtp.seq_number', `${d.u16(q)}`, q, 2);
    if ((flags & 1) !== 0) d.field(l, 'gtp.npdu_number', `${d.u8(q + 2)}`, q + 2, 1);
    if ((flags & 4) !== 0) d.field(l, 'gtp.ext_hdr.next', hex(d.u8(q + 3), 2), q + 3, 1);
    let next = (flags & 4) !== 0 ? d.u8(q + 3) : 0;
    q += 4;
    for (let guard = 0; next !== 0 && guard < 64; guard++) {
      if (!d.has(q, 1)) {
        d.cut('gtp', q);
        return;
      }
      const n = d.u8(q) * 4;
      d.field(l, 'gtp.ext_hdr.length', `${d.u8(q)} (${n} bytes)`, q, 1);
      if (n === 0) {
        d.malformed('gtp', q, 'Extension header length 0');
        return;
      }
      if (!d.has(q, n)) {
        d.cut('gtp', q + 1);
        return;
      }
      next = d.u8(q + n - 1);
      d.field(l, 'gtp.ext_hdr.next', hex(next, 2), q + n - 1, 1);
      q += n;
    }
  }
  l.end = Math.min(q, d.end) - d.base;
  if (type !== 0xff || q >= end) {
    d.data(q, end);
    return;
  }
  const v = d.u8(q) >> 4;
  if (v === 4 || v === 6) dissectIp(d, q, end, depth, v);
  else d.data(q, end);
}

/** L2TPv2 (RFC 2661 §3.1) data messages carry PPP; control messages and L2TPv3 end here. */
function dissectL2tp(d: Dissector, p: number, end: number, depth: number): void {
  const l = d.layer('l2tp', 'Layer 2 Tunneling Protocol', p, end);
  if (!d.has(p, 2)) {
    d.cut('l2tp', p);
    return;
  }
  const flags = d.u16(p);
  const control = (flags & 0x8000) !== 0;
  d.field(l, 'l2tp.type', `${control ? 'Control Message' : 'Data Message'} (${hex(flags, 4)})`, p, 2);
  d.field(l, 'l2tp.version', `${flags & 15}`, p, 2);
  if ((flags & 15) !== 2) {
    l.title = `Layer 2 Tunneling Protocol version ${flags & 15}`;
    d.data(p + 2, end);
    return;
  }
  let q = p + 2;
  const need = (n: number): boolean => {
    if (d.has(q, n)) return true;
    d.cut('l2tp', q);
    return false;
  };
  if ((flags & 0x4000) !== 0) {
    if (!need(2)) return;
    d.field(l, 'l2tp.length', `${d.u16(q)} bytes`, q, 2);
    q += 2;
  }
  if (!need(4)) return;
  d.field(l, 'l2tp.tunnel', `${d.u16(q)}`, q, 2);
  d.field(l, 'l2tp.session', `${d.u16(q + 2)}`, q + 2, 2);
  q += 4;
  if ((flags & 0x0800) !== 0) {
    if (!need(4)) return;
    d.field(l, 'l2tp.Ns', `${d.u16(q)}`, q, 2);
    d.field(l, 'l2tp.Nr', `${d.u16(q + 2)}`, q + 2, 2);
    q += 4;
  }
  if ((flags & 0x0200) !== 0) {
    if (!need(2)) return;
    const pad = d.u16(q);
    d.field(l, 'l2tp.offset', `${pad} bytes`, q, 2);
    q += 2 + pad;
  }
  l.end = Math.min(q, d.end) - d.base;
  if (control || q >= end) {
    d.data(q, end);
    return;
  }
  dissectPpp(d, q, end, depth);
}

