/**
 * DNS messages (RFC 1035 §4.1; mDNS RFC 6762 and LLMNR RFC 4795 share the format): domain names
 * read exactly as tshark 4.0.17 reads them (compression pointers RFC 1035 §4.1.4 with tshark's hop
 * limit and placeholders), and the header/first question for packet summaries.
 */
import { formatTextTshark } from './format.js';

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
  /** First question's QTYPE, or -1 when there is no question or it is malformed. */
  qtype: number;
  /** First question's name as tshark prints `dns.qry.name` (placeholders such as "<Root>" included), or "" when there is none or tshark would call it malformed. */
  qname: string;
}

/** DNS message header length in bytes (RFC 1035 §4.1.1). */
export const DNS_HEADER_BYTES = 12;

/** tshark's placeholder for the root name (empty name). */
export const DNS_ROOT = '<Root>';
/** tshark's placeholder for a name of 254 characters or more (MAX_DNAME_LEN 255 with its terminator). */
export const DNS_NAME_TOO_LONG = '<Name too long>';
/** tshark's placeholder for a compression pointer loop (more than 255 pointers, or its offset+2 quirk). */
export const DNS_NAME_LOOPS = '<Name contains a pointer that loops>';
/** tshark's placeholder for an RFC 2673 extended label type other than bitstring. */
export const DNS_UNKNOWN_EXT_LABEL = '<Unknown extended label>';

/** tshark MAX_DNAME_LEN: the name buffer, terminator included. */
const MAX_DNAME_LEN = 255;
/** tshark MIN_DNAME_LEN: a name of at most this many wire bytes may be the root. */
const MIN_DNAME_LEN = 2;
/** Pointers tshark follows before calling the name a loop (pointers_count > MAX_DNAME_LEN). */
const MAX_POINTERS = 255;

/** How the last readDnsName() result reads. */
export const NAME_TEXT = 0;
export const NAME_ROOT = 1;
export const NAME_TOO_LONG = 2;
export const NAME_LOOPS = 3;
export const NAME_UNKNOWN_EXT = 4;

/**
 * Scratch state of the last readDnsName() call (module-level so the reader allocates nothing):
 * the expanded name bytes, how many of them tshark counts as the name (`nameLen`), and its kind.
 */
const nameBuf = new Uint8Array(MAX_DNAME_LEN + 17);
/** nameBuf as 32-bit words (platform order), for hashing and comparing names 4 bytes at a time. */
const nameWords = new Int32Array(nameBuf.buffer);
let nameLen = 0;
let nameKind = NAME_TEXT;
/**
 * Positions (relative to the message start) where a label length byte was read after the name
 * buffer filled up, stamped with `visitGen`: once nothing more is written, reading the same byte
 * twice proves a pointer cycle (the walk from there is deterministic), so the outcome is known
 * without following up to 255 pointers through a 64 KiB message.
 */
let visited = new Uint32Array(1 << 16);
let visitGen = 0;

/** Writes `text` (ASCII) into nameBuf at `np` as C snprintf(np, room, ...) would (room - 1 chars max). */
function putAscii(text: string, np: number, room: number): void {
  const n = text.length < room - 1 ? text.length : room - 1;
  for (let i = 0; i < n; i++) nameBuf[np + i] = text.charCodeAt(i);
}

/**
 * Reads the (possibly compressed) domain name at `buf[p]` of the DNS message starting at `msgOff`,
 * exactly as tshark 4.0.17's expand_dns_name() + get_dns_name() (packet-dns.c) do, including their
 * quirks: labels fill a 255-byte buffer and a name of 254+ characters becomes `<Name too long>`
 * (bytes past a full buffer are skipped unread); a pointer whose target equals its own offset + 4,
 * or more than 255 pointers, gives `<Name contains a pointer that loops>`; extended label type
 * 0x41 (bitstring) is printed but not counted in the name length, other 0x40 types end the name as
 * `<Unknown extended label>`; 0x80 labels, reads past `end`, and empty non-root results are errors.
 * The result is in the module scratch state (readDnsNameText() formats it).
 * @param end exclusive end of the readable message bytes (captured and reported).
 * @returns the wire length of the name at `p` (tshark's "len": up to the first pointer), or -1 when
 *   tshark would throw (malformed: no `dns.qry.name`). Allocation free; bounded work.
 */
export function readDnsName(buf: Uint8Array, p: number, msgOff: number, end: number): number {
  const start = p;
  let len = -1;
  let pointers = 0;
  let maxname = MAX_DNAME_LEN;
  let np = 0;
  let skipping = false;
  /** Name bytes counted so far (kept in a local: the module's nameLen is written on the way out). */
  let counted = 0;
  nameLen = 0;
  nameKind = NAME_TEXT;
  curTextSlot = -1;
  for (;;) {
    if (p >= end || p < msgOff) return -1;
    if (maxname <= 0) {
      // Nothing is written any more: a second read of the same length byte is a cycle, which
      // tshark follows until its pointer limit and then reports as a loop.
      if (!skipping) {
        skipping = true;
        if (end - msgOff > visited.length) visited = new Uint32Array(end - msgOff + 1024);
        visitGen = (visitGen + 1) >>> 0;
        if (visitGen === 0) {
          visited.fill(0);
          visitGen = 1;
        }
      }
      const rel = p - msgOff;
      if (visited[rel] === visitGen) {
        nameKind = NAME_LOOPS;
        nameLen = DNS_NAME_LOOPS.length;
        return finishName(len);
      }
      visited[rel] = visitGen;
    }
    let c = buf[p++];
    if (c === 0) break;
    switch (c & 0xc0) {
      case 0x00:
        if (np !== 0) {
          if (maxname > 0) {
            nameBuf[np++] = 0x2e;
            counted++;
            maxname--;
          }
        } else {
          maxname--;
        }
        if (maxname <= 0) {
          p += c;
          break;
        }
        {
          // The first min(c, maxname) label bytes are copied (each must be captured); the rest
          // of the label is skipped unread.
          const k = c < maxname ? c : maxname;
          if (p + k > end) return -1;
          for (let i = 0; i < k; i++) nameBuf[np + i] = buf[p + i];
          np += k;
          counted += k;
          maxname -= k;
          p += c;
        }
        break;
      case 0x40:
        if ((c & 0x3f) === 0x01) {
          // RFC 2673 bitstring label: "\[x<hex>/<bits>]", written but never counted in nameLen.
          if (p >= end) return -1;
          const bitCount = buf[p++];
          let labelBytes = Math.trunc((bitCount - 1) / 8) + 1;
          if (maxname > 0) {
            if (3 <= maxname) {
              putAscii('\\[x', np, maxname);
              np += 3;
              maxname -= 3;
            } else {
              putAscii('\\[x', np, maxname);
              maxname = 0;
            }
          }
          while (labelBytes-- > 0) {
            if (maxname > 0) {
              if (p >= end) return -1;
              const b = buf[p];
              const hex = (b < 16 ? '0' : '') + b.toString(16);
              putAscii(hex, np, maxname);
              if (2 <= maxname) {
                np += 2;
                maxname -= 2;
              } else {
                maxname = 0;
              }
            }
            p++;
          }
          if (maxname > 0) {
            const tail = `/${bitCount}]`;
            putAscii(tail, np, maxname);
            if (tail.length <= maxname) {
              np += tail.length;
              maxname -= tail.length;
            } else {
              maxname = 0;
            }
          }
        } else {
          nameKind = NAME_UNKNOWN_EXT;
          nameLen = DNS_UNKNOWN_EXT_LABEL.length;
          len = p - start;
          return len < 1 ? -1 : finishName(len);
        }
        break;
      case 0x80:
        return -1;
      default: {
        if (p >= end) return -1;
        const target = msgOff + (((c & 0x3f) << 8) | buf[p]);
        p++;
        pointers++;
        if (len < 0) len = p - start;
        if (target === p + 2 || pointers > MAX_POINTERS) {
          nameKind = NAME_LOOPS;
          nameLen = DNS_NAME_LOOPS.length;
          return finishName(len);
        }
        p = target;
        break;
      }
    }
  }
  if (maxname <= 0) {
    nameKind = NAME_TOO_LONG;
    nameLen = DNS_NAME_TOO_LONG.length;
  } else {
    nameBuf[np] = 0;
    nameLen = counted;
  }
  if (len < 0) len = p - start;
  return finishName(len);
}

/** get_dns_name(): the root check and tshark's "empty name" error on top of expand_dns_name(). */
function finishName(len: number): number {
  if (nameKind === NAME_TEXT && nameBuf[0] === 0 && len <= MIN_DNAME_LEN) {
    nameKind = NAME_ROOT;
    nameLen = DNS_ROOT.length;
    return len;
  }
  if (len < MIN_DNAME_LEN || (len > MIN_DNAME_LEN && nameLen === 0)) return -1;
  return len;
}

/**
 * Texts of recently read names, so a name that comes back (the same query, again and again) is
 * neither formatted nor hashed anew: a direct-mapped cache of TEXT_SLOTS entries indexed by a hash
 * of the name bytes, each holding the bytes (nameBuf[0, nameLen), at most MAX_DNAME_LEN), their
 * text and, once asked for, its lower-case form. A colliding name replaces the entry; the cache
 * never grows (≈ 300 KiB with its strings).
 */
const TEXT_SLOTS = 1024;
const TEXT_STRIDE = 256;
/** The name bytes of each slot as TEXT_STRIDE / 4 words, the last one zero-padded. */
const textWords = new Int32Array((TEXT_SLOTS * TEXT_STRIDE) / 4);
/** Byte length held in each slot; -1 when empty. */
const textLen = new Int32Array(TEXT_SLOTS).fill(-1);
const textOf: string[] = new Array<string>(TEXT_SLOTS).fill('');
const lowerOf: (string | null)[] = new Array<string | null>(TEXT_SLOTS).fill(null);

/** Slot textSlot() found for the last readDnsName() result; -1 until asked. */
let curTextSlot = -1;

/** Slot of the cache holding the current NAME_TEXT name (nameBuf[0, nameLen)), filled on a miss. */
function textSlot(): number {
  if (curTextSlot >= 0) return curTextSlot;
  curTextSlot = findTextSlot();
  return curTextSlot;
}

function findTextSlot(): number {
  const n = nameLen;
  // Zero the bytes after the name up to a word boundary (n ≤ 254, so within nameBuf; only
  // nameBuf[0, nameLen) is ever read as the name), then hash and compare whole words.
  nameBuf[n] = 0;
  nameBuf[n + 1] = 0;
  nameBuf[n + 2] = 0;
  const words = (n + 3) >> 2;
  let h = n;
  for (let i = 0; i < words; i++) {
    h = Math.imul(h ^ nameWords[i], 0x85ebca77);
    h ^= h >>> 13;
  }
  h = Math.imul(h, 0xc2b2ae3d);
  const slot = (h ^ (h >>> 16)) & (TEXT_SLOTS - 1);
  const base = slot * (TEXT_STRIDE / 4);
  if (textLen[slot] === n) {
    let i = 0;
    while (i < words && textWords[base + i] === nameWords[i]) i++;
    if (i === words) return slot;
  }
  for (let i = 0; i < words; i++) textWords[base + i] = nameWords[i];
  textLen[slot] = n;
  textOf[slot] = formatTextTshark(nameBuf, 0, n);
  lowerOf[slot] = null;
  return slot;
}

/**
 * Text of the name the last successful readDnsName() call read, as tshark prints `dns.qry.name`:
 * a placeholder (`<Root>`, `<Name too long>`, …) or the name bytes through formatTextTshark().
 * A recently seen name gives the same string again without building it (see TEXT_SLOTS).
 */
export function readDnsNameText(): string {
  switch (nameKind) {
    case NAME_ROOT:
      return DNS_ROOT;
    case NAME_TOO_LONG:
      return DNS_NAME_TOO_LONG;
    case NAME_LOOPS:
      return DNS_NAME_LOOPS;
    case NAME_UNKNOWN_EXT:
      return DNS_UNKNOWN_EXT_LABEL;
    default:
      return nameLen <= TEXT_STRIDE ? textOf[textSlot()] : formatTextTshark(nameBuf, 0, nameLen);
  }
}

/** readDnsNameText().toLowerCase(), cached as the text is. */
export function readDnsNameLower(): string {
  if (nameKind !== NAME_TEXT || nameLen > TEXT_STRIDE) return readDnsNameText().toLowerCase();
  const slot = textSlot();
  let lower = lowerOf[slot];
  if (lower === null) {
    lower = textOf[slot].toLowerCase();
    lowerOf[slot] = lower;
  }
  return lower;
}

/** Kind (NAME_TEXT, NAME_ROOT, …) of the last successful readDnsName() result. */
export function readDnsNameKind(): number {
  return nameKind;
}

/**
 * Reads the name at `p` (see readDnsName) and returns its tshark text, or null when tshark would
 * throw. Cold path convenience.
 * @param lenOut optional one-element array that receives the wire length.
 */
export function dnsNameAt(buf: Uint8Array, p: number, msgOff: number, end: number, lenOut?: number[]): string | null {
  const len = readDnsName(buf, p, msgOff, end);
  if (lenOut) lenOut[0] = len;
  return len < 0 ? null : readDnsNameText();
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
  const len = readDnsName(buf, p, off, end);
  if (len < 0 || p + len + 4 > end) return h;
  h.qname = readDnsNameText();
  h.qtype = (buf[p + len] << 8) | buf[p + len + 1];
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
