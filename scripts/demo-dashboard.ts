/**
 * Demo: the dashboard on a fake DataSource with moving numbers (no capture, no root).
 *   npx vite-node scripts/demo-dashboard.ts [--file] [--interval=ms]
 * --file pretends to read a capture file that ends after ~8 s (EOF, drops n/a).
 */
import type {
  AggregateSnapshot,
  DataSource,
  DumpResult,
  PacketRow,
  ProtoFilter,
  Snapshot,
  SnapshotQuery,
  TalkerRow,
  ViewFilter,
} from '../src/aggregate/snapshot.js';
import type { TransportName } from '../src/decode/packet.js';
import { runDashboard } from '../src/ui/app.js';

const args = process.argv.slice(2);
const fileMode = args.includes('--file');
const intervalMs = Number((args.find((a) => a.startsWith('--interval=')) ?? '--interval=1000').split('=')[1]);

interface Pkt {
  seq: number;
  ts: number;
  src: string;
  dst: string;
  cls: TransportName;
  proto: string;
  len: number;
  info: string;
}

const HOSTS = ['10.0.0.1', '10.0.0.2', '10.0.0.17', '192.168.1.10', '192.168.1.254', '8.8.8.8', '1.1.1.1', '172.16.5.4', '2001:db8::1', 'fe80::1c2d:3eff:fe4f:5a6b', '2001:db8:85a3::8a2e:370:7334'];
let rnd = 12345;
const rand = (): number => {
  rnd = (rnd * 1103515245 + 12345) & 0x7fffffff;
  return rnd / 0x7fffffff;
};
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];

const ring: Pkt[] = [];
const RING_MAX = 20000;
let seq = 0;
const start = Date.now();
let filter: ViewFilter = { proto: 'all', addr: '' };
let eof = false;

function gen(nowSec: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const r = rand();
    const cls: TransportName = r < 0.6 ? 'tcp' : r < 0.85 ? 'udp' : r < 0.92 ? 'icmp' : r < 0.95 ? 'icmpv6' : r < 0.98 ? 'arp' : 'other';
    const v6 = cls === 'icmpv6' || rand() < 0.1;
    const src = v6 ? pick(HOSTS.slice(8)) : pick(HOSTS.slice(0, 8));
    let dst = v6 ? pick(HOSTS.slice(8)) : pick(HOSTS.slice(0, 8));
    if (dst === src) dst = v6 ? HOSTS[8] : HOSTS[0];
    const len = cls === 'tcp' ? (rand() < 0.5 ? 66 : 1514) : cls === 'udp' ? 80 + Math.floor(rand() * 400) : 98;
    const sp = 1024 + Math.floor(rand() * 60000);
    const info =
      cls === 'tcp' ? `${sp} → 443 [ACK] Seq=${Math.floor(rand() * 1e6)} Win=502 Len=${len - 66}` :
      cls === 'udp' ? `${sp} → 53 Standard query A example{${seq % 7}}.com` :
      cls === 'arp' ? `Who has ${dst}? Tell ${src}` :
      cls === 'other' ? 'IP proto 47 (GRE)' : 'Echo (ping) request id=0x1a2b';
    ring.push({ seq: ++seq, ts: nowSec + i / n, src, dst, cls, proto: cls === 'arp' ? 'ARP' : cls.toUpperCase().replace('ICMPV6', 'ICMPv6'), len, info });
  }
  if (ring.length > RING_MAX) ring.splice(0, ring.length - RING_MAX);
}

function matches(p: Pkt, f: ViewFilter): boolean {
  const protoOk: Record<ProtoFilter, boolean> = {
    all: true, tcp: p.cls === 'tcp', udp: p.cls === 'udp', icmp: p.cls === 'icmp' || p.cls === 'icmpv6', arp: p.cls === 'arp', other: p.cls === 'other',
  };
  if (!protoOk[f.proto]) return false;
  if (f.addr === '') return true;
  if (f.addr.includes('/')) {
    const [net, bits] = f.addr.split('/');
    const prefix = net.split('.').slice(0, Math.floor(Number(bits) / 8)).join('.');
    return p.src.startsWith(prefix) || p.dst.startsWith(prefix);
  }
  return p.src === f.addr || p.dst === f.addr;
}

function aggregate(pkts: Pkt[], q: SnapshotQuery): AggregateSnapshot {
  const classes = { tcp: { packets: 0, bytes: 0 }, udp: { packets: 0, bytes: 0 }, icmp: { packets: 0, bytes: 0 }, icmpv6: { packets: 0, bytes: 0 }, arp: { packets: 0, bytes: 0 }, other: { packets: 0, bytes: 0 } };
  const talk = new Map<string, TalkerRow>();
  const nowSec = Math.floor(Date.now() / 1000);
  const secs: number[] = [];
  for (let s = nowSec - 60; s < nowSec; s++) secs.push(s);
  const pps = secs.map(() => 0);
  const bps = secs.map(() => 0);
  let bytes = 0;
  let ipBytes = 0;
  for (const p of pkts) {
    classes[p.cls].packets++;
    classes[p.cls].bytes += p.len;
    bytes += p.len;
    const si = Math.floor(p.ts) - (nowSec - 60);
    if (si >= 0 && si < 60) {
      pps[si]++;
      bps[si] += p.len * 8;
    }
    if (p.cls === 'arp') continue;
    ipBytes += p.len;
    for (const a of p.src === p.dst ? [p.src] : [p.src, p.dst]) {
      let t = talk.get(a);
      if (!t) talk.set(a, (t = { addr: a, packets: 0, bytes: 0, packetsSent: 0, bytesSent: 0, packetsRecv: 0, bytesRecv: 0, bitsPerSec: 0, share: 0 }));
      t.packets++;
      t.bytes += p.len;
      if (a === p.src) {
        t.packetsSent++;
        t.bytesSent += p.len;
      } else {
        t.packetsRecv++;
        t.bytesRecv += p.len;
      }
      if (si === 59) t.bitsPerSec += p.len * 8;
    }
  }
  const rows = [...talk.values()];
  for (const t of rows) t.share = ipBytes ? t.bytes / ipBytes : 0;
  const key = q.talkerSort === 'rate' ? 'bitsPerSec' : q.talkerSort;
  rows.sort((a, b) => b[key] - a[key] || b.bytes - a.bytes || (a.addr < b.addr ? -1 : 1));
  return {
    totals: { packets: pkts.length, bytes },
    capBytes: bytes,
    classes,
    truncated: 0,
    malformed: 0,
    unsupported: 0,
    rates: {
      secs, pps, bitsPerSec: bps,
      currentPps: pps[59], currentBitsPerSec: bps[59],
      peakPps: Math.max(...pps), peakBitsPerSec: Math.max(...bps),
    },
    talkers: rows.slice(0, q.talkerLimit),
    talkerCount: rows.length,
    talkersEvicted: 0,
    firstTs: pkts.length ? pkts[0].ts : NaN,
    lastTs: pkts.length ? pkts[pkts.length - 1].ts : NaN,
  };
}

// Pre-fill 60 s of history.
for (let s = 60; s > 0; s--) gen(Math.floor(Date.now() / 1000) - s, 40 + Math.floor(30 * Math.sin(s / 6) + 30));

const source: DataSource = {
  takeSnapshot(q: SnapshotQuery): Snapshot {
    const view = ring.filter((p) => matches(p, filter));
    const agg = aggregate(view, q);
    const allAgg = ring.reduce((n, p) => n + p.len, 0);
    const elapsedSec = (Date.now() - start) / 1000;
    const rows: PacketRow[] = view.slice(-q.packetLimit).map((p) => ({
      seq: p.seq, tsSec: Math.floor(p.ts), tsNsec: Math.floor((p.ts % 1) * 1e9), src: p.src, dst: p.dst, proto: p.proto, length: p.len, info: p.info,
    }));
    return {
      takenAtMs: Date.now(),
      view: agg,
      all: { totals: { packets: seq, bytes: allAgg * (seq / Math.max(ring.length, 1)) }, truncated: 3, malformed: 1, unsupported: 12, currentPps: agg.rates.currentPps, currentBitsPerSec: agg.rates.currentBitsPerSec },
      capture: {
        source: fileMode ? '/tmp/captures/office-lan.pcap' : 'eth0', live: !fileMode, linktype: 1, linktypeName: 'EN10MB', snaplen: 262144,
        bpf: 'not port 22', stats: fileMode ? null : { received: seq, dropped: Math.floor(seq / 5000), ifDropped: 0 },
        eof, elapsedSec, error: '',
      },
      filter: { ...filter },
      packets: rows,
      ring: { packets: ring.length, bytes: ring.reduce((n, p) => n + p.len, 0), maxPackets: RING_MAX, maxBytes: 64 * 1024 * 1024 },
    };
  },
  setFilter(f: ViewFilter): string | null {
    if (f.addr !== '' && !/^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/.test(f.addr) && !/^[0-9a-f:]+$/i.test(f.addr)) {
      return `not an IP address or CIDR: ${f.addr}`;
    }
    filter = { ...f };
    return null;
  },
  dump(): Promise<DumpResult> {
    const n = ring.filter((p) => matches(p, filter)).length;
    return new Promise((resolve) => setTimeout(() => resolve({ ok: true, path: '/tmp/nta-top-demo.pcap', packets: n, bytes: n * 500 }), 300));
  },
};

const gen_timer = setInterval(() => {
  const el = (Date.now() - start) / 1000;
  if (fileMode && el > 8) {
    eof = true;
    return;
  }
  const n = Math.floor(60 + 50 * Math.sin(el / 3) + rand() * 40);
  gen(Date.now() / 1000 - 0.25, Math.floor(n / 4));
}, 250);

const dash = runDashboard(source, { intervalMs });
process.on('SIGTERM', () => dash.stop());
await dash.done;
clearInterval(gen_timer);
if (dash.terminal.reason) console.log(`terminal: ${dash.terminal.reason}`);
process.exit(0);
