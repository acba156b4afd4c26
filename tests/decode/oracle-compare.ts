/**
 * Shared helpers for comparing decodePacket with the tshark oracle (../shared/corpus/oracle/*.json,
 * definitions in ORACLE.md). Not a test file itself.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePacket, dnsQueryName } from '../../src/decode/index.js';
import { formatIpv4, formatIpv6 } from '../../src/decode/format.js';
import type { DecodedPacket } from '../../src/decode/packet.js';
import { newDecodedPacket, TRANSPORT_NAMES } from '../../src/decode/packet.js';
import type { Frame } from '../../src/capture/frame.js';

/** The shared corpus: `<repo root>/../shared/corpus` (the same layout locally and in CI). */
export const CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus');

/** One oracle `table` row, keyed by column name. */
export interface OracleRow {
  frame_number: number;
  src_ip: string | null;
  dst_ip: string | null;
  ip_proto: number | null;
  src_port: number | null;
  dst_port: number | null;
  tcp_flags: number | null;
  dns_qry_name: string | null;
  ip_version: number | null;
  transport: string;
}

/** Oracle JSON as make-oracle.py writes it (only the keys the tests read). */
export interface OracleFile {
  packets: number;
  transport_packets: Record<string, number>;
  ip_packets: { ipv4: number; ipv6: number };
  table_columns: string[];
  table: unknown[][];
}

/** Reads an oracle JSON file (default: the corpus oracle of `captureName`). */
export function readOracleFile(captureName: string, file = `${CORPUS_DIR}/oracle/${captureName}.json`): OracleFile {
  return JSON.parse(readFileSync(file, 'utf8')) as OracleFile;
}

/** Reads the oracle table of a capture (first 2000 packets) and its packet count. */
export function readOracle(captureName: string, file?: string): { packets: number; rows: OracleRow[] } {
  const j = readOracleFile(captureName, file);
  const cols = j.table_columns;
  const rows = j.table.map((r) => {
    const o: Record<string, unknown> = {};
    cols.forEach((c, i) => (o[c] = r[i]));
    return o as unknown as OracleRow;
  });
  return { packets: j.packets, rows };
}

/** The oracle's per-packet fields as our decoder produces them (null for -1 / no IP). */
export function ourRow(f: Frame, p: DecodedPacket = newDecodedPacket()): Omit<OracleRow, 'frame_number'> {
  decodePacket(f, p);
  const tcpOrUdp = p.transport === 0 || p.transport === 1;
  return {
    src_ip: p.ipVersion === 4 ? formatIpv4(p.src4) : p.ipVersion === 6 ? formatIpv6(f.buf, p.src6Off) : null,
    dst_ip: p.ipVersion === 4 ? formatIpv4(p.dst4) : p.ipVersion === 6 ? formatIpv6(f.buf, p.dst6Off) : null,
    ip_proto: p.ipProto >= 0 ? p.ipProto : null,
    src_port: tcpOrUdp && p.srcPort >= 0 ? p.srcPort : null,
    dst_port: tcpOrUdp && p.dstPort >= 0 ? p.dstPort : null,
    tcp_flags: p.transport === 0 && p.tcpFlags >= 0 ? p.tcpFlags : null,
    dns_qry_name: dnsQueryName(f, p),
    ip_version: p.ipVersion === 0 ? null : p.ipVersion,
    transport: TRANSPORT_NAMES[p.transport],
  };
}

const FIELDS = ['src_ip', 'dst_ip', 'ip_proto', 'transport', 'src_port', 'dst_port', 'tcp_flags', 'dns_qry_name', 'ip_version'] as const;

/**
 * One allowed per-packet difference (tests/decode/per-packet-exceptions.json), with its evidence:
 * the capture, the 1-based frame, the oracle column, our value, tshark's value and why it is
 * tshark's doing or out of reach for a per-packet decoder. List them in frame order, and within a
 * frame in the column order of compareWithOracle().
 */
export interface PerPacketException {
  file: string;
  frame: number;
  field: string;
  ours: unknown;
  tshark: unknown;
  why: string;
}

/** The difference line compareWithOracle() prints for an exception entry. */
export function exceptionLine(e: PerPacketException): string {
  return `${e.file} #${e.frame} ${e.field}: ours=${JSON.stringify(e.ours)} oracle=${JSON.stringify(e.tshark)}`;
}

/**
 * Compares every oracle row with our decode of the same frame. Returns one text line per
 * disagreeing field ("<file> #<n> <field>: ours=<json> oracle=<json>"); `dns_qry_name` comes from
 * dnsQueryName(). `ip_version` is only compared
 * when the oracle has addresses: tshark names an IP layer even when it gave up before the
 * addresses, which DecodedPacket (ipVersion ⇒ valid addresses) cannot express.
 */
export function compareWithOracle(name: string, frames: Frame[], oracleFile?: string): string[] {
  const { rows } = readOracle(name, oracleFile);
  const out: string[] = [];
  const p = newDecodedPacket();
  for (const row of rows) {
    const f = frames[row.frame_number - 1];
    if (!f) {
      out.push(`${name} #${row.frame_number}: frame missing (read ${frames.length})`);
      continue;
    }
    const ours = ourRow(f, p);
    for (const k of FIELDS) {
      if (k === 'ip_version' && row.src_ip === null && ours.src_ip === null) continue;
      if (ours[k] !== row[k]) out.push(`${name} #${row.frame_number} ${k}: ours=${JSON.stringify(ours[k])} oracle=${JSON.stringify(row[k])}`);
    }
  }
  return out;
}
