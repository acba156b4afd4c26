/**
 * Headless mode: no screen; capture or read until done, then print one report (JSON with the
 * keys of ../shared/corpus/ORACLE.md, or text for people) on standard output.
 *
 * A file ends at its end (or at -c packets). A live capture ends after -c packets, after
 * --duration seconds, or on SIGINT/SIGTERM/SIGHUP, and the report is printed all the same.
 */
import { writeSync } from 'node:fs';
import { explainReadError, type Capture } from './capture/pcap.js';
import { Engine } from './engine.js';
import { buildReport, reportToJson } from './export/report.js';
// The text report (and chalk, which loads tty and net) only when asked for: JSON starts faster.

export interface HeadlessOptions {
  format: 'json' | 'text';
  /** Entries per top list. */
  top: number;
  /** Stop after this many packets; 0 = no limit. */
  count: number;
  /** Live: stop after this many seconds; 0 = no limit. */
  durationSec: number;
  /** Colour for the text report (chalk); the caller honours NO_COLOR and the terminal. */
  color: boolean;
}

/** Conversations per family a report keeps (the dashboard keeps 32,768, next to its ring). */
const REPORT_MAX_CONVERSATIONS = 65_536;

/** Ring bounds for headless runs: nothing is shown or dumped, so keep the minimum. */
const HEADLESS_RING = { packets: 1, bytes: 64 * 1024 };

/**
 * Writes `text` to standard output with write(2) on fd 1, so that a report never makes Node build
 * process.stdout (a stream: node's stream modules load for it, ~8 ms of every report). A
 * non-blocking pipe that is full (EAGAIN) is waited on, 5 ms at a time, as a blocking write would
 * wait; a reader that went away (EPIPE, as `| head`) ends the output quietly. Returns null, or the
 * error (ENOSPC, EIO...) that stopped the write.
 */
function writeStdout(text: string): NodeJS.ErrnoException | null {
  const buf = Buffer.from(text);
  const nap = new Int32Array(new SharedArrayBuffer(4));
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(nap, 0, 0, 5);
      else if (code === 'EPIPE') return null;
      else return e as NodeJS.ErrnoException;
    }
  }
  return null;
}

function writeTo(out: NodeJS.WritableStream, data: string | Uint8Array): Promise<void> {
  return new Promise<void>((resolve) => {
    if (out.write(data)) resolve();
    else out.once('drain', () => resolve());
  });
}

/**
 * Runs to the end and writes the report to `out` (default: standard output). Resolves to the
 * exit status: 0, or 1 when a file was damaged (the report is still printed, and `error` in it
 * says why).
 */
export async function runHeadless(capture: Capture, o: HeadlessOptions, out?: NodeJS.WritableStream): Promise<number> {
  const engine = new Engine(capture, {
    ringPackets: HEADLESS_RING.packets,
    ringBytes: HEADLESS_RING.bytes,
    dumpDir: '.',
    limit: o.count,
    keepPackets: false,
    // A report's distinct_conversations is exact up to this; with no ring held, memory allows it.
    maxConversations: REPORT_MAX_CONVERSATIONS,
  });

  if (capture.live) {
    await new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      const finish = (): void => {
        if (timer) clearTimeout(timer);
        process.off('SIGINT', finish);
        process.off('SIGTERM', finish);
        process.off('SIGHUP', finish);
        resolve();
      };
      process.on('SIGINT', finish);
      process.on('SIGTERM', finish);
      process.on('SIGHUP', finish);
      if (o.durationSec > 0) timer = setTimeout(finish, o.durationSec * 1000);
      engine.onLimit = finish;
      engine.start();
    });
  } else {
    engine.readAll();
  }
  // Stats must be read before the handle closes.
  const stats = capture.stats();
  const error = capture.error;
  engine.stop();
  const report = buildReport(engine.all, {
    top: o.top,
    source: capture.source,
    linktype: capture.linktype,
    stats,
    error,
  });
  const text =
    o.format === 'json'
      ? reportToJson(report) + '\n'
      : (await import('./export/report-text.js')).renderReportText(report, { color: o.color });
  if (out) await writeTo(out, text);
  else {
    const failed = writeStdout(text);
    if (failed) {
      const why = failed.message.replace(/^E[A-Z]+: /, '').replace(/, write$/, '');
      process.stderr.write(`nta-top: cannot write the report to standard output: ${why}\n`);
      return 1;
    }
  }
  if (error) {
    process.stderr.write(`nta-top: warning: ${explainReadError(capture.source, engine.packetsSeen, error)}\n`);
    return 1;
  }
  return 0;
}
