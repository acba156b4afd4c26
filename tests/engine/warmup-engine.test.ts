// The Engine's JIT warm-up runs synthetic packets through its own per-packet path (count(), the
// capture's walk, a ring's adoptRecords) with its tables swapped for throwaway ones. These tests
// hold that nothing of it shows: not in the counts, the ring, the names, nor the -c limit.
import dgram from 'node:dgram';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { Capture } from '../../src/capture/pcap.js';
import { Engine } from '../../src/engine.js';
import { WARMUP_PACKETS } from '../../src/warmup.js';

const isRoot = process.getuid?.() === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!cond() && Date.now() - t0 < ms) await sleep(20);
}

describe.skipIf(!isRoot)('the engine JIT warm-up on a live capture (root, lo)', () => {
  it.each([262144, 96])('goes through the engine, then leaves no trace in counts, ring, names or the -c limit (snaplen %i)', async (snaplen) => {
    // A port nothing else on lo sends to: the capture sees only the datagrams sent below.
    const port = 20000 + Math.floor(Math.random() * 20000);
    const cap = Capture.openLive({ device: 'lo', filter: `udp and dst port ${port}`, snaplen });
    const engine = new Engine(cap, { ringPackets: 10_000, ringBytes: 16 * 1024 * 1024, dumpDir: os.tmpdir(), limit: 3 });
    let limited = 0;
    engine.onLimit = () => limited++;
    const tx = dgram.createSocket('udp4');
    try {
      // a view filter set before the warm-up still filters after it
      expect(engine.setFilter({ proto: 'udp', addr: '127.0.0.1' })).toBeNull();
      engine.start();
      await until(() => !engine.warmUp.running, 20_000);
      expect(engine.warmUp).toEqual({ running: false, packets: WARMUP_PACKETS });
      expect(engine.packetsSeen).toBe(0);
      expect(engine.ring.size).toBe(0);
      expect(limited).toBe(0);
      const quiet = engine.all.takeSnapshot({ talkerLimit: 10 });
      expect(quiet.totals.packets).toBe(0);
      expect(quiet.talkers).toEqual([]);
      expect(engine.all.learnedNames()).toEqual({});
      // Its traffic is there for the dashboard's off-screen frames, and only there.
      const q = { talkerSort: 'bytes' as const, talkerLimit: 10, table: 'hosts' as const, packetLimit: 40 };
      const warm = engine.warmSnapshot(q);
      expect(warm).not.toBeNull();
      expect(warm!.view.totals.packets).toBeGreaterThan(1000);
      expect(warm!.view.talkers.length).toBeGreaterThan(0);
      expect(warm!.packets).toHaveLength(40);
      expect(warm!.packets.every((r) => r.info !== '' && r.info !== '(no longer in memory)')).toBe(true);
      expect(engine.takeSnapshot(q).view.totals.packets).toBe(0);
      expect(engine.takeSnapshot(q).packets).toEqual([]);

      for (let i = 0; i < 5; i++) {
        await new Promise<void>((r) => tx.send(Buffer.from(`nta-warm ${i}`), port, '127.0.0.1', () => r()));
      }
      await until(() => engine.packetsSeen >= 3, 5_000);
      await sleep(200);
      // the limit still holds at 3, and fires once
      expect(engine.packetsSeen).toBe(3);
      expect(limited).toBe(1);
      const snap = engine.all.takeSnapshot({ talkerLimit: 10 });
      expect(snap.totals.packets).toBe(3);
      expect(snap.talkers.map((t) => t.addr)).toEqual(['127.0.0.1']);
      const shown = engine.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 10, table: 'hosts', packetLimit: 10 });
      expect(shown.filter).toEqual({ proto: 'udp', addr: '127.0.0.1' });
      expect(shown.view.totals.packets).toBe(3);
      expect(shown.packets.length).toBe(3);
      engine.stop();
      expect(engine.warmSnapshot(q)).toBeNull(); // dropped with the engine
    } finally {
      tx.close();
      engine.stop();
    }
  });
});
