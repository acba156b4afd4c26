/**
 * Passive host names: addresses learnt from DNS/mDNS/LLMNR responses (RFC 1035 §4.1.3 answer
 * records: A RFC 1035 §3.4.1, AAAA RFC 3596, CNAME chains RFC 1034 §3.6.2) and from the
 * server_name extension of a TLS ClientHello (RFC 8446 §4.1.2, RFC 6066 §3). Hot path: called for
 * every TCP/UDP packet; non-DNS, non-TLS packets cost a few compares and allocate nothing.
 */
import type { Frame } from '../capture/frame.js';
import type { DecodedPacket } from './packet.js';
import { TransportClass } from './packet.js';
import { DNS_HEADER_BYTES, NAME_TEXT, readDnsName, readDnsNameKind, readDnsNameLower, readDnsNameText } from './dns.js';
import { formatIpv4, formatIpv6, formatTextTshark } from './format.js';
import { tcpDnsPort, udpFollowedPort } from './dnsquery.js';
import { APP_DNS, isDnsApp, tcpApp, udpApp, udpAppForPayload } from './ports.js';
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
 * Per-message lists of learnFromDnsMessage, MAX_RECORDS long and reused from message to message
 * (the counts say how much of each is in use).
 */
interface DnsScratch {
  /** CNAME records of the answer section: owner and target, lower-case. */
  cnameFrom: string[];
  cnameTo: string[];
  /** A/AAAA records: owner name as printed, the same lower-case, the address text. */
  addrOwner: string[];
  addrOwnerLower: string[];
  addrText: string[];
  /** Names the question reaches, lower-case (at most MAX_CNAME_HOPS + 1). */
  chain: string[];
}

function newDnsScratch(): DnsScratch {
  const list = (): string[] => new Array<string>(MAX_RECORDS).fill('');
  return { cnameFrom: list(), cnameTo: list(), addrOwner: list(), addrOwnerLower: list(), addrText: list(), chain: list() };
}

/** The free scratch lists; null while a message is being read (a re-entrant sink gets new ones). */
let spareScratch: DnsScratch | null = newDnsScratch();

/** Index of `s` in list[0, n), or -1. */
function indexIn(list: string[], n: number, s: string): number {
  for (let i = 0; i < n; i++) if (list[i] === s) return i;
  return -1;
}

/**
 * Address texts of recent A/AAAA records (direct-mapped, ADDR_SLOTS entries per family, a colliding
 * address replaces the entry): the same address in answer after answer is formatted once, and the
 * caller gets the same string back.
 */
const ADDR_SLOTS = 256;
const v4Key = new Int32Array(ADDR_SLOTS);
const v4Text: string[] = new Array<string>(ADDR_SLOTS).fill('');
const v6Key = new Int32Array(ADDR_SLOTS * 4);
const v6Text: string[] = new Array<string>(ADDR_SLOTS).fill('');

/** formatIpv4(u32), cached. */
function ipv4Text(u32: number): string {
  const k = u32 | 0;
  let h = Math.imul(k, 0x9e3779b1);
  h ^= h >>> 16;
  const slot = h & (ADDR_SLOTS - 1);
  const text = v4Text[slot];
  if (text !== '' && v4Key[slot] === k) return text;
  const made = formatIpv4(u32 >>> 0);
  v4Key[slot] = k;
  v4Text[slot] = made;
  return made;
}

/** formatIpv6(buf, p) of the 16 bytes at buf[p] (the caller checked the bounds), cached. */
function ipv6Text(buf: Uint8Array, p: number): string {
  const w0 = (buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3];
  const w1 = (buf[p + 4] << 24) | (buf[p + 5] << 16) | (buf[p + 6] << 8) | buf[p + 7];
  const w2 = (buf[p + 8] << 24) | (buf[p + 9] << 16) | (buf[p + 10] << 8) | buf[p + 11];
  const w3 = (buf[p + 12] << 24) | (buf[p + 13] << 16) | (buf[p + 14] << 8) | buf[p + 15];
  let h = Math.imul(w0 ^ Math.imul(w1 ^ Math.imul(w2 ^ Math.imul(w3, 0x85ebca77), 0x85ebca77), 0x85ebca77), 0x9e3779b1);
  h ^= h >>> 16;
  const slot = h & (ADDR_SLOTS - 1);
  const k = slot * 4;
  const text = v6Text[slot];
  if (text !== '' && v6Key[k] === w0 && v6Key[k + 1] === w1 && v6Key[k + 2] === w2 && v6Key[k + 3] === w3) return text;
  const made = formatIpv6(buf, p);
  v6Key[k] = w0;
  v6Key[k + 1] = w1;
  v6Key[k + 2] = w2;
  v6Key[k + 3] = w3;
  v6Text[slot] = made;
  return made;
}

/**
 * Reads one DNS response message at `buf[off, end)` and reports every A/AAAA record of the answer
 * section under the question's name when the record's owner is that name or reached from it through
 * the CNAME records of the same answer section, else under the owner name itself (mDNS answers
 * carry no question); A/AAAA records of the additional section (glue, mDNS announcements) under
 * their owner name. Authority records are skipped. At most 64 records are read. Names compare
 * case-insensitively; names tshark shows as placeholders are ignored.
 */
function learnFromDnsMessage(buf: Uint8Array, off: number, end: number, sink: NameSink): void {
  if (off + DNS_HEADER_BYTES > end || (buf[off + 2] & 0x80) === 0) return;
  const qdcount = (buf[off + 4] << 8) | buf[off + 5];
  const ancount = (buf[off + 6] << 8) | buf[off + 7];
  const nscount = (buf[off + 8] << 8) | buf[off + 9];
  const arcount = (buf[off + 10] << 8) | buf[off + 11];
  if (ancount === 0 && arcount === 0) return;
  let p = off + DNS_HEADER_BYTES;
  let question: string | null = null;
  let questionLower = '';
  for (let i = 0; i < qdcount; i++) {
    const len = readDnsName(buf, p, off, end);
    if (len < 0 || p + len + 4 > end) return;
    if (i === 0 && readDnsNameKind() === NAME_TEXT) {
      question = readDnsNameText() || null;
      if (question !== null) questionLower = readDnsNameLower();
    }
    p += len + 4;
  }
  const sc = spareScratch ?? newDnsScratch();
  spareScratch = null;
  const { cnameFrom, cnameTo, addrOwner, addrOwnerLower, addrText, chain } = sc;
  let cnames = 0;
  let addrs = 0;
  /** Records before this index are answers (chain rule); later ones are additional records (owner only). */
  let answerAddrs = 0;
  const total = ancount + nscount + arcount;
  const n = total < MAX_RECORDS ? total : MAX_RECORDS;
  for (let i = 0; i < n; i++) {
    if (i === ancount) answerAddrs = addrs;
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
      const ownerLower = readDnsNameLower();
      if (type === TYPE_A && rdlen === 4) {
        addrOwner[addrs] = owner;
        addrOwnerLower[addrs] = ownerLower;
        addrText[addrs++] = ipv4Text((buf[rdata] << 24) | (buf[rdata + 1] << 16) | (buf[rdata + 2] << 8) | buf[rdata + 3]);
      } else if (type === TYPE_AAAA && rdlen === 16) {
        addrOwner[addrs] = owner;
        addrOwnerLower[addrs] = ownerLower;
        addrText[addrs++] = ipv6Text(buf, rdata);
      } else if (type === TYPE_CNAME && readDnsName(buf, rdata, off, end) > 0 && readDnsNameKind() === NAME_TEXT) {
        cnameFrom[cnames] = ownerLower;
        cnameTo[cnames++] = readDnsNameLower() || '\u0000';
      }
    }
    p = rdata + rdlen;
  }
  if (n <= ancount) answerAddrs = addrs;
  if (addrs > 0) {
    // Names the question reaches: itself, then each CNAME target in turn (bounded, loops harmless).
    let chained = 0;
    if (question !== null) {
      let cur = questionLower;
      chain[chained++] = cur;
      for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
        const k = indexIn(cnameFrom, cnames, cur);
        if (k < 0) break;
        cur = cnameTo[k];
        if (indexIn(chain, chained, cur) >= 0) break;
        chain[chained++] = cur;
      }
    }
    for (let i = 0; i < addrs; i++) {
      const viaQuestion = i < answerAddrs && question !== null && indexIn(chain, chained, addrOwnerLower[i]) >= 0;
      sink.learnName(addrText[i], viaQuestion ? question! : addrOwner[i]);
    }
  }
  spareScratch = sc;
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
 * Where learnNames puts what it learns: `learnName(address text, name)`. An object with a method,
 * not a closure, so that the optimized hot path calls one target for every Aggregator (a closure
 * per instance made V8 deoptimize it when the JIT warm-up's aggregator gave way to the real one).
 */
export interface NameSink {
  learnName(addr: string, name: string): void;
}

/**
 * Learns passive names from one packet, given `pkt` as decodePacket filled it:
 * - a DNS, mDNS or LLMNR response (UDP by tshark's port choice, or DNS over TCP with its length
 *   prefix): every A/AAAA answer → `sink.learnName(address, name)`, where name is the QUESTION's
 *   name when the record belongs to it directly or through the answer's CNAME chain (query
 *   www.x.com, answers www.x.com CNAME edge.y.net, edge.y.net A 1.2.3.4 → learnName('1.2.3.4',
 *   'www.x.com')), else the record's own owner name;
 * - a TCP segment that starts with a TLS ClientHello record carrying server_name →
 *   `sink.learnName(destination address, sni)`.
 * Addresses as formatIpv4/formatIpv6 print them; names as tshark prints DNS names (escapes for
 * unprintable bytes). Only the outer layers are read (no tunnels). Non-DNS, non-TLS packets return
 * after a few compares without allocating. Never throws on packet bytes (`sink` is the caller's).
 */
export function learnNames(frame: Frame, pkt: DecodedPacket, sink: NameSink): void {
  // The tests every TCP/UDP packet pays come first (small enough for V8 to inline into callers);
  // only candidates go on to learnUdp / learnTcp.
  const transport = pkt.transport;
  const sport = pkt.srcPort;
  const dport = pkt.dstPort;
  const l4 = pkt.l4Off;
  if (sport < 0 || l4 < 0 || pkt.ipOff < 0) return;
  if (transport === TransportClass.Udp) {
    if (udpFollowedPort(sport) || udpFollowedPort(dport)) learnUdp(frame, pkt, sink);
    return;
  }
  if (transport !== TransportClass.Tcp) return;
  const buf = frame.buf;
  const off = frame.off;
  const caplen = frame.caplen;
  if (!(off >= 0 && off <= buf.length && caplen >= 0)) return;
  const end = off + caplen < buf.length ? off + caplen : buf.length;
  if (l4 + 20 > end) return;
  const p = l4 + (buf[l4 + 12] >> 4) * 4;
  if (p < l4 + 20 || p >= end) return;
  if (buf[p] === TLS_HANDSHAKE || ((tcpDnsPort(sport) || tcpDnsPort(dport)) && tcpApp(sport, dport) === APP_DNS)) {
    learnTcp(frame, pkt, p, end, sink);
  }
}

/** learnNames for a UDP datagram on a followed port: a DNS/mDNS/LLMNR response. */
function learnUdp(frame: Frame, pkt: DecodedPacket, sink: NameSink): void {
  const sport = pkt.srcPort;
  const dport = pkt.dstPort;
  const l4 = pkt.l4Off;
  const buf = frame.buf;
  const off = frame.off;
  if (!(off >= 0 && off <= buf.length && frame.caplen >= 0)) return;
  const end = off + frame.caplen < buf.length ? off + frame.caplen : buf.length;
  if (!isDnsApp(udpApp(sport, dport)) || l4 + 8 > end) return;
  const ipEnd = ipDatagramEnd(buf, pkt.ipOff, pkt.ipVersion, end);
  const ulen = (buf[l4 + 4] << 8) | buf[l4 + 5];
  let payEnd = ipEnd;
  if (ulen >= 8) payEnd = l4 + ulen < ipEnd ? l4 + ulen : ipEnd;
  else if (!(ulen === 0 && pkt.ipVersion === 6)) return;
  if (l4 + 8 >= payEnd || !isDnsApp(udpAppForPayload(buf, l4 + 8, payEnd, sport, dport))) return;
  learnFromDnsMessage(buf, l4 + 8, payEnd, sink);
}

/**
 * learnNames for a TCP segment whose payload starts at `p` (< `end`, the captured end) and is on
 * the DNS port or starts with a TLS handshake record.
 */
function learnTcp(frame: Frame, pkt: DecodedPacket, p: number, end: number, sink: NameSink): void {
  const buf = frame.buf;
  const ipEnd = ipDatagramEnd(buf, pkt.ipOff, pkt.ipVersion, end);
  if (tcpApp(pkt.srcPort, pkt.dstPort) === APP_DNS) {
    // One message per length prefix, as scanDnsTcp reads them; bounded by the segment.
    let q = p;
    for (let guard = 0; q + 2 <= ipEnd && guard < 64; guard++) {
      const msgEnd = q + 2 + ((buf[q] << 8) | buf[q + 1]);
      learnFromDnsMessage(buf, q + 2, msgEnd < ipEnd ? msgEnd : ipEnd, sink);
      q = msgEnd;
    }
    return;
  }
  const sni = clientHelloSni(buf, p, ipEnd);
  if (sni === '') return;
  sink.learnName(pkt.ipVersion === 4 ? ipv4Text(pkt.dst4) : formatIpv6(buf, pkt.dst6Off), sni);
}
