/** Tiny byte builders for hand-made test frames. Not a test file itself. */
import type { Frame } from '../../src/capture/frame.js';

/** Bytes from hex text; spaces and newlines are ignored. */
export function hex(s: string): number[] {
  const t = s.replace(/\s+/g, '');
  const out: number[] = [];
  for (let i = 0; i < t.length; i += 2) out.push(parseInt(t.slice(i, i + 2), 16));
  return out;
}

export function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

/** A Frame over a fresh buffer holding exactly `bytes`. */
export function frame(linktype: number, bytes: number[], caplen = bytes.length): Frame {
  return { buf: Uint8Array.from(bytes), off: 0, caplen, origLen: bytes.length, tsSec: 0, tsNsec: 0, linktype };
}

export const MAC_A = hex('020000000001');
export const MAC_B = hex('020000000002');

/** Ethernet header: dst, src, EtherType/length. */
export function eth(type: number): number[] {
  return [...MAC_B, ...MAC_A, ...u16(type)];
}

/** 802.1Q/802.1ad tag body (TCI with VLAN id) followed by the inner EtherType. */
export function tag(vid: number, inner: number): number[] {
  return [...u16(vid & 0x0fff), ...u16(inner)];
}

export interface Ipv4Opts {
  proto: number;
  payloadLen: number;
  ihl?: number;
  version?: number;
  totalLen?: number;
  /** Flags + fragment offset field (MF = 0x2000, offset in 8-byte units). */
  frag?: number;
  src?: number[];
  dst?: number[];
}

/** IPv4 header (options zero-filled when ihl > 5). */
export function ipv4(o: Ipv4Opts): number[] {
  const ihl = o.ihl ?? 5;
  const hdr = [
    ((o.version ?? 4) << 4) | ihl, 0,
    ...u16(o.totalLen ?? Math.max(ihl, 5) * 4 + o.payloadLen),
    0x12, 0x34, ...u16(o.frag ?? 0), 64, o.proto, 0, 0,
    ...(o.src ?? [10, 0, 0, 1]), ...(o.dst ?? [10, 0, 0, 2]),
  ];
  for (let i = 20; i < ihl * 4; i++) hdr.push(1); // NOP options
  return hdr;
}

export const V6_SRC = hex('20010db8000000000000000000000001');
export const V6_DST = hex('20010db8000000000000000000000002');

/** IPv6 fixed header. */
export function ipv6(nextHeader: number, payloadLen: number): number[] {
  return [0x60, 0, 0, 0, ...u16(payloadLen), nextHeader, 64, ...V6_SRC, ...V6_DST];
}

/** An 8-byte IPv6 extension header (HBH/Routing/DstOpts with PadN, or a Fragment header). */
export function ext(kind: 'opts' | 'frag', next: number, fragOffsetUnits = 0, more = false): number[] {
  if (kind === 'frag') return [next, 0, ...u16((fragOffsetUnits << 3) | (more ? 1 : 0)), 0, 0, 0, 1];
  return [next, 0, 1, 4, 0, 0, 0, 0];
}

/** TCP header with data offset `doff` (options zero-filled). */
export function tcp(sport: number, dport: number, flags: number, doff = 5): number[] {
  const h = [...u16(sport), ...u16(dport), 0, 0, 0, 1, 0, 0, 0, 0, (doff << 4) | ((flags >> 8) & 0x0f), flags & 0xff, 0xff, 0xff, 0, 0, 0, 0];
  for (let i = 20; i < doff * 4; i++) h.push(0);
  return h;
}

export function udp(sport: number, dport: number, len = 8): number[] {
  return [...u16(sport), ...u16(dport), ...u16(len), 0, 0];
}
