// The JIT warm-up only helps if the objects of the real capture look to V8 like the ones it was
// warmed on: the same hidden class (map) for the Aggregator, the Frame and the DecodedPacket. A map
// that differs at the first real packet deoptimizes the whole optimized hot path, which V8 then
// compiles again while the traffic arrives (seen in --trace-deopt as "wrong map" on ingest).
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { Capture } from '../../src/capture/pcap.js';
import { newFrame } from '../../src/capture/frame.js';
import { Aggregator } from '../../src/aggregate/aggregator.js';
import { decodePacket } from '../../src/decode/index.js';
import { newDecodedPacket } from '../../src/decode/packet.js';
import { WarmUp } from '../../src/warmup.js';

v8.setFlagsFromString('--allow-natives-syntax');
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

// Real traffic between two namespaces (HTTP, DNS, ICMP, IPv4 and IPv6), see ../shared/traffic.
const FILE = path.resolve(__dirname, '../../../shared/corpus/captures/gen-traffic-veth.pcap');

describe.runIf(fs.existsSync(FILE))('hidden classes of the hot path (needs ../shared/corpus)', () => {
  // First: a map generalized by an earlier test would hide the difference.
  it("a Frame from newFrame has the map a capture's frame has once it carries real timestamps", () => {
    const early = newFrame();
    expect(early.tsSec === 0).toBe(true); // -0
    const cap = Capture.openOffline(FILE);
    let n = 0;
    let differ = 0;
    try {
      cap.readBatch((f) => {
        n++;
        if (!sameMap(early, f)) differ++;
      });
    } finally {
      cap.close();
    }
    expect(n).toBeGreaterThan(100);
    expect(differ).toBe(0);
    expect(sameMap(early, newFrame(new Uint8Array(4), 1))).toBe(true);
  });

  it('a warmed-up aggregator and a fresh one keep one map through real packets', () => {
    const w = new WarmUp();
    while (!w.step(2000));
    const real = new Aggregator();
    const warmFrame = newFrame();
    const cap = Capture.openOffline(FILE);
    const pkt = newDecodedPacket();
    let n = 0;
    let aggregatorFirstDiff = 0;
    let frameFirstDiff = 0;
    try {
      while (!cap.eof && n < 3000) {
        cap.readBatch((f) => {
          decodePacket(f, pkt);
          real.ingest(f, pkt);
          n++;
          if (aggregatorFirstDiff === 0 && !sameMap(w.aggregator, real)) aggregatorFirstDiff = n;
          warmFrame.tsSec = f.tsSec;
          if (frameFirstDiff === 0 && !sameMap(warmFrame, f)) frameFirstDiff = n;
        });
      }
    } finally {
      cap.close();
    }
    expect(n).toBeGreaterThan(1000);
    expect(aggregatorFirstDiff).toBe(0);
    expect(frameFirstDiff).toBe(0);
  });

  it('the rate slot an aggregator keeps is a small integer, as the optimized code stores it', () => {
    // `sec % w` of a timestamp computed as a double is a double in unoptimized code: stored, it
    // changed the aggregator's map at the first packet of every capture.
    const isSmi = new Function('a', 'return %IsSmi(a)') as (a: unknown) => boolean;
    const agg = new Aggregator();
    const cap = Capture.openOffline(FILE);
    const pkt = newDecodedPacket();
    let n = 0;
    let notSmi = 0;
    try {
      cap.readBatch((f) => {
        decodePacket(f, pkt);
        agg.ingest(f, pkt);
        n++;
        if (!isSmi((agg as unknown as { curRateSlot: number }).curRateSlot)) notSmi++;
      });
    } finally {
      cap.close();
    }
    expect(n).toBeGreaterThan(100);
    expect(notSmi).toBe(0);
  });
});
