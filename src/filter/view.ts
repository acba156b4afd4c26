/**
 * The view filter (protocol class + address) compiled once into a predicate; applied to packets
 * when the engine counts the filtered view.
 */
import type { Frame } from '../capture/frame.js';
import { TransportClass } from '../decode/packet.js';
import type { DecodedPacket } from '../decode/packet.js';
import type { ProtoFilter, ViewFilter } from '../aggregate/snapshot.js';
import { PROTO_FILTERS } from '../aggregate/snapshot.js';
import { matchesAddr, parseAddrFilter } from './addr.js';
import type { AddrFilter } from './addr.js';

/**
 * True when the packet's transport class (ORACLE.md `transport`) passes the protocol filter:
 * 'all' passes everything, 'icmp' passes ICMP and ICMPv6, the others their own class.
 */
export function matchesProto(proto: ProtoFilter, pkt: DecodedPacket): boolean {
  switch (proto) {
    case 'all':
      return true;
    case 'tcp':
      return pkt.transport === TransportClass.Tcp;
    case 'udp':
      return pkt.transport === TransportClass.Udp;
    case 'icmp':
      return pkt.transport === TransportClass.Icmp || pkt.transport === TransportClass.Icmpv6;
    case 'arp':
      return pkt.transport === TransportClass.Arp;
    case 'other':
      return pkt.transport === TransportClass.Other;
    default:
      return false;
  }
}

/** A compiled view filter. `active` is false when it passes every packet. */
export type CompiledViewFilter =
  | { ok: true; match: (frame: Frame, pkt: DecodedPacket) => boolean; active: boolean; addr: AddrFilter | null }
  | { ok: false; error: string };

/**
 * Compiles a ViewFilter once (cold path). `addr` is trimmed; '' means no address filter. The
 * predicate allocates nothing per call.
 * @returns the predicate, or a one-line error for the status bar (bad address/CIDR, unknown proto).
 */
export function compileViewFilter(f: ViewFilter): CompiledViewFilter {
  const proto = f.proto;
  if (!PROTO_FILTERS.includes(proto)) return { ok: false, error: `unknown protocol filter: ${String(proto)}` };
  const text = f.addr.trim();
  let addr: AddrFilter | null = null;
  if (text !== '') {
    const r = parseAddrFilter(text);
    if (!r.ok) return r;
    addr = r.filter;
  }
  if (addr === null) {
    if (proto === 'all') return { ok: true, match: matchAll, active: false, addr };
    return { ok: true, match: (_frame, pkt) => matchesProto(proto, pkt), active: true, addr };
  }
  const a = addr;
  if (proto === 'all') return { ok: true, match: (frame, pkt) => matchesAddr(a, frame, pkt), active: true, addr };
  return { ok: true, match: (frame, pkt) => matchesProto(proto, pkt) && matchesAddr(a, frame, pkt), active: true, addr };
}

function matchAll(): boolean {
  return true;
}
