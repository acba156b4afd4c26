/**
 * Linux NFLOG, LINKTYPE_NFLOG (239): 4-byte header (address family, version, resource id) then
 * TLVs whose 16-bit length and type are in the capturing host's byte order, each padded to 4
 * bytes; TLV type 9 (NFULA_PAYLOAD) holds the IP packet. Source: tcpdump.org/linktypes/LINKTYPE_NFLOG.html.
 */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { u16, u16le } from './reader.js';

const NFLOG_HEADER_BYTES = 4;
const NFULA_PAYLOAD = 9;
/** Linux address families in the NFLOG header. */
const NFPROTO_IPV4 = 2;
const NFPROTO_IPV6 = 10;

/**
 * Decodes the NFLOG header and TLVs at `buf[off, end)` and the IPv4/IPv6 payload TLV. The TLV byte
 * order is taken from the first TLV (little-endian unless its length only makes sense big-endian).
 * A TLV length below 4 is Malformed; running out of bytes before the payload TLV is Truncated;
 * other address families are Unsupported. Never throws; allocates nothing.
 */
export function decodeNflog(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  if (off + NFLOG_HEADER_BYTES > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const family = buf[off];
  if (family !== NFPROTO_IPV4 && family !== NFPROTO_IPV6) {
    out.status = PacketStatus.Unsupported;
    return;
  }
  let p = off + NFLOG_HEADER_BYTES;
  let littleEndian = true;
  const firstLen = u16le(buf, p, end);
  if (firstLen !== -1 && (firstLen < 4 || p + firstLen > end)) littleEndian = false;
  for (;;) {
    if (p + 4 > end) {
      out.status = PacketStatus.Truncated;
      return;
    }
    const len = littleEndian ? u16le(buf, p, end) : u16(buf, p, end);
    const type = littleEndian ? u16le(buf, p + 2, end) : u16(buf, p + 2, end);
    if (len < 4) {
      out.status = PacketStatus.Malformed;
      return;
    }
    if ((type & 0x7fff) === NFULA_PAYLOAD) {
      const payloadEnd = p + len < end ? p + len : end;
      if (family === NFPROTO_IPV4) decodeIpv4(buf, p + 4, payloadEnd, out);
      else decodeIpv6(buf, p + 4, payloadEnd, out);
      return;
    }
    p += (len + 3) & ~3;
  }
}
