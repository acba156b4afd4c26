import { describe, expect, it } from 'vitest';
import { WARMUP_FRAME_KINDS, WARMUP_PHASE, WarmUp, warmupFrames } from '../../src/warmup.js';
import { decodePacket } from '../../src/decode/index.js';
import { newDecodedPacket, PacketStatus } from '../../src/decode/packet.js';

describe('JIT warm-up traffic', () => {
  it('is well-formed: every synthetic frame decodes without a malformed or truncated status', () => {
    const pkt = newDecodedPacket();
    for (let i = 0; i < 64; i++) {
      for (const bytes of warmupFrames(i)) {
        const buf = Uint8Array.from(bytes);
        decodePacket({ buf, off: 0, caplen: buf.length, origLen: buf.length, tsSec: 1, tsNsec: 0, linktype: 1 }, pkt);
        expect(pkt.status).toBe(PacketStatus.Ok);
      }
      expect(warmupFrames(i).length).toBe(WARMUP_FRAME_KINDS);
    }
  });

  it('builds frames only as its steps need them, and starts a fresh aggregator every phase', () => {
    const w = new WarmUp(2 * WARMUP_PHASE + 500);
    expect(w.variantsBuilt).toBe(0);
    w.step(1);
    expect(w.variantsBuilt).toBe(1);
    w.step(WARMUP_PHASE - 1);
    expect(w.phases).toBe(1);
    expect(w.aggregator.takeSnapshot({ talkerLimit: 1 }).totals.packets).toBe(WARMUP_PHASE);
    const first = w.aggregator;
    expect(w.step(1e9)).toBe(true);
    expect(w.phases).toBe(3);
    expect(w.aggregator).not.toBe(first);
    // the last phase's aggregator holds only its own packets
    expect(w.aggregator.takeSnapshot({ talkerLimit: 1 }).totals.packets).toBe(500);
    expect(w.variantsBuilt).toBe(64);
  });

  it('covers the paths a busy link takes: TCP, UDP, ICMP, ICMPv6, ARP over IPv4 and IPv6, names from DNS and TLS', () => {
    const w = new WarmUp(64 * 17 * 2);
    expect(w.step(100)).toBe(false);
    expect(w.remaining).toBe(64 * 17 * 2 - 100);
    expect(w.step(1e9)).toBe(true);
    expect(w.remaining).toBe(0);
    expect(w.step(10)).toBe(true);
    const snap = w.aggregator.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 10 });
    for (const c of ['tcp', 'udp', 'icmp', 'icmpv6', 'arp'] as const) expect(snap.classes[c].packets).toBeGreaterThan(0);
    expect(snap.totals.packets).toBe(64 * 17 * 2);
    const names = Object.values(w.aggregator.learnedNames());
    expect(names.some((n) => /^h\d+\.warm\.invalid$/.test(n))).toBe(true);
    // DNS answers taught IPv4 and IPv6 addresses their names
    const addrs = Object.keys(w.aggregator.learnedNames());
    expect(addrs.some((a) => a.startsWith('198.19.'))).toBe(true);
    expect(addrs.some((a) => a.startsWith('2001:db8:'))).toBe(true);
  });
});
