/**
 * IPv6 fixed header and extension-header chain (RFC 8200 §3, §4; Home Address option RFC 6275
 * §6.3). ipProto follows ORACLE.md: skip only 0 (Hop-by-Hop), 43 (Routing), 44 (Fragment) and
 * 60 (Destination Options); any other value (AH 51, ESP 50, Mobility 135, No Next Header 59 …) is
 * the result.
 */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import {
  IPPROTO_DSTOPTS,
  IPPROTO_FRAGMENT,
  IPPROTO_HOPOPTS,
  IPPROTO_ROUTING,
} from './constants.js';
import { decodeIpPayload, transportOf } from './registry.js';

/** IPv6 fixed header length in bytes. */
export const IPV6_HEADER_BYTES = 40;
/** Fragment extension header length in bytes (RFC 8200 §4.5). */
const FRAGMENT_HEADER_BYTES = 8;
/** Destination option type of the Mobile IPv6 Home Address option (RFC 6275 §6.3). */
const OPT_HOME_ADDRESS = 0xc9;

/** True for the extension headers ORACLE.md skips to find ipProto: 0, 43, 44, 60. */
function isSkippedHeader(nh: number): boolean {
  return nh === IPPROTO_HOPOPTS || nh === IPPROTO_ROUTING || nh === IPPROTO_FRAGMENT || nh === IPPROTO_DSTOPTS;
}

/** Result of checkOptions(). */
const OPTS_OK = 0;
/** An option's length byte contradicts its fixed size, but the options still fit. */
const OPTS_BAD_LENGTH = 1;
/** An option runs past the end of its header. */
const OPTS_OVERRUN = 2;

/**
 * Walks the TLV-encoded options in `buf[p, hdrEnd)` (Hop-by-Hop / Destination Options body,
 * RFC 8200 §4.2). The Home Address option always holds 16 bytes (RFC 6275 §6.3), so it is skipped
 * by that size whatever its length byte says (as tshark does).
 * @returns OPTS_OK, OPTS_BAD_LENGTH or OPTS_OVERRUN.
 */
function checkOptions(buf: Uint8Array, p: number, hdrEnd: number): number {
  let result = OPTS_OK;
  while (p < hdrEnd) {
    const type = buf[p];
    if (type === 0) {
      p++; // Pad1
      continue;
    }
    if (p + 2 > hdrEnd) return OPTS_OVERRUN;
    let len = buf[p + 1];
    if (type === OPT_HOME_ADDRESS && len !== 16) {
      len = 16;
      result = OPTS_BAD_LENGTH;
    }
    p += 2 + len;
    if (p > hdrEnd) return OPTS_OVERRUN;
  }
  return result;
}

/**
 * Decodes the IPv6 header at `buf[off, end)` (the outermost IP header), follows the extension
 * header chain and decodes the transport header after it.
 *
 * - version ≠ 6: Malformed, no address taken. Fewer than 40 bytes: Truncated, no address.
 * - payload length ≠ 0 trims the datagram (link padding); 0 (jumbogram, TSO) means the captured end.
 * - an extension header not fully captured: Truncated and ipProto -1 (the chain is unknown);
 *   one that runs past the payload length, or whose options overrun it: Malformed, ipProto = its
 *   next-header value (-1 if that is again 0/43/44/60), no transport header.
 * - a Fragment header sets `fragment`; a non-zero fragment offset means no transport header.
 * - a Home Address option with a length other than 16 is Malformed; decoding goes on.
 * Never throws; allocates nothing.
 */
export function decodeIpv6(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  out.ipOff = off;
  if (off >= end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  if (buf[off] >> 4 !== 6) {
    out.status = PacketStatus.Malformed;
    return;
  }
  if (off + IPV6_HEADER_BYTES > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  out.ipVersion = 6;
  out.src6Off = off + 8;
  out.dst6Off = off + 24;
  const payloadLen = (buf[off + 4] << 8) | buf[off + 5];
  const ipEnd = payloadLen !== 0 && off + IPV6_HEADER_BYTES + payloadLen < end ? off + IPV6_HEADER_BYTES + payloadLen : end;
  let nh = buf[off + 6];
  let p = off + IPV6_HEADER_BYTES;
  let nonFirstFragment = false;
  let badOption = false;
  for (;;) {
    let hdrBytes: number;
    if (nh === IPPROTO_HOPOPTS || nh === IPPROTO_ROUTING || nh === IPPROTO_DSTOPTS) {
      if (p + 2 > end) {
        out.status = PacketStatus.Truncated;
        return;
      }
      hdrBytes = (buf[p + 1] + 1) * 8;
    } else if (nh === IPPROTO_FRAGMENT) {
      hdrBytes = FRAGMENT_HEADER_BYTES;
    } else {
      break;
    }
    if (p + hdrBytes > end) {
      out.status = PacketStatus.Truncated;
      return;
    }
    const next = buf[p];
    if (nh === IPPROTO_FRAGMENT) {
      out.fragment = true;
      if ((((buf[p + 2] << 8) | buf[p + 3]) & 0xfff8) !== 0) nonFirstFragment = true;
    }
    const opts =
      nh === IPPROTO_HOPOPTS || nh === IPPROTO_DSTOPTS ? checkOptions(buf, p + 2, p + hdrBytes) : OPTS_OK;
    if (opts === OPTS_BAD_LENGTH) badOption = true;
    if (p + hdrBytes > ipEnd || opts === OPTS_OVERRUN) {
      // The chain stops here: `next` is the answer unless it is itself a header we would skip.
      if (!isSkippedHeader(next)) {
        out.ipProto = next;
        out.transport = transportOf(next);
      }
      out.status = PacketStatus.Malformed;
      return;
    }
    nh = next;
    p += hdrBytes;
  }
  out.ipProto = nh;
  out.transport = transportOf(nh);
  if (!nonFirstFragment) decodeIpPayload(nh, buf, p, ipEnd, out);
  if (badOption && out.status === PacketStatus.Ok) out.status = PacketStatus.Malformed;
}
