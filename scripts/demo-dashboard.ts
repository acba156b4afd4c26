/**
 * Demo: the dashboard on a fake DataSource with moving numbers (no capture, no root).
 *   npx vite-node scripts/demo-dashboard.ts [--file] [--interval=ms] [--no-names]
 * --file pretends to read a capture file that ends after ~8 s (EOF, drops n/a).
 * Packets are synthesised with real header bytes, so Enter shows a believable detail pane.
 */
import type {
  AggregateSnapshot,
  ConversationRow,
  DataSource,
  DumpResult,
  PacketRow,
  ProtoFilter,
  ServiceRow,
  Snapshot,
  SnapshotQuery,
  TalkerRow,
  ViewFilter,
} from '../src/aggregate/snapshot.js';
import { PacketStatus, type DissectField, type DissectLayer, type PacketDetail, type TransportName } from '../src/decode/packet.js';
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
  sport: number;
  dport: number;
}

const HOSTS = ['10.0.0.1', '10.0.0.2', '10.0.0.17', '192.168.1.10', '192.168.1.254', '8.8.8.8', '1.1.1.1', '172.16.5.4', '2001:db8::1', 'fe80::1c2d:3eff:fe4f:5a6b', '2001:db8:85a3::8a2e:370:7334'];
/** What the engine would have learned from DNS answers and TLS SNI. */
const NAMES: Record<string, string> = {
  '8.8.8.8': 'dns.google',
  '1.1.1.1': 'one.one.one.one',
  '172.16.5.4': 'intranet.corp.example.com',
  '2001:db8::1': 'www.example.org',
  '2001:db8:85a3::8a2e:370:7334': 'cdn-edge-17.static.example-content-delivery.net',
};
const SERVICE_NAMES: Record<string, string> = { 'tcp/443': 'https', 'tcp/80': 'http', 'tcp/22': 'ssh', 'udp/53': 'domain', 'udp/123': 'ntp', 'udp/5353': 'mdns' };
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
    const v6 = cls === 'icmpv6' || (cls !== 'arp' && cls !== 'icmp' && rand() < 0.1);
    const src = v6 ? pick(HOSTS.slice(8)) : pick(HOSTS.slice(0, 8));
    let dst = v6 ? pick(HOSTS.slice(8)) : pick(HOSTS.slice(0, 8));
    if (dst === src) dst = v6 ? HOSTS[8] : HOSTS[0];
    const len = cls === 'tcp' ? (rand() < 0.5 ? 66 : 1514) : cls === 'udp' ? 100 + Math.floor(rand() * 400) : 98;
    const sp = 1024 + Math.floor(rand() * 60000);
    const dport = cls === 'tcp' ? pick([443, 443, 443, 80, 22]) : cls === 'udp' ? pick([53, 53, 123, 5353]) : 0;
    const info =
      cls === 'tcp' ? `${sp} → ${dport} [ACK] Seq=${Math.floor(rand() * 1e6)} Win=502 Len=${len - 66}` :
      cls === 'udp' && dport === 53 ? `Standard query 0x${((seq + 1) & 0xffff).toString(16)} A example${(seq + 1) % 7}.com` :
      cls === 'udp' && dport === 123 ? 'NTP Version 4, client' :
      cls === 'udp' ? 'Standard query PTR _services._dns-sd._udp.local' :
      cls === 'arp' ? `Who has ${dst}? Tell ${src}` :
      cls === 'other' ? 'IP proto 47 (GRE)' : 'Echo (ping) request id=0x1a2b';
    ring.push({ seq: ++seq, ts: nowSec + i / n, src, dst, cls, proto: cls === 'arp' ? 'ARP' : cls.toUpperCase().replace('ICMPV6', 'ICMPv6'), len, info, sport: sp, dport });
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

type SortKey = 'bytes' | 'packets' | 'bitsPerSec';

function sortRows<T extends { bytes: number; packets: number; bitsPerSec: number }>(rows: T[], key: SortKey, name: (r: T) => string): T[] {
  return rows.sort((a, b) => b[key] - a[key] || b.bytes - a.bytes || (name(a) < name(b) ? -1 : 1));
}

function aggregate(pkts: Pkt[], q: SnapshotQuery): AggregateSnapshot {
  const classes = { tcp: { packets: 0, bytes: 0 }, udp: { packets: 0, bytes: 0 }, icmp: { packets: 0, bytes: 0 }, icmpv6: { packets: 0, bytes: 0 }, arp: { packets: 0, bytes: 0 }, other: { packets: 0, bytes: 0 } };
  const talk = new Map<string, TalkerRow>();
  const convs = new Map<string, ConversationRow>();
  const svcs = new Map<string, ServiceRow>();
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
    const recent = si === 59 ? p.len * 8 : 0;
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
      t.bitsPerSec += recent;
    }
    const [a, b] = p.src < p.dst ? [p.src, p.dst] : [p.dst, p.src];
    let c = convs.get(`${a} ${b}`);
    if (!c) convs.set(`${a} ${b}`, (c = { a, b, packets: 0, bytes: 0, bytesAToB: 0, bytesBToA: 0, bitsPerSec: 0, share: 0 }));
    c.packets++;
    c.bytes += p.len;
    if (p.src === a) c.bytesAToB += p.len;
    else c.bytesBToA += p.len;
    c.bitsPerSec += recent;
    if (p.cls === 'tcp' || p.cls === 'udp') {
      const id = `${p.cls}/${p.dport}`;
      let s = svcs.get(id);
      if (!s) svcs.set(id, (s = { transport: p.cls, port: p.dport, name: SERVICE_NAMES[id] ?? '', packets: 0, bytes: 0, bitsPerSec: 0, share: 0 }));
      s.packets++;
      s.bytes += p.len;
      s.bitsPerSec += recent;
    }
  }
  const key: SortKey = q.talkerSort === 'rate' ? 'bitsPerSec' : q.talkerSort;
  const table = q.table ?? 'hosts';
  const talkers = [...talk.values()];
  const conversations = [...convs.values()];
  const services = [...svcs.values()];
  for (const r of [...talkers, ...conversations, ...services]) r.share = ipBytes ? r.bytes / ipBytes : 0;
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
    talkers: table === 'hosts' ? sortRows(talkers, key, (t) => t.addr).slice(0, q.talkerLimit) : [],
    talkerCount: talkers.length,
    conversations: table === 'conversations' ? sortRows(conversations, key, (c) => c.a + c.b).slice(0, q.talkerLimit) : [],
    conversationCount: conversations.length,
    services: table === 'services' ? sortRows(services, key, (s) => `${s.transport}/${s.port}`).slice(0, q.talkerLimit) : [],
    serviceCount: services.length,
    talkersEvicted: 0,
    firstTs: pkts.length ? pkts[0].ts : NaN,
    lastTs: pkts.length ? pkts[pkts.length - 1].ts : NaN,
  };
}

// ---- A believable dissection of a synthetic packet ----

function ipBytesOf(addr: string): number[] {
  if (!addr.includes(':')) return addr.split('.').map(Number);
  const [head, tail] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => {
    const v = parseInt(g, 16);
    return [v >> 8, v & 0xff];
  });
}

const u16 = (v: number): number[] => [(v >> 8) & 0xff, v & 0xff];
const u32 = (v: number): number[] => [...u16(v >>> 16), ...u16(v & 0xffff)];
const mac = (b: number[]): string => b.map((x) => x.toString(16).padStart(2, '0')).join(':');
const hex = (b: number[]): string => b.map((x) => x.toString(16).padStart(2, '0')).join('');

function dissect(p: Pkt): PacketDetail {
  const bytes: number[] = [];
  const layers: DissectLayer[] = [];
  let f: DissectField[] = [];
  const field = (name: string, value: string, b: number[]): void => {
    f.push({ name, value, start: bytes.length, end: bytes.length + b.length });
    bytes.push(...b);
  };
  const layer = (proto: string, title: string, fill: () => void): void => {
    const start = bytes.length;
    f = [];
    fill();
    layers.push({ proto, title, start, end: bytes.length, fields: f });
  };
  const v6 = p.src.includes(':');
  const srcMac = [0x52, 0x54, 0x00, p.seq & 0xff, 0x34, 0x56];
  const dstMac = [0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x5c];
  const etype = p.cls === 'arp' ? 0x0806 : v6 ? 0x86dd : 0x0800;
  layer('eth', `Ethernet II, Src: ${mac(srcMac)}, Dst: ${mac(dstMac)}`, () => {
    field('eth.dst', mac(dstMac), dstMac);
    field('eth.src', mac(srcMac), srcMac);
    field('eth.type', `${etype === 0x0806 ? 'ARP' : v6 ? 'IPv6' : 'IPv4'} (0x${etype.toString(16).padStart(4, '0')})`, u16(etype));
  });
  if (p.cls === 'arp') {
    layer('arp', 'Address Resolution Protocol (request)', () => {
      field('arp.hw.type', 'Ethernet (1)', u16(1));
      field('arp.proto.type', 'IPv4 (0x0800)', u16(0x0800));
      field('arp.hw.size', '6', [6]);
      field('arp.proto.size', '4', [4]);
      field('arp.opcode', 'request (1)', u16(1));
      field('arp.src.hw_mac', mac(srcMac), srcMac);
      field('arp.src.proto_ipv4', p.src, ipBytesOf(p.src));
      field('arp.dst.hw_mac', '00:00:00:00:00:00', [0, 0, 0, 0, 0, 0]);
      field('arp.dst.proto_ipv4', p.dst, ipBytesOf(p.dst));
    });
  } else {
    const ipProto = p.cls === 'tcp' ? 6 : p.cls === 'udp' ? 17 : p.cls === 'icmp' ? 1 : p.cls === 'icmpv6' ? 58 : 47;
    const protoName = ({ 6: 'TCP', 17: 'UDP', 1: 'ICMP', 58: 'ICMPv6', 47: 'GRE' } as Record<number, string>)[ipProto];
    const ipHdr = v6 ? 40 : 20;
    if (v6) {
      layer('ipv6', `Internet Protocol Version 6, Src: ${p.src}, Dst: ${p.dst}`, () => {
        field('ipv6.version', '6', [0x60, 0, 0, 0]);
        field('ipv6.plen', String(p.len - 14 - ipHdr), u16(p.len - 14 - ipHdr));
        field('ipv6.nxt', `${protoName} (${ipProto})`, [ipProto]);
        field('ipv6.hlim', '64', [64]);
        field('ipv6.src', p.src, ipBytesOf(p.src));
        field('ipv6.dst', p.dst, ipBytesOf(p.dst));
      });
    } else {
      layer('ip', `Internet Protocol Version 4, Src: ${p.src}, Dst: ${p.dst}`, () => {
        field('ip.hdr_len', '20 bytes (5)', [0x45]);
        field('ip.dsfield', '0x00', [0]);
        field('ip.len', String(p.len - 14), u16(p.len - 14));
        field('ip.id', `0x${(p.seq & 0xffff).toString(16).padStart(4, '0')} (${p.seq & 0xffff})`, u16(p.seq & 0xffff));
        field('ip.flags', "0x2, Don't fragment", [0x40, 0]);
        field('ip.ttl', '64', [64]);
        field('ip.proto', `${protoName} (${ipProto})`, [ipProto]);
        field('ip.checksum', '0x0000 [validation disabled]', [0, 0]);
        field('ip.src', p.src, ipBytesOf(p.src));
        field('ip.dst', p.dst, ipBytesOf(p.dst));
      });
    }
    if (p.cls === 'tcp') {
      const seqNo = (p.seq * 1460) >>> 0;
      const plen = p.len - 14 - ipHdr - 20;
      layer('tcp', `Transmission Control Protocol, Src Port: ${p.sport}, Dst Port: ${p.dport}, Seq: ${seqNo}, Len: ${plen}`, () => {
        field('tcp.srcport', String(p.sport), u16(p.sport));
        field('tcp.dstport', String(p.dport), u16(p.dport));
        field('tcp.seq_raw', String(seqNo), u32(seqNo));
        field('tcp.ack_raw', '1', u32(1));
        field('tcp.hdr_len', '20 bytes (5)', [0x50]);
        field('tcp.flags', '0x010 (ACK)', [0x10]);
        field('tcp.window_size_value', '502', u16(502));
        field('tcp.checksum', '0x0000 [unverified]', [0, 0]);
        field('tcp.urgent_pointer', '0', [0, 0]);
      });
      if (plen > 0) {
        const payload = Array.from({ length: plen }, (_, i) => (i < 5 ? [0x17, 0x03, 0x03, (plen - 5) >> 8, (plen - 5) & 0xff][i] : Math.floor(rand() * 256)));
        layer('tls', 'Transport Layer Security, TLSv1.3 Record Layer: Application Data', () => {
          field('tls.record.content_type', 'Application Data (23)', payload.slice(0, 1));
          field('tls.record.version', 'TLS 1.2 (0x0303)', payload.slice(1, 3));
          field('tls.record.length', String(plen - 5), payload.slice(3, 5));
          field('tls.app_data', `${hex(payload.slice(5, 21))}… (${plen - 5} bytes)`, payload.slice(5));
        });
      }
    } else if (p.cls === 'udp') {
      const ulen = p.len - 14 - ipHdr;
      layer('udp', `User Datagram Protocol, Src Port: ${p.sport}, Dst Port: ${p.dport}`, () => {
        field('udp.srcport', String(p.sport), u16(p.sport));
        field('udp.dstport', String(p.dport), u16(p.dport));
        field('udp.length', String(ulen), u16(ulen));
        field('udp.checksum', '0x0000 [unverified]', [0, 0]);
      });
      const fill = (proto: string): void => {
        const pad = ulen - 8 - (bytes.length - layers[layers.length - 1].start);
        if (pad > 0) field(`${proto}.padding`, `${pad} bytes`, Array(pad).fill(0));
      };
      if (p.dport === 123) {
        layer('ntp', 'Network Time Protocol (NTP Version 4, client)', () => {
          field('ntp.flags', '0x23, Leap Indicator: no warning, Version number: NTP Version 4, Mode: client', [0x23]);
          field('ntp.stratum', 'unspecified or invalid (0)', [0]);
          field('ntp.ppoll', '6 (64 seconds)', [6]);
          field('ntp.precision', '-20 (0.000000954 seconds)', [0xec]);
          field('ntp.xmt', `${new Date(p.ts * 1000).toISOString()}`, u32(Math.floor(p.ts) + 2208988800).concat(u32(0)));
          fill('ntp');
        });
      } else {
        const name = p.dport === 53 ? `example${p.seq % 7}.com` : '_services._dns-sd._udp.local';
        const qname = [...name.split('.').flatMap((l) => [l.length, ...Buffer.from(l, 'latin1')]), 0];
        layer(p.dport === 53 ? 'dns' : 'mdns', p.dport === 53 ? 'Domain Name System (query)' : 'Multicast Domain Name System (query)', () => {
          field('dns.id', `0x${(p.seq & 0xffff).toString(16).padStart(4, '0')}`, u16(p.seq & 0xffff));
          field('dns.flags', '0x0100 Standard query', u16(0x0100));
          field('dns.count.queries', '1', u16(1));
          field('dns.count.answers', '0', u16(0));
          field('dns.count.auth_rr', '0', u16(0));
          field('dns.count.add_rr', '0', u16(0));
          field('dns.qry.name', name, qname);
          field('dns.qry.type', p.dport === 53 ? 'A (1)' : 'PTR (12)', u16(p.dport === 53 ? 1 : 12));
          field('dns.qry.class', 'IN (0x0001)', u16(1));
          fill('dns');
        });
      }
    } else if (p.cls === 'icmp' || p.cls === 'icmpv6') {
      const rest = p.len - 14 - ipHdr - 8;
      layer(p.cls, p.cls === 'icmp' ? 'Internet Control Message Protocol' : 'Internet Control Message Protocol v6', () => {
        field(`${p.cls}.type`, p.cls === 'icmp' ? '8 (Echo (ping) request)' : '128 (Echo (ping) request)', [p.cls === 'icmp' ? 8 : 128]);
        field(`${p.cls}.code`, '0', [0]);
        field(`${p.cls}.checksum`, '0x0000 [unverified]', [0, 0]);
        field(`${p.cls}.echo.id`, '0x1a2b', [0x1a, 0x2b]);
        field(`${p.cls}.echo.seq`, String(p.seq & 0xffff), u16(p.seq & 0xffff));
        field('data.data', `${rest} bytes`, Array.from({ length: Math.max(rest, 0) }, (_, i) => (0x10 + i) & 0xff));
      });
    } else {
      layer('data', `Data (${p.len - 14 - ipHdr} bytes)`, () => {
        field('data.data', 'GRE payload', Array.from({ length: p.len - 14 - ipHdr }, (_, i) => i & 0xff));
      });
    }
  }
  const cap = Uint8Array.from(bytes.slice(0, p.len));
  return {
    seq: p.seq,
    tsSec: Math.floor(p.ts),
    tsNsec: Math.floor((p.ts % 1) * 1e9),
    caplen: cap.length,
    origLen: p.len,
    linktype: 1,
    status: PacketStatus.Ok,
    layers,
    bytes: cap,
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
      names: { ...NAMES },
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
  inspect(want: number): PacketDetail | null {
    // The ring is in seq order: binary search; null once the packet has been evicted.
    let lo = 0;
    let hi = ring.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ring[mid].seq < want) lo = mid + 1;
      else hi = mid;
    }
    return lo < ring.length && ring[lo].seq === want ? dissect(ring[lo]) : null;
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

const dash = runDashboard(source, { intervalMs, names: !args.includes('--no-names') });
process.on('SIGTERM', () => dash.stop());
await dash.done;
clearInterval(gen_timer);
if (dash.terminal.reason) console.log(`terminal: ${dash.terminal.reason}`);
process.exit(0);
