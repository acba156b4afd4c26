/**
 * The real pipeline on a fake TTY: a corpus capture read by libpcap, decoded and aggregated by the
 * Engine, drawn by the dashboard. What the panels show is checked against tshark's oracle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Capture } from '../../src/capture/pcap.js';
import type { Frame } from '../../src/capture/frame.js';
import { Engine } from '../../src/engine.js';
import { runDashboard } from '../../src/ui/app.js';
import { FakeTty } from './fixtures.js';
import { formatBitsPerSec, formatPps } from '../../src/views/format.js';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const FILE = 'zeek-wikipedia.pcap';

interface Oracle {
  packets: number;
  bytes: number;
  transport_bytes: Record<string, number>;
  top_hosts: { host: string; bytes: number; packets: number }[];
  table_columns: string[];
  table: unknown[][];
}

const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'UTC';
});
afterAll(() => {
  process.env.TZ = savedTz;
});

function loadEngine(): Engine {
  const cap = Capture.openOffline(path.join(CORPUS, 'captures', FILE));
  const engine = new Engine(cap, { ringPackets: 100_000, ringBytes: 64 * 1024 * 1024, dumpDir: os.tmpdir() });
  engine.readAll();
  return engine;
}

/** The dashboard on a fake `cols`×`rows` UTF-8 terminal, redrawn only when asked (screenText). */
function drawOnFakeTty(engine: Engine, cols: number, rows: number): ReturnType<typeof runDashboard> {
  const tty = new FakeTty(cols, rows);
  return runDashboard(engine, {
    intervalMs: 60_000,
    program: { input: tty.input, output: tty.output },
    terminal: 'xterm-256color',
    env: { LANG: 'en_US.UTF-8', TERM: 'xterm-256color' },
  });
}

describe(`dashboard fed from ${FILE}`, () => {
  const o: Oracle = JSON.parse(fs.readFileSync(path.join(CORPUS, 'oracle', `${FILE}.json`), 'utf8'));
  const col = (name: string): number => o.table_columns.indexOf(name);

  for (const [cols, rows] of [
    [80, 24],
    [120, 40],
  ] as const) {
    it(`shows the oracle's top talker, tcp share and newest packet at ${cols}x${rows}`, () => {
      const engine = loadEngine();
      const dash = drawOnFakeTty(engine, cols, rows);
      try {
        const text = dash.screenText().join('\n');
        // Header: all packets of the file.
        expect(text).toContain(`${o.packets} pkts`);
        // Talkers: the oracle's top host is the first row.
        const firstTalker = text.split('\n').find((l) => /^│\d+\.\d+\.\d+\.\d+|^│[0-9a-f:]+ /.test(l) && !l.includes('Address'));
        expect(firstTalker).toContain(o.top_hosts[0].host);
        expect(firstTalker).toContain(String(o.top_hosts[0].packets));
        // Protocols: tcp's share of bytes, as the oracle's transport_bytes give it.
        const tcpPct = ((100 * o.transport_bytes.tcp) / o.bytes).toFixed(1);
        expect(text).toMatch(new RegExp(`tcp\\s+${tcpPct.replace('.', '\\.')}%`));
        // Packet list: the newest row is the file's last packet.
        const last = o.table[o.table.length - 1];
        expect(o.table.length).toBe(o.packets); // the table holds every packet of this file
        const t = new Date(Number(String(last[col('time_epoch')]).split('.')[0]) * 1000).toISOString().slice(11, 19);
        const rowsText = text.split('\n').filter((l) => /^│\d\d:\d\d:\d\d\.\d{3} /.test(l));
        const newest = rowsText[rowsText.length - 1];
        expect(newest.startsWith(`│${t}.`)).toBe(true);
        expect(newest).toContain(String(last[col('src_ip')]));
        expect(newest).toContain(String(last[col('dst_ip')]));
        expect(newest).toMatch(new RegExp(`\\b${last[col('frame_len')]}\\b`));
      } finally {
        dash.stop();
        engine.stop();
      }
    });
  }

  it('narrows every panel with a view filter and keeps the all-traffic totals in the header', () => {
    const engine = loadEngine();
    expect(engine.setFilter({ proto: 'udp', addr: '' })).toBeNull();
    const snap = engine.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 10, packetLimit: 50 });
    expect(snap.all.totals.packets).toBe(o.packets);
    expect(snap.view.totals.bytes).toBe(o.transport_bytes.udp);
    expect(snap.view.classes.tcp.packets).toBe(0);
    expect(snap.packets.length).toBeGreaterThan(0);
    expect(snap.packets.map((p) => p.proto).filter((p) => ['TCP', 'ARP', 'ICMP', 'IPv4', 'IPv6'].includes(p))).toEqual([]);
    expect(engine.setFilter({ proto: 'all', addr: 'not-an-address' })).toMatch(/not an IPv4\/IPv6 address or CIDR/);
    expect(engine.setFilter({ proto: 'all', addr: '141.142.0.0/16' })).toBeNull();
    const v4 = engine.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 10, packetLimit: 50 });
    expect(v4.view.talkers.every((t) => !t.addr.includes(':'))).toBe(true);
    engine.stop();
  });
});

describe('packet rows across redraws', () => {
  it('reuses the rows of packets still listed, makes new ones only for new packets, and follows the filter', () => {
    const cap = Capture.openOffline(path.join(CORPUS, 'captures', FILE));
    const engine = new Engine(cap, { ringPackets: 100_000, ringBytes: 64 * 1024 * 1024, dumpDir: os.tmpdir() });
    // Copies of the file's frames, fed one at a time.
    const all: Frame[] = [];
    while (!cap.eof) cap.readBatch((f) => void all.push({ ...f, buf: f.buf.slice(f.off, f.off + f.caplen), off: 0 }));
    for (const f of all.slice(0, 100)) engine.ingest(f);
    const a = engine.packetRows(50);
    for (const f of all.slice(100, 110)) engine.ingest(f);
    const b = engine.packetRows(50);
    expect(b.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 61 + i));
    // The 40 rows both lists share are the same objects; the 10 new ones are new and right.
    for (let i = 0; i < 40; i++) expect(b[i]).toBe(a[i + 10]);
    const fresh = new Engine(Capture.openOffline(path.join(CORPUS, 'captures', FILE)), { ringPackets: 100_000, ringBytes: 1 << 26, dumpDir: os.tmpdir() });
    for (const f of all.slice(0, 110)) fresh.ingest(f);
    expect(b).toEqual(fresh.packetRows(50));
    // A filter narrows the rows at once, reusing what it can.
    expect(engine.setFilter({ proto: 'udp', addr: '' })).toBeNull();
    const c = engine.packetRows(50);
    expect(c.length).toBeGreaterThan(0);
    for (const r of c) expect(r.proto).toMatch(/UDP|DNS/);
    engine.stop();
    fresh.stop();
  });
});

describe('rates of a file read to its end', () => {
  // gen-traffic-veth ends with a port scan: its last second (2,058 packets) is the busiest.
  const NAME = 'gen-traffic-veth.pcap';
  const file = path.join(CORPUS, 'captures', NAME);
  const o: { pps: [number, number, number][]; pps_max: number; packets: number } = JSON.parse(
    fs.readFileSync(path.join(CORPUS, 'oracle', `${NAME}.json`), 'utf8'),
  );
  const last = o.pps[o.pps.length - 1];
  const q = { talkerSort: 'bytes', talkerLimit: 10, packetLimit: 10 } as const;
  const ring = { ringPackets: 100_000, ringBytes: 64 * 1024 * 1024, dumpDir: os.tmpdir() };

  it("count the file's last second, as the oracle's buckets do, once the file has ended", () => {
    expect(last[1]).toBe(o.pps_max); // the premise: the busiest second is the last
    const engine = new Engine(Capture.openOffline(file), ring);
    engine.readAll();
    const snap = engine.takeSnapshot(q);
    const r = snap.view.rates;
    expect(r.secs[r.secs.length - 1]).toBe(last[0]);
    expect(r.currentPps).toBe(last[1]);
    expect(r.currentBitsPerSec).toBe(last[2] * 8);
    expect(r.peakPps).toBe(o.pps_max);
    expect(snap.all.currentPps).toBe(last[1]);
    // Every second of the file (it spans less than the series) is in the series as the oracle has it.
    for (const [sec, packets] of o.pps) expect(r.pps[r.secs.indexOf(sec)]).toBe(packets);

    // A filtered view ends at the same second, with its own count there.
    expect(engine.setFilter({ proto: 'tcp', addr: '' })).toBeNull();
    const tcp = engine.takeSnapshot(q).view.rates;
    expect(tcp.secs[tcp.secs.length - 1]).toBe(last[0]);
    expect(tcp.currentPps).toBeGreaterThan(0);
    expect(tcp.currentPps).toBeLessThanOrEqual(last[1]);
    engine.stop();
  });

  it('end at the second before the newest while more packets may come', () => {
    const cap = Capture.openOffline(file);
    const frames: Frame[] = [];
    while (!cap.eof) cap.readBatch((f) => void frames.push({ ...f, buf: f.buf.slice(f.off, f.off + f.caplen), off: 0 }));
    cap.close();
    // Not this engine's capture's packets: as far as it knows, its file goes on.
    const engine = new Engine(Capture.openOffline(file), ring);
    for (const f of frames) engine.ingest(f);
    const r = engine.takeSnapshot(q).view.rates;
    const before = o.pps[o.pps.length - 2];
    expect(before[0]).toBe(last[0] - 1);
    expect(r.secs[r.secs.length - 1]).toBe(last[0] - 1);
    expect(r.currentPps).toBe(before[1]);
    engine.stop();
  });

  it('count the last second read when -c stops the file at the end of a second', () => {
    const k = 4; // the first k seconds of the file
    const limit = o.pps.slice(0, k).reduce((n, b) => n + b[1], 0);
    const engine = new Engine(Capture.openOffline(file), { ...ring, limit });
    engine.readAll();
    expect(engine.packetsSeen).toBe(limit);
    const r = engine.takeSnapshot(q).view.rates;
    expect(r.secs[r.secs.length - 1]).toBe(o.pps[k - 1][0]);
    expect(r.currentPps).toBe(o.pps[k - 1][1]);
    engine.stop();
  });

  it('show the last second in the header and the rates panel', () => {
    const engine = new Engine(Capture.openOffline(file), ring);
    engine.readAll();
    const dash = drawOnFakeTty(engine, 120, 40);
    try {
      const text = dash.screenText().join('\n');
      // Header: all traffic's rate in the last second (2,058 pps, shown as 2.1 kpps), and the panel.
      const pps = formatPps(last[1]).replace('.', '\\.');
      expect(text).toMatch(new RegExp(`${o.packets} pkts \\S+ \\S+\\s+${pps} ${formatBitsPerSec(last[2] * 8).replace('.', '\\.')}`));
      expect(text).toMatch(new RegExp(`now ${pps}\\s+peak ${pps}`));
    } finally {
      dash.stop();
      engine.stop();
    }
  });
});
