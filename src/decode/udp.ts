/** UDP header: ports and length (RFC 768; length 0 allowed for IPv6 jumbograms, RFC 2675). */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';

/**
 * Decodes the 8-byte UDP header at `buf[off, end)` into `out.srcPort/dstPort`. Ports need 4 bytes;
 * fewer than 8 bytes is Truncated; a length field of 1..7 (shorter than the header) is Malformed.
 * Never throws; allocates nothing.
 */
export function decodeUdp(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  if (off + 4 > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  out.srcPort = (buf[off] << 8) | buf[off + 1];
  out.dstPort = (buf[off + 2] << 8) | buf[off + 3];
  if (off + 8 > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const len = (buf[off + 4] << 8) | buf[off + 5];
  if (len !== 0 && len < 8) out.status = PacketStatus.Malformed;
}
