/** Hand-built frames and decoded packets for aggregate/filter tests (no decoder involved). */
import type { Frame } from '../../src/capture/frame.js';
import { newDecodedPacket, PacketStatus, TransportClass } from '../../src/decode/packet.js';
import type { DecodedPacket } from '../../src/decode/packet.js';

/** Dotted quad → u32. */
export function ip4(s: string): number {
  const p = s.split('.').map(Number);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

/** 16 bytes of a fully written-out IPv6 address "a:b:c:d:e:f:g:h" or with one "::". */
export function ip6Bytes(s: string): number[] {
  const [h, t] = s.includes('::') ? s.split('::') : [s, undefined];
  const head = h ? h.split(':') : [];
  const tail = t === undefined ? [] : t ? t.split(':') : [];
  const groups = [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail].map((g) => parseInt(g, 16));
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

export interface PktSpec {
  sec: number;
  nsec?: number;
  len: number;
  caplen?: number;
  transport?: TransportClass;
  status?: PacketStatus;
  src?: string;
  dst?: string;
  /** Outer TCP/UDP ports (default -1: not read). */
  sport?: number;
  dport?: number;
}

/**
 * A frame + decoded packet. IPv4 when src/dst contain '.', IPv6 when ':', no IP when absent.
 * IPv6 addresses are placed at offsets 8 and 24 of a 40-byte buffer (offset 3 into it, to prove
 * offsets are honoured).
 */
export function mk(spec: PktSpec): { frame: Frame; pkt: DecodedPacket } {
  const pkt = newDecodedPacket();
  pkt.status = spec.status ?? PacketStatus.Ok;
  pkt.transport = spec.transport ?? TransportClass.Other;
  pkt.srcPort = spec.sport ?? -1;
  pkt.dstPort = spec.dport ?? -1;
  const buf = new Uint8Array(64);
  const off = 3;
  if (spec.src !== undefined && spec.dst !== undefined) {
    if (spec.src.includes(':')) {
      pkt.ipVersion = 6;
      buf.set(ip6Bytes(spec.src), off + 8);
      buf.set(ip6Bytes(spec.dst), off + 24);
      pkt.src6Off = off + 8;
      pkt.dst6Off = off + 24;
    } else {
      pkt.ipVersion = 4;
      pkt.src4 = ip4(spec.src);
      pkt.dst4 = ip4(spec.dst);
    }
  }
  const frame: Frame = {
    buf,
    off,
    caplen: spec.caplen ?? 40,
    origLen: spec.len,
    tsSec: spec.sec,
    tsNsec: spec.nsec ?? 0,
    linktype: 101,
  };
  return { frame, pkt };
}
