/**
 * Never crash: 1,000,000 seeded mutations of the fixture frames (half of them starting from DNS,
 * mDNS, LLMNR, TLS and tunnel frames) through decodePacket, dnsQueryName and learnNames, with
 * summarizePacket and dissect on every 20th (50,000); only the expected outcomes are allowed
 * (fuzz-core.ts). `npm run fuzz -- --frames N --seed S` runs more; a failure names its seed and
 * iteration, replayable with `--seed S --start I --frames 1`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/capture/frame.js';
import { loadCapture } from '../../src/capture/pcap.js';
import { decodePacket, dnsQueryName } from '../../src/decode/index.js';
import { newDecodedPacket, TransportClass } from '../../src/decode/packet.js';
import { FIXTURES_DIR, fixtureNames } from './fixtures.js';
import { runFuzz } from './fuzz-core.js';

const SOURCES: Frame[] = fixtureNames().flatMap((n) => loadCapture(path.join(FIXTURES_DIR, n)).frames);

/** Frames whose payload the name code reads: DNS-family, TLS and tunnel ports, or a found name. */
function favoured(frames: Frame[]): Frame[] {
  const p = newDecodedPacket();
  const ports = new Set([53, 5353, 5355, 443, 3544, 4789, 4790, 6081, 2152, 1701, 4754, 6635, 4341]);
  return frames.filter((f) => {
    decodePacket(f, p);
    if (p.transport !== TransportClass.Tcp && p.transport !== TransportClass.Udp) return false;
    return dnsQueryName(f, p) !== null || ports.has(p.srcPort) || ports.has(p.dstPort);
  });
}

describe('decoder fuzzing (never throws, stays within the contract)', () => {
  it('1,000,000 seeded mutations: decode + dnsQueryName + learnNames on all, summarize + dissect on 50,000', () => {
    const fav = favoured(SOURCES);
    expect(fav.length).toBeGreaterThan(300);
    const t0 = performance.now();
    const r = runFuzz({ sources: SOURCES, favoured: fav, seed: 0x6e7461, frames: 1_000_000, heavyEvery: 20 });
    const seconds = (performance.now() - t0) / 1000;
    expect(r.failures).toEqual([]);
    expect(r.frames).toBe(1_000_000);
    expect(r.heavy).toBe(50_000);
    // The mutations reach every decode outcome, many DNS names and learnt names.
    for (const s of r.statuses) expect(s).toBeGreaterThan(1000);
    expect(r.names).toBeGreaterThan(100_000);
    expect(r.learnt).toBeGreaterThan(1000);
    // Generous bound for a 2-core CI box (about 5 s here): catches a pathological slowdown.
    expect(seconds).toBeLessThan(30);
  });
});
