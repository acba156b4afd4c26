import { describe, expect, it } from 'vitest';
import { PacketRing } from '../../src/aggregate/ring.js';
import type { Frame, RecordBatch } from '../../src/capture/frame.js';
import { newFrame } from '../../src/capture/frame.js';

/** A frame of `caplen` bytes whose content encodes `id` (byte i = (id * 31 + i) & 255), at offset 5. */
function pkt(id: number, caplen: number, origLen = caplen): Frame {
  const buf = new Uint8Array(caplen + 10);
  for (let i = 0; i < caplen; i++) buf[5 + i] = (id * 31 + i) & 255;
  return { buf, off: 5, caplen, origLen, tsSec: 1_700_000_000 + id, tsNsec: id * 1000 + 7, linktype: 1 };
}

function bytesOf(f: Frame): number[] {
  return Array.from(f.buf.subarray(f.off, f.off + f.caplen));
}

function held(ring: PacketRing): { seq: number; caplen: number }[] {
  const out: { seq: number; caplen: number }[] = [];
  const f = newFrame();
  for (let i = 0; i < ring.size; i++) out.push({ seq: ring.seqAt(i), caplen: ring.frameAt(i, f, 1).caplen });
  return out;
}

describe('PacketRing', () => {
  it('keeps at most maxPackets, dropping the oldest', () => {
    const ring = new PacketRing(3, 10_000);
    for (let i = 1; i <= 5; i++) ring.push(pkt(i, 10), i);
    expect(ring.size).toBe(3);
    expect(ring.bytes).toBe(30);
    expect(held(ring).map((h) => h.seq)).toEqual([3, 4, 5]);
    const f = ring.frameAt(0, newFrame(), 113);
    expect(f.linktype).toBe(113);
    expect(f.tsSec).toBe(1_700_000_003);
    expect(f.tsNsec).toBe(3007);
    expect(bytesOf(f)).toEqual(bytesOf(pkt(3, 10)));
  });

  it('keeps the bytes within maxBytes, storing each packet contiguously', () => {
    const ring = new PacketRing(100, 100);
    ring.push(pkt(1, 40), 1);
    ring.push(pkt(2, 40), 2);
    expect([ring.size, ring.bytes]).toEqual([2, 80]);
    // 40 more bytes do not fit after offset 80: the packet goes to offset 0, evicting packet 1.
    ring.push(pkt(3, 40), 3);
    expect(held(ring).map((h) => h.seq)).toEqual([2, 3]);
    expect(ring.bytes).toBe(80);
    const f = newFrame();
    expect(ring.frameAt(1, f, 1).off).toBe(0);
    expect(bytesOf(f)).toEqual(bytesOf(pkt(3, 40)));
    expect(bytesOf(ring.frameAt(0, f, 1))).toEqual(bytesOf(pkt(2, 40)));
    // 20 bytes fit at 40..60 only after packet 2 (at 40..80) goes.
    ring.push(pkt(4, 20), 4);
    expect(held(ring).map((h) => h.seq)).toEqual([3, 4]);
    expect(ring.bytes).toBe(60);
    // 40 bytes at 60..100 fit next to packet 4 without evicting anything.
    ring.push(pkt(5, 40), 5);
    expect(held(ring).map((h) => h.seq)).toEqual([3, 4, 5]);
    expect(ring.bytes).toBe(100);
  });

  it('round-trips bytes and metadata through many wrap-arounds', () => {
    const maxPackets = 50;
    const maxBytes = 5000;
    const ring = new PacketRing(maxPackets, maxBytes);
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return (seed >>> 8) % n;
    };
    const pushed: Frame[] = [];
    const f = newFrame();
    const problems: string[] = [];
    let maxHeld = 0;
    for (let id = 1; id <= 3000; id++) {
      const size = rnd(10) === 0 ? 0 : 1 + rnd(id % 100 === 0 ? 1500 : 300);
      const p = pkt(id, size, size + rnd(3));
      pushed.push(p);
      ring.push(p, id);
      if (ring.size > maxPackets || ring.bytes > maxBytes || ring.size < 1) problems.push(`#${id}: size ${ring.size} bytes ${ring.bytes}`);
      maxHeld = Math.max(maxHeld, ring.size);
      // The held packets are exactly the newest `size` pushed, intact.
      let sum = 0;
      for (let i = 0; i < ring.size; i++) {
        const want = pushed[pushed.length - ring.size + i];
        ring.frameAt(i, f, 1);
        const same =
          ring.seqAt(i) === pushed.length - ring.size + i + 1 &&
          f.caplen === want.caplen &&
          f.origLen === want.origLen &&
          f.tsSec === want.tsSec &&
          f.tsNsec === want.tsNsec &&
          f.off + f.caplen <= maxBytes &&
          bytesOf(f).join() === bytesOf(want).join();
        if (!same) problems.push(`#${id}: slot ${i} differs`);
        sum += f.caplen;
      }
      if (ring.bytes !== sum) problems.push(`#${id}: bytes ${ring.bytes} != ${sum}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    // Both bounds were exercised.
    expect(maxHeld).toBe(maxPackets);
  });

  it('truncates a packet larger than the byte budget, keeping origLen', () => {
    const ring = new PacketRing(10, 50);
    ring.push(pkt(1, 10), 1);
    ring.push(pkt(2, 80, 1514), 2);
    expect(ring.size).toBe(1);
    expect(ring.bytes).toBe(50);
    const f = ring.frameAt(0, newFrame(), 1);
    expect(f.caplen).toBe(50);
    expect(f.origLen).toBe(1514);
    expect(bytesOf(f)).toEqual(bytesOf(pkt(2, 80)).slice(0, 50));
    ring.push(pkt(3, 10), 3);
    expect(held(ring)).toEqual([{ seq: 3, caplen: 10 }]);
  });

  it('holds zero-length packets without evicting others', () => {
    const ring = new PacketRing(10, 30);
    ring.push(pkt(1, 20), 1);
    for (let i = 2; i <= 5; i++) ring.push(pkt(i, 0, 60), i);
    expect(held(ring).map((h) => h.seq)).toEqual([1, 2, 3, 4, 5]);
    ring.push(pkt(6, 10), 6);
    expect(held(ring).map((h) => h.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    // Needs offset 0..5, where packet 1 lies; the empty packets (at 20) hold no bytes and stay.
    ring.push(pkt(7, 5), 7);
    expect(held(ring).map((h) => h.seq)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(ring.bytes).toBe(15);
    // 25 bytes: offset 5..30 overlaps packet 6 (20..30); everything older than 7 goes.
    ring.push(pkt(8, 25), 8);
    expect(held(ring).map((h) => h.seq)).toEqual([7, 8]);
  });

  it('iterates newest first / oldest first with a reused frame, and clears', () => {
    const ring = new PacketRing(5, 1000);
    for (let i = 1; i <= 7; i++) ring.push(pkt(i, i), 100 + i);
    const newest: number[] = [];
    ring.forEachNewest(1, (fr, seq) => {
      newest.push(seq * 1000 + fr.caplen);
    });
    expect(newest).toEqual([107007, 106006, 105005, 104004, 103003]);
    const two: number[] = [];
    ring.forEachNewest(1, (_fr, seq) => void two.push(seq), 2);
    expect(two).toEqual([107, 106]);
    const stopped: number[] = [];
    ring.forEachNewest(1, (_fr, seq) => {
      stopped.push(seq);
      return seq > 106;
    });
    expect(stopped).toEqual([107, 106]);
    const oldest: number[] = [];
    ring.forEachOldest(1, (fr, seq) => void oldest.push(seq + fr.caplen));
    expect(oldest).toEqual([106, 108, 110, 112, 114]);
    const frames = [...ring.frames(1)];
    expect(frames).toHaveLength(5);
    expect(new Set(frames).size).toBe(1); // one reused Frame
    expect(() => ring.frameAt(5, newFrame(), 1)).toThrow(RangeError);
    expect(() => ring.frameAt(-1, newFrame(), 1)).toThrow(RangeError);
    ring.clear();
    expect([ring.size, ring.bytes]).toEqual([0, 0]);
    ring.push(pkt(9, 3), 9);
    expect(bytesOf(ring.frameAt(0, newFrame(), 1))).toEqual(bytesOf(pkt(9, 3)));
  });

  it('keeps the frame linktype when none is passed', () => {
    const ring = new PacketRing(2, 100);
    ring.push(pkt(1, 4), 1);
    const f = newFrame();
    f.linktype = 276;
    expect(ring.frameAt(0, f).linktype).toBe(276);
  });

  it('rejects nonsensical sizes', () => {
    expect(() => new PacketRing(0, 10)).toThrow(RangeError);
    expect(() => new PacketRing(10, 0)).toThrow(RangeError);
    expect(() => new PacketRing(1.5, 10)).toThrow(RangeError);
    const r = new PacketRing(4, 64);
    expect([r.maxPackets, r.maxBytes]).toEqual([4, 64]);
  });

  describe('pushRecords (whole capture batches)', () => {
    /** A batch in the binding's layout (24-byte header, bytes, padding to 8) holding `frames`. */
    function batchOf(frames: Frame[], capacity?: number): RecordBatch {
      let size = 0;
      for (const f of frames) size += (24 + f.caplen + 7) & ~7;
      const ab = new ArrayBuffer(capacity ?? size);
      const buf = new Uint8Array(ab);
      const u32 = new Uint32Array(ab, 0, ab.byteLength >>> 2);
      const i32 = new Int32Array(ab, 0, ab.byteLength >>> 2);
      let off = 0;
      for (const f of frames) {
        const w = off >>> 2;
        u32[w] = f.tsSec >>> 0;
        i32[w + 1] = Math.floor(f.tsSec / 4294967296);
        u32[w + 2] = f.tsNsec;
        u32[w + 3] = f.caplen;
        u32[w + 4] = f.origLen;
        buf.set(f.buf.subarray(f.off, f.off + f.caplen), off + 24);
        off += (24 + f.caplen + 7) & ~7;
      }
      return { buf, u32, i32 };
    }

    it('holds exactly the newest records, intact, across wraps, tiny rings and partial batches', () => {
      let seed = 11;
      const rnd = (n: number): number => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return (seed >>> 8) % n;
      };
      const problems: string[] = [];
      const f = newFrame();
      for (const [maxPackets, maxBytes] of [
        [1, 64 * 1024],
        [7, 100_000],
        [50, 3000],
        [1000, 2000],
        [3, 40],
      ] as const) {
        const ring = new PacketRing(maxPackets, maxBytes);
        const pushed: Frame[] = [];
        let maxHeld = 0;
        for (let b = 0; b < 300; b++) {
          const n = 1 + rnd(b % 10 === 0 ? 200 : 12);
          const frames: Frame[] = [];
          for (let k = 0; k < n; k++) {
            const id = pushed.length + frames.length + 1;
            const size = rnd(8) === 0 ? 0 : 1 + rnd(rnd(20) === 0 ? 1600 : 200);
            frames.push(pkt(id, size, size + rnd(3)));
          }
          // Sometimes only a prefix is kept (-c reached mid-batch).
          const take = rnd(5) === 0 ? rnd(n + 1) : n;
          ring.pushRecords(batchOf(frames), take, pushed.length + 1);
          pushed.push(...frames.slice(0, take));
          maxHeld = Math.max(maxHeld, ring.size);
          if (ring.size > maxPackets || ring.bytes > maxBytes || (pushed.length > 0 && ring.size < 1)) {
            problems.push(`${maxPackets}/${maxBytes} batch ${b}: size ${ring.size} bytes ${ring.bytes}`);
          }
          let sum = 0;
          for (let i = 0; i < ring.size; i++) {
            const want = pushed[pushed.length - ring.size + i];
            ring.frameAt(i, f, 1);
            const caplen = Math.min(want.caplen, maxBytes);
            const same =
              ring.seqAt(i) === pushed.length - ring.size + i + 1 &&
              f.caplen === caplen &&
              f.origLen === want.origLen &&
              f.tsSec === want.tsSec &&
              f.tsNsec === want.tsNsec &&
              f.off + f.caplen <= maxBytes &&
              bytesOf(f).join() === bytesOf(want).slice(0, caplen).join();
            if (!same) problems.push(`${maxPackets}/${maxBytes} batch ${b}: slot ${i} differs`);
            sum += f.caplen;
          }
          if (ring.bytes !== sum) problems.push(`${maxPackets}/${maxBytes} batch ${b}: bytes ${ring.bytes} != ${sum}`);
        }
        if (maxPackets <= 7 && maxBytes > 10_000 && maxHeld !== maxPackets) problems.push(`${maxPackets}: never full`);
      }
      expect(problems.slice(0, 5)).toEqual([]);
    });

    it('mixes with push() and reads a last record that lacks its padding', () => {
      const ring = new PacketRing(10, 10_000);
      ring.push(pkt(1, 13), 1);
      const frames = [pkt(2, 5), pkt(3, 3)];
      // Capacity ends right after the last record's bytes (24 + 3), as a full binding batch can.
      const b = batchOf(frames, 32 + 24 + 3 + 1);
      ring.pushRecords(b, 2, 2);
      ring.push(pkt(4, 1), 4);
      expect(held(ring)).toEqual([
        { seq: 1, caplen: 13 },
        { seq: 2, caplen: 5 },
        { seq: 3, caplen: 3 },
        { seq: 4, caplen: 1 },
      ]);
      expect(bytesOf(ring.frameAt(2, newFrame(), 1))).toEqual(bytesOf(pkt(3, 3)));
    });
  });
  describe('openWindow + adoptRecords (records written where the ring keeps them)', () => {
    /** Writes `frames` as batch records at ring.records[base, base + len), as the binding does; returns how many fit. */
    function writeRecords(ring: PacketRing, base: number, len: number, frames: Frame[]): number {
      const { buf, u32, i32 } = ring.records;
      let off = base;
      let n = 0;
      for (const f of frames) {
        if (off + 24 + f.caplen > base + len) break; // the last record may lack its padding
        const w = off >>> 2;
        u32[w] = f.tsSec >>> 0;
        i32[w + 1] = Math.floor(f.tsSec / 4294967296);
        u32[w + 2] = f.tsNsec;
        u32[w + 3] = f.caplen;
        u32[w + 4] = f.origLen;
        buf.set(f.buf.subarray(f.off, f.off + f.caplen), off + 24);
        off += (24 + f.caplen + 7) & ~7;
        n++;
      }
      return n;
    }

    it('windows are 8-aligned, inside the arena, and evict exactly the packets they overlap', () => {
      const ring = new PacketRing(1000, 1000);
      const base = ring.openWindow(100, 400);
      expect([base, ring.windowBytes]).toEqual([0, 400]);
      expect(writeRecords(ring, base, 400, [pkt(1, 100), pkt(2, 100), pkt(3, 50)])).toBe(3);
      ring.adoptRecords(3, 1);
      expect(held(ring)).toEqual([
        { seq: 1, caplen: 100 },
        { seq: 2, caplen: 100 },
        { seq: 3, caplen: 50 },
      ]);
      // Records used 128 + 128 + 80 = 336 bytes: the next window starts there.
      const b2 = ring.openWindow(100, 10_000);
      expect([b2, ring.windowBytes]).toEqual([336, 664]);
      expect(ring.size).toBe(3);
      expect(writeRecords(ring, b2, 664, [pkt(4, 500)])).toBe(1);
      ring.adoptRecords(1, 4);
      // 336 + 528 = 864: the rest of the arena (136) is shorter than 200, so the window restarts
      // at 0, evicting packets 1 and 2 (0..256) but not 3 (256..336), which [0, 248) misses.
      const b3 = ring.openWindow(200, 248);
      expect([b3, ring.windowBytes]).toEqual([0, 248]);
      expect(held(ring).map((h) => h.seq)).toEqual([3, 4]);
      expect(bytesOf(ring.frameAt(0, newFrame(), 1))).toEqual(bytesOf(pkt(3, 50)));
      expect(bytesOf(ring.frameAt(1, newFrame(), 1))).toEqual(bytesOf(pkt(4, 500)));
      expect(() => ring.openWindow(1001, 1001)).toThrow(RangeError);
    });

    function sameBytes(a: Frame, b: Frame): boolean {
      if (a.caplen !== b.caplen) return false;
      for (let i = 0; i < a.caplen; i++) if (a.buf[a.off + i] !== b.buf[b.off + i]) return false;
      return true;
    }

    it('holds exactly the newest records, intact, over thousands of windows of random sizes mixed with push()', () => {
      let seed = 5;
      const rnd = (n: number): number => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return (seed >>> 8) % n;
      };
      const problems: string[] = [];
      for (const [maxPackets, maxBytes] of [
        [7, 4096],
        [1000, 4096],
        [50, 65_536],
        [100_000, 20_000],
      ]) {
        const ring = new PacketRing(maxPackets, maxBytes);
        const all: Frame[] = [];
        const f = newFrame();
        for (let b = 0; b < 2000; b++) {
          if (rnd(10) === 0) {
            const p = pkt(all.length + 1, 1 + rnd(200));
            all.push(p);
            ring.push(p, all.length);
          } else {
            const min = 24 + 256;
            const base = ring.openWindow(min, min + rnd(3000));
            const len = ring.windowBytes;
            if (base % 8 !== 0 || len < min || base + len > maxBytes) problems.push(`${maxPackets}/${maxBytes} batch ${b}: window ${base}+${len}`);
            const frames: Frame[] = [];
            for (let k = rnd(12); k > 0; k--) frames.push(pkt(all.length + frames.length + 1, rnd(257)));
            const n = writeRecords(ring, base, len, frames);
            // Sometimes fewer are adopted than were written (-c stopping mid-batch).
            const kept = rnd(8) === 0 ? rnd(n + 1) : n;
            ring.adoptRecords(kept, all.length + 1);
            for (let k = 0; k < kept; k++) all.push(frames[k]);
          }
          if (ring.size > maxPackets) problems.push(`${maxPackets}/${maxBytes} batch ${b}: ${ring.size} held`);
          let sum = 0;
          for (let i = 0; i < ring.size; i++) {
            const seq = all.length - ring.size + i + 1;
            const want = all[seq - 1];
            ring.frameAt(i, f, 1);
            const same =
              ring.seqAt(i) === seq &&
              f.caplen === want.caplen &&
              f.origLen === want.origLen &&
              f.tsSec === want.tsSec &&
              f.tsNsec === want.tsNsec &&
              f.off + f.caplen <= maxBytes &&
              sameBytes(f, want);
            if (!same) problems.push(`${maxPackets}/${maxBytes} batch ${b}: slot ${i} (seq ${seq}) differs`);
            sum += f.caplen;
          }
          if (ring.bytes !== sum) problems.push(`${maxPackets}/${maxBytes} batch ${b}: bytes ${ring.bytes} != ${sum}`);
          if (all.length > 0 && ring.size === 0) problems.push(`${maxPackets}/${maxBytes} batch ${b}: empty after adopting`);
        }
      }
      expect(problems.slice(0, 5)).toEqual([]);
    });
  });
});

describe('PacketRing on a supplied arena (largeBuffer)', () => {
  it('largeBuffer gives a zero-filled, writable buffer of the size asked, huge-page mapped or not', async () => {
    const { largeBuffer } = await import('../../src/capture/pcap.js');
    for (const n of [1, 4096, 3 * 1024 * 1024 + 5]) {
      const ab = largeBuffer(n);
      expect(ab.byteLength).toBe(n);
      const u = new Uint8Array(ab);
      expect(u.every((b) => b === 0)).toBe(true);
      u[n - 1] = 0xab;
      expect(u[n - 1]).toBe(0xab);
    }
    expect(() => largeBuffer(0)).toThrow(RangeError);
  });

  it('holds and evicts exactly as with its own arena', async () => {
    const { largeBuffer } = await import('../../src/capture/pcap.js');
    const a = new PacketRing(50, 4 * 1024 * 1024, largeBuffer(4 * 1024 * 1024));
    const b = new PacketRing(50, 4 * 1024 * 1024);
    for (let i = 1; i <= 400; i++) {
      a.push(pkt(i, 100 + (i % 1500)), i);
      b.push(pkt(i, 100 + (i % 1500)), i);
    }
    expect(held(a)).toEqual(held(b));
    const fa = newFrame(), fb = newFrame();
    for (let i = 0; i < a.size; i++) expect(bytesOf(a.frameAt(i, fa, 1))).toEqual(bytesOf(b.frameAt(i, fb, 1)));
  });

  it('refuses an arena smaller than its byte budget', () => {
    expect(() => new PacketRing(10, 1000, new ArrayBuffer(999))).toThrow(RangeError);
  });
});
