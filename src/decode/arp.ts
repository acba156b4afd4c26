/** ARP (RFC 826) and RARP (RFC 903, same layout): operation and the variable-length address block. */
import type { DecodedPacket } from './packet.js';
import { PacketStatus, TransportClass } from './packet.js';

/** Fixed part of an ARP packet in bytes: htype, ptype, hlen, plen, op. */
export const ARP_FIXED_BYTES = 8;

/**
 * Decodes the ARP packet at `buf[off, end)`: sets `out.transport = Arp` and `out.arpOp`
 * (1 request, 2 reply, 3/4 RARP request/reply, …). Fewer than 8 bytes, or fewer than the 2·(hlen + plen) address bytes the
 * header announces, is Truncated. Never throws; allocates nothing.
 */
export function decodeArp(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  out.transport = TransportClass.Arp;
  if (off + ARP_FIXED_BYTES > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  out.arpOp = (buf[off + 6] << 8) | buf[off + 7];
  if (off + ARP_FIXED_BYTES + 2 * (buf[off + 4] + buf[off + 5]) > end) out.status = PacketStatus.Truncated;
}
