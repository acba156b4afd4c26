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
