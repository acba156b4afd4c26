/**
 * Property tests: decodePacket, dnsQueryName, learnNames, summarizePacket and dissect never throw,
 * for every prefix of every fixture frame (in place and as a copy) and random bytes under every
 * link type; only expected outcomes are allowed (msgpack-javascript style, fuzz-core.ts), and
 * cutting a header always reads as Truncated, never as Ok or as a different decode. The million
 * seeded mutations are in fuzz.test.ts.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/capture/frame.js';
import { loadCapture } from '../../src/capture/pcap.js';
import { decodePacket, summarizePacket } from '../../src/decode/index.js';
import type { DecodedPacket } from '../../src/decode/packet.js';
import { newDecodedPacket, PacketStatus, TransportClass } from '../../src/decode/packet.js';
import { checkFrame, FUZZ_LINKTYPES, invariantViolation } from './fuzz-core.js';
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
const LINKTYPES = FUZZ_LINKTYPES;

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

  it('every prefix of every fixture frame goes through every entry point without throwing, within the contract', () => {
    const p = newDecodedPacket();
    const failures: string[] = [];
    let n = 0;
    for (const f of ALL_FRAMES) {
      for (let len = 0; len <= f.caplen; len++) {
        // Same buffer, shorter caplen: bytes past caplen exist and must not be read.
        const inPlace: Frame = { ...f, caplen: len, origLen: f.origLen };
        const copy: Frame = { ...f, buf: f.buf.slice(0, len), caplen: len };
        const a = checkFrame(inPlace, p, true);
        const b = checkOne(copy, p, false);
        n += 2;
        if ((a || b) && failures.length < 5) failures.push(`${a || b} @ ${describeFrame(copy)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(n).toBeGreaterThan(500_000);
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
        const bad = checkFrame(f, p, i % 10 === 0);
        if (bad && failures.length < 5) failures.push(`${bad} @ ${describeFrame(f)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
