/**
 * BSD loopback encapsulation: LINKTYPE_NULL (0, address family in the capturing host's byte
 * order) and LINKTYPE_LOOP (108, network byte order), tcpdump.org/linktypes/LINKTYPE_NULL.html.
 */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { BSD_AF_INET, BSD_AF_INET6_BSD, BSD_AF_INET6_DARWIN, BSD_AF_INET6_FREEBSD } from './constants.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { u32, u32le } from './reader.js';

/** Loopback header length in bytes (one 32-bit address family). */
export const LOOPBACK_HEADER_BYTES = 4;

/**
 * Decodes the 4-byte address family at `buf[off, end)` and the IP packet after it. The byte order
 * is guessed as tcpdump does (a family never exceeds 0xffff, so a value with upper bits set is
 * byte-swapped); this serves NULL and LOOP alike. AF_INET (2) → IPv4; 24, 28, 30 (AF_INET6 on
 * NetBSD/OpenBSD, FreeBSD, Darwin) → IPv6; anything else Unsupported; fewer than 4 bytes
 * Truncated. Never throws; allocates nothing.
 */
export function decodeLoopback(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  if (off + LOOPBACK_HEADER_BYTES > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  let af = u32le(buf, off, end);
  if (af > 0xffff) af = u32(buf, off, end);
  const p = off + LOOPBACK_HEADER_BYTES;
  if (af === BSD_AF_INET) decodeIpv4(buf, p, end, out);
  else if (af === BSD_AF_INET6_BSD || af === BSD_AF_INET6_FREEBSD || af === BSD_AF_INET6_DARWIN) decodeIpv6(buf, p, end, out);
  else out.status = PacketStatus.Unsupported;
}
