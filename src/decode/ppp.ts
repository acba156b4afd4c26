/**
 * PPP (RFC 1661; HDLC-like framing RFC 1662) for LINKTYPE_PPP (9) and LINKTYPE_PPP_HDLC (50), and
 * PPPoE session frames (RFC 2516) for EtherType 0x8864 and LINKTYPE_PPP_ETHER (51).
 */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { PPP_IPV4, PPP_IPV6 } from './constants.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';

/** PPPoE header in bytes: version/type, code, session id, length. */
export const PPPOE_HEADER_BYTES = 6;

/** Dispatches a PPP protocol number: IPv4 and IPv6 are decoded, the rest is Unsupported. */
function decodePppProtocol(proto: number, buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  if (proto === PPP_IPV4) decodeIpv4(buf, off, end, out);
  else if (proto === PPP_IPV6) decodeIpv6(buf, off, end, out);
  else out.status = PacketStatus.Unsupported;
}

/**
 * Decodes a PPP frame at `buf[off, end)`: optional 0xFF 0x03 address/control, then a 1-byte
 * (protocol-field-compressed, odd first byte) or 2-byte protocol number. Missing bytes are
 * Truncated. Never throws; allocates nothing.
 */
export function decodePpp(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  let p = off;
  if (p + 2 <= end && buf[p] === 0xff && buf[p + 1] === 0x03) p += 2;
  if (p >= end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  let proto = buf[p];
  if ((proto & 1) !== 0) {
    p += 1;
  } else {
    if (p + 2 > end) {
      out.status = PacketStatus.Truncated;
      return;
    }
    proto = (proto << 8) | buf[p + 1];
    p += 2;
  }
  decodePppProtocol(proto, buf, p, end, out);
}

/**
 * Decodes a PPPoE session header at `buf[off, end)` and the 2-byte PPP protocol after it; the PPP
 * payload is trimmed to the PPPoE length field. Missing bytes are Truncated; a length too short
 * to hold the protocol number is Malformed. Never throws; allocates nothing.
 */
export function decodePppoeSession(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  if (off + PPPOE_HEADER_BYTES + 2 > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const len = (buf[off + 4] << 8) | buf[off + 5];
  if (len < 2) {
    out.status = PacketStatus.Malformed;
    return;
  }
  const payloadEnd = off + PPPOE_HEADER_BYTES + len < end ? off + PPPOE_HEADER_BYTES + len : end;
  decodePppProtocol((buf[off + 6] << 8) | buf[off + 7], buf, off + PPPOE_HEADER_BYTES + 2, payloadEnd, out);
}
