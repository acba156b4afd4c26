/**
 * IEEE 802.11 MAC header (IEEE 802.11-2020 §9.2) for LINKTYPE_IEEE802_11 (105), and the radiotap
 * header (radiotap.org, LINKTYPE_IEEE802_11_RADIOTAP 127) in front of it. Only data frames carry
 * a payload we follow (LLC/SNAP → EtherType).
 */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { decodeLlc } from './llc.js';
import { u16le, u32le } from './reader.js';

/** Radiotap fixed header in bytes: version, pad, length, first present word. */
const RADIOTAP_MIN_BYTES = 8;
/** Radiotap Flags field bit: the 802.11 header is padded to a multiple of 32 bits. */
const RADIOTAP_F_DATAPAD = 0x20;

/**
 * Decodes the 802.11 MAC header at `buf[off, end)`. Data frames (type 2) skip 24 bytes, 30 with
 * both DS bits (4 addresses), +2 for QoS subtypes, +4 for HT Control (QoS with the Order bit),
 * rounded up to 4 when `dataPad`; then LLC follows. Null-data (no body) and protected frames end
 * there; management and control frames are class other. A header cut short is Truncated.
 * Never throws; allocates nothing.
 */
export function decodeIeee80211(buf: Uint8Array, off: number, end: number, out: DecodedPacket, dataPad: boolean): void {
  if (off + 2 > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const fc0 = buf[off];
  const fc1 = buf[off + 1];
  if (((fc0 >> 2) & 3) !== 2) return;
  const subtype = fc0 >> 4;
  let hdrBytes = (fc1 & 3) === 3 ? 30 : 24;
  if ((subtype & 8) !== 0) {
    hdrBytes += 2;
    if ((fc1 & 0x80) !== 0) hdrBytes += 4;
  }
  if (dataPad) hdrBytes = (hdrBytes + 3) & ~3;
  if (off + hdrBytes > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  if ((subtype & 4) !== 0 || (fc1 & 0x40) !== 0) return;
  decodeLlc(buf, off + hdrBytes, end, out, 0);
}

/**
 * Decodes the radiotap header at `buf[off, end)` (little-endian length at byte 2) and the 802.11
 * frame after it. The Flags field (present bit 1, after the 8-byte-aligned TSFT when bit 0 is set)
 * tells whether the 802.11 header is padded. A trailing FCS (flag 0x10) is left in place: the IP
 * length fields end the datagram before it, and under a snaplen the FCS is not captured anyway.
 * Version ≠ 0
 * or a length below 8 is Malformed; bytes cut short are Truncated. Never throws; allocates nothing.
 */
export function decodeRadiotap(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  if (off + RADIOTAP_MIN_BYTES > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const len = u16le(buf, off + 2, end);
  if (buf[off] !== 0 || len < RADIOTAP_MIN_BYTES) {
    out.status = PacketStatus.Malformed;
    return;
  }
  const hdrEnd = off + len;
  if (hdrEnd > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const present = u32le(buf, off + 4, end);
  let p = off + 4;
  // Extended present bitmaps: bit 31 says another 32-bit word follows.
  while ((buf[p + 3] & 0x80) !== 0) {
    p += 4;
    if (p + 4 > hdrEnd) {
      out.status = PacketStatus.Malformed;
      return;
    }
  }
  p += 4;
  let flags = 0;
  if ((present & 2) !== 0) {
    if ((present & 1) !== 0) p = off + ((p - off + 7) & ~7) + 8; // TSFT: u64, 8-byte aligned
    if (p < hdrEnd) flags = buf[p];
  }
  decodeIeee80211(buf, hdrEnd, end, out, (flags & RADIOTAP_F_DATAPAD) !== 0);
}
