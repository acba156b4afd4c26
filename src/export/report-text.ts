/**
 * The whole-run report (src/export/report.ts) as text for people: a few summary lines and compact
 * tables with units (IEC bytes, SI bit/s), optionally coloured with chalk. Strings that came off
 * the wire (DNS names, learned names) are sanitised so they cannot move the cursor.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import { TRANSPORT_NAMES } from '../decode/packet.js';
import { formatBitsPerSec, formatBytes, sanitize } from '../views/format.js';
import type { Report } from './report.js';

/** Options of {@link renderReportText}. */
export interface ReportTextOptions {
  /** ANSI colours (the caller decides: terminal, NO_COLOR). */
  color: boolean;
}

type Align = 'l' | 'r';

/** Integer with thousands separators: 1234567 → "1,234,567". */
function int(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '0';
}

/** "1 packet", "2,048 packets". */
function plural(n: number, noun: string): string {
  return `${int(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** origLen bytes exactly, with the IEC size when it differs: "12,345 B (12.1 KiB)". */
function bytesText(n: number): string {
  const human = formatBytes(n);
  return human.endsWith(' B') ? `${int(n)} B` : `${int(n)} B (${human})`;
}

/** Share of a total as "62.3%"; "-" when the total is 0. */
function pct(part: number, total: number): string {
  return total > 0 ? `${((part / total) * 100).toFixed(1)}%` : '-';
}

/** Epoch nanoseconds as UTC "YYYY-MM-DD HH:MM:SS.nnnnnnnnn"; the raw number when out of Date's range. */
function utcText(ns: bigint): string {
  const NS = 1_000_000_000n;
  let sec = ns / NS;
  let frac = ns % NS;
  if (frac < 0n) {
    frac += NS;
    sec -= 1n;
  }
  const d = new Date(Number(sec) * 1000);
  if (Number.isNaN(d.getTime())) return `${ns} ns`;
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${frac.toString().padStart(9, '0')}`;
}

/** Seconds as "4.032 s", "2 min 5.0 s", "3 h 2 min", "2 d 4 h". */
function durationText(sec: number): string {
  if (!(sec >= 0)) return '-';
  if (sec < 60) return `${sec.toFixed(3)} s`;
  if (sec < 3600) return `${Math.floor(sec / 60)} min ${(sec % 60).toFixed(1)} s`;
  if (sec < 86400) return `${Math.floor(sec / 3600)} h ${Math.floor((sec % 3600) / 60)} min`;
  return `${Math.floor(sec / 86400)} d ${Math.floor((sec % 86400) / 3600)} h`;
}

/** Columns padded to their widest cell; the header row is styled. */
function table(c: ChalkInstance, header: string[], align: Align[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((s, i) => (align[i] === 'r' ? s.padStart(widths[i]) : i === cells.length - 1 ? s : s.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [c.bold(line(header)), ...rows.map(line)];
}

/**
 * The report as text (ends with a newline). Sections: summary (source, totals, time span, rates,
 * decode outcomes, live drop counters), protocols, top hosts (with learned names), top
 * conversations, top services, DNS query names. Empty sections are left out.
 */
export function renderReportText(report: Report, opts: ReportTextOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  const heading = (s: string): void => {
    out.push('', c.cyan.bold(s));
  };
  const field = (label: string, value: string): void => {
    out.push(`${c.bold(label.padEnd(10))}${value}`);
  };

  out.push(c.bold(`nta-top report: ${sanitize(report.source, false)}`) + c.dim(`  (linktype ${report.linktype})`));
  if (report.error) out.push(c.red.bold(`error: ${sanitize(report.error, false)}`));
  field('Packets', int(report.packets));
  field('Bytes', `${bytesText(report.bytes)} on the wire, ${bytesText(report.cap_bytes)} captured`);
  if (report.first_ts_ns !== null && report.last_ts_ns !== null && report.min_ts_ns !== null && report.max_ts_ns !== null) {
    const spanSec = Number(report.max_ts_ns - report.min_ts_ns) / 1e9;
    field('Time', `${utcText(report.min_ts_ns)} → ${utcText(report.max_ts_ns)} UTC (${durationText(spanSec)})`);
    if (report.first_ts_ns !== report.min_ts_ns || report.last_ts_ns !== report.max_ts_ns) {
      field('', c.yellow(`out of order: first packet ${utcText(report.first_ts_ns)}, last ${utcText(report.last_ts_ns)}`));
    }
    const avg = spanSec > 0 ? `avg ${(report.packets / spanSec).toFixed(1)} pps, ${formatBitsPerSec((report.bytes * 8) / spanSec)}; ` : '';
    field('Rate', `${avg}busiest second ${plural(report.pps_max, 'packet')}; ${plural(report.pps_buckets, 'second')} with traffic`);
  }
  const decodeIssues = report.truncated + report.malformed + report.unsupported;
  field(
    'Decode',
    (decodeIssues > 0 ? c.yellow : (s: string) => s)(
      `${int(report.truncated)} truncated, ${int(report.malformed)} malformed, ${int(report.unsupported)} unsupported`,
    ),
  );
  if (report.received !== undefined) {
    const drops = (report.dropped ?? 0) + (report.if_dropped ?? 0);
    field(
      'Capture',
      (drops > 0 ? c.red : (s: string) => s)(
        `${int(report.received)} received, ${int(report.dropped ?? 0)} dropped by the kernel, ${int(report.if_dropped ?? 0)} by the interface`,
      ),
    );
  }
  const ev = report.evicted;
  if (ev.hosts + ev.conversations + ev.pps_seconds + ev.dns_qry_names > 0) {
    field(
      'Evicted',
      c.yellow(
        `${int(ev.hosts)} hosts, ${int(ev.conversations)} conversations, ${int(ev.pps_seconds)} seconds, ${int(ev.dns_qry_names)} DNS names (tables full)`,
      ),
    );
  }

  if (report.packets > 0) {
    heading('Protocols');
    const rows = TRANSPORT_NAMES.filter((t) => report.transport_packets[t] > 0).map((t) => [
      t,
      int(report.transport_packets[t]),
      formatBytes(report.transport_bytes[t]),
      pct(report.transport_bytes[t], report.bytes),
    ]);
    out.push(...table(c, ['Class', 'Packets', 'Bytes', 'Share'], ['l', 'r', 'r', 'r'], rows));
    out.push(c.dim(`IPv4 ${int(report.ip_packets.ipv4)} packets, IPv6 ${int(report.ip_packets.ipv6)} packets`));
  }

  if (report.top_hosts.length > 0) {
    heading(`Top hosts (${report.top_hosts.length} of ${int(report.distinct_hosts)})`);
    const rows = report.top_hosts.map((h) => [
      h.host,
      int(h.packets),
      formatBytes(h.bytes),
      sanitize(report.names[h.host] ?? '', false),
    ]);
    out.push(...table(c, ['Host', 'Packets', 'Bytes', 'Name'], ['l', 'r', 'r', 'l'], rows));
  }

  if (report.top_conversations.length > 0) {
    heading(`Top conversations (${report.top_conversations.length} of ${int(report.distinct_conversations)})`);
    const rows = report.top_conversations.map((v) => [
      v.a,
      v.b,
      int(v.packets),
      formatBytes(v.bytes),
      formatBytes(v.bytes_a_to_b),
      formatBytes(v.bytes_b_to_a),
    ]);
    out.push(...table(c, ['A', 'B', 'Packets', 'Bytes', 'A→B', 'B→A'], ['l', 'l', 'r', 'r', 'r', 'r'], rows));
  }

  if (report.top_services.length > 0) {
    heading(`Top services (${report.top_services.length} of ${int(report.distinct_services)})`);
    const rows = report.top_services.map((s) => [
      `${s.port}/${s.transport}`,
      s.name,
      int(s.packets),
      formatBytes(s.bytes),
      pct(s.bytes, report.bytes),
    ]);
    out.push(...table(c, ['Port', 'Service', 'Packets', 'Bytes', 'Share'], ['r', 'l', 'r', 'r', 'r'], rows));
  }

  if (report.dns_qry_names_top.length > 0) {
    heading('DNS query names');
    const rows = report.dns_qry_names_top.map((d) => [sanitize(d.name, false), int(d.packets)]);
    out.push(...table(c, ['Name', 'Packets'], ['l', 'r'], rows));
  }
  return out.join('\n') + '\n';
}
