/**
 * Detail-pane layers for applications (cold path): DNS, mDNS and LLMNR messages (RFC 1035 §4.1,
 * RFC 6762, RFC 4795; names read as tshark reads them, dns.ts), DHCP (RFC 2131, options RFC 2132),
 * HTTP/1.x request/status lines and headers (RFC 9112 §3, §4, §5), TLS records and the ClientHello
 * (RFC 8446 §5.1, §4.1.2, SNI RFC 6066 §3), and QUIC long headers (RFC 9000 §17.2, RFC 9369).
 */
import type { DissectLayer } from './packet.js';
import { DNS_HEADER_BYTES, dnsTypeName, readDnsName, readDnsNameText } from './dns.js';
import { formatIpv4, formatIpv6, formatMac, formatTextTshark } from './format.js';
import type { Dissector } from './dissect.js';
import { asciiText, hex, hexBytes } from './dissect.js';

/** Resource records shown per DNS message (a hostile count cannot make the pane huge). */
const MAX_DNS_RECORDS = 100;

const DNS_CLASSES: Record<number, string> = { 1: 'IN', 3: 'CH', 4: 'HS', 254: 'NONE', 255: 'ANY' };
const DNS_OPCODES = ['Standard query', 'Inverse query', 'Server status request', 'Unknown', 'Zone change notification', 'Dynamic update'];
const DNS_RCODES = ['No error', 'Format error', 'Server failure', 'No such name', 'Not implemented', 'Refused'];
const DNS_TITLES: Record<string, string> = {
  dns: 'Domain Name System',
  mdns: 'Multicast Domain Name System',
  llmnr: 'Link-local Multicast Name Resolution',
};

/**
 * A DNS-family message at `buf[p, end)` (`proto` dns, mdns or llmnr). Over TCP, every 2-byte length
 * prefix starts a message (RFC 1035 §4.2.2), each in its own layer.
 */
export function dissectDns(d: Dissector, p: number, end: number, proto: string, tcp: boolean): void {
  if (!tcp) {
    dnsMessage(d, p, end, proto, null);
    return;
  }
  for (let guard = 0; guard < 64 && p < end && !d.stopped; guard++) {
    if (!d.has(p, 2)) {
      d.layer(proto, DNS_TITLES[proto], p, end);
      d.cut(proto, p);
      return;
    }
    const len = d.u16(p);
    const msgEnd = p + 2 + len < end ? p + 2 + len : end;
    dnsMessage(d, p + 2, msgEnd, proto, p);
    p += 2 + len;
  }
}

/** One DNS message; `lenAt` is the TCP length prefix's offset, or null over UDP. */
function dnsMessage(d: Dissector, p: number, end: number, proto: string, lenAt: number | null): void {
  const l = d.layer(proto, DNS_TITLES[proto], lenAt ?? p, end);
  if (lenAt !== null) d.field(l, 'dns.length', `${d.u16(lenAt)} bytes`, lenAt, 2);
  if (p + DNS_HEADER_BYTES > end || !d.has(p, DNS_HEADER_BYTES)) {
    d.cut(proto, p);
    return;
  }
  const flags = d.u16(p + 2);
  const response = (flags & 0x8000) !== 0;
  const opcode = (flags >> 11) & 15;
  const rcode = flags & 15;
  l.title += response ? ' (response)' : ' (query)';
  let ftext = `${hex(flags, 4)} ${DNS_OPCODES[opcode] ?? `Opcode ${opcode}`}`;
  if (response) ftext += ` response, ${DNS_RCODES[rcode] ?? `Rcode ${rcode}`}`;
  d.field(l, 'dns.id', hex(d.u16(p), 4), p, 2);
  d.field(l, 'dns.flags', ftext, p + 2, 2);
  const counts = [d.u16(p + 4), d.u16(p + 6), d.u16(p + 8), d.u16(p + 10)];
  d.field(l, 'dns.count.queries', `${counts[0]}`, p + 4, 2);
  d.field(l, 'dns.count.answers', `${counts[1]}`, p + 6, 2);
  d.field(l, 'dns.count.auth_rr', `${counts[2]}`, p + 8, 2);
  d.field(l, 'dns.count.add_rr', `${counts[3]}`, p + 10, 2);
  let q = p + DNS_HEADER_BYTES;
  let shown = 0;
  for (let i = 0; i < counts[0]; i++, shown++) {
    if (shown >= MAX_DNS_RECORDS) return;
    const len = readDnsName(d.buf, q, p, end);
    if (len < 0 || q + len + 4 > end) {
      dnsBroken(d, proto, q, end);
      return;
    }
    const name = readDnsNameText();
    const type = d.u16(q + len);
    const cls = d.u16(q + len + 2);
    d.field(l, 'dns.qry.name', name, q, len);
    d.field(l, 'dns.qry.type', `${dnsTypeName(type)} (${type})`, q + len, 2);
    d.field(l, 'dns.qry.class', dnsClassText(cls, proto), q + len + 2, 2);
    q += len + 4;
  }
  const total = counts[1] + counts[2] + counts[3];
  for (let i = 0; i < total; i++, shown++) {
    if (shown >= MAX_DNS_RECORDS) return;
    const len = readDnsName(d.buf, q, p, end);
    if (len < 0 || q + len + 10 > end) {
      dnsBroken(d, proto, q, end);
      return;
    }
    const name = readDnsNameText();
    const r = q + len;
    const type = d.u16(r);
    const cls = d.u16(r + 2);
    const ttl = d.u32(r + 4);
    const rdlen = d.u16(r + 8);
    const rd = r + 10;
    // tshark adds a record's item with its whole length first, so a record whose data runs past
    // the message shows none of its fields.
    if (rd + rdlen > end) {
      dnsBroken(d, proto, q, end);
      return;
    }
    if (type === 33 && name !== '' && name[0] !== '<') {
      // SRV owner "_service._proto.name" (RFC 2782), split as packet-dns.c does (at most 3 parts).
      const a = name.indexOf('.');
      const b = a >= 0 ? name.indexOf('.', a + 1) : -1;
      d.field(l, 'dns.srv.service', a >= 0 ? name.slice(0, a) : name, q, len);
      if (a >= 0) d.field(l, 'dns.srv.proto', b >= 0 ? name.slice(a + 1, b) : name.slice(a + 1), q, len);
      if (b >= 0) d.field(l, 'dns.srv.name', name.slice(b + 1), q, len);
    } else {
      d.field(l, 'dns.resp.name', name, q, len);
    }
    d.field(l, 'dns.resp.type', `${dnsTypeName(type)} (${type})`, r, 2);
    if (type === 41) {
      // EDNS(0) OPT pseudo-record (RFC 6891 §6.1.2): class and TTL carry other fields.
      d.field(l, 'dns.rr.udp_payload_size', `${cls} bytes`, r + 2, 2);
      d.field(l, 'dns.resp.ext_rcode', hex(d.u8(r + 4), 2), r + 4, 1);
      d.field(l, 'dns.resp.edns0_version', `${d.u8(r + 5)}`, r + 5, 1);
      d.field(l, 'dns.resp.z', hex(d.u16(r + 6), 4), r + 6, 2);
    } else {
      d.field(l, 'dns.resp.class', dnsClassText(cls, proto), r + 2, 2);
      d.field(l, 'dns.resp.ttl', `${ttl} seconds`, r + 4, 4);
    }
    d.field(l, 'dns.resp.len', `${rdlen} bytes`, r + 8, 2);
    dnsRdata(d, l, type, rd, rdlen, p, end);
    q = rd + rdlen;
  }
}

/** "IN (0x0001)", with mDNS's unicast-response / cache-flush top bit split off. */
function dnsClassText(cls: number, proto: string): string {
  const base = proto === 'mdns' ? cls & 0x7fff : cls;
  const text = `${DNS_CLASSES[base] ?? 'Unknown'} (${hex(base, 4)})`;
  return proto === 'mdns' && (cls & 0x8000) !== 0 ? `${text}, top bit set` : text;
}

/** The record data of the common types: addresses and the names they point to. */
function dnsRdata(d: Dissector, l: DissectLayer, type: number, rd: number, rdlen: number, msg: number, end: number): void {
  const nameAt = (field: string, at: number): void => {
    const len = readDnsName(d.buf, at, msg, end);
    if (len > 0) d.field(l, field, readDnsNameText(), at, len <= rd + rdlen - at ? len : rd + rdlen - at);
  };
  switch (type) {
    case 1:
      if (rdlen === 4) d.field(l, 'dns.a', formatIpv4(d.u32(rd)), rd, 4);
      return;
    case 28:
      if (rdlen === 16) d.field(l, 'dns.aaaa', formatIpv6(d.buf, rd), rd, 16);
      return;
    case 5:
      nameAt('dns.cname', rd);
      return;
    case 12:
      nameAt('dns.ptr.domain_name', rd);
      return;
    case 2:
      nameAt('dns.ns', rd);
      return;
    case 15:
      if (rdlen >= 3) {
        d.field(l, 'dns.mx.preference', `${d.u16(rd)}`, rd, 2);
        nameAt('dns.mx.mail_exchange', rd + 2);
      }
      return;
    case 33:
      if (rdlen >= 7) {
        d.field(l, 'dns.srv.priority', `${d.u16(rd)}`, rd, 2);
        d.field(l, 'dns.srv.weight', `${d.u16(rd + 2)}`, rd + 2, 2);
        d.field(l, 'dns.srv.port', `${d.u16(rd + 4)}`, rd + 4, 2);
        nameAt('dns.srv.target', rd + 6);
      }
      return;
    case 16: {
      let t = rd;
      for (let guard = 0; guard < 64 && t < rd + rdlen; guard++) {
        const n = d.u8(t);
        if (t + 1 + n > rd + rdlen) break;
        d.field(l, 'dns.txt.length', `${n} bytes`, t, 1);
        d.field(l, 'dns.txt', formatTextTshark(d.buf, t + 1, n), t + 1, n);
        t += 1 + n;
      }
      return;
    }
    default:
      return;
  }
}

/** Ends the tree in a message that runs out: cut by the snaplen (short) or claiming absent bytes (malformed). */
function dnsBroken(d: Dissector, proto: string, at: number, end: number): void {
  if (d.truncated && end >= d.end) d.cut(proto, at < d.end ? at : d.end);
  else d.malformed(proto, at < end ? at : end, 'Name, record or field runs past the end of the message');
}

const DHCP_MESSAGE_TYPES: Record<number, string> = {
  1: 'Discover', 2: 'Offer', 3: 'Request', 4: 'Decline', 5: 'ACK', 6: 'NAK', 7: 'Release', 8: 'Inform',
  9: 'Force Renew', 10: 'Lease query', 11: 'Lease Unassigned', 12: 'Lease Unknown', 13: 'Lease Active',
};
const DHCP_OPTION_NAMES: Record<number, string> = {
  1: 'Subnet Mask', 3: 'Router', 6: 'Domain Name Server', 12: 'Host Name', 15: 'Domain Name',
  28: 'Broadcast Address', 50: 'Requested IP Address', 51: 'IP Address Lease Time', 53: 'DHCP Message Type',
  54: 'DHCP Server Identifier', 55: 'Parameter Request List', 57: 'Maximum DHCP Message Size', 58: 'Renewal Time Value',
  59: 'Rebinding Time Value', 60: 'Vendor class identifier', 61: 'Client identifier', 81: 'Client Fully Qualified Domain Name',
  255: 'End',
};

/** DHCP / BOOTP (RFC 2131 §2, options RFC 2132): fixed header, magic cookie, options. */
export function dissectDhcp(d: Dissector, p: number, end: number): void {
  const l = d.layer('dhcp', 'Dynamic Host Configuration Protocol', p, end);
  if (!d.has(p, 236) || p + 236 > end) {
    if (d.has(p, 1)) d.field(l, 'dhcp.type', `${d.u8(p) === 1 ? 'Boot Request' : 'Boot Reply'} (${d.u8(p)})`, p, 1);
    dnsBroken(d, 'dhcp', p, end);
    return;
  }
  const op = d.u8(p);
  const htype = d.u8(p + 1);
  const hlen = d.u8(p + 2);
  d.field(l, 'dhcp.type', `${op === 1 ? 'Boot Request' : op === 2 ? 'Boot Reply' : 'Unknown'} (${op})`, p, 1);
  d.field(l, 'dhcp.hw.type', `${htype === 1 ? 'Ethernet' : 'Unknown'} (${hex(htype, 2)})`, p + 1, 1);
  d.field(l, 'dhcp.hw.len', `${hlen}`, p + 2, 1);
  d.field(l, 'dhcp.hops', `${d.u8(p + 3)}`, p + 3, 1);
  d.field(l, 'dhcp.id', hex(d.u32(p + 4), 8), p + 4, 4);
  d.field(l, 'dhcp.secs', `${d.u16(p + 8)} seconds`, p + 8, 2);
  const flags = d.u16(p + 10);
  d.field(l, 'dhcp.flags', `${hex(flags, 4)} (${(flags & 0x8000) !== 0 ? 'Broadcast' : 'Unicast'})`, p + 10, 2);
  d.field(l, 'dhcp.ip.client', formatIpv4(d.u32(p + 12)), p + 12, 4);
  d.field(l, 'dhcp.ip.your', formatIpv4(d.u32(p + 16)), p + 16, 4);
  d.field(l, 'dhcp.ip.server', formatIpv4(d.u32(p + 20)), p + 20, 4);
  d.field(l, 'dhcp.ip.relay', formatIpv4(d.u32(p + 24)), p + 24, 4);
  if (htype === 1 && hlen === 6) d.field(l, 'dhcp.hw.mac_addr', formatMac(d.buf, p + 28), p + 28, 6);
  else d.field(l, 'dhcp.hw.addr', hexBytes(d.buf, p + 28, hlen < 16 ? hlen : 16, 16), p + 28, hlen < 16 ? hlen : 16);
  const sname = cString(d, p + 44, 64);
  d.field(l, 'dhcp.server', sname === '' ? 'not given' : sname, p + 44, 64);
  const file = cString(d, p + 108, 128);
  d.field(l, 'dhcp.file', file === '' ? 'not given' : file, p + 108, 128);
  if (!d.has(p, 240) || p + 240 > end) return;
  const cookie = d.u32(p + 236);
  d.field(l, 'dhcp.cookie', cookie === 0x63825363 ? 'DHCP' : hex(cookie, 8), p + 236, 4);
  if (cookie !== 0x63825363) return;
  let q = p + 240;
  for (let guard = 0; guard < 256 && q < end; guard++) {
    if (!d.has(q, 1)) {
      d.cut('dhcp', q);
      return;
    }
    const code = d.u8(q);
    if (code === 0) {
      q++;
      continue;
    }
    if (code === 255) {
      d.field(l, 'dhcp.option.end', '255', q, 1);
      return;
    }
    if (!d.has(q, 2) || q + 2 + d.u8(q + 1) > end || !d.has(q, 2 + d.u8(q + 1))) {
      dnsBroken(d, 'dhcp', q, end);
      return;
    }
    const len = d.u8(q + 1);
    const v = q + 2;
    d.field(l, 'dhcp.option.type', `(${code}) ${DHCP_OPTION_NAMES[code] ?? 'Unknown'}, ${len} bytes`, q, 2 + len);
    if (code === 53 && len === 1) {
      const t = d.u8(v);
      d.field(l, 'dhcp.option.dhcp', `${DHCP_MESSAGE_TYPES[t] ?? 'Unknown'} (${t})`, v, 1);
      l.title = `Dynamic Host Configuration Protocol (${DHCP_MESSAGE_TYPES[t] ?? 'Unknown'})`;
    } else if (code === 12) {
      d.field(l, 'dhcp.option.hostname', formatTextTshark(d.buf, v, len), v, len);
    } else if (code === 50 && len === 4) {
      d.field(l, 'dhcp.option.requested_ip_address', formatIpv4(d.u32(v)), v, 4);
    } else if (code === 54 && len === 4) {
      d.field(l, 'dhcp.option.dhcp_server_id', formatIpv4(d.u32(v)), v, 4);
    } else if (code === 51 && len === 4) {
      d.field(l, 'dhcp.option.ip_address_lease_time', `${d.u32(v)} seconds`, v, 4);
    } else if (code === 60) {
      d.field(l, 'dhcp.option.vendor_class_id', formatTextTshark(d.buf, v, len), v, len);
    } else if (code === 15) {
      d.field(l, 'dhcp.option.domain_name', formatTextTshark(d.buf, v, len), v, len);
    }
    q = v + len;
  }
}

/** A NUL-terminated (or full-width) ASCII string of at most `n` bytes. */
function cString(d: Dissector, at: number, n: number): string {
  let k = 0;
  while (k < n && d.u8(at + k) !== 0) k++;
  return formatTextTshark(d.buf, at, k);
}

const HTTP_METHODS = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH', 'PROPFIND', 'NOTIFY', 'M-SEARCH', 'SUBSCRIBE'];

/** True when the payload starts with an HTTP/1 request method and a space, or "HTTP/1.". */
export function looksLikeHttp(d: Dissector, p: number, end: number): boolean {
  const n = end - p < 12 ? end - p : 12;
  if (n < 5 || !d.has(p, n)) return false;
  const head = asciiText(d.buf, p, n);
  if (head.startsWith('HTTP/1.')) return true;
  for (const m of HTTP_METHODS) if (head.startsWith(`${m} `)) return true;
  return false;
}

/** HTTP/1.x (RFC 9112): the request or status line split into its parts, then the header lines. */
export function dissectHttp(d: Dissector, p: number, end: number): void {
  const stop = end < d.end ? end : d.end;
  const l = d.layer('http', 'Hypertext Transfer Protocol', p, stop);
  let q = p;
  let first = true;
  let response = false;
  for (let guard = 0; guard < 100 && q < stop; guard++) {
    let e = q;
    while (e < stop && d.u8(e) !== 0x0a) e++;
    if (e >= stop) {
      // A line without its end: cut by the snaplen, or continued in the next segment (reassembly is off).
      l.end = q - d.base;
      if (d.truncated && stop >= d.end) d.cut('http', q);
      else d.field(l, 'http.continuation', `${stop - q} bytes`, q, stop - q);
      return;
    }
    const lineEnd = e + 1;
    let textEnd = e;
    if (textEnd > q && d.u8(textEnd - 1) === 0x0d) textEnd--;
    const line = asciiText(d.buf, q, textEnd - q);
    if (line === '') {
      l.end = lineEnd - d.base;
      if (lineEnd < stop) d.field(l, 'http.file_data', `${stop - lineEnd} bytes`, lineEnd, stop - lineEnd);
      return;
    }
    if (first) {
      first = false;
      const a = line.indexOf(' ');
      const b = a >= 0 ? line.indexOf(' ', a + 1) : -1;
      response = line.startsWith('HTTP/');
      if (response) {
        d.field(l, 'http.response.version', line.slice(0, a < 0 ? line.length : a), q, a < 0 ? line.length : a);
        if (a >= 0) {
          const codeEnd = b < 0 ? line.length : b;
          d.field(l, 'http.response.code', line.slice(a + 1, codeEnd), q + a + 1, codeEnd - a - 1);
          if (b >= 0) d.field(l, 'http.response.phrase', line.slice(b + 1), q + b + 1, line.length - b - 1);
        }
        l.title = `Hypertext Transfer Protocol, ${line}`;
      } else {
        d.field(l, 'http.request.method', line.slice(0, a < 0 ? line.length : a), q, a < 0 ? line.length : a);
        if (a >= 0) {
          const uriEnd = b < 0 ? line.length : b;
          d.field(l, 'http.request.uri', line.slice(a + 1, uriEnd), q + a + 1, uriEnd - a - 1);
          if (b >= 0) d.field(l, 'http.request.version', line.slice(b + 1), q + b + 1, line.length - b - 1);
        }
        l.title = `Hypertext Transfer Protocol, ${line}`;
      }
    } else {
      d.field(l, response ? 'http.response.line' : 'http.request.line', line, q, lineEnd - q);
      const colon = line.indexOf(':');
      if (colon > 0) {
        const key = line.slice(0, colon).toLowerCase();
        let vs = colon + 1;
        while (vs < line.length && line[vs] === ' ') vs++;
        const value = line.slice(vs);
        const field = key === 'host' ? 'http.host' : key === 'user-agent' ? 'http.user_agent' : key === 'content-type' ? 'http.content_type' : key === 'content-length' ? 'http.content_length_header' : key === 'server' ? 'http.server' : '';
        // Wireshark's header fields cover the whole line, CRLF included.
        if (field !== '') d.field(l, field, value, q, lineEnd - q);
      }
    }
    q = lineEnd;
  }
  l.end = q - d.base;
}

const TLS_CONTENT_TYPES: Record<number, string> = { 20: 'Change Cipher Spec', 21: 'Alert', 22: 'Handshake', 23: 'Application Data', 24: 'Heartbeat' };
const TLS_VERSIONS: Record<number, string> = { 0x0300: 'SSL 3.0', 0x0301: 'TLS 1.0', 0x0302: 'TLS 1.1', 0x0303: 'TLS 1.2', 0x0304: 'TLS 1.3' };
const TLS_HANDSHAKES: Record<number, string> = {
  0: 'Hello Request', 1: 'Client Hello', 2: 'Server Hello', 4: 'New Session Ticket', 8: 'Encrypted Extensions',
  11: 'Certificate', 12: 'Server Key Exchange', 13: 'Certificate Request', 14: 'Server Hello Done',
  15: 'Certificate Verify', 16: 'Client Key Exchange', 20: 'Finished',
};
const TLS_EXTENSIONS: Record<number, string> = {
  0: 'server_name', 5: 'status_request', 10: 'supported_groups', 11: 'ec_point_formats', 13: 'signature_algorithms',
  16: 'application_layer_protocol_negotiation', 21: 'padding', 23: 'extended_master_secret', 35: 'session_ticket',
  41: 'pre_shared_key', 43: 'supported_versions', 45: 'psk_key_exchange_modes', 51: 'key_share', 65037: 'encrypted_client_hello',
  65281: 'renegotiation_info',
};

/** True when the payload starts with a TLS record header (content type 20-24, version 3.x). */
export function looksLikeTls(d: Dissector, p: number, end: number): boolean {
  if (end - p < 5 || !d.has(p, 5)) return false;
  const t = d.u8(p);
  return t >= 20 && t <= 24 && d.u8(p + 1) === 3 && d.u8(p + 2) <= 4;
}

function tlsVersion(v: number): string {
  return `${TLS_VERSIONS[v] ?? 'Unknown'} (${hex(v, 4)})`;
}

/**
 * True when the handshake messages in `[p, recEnd)` chain exactly (known types, lengths summing to
 * the record): then they are plaintext. Encrypted handshake records (after ChangeCipherSpec)
 * practically never do.
 */
function plainHandshakes(d: Dissector, p: number, recEnd: number): boolean {
  for (let guard = 0; guard < 32; guard++) {
    if (p === recEnd) return true;
    if (p + 4 > recEnd || TLS_HANDSHAKES[d.u8(p)] === undefined) return false;
    p += 4 + d.u24(p + 1);
  }
  return false;
}

/**
 * TLS records (RFC 8446 §5.1): each record wholly inside the segment gets its header fields;
 * plaintext handshake messages are named, the ClientHello read to its extensions with SNI. A record
 * that continues in later segments is not shown (reassembly is off, as tshark 4.0 then does).
 */
export function dissectTls(d: Dissector, p: number, end: number): void {
  const stop = end < d.end ? end : d.end;
  const l = d.layer('tls', 'Transport Layer Security', p, end);
  let q = p;
  let encrypted = false;
  let tls13 = false;
  for (let guard = 0; guard < 32 && q + 5 <= stop; guard++) {
    const type = d.u8(q);
    if (type < 20 || type > 24 || d.u8(q + 1) !== 3) {
      d.field(l, 'tls.ignored_unknown_record', `${stop - q} bytes`, q, stop - q);
      return;
    }
    const len = d.u16(q + 3);
    const body = q + 5;
    const recEnd = body + len;
    if (recEnd > stop) {
      if (d.truncated && recEnd > d.end && end >= d.end) d.cut('tls', q);
      else d.field(l, 'tls.segment.data', `${stop - q} bytes (record continues in the next segment)`, q, stop - q);
      return;
    }
    // Once a ServerHello in this segment chose TLS 1.3, Wireshark calls the outer type "opaque".
    d.field(l, tls13 && type === 23 ? 'tls.record.opaque_type' : 'tls.record.content_type', `${TLS_CONTENT_TYPES[type] ?? 'Unknown'} (${type})`, q, 1);
    d.field(l, 'tls.record.version', tlsVersion(d.u16(q + 1)), q + 1, 2);
    d.field(l, 'tls.record.length', `${len} bytes`, q + 3, 2);
    if (type === 20) encrypted = true;
    if (type === 22) {
      if (!encrypted && plainHandshakes(d, body, recEnd)) {
        for (let h = body, k = 0; h < recEnd && k < 32; k++) {
          const hs = d.u8(h);
          const hsLen = d.u24(h + 1);
          d.field(l, 'tls.handshake.type', `${TLS_HANDSHAKES[hs]} (${hs})`, h, 1);
          d.field(l, 'tls.handshake.length', `${hsLen} bytes`, h + 1, 3);
          if ((hs === 1 || hs === 2) && h + 6 <= recEnd) {
            d.field(l, 'tls.handshake.version', tlsVersion(d.u16(h + 4)), h + 4, 2);
            if (hs === 1) tlsClientHello(d, l, h, h + 4 + hsLen);
            else if (serverHelloSelects13(d, h, h + 4 + hsLen)) tls13 = true;
          }
          if (l.title === 'Transport Layer Security') l.title = `Transport Layer Security, ${TLS_HANDSHAKES[hs]}`;
          h += 4 + hsLen;
        }
      } else {
        d.field(l, 'tls.handshake', `Encrypted Handshake Message (${len} bytes)`, body, len);
      }
    } else if (type === 23) {
      d.field(l, 'tls.app_data', `${len} bytes (encrypted)`, body, len);
    }
    q = recEnd;
  }
}

/** True when the ServerHello at `hsAt` carries supported_versions = TLS 1.3 (RFC 8446 §4.2.1). */
function serverHelloSelects13(d: Dissector, hsAt: number, stop: number): boolean {
  let q = hsAt + 6 + 32;
  if (q + 1 > stop) return false;
  q += 1 + d.u8(q) + 2 + 1; // session id, cipher suite, compression method
  if (q + 2 > stop) return false;
  const extEnd = Math.min(q + 2 + d.u16(q), stop);
  for (q += 2; q + 4 <= extEnd; q += 4 + d.u16(q + 2)) {
    if (d.u16(q) === 43 && d.u16(q + 2) === 2 && q + 6 <= extEnd) return d.u16(q + 4) === 0x0304;
  }
  return false;
}

/** ClientHello body (RFC 8446 §4.1.2) up to `stop`: random, session id, suites, compression, extensions with SNI. */
function tlsClientHello(d: Dissector, l: DissectLayer, hsAt: number, stop: number): void {
  let q = hsAt + 6;
  if (q + 32 > stop) return;
  d.field(l, 'tls.handshake.random', hexBytes(d.buf, q, 32, 32), q, 32);
  q += 32;
  if (q + 1 > stop) return;
  const sidLen = d.u8(q);
  d.field(l, 'tls.handshake.session_id_length', `${sidLen} bytes`, q, 1);
  q += 1 + sidLen;
  if (q + 2 > stop) return;
  const csLen = d.u16(q);
  d.field(l, 'tls.handshake.cipher_suites_length', `${csLen} bytes`, q, 2);
  q += 2 + csLen;
  if (q + 1 > stop) return;
  q += 1 + d.u8(q);
  if (q + 2 > stop) return;
  const extEnd = q + 2 + d.u16(q);
  d.field(l, 'tls.handshake.extensions_length', `${d.u16(q)} bytes`, q, 2);
  q += 2;
  for (let guard = 0; guard < 64 && q + 4 <= stop && q + 4 <= extEnd; guard++) {
    const type = d.u16(q);
    const len = d.u16(q + 2);
    d.field(l, 'tls.handshake.extension.type', `${TLS_EXTENSIONS[type] ?? 'Unknown type'} (${type})`, q, 2);
    d.field(l, 'tls.handshake.extension.len', `${len} bytes`, q + 2, 2);
    if (type === 0 && q + 4 + len <= stop) {
      let e = q + 6;
      while (e + 3 <= q + 4 + len) {
        const nlen = d.u16(e + 1);
        if (e + 3 + nlen > q + 4 + len) break;
        if (d.u8(e) === 0) {
          d.field(l, 'tls.handshake.extensions_server_name_len', `${nlen} bytes`, e + 1, 2);
          d.field(l, 'tls.handshake.extensions_server_name', formatTextTshark(d.buf, e + 3, nlen), e + 3, nlen);
        }
        e += 3 + nlen;
      }
    }
    q += 4 + len;
  }
}

/** QUIC version names (RFC 9000, RFC 9369, drafts). */
function quicVersionText(v: number): string {
  if (v === 1) return '1 (0x00000001)';
  if (v === 0x6b3343cf) return '2 (0x6b3343cf)';
  if (v === 0) return 'Negotiation (0x00000000)';
  if ((v & 0xffffff00) === 0xff000000) return `draft-${v & 0xff} (${hex(v, 8)})`;
  return `Unknown (${hex(v, 8)})`;
}

/** True for a QUIC long header with a known version, or a short header (fixed bit set). */
export function looksLikeQuic(d: Dissector, p: number, end: number): boolean {
  if (end - p < 1 || !d.has(p, 1)) return false;
  const b = d.u8(p);
  if ((b & 0x80) === 0) return (b & 0x40) !== 0;
  if (end - p < 5 || !d.has(p, 5)) return false;
  const v = d.u32(p + 1);
  return v === 0 || v === 1 || v === 0x6b3343cf || (v & 0xffffff00) === 0xff000000;
}

/** Reads a QUIC variable-length integer (RFC 9000 §16) at `at`; returns [value, bytes] or null. */
function quicVarint(d: Dissector, at: number, stop: number): [number, number] | null {
  if (at >= stop || !d.has(at, 1)) return null;
  const n = 1 << (d.u8(at) >> 6);
  if (at + n > stop || !d.has(at, n)) return null;
  let v = d.u8(at) & 0x3f;
  for (let i = 1; i < n; i++) v = v * 256 + d.u8(at + i);
  return [v, n];
}

const QUIC_LONG_TYPES = ['Initial', '0-RTT', 'Handshake', 'Retry'];

/** QUIC packets (RFC 9000 §17.2): long headers with version and connection ids; coalesced ones follow. */
export function dissectQuic(d: Dissector, p: number, end: number): void {
  const stop = end < d.end ? end : d.end;
  let q = p;
  for (let guard = 0; guard < 8 && q < stop; guard++) {
    const first = d.u8(q);
    // Bytes after a coalesced packet without the fixed bit are padding (RFC 9000 §12.2).
    if (guard > 0 && (first & 0x40) === 0) {
      d.field(d.layers[d.layers.length - 1], 'quic.padding_length', `${stop - q} bytes`, q, stop - q);
      return;
    }
    const l = d.layer('quic', 'QUIC IETF', q, end);
    if ((first & 0x80) === 0) {
      d.field(l, 'quic.header_form', 'Short Header (0)', q, 1);
      d.field(l, 'quic.fixed_bit', `${(first >> 6) & 1}`, q, 1);
      l.title = 'QUIC IETF, Protected Payload';
      return;
    }
    d.field(l, 'quic.header_form', 'Long Header (1)', q, 1);
    if (q + 6 > stop) {
      d.cut('quic', q + 1);
      return;
    }
    const version = d.u32(q + 1);
    const v2 = version === 0x6b3343cf;
    const ptype = v2 ? [3, 0, 1, 2][(first >> 4) & 3] : (first >> 4) & 3;
    if (version !== 0) d.field(l, v2 ? 'quic.long.packet_type_v2' : 'quic.long.packet_type', `${QUIC_LONG_TYPES[ptype]} (${(first >> 4) & 3})`, q, 1);
    d.field(l, 'quic.version', quicVersionText(version), q + 1, 4);
    if (version !== 0 && ptype !== 3) d.field(l, 'quic.fixed_bit', `${(first >> 6) & 1}`, q, 1);
    let r = q + 5;
    const dcil = d.u8(r);
    d.field(l, 'quic.dcil', `${dcil}`, r, 1);
    if (r + 1 + dcil > stop) {
      d.cut('quic', r + 1);
      return;
    }
    if (dcil > 0) d.field(l, 'quic.dcid', hexBytes(d.buf, r + 1, dcil, 40), r + 1, dcil);
    r += 1 + dcil;
    if (r + 1 > stop) {
      d.cut('quic', r);
      return;
    }
    const scil = d.u8(r);
    d.field(l, 'quic.scil', `${scil}`, r, 1);
    if (r + 1 + scil > stop) {
      d.cut('quic', r + 1);
      return;
    }
    if (scil > 0) d.field(l, 'quic.scid', hexBytes(d.buf, r + 1, scil, 40), r + 1, scil);
    r += 1 + scil;
    l.title = `QUIC IETF, ${version === 0 ? 'Version Negotiation' : QUIC_LONG_TYPES[ptype]}`;
    if (dcil > 0) l.title += `, DCID=${hexBytes(d.buf, q + 6, dcil, 40)}`;
    if (scil > 0) l.title += `, SCID=${hexBytes(d.buf, r - scil, scil, 40)}`;
    if (version === 0) {
      for (let k = 0; k < 64 && r + 4 <= stop; k++, r += 4) d.field(l, 'quic.supported_version', quicVersionText(d.u32(r)), r, 4);
      l.end = r - d.base;
      return;
    }
    if (ptype === 3) {
      // Retry: token then a 16-byte integrity tag, to the end of the datagram.
      if (stop - r > 16) d.field(l, 'quic.retry_token', hexBytes(d.buf, r, stop - r - 16, 40), r, stop - r - 16);
      if (stop - r >= 16) d.field(l, 'quic.retry_integrity_tag', hexBytes(d.buf, stop - 16, 16, 16), stop - 16, 16);
      l.end = stop - d.base;
      return;
    }
    if (ptype === 0) {
      const tok = quicVarint(d, r, stop);
      if (tok === null) {
        d.cut('quic', r);
        return;
      }
      d.field(l, 'quic.token_length', `${tok[0]}`, r, tok[1]);
      r += tok[1];
      if (tok[0] > 0) {
        const n = tok[0] <= stop - r ? tok[0] : stop - r;
        d.field(l, 'quic.token', hexBytes(d.buf, r, n, 40), r, n);
        r += tok[0];
      }
    }
    const len = quicVarint(d, r, stop);
    if (len === null) {
      d.cut('quic', r);
      return;
    }
    d.field(l, 'quic.length', `${len[0]} bytes`, r, len[1]);
    r += len[1];
    const payEnd = r + len[0];
    d.field(l, 'quic.remaining_payload', `${(payEnd < stop ? payEnd : stop) - r} bytes (protected)`, r, (payEnd < stop ? payEnd : stop) - r);
    l.end = (payEnd < stop ? payEnd : stop) - d.base;
    q = payEnd;
  }
}
