/**
 * DNS message header and first question (RFC 1035 §4.1), for packet summaries only (cold path:
 * builds strings). Name compression pointers are followed with a hop limit (RFC 1035 §4.1.4).
 */

/** The parts of a DNS message a summary line shows. */
export interface DnsHeadline {
  /** Transaction id (16 bits). */
  id: number;
  /** True for a response (QR bit). */
  response: boolean;
  /** Opcode (0 standard query). */
  opcode: number;
  /** Response code (0 no error, 3 NXDOMAIN …). */
  rcode: number;
  /** First question's QTYPE, or -1 when there is no question. */
  qtype: number;
  /** First question's name (dotted, "<Root>" for the root), or "" when there is none or it is broken. */
  qname: string;
}

const DNS_HEADER_BYTES = 12;
const MAX_POINTER_HOPS = 32;
const MAX_NAME_CHARS = 255;

/** Reads the name at `p`; returns "" when it is broken (overrun, loop, too long). */
function readName(buf: Uint8Array, msg: number, p: number, end: number): string {
  const labels: string[] = [];
  let total = 0;
  for (let hops = 0; hops <= MAX_POINTER_HOPS; ) {
    if (p >= end) return '';
    const len = buf[p];
    if (len === 0) return labels.length === 0 ? '<Root>' : labels.join('.');
    if ((len & 0xc0) === 0xc0) {
      if (p + 2 > end) return '';
      p = msg + (((len & 0x3f) << 8) | buf[p + 1]);
      hops++;
      continue;
    }
    if ((len & 0xc0) !== 0 || p + 1 + len > end) return '';
    total += len + 1;
    if (total > MAX_NAME_CHARS) return '';
    let label = '';
    for (let i = 1; i <= len; i++) {
      const c = buf[p + i];
      label += c > 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${c.toString().padStart(3, '0')}`;
    }
    labels.push(label);
    p += 1 + len;
  }
  return '';
}

/**
 * Parses the DNS header and first question of the message at `buf[off, end)`.
 * @returns the headline, or null when fewer than 12 bytes are present.
 */
export function parseDnsHeadline(buf: Uint8Array, off: number, end: number): DnsHeadline | null {
  if (off + DNS_HEADER_BYTES > end) return null;
  const flags = (buf[off + 2] << 8) | buf[off + 3];
  const qdcount = (buf[off + 4] << 8) | buf[off + 5];
  const h: DnsHeadline = {
    id: (buf[off] << 8) | buf[off + 1],
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0x0f,
    rcode: flags & 0x0f,
    qtype: -1,
    qname: '',
  };
  if (qdcount === 0) return h;
  const p = off + DNS_HEADER_BYTES;
  h.qname = readName(buf, off, p, end);
  // QTYPE follows the (uncompressed in practice) question name.
  let q = p;
  while (q < end && buf[q] !== 0 && (buf[q] & 0xc0) === 0) q += 1 + buf[q];
  if (q < end && (buf[q] & 0xc0) === 0xc0) q += 2;
  else q += 1;
  if (q + 2 <= end) h.qtype = (buf[q] << 8) | buf[q + 1];
  return h;
}

const QTYPE_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [1, 'A'], [2, 'NS'], [5, 'CNAME'], [6, 'SOA'], [12, 'PTR'], [13, 'HINFO'], [15, 'MX'], [16, 'TXT'],
  [28, 'AAAA'], [33, 'SRV'], [35, 'NAPTR'], [41, 'OPT'], [43, 'DS'], [46, 'RRSIG'], [47, 'NSEC'],
  [48, 'DNSKEY'], [64, 'SVCB'], [65, 'HTTPS'], [252, 'AXFR'], [255, 'ANY'],
]);

/** Mnemonic of a DNS RR type (RFC 1035 §3.2.2 and IANA), e.g. 28 → "AAAA"; unknown → "TYPE<n>" (RFC 3597). */
export function dnsTypeName(qtype: number): string {
  return QTYPE_NAMES.get(qtype) ?? `TYPE${qtype}`;
}
