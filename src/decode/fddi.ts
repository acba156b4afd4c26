/** FDDI MAC header (ANSI X3.139 / ISO 9314-2), LINKTYPE_FDDI (10): frame control + two addresses. */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { decodeLlc } from './llc.js';

/** FDDI header in bytes: frame control (1), destination (6), source (6). */
export const FDDI_HEADER_BYTES = 13;

/**
 * Decodes the FDDI header at `buf[off, end)`. LLC frames (frame control 0x50-0x5f asynchronous,
 * 0xd0-0xdf synchronous, as tcpdump's FDDIFC_LLC_*) continue into LLC; SMT/MAC frames are class
 * other. Fewer than 13 bytes is Truncated. Never throws; allocates nothing.
 */
export function decodeFddi(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  if (off + FDDI_HEADER_BYTES > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  if ((buf[off] & 0x70) === 0x50) decodeLlc(buf, off + FDDI_HEADER_BYTES, end, out, 0);
}
