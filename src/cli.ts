/**
 * argv → validated Config (commander). Options follow tcpdump's conventions (-i, -D, -r, -s, -p,
 * -B, -f or trailing words as the BPF expression). Every bad value becomes a UsageError with one
 * line that says what is wrong and what to do.
 */
import { Command, CommanderError, Option } from 'commander';

/** A command-line mistake: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What to do and how, after validation. Units are in the names. */
export interface Config {
  /** list: print interfaces (-D); live: capture from an interface; file: read a capture (-r). */
  mode: 'list' | 'live' | 'file' | 'help' | 'version';
  /** Interface for live mode; null = choose the default the way tcpdump does. */
  iface: string | null;
  /** Capture file for file mode ('-' = standard input). */
  file: string | null;
  /** BPF expression (pcap-filter(7)), '' for none. */
  bpf: string;
  /** Bytes kept per packet. */
  snaplen: number;
  promisc: boolean;
  /** Kernel capture buffer in bytes; 0 = libpcap's default. */
  bufferBytes: number;
  /** Packet ring bounds: count and bytes (captured bytes held). */
  ringPackets: number;
  ringBytes: number;
  /** Screen refresh period in ms. */
  intervalMs: number;
  /** Directory where `w` writes pcap files. */
  dumpDir: string;
  /** Text printed for help/version modes. */
  text: string;
  /**
   * Headless report instead of the dashboard: 'json' or 'text'; null = dashboard, or JSON when
   * standard output is not a terminal.
   */
  report: 'json' | 'text' | null;
  /** Entries in each top list of the report (top_hosts, top_conversations, dns_qry_names_top). */
  top: number;
  /** Stop after this many packets (live or file); 0 = no limit. */
  count: number;
  /** Live: stop after this many seconds; 0 = no limit. */
  durationSec: number;
  /** Show names learned from sniffed DNS/TLS (`n` toggles; -n starts with them off). */
  names: boolean;
}

export const VERSION = '0.1.0';

/** Default ring bounds: sized for a small server (64 MiB of packet bytes, 100k packets). */
/** Default kernel capture buffer (-B), KiB. */
export const DEFAULT_BUFFER_KIB = 16384;
export const DEFAULT_RING_PACKETS = 100_000;
export const DEFAULT_RING_BYTES = 64 * 1024 * 1024;

/**
 * Parses a size such as `64M`, `512k`, `1GiB`, `1048576` into bytes (powers of 1024).
 * Throws UsageError for anything else.
 */
export function parseSize(text: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text);
  if (!m) throw new UsageError(`${what}: '${text}' is not a size (use e.g. 64M, 512K, 1G or a number of bytes)`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const n = Math.floor(parseFloat(m[1]) * mult);
  if (!Number.isSafeInteger(n)) throw new UsageError(`${what}: '${text}' is too large`);
  return n;
}

function parseIntIn(text: string, what: string, min: number, max: number): number {
  if (!/^\s*\d+\s*$/.test(text)) throw new UsageError(`${what}: '${text}' is not a whole number`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${what}: ${n} is out of range (${min}..${max})`);
  return n;
}

function buildProgram(): Command {
  const p = new Command('nta-top');
  p.description(
    'Terminal network traffic analyzer: live capture with libpcap, protocol share, packets/bits per second, ' +
      'top talkers and a packet list, redrawn every second; w saves the packets in memory to a pcap file.\n' +
      'Live capture needs root or the capabilities cap_net_raw,cap_net_admin (see README).\n' +
      'With -r the file is read as fast as possible (not in real time) and the dashboard then shows the whole file; ' +
      'rates and the sparkline come from the packets\' own timestamps.',
  )
    .usage('[options] [BPF expression...]')
    .argument('[expression...]', 'BPF capture filter, as in tcpdump (pcap-filter(7)); same as -f')
    .addOption(new Option('-i, --interface <iface>', 'capture on this interface (default: the first up, non-loopback one, as tcpdump)'))
    .addOption(new Option('-D, --list-interfaces', 'list the interfaces libpcap can capture on, then exit'))
    .addOption(new Option('-f, --filter <expr>', 'BPF capture filter expression'))
    .addOption(new Option('-r, --read <file>', "read packets from a pcap or pcapng file ('-' = standard input), as fast as possible"))
    .addOption(new Option('-s, --snaplen <bytes>', 'bytes to capture per packet; 0 means 262144').default('262144'))
    .addOption(new Option('-p, --no-promiscuous-mode', 'do not put the interface into promiscuous mode'))
    .addOption(new Option('-B, --buffer-size <KiB>', `kernel capture buffer size in KiB (default ${DEFAULT_BUFFER_KIB} = 16 MiB, ~130 ms of a saturated 1 Gbit/s link; tcpdump's is 2 MiB)`))
    .addOption(new Option('--ring-packets <n>', 'keep at most this many recent packets in memory').default(String(DEFAULT_RING_PACKETS)))
    .addOption(new Option('--ring-bytes <size>', 'keep at most this many bytes of recent packets (e.g. 64M, 1G)').default('64M'))
    .addOption(new Option('-d, --delay <seconds>', 'screen refresh interval in seconds').default('1'))
    .addOption(new Option('--dump-dir <dir>', 'directory for pcap files written with w (default: current directory)'))
    .addOption(
      new Option('--report <format>', 'no screen: print one report and exit (json: keys as in ORACLE.md; text: for people). Default when stdout is not a terminal: json').choices(['json', 'text']),
    )
    .addOption(new Option('--top <n>', 'entries in each top list of the report').default('20'))
    .addOption(new Option('-c, --count <n>', 'stop after this many packets'))
    .addOption(new Option('--duration <seconds>', 'live capture: stop after this many seconds'))
    .addOption(new Option('-n, --no-names', 'start with names learned from sniffed DNS and TLS SNI hidden (n toggles)'))
    .version(VERSION, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show this help')
    .addHelpText(
      'after',
      `
Keys: q quit, Space/p pause, arrows PgUp PgDn g G scroll/select, Enter inspect, Esc back,
      t protocol filter, / address filter, c clear filters, Tab hosts/conversations/services,
      s sort, n names, w write pcap, ? help.

Examples:
  sudo nta-top -i eth0
  sudo nta-top -i eth0 tcp port 443
  nta-top -r capture.pcapng
  nta-top -r capture.pcapng --report json > report.json
  sudo nta-top -i eth0 --report text --duration 10`,
    );
  return p;
}

/**
 * Parses argv (without node and script: process.argv.slice(2)) into a Config.
 * Throws UsageError with one line for every invalid value or unknown option.
 */
export function parseArgs(argv: string[]): Config {
  const p = buildProgram();
  let text = '';
  p.exitOverride();
  p.configureOutput({
    writeOut: (s) => {
      text += s;
    },
    writeErr: () => {},
  });
  const base: Config = {
    mode: 'live',
    iface: null,
    file: null,
    bpf: '',
    snaplen: 262144,
    promisc: true,
    bufferBytes: DEFAULT_BUFFER_KIB * 1024,
    ringPackets: DEFAULT_RING_PACKETS,
    ringBytes: DEFAULT_RING_BYTES,
    intervalMs: 1000,
    dumpDir: process.cwd(),
    text: '',
    report: null,
    top: 20,
    count: 0,
    durationSec: 0,
    names: true,
  };
  try {
    p.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed') return { ...base, mode: 'help', text };
      if (e.code === 'commander.version') return { ...base, mode: 'version', text };
      throw new UsageError(e.message.replace(/^error:\s*/, '') + ' (see nta-top --help)');
    }
    throw e;
  }
  const o = p.opts<{
    interface?: string;
    listInterfaces?: boolean;
    filter?: string;
    read?: string;
    snaplen: string;
    promiscuousMode: boolean;
    bufferSize?: string;
    ringPackets: string;
    ringBytes: string;
    delay: string;
    dumpDir?: string;
    report?: 'json' | 'text';
    top: string;
    count?: string;
    duration?: string;
    names: boolean;
  }>();
  const words = p.args;
  if (o.filter !== undefined && words.length > 0) {
    throw new UsageError(`give the BPF filter either with -f or as trailing words, not both ('${words.join(' ')}')`);
  }
  if (o.interface !== undefined && o.read !== undefined) {
    throw new UsageError('-i and -r cannot be used together: capture from an interface or read a file');
  }
  const cfg: Config = { ...base };
  cfg.bpf = (o.filter ?? words.join(' ')).trim();
  let snaplen = parseIntIn(o.snaplen, '-s', 0, 262144);
  if (snaplen === 0) snaplen = 262144;
  cfg.snaplen = snaplen;
  cfg.promisc = o.promiscuousMode;
  if (o.bufferSize !== undefined) cfg.bufferBytes = parseIntIn(o.bufferSize, '-B', 1, 4 * 1024 * 1024) * 1024;
  cfg.ringPackets = parseIntIn(o.ringPackets, '--ring-packets', 1, 100_000_000);
  cfg.ringBytes = parseSize(o.ringBytes, '--ring-bytes');
  if (cfg.ringBytes < 64 * 1024) throw new UsageError(`--ring-bytes: ${o.ringBytes} is too small (at least 64K)`);
  if (cfg.ringBytes > 2 ** 31 - 1) throw new UsageError(`--ring-bytes: ${o.ringBytes} is too large (at most 2047M)`);
  const delay = Number(o.delay);
  if (!Number.isFinite(delay) || delay < 0.1 || delay > 3600) {
    throw new UsageError(`-d: '${o.delay}' is not a refresh interval in seconds (0.1 to 3600)`);
  }
  cfg.intervalMs = Math.round(delay * 1000);
  if (o.dumpDir !== undefined) cfg.dumpDir = o.dumpDir;
  cfg.report = o.report ?? null;
  cfg.top = parseIntIn(o.top, '--top', 1, 1_000_000);
  if (o.count !== undefined) cfg.count = parseIntIn(o.count, '-c', 1, Number.MAX_SAFE_INTEGER);
  if (o.duration !== undefined) {
    const d = Number(o.duration);
    if (!Number.isFinite(d) || d <= 0) throw new UsageError(`--duration: '${o.duration}' is not a number of seconds greater than 0`);
    cfg.durationSec = d;
  }
  cfg.names = o.names;
  if (o.listInterfaces) {
    cfg.mode = 'list';
  } else if (o.read !== undefined) {
    cfg.mode = 'file';
    cfg.file = o.read;
  } else {
    cfg.mode = 'live';
    cfg.iface = o.interface ?? null;
  }
  return cfg;
}
