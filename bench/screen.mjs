#!/usr/bin/env node
// Screen cost with many talkers (built dist/ required): the real Engine and the real dashboard on a
// fake 120x40 terminal (the FakeTty of tests/ui/fixtures.ts), fed synthetic frames through
// Engine.ingest.
//
//   node bench/screen.mjs [TALKERS] [FRAMES]     → one JSON line
//   NTA_BENCH_MAX_TALKERS=N node bench/screen.mjs …  the same with the talker cap raised to N
//   NTA_BENCH_FRAME=timer node bench/screen.mjs …   frames made by the dashboard's timer callback
//
// Feeds TALKERS distinct IPv4 sources (default 100,000) talking UDP to 16 servers, 3 packets each
// over 60 seconds of timestamps, so the default ring (100,000 packets / 64 MiB) is full. Then, FRAMES
// times (default 40): ingest 2,000 more packets (one more second), and time
//   snapshot  Engine.takeSnapshot with the dashboard's query, alone;
//   frame     a redraw with a fresh snapshot, and the write to the terminal. By default one 'resize' of
//             the fake TTY: blessed reallocates its screen buffers and renders, then the dashboard
//             relayouts, takes a snapshot, draws every panel and renders again: more work and garbage
//             than a timer frame. NTA_BENCH_FRAME=timer calls the dashboard's own timer callback
//             instead (takeSnapshot + draw + screen.render), what a running dashboard does each second.
// Also: ms from process start to the first frame of a dashboard on an empty source, the ingest rate of
// these frames, and the peak RSS (MiB) with this many talkers and a full ring: `rssMiB` over the
// whole run, `rssAfterIngestMiB` before the first frame; `memoryMiB` is process.memoryUsage() at the end
// (typed arrays, e.g. the ring's 64 MiB arena, count in `arrayBuffers` whole but in RSS only where
// touched).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';

const talkers = Number(process.argv[2] ?? 100_000);
const frames = Number(process.argv[3] ?? 40);
const COLS = 120;
const ROWS = 40;

const { Capture } = await import('../dist/capture/pcap.js');
const { Engine } = await import('../dist/engine.js');
const { runDashboard } = await import('../dist/ui/app.js');

class FakeTty {
  constructor(columns, rows) {
    this.input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
    this.output = Object.assign(new PassThrough(), { isTTY: true, columns, rows });
    this.bytes = 0;
    this.output.on('data', (d) => {
      this.bytes += d.length;
    });
  }
  resize(columns, rows) {
    this.output.columns = columns;
    this.output.rows = rows;
    this.output.emit('resize');
  }
}

// An empty classic pcap (Ethernet) gives the Engine a real Capture to report on.
const empty = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nta-screen-')), 'empty.pcap');
const hdr = Buffer.alloc(24);
hdr.writeUInt32LE(0xa1b2c3d4, 0);
hdr.writeUInt16LE(2, 4);
hdr.writeUInt16LE(4, 6);
hdr.writeUInt32LE(262144, 16);
hdr.writeUInt32LE(1, 20);
fs.writeFileSync(empty, hdr);

const env = { LANG: 'C.UTF-8', TERM: 'xterm-256color' };
const dashOpts = (tty) => ({ intervalMs: 1_000_000_000, program: { input: tty.input, output: tty.output }, terminal: 'xterm-256color', env });

// First frame: a dashboard on an empty source, from process start (performance.now() is ms since
// the process's time origin) to runDashboard returning with its first frame drawn and flushed.
// Nothing of it is kept afterwards (its ring is a second 64 MiB arena, untouched but allocated).
async function firstFrame() {
  const tty0 = new FakeTty(COLS, ROWS);
  const engine0 = new Engine(Capture.openOffline(empty), { ringPackets: 100_000, ringBytes: 64 * 1024 * 1024, dumpDir: '.' });
  const dash0 = runDashboard(engine0, dashOpts(tty0));
  await new Promise((r) => setImmediate(r));
  const ms = performance.now();
  dash0.stop();
  engine0.stop();
  return ms;
}
const firstFrameMs = await firstFrame();

// Synthetic Ethernet / IPv4 / UDP frames of 100 bytes.
const LEN = 100;
const buf = new Uint8Array(LEN);
buf.set([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00], 0);
buf.set([0x45, 0, 0, LEN - 14, 0, 0, 0x40, 0, 64, 17, 0, 0], 14);
const dv = new DataView(buf.buffer);
dv.setUint16(38, LEN - 34); // UDP length
const frame = { buf, off: 0, caplen: LEN, origLen: LEN, tsSec: 0, tsNsec: 0, linktype: 1 };
const T0 = 1_700_000_000;
let k = 0;
function feed(engine, n, sec) {
  for (let i = 0; i < n; i++, k++) {
    const t = k % talkers;
    dv.setUint32(26, (10 << 24) + 0x10000 + t); // 10.1.0.0 + t
    dv.setUint32(30, (192 << 24) + (168 << 16) + (t & 15)); // 16 servers
    dv.setUint16(34, 1024 + (t % 60000));
    dv.setUint16(36, 53 + (t & 3));
    frame.tsSec = sec;
    frame.tsNsec = (i * 997) % 1e9;
    engine.ingest(frame);
  }
}

// NTA_BENCH_MAX_TALKERS: the talker cap per address family (the product's default when unset).
const maxTalkers = process.env.NTA_BENCH_MAX_TALKERS ? Number(process.env.NTA_BENCH_MAX_TALKERS) : undefined;
// NTA_BENCH_FRAME: how a frame is made (see the header): 'resize' (default) or 'timer'.
const frameBy = process.env.NTA_BENCH_FRAME ?? 'resize';
if (frameBy !== 'resize' && frameBy !== 'timer') throw new Error(`NTA_BENCH_FRAME must be resize or timer: ${frameBy}`);
const engine = new Engine(Capture.openOffline(empty), { ringPackets: 100_000, ringBytes: 64 * 1024 * 1024, dumpDir: '.', maxTalkers });
const total = talkers * 3;
const tIngest = performance.now();
for (let s = 0; s < 60; s++) feed(engine, Math.ceil(total / 60), T0 + s);
const ingestMs = performance.now() - tIngest;
const rssAfterIngestMiB = process.resourceUsage().maxRSS / 1024;

const tty = new FakeTty(COLS, ROWS);
// The dashboard's own timer callback (runDashboard's one setInterval), to run a frame on demand.
let tick = null;
const realSetInterval = globalThis.setInterval;
globalThis.setInterval = (fn, ms, ...args) => {
  tick = fn;
  return realSetInterval(() => undefined, 2 ** 31 - 1, ...args);
};
const dash = runDashboard(engine, dashOpts(tty));
globalThis.setInterval = realSetInterval;
if (frameBy === 'timer' && typeof tick !== 'function') throw new Error('runDashboard set no timer');
const query = { talkerSort: 'bytes', table: 'hosts', talkerLimit: 20, packetLimit: 1000 };
const snapMs = [];
const frameMs = [];
let snap = engine.takeSnapshot(query);
for (let f = 0; f < frames; f++) {
  feed(engine, 2000, T0 + 60 + f);
  let t = performance.now();
  snap = engine.takeSnapshot(query);
  snapMs.push(performance.now() - t);
  t = performance.now();
  if (frameBy === 'timer') tick(); // takeSnapshot + draw + screen.render
  else tty.resize(COLS, ROWS); // blessed: alloc + render; the app: relayout + takeSnapshot + draw + render
  await new Promise((r) => setImmediate(r)); // blessed flushes its output buffer on the next tick
  frameMs.push(performance.now() - t);
}
const screen = dash.screenText();
dash.stop();
engine.stop();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
process.stdout.write(
  JSON.stringify({
    talkersFed: talkers,
    maxTalkers: maxTalkers ?? 'default',
    talkersHeld: snap.view.talkerCount,
    talkersEvicted: snap.view.talkersEvicted,
    conversationsHeld: snap.view.conversationCount,
    ringPackets: snap.ring.packets,
    packetsIngested: k,
    ingestPps: (total / ingestMs) * 1000,
    snapshotMsMedian: median(snapMs),
    snapshotMsP95: p95(snapMs),
    frameMsMedian: median(frameMs),
    frameMsP95: p95(frameMs),
    frames,
    firstFrameMs,
    frameBy,
    rssMiB: process.resourceUsage().maxRSS / 1024,
    rssAfterIngestMiB,
    memoryMiB: Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1048576)])),
    header: screen.slice(0, 2),
  }) + '\n',
);
fs.rmSync(path.dirname(empty), { recursive: true, force: true });
process.exit(0);
