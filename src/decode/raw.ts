/**
 * Raw IP link types without a link header: LINKTYPE_RAW (101, and DLT_RAW 12 / 14 in old files:
 * version nibble picks IPv4 or IPv6), LINKTYPE_IPV4 (228), LINKTYPE_IPV6 (229).
 */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';

/**
 * Decodes a raw IP packet at `buf[off, end)`, choosing IPv4 or IPv6 by the version nibble.
 * An empty packet is Truncated; any other version is Malformed. Never throws; allocates nothing.
 */
export function decodeRawIp(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  if (off >= end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const version = buf[off] >> 4;
  if (version === 4) decodeIpv4(buf, off, end, out);
  else if (version === 6) decodeIpv6(buf, off, end, out);
  else out.status = PacketStatus.Malformed;
}
