/**
 * Agreement with the tshark oracle over the whole corpus (../shared/corpus, ORACLE.md): every
 * capture is read with libpcap (loadCapture), decoded (decodePacket), ingested (Aggregator) and
 * reported (buildReport); each aggregate key of the report must equal the oracle's
 * (oracle/<capture>.json). A difference is allowed only when tests/agreement-exceptions.json lists
 * exactly that capture and key: under `captures` with the evidence that tshark is wrong or that
 * libpcap refuses the file, or under `pending` with its known cause in code owned elsewhere. A
 * listed key that agrees fails too, so the list cannot go stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../src/aggregate/aggregator.js';
import { loadCapture } from '../src/capture/pcap.js';
import { decodePacket } from '../src/decode/index.js';
import { newDecodedPacket } from '../src/decode/packet.js';
import { buildReport, reportToJson } from '../src/export/report.js';
import type { Report } from '../src/export/report.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(REPO, '../shared/corpus');

/** The report keys compared, in ORACLE.md order. */
export const AGREEMENT_KEYS = [
  'packets',
  'bytes',
  'cap_bytes',
  'transport_packets',
  'transport_bytes',
  'ip_packets',
  'first_ts',
  'last_ts',
  'min_ts',
  'max_ts',
  'first_ts_ns',
  'last_ts_ns',
  'min_ts_ns',
  'max_ts_ns',
  'distinct_hosts',
  'distinct_conversations',
  'top_hosts',
  'top_conversations',
  'pps_buckets',
  'pps_max',
  'pps',
  'dns_qry_names_top',
] as const;
type Key = (typeof AGREEMENT_KEYS)[number];

/** One entry of agreement-exceptions.json. */
interface Exception {
  /** Keys whose values are allowed to differ (exactly these must differ). */
  keys: Key[];
  /** Who is wrong and why. */
  reason: string;
  /** What shows it: tool output, header bytes, the standard. */
  evidence: string;
  /** When libpcap refuses the file: its error message, which loadCapture must report verbatim. */
  libpcapError?: string;
}

/** A known difference waiting for a fix outside this test's code (see `fix`). */
interface Pending {
  keys: Key[];
  owner: string;
  cause: string;
  fix: string;
}

const EXCEPTIONS = JSON.parse(fs.readFileSync(path.join(REPO, 'tests/agreement-exceptions.json'), 'utf8')) as {
  captures: Record<string, Exception>;
  pending: Record<string, Pending>;
};

/** Oracle values of the compared keys; `*_ts_ns` read from the text as exact bigints. */
function readOracle(name: string): Record<Key, unknown> & { tcpdump: { exit: number; packets: number; stderr?: string } } {
  const text = fs.readFileSync(path.join(CORPUS, 'oracle', `${name}.json`), 'utf8');
  const o = JSON.parse(text) as Record<string, unknown>;
  for (const k of ['first_ts_ns', 'last_ts_ns', 'min_ts_ns', 'max_ts_ns']) {
    const m = new RegExp(`"${k}": (-?\\d+|null)`).exec(text);
    if (!m) throw new Error(`${name}: no ${k} in the oracle`);
    o[k] = m[1] === 'null' ? null : BigInt(m[1]);
  }
  return o as Record<Key, unknown> & { tcpdump: { exit: number; packets: number; stderr?: string } };
}

/** Reads, decodes, ingests and reports one capture the way `nta-top -r FILE --report json` does. */
function reportOf(name: string): { report: Report; frames: number } {
  const cap = loadCapture(path.join(CORPUS, 'captures', name));
  const agg = new Aggregator();
  const pkt = newDecodedPacket();
  for (const f of cap.frames) {
    decodePacket(f, pkt);
    agg.ingest(f, pkt);
  }
  const report = buildReport(agg, { top: 20, source: name, linktype: cap.linktype, stats: null, error: cap.error });
  return { report, frames: cap.frames.length };
}

function check(name: string): void {
  const oracle = readOracle(name);
  const { report, frames } = reportOf(name);
  const exc = EXCEPTIONS.captures[name];
  const allowed = new Set<Key>([...(exc?.keys ?? []), ...(EXCEPTIONS.pending[name]?.keys ?? [])]);

  // libpcap's view of the file, as the oracle's tcpdump cross-check recorded it.
  expect(frames).toBe(oracle.tcpdump.packets);
  const tcpdumpError = (oracle.tcpdump.stderr ?? '').replace(/^tcpdump: (pcap_loop: )?/, '');
  expect(report.error).toBe(oracle.tcpdump.exit === 0 ? '' : tcpdumpError);
  if (exc?.libpcapError !== undefined) expect(report.error).toBe(exc.libpcapError);

  const differing: Key[] = [];
  for (const k of AGREEMENT_KEYS) {
    const ours = report[k];
    if (allowed.has(k)) {
      if (JSON.stringify(ours, big) === JSON.stringify(oracle[k], big)) differing.push(k); // listed, yet agrees
      continue;
    }
    expect({ key: k, value: ours }).toEqual({ key: k, value: oracle[k] });
  }
  expect(differing, `listed in agreement-exceptions.json but agreeing: ${differing.join(', ')}`).toEqual([]);
  // The JSON text round-trips with the exact nanoseconds.
  const json = reportToJson(report);
  if (report.first_ts_ns !== null) expect(json).toContain(`"first_ts_ns": ${report.first_ts_ns}`);
  expect(() => JSON.parse(json) as unknown).not.toThrow();
}

function big(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

const CAPTURES = fs.existsSync(CORPUS) ? fs.readdirSync(path.join(CORPUS, 'captures')).sort() : [];

describe.runIf(fs.existsSync(CORPUS))('report agrees with the tshark oracle on every capture', () => {
  it('has an oracle file for every capture, and exceptions only for captures that exist', () => {
    expect(CAPTURES.length).toBeGreaterThanOrEqual(69);
    for (const name of CAPTURES) expect(fs.existsSync(path.join(CORPUS, 'oracle', `${name}.json`))).toBe(true);
    for (const name of Object.keys(EXCEPTIONS.captures)) expect(CAPTURES).toContain(name);
    for (const name of Object.keys(EXCEPTIONS.pending)) expect(CAPTURES).toContain(name);
    for (const e of Object.values(EXCEPTIONS.captures)) expect(e.reason.length > 0 && e.evidence.length > 0).toBe(true);
  });
  for (const name of CAPTURES) it(name, () => check(name));
});
