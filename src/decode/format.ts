/**
 * Address formatting as tshark -n prints it (cold path: builds strings; never call per packet).
 * Sources: RFC 791 dotted quad, RFC 5952 §4 (IPv6 text form), IEEE 802 MAC notation, and the
 * BSD/glibc inet_ntop embedded-IPv4 rule that Wireshark's address_to_str follows.
 */

/**
 * IPv4 address as a dotted quad, e.g. 0x0a000001 → "10.0.0.1".
 * @param u32 address as an unsigned 32-bit integer in network order (first octet = high byte);
 *   any integer is accepted and reduced modulo 2^32.
 */
export function formatIpv4(u32: number): string {
  return `${(u32 >>> 24) & 0xff}.${(u32 >>> 16) & 0xff}.${(u32 >>> 8) & 0xff}.${u32 & 0xff}`;
}

/**
 * IPv6 address in RFC 5952 form: lower-case hex, no leading zeros, the longest run of two or more
 * all-zero 16-bit groups replaced by "::" (the first run wins a tie; a single zero group stays "0").
 * Embedded IPv4 keeps tshark's (BSD inet_ntop) form: IPv4-mapped `::ffff:a.b.c.d` and the
 * deprecated IPv4-compatible `::a.b.c.d` (first 96 bits zero, not `::` or `::1`-style addresses).
 * @param buf buffer holding the 16 address bytes at `buf[off, off + 16)`; bytes beyond the end
 *   of `buf` read as 0 (callers check bounds first).
 * @param off byte offset of the address in `buf`.
 */
export function formatIpv6(buf: Uint8Array, off: number): string {
  const w: number[] = new Array<number>(8);
  for (let i = 0; i < 8; i++) w[i] = ((buf[off + 2 * i] ?? 0) << 8) | (buf[off + 2 * i + 1] ?? 0);
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (w[i] === 0) {
      if (curBase === -1) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase !== -1) {
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase !== -1 && curLen > bestLen) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestLen < 2) bestBase = -1;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ':';
      continue;
    }
    if (i !== 0) s += ':';
    // Embedded IPv4 in the last 32 bits (inet_ntop): ::a.b.c.d or ::ffff:a.b.c.d.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
      s += `${buf[off + 12] ?? 0}.${buf[off + 13] ?? 0}.${buf[off + 14] ?? 0}.${buf[off + 15] ?? 0}`;
      return s;
    }
    s += w[i].toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) s += ':';
  return s;
}

/**
 * MAC (EUI-48) address as six lower-case, colon-separated hex pairs, e.g. "aa:bb:cc:dd:ee:ff".
 * @param buf buffer holding the 6 address bytes at `buf[off, off + 6)`; missing bytes read as 0.
 * @param off byte offset of the address in `buf`.
 */
export function formatMac(buf: Uint8Array, off: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) {
    const b = buf[off + i] ?? 0;
    if (i) s += ':';
    s += (b < 16 ? '0' : '') + b.toString(16);
  }
  return s;
}

/** Unicode general categories glib's g_unichar_isprint() rejects: Cc, Cf, Cn (unassigned), Cs. */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cn}\p{Cs}]/u;
const HEX_UPPER = '0123456789ABCDEF';

/** C escape for a non-printable ASCII byte as Wireshark writes it: \a \b \f \n \r \t \v or \ooo. */
function asciiEscape(c: number): string {
  switch (c) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
    default:
      return `\\${(c >> 6) & 3}${(c >> 3) & 7}${c & 7}`;
  }
}

/**
 * Text of packet bytes exactly as Wireshark 4.0's format_text() (epan/strutil.c) renders a string
 * field, which is what tshark prints for e.g. `dns.qry.name`:
 * - printable ASCII (0x20-0x7e) as itself, backslash included;
 * - other ASCII as a C escape (`\t`, `\n`, …) or 3-digit octal (`\001`, `\177`);
 * - a UTF-8 sequence decoded permissively (overlong forms accepted, old 5/6-byte forms read), with
 *   U+FFFD for a bad lead byte, a missing continuation byte (that byte is then re-read) or a value
 *   that is not a Unicode scalar; a printable result (glib: not Cc/Cf/Cn/Cs) as itself, anything
 *   else as `\uXXXX` / `\UXXXXXXXX` (upper-case hex).
 * @param bytes source bytes; reads `bytes[start, start + len)`, which the caller keeps in bounds.
 * Cold path (builds a string); pure ASCII names take the first branch only.
 */
export function formatTextTshark(bytes: Uint8Array, start: number, len: number): string {
  let s = '';
  const stop = start + len;
  let i = start;
  while (i < stop) {
    let c = bytes[i++];
    if (c >= 0x20 && c < 0x7f) {
      s += String.fromCharCode(c);
      continue;
    }
    if (c < 0x80) {
      s += asciiEscape(c);
      continue;
    }
    let more: number;
    let uc: number;
    if ((c & 0xe0) === 0xc0) {
      more = 1;
      uc = c & 0x1f;
    } else if ((c & 0xf0) === 0xe0) {
      more = 2;
      uc = c & 0x0f;
    } else if ((c & 0xf8) === 0xf0) {
      more = 3;
      uc = c & 0x07;
    } else if ((c & 0xfc) === 0xf8) {
      more = 4;
      uc = c & 0x03;
    } else if ((c & 0xfe) === 0xfc) {
      more = 5;
      uc = c & 0x01;
    } else {
      more = -1;
      uc = 0xfffd;
    }
    if (more > 0) {
      for (let k = 0; k < more; k++) {
        if (i >= stop) {
          uc = 0xfffd;
          break;
        }
        c = bytes[i];
        if ((c & 0xc0) !== 0x80) {
          uc = 0xfffd;
          break;
        }
        i++;
        // Up to 31 bits: keep it exact with multiplication (<< would go negative).
        uc = uc * 64 + (c & 0x3f);
      }
      if (!(uc < 0x110000 && (uc & 0xfffff800) !== 0xd800)) uc = 0xfffd;
    }
    const ch = String.fromCodePoint(uc);
    if (!NON_PRINTABLE.test(ch)) {
      s += ch;
    } else if (uc <= 0xffff) {
      s += `\\u${HEX_UPPER[(uc >> 12) & 15]}${HEX_UPPER[(uc >> 8) & 15]}${HEX_UPPER[(uc >> 4) & 15]}${HEX_UPPER[uc & 15]}`;
    } else {
      s += `\\U${uc.toString(16).toUpperCase().padStart(8, '0')}`;
    }
  }
  return s;
}
