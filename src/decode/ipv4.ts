/** IPv4 header (RFC 791): addresses, protocol, fragment fields, total-length trimming. */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { decodeIpPayload, transportOf } from './registry.js';

/** Minimum IPv4 header length in bytes (IHL 5). */
export const IPV4_MIN_HEADER_BYTES = 20;

/**
 * Decodes the IPv4 header at `buf[off, end)` (the outermost IP header) and then the transport
 * header after it.
 *
 * - version ≠ 4, IHL < 5, or a non-zero total length smaller than the header: Malformed, and no
 *   address is taken (ipVersion stays 0), as tshark gives up on such a header before its addresses.
 * - total length 0 is accepted (TSO / BIG TCP super-frames carry 0) and means "to the captured end".
 * - MF set or fragment offset ≠ 0 sets `fragment`; a non-first fragment carries no transport header
 *   (no ports), but the class still follows the protocol number.
 * - fewer than 20 bytes, or fewer than IHL·4 bytes (options cut), is Truncated.
 * Never throws; allocates nothing.
 */
export function decodeIpv4(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  out.ipOff = off;
  if (off >= end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const vhl = buf[off];
  const hdrBytes = (vhl & 0x0f) * 4;
  if (vhl >> 4 !== 4 || hdrBytes < IPV4_MIN_HEADER_BYTES) {
    out.status = PacketStatus.Malformed;
    return;
  }
  if (off + IPV4_MIN_HEADER_BYTES > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const totalLen = (buf[off + 2] << 8) | buf[off + 3];
  if (totalLen !== 0 && totalLen < hdrBytes) {
    out.status = PacketStatus.Malformed;
    return;
  }
  const proto = buf[off + 9];
  out.ipVersion = 4;
  out.src4 = ((buf[off + 12] << 24) | (buf[off + 13] << 16) | (buf[off + 14] << 8) | buf[off + 15]) >>> 0;
  out.dst4 = ((buf[off + 16] << 24) | (buf[off + 17] << 16) | (buf[off + 18] << 8) | buf[off + 19]) >>> 0;
  out.ipProto = proto;
  out.transport = transportOf(proto);
  const fragField = (buf[off + 6] << 8) | buf[off + 7];
  if ((fragField & 0x3fff) !== 0) out.fragment = true;
  if (off + hdrBytes > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  if ((fragField & 0x1fff) !== 0) return;
  // Ethernet pads short frames to 60 bytes: the datagram ends at total length, not at caplen.
  const ipEnd = totalLen !== 0 && off + totalLen < end ? off + totalLen : end;
  decodeIpPayload(proto, buf, off + hdrBytes, ipEnd, out);
}
