/** TCP header: ports, 12-bit flags, data offset (RFC 9293 §3.1; AE bit RFC 9768 / NS RFC 3540). */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';

/** Minimum TCP header length in bytes (data offset 5). */
export const TCP_MIN_HEADER_BYTES = 20;

/**
 * Decodes the TCP header at `buf[off, end)` into `out.srcPort/dstPort/tcpFlags`.
 * Ports need 4 bytes and flags bytes 12-13 (masked with 0x0fff: FIN 0x01 … CWR 0x80, AE 0x100,
 * reserved 0xe00). A data offset below 5 is Malformed with the ports read but NO flags: tshark 4.0
 * stops at "Bogus TCP header length (n, must be at least 20)" before `tcp.flags`, so the oracle has
 * none. Bytes ending before the data offset byte, the flags or the header's data offset are
 * Truncated. Never throws; allocates nothing.
 */
export function decodeTcp(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  if (off + 4 > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  out.srcPort = (buf[off] << 8) | buf[off + 1];
  out.dstPort = (buf[off + 2] << 8) | buf[off + 3];
  if (off + 13 > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const b12 = buf[off + 12];
  const hdrBytes = (b12 >> 4) * 4;
  if (hdrBytes < TCP_MIN_HEADER_BYTES) {
    out.status = PacketStatus.Malformed;
    return;
  }
  if (off + 14 > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  out.tcpFlags = ((b12 << 8) | buf[off + 13]) & 0x0fff;
  if (off + hdrBytes > end) out.status = PacketStatus.Truncated;
}
