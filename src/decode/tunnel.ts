/**
 * Header-length helpers for the encapsulations nta-top looks inside (GRE RFC 2784/2890/2637,
 * Teredo RFC 4380 §5.1.1, GTPv1-U 3GPP TS 29.281 §5, L2TPv2 RFC 2661 §3.1, MPLS RFC 3032,
 * Geneve RFC 8926 §3.4, VXLAN RFC 7348 §5, VXLAN-GPE draft-ietf-nvo3-vxlan-gpe §3, PPP RFC 1661 §2).
 * Each returns an offset or length, or -1 when the bytes run out or the header is not the expected
 * kind; all are bounds-checked against `end`, allocation free and never throw. The hot path
 * (dnsQueryName) and the detail pane (dissect) share them.
 */

/** GRE flag bits (first 16-bit word). */
export const GRE_C = 0x8000;
export const GRE_R = 0x4000;
export const GRE_K = 0x2000;
export const GRE_S = 0x1000;
/** Enhanced GRE (PPTP, RFC 2637 §4.1) acknowledgment-present bit. */
export const GRE_A = 0x0080;

/**
 * Length in bytes of the GRE header at `buf[off, end)`: version 0 (RFC 2784 checksum/offset when C
 * or R, key when K, sequence when S, then RFC 1701 source-route entries when R, ending with a null
 * entry) or version 1 (RFC 2637: key word always, sequence when S, acknowledgment when A).
 * Returns -1 when the header is cut short or the version is neither 0 nor 1.
 */
export function greHeaderBytes(buf: Uint8Array, off: number, end: number): number {
  if (off + 4 > end) return -1;
  const flags = (buf[off] << 8) | buf[off + 1];
  const version = flags & 7;
  let n = 4;
  if (version === 0) {
    if ((flags & (GRE_C | GRE_R)) !== 0) n += 4;
    if ((flags & GRE_K) !== 0) n += 4;
    if ((flags & GRE_S) !== 0) n += 4;
    if ((flags & GRE_R) !== 0) {
      // Source Route Entries: address family (2), SRE offset (1), SRE length (1), routing info.
      for (let guard = 0; guard < 256; guard++) {
        if (off + n + 4 > end) return -1;
        const sreLen = buf[off + n + 3];
        const af = (buf[off + n] << 8) | buf[off + n + 1];
        n += 4 + sreLen;
        if (af === 0 && sreLen === 0) break;
      }
    }
  } else if (version === 1) {
    n += 4;
    if ((flags & GRE_S) !== 0) n += 4;
    if ((flags & GRE_A) !== 0) n += 4;
  } else {
    return -1;
  }
  return off + n <= end ? n : -1;
}

/**
 * Offset of the IPv6 packet inside a Teredo payload at `buf[off, end)`: skips an authentication
 * indicator (type 1: id and auth lengths, client id, auth value, 8-byte nonce, confirmation byte)
 * and then an origin indication (type 0, 8 bytes), as tshark's packet-teredo.c does. Returns -1
 * when the bytes run out.
 */
export function teredoPayloadOffset(buf: Uint8Array, off: number, end: number): number {
  let p = off;
  if (p + 2 > end) return -1;
  if (buf[p] === 0 && buf[p + 1] === 1) {
    if (p + 4 > end) return -1;
    p += 4 + buf[p + 2] + buf[p + 3] + 8 + 1;
    if (p + 2 > end) return -1;
  }
  if (buf[p] === 0 && buf[p + 1] === 0) p += 8;
  return p < end ? p : -1;
}

/**
 * Offset of the user packet in a GTPv1 T-PDU (message type 255) at `buf[off, end)`: 8-byte
 * mandatory header, 4 more when any of E/S/PN is set, then the extension-header chain (length in
 * 4-byte units, next type in the last byte). Returns -1 for another version, another message type,
 * a zero-length extension header, or bytes cut short.
 */
export function gtpPayloadOffset(buf: Uint8Array, off: number, end: number): number {
  if (off + 8 > end) return -1;
  const flags = buf[off];
  if (flags >> 5 !== 1 || (flags & 0x10) === 0 || buf[off + 1] !== 0xff) return -1;
  let p = off + 8;
  if ((flags & 0x07) !== 0) {
    if (p + 4 > end) return -1;
    p += 4;
    let next = buf[p - 1];
    for (let guard = 0; next !== 0 && guard < 64; guard++) {
      if (p >= end) return -1;
      const extBytes = buf[p] * 4;
      if (extBytes === 0 || p + extBytes > end) return -1;
      p += extBytes;
      next = buf[p - 1];
    }
  }
  return p < end ? p : -1;
}

/**
 * Offset of the PPP frame in an L2TPv2 data message at `buf[off, end)`: flags/version word, length
 * when L, tunnel and session ids, Ns/Nr when S, offset size and padding when O. Returns -1 for a
 * control message (T bit), a version other than 2, or bytes cut short.
 */
export function l2tpPppOffset(buf: Uint8Array, off: number, end: number): number {
  if (off + 2 > end) return -1;
  const flags = (buf[off] << 8) | buf[off + 1];
  if ((flags & 0x8000) !== 0 || (flags & 0x000f) !== 2) return -1;
  let p = off + 2;
  if ((flags & 0x4000) !== 0) p += 2;
  p += 4;
  if ((flags & 0x0800) !== 0) p += 4;
  if ((flags & 0x0200) !== 0) {
    if (p + 2 > end) return -1;
    p += 2 + ((buf[p] << 8) | buf[p + 1]);
  }
  return p < end ? p : -1;
}

/**
 * The PPP protocol field at `buf[p, end)` after an optional 0xFF 0x03 address/control pair (RFC 1662)
 * and with protocol-field compression (odd first byte = 1-byte field, RFC 1661 §6.5).
 * Returns `protocol * 16 + headerBytes` (headerBytes 1..4), or -1 when cut short.
 */
export function pppProtocolAt(buf: Uint8Array, p: number, end: number): number {
  let n = 0;
  if (p + 2 <= end && buf[p] === 0xff && buf[p + 1] === 0x03) n = 2;
  if (p + n >= end) return -1;
  const b = buf[p + n];
  if ((b & 1) !== 0) return b * 16 + n + 1;
  if (p + n + 2 > end) return -1;
  return ((b << 8) | buf[p + n + 1]) * 16 + n + 2;
}

/** Offset after the MPLS label stack at `buf[off, end)` (entry with the bottom-of-stack bit last); -1 when cut short. */
export function mplsPayloadOffset(buf: Uint8Array, off: number, end: number): number {
  let p = off;
  for (;;) {
    if (p + 4 > end) return -1;
    const bottom = buf[p + 2] & 1;
    p += 4;
    if (bottom !== 0) return p;
  }
}

/** Geneve header length in bytes (8 + option length in 4-byte words, RFC 8926 §3.4); -1 when cut short. */
export function geneveHeaderBytes(buf: Uint8Array, off: number, end: number): number {
  if (off + 8 > end) return -1;
  const n = 8 + (buf[off] & 0x3f) * 4;
  return off + n <= end ? n : -1;
}

/** VXLAN-GPE next-protocol values (draft-ietf-nvo3-vxlan-gpe §3.1). */
export const GPE_IPV4 = 1;
export const GPE_IPV6 = 2;
export const GPE_ETHERNET = 3;
export const GPE_MPLS = 5;

/** ICMP (RFC 792) types that quote the offending datagram after the 8-byte header. */
export function isIcmpErrorType(type: number): boolean {
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

/** ICMPv6 (RFC 4443 §3) error types that quote the offending packet after the 8-byte header. */
export function isIcmpv6ErrorType(type: number): boolean {
  return type >= 1 && type <= 4;
}

/**
 * End (exclusive) of the IP datagram whose header starts at `ipOff`, by its own length field and
 * clipped to `end`: IPv4 total length, IPv6 40 + payload length; a zero length field (TSO / BIG TCP
 * super-frames, jumbograms) means "to the captured end".
 */
export function ipDatagramEnd(buf: Uint8Array, ipOff: number, version: number, end: number): number {
  if (version === 4) {
    if (ipOff + 4 > end) return end;
    const total = (buf[ipOff + 2] << 8) | buf[ipOff + 3];
    return total !== 0 && ipOff + total < end ? ipOff + total : end;
  }
  if (ipOff + 6 > end) return end;
  const payload = (buf[ipOff + 4] << 8) | buf[ipOff + 5];
  return payload !== 0 && ipOff + 40 + payload < end ? ipOff + 40 + payload : end;
}
