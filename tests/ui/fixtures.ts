/** Hand-built snapshots and a fake DataSource / fake TTY for the view and screen tests. */
import { PassThrough } from 'node:stream';
import type {
  AggregateSnapshot,
  ConversationRow,
  DataSource,
  DumpResult,
  PacketRow,
  ServiceRow,
  Snapshot,
  SnapshotQuery,
  TalkerRow,
  ViewFilter,
} from '../../src/aggregate/snapshot.js';
import { PacketStatus, type PacketDetail } from '../../src/decode/packet.js';

export function talker(addr: string, packets: number, bytes: number, bitsPerSec: number, share: number): TalkerRow {
  return { addr, packets, bytes, packetsSent: packets, bytesSent: bytes, packetsRecv: 0, bytesRecv: 0, bitsPerSec, share };
}

export function conversation(a: string, b: string, packets: number, aToB: number, bToA: number, bitsPerSec: number, share: number): ConversationRow {
  return { a, b, packets, bytes: aToB + bToA, bytesAToB: aToB, bytesBToA: bToA, bitsPerSec, share };
}

export function service(transport: 'tcp' | 'udp', port: number, name: string, packets: number, bytes: number, bitsPerSec: number, share: number): ServiceRow {
  return { transport, port, name, packets, bytes, bitsPerSec, share };
}

/** Names as the engine learns them passively (DNS answers, TLS SNI), keyed by address. */
export const NAMES: Record<string, string> = {
  '203.0.113.99': 'www.example.com',
  '198.51.100.7': 'api.example.net',
  '2001:db8::1': 'v6.example.org',
};

/** 2024-03-01 12:34:56 UTC. */
export const T0 = 1709296496;

export function packet(seq: number, over: Partial<PacketRow> = {}): PacketRow {
  return {
    seq,
    tsSec: T0 + Math.floor(seq / 10),
    tsNsec: (seq % 10) * 100_000_000 + 7_000_000,
    src: '192.0.2.10',
    dst: '198.51.100.7',
    proto: 'TCP',
    length: 60 + seq,
    info: `49152 → 443 [ACK] Seq=${seq}`,
    ...over,
  };
}

/**
 * A view with known shares: by bytes tcp 600 000 (60.0%), udp 250 000 (25.0%), icmp 50 000 +
 * icmpv6 50 000 (10.0%), arp 30 000 (3.0%), other 20 000 (2.0%).
 */
export function makeView(over: Partial<AggregateSnapshot> = {}): AggregateSnapshot {
  const pps = Array.from({ length: 60 }, (_, i) => (i % 10) * 100);
  return {
    totals: { packets: 1500, bytes: 1_000_000 },
    capBytes: 1_000_000,
    classes: {
      tcp: { packets: 800, bytes: 600_000 },
      udp: { packets: 400, bytes: 250_000 },
      icmp: { packets: 100, bytes: 50_000 },
      icmpv6: { packets: 100, bytes: 50_000 },
      arp: { packets: 50, bytes: 30_000 },
      other: { packets: 50, bytes: 20_000 },
    },
    truncated: 0,
    malformed: 0,
    unsupported: 0,
    rates: {
      secs: pps.map((_, i) => T0 - 60 + i),
      pps,
      bitsPerSec: pps.map((p) => p * 8000),
      currentPps: 1234,
      currentBitsPerSec: 3_400_000,
      peakPps: 5678,
      peakBitsPerSec: 12_300_000,
    },
    talkers: [
      talker('203.0.113.99', 900, 700_000, 2_500_000, 0.7),
      talker('192.0.2.10', 500, 200_000, 800_000, 0.2),
      talker('2001:db8::1', 100, 100_000, 64_000, 0.1),
    ],
    talkerCount: 3,
    conversations: [
      conversation('192.0.2.10', '203.0.113.99', 700, 122_880, 389_120, 2_000_000, 0.5),
      conversation('2001:db8::1', '2001:db8::2', 100, 61_440, 40_960, 64_000, 0.1),
      conversation('10.0.0.1', '10.0.0.2', 50, 10_240, 10_240, 8_000, 0.02),
    ],
    conversationCount: 17,
    services: [
      service('tcp', 443, 'https', 800, 600_000, 2_400_000, 0.6),
      service('udp', 53, 'domain', 300, 50_000, 96_000, 0.05),
      service('tcp', 8443, '', 20, 4_000, 0, 0.004),
    ],
    serviceCount: 3,
    talkersEvicted: 0,
    conversationsEvicted: 0,
    firstTs: T0 - 60,
    lastTs: T0,
    ...over,
  };
}

export function makeSnapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    takenAtMs: T0 * 1000,
    view: makeView(),
    all: { totals: { packets: 1500, bytes: 1_000_000 }, truncated: 0, malformed: 0, unsupported: 0, currentPps: 1234, currentBitsPerSec: 3_400_000 },
    capture: {
      source: 'eth0',
      live: true,
      linktype: 1,
      linktypeName: 'EN10MB',
      snaplen: 262144,
      bpf: 'not port 22',
      stats: { received: 1500, dropped: 2, ifDropped: 1 },
      eof: false,
      elapsedSec: 3723,
      error: '',
      cpuPercent: 1.25,
    },
    filter: { proto: 'all', addr: '' },
    packets: Array.from({ length: 50 }, (_, i) => packet(i + 1)),
    ring: { packets: 1500, bytes: 1_000_000, maxPackets: 100_000, maxBytes: 64 * 1024 * 1024 },
    names: {},
    ...over,
  };
}

function hex(s: string): number[] {
  return s
    .replace(/\s+/g, '')
    .match(/../g)!
    .map((h) => parseInt(h, 16));
}

/**
 * A hand-built dissection of a 74-byte Ethernet / IPv4 / TCP packet with 20 bytes of data
 * ("GET / HTTP/1.1\r\nHost"): eth [0,14), ip [14,34), tcp [34,54), data [54,74).
 */
export function makeDetail(seq: number): PacketDetail {
  const bytes = new Uint8Array([
    ...hex('001b213a4f5c 525400123456 0800'),
    ...hex('4500003c 1c464000 4006b1e6 c000020a c6336407'),
    ...hex('c00001bb 00000001 00000001 501801f6 00000000'),
    ...Buffer.from('GET / HTTP/1.1\r\nHost', 'latin1'),
  ]);
  return {
    seq,
    tsSec: T0 + 5,
    tsNsec: 7_000_000,
    caplen: bytes.length,
    origLen: bytes.length,
    linktype: 1,
    status: PacketStatus.Ok,
    bytes,
    layers: [
      {
        proto: 'eth',
        title: 'Ethernet II, Src: 52:54:00:12:34:56, Dst: 00:1b:21:3a:4f:5c',
        start: 0,
        end: 14,
        fields: [
          { name: 'eth.dst', value: '00:1b:21:3a:4f:5c', start: 0, end: 6 },
          { name: 'eth.src', value: '52:54:00:12:34:56', start: 6, end: 12 },
          { name: 'eth.type', value: 'IPv4 (0x0800)', start: 12, end: 14 },
        ],
      },
      {
        proto: 'ip',
        title: 'Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.7',
        start: 14,
        end: 34,
        fields: [
          { name: 'ip.version', value: '4', start: 14, end: 15 },
          { name: 'ip.hdr_len', value: '20 bytes (5)', start: 14, end: 15 },
          { name: 'ip.len', value: '60', start: 16, end: 18 },
          { name: 'ip.id', value: '0x1c46 (7238)', start: 18, end: 20 },
          { name: 'ip.flags', value: "0x2, Don't fragment", start: 20, end: 21 },
          { name: 'ip.ttl', value: '64', start: 22, end: 23 },
          { name: 'ip.proto', value: 'TCP (6)', start: 23, end: 24 },
          { name: 'ip.src', value: '192.0.2.10', start: 26, end: 30 },
          { name: 'ip.dst', value: '198.51.100.7', start: 30, end: 34 },
        ],
      },
      {
        proto: 'tcp',
        title: 'Transmission Control Protocol, Src Port: 49152, Dst Port: 443, Seq: 1, Ack: 1, Len: 20',
        start: 34,
        end: 54,
        fields: [
          { name: 'tcp.srcport', value: '49152', start: 34, end: 36 },
          { name: 'tcp.dstport', value: '443', start: 36, end: 38 },
          { name: 'tcp.seq_raw', value: '1', start: 38, end: 42 },
          { name: 'tcp.ack_raw', value: '1', start: 42, end: 46 },
          { name: 'tcp.hdr_len', value: '20 bytes (5)', start: 46, end: 47 },
          { name: 'tcp.flags', value: '0x018 (PSH, ACK)', start: 46, end: 48 },
          { name: 'tcp.window_size_value', value: '502', start: 48, end: 50 },
          { name: 'tcp.len', value: '20', start: 34, end: 54 },
        ],
      },
      {
        proto: 'data',
        title: 'Data (20 bytes)',
        start: 54,
        end: 74,
        fields: [
          { name: 'data.data', value: '474554202f20485454502f312e310d0a486f7374', start: 54, end: 74 },
          { name: 'data.len', value: '20', start: 54, end: 74 },
        ],
      },
    ],
  };
}

/** A DataSource that records calls; `snapshot` is what takeSnapshot returns (with the filter set). */
export class FakeSource implements DataSource {
  snapshot: Snapshot = makeSnapshot();
  filter: ViewFilter = { proto: 'all', addr: '' };
  queries: SnapshotQuery[] = [];
  filters: ViewFilter[] = [];
  dumps = 0;
  dumpResult: DumpResult = { ok: true, path: '/tmp/nta-top-1.pcap', packets: 42, bytes: 4200 };

  takeSnapshot(q: SnapshotQuery): Snapshot {
    this.queries.push(q);
    return { ...this.snapshot, filter: { ...this.filter } };
  }

  setFilter(f: ViewFilter): string | null {
    this.filters.push(f);
    if (f.addr !== '' && !/^[0-9.:a-f/]+$/i.test(f.addr)) return `bad address or CIDR: ${f.addr}`;
    this.filter = { ...f };
    return null;
  }

  dump(): Promise<DumpResult> {
    this.dumps++;
    return Promise.resolve(this.dumpResult);
  }

  /** Sequence numbers asked for; `inspectResult` decides the answer (default: makeDetail(seq)). */
  inspected: number[] = [];
  inspectResult: (seq: number) => PacketDetail | null = (seq) => makeDetail(seq);

  inspect(seq: number): PacketDetail | null {
    this.inspected.push(seq);
    return this.inspectResult(seq);
  }
}

/** A fake terminal: output collects what blessed writes; resize() emits 'resize' like a TTY. */
export class FakeTty {
  readonly input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
  readonly output: PassThrough & { isTTY: boolean; columns: number; rows: number };
  written = '';

  constructor(columns: number, rows: number) {
    this.output = Object.assign(new PassThrough(), { isTTY: true, columns, rows });
    this.output.on('data', (d: Buffer) => {
      this.written += d.toString('latin1');
    });
  }

  resize(columns: number, rows: number): void {
    this.output.columns = columns;
    this.output.rows = rows;
    this.output.emit('resize');
  }

  /** Types keys as raw bytes (e.g. 'q', '\x1b[A' for Up). */
  type(s: string): void {
    this.input.write(s);
  }
}
