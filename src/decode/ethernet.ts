/** Ethernet II and IEEE 802.3 MAC header (IEEE 802.3 §3.2.6: length/type field). */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { decodeEthertype } from './registry.js';

/** Ethernet header length in bytes: destination, source, length/type. */
export const ETHERNET_HEADER_BYTES = 14;

/**
 * Decodes the Ethernet header at `buf[off, end)` (LINKTYPE_ETHERNET = 1) and dispatches on the
 * length/type field: ≤ 1500 is an 802.3 length (an LLC frame follows, trimmed to that length),
 * anything else an EtherType. Fewer than 14 bytes is Truncated. Never throws; allocates nothing.
 * @param depth nesting level of link-layer re-entry (LLC/SNAP, PKTAP), 0 at the frame start.
 */
export function decodeEthernet(buf: Uint8Array, off: number, end: number, out: DecodedPacket, depth: number): void {
  if (off + ETHERNET_HEADER_BYTES > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  decodeEthertype((buf[off + 12] << 8) | buf[off + 13], buf, off + ETHERNET_HEADER_BYTES, end, out, depth);
}
