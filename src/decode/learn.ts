/**
 * Passive host names: addresses learnt from DNS/mDNS/LLMNR responses (RFC 1035 §4.1.3 answer
 * records: A RFC 1035 §3.4.1, AAAA RFC 3596, CNAME chains RFC 1034 §3.6.2) and from the
 * server_name extension of a TLS ClientHello (RFC 8446 §4.1.2, RFC 6066 §3). Hot path: called for
 * every TCP/UDP packet; non-DNS, non-TLS packets cost a few compares and allocate nothing.
 */
import type { Frame } from '../capture/frame.js';
import type { DecodedPacket } from './packet.js';
import { TransportClass } from './packet.js';
import { DNS_HEADER_BYTES, NAME_TEXT, readDnsName, readDnsNameKind, readDnsNameText } from './dns.js';
import { formatIpv4, formatIpv6, formatTextTshark } from './format.js';
import { APP_DNS, isDnsApp, tcpApp, udpApp, udpAppForPayload, udpPortFollowed } from './ports.js';
import { ipDatagramEnd } from './tunnel.js';

/** Resource records read per message (a response rarely has more; bounds the work on hostile ones). */
const MAX_RECORDS = 64;
/** CNAME hops followed from the question name. */
const MAX_CNAME_HOPS = 16;
/** DNS RR types used here. */
const TYPE_A = 1;
const TYPE_CNAME = 5;
const TYPE_AAAA = 28;
/** TLS record content type "handshake", handshake type "client_hello", extension "server_name". */
const TLS_HANDSHAKE = 0x16;
const TLS_CLIENT_HELLO = 1;
const EXT_SERVER_NAME = 0;

/**
 * Reads one DNS response message at `buf[off, end)` and reports every A/AAAA record of the answer
 * section under the question's name when the record's owner is that name or reached from it through
 * the CNAME records of the same answer section, else under the owner name itself (mDNS answers
 * carry no question); A/AAAA records of the additional section (glue, mDNS announcements) under
 * their owner name. Authority records are skipped. At most 64 records are read. Names compare
 * case-insensitively; names tshark shows as placeholders are ignored.
 */
function learnFromDnsMessage(buf: Uint8Array, off: number, end: number, onName: (addr: string, name: string) => void): void {
  if (off + DNS_HEADER_BYTES > end || (buf[off + 2] & 0x80) === 0) return;
  const qdcount = (buf[off + 4] << 8) | buf[off + 5];
  const ancount = (buf[off + 6] << 8) | buf[off + 7];
  const nscount = (buf[off + 8] << 8) | buf[off + 9];
  const arcount = (buf[off + 10] << 8) | buf[off + 11];
  if (ancount === 0 && arcount === 0) return;
  let p = off + DNS_HEADER_BYTES;
  let question: string | null = null;
  for (let i = 0; i < qdcount; i++) {
    const len = readDnsName(buf, p, off, end);
    if (len < 0 || p + len + 4 > end) return;
    if (i === 0 && readDnsNameKind() === NAME_TEXT) question = readDnsNameText() || null;
    p += len + 4;
  }
  const cnameFrom: string[] = [];
  const cnameTo: string[] = [];
  const addrOwner: string[] = [];
  const addrText: string[] = [];
  /** Records before this index are answers (chain rule); later ones are additional records (owner only). */
  let answerAddrs = 0;
  const total = ancount + nscount + arcount;
  const n = total < MAX_RECORDS ? total : MAX_RECORDS;
  for (let i = 0; i < n; i++) {
    if (i === ancount) answerAddrs = addrText.length;
    const len = readDnsName(buf, p, off, end);
    if (len < 0 || p + len + 10 > end) break;
    const ownerOk = readDnsNameKind() === NAME_TEXT;
    const r = p + len;
    const type = (buf[r] << 8) | buf[r + 1];
    const rdlen = (buf[r + 8] << 8) | buf[r + 9];
    const rdata = r + 10;
    if (rdata + rdlen > end) break;
    const authority = i >= ancount && i < ancount + nscount;
    const additional = i >= ancount + nscount;
    if (ownerOk && !authority && (type === TYPE_A || type === TYPE_AAAA || (type === TYPE_CNAME && !additional))) {
      // An empty text (a bitstring label behind a pointer) names nothing.
      const owner = readDnsNameText();
      if (owner === '') {
        p = rdata + rdlen;
        continue;
      }
      if (type === TYPE_A && rdlen === 4) {
        addrOwner.push(owner);
        addrText.push(formatIpv4(((buf[rdata] << 24) | (buf[rdata + 1] << 16) | (buf[rdata + 2] << 8) | buf[rdata + 3]) >>> 0));
      } else if (type === TYPE_AAAA && rdlen === 16) {
        addrOwner.push(owner);
        addrText.push(formatIpv6(buf, rdata));
      } else if (type === TYPE_CNAME && readDnsName(buf, rdata, off, end) > 0 && readDnsNameKind() === NAME_TEXT) {
        cnameFrom.push(owner.toLowerCase());
        cnameTo.push(readDnsNameText().toLowerCase() || '\u0000');
      }
    }
    p = rdata + rdlen;
  }
  if (n <= ancount) answerAddrs = addrText.length;
  if (addrText.length === 0) return;
  // Names the question reaches: itself, then each CNAME target in turn (bounded, loops harmless).
  const chain: string[] = [];
  if (question !== null) {
    let cur = question.toLowerCase();
    chain.push(cur);
    for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
      const k = cnameFrom.indexOf(cur);
      if (k < 0) break;
      cur = cnameTo[k];
      if (chain.includes(cur)) break;
      chain.push(cur);
    }
  }
  for (let i = 0; i < addrText.length; i++) {
    const owner = addrOwner[i];
    const viaQuestion = i < answerAddrs && question !== null && chain.includes(owner.toLowerCase());
    onName(addrText[i], viaQuestion ? question! : owner);
  }
}

/**
 * The server_name (host_name entry) of a TLS ClientHello that starts at `buf[p]` (a TLS record
 * header), read within `end`; '' when this is not a ClientHello, it has no SNI, or the bytes run
 * out before it (a ClientHello split over segments).
 */
function clientHelloSni(buf: Uint8Array, p: number, end: number): string {
  if (p + 9 > end || buf[p] !== TLS_HANDSHAKE || buf[p + 1] !== 3 || buf[p + 5] !== TLS_CLIENT_HELLO) return '';
  const recEnd = p + 5 + ((buf[p + 3] << 8) | buf[p + 4]);
  const stop = recEnd < end ? recEnd : end;
  // handshake header (4), client_version (2), random (32)
  let q = p + 5 + 4 + 2 + 32;
  if (q + 1 > stop) return '';
  q += 1 + buf[q]; // session_id
  if (q + 2 > stop) return '';
  q += 2 + ((buf[q] << 8) | buf[q + 1]); // cipher_suites
  if (q + 1 > stop) return '';
  q += 1 + buf[q]; // compression_methods
  if (q + 2 > stop) return '';
  const extEnd = q + 2 + ((buf[q] << 8) | buf[q + 1]);
  q += 2;
  const limit = extEnd < stop ? extEnd : stop;
  while (q + 4 <= limit) {
    const type = (buf[q] << 8) | buf[q + 1];
    const len = (buf[q + 2] << 8) | buf[q + 3];
    const body = q + 4;
    if (type === EXT_SERVER_NAME) {
      // server_name_list length (2), then entries: name_type (1), length (2), name.
      let e = body + 2;
      const listEnd = body + len < limit ? body + len : limit;
      while (e + 3 <= listEnd) {
        const nlen = (buf[e + 1] << 8) | buf[e + 2];
        if (e + 3 + nlen > listEnd) return '';
        if (buf[e] === 0 && nlen > 0) return formatTextTshark(buf, e + 3, nlen);
        e += 3 + nlen;
      }
      return '';
    }
    q = body + len;
  }
  return '';
}

/**
 * Learns passive names from one packet, given `pkt` as decodePacket filled it:
 * - a DNS, mDNS or LLMNR response (UDP by tshark's port choice, or DNS over TCP with its length
 *   prefix): every A/AAAA answer → `onName(address, name)` where name is the QUESTION's name when
 *   the record belongs to it directly or through the answer's CNAME chain (query www.x.com, answers
 *   www.x.com CNAME edge.y.net, edge.y.net A 1.2.3.4 → onName('1.2.3.4', 'www.x.com')), else the
 *   record's own owner name;
 * - a TCP segment that starts with a TLS ClientHello record carrying server_name →
 *   `onName(destination address, sni)`.
 * Addresses as formatIpv4/formatIpv6 print them; names as tshark prints DNS names (escapes for
 * unprintable bytes). Only the outer layers are read (no tunnels). Non-DNS, non-TLS packets return
 * after a few compares without allocating. Never throws on packet bytes (`onName` is the caller's).
 */
export function learnNames(frame: Frame, pkt: DecodedPacket, onName: (addr: string, name: string) => void): void {
  const transport = pkt.transport;
  const sport = pkt.srcPort;
  const dport = pkt.dstPort;
  const l4 = pkt.l4Off;
  if (sport < 0 || l4 < 0 || pkt.ipOff < 0 || (transport !== TransportClass.Udp && transport !== TransportClass.Tcp)) return;
  const buf = frame.buf;
  const off = frame.off;
  if (!(off >= 0 && off <= buf.length && frame.caplen >= 0)) return;
  const end = off + frame.caplen < buf.length ? off + frame.caplen : buf.length;
  if (transport === TransportClass.Udp) {
    if (!udpPortFollowed(sport) && !udpPortFollowed(dport)) return;
    if (!isDnsApp(udpApp(sport, dport)) || l4 + 8 > end) return;
    const ipEnd = ipDatagramEnd(buf, pkt.ipOff, pkt.ipVersion, end);
    const ulen = (buf[l4 + 4] << 8) | buf[l4 + 5];
    let payEnd = ipEnd;
    if (ulen >= 8) payEnd = l4 + ulen < ipEnd ? l4 + ulen : ipEnd;
    else if (!(ulen === 0 && pkt.ipVersion === 6)) return;
    if (l4 + 8 >= payEnd || !isDnsApp(udpAppForPayload(buf, l4 + 8, payEnd, sport, dport))) return;
    learnFromDnsMessage(buf, l4 + 8, payEnd, onName);
    return;
  }
  if (l4 + 20 > end) return;
  const hdrBytes = (buf[l4 + 12] >> 4) * 4;
  const p = l4 + hdrBytes;
  if (hdrBytes < 20 || p >= end) return;
  const dns = tcpApp(sport, dport) === APP_DNS;
  if (!dns && buf[p] !== TLS_HANDSHAKE) return;
  const ipEnd = ipDatagramEnd(buf, pkt.ipOff, pkt.ipVersion, end);
  if (dns) {
    // One message per length prefix, as scanDnsTcp reads them; bounded by the segment.
    let q = p;
    for (let guard = 0; q + 2 <= ipEnd && guard < 64; guard++) {
      const msgEnd = q + 2 + ((buf[q] << 8) | buf[q + 1]);
      learnFromDnsMessage(buf, q + 2, msgEnd < ipEnd ? msgEnd : ipEnd, onName);
      q = msgEnd;
    }
    return;
  }
  const sni = clientHelloSni(buf, p, ipEnd);
  if (sni === '') return;
  onName(pkt.ipVersion === 4 ? formatIpv4(pkt.dst4) : formatIpv6(buf, pkt.dst6Off), sni);
}
