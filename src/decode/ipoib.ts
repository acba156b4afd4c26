/**
 * IP over InfiniBand, LINKTYPE_IPOIB (242): Linux's 20-byte destination hardware address and
 * 20 more pseudo-header bytes, then the RFC 4391 §6 encapsulation header (EtherType + 2 reserved
 * bytes), as tcpdump's ipoib.c reads it (44 bytes, EtherType at byte 40).
 */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { decodeEthertype } from './registry.js';

/** IPoIB capture header length in bytes. */
export const IPOIB_HEADER_BYTES = 44;

/**
 * Decodes the IPoIB header at `buf[off, end)` and dispatches its EtherType. Fewer than 44 bytes is
 * Truncated. Never throws; allocates nothing.
 */
export function decodeIpoib(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  if (off + IPOIB_HEADER_BYTES > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  decodeEthertype((buf[off + 40] << 8) | buf[off + 41], buf, off + IPOIB_HEADER_BYTES, end, out, 0);
}
