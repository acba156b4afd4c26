/**
 * Property tests: decodePacket and summarizePacket never throw, for every prefix of every fixture
 * frame, ~200k seeded mutations of fixture frames and random bytes under every link type; only
 * expected outcomes are allowed (msgpack-javascript style), and cutting a header always reads as
 * Truncated, never as Ok or as a different decode.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/capture/frame.js';
import { loadCapture } from '../../src/capture/pcap.js';
import { decodePacket, summarizePacket } from '../../src/decode/index.js';
import type { DecodedPacket } from '../../src/decode/packet.js';
import { newDecodedPacket, PacketStatus, TransportClass } from '../../src/decode/packet.js';
import { transportOf } from '../../src/decode/registry.js';
import { FIXTURES_DIR, fixtureNames } from './fixtures.js';

/** mulberry32: small seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALL_FRAMES: Frame[] = fixtureNames().flatMap((n) => loadCapture(path.join(FIXTURES_DIR, n)).frames);
const LINKTYPES = [0, 1, 9, 10, 12, 14, 50, 51, 101, 105, 108, 113, 127, 228, 229, 239, 242, 258, 276, 160, 65535];

/** The outcomes a decode may have; returns a description of the first broken invariant, or ''. */
function invariantViolation(p: DecodedPacket, f: Frame): string {
  if (p.status < PacketStatus.Ok || p.status > PacketStatus.Unsupported) return `status ${p.status}`;
  if (p.transport < TransportClass.Tcp || p.transport > TransportClass.Other) return `transport ${p.transport}`;
  const end = f.off + f.caplen;
  if (p.ipVersion === 0) {
    if (p.ipProto !== -1 && p.transport !== TransportClass.Other) return 'ipProto without IP';
    if (p.transport !== TransportClass.Arp && p.transport !== TransportClass.Other) return 'IP class without IP';
    if (p.srcPort !== -1 || p.tcpFlags !== -1 || p.icmpType !== -1 || p.src6Off !== -1) return 'L4 fields without IP';
  } else {
    if (p.ipVersion !== 4 && p.ipVersion !== 6) return `ipVersion ${p.ipVersion}`;
    if (p.transport !== transportOf(p.ipProto)) return 'transport does not follow ipProto';
    if (p.ipOff < f.off || p.ipOff >= end) return 'ipOff outside frame';
    if (p.ipVersion === 6 && (p.src6Off !== p.ipOff + 8 || p.dst6Off !== p.ipOff + 24 || p.dst6Off + 16 > end)) return 'v6 address offsets';
    if (p.arpOp !== -1) return 'arpOp with IP';
  }
  if (p.ipProto < -1 || p.ipProto > 255) return `ipProto ${p.ipProto}`;
  if (p.srcPort < -1 || p.srcPort > 65535 || p.dstPort < -1 || p.dstPort > 65535) return 'port range';
  if ((p.srcPort === -1) !== (p.dstPort === -1)) return 'one port only';
  if (p.srcPort !== -1 && p.transport !== TransportClass.Tcp && p.transport !== TransportClass.Udp) return 'ports outside TCP/UDP';
  if (p.tcpFlags !== -1 && (p.transport !== TransportClass.Tcp || p.tcpFlags > 0xfff)) return 'tcpFlags';
  if (p.icmpType !== -1 && p.transport !== TransportClass.Icmp && p.transport !== TransportClass.Icmpv6) return 'icmp fields outside ICMP';
  if (p.arpOp !== -1 && p.transport !== TransportClass.Arp) return 'arpOp outside ARP';
  if (p.l4Off !== -1 && (p.ipVersion === 0 || p.l4Off < p.ipOff || p.l4Off > end)) return 'l4Off';
  return '';
}

function checkOne(f: Frame, p: DecodedPacket, withSummary: boolean): string {
  try {
    decodePacket(f, p);
    const bad = invariantViolation(p, f);
    if (bad) return bad;
    if (withSummary) {
      const s = summarizePacket(f);
      if (typeof s.info !== 'string' || typeof s.proto !== 'string') return 'summary shape';
    }
  } catch (e) {
    return `threw ${(e as Error).stack ?? String(e)}`;
  }
  return '';
}

const describeFrame = (f: Frame): string =>
  `linktype ${f.linktype} caplen ${f.caplen}: ${Buffer.from(f.buf.subarray(f.off, f.off + f.caplen)).toString('hex')}`;

describe('decoder properties', () => {
  it('loads the fixture frames', () => {
    expect(ALL_FRAMES.length).toBeGreaterThan(500);
  });

  it('every prefix of every fixture frame decodes without throwing, within the contract', () => {
    const p = newDecodedPacket();
    const failures: string[] = [];
    let n = 0;
    for (const f of ALL_FRAMES) {
      for (let len = 0; len <= f.caplen; len++) {
        // Same buffer, shorter caplen: bytes past caplen exist and must not be read.
        const inPlace: Frame = { ...f, caplen: len };
        const copy: Frame = { ...f, buf: f.buf.slice(0, len), caplen: len };
        const a = checkOne(inPlace, p, len % 7 === 0 || len === f.caplen);
        const b = checkOne(copy, p, false);
        n += 2;
        if ((a || b) && failures.length < 5) failures.push(`${a || b} @ ${describeFrame(copy)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(n).toBeGreaterThan(100_000);
  });

  it('a prefix that cuts a header is Truncated; once the headers are whole it decodes as the full frame', () => {
    const p = newDecodedPacket();
    const full = newDecodedPacket();
    const failures: string[] = [];
    let checked = 0;
    for (const f of ALL_FRAMES) {
      decodePacket(f, full);
      if (full.status !== PacketStatus.Ok) continue;
      // Where the last header ends (tcpdump's "header length"), from the full decode.
      let headersEnd = -1;
      if (full.transport === TransportClass.Tcp && full.l4Off >= 0) headersEnd = full.l4Off + (f.buf[full.l4Off + 12] >> 4) * 4;
      else if (full.transport === TransportClass.Udp && full.l4Off >= 0) headersEnd = full.l4Off + 8;
      else if (full.transport === TransportClass.Icmp && full.l4Off >= 0) headersEnd = full.l4Off + 8;
      else if (full.transport === TransportClass.Icmpv6 && full.l4Off >= 0) headersEnd = full.l4Off + 4;
      let firstOk = -1;
      for (let len = 0; len <= f.caplen; len++) {
        decodePacket({ ...f, caplen: len }, p);
        if (firstOk < 0) {
          if (p.status === PacketStatus.Ok) firstOk = len;
          else if (p.status !== PacketStatus.Truncated) failures.push(`len ${len}: status ${p.status} before the headers are whole @ ${describeFrame(f)}`);
        }
        if (firstOk >= 0 && JSON.stringify(p) !== JSON.stringify(full)) {
          failures.push(`len ${len}: ${JSON.stringify(p)} ≠ full ${JSON.stringify(full)} @ ${describeFrame(f)}`);
          break;
        }
      }
      if (headersEnd >= 0 && firstOk !== headersEnd - f.off) failures.push(`first Ok prefix ${firstOk}, header end ${headersEnd} @ ${describeFrame(f)}`);
      if (firstOk <= 0 && f.caplen > 0) failures.push(`empty prefix decoded Ok @ ${describeFrame(f)}`);
      checked++;
      if (failures.length > 5) break;
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(400);
  });

  it('200k seeded mutations of fixture frames (flip, insert, delete, cut, relabel) stay within the contract', () => {
    const rnd = mulberry32(0x6e7461); // "nta"
    const p = newDecodedPacket();
    const failures: string[] = [];
    const statuses = [0, 0, 0, 0];
    for (let i = 0; i < 200_000; i++) {
      const src = ALL_FRAMES[Math.floor(rnd() * ALL_FRAMES.length)];
      const bytes = Array.from(src.buf.subarray(src.off, src.off + Math.min(src.caplen, 256)));
      const edits = 1 + Math.floor(rnd() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * (bytes.length + 1));
        const kind = rnd();
        if (kind < 0.5 && bytes.length > 0) bytes[at % bytes.length] ^= 1 << Math.floor(rnd() * 8);
        else if (kind < 0.7 && bytes.length > 0) bytes[at % bytes.length] = Math.floor(rnd() * 256);
        else if (kind < 0.85) bytes.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 256)));
        else if (bytes.length > 0) bytes.splice(at, 1 + Math.floor(rnd() * 8));
      }
      const linktype = rnd() < 0.05 ? LINKTYPES[Math.floor(rnd() * LINKTYPES.length)] : src.linktype;
      const f: Frame = { ...src, buf: Uint8Array.from(bytes), off: 0, caplen: bytes.length, linktype };
      const bad = checkOne(f, p, i % 20 === 0);
      statuses[p.status]++;
      if (bad && failures.length < 5) failures.push(`${bad} @ ${describeFrame(f)}`);
    }
    expect(failures).toEqual([]);
    // The mutations reach every outcome.
    for (const s of statuses) expect(s).toBeGreaterThan(0);
  });

  it('random bytes under every link type stay within the contract', () => {
    const rnd = mulberry32(42);
    const p = newDecodedPacket();
    const failures: string[] = [];
    for (const linktype of LINKTYPES) {
      for (let i = 0; i < 5000; i++) {
        const len = Math.floor(rnd() * 160);
        const buf = new Uint8Array(len + 32);
        for (let k = 0; k < buf.length; k++) buf[k] = Math.floor(rnd() * 256);
        const off = Math.floor(rnd() * 16);
        const f: Frame = { buf, off, caplen: len, origLen: len, tsSec: 0, tsNsec: 0, linktype };
        const bad = checkOne(f, p, i % 10 === 0);
        if (bad && failures.length < 5) failures.push(`${bad} @ ${describeFrame(f)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
