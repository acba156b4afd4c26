/**
 * Bounds-checked big/little-endian getters over packet bytes (tcpdump's GET_BE_U_2 discipline).
 * Every getter takes the exclusive end of the captured bytes and returns -1 instead of reading past
 * it, so a decoder can test one sentinel rather than wrap reads in try/catch. All are allocation
 * free and small enough for V8 to inline. Callers keep `off >= 0` (offsets only ever grow from the
 * frame start) and `end <= buf.length`.
 *
 * Fixed-size headers are checked once for their whole length (tcpdump's ND_TCHECK_LEN) and then
 * read byte by byte inside the checked range; these getters serve the reads whose width or byte
 * order varies (loopback family, PKTAP, NFLOG TLVs, radiotap).
 */

/** Unsigned 8-bit value at `off`, or -1 when `off >= end`. */
export function u8(buf: Uint8Array, off: number, end: number): number {
  return off < end ? buf[off] : -1;
}

/** Unsigned 16-bit big-endian (network order) value at `off`, or -1 when fewer than 2 bytes remain. */
export function u16(buf: Uint8Array, off: number, end: number): number {
  return off + 2 <= end ? (buf[off] << 8) | buf[off + 1] : -1;
}

/** Unsigned 16-bit little-endian value at `off`, or -1 when fewer than 2 bytes remain. */
export function u16le(buf: Uint8Array, off: number, end: number): number {
  return off + 2 <= end ? buf[off] | (buf[off + 1] << 8) : -1;
}

/** Unsigned 32-bit big-endian value at `off` (0..2^32-1), or -1 when fewer than 4 bytes remain. */
export function u32(buf: Uint8Array, off: number, end: number): number {
  return off + 4 <= end
    ? ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0
    : -1;
}

/** Unsigned 32-bit little-endian value at `off` (0..2^32-1), or -1 when fewer than 4 bytes remain. */
export function u32le(buf: Uint8Array, off: number, end: number): number {
  return off + 4 <= end
    ? (buf[off] | (buf[off + 1] << 8) | (buf[off + 2] << 16) | (buf[off + 3] << 24)) >>> 0
    : -1;
}

/** True when `n` bytes starting at `off` lie before `end`. */
export function has(off: number, n: number, end: number): boolean {
  return off + n <= end;
}
