/** The hot-path entry point: one Frame → one reused DecodedPacket (see index.ts for the API). */
import type { Frame } from '../capture/frame.js';
import type { DecodedPacket } from './packet.js';
import { PacketStatus, TransportClass } from './packet.js';
import { decodeLink } from './registry.js';

/**
 * Decodes one frame into `out` (every field is reset first). Reads only `frame.buf[off, off +
 * caplen)` (clipped to the buffer), with explicit bounds checks; allocates nothing, never throws.
 *
 * Fills the OUTERMOST IP header's addresses (`src4/dst4` or `src6Off/dst6Off`), `ipProto` (after
 * IPv6 extension headers 0/43/44/60 only), the ORACLE.md `transport` class, ports, TCP flags,
 * ICMP type/code, ARP op, `fragment`, and the offsets `ipOff/l4Off`; `status` says Truncated
 * (bytes ran out inside a header), Malformed (a header contradicts itself) or Unsupported (link
 * type, EtherType or address family we do not decode). A frame whose `off`/`caplen` lie outside
 * its buffer decodes as Truncated.
 * Sources: tcpdump.org link-layer header types; IEEE 802.3 / 802.1Q; RFC 791, 8200, 9293, 768,
 * 792, 4443, 826; ../shared/corpus/ORACLE.md for the counting definitions.
 */
export function decodePacket(frame: Frame, out: DecodedPacket): void {
  out.status = PacketStatus.Ok;
  out.ipVersion = 0;
  out.src4 = 0;
  out.dst4 = 0;
  out.src6Off = -1;
  out.dst6Off = -1;
  out.ipProto = -1;
  out.transport = TransportClass.Other;
  out.srcPort = -1;
  out.dstPort = -1;
  out.tcpFlags = -1;
  out.icmpType = -1;
  out.icmpCode = -1;
  out.arpOp = -1;
  out.fragment = false;
  out.ipOff = -1;
  out.l4Off = -1;
  const buf = frame.buf;
  const off = frame.off;
  const caplen = frame.caplen;
  if (!(off >= 0 && off <= buf.length && caplen >= 0)) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const end = off + caplen < buf.length ? off + caplen : buf.length;
  decodeLink(frame.linktype, buf, off, end, out, 0);
}
