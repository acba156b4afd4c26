/**
 * The Engine's packet rows (what the packet list shows): each row's addresses, protocol and info
 * are summarizePacket's for that packet, made when first read, from the packet's bytes in the ring.
 */
import { describe, expect, it } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { Capture } from '../../src/capture/pcap.js';
import { newFrame } from '../../src/capture/frame.js';
import { summarizePacket } from '../../src/decode/index.js';
import { Engine } from '../../src/engine.js';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/captures');

function engineOf(file: string, ringPackets: number): Engine {
  const cap = Capture.openOffline(path.join(CORPUS, file));
  const engine = new Engine(cap, { ringPackets, ringBytes: 64 * 1024 * 1024, dumpDir: os.tmpdir() });
  engine.readAll();
  return engine;
}

/** summarizePacket of every packet of `file`, in file order, from a separate read. */
function summaries(file: string): { src: string; dst: string; proto: string; info: string; length: number }[] {
  const cap = Capture.openOffline(path.join(CORPUS, file));
  const out: { src: string; dst: string; proto: string; info: string; length: number }[] = [];
  while (!cap.eof) {
    cap.readBatch((f) => {
      // Its own copy of the bytes: nothing shared with the ring the Engine read into.
      const own = newFrame(f.buf.slice(f.off, f.off + f.caplen), f.linktype);
      Object.assign(own, { tsSec: f.tsSec, tsNsec: f.tsNsec, caplen: f.caplen, origLen: f.origLen });
      out.push({ ...summarizePacket(own), length: f.origLen });
    }, 1000);
  }
  cap.close();
  return out;
}

describe('Engine packet rows', () => {
  const FILE = 'zeek-workshop_2011_browse.pcap';

  it('say what summarizePacket says of the same packet, newest last', () => {
    const engine = engineOf(FILE, 100_000);
    const want = summaries(FILE);
    const rows = engine.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 5, packetLimit: 50 }).packets;
    expect(rows).toHaveLength(50);
    expect(rows[49].seq).toBe(want.length);
    for (const r of rows) {
      const w = want[r.seq - 1];
      expect([r.src, r.dst, r.proto, r.info, r.length]).toEqual([w.src, w.dst, w.proto, w.info, w.length]);
    }
    // As plain data (JSON), a row has its fields and nothing of the ring behind it.
    expect(JSON.parse(JSON.stringify(rows[49]))).toEqual({ seq: rows[49].seq, tsSec: rows[49].tsSec, tsNsec: rows[49].tsNsec, ...want[want.length - 1] });
  });

  it('are summarized when first read: a row first read after its packet left the ring says so', () => {
    const engine = engineOf(FILE, 10);
    const first = engine.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 5, packetLimit: 10 }).packets;
    const read = first[9];
    const info = read.info; // read while held: kept
    const unread = first[0];
    // The ring lets go of every packet of that snapshot.
    engine.ring.clear();
    expect(read.info).toBe(info);
    expect(info).not.toBe('');
    expect(unread.info).toBe('(no longer in memory)');
    expect([unread.src, unread.dst, unread.proto]).toEqual(['', '', '']);
    expect(unread.length).toBeGreaterThan(0);
  });
});
