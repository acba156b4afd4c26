/**
 * Apple PKTAP, LINKTYPE_PKTAP (258): a header whose first 32-bit word (host byte order) is its own
 * length and whose second is the DLT of the packet that follows. Source: tcpdump.org/linktypes/LINKTYPE_PKTAP.html,
 * libpcap pcap/pktap.h.
 */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { LT_PKTAP } from './constants.js';
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
  let hdrBytes = (buf[off] | (buf[off + 1] << 8) | (buf[off + 2] << 16) | (buf[off + 3] << 24)) >>> 0;
  let littleEndian = true;
  if (hdrBytes > 0xffff) {
    hdrBytes = ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0;
    littleEndian = false;
  }
  if (hdrBytes < PKTAP_MIN_BYTES) {
    out.status = PacketStatus.Malformed;
    return;
  }
  if (off + hdrBytes > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const p = off + 4;
  const dlt = littleEndian
    ? (buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24)) >>> 0
    : ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
  if (dlt === LT_PKTAP) {
    out.status = PacketStatus.Unsupported;
    return;
  }
  decodeLink(dlt, buf, off + hdrBytes, end, out, depth + 1);
}
