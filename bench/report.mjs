#!/usr/bin/env node
// Turns bench/cache/results-<mode>.json (written by bench/run.sh) into BENCH.md on standard output.
//
//   node bench/report.mjs RESULTS.json > BENCH.md
import fs from 'node:fs';
import { nodeFlags } from '../scripts/node-flags.mjs';

/** bin/nta-top's node flags (its shebang), which the scripts standing in for it ran with. */
const NODE_FLAGS = nodeFlags().join(' ');

const r = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const get = (k) => r[k];
const num = (k) => (typeof r[k] === 'number' ? r[k] : NaN);
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : 'n/a');
const kpps = (x) => (Number.isFinite(x) ? `${fmt(x / 1000, 0)} k` : 'n/a');
const mpps = (x) => (Number.isFinite(x) ? (x >= 1e6 ? `${fmt(x / 1e6, 2)} M` : `${fmt(x / 1000, 0)} k`) : 'n/a');
const verdict = (ok) => (ok === null ? 'n/a' : ok ? '**PASS**' : '**FAIL**');
const has = (prefix) => Object.keys(r).some((k) => k.startsWith(prefix));
const out = [];
const p = (s = '') => out.push(s);

const packets = num('capture.packets');
const mode = get('env.mode');

// ---- derived numbers
const pps = (key) => packets / num(`${key}.median_s`);
const off = {
  libpcap: pps('offline.libpcap'),
  tcpdump: pps('offline.tcpdump'),
  nta: pps('offline.nta'),
  ring: pps('offline.nta_ring'),
  tshark: pps('offline.tshark'),
};
// The capture three times over in one file (bench/run.sh step_offline_x3): whole-process rates.
const x3n = num('offline.x3.packets');
const x3 = (key) => x3n / num(`offline.x3.${key}.median_s`);
const hasX3 = Number.isFinite(x3n) && has('offline.x3.nta.');
function runs(prefix) {
  const out = [];
  for (let i = 1; r[`${prefix}.${i}.sent`] !== undefined; i++) out.push(i);
  return out;
}
function live(prefix) {
  const is = runs(prefix);
  const m = (f) => median(is.map((i) => num(`${prefix}.${i}.${f}`)));
  return {
    n: is.length,
    sent: m('sent'),
    sentPps: m('sent_pps'),
    captured: m('captured'),
    dropped: m('dropped'),
    ifDropped: m('if_dropped'),
    loss: m('loss_pct'),
    lossMax: Math.max(...is.map((i) => num(`${prefix}.${i}.loss_pct`))),
    cpu: m('cpu_us_per_packet'),
  };
}
const L = {
  headless: live('live.headless'),
  dashboard: live('live.dashboard'),
  exact: live('live.dash_exact'),
  tcpdump: live('live.tcpdump'),
  d300: live('live.dash300k'),
  headlessB2: live('live.headless_b2'),
  dashB2: live('live.dash_b2'),
  d300B2: live('live.dash300k_b2'),
};
const screen = get('screen.result') ?? {};
const screen200 = get('screen.result_200k_cap') ?? {};
const screen1m = get('screen.result_1m') ?? {};
const MiB = (kib) => kib / 1024;

// ---- header
p('# nta-top benchmark');
p();
p(`Written by \`npm run bench\` (bench/run.sh, ${mode} mode) on ${get('env.date')}. Reproduce: \`sudo npm run bench\` on a`);
p('fresh Debian 12 (the script installs what it lacks and caches the capture in bench/cache/); `npm run bench -- --quick` is');
p('the ~1 minute smoke test. Every number below comes from that one run; the commands are listed at the end.');
p();
if (mode === 'quick') {
  p('**Quick mode: a smoke test.** 150,000 packets and one run each: start-up and JIT warm-up dominate, so these numbers say');
  p('that every step works, not how fast nta-top is. Use the full run for the targets.');
  p();
}
p('## Machine and versions');
p();
p('| | |');
p('|---|---|');
p(`| CPU | ${get('env.cpu')}, nproc ${get('env.nproc')} |`);
p(`| memory | ${get('env.mem')} |`);
p(`| OS, kernel | ${get('env.os')}, Linux ${get('env.kernel')} |`);
for (const [k, n] of [['v.nta', 'nta-top'], ['v.node', 'node'], ['v.libpcap', 'libpcap'], ['v.tshark', 'tshark'], ['v.tcpdump', 'tcpdump'], ['v.tcpreplay', 'tcpreplay'], ['v.hyperfine', 'hyperfine']]) {
  p(`| ${n} | ${get(k)} |`);
}
p();

// ---- targets
const libRatio = off.libpcap / off.nta;
const tsharkRatio = off.nta / off.tshark;
const topPps = L.dashboard.sentPps;
const rssLive = MiB(num('live.dashboard.1.rss_kib'));
const rssDefault = MiB(num('memory.default.rss_kib'));
const rss1m = MiB(num('memory.ring1m.rss_kib'));
const targets = [
  [
    'offline ingest (decode + aggregate + ring) ≥ 4,000,000 packets/s, whole process',
    `\`nta-top -r --report json\`: ${mpps(off.nta)}pps; Engine with the default ring (bench/ingest.mjs): ${mpps(off.ring)}pps` +
      (hasX3
        ? `. The capture 3× over in one file (${fmt(x3n)} packets): ${mpps(x3('nta'))}pps and ${mpps(x3('nta_ring'))}pps (libpcap ${mpps(x3('libpcap'))}pps)`
        : ''),
    Number.isFinite(off.nta) ? off.nta >= 4e6 && off.ring >= 4e6 : null,
  ],
  ['… ≥ 30× tshark (`-z io,phs -z conv,ip`)', `${fmt(tsharkRatio, 1)}× (tshark ${mpps(off.tshark)}pps)`, Number.isFinite(tsharkRatio) ? tsharkRatio >= 30 : null],
  ['… within 2× of the libpcap read baseline', `libpcap is ${fmt(libRatio, 1)}× faster (${mpps(off.libpcap)}pps)`, Number.isFinite(libRatio) ? libRatio <= 2 : null],
  [
    `live: < 0.1% loss at tcpreplay's top speed here (${kpps(topPps)}pps) while the dashboard draws`,
    `nta-top in tmux: ${fmt(L.dashboard.loss, 3)}% lost (median of ${L.dashboard.n}, max ${fmt(L.dashboard.lossMax, 3)}%; kernel drops ${fmt(L.dashboard.dropped)} of ${fmt(L.dashboard.sent)}); bench/dash-live.mjs: ${fmt(L.exact.loss, 3)}%`,
    L.dashboard.n ? L.dashboard.loss < 0.1 && L.exact.loss < 0.1 : null,
  ],
  ['live: ≤ 0.6 µs of CPU per packet (dashboard, same runs)', `nta-top in tmux: ${fmt(L.dashboard.cpu, 2)} µs (bench/dash-live.mjs: ${fmt(L.exact.cpu, 2)} µs)`, L.dashboard.n ? L.exact.cpu <= 0.6 && L.dashboard.cpu <= 0.6 : null],
  ['live: drawing causes no capture loss up to 300 kpps', `${fmt(L.d300.loss, 3)}% lost at ${kpps(L.d300.sentPps)}pps (max of ${L.d300.n}: ${fmt(L.d300.lossMax, 3)}%)`, L.d300.n ? L.d300.lossMax === 0 : null],
  ['the screen answers a key within 100 ms while capture is saturated', `median ${fmt(num('live.keys.median_ms'))} ms, max ${fmt(num('live.keys.max_ms'))} ms`, has('live.keys.max_ms') ? num('live.keys.max_ms') <= 100 : null],
  [
    'lightness: at 1,000 packets/s the dashboard uses ≤ 2% of one core',
    `${fmt(num('live.light.cpu_pct'), 2)}% over ${get('live.light.seconds')} s, after ${get('live.light.warm_seconds')} s of warm-up (those first seconds: ${fmt(num('live.light.warm_cpu_pct'), 2)}%)`,
    has('live.light.cpu_pct') ? num('live.light.cpu_pct') <= 2 : null,
  ],
  [
    'a frame (snapshot + draw) ≤ 15 ms median with 100,000 talkers',
    `median ${fmt(screen.frameMsMedian, 1)} ms, p95 ${fmt(screen.frameMsP95, 1)} ms (snapshot alone ${fmt(screen.snapshotMsMedian, 1)} ms)`,
    Number.isFinite(screen.frameMsMedian) ? screen.frameMsMedian <= 15 : null,
  ],
  [
    'first frame ≤ 400 ms after start',
    `live ${fmt(num('screen.first_frame_live.exec_median_ms'))} ms, file ${fmt(num('screen.first_frame_file.exec_median_ms'))} ms (median, in tmux, from the exec of nta-top to the header reaching the terminal; from \`tmux new-session\`: ${fmt(num('screen.first_frame_live.median_ms'))} and ${fmt(num('screen.first_frame_file.median_ms'))} ms)`,
    has('screen.first_frame_live.exec_median_ms') ? Math.max(num('screen.first_frame_live.exec_median_ms'), num('screen.first_frame_file.exec_median_ms')) <= 400 : null,
  ],
  ['peak RSS ≤ ring budget + 100 MiB: default ring (64 MiB) → ≤ 164 MiB', `${fmt(rssDefault)} MiB`, Number.isFinite(rssDefault) ? rssDefault <= 164 : null],
  ['peak RSS ≤ ring budget + 100 MiB: 1,000,000 packets held (1 GiB ring) → ≤ 1,124 MiB', `${fmt(rss1m)} MiB`, Number.isFinite(rss1m) ? rss1m <= 1124 : null],
  ['… live: the dashboard after 1,000,000 packets at top speed, the 16 MiB kernel buffer counted → ≤ 164 MiB', `${fmt(rssLive)} MiB`, Number.isFinite(rssLive) ? rssLive <= 164 : null],
  ['… whatever the number of talkers: 100,000 talkers, full default ring → ≤ 164 MiB', `${fmt(screen.rssMiB)} MiB`, Number.isFinite(screen.rssMiB) ? screen.rssMiB <= 164 : null],
  ['… and 1,000,000 talkers (3,000,000 packets, the whole 64 MiB arena written) → ≤ 164 MiB', `${fmt(screen1m.rssMiB)} MiB`, Number.isFinite(screen1m.rssMiB) ? screen1m.rssMiB <= 164 : null],
];
p('## Targets (issue 4)');
p();
p('| target | measured | result |');
p('|---|---|---|');
for (const [t, m, ok] of targets) p(`| ${t} | ${m} | ${verdict(ok)} |`);
p();
const failed = targets.filter((t) => t[2] === false).length;
const passed = targets.filter((t) => t[2] === true).length;
p(`${passed} pass, ${failed} fail.`);
p();

// ---- capture
p('## The capture');
p();
const real = num('capture.real_packets');
const copies = num('capture.copies');
p(`\`${mode === 'quick' ? 'bench/cache/quick.pcap' : 'bench/cache/full.pcap'}\`: ${fmt(packets)} packets, ${fmt(num('capture.bytes') / 1048576, 0)} MiB, made on ${get('capture.date')} in ${get('capture.gen_seconds')} s of`);
p('real traffic between two network namespaces the script creates (one veth pair, TSO/GSO/GRO and tx checksum offload off, so');
p('frames are real size), captured by tcpdump on the server side. Servers: HTTP (Node, every response `Connection: close`), dnsmasq');
p('(authoritative for nta.test only), a TCP sink and a UDP echo on 4 IPv4 + 4 IPv6 addresses; clients on 200 IPv4 + 60 IPv6');
p('addresses drive short HTTP connections (80% v4), DNS queries (A/AAAA/MX/TXT/NXDOMAIN), small UDP datagrams, ping and');
p('ping -6 from rotating sources, and 4 MiB bulk TCP transfers (bench/traffic.mjs). Bounded: the client stops after its time,');
p('tcpdump after its count, and the namespaces are deleted on exit.');
p(
  copies > 1
    ? `**Repeated segments:** only ${fmt(real)} real packets were captured in time, so the file is ${copies} copies of that capture, each shifted in time to follow the previous one (editcap -t, mergecap -a), cut to ${fmt(packets)}.`
    : `All ${fmt(real)} packets are real (no repeated segments).`,
);
p();
const tp = get('offline.nta.transport_packets') ?? {};
const ipp = get('offline.nta.ip_packets') ?? {};
p('| mix (nta-top report) | |');
p('|---|---|');
p(`| transport packets | ${Object.entries(tp).map(([k, v]) => `${k} ${fmt(v)} (${fmt((100 * v) / packets, 1)}%)`).join(', ')} |`);
p(`| IP versions | IPv4 ${fmt(ipp.ipv4)}, IPv6 ${fmt(ipp.ipv6)} |`);
p(`| hosts, conversations | ${fmt(num('offline.nta.distinct_hosts'))} hosts (incl. ND multicast and link-local), ${fmt(num('offline.nta.distinct_conversations'))} conversations |`);
p(`| mean frame | ${fmt(num('offline.nta.bytes') / packets, 0)} bytes |`);
p();

// ---- offline
p('## Offline: reading the capture');
p();
p(`hyperfine, ${get('offline.nta.runs')} runs after 1 warm-up (tshark: ${get('offline.tshark.runs')} runs), file in the page cache; packets/s = ${fmt(packets)} / median wall time.`);
p();
p('| reader | command | median s | min–max s | user + sys s | packets/s | vs nta-top |');
p('|---|---|---|---|---|---|---|');
for (const [key, name] of [
  ['offline.libpcap', 'libpcap baseline'],
  ['offline.tcpdump', 'tcpdump -w /dev/null'],
  ['offline.nta', 'nta-top --report json'],
  ['offline.nta_ring', 'nta-top Engine + default ring'],
  ['offline.tshark', 'tshark phs + conv'],
]) {
  const x = pps(key);
  p(
    `| ${name} | \`${get(`${key}.cmd`)}\` | ${fmt(num(`${key}.median_s`), 3)} | ${fmt(num(`${key}.min_s`), 3)}–${fmt(num(`${key}.max_s`), 3)} | ${fmt(num(`${key}.user_s`) + num(`${key}.system_s`), 3)} | ${mpps(x)} | ${fmt(x / off.nta, 2)}× |`,
  );
}
p();
if (hasX3) {
  p(`Start-up against length: the same readers on the capture three times over in one file (${fmt(x3n)} packets, each copy shifted in`);
  p("time to follow the previous one: editcap -t, mergecap -a; made in the run's temporary directory and deleted after it). Node's start,");
  p("the bundle's load and V8's JIT warm-up are paid once per process, so they weigh less in the longer file. The copies repeat the first");
  p("one's hosts, conversations and DNS names, so after the first copy the tables only count (no row is added).");
  p();
  p('| reader | median s, 1× | packets/s, 1× | median s, 3× | packets/s, 3× |');
  p('|---|---|---|---|---|');
  for (const [key, name] of [
    ['libpcap', 'libpcap baseline'],
    ['nta', 'nta-top --report json'],
    ['nta_ring', 'nta-top Engine + default ring'],
  ]) {
    p(`| ${name} | ${fmt(num(`offline.${key}.median_s`), 3)} | ${mpps(pps(`offline.${key}`))} | ${fmt(num(`offline.x3.${key}.median_s`), 3)} | ${mpps(x3(key))} |`);
  }
  p();
}
p(`Bare \`node -e 0\` in the same run: ${fmt(num('offline.node.median_s') * 1000)} ms median (the floor under every nta-top number here; this VM's`);
p('speed drifts by up to ±30% between runs, so compare rows of one run, not runs).');
p();
p(`Peak RSS of \`nta-top --report json\`: ${fmt(MiB(num('offline.nta.rss_kib')))} MiB. The headless report keeps a 1-packet ring; the`);
p(`"Engine + default ring" row is \`bench/ingest.mjs engine-ring\` (the dashboard's 100,000-packet / 64 MiB ring), whole process. Scripts that stand in for bin/nta-top run with its node flags (from its shebang: \`${NODE_FLAGS}\`).`);
p();
p("nta-top's stages in process (bench/ingest.mjs; the first three rows each add to the row above, the two Engine rows add the");
p('ring copy and the Engine\'s own per-packet work to "+ Aggregator.ingest"; the first four walk the batches where the binding\'s thread read');
p('them, as --report does, the ring row has the records converted into the ring\'s windows, as the dashboard does; median of the passes in one process, the first pass');
p('separately because it pays for JIT warm-up):');
p();
p('| stage | median s | first pass s | packets/s (median) | added µs/packet |');
p('|---|---|---|---|---|');
let prev = 0;
for (const [k, name] of [
  ['stage.read', 'read: the binding\'s thread (pread) + JS record loop, in place'],
  ['stage.decode', '+ decodePacket'],
  ['stage.aggregate', '+ Aggregator.ingest'],
  ['stage.engine-headless', 'Engine, 1-packet ring (as --report)'],
  ['stage.engine-ring', 'Engine, default ring (as the dashboard)'],
]) {
  const s = get(k);
  if (!s) continue;
  const m = median(s.seconds);
  const per = (1e6 * m) / s.packets;
  p(`| ${name} | ${fmt(m, 3)} | ${fmt(s.seconds[0], 3)} | ${mpps(s.packets / m)} | ${fmt(per - (k === 'stage.engine-ring' ? median(get('stage.aggregate').seconds) * 1e6 / s.packets : prev), 3)} |`);
  if (k !== 'stage.engine-ring') prev = per;
}
p();
for (const [k, title] of [
  ['profile.report', '`node --cpu-prof bin/nta-top -r FILE --report json`'],
  ['profile.ring', '`node --cpu-prof bench/ingest.mjs engine-ring FILE 1`'],
]) {
  const pr = get(k);
  if (!pr) continue;
  p(`Self time, ${title} (${fmt(pr.totalMs)} ms sampled; dist/ lines, same names as src/; \`readBatch\`/\`readInto\` include the native`);
  p('wait for the read-ahead thread and the records\' copy into the ring window, which V8 charges to the JS caller):');
  p();
  p('| function | where | self ms | % |');
  p('|---|---|---|---|');
  for (const f of pr.functions.slice(0, 12)) p(`| ${f.name} | ${f.where} | ${fmt(f.selfMs, 1)} | ${fmt(f.pct, 1)} |`);
  p();
}

// ---- live
p('## Live: tcpreplay onto a veth pair');
p();
p('Two namespaces made for the run, joined by one veth pair (no addresses, IPv6 off, offloads off, so the replayed frames are');
p(`the only ones). \`tcpreplay -K --topspeed\` sends the whole capture from one side; the tool under test captures on the other`);
p('with its default options (nta-top: 16 MiB kernel buffer; tcpdump: 2 MiB). captured = what the tool counted; loss = (sent − captured) / sent; kernel drops');
p('from pcap_stats; CPU = utime + stime from /proc/PID/stat between "socket open" (dashboard rows: its first frame in the pane + 0.5 s, so start-up is not charged to packets) and 1.5–2.3 s after the replay ended (the');
p(`dashboard rows include its redraws), divided by packets captured. Medians of ${L.exact.n} run(s); both CPUs are shared with tcpreplay.`);
p();
p('| tool | sent | sent pps | captured | loss % | kernel drops | CPU µs/packet |');
p('|---|---|---|---|---|---|---|');
for (const [x, name] of [
  [L.headless, 'nta-top --report json (headless)'],
  [L.dashboard, 'nta-top dashboard in tmux (counts from its exit summary)'],
  [L.exact, 'nta-top dashboard in tmux, exact counts (bench/dash-live.mjs)'],
  [L.tcpdump, 'tcpdump -w /dev/null'],
  [L.d300, 'dashboard (dash-live.mjs), tcpreplay --pps 300000'],
  [L.headlessB2, 'nta-top --report json **-B 2048** (tcpdump\'s 2 MiB kernel buffer)'],
  [L.dashB2, 'dashboard (dash-live.mjs) with a **2 MiB** kernel buffer'],
  [L.d300B2, 'dashboard (dash-live.mjs), --pps 300000, **2 MiB** kernel buffer'],
]) {
  if (!x.n) continue;
  p(`| ${name} | ${fmt(x.sent)} | ${kpps(x.sentPps)} | ${fmt(x.captured)} | ${fmt(x.loss, 3)} | ${fmt(x.dropped)} | ${fmt(x.cpu, 3)} |`);
}
p();
if (has('live.dashboard.1.header')) p(`Header of the real dashboard after run 1: \`${String(get('live.dashboard.1.header')).trim()}\``);
p();
p(`Key latency (Space → PAUSED shown or cleared in the pane, polled with tmux capture-pane) during a 3× top-speed replay: ${get('live.keys.ms') ?? 'n/a'} ms.`);
p(`Lightness: CPU of the real dashboard while tcpreplay sends 1,000 packets/s: ${fmt(num('live.light.warm_cpu_pct'), 2)}% of one core in the first`);
p(`${get('live.light.warm_seconds')} s after start (JIT compiles, the first major GC), then ${fmt(num('live.light.cpu_pct'), 2)}% over the next ${get('live.light.seconds')} s.`);
p();
p('The product cannot yet report exact counts from the dashboard (the header rounds to 3 digits): bench/dash-live.mjs wires');
p('Capture, Engine and runDashboard exactly as src/main.ts does and writes the exact count, pcap_stats and its CPU time on SIGTERM.');
p();

// ---- screen
p('## Screen');
p();
p(`\`${get('screen.cmd')}\`: the real Engine and dashboard on a fake 120x40 terminal. ${fmt(screen.talkersFed)} distinct IPv4 sources,`);
p(`${fmt(screen.packetsIngested)} packets (ring ${fmt(screen.ringPackets)} = full); before each of ${screen.frames} frames 2,000 more packets arrive. A frame is what`);
p("the dashboard's timer does (takeSnapshot + draw + screen.render + the write to the terminal).");
p();
p('| talker cap per family | talkers held | evicted | snapshot ms median / p95 | frame ms median / p95 | peak RSS MiB |');
p('|---|---|---|---|---|---|');
for (const [s, name] of [
  [screen, 'default (65,536)'],
  [screen200, '200,000 (NTA_BENCH_MAX_TALKERS)'],
  [screen1m, 'default, 1,000,000 sources fed (10 frames)'],
]) {
  if (!Number.isFinite(s.frameMsMedian)) continue;
  p(`| ${name} | ${fmt(s.talkersHeld)} | ${fmt(s.talkersEvicted)} | ${fmt(s.snapshotMsMedian, 1)} / ${fmt(s.snapshotMsP95, 1)} | ${fmt(s.frameMsMedian, 1)} / ${fmt(s.frameMsP95, 1)} | ${fmt(s.rssMiB)} |`);
}
p();
if (screen.memoryMiB) {
  const m = screen.memoryMiB;
  p(`Memory at the end of the default-cap run (process.memoryUsage, MiB): rss ${m.rss}, V8 heap ${m.heapUsed} used of ${m.heapTotal}, array buffers ${m.arrayBuffers} allocated (the two 64 MiB ring arenas, mostly untouched, count here but not in rss).`);
  p();
}
p(`First frame, real binary in tmux, each run with a tmux server of its own in control mode (\`tmux -C\`), whose %output lines carry what the pane writes as it writes it; the`);
p(`time is taken when the header (" pkts ") arrives there. From the pane shell's exec of the program: live capture ${get('screen.first_frame_live.exec_ms') ?? 'n/a'} ms;`);
p(`\`-r\` of the capture ${get('screen.first_frame_file.exec_ms') ?? 'n/a'} ms. From \`tmux new-session\` (tmux's start added): ${get('screen.first_frame_live.ms') ?? 'n/a'} and ${get('screen.first_frame_file.ms') ?? 'n/a'} ms;`);
p(`a shell that prints a header at once: ${get('screen.first_frame_tmux.ms') ?? 'n/a'} ms from \`tmux new-session\`, ${get('screen.first_frame_tmux.exec_ms') ?? 'n/a'} from its exec. (Until 2026-12-07 this was polled with`);
p(`\`tmux capture-pane\` in a loop, which took most of a core of this 2-core machine from the program it timed: +100-150 ms.) In process (fake TTY, from process start`);
p(`to the first frame written): ${fmt(screen.firstFrameMs)} ms.`);
p();

// ---- memory
p('## Memory');
p();
p('| run | peak RSS (VmHWM) | budget + 100 MiB | time to EOF | header at EOF |');
p('|---|---|---|---|---|');
for (const [k, budget] of [
  ['memory.default', 164],
  ['memory.ring1m', 1124],
]) {
  if (!has(k)) continue;
  p(`| \`${get(`${k}.cmd`)}\` | ${fmt(MiB(num(`${k}.rss_kib`)))} MiB | ${fmt(budget)} MiB | ${get(`${k}.eof_s`)} s | \`${String(get(`${k}.header`) ?? '').trim()}\` |`);
}
const r1m = get('memory.ring1m_inprocess');
if (r1m) p(`| \`node ${NODE_FLAGS} bench/ingest.mjs ring-1m FILE 1\` (Engine only, no screen) | ${fmt(r1m.rssMiB)} MiB | 1,124 MiB | ${fmt(r1m.seconds[0], 2)} s | |`);
p(`| \`nta-top -r FILE --report json\` | ${fmt(MiB(num('offline.nta.rss_kib')))} MiB | | | |`);
p(`| 100,000 talkers + full default ring (screen step) | ${fmt(screen.rssMiB)} MiB | 164 MiB | | |`);
if (Number.isFinite(screen1m.rssMiB)) p(`| 1,000,000 talkers + full default ring (screen step) | ${fmt(screen1m.rssMiB)} MiB | 164 MiB | | |`);
p();

// ---- commands
p('## Commands');
p();
p('```sh');
p('sudo npm run bench                 # = bash bench/run.sh; --quick, --regen, --only capture,offline,live,screen,memory');
for (const k of ['offline.libpcap.cmd', 'offline.tcpdump.cmd', 'offline.nta.cmd', 'offline.nta_ring.cmd', 'offline.tshark.cmd', 'offline.x3.libpcap.cmd', 'offline.x3.nta.cmd', 'offline.x3.nta_ring.cmd']) if (get(k)) p(`hyperfine -N --warmup 1 --runs N '${get(k)}'`);
for (const k of ['live.replay.cmd', 'live.headless.cmd', 'live.dashboard.cmd', 'live.dash_exact.cmd', 'live.tcpdump.cmd']) if (get(k)) p(get(k));
p('ip netns exec NS tcpreplay -K --pps 300000 -L 600000 -i VETH FILE     # 300 kpps; --pps 1000 for lightness');
p(get('screen.cmd') ?? '');
p('NTA_BENCH_MAX_TALKERS=200000 ' + (get('screen.cmd') ?? ''));
for (const k of ['memory.default.cmd', 'memory.ring1m.cmd']) if (get(k)) p(get(k));
p('```');
process.stdout.write(out.join('\n') + '\n');
