/**
 * Apple PKTAP, LINKTYPE_PKTAP (258): a header whose first 32-bit word (host byte order) is its own
 * length and whose second is the DLT of the packet that follows. Source: tcpdump.org/linktypes/LINKTYPE_PKTAP.html,
 * libpcap pcap/pktap.h.
 */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { LT_PKTAP } from './constants.js';
import { u32, u32le } from './reader.js';
import { decodeLink } from './registry.js';

/** Smallest PKTAP header: length and DLT words. */
const PKTAP_MIN_BYTES = 8;

/**
 * Decodes the PKTAP header at `buf[off, end)` and the inner packet with its own link type.
 * Fewer than 8 bytes or fewer than the announced header length is Truncated; a header length below
 * 8 is Malformed; a PKTAP inside PKTAP is Unsupported. Never throws; allocates nothing.
 */
export function decodePktap(buf: Uint8Array, off: number, end: number, out: DecodedPacket, depth: number): void {
  if (off + PKTAP_MIN_BYTES > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  // Host byte order of the capturing Mac: little-endian, unless that gives an absurd length.
  let hdrBytes = u32le(buf, off, end);
  const littleEndian = hdrBytes <= 0xffff;
  if (!littleEndian) hdrBytes = u32(buf, off, end);
  if (hdrBytes < PKTAP_MIN_BYTES) {
    out.status = PacketStatus.Malformed;
    return;
  }
  if (off + hdrBytes > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const dlt = littleEndian ? u32le(buf, off + 4, end) : u32(buf, off + 4, end);
  if (dlt === LT_PKTAP) {
    out.status = PacketStatus.Unsupported;
    return;
  }
  decodeLink(dlt, buf, off + hdrBytes, end, out, depth + 1);
}
