/** MPLS label stack (RFC 3032), EtherTypes 0x8847/0x8848; payload guessed from the IP version. */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';

/**
 * Skips 4-byte label stack entries at `buf[off, end)` up to the one with the bottom-of-stack bit,
 * then decodes IPv4 or IPv6 by the first nibble (RFC 3032 §2.2 leaves the payload type implicit;
 * 4 and 6 are what routers assume). Other payloads (pseudowires) are Unsupported; an entry cut short
 * or no payload byte is Truncated. Never throws; allocates nothing.
 */
export function decodeMpls(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  let p = off;
  for (;;) {
    if (p + 4 > end) {
      out.status = PacketStatus.Truncated;
      return;
    }
    const bottom = buf[p + 2] & 1;
    p += 4;
    if (bottom) break;
  }
  if (p >= end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const version = buf[p] >> 4;
  if (version === 4) decodeIpv4(buf, p, end, out);
  else if (version === 6) decodeIpv6(buf, p, end, out);
  else out.status = PacketStatus.Unsupported;
}
