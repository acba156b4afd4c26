/**
 * Wiring only: argv → Config → capture → engine → dashboard; one clear line and a non-zero exit
 * for every user mistake; the terminal restored on every way out.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { parseArgs, UsageError, type Config } from './cli.js';
import { Capture, CaptureError, defaultDevice, exitProcessNow, listDevices, type Device } from './capture/pcap.js';
import { Engine } from './engine.js';
// The screen (blessed) and the report code load only when used: a headless report starts faster.
type Dashboard = ReturnType<typeof import('./ui/app.js').runDashboard>;

/** Exit statuses: 0 ok, 1 runtime failure (capture, file, terminal), 2 usage, 70 internal error. */
export const EXIT = { ok: 0, failure: 1, usage: 2, internal: 70 } as const;

function errLine(msg: string): void {
  process.stderr.write(`nta-top: ${msg}\n`);
}

/** tcpdump -D style: `1.eth0 (description) [Up, Running, Loopback]`. */
export function formatDeviceList(devs: Device[]): string {
  return devs
    .map((d, i) => {
      const flags: string[] = [];
      if (d.up) flags.push('Up');
      if (d.running) flags.push('Running');
      if (d.loopback) flags.push('Loopback');
      if (d.wireless) flags.push('Wireless');
      if (d.connected) flags.push('Connected');
      const desc = d.description ? ` (${d.description})` : '';
      const addrs = d.addresses.length ? ` ${d.addresses.map((a) => a.addr).join(' ')}` : '';
      return `${i + 1}.${d.name}${desc} [${flags.join(', ')}]${addrs}`;
    })
    .join('\n');
}

const SETCAP_HINT =
  'run it with sudo, or let node capture without root: sudo setcap cap_net_raw,cap_net_admin=eip "$(readlink -f "$(command -v node)")"';

/** Turns an open failure into the one line the user sees. */
export function describeOpenError(e: CaptureError, cfg: Config, iface: string | null): string {
  switch (e.code) {
    case 'ENODEV': {
      let names = '';
      try {
        names = listDevices()
          .map((d) => d.name)
          .join(', ');
      } catch {
        names = '';
      }
      return `no such interface '${iface}'${names ? `; interfaces here: ${names}` : ''} (nta-top -D lists them)`;
    }
    case 'EPERM':
      return `no permission to capture on ${iface} (${e.message}): ${SETCAP_HINT}`;
    case 'ENETDOWN':
      return `interface ${iface} is down (${e.message}): bring it up with 'ip link set ${iface} up'`;
    case 'EBPF':
      return `bad BPF filter '${cfg.bpf}': ${e.message} (see man pcap-filter)`;
    case 'EOPEN':
      return `cannot read capture file '${cfg.file}': ${e.message}`;
    case 'ELOAD':
      return e.message;
    default:
      return `cannot open ${iface ?? cfg.file}: ${e.message}`;
  }
}

/** `headless`: the capture feeds a report that keeps no packets, so a file may be walked in its own layout. */
function openCapture(cfg: Config, headless: boolean): Capture {
  if (cfg.mode === 'file') {
    const file = cfg.file as string;
    if (file !== '-') {
      try {
        const st = statSync(file);
        if (st.isDirectory()) throw new CaptureError('EOPEN', 'it is a directory');
        accessSync(file, constants.R_OK);
      } catch (e) {
        if (e instanceof CaptureError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
        throw new CaptureError('EOPEN', why);
      }
    }
    return Capture.openOffline(file, cfg.bpf, { fileLayout: headless });
  }
  const iface = cfg.iface ?? defaultDevice();
  if (iface === null) throw new CaptureError('ENODEV', 'no interfaces available for capture');
  try {
    return Capture.openLive({
      device: iface,
      snaplen: cfg.snaplen,
      promisc: cfg.promisc,
      bufferSizeBytes: cfg.bufferBytes,
      filter: cfg.bpf,
    });
  } catch (e) {
    // A typo comes first: unprivileged, libpcap says "permission denied" even for a name that does
    // not exist. The interface list is read only now, on failure (pcap_findalldevs takes a few ms
    // of the first frame's budget).
    if (e instanceof CaptureError && e.code !== 'ENODEV' && !isInterface(iface)) throw new CaptureError('ENODEV', 'no such device');
    throw e;
  }
}

/** True when `name` is one of the capture interfaces (or when they cannot be listed). */
function isInterface(name: string): boolean {
  try {
    return listDevices().some((d) => d.name === name);
  } catch {
    return true;
  }
}

function checkDumpDir(dir: string): string | null {
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) return `--dump-dir '${dir}' is not a directory`;
    accessSync(dir, constants.W_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `--dump-dir '${dir}' does not exist: create it or choose another directory`;
    if (code === 'EACCES') return `--dump-dir '${dir}' is not writable: choose a directory you can write to`;
    return `--dump-dir '${dir}': ${(e as Error).message}`;
  }
}

/** What the caller of run() allows it. */
export interface RunOptions {
  /**
   * A headless report, once written, ends the process itself (exitProcessNow) instead of
   * resolving: bin/nta-top sets it, so that a report does not wait 10-20 ms for Node's teardown.
   * In-process callers (tests) leave it unset.
   */
  exitWhenReported?: boolean;
}

/** Runs nta-top with argv (without node and script); resolves to the exit status. */
export async function run(argv: string[], opts: RunOptions = {}): Promise<number> {
  let cfg: Config;
  try {
    cfg = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      errLine(e.message);
      return EXIT.usage;
    }
    throw e;
  }
  if (cfg.mode === 'help' || cfg.mode === 'version') {
    process.stdout.write(cfg.text);
    return EXIT.ok;
  }
  if (cfg.mode === 'list') {
    try {
      const devs = listDevices();
      if (devs.length === 0) {
        errLine('no interfaces available for capture (are you root, or does node have cap_net_raw?)');
        return EXIT.failure;
      }
      process.stdout.write(formatDeviceList(devs) + '\n');
      return EXIT.ok;
    } catch (e) {
      errLine(e instanceof CaptureError ? e.message : String(e));
      return EXIT.failure;
    }
  }
  const headless = cfg.report !== null || !process.stdout.isTTY;
  if (!headless) {
    const dirErr = checkDumpDir(cfg.dumpDir);
    if (dirErr) {
      errLine(dirErr);
      return EXIT.usage;
    }
  }

  let capture: Capture;
  try {
    capture = openCapture(cfg, headless);
  } catch (e) {
    if (e instanceof CaptureError) {
      errLine(describeOpenError(e, cfg, cfg.iface ?? (cfg.mode === 'live' ? safeDefault() : null)));
      return EXIT.failure;
    }
    throw e;
  }

  if (headless) {
    const color = cfg.report === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR;
    const { runHeadless } = await import('./headless.js');
    const code = await runHeadless(capture, { format: cfg.report ?? 'json', top: cfg.top, count: cfg.count, durationSec: cfg.durationSec, color });
    // The report and any warning went out with write(2) (stderr is synchronous for files, pipes
    // and terminals on Linux), and runHeadless closed the capture: nothing is left to tear down.
    if (opts.exitWhenReported === true) exitProcessNow(code);
    return code;
  }
  if (!process.stdin.isTTY) {
    capture.close();
    errLine('the dashboard reads keys from a terminal, but standard input is not one: run nta-top in a terminal, or use --report json|text');
    return EXIT.failure;
  }

  const engine = new Engine(capture, {
    ringPackets: cfg.ringPackets,
    ringBytes: cfg.ringBytes,
    dumpDir: cfg.dumpDir,
    limit: cfg.count,
  });
  let exitCode: number = EXIT.ok;
  let exitSet = false;
  let internal: unknown = null;
  let dash: Dashboard | null = null;
  let summary = '';
  // The first reason to stop decides the exit status; later ones (an EIO on a dropped SSH
  // connection while the screen is torn down) change nothing.
  const finish = (code: number): void => {
    if (!exitSet) {
      exitSet = true;
      exitCode = code;
    }
    dash?.stop();
  };
  const onSignal = (sig: NodeJS.Signals): void => finish(sig === 'SIGINT' ? EXIT.ok : 128 + (sig === 'SIGHUP' ? 1 : 15));
  const onFatal = (e: unknown): void => {
    if (!exitSet) internal = e;
    finish(EXIT.internal);
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  const { runDashboard } = await import('./ui/app.js');
  try {
    dash = runDashboard(engine, { intervalMs: cfg.intervalMs, names: cfg.names });
    // After the screen exists: blessed adds SIGTERM/SIGINT handlers that call process.exit(0)
    // when they are the only listener left at signal time; ours must come after theirs.
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
    process.on('SIGINT', onSignal);
    // End of file and the -c limit are shown at once, from a fresh snapshot, not at the next tick
    // (a 5-packet file would otherwise sit at "0 pkts" for a whole interval). onLimit is called
    // from inside a batch, before the ring has taken the batch's packets: draw after it.
    let refreshQueued = false;
    const refreshSoon = (): void => {
      if (refreshQueued) return;
      refreshQueued = true;
      setImmediate(() => {
        refreshQueued = false;
        dash?.refresh();
      });
    };
    engine.onEof = refreshSoon;
    engine.onLimit = refreshSoon;
    engine.start();
    await dash.done;
  } catch (e) {
    dash?.stop();
    if (!exitSet) {
      exitSet = true;
      exitCode = EXIT.internal;
      internal = e;
    }
  } finally {
    summary = captureSummary(capture, engine.packetsSeen);
    engine.stop();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onSignal);
    process.off('uncaughtException', onFatal);
    process.off('unhandledRejection', onFatal);
  }
  // As tcpdump does on exit: what was captured and what the kernel dropped, now that the screen
  // is gone (not after SIGHUP: the terminal went with the connection).
  if (exitCode !== 129) process.stderr.write(summary + '\n');
  if (internal !== null) {
    const err = internal as Error;
    errLine(`internal error: ${err && err.message ? err.message : String(err)}`);
    if (err && err.stack) process.stderr.write(err.stack + '\n');
  }
  return exitCode;
}

/**
 * One line for the end of a dashboard run, in tcpdump's words: "nta-top: N packets captured,
 * N received by filter, N dropped by kernel, N dropped by interface" (pcap_stats, exact counts),
 * or "nta-top: N packets read from FILE".
 */
export function captureSummary(capture: Capture, packets: number): string {
  if (!capture.live) return `nta-top: ${packets} packets read from ${capture.source}`;
  const st = capture.stats();
  if (st === null) return `nta-top: ${packets} packets captured`;
  return `nta-top: ${packets} packets captured, ${st.received} received by filter, ${st.dropped} dropped by kernel, ${st.ifDropped} dropped by interface`;
}

function safeDefault(): string | null {
  try {
    return defaultDevice();
  } catch {
    return null;
  }
}
