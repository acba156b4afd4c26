/** ICMP (RFC 792) and ICMPv6 (RFC 4443 §2.1) header: type and code. */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';

/**
 * Decodes the ICMP or ICMPv6 header at `buf[off, end)` into `out.icmpType/icmpCode`. Type and code
 * need 2 bytes; the fixed header is `headerBytes` long (8 for ICMP: type, code, checksum and the
 * per-message word; 4 for ICMPv6: type, code, checksum) and fewer bytes is Truncated.
 * Never throws; allocates nothing.
 */
export function decodeIcmp(
  buf: Uint8Array,
  off: number,
  end: number,
  out: DecodedPacket,
  headerBytes: number,
): void {
  if (off + 2 > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  out.icmpType = buf[off];
  out.icmpCode = buf[off + 1];
  if (off + headerBytes > end) out.status = PacketStatus.Truncated;
}
