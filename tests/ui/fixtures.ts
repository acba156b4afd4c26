/** Hand-built snapshots and a fake DataSource / fake TTY for the view and screen tests. */
import { PassThrough } from 'node:stream';
import type {
  AggregateSnapshot,
  DataSource,
  DumpResult,
  PacketRow,
  Snapshot,
  SnapshotQuery,
  TalkerRow,
  ViewFilter,
} from '../../src/aggregate/snapshot.js';

export function talker(addr: string, packets: number, bytes: number, bitsPerSec: number, share: number): TalkerRow {
  return { addr, packets, bytes, packetsSent: packets, bytesSent: bytes, packetsRecv: 0, bytesRecv: 0, bitsPerSec, share };
}

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
    talkersEvicted: 0,
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
    },
    filter: { proto: 'all', addr: '' },
    packets: Array.from({ length: 50 }, (_, i) => packet(i + 1)),
    ring: { packets: 1500, bytes: 1_000_000, maxPackets: 100_000, maxBytes: 64 * 1024 * 1024 },
    ...over,
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
