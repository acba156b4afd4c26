#!/usr/bin/env node
// The dashboard on a live interface, wired exactly as src/main.ts wires it (Capture.openLive with
// the CLI defaults, Engine with the default ring, runDashboard on this terminal, 1 s refresh), plus
// what the product cannot tell yet: on SIGTERM it writes the exact packet count, pcap_stats and
// its own CPU time to OUT.json, then quits. bench/run.sh runs it in tmux (-L bench) to measure
// capture loss while the screen draws (the header shows counts rounded to 3 digits).
//
//   node bench/dash-live.mjs IFACE OUT.json [BUFFER_KIB]    (BUFFER_KIB: as nta-top -B; default nta-top's)
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Capture } from '../dist/capture/pcap.js';
import { Engine } from '../dist/engine.js';
import { runDashboard } from '../dist/ui/app.js';
import { DEFAULT_BUFFER_KIB } from '../dist/cli.js';
const tp = process.env.NTA_TRACE ? await import(process.env.NTA_TRACE) : null;

const [device, out, bufferKib] = process.argv.slice(2);
if (!device || !out) {
  process.stderr.write('usage: dash-live.mjs IFACE OUT.json [BUFFER_KIB]\n');
  process.exit(2);
}
const capture = Capture.openLive({ device, snaplen: 262144, promisc: true, bufferSizeBytes: (bufferKib ? Number(bufferKib) : DEFAULT_BUFFER_KIB) * 1024, filter: '' });
const engine = new Engine(capture, { ringPackets: 100_000, ringBytes: 64 * 1024 * 1024, dumpDir: '/tmp', limit: 0 });
const loop = monitorEventLoopDelay({ resolution: 5 });
// Stalls after start-up (the first frame and JIT are not capture time): from the first packet on.
setTimeout(() => { loop.reset(); loop.enable(); }, 1500);
const dash = runDashboard(engine, { intervalMs: 1000, names: true });
let finished = false;
const finish = () => {
  if (finished) return;
  finished = true;
  const stats = capture.stats();
  const cpu = process.cpuUsage();
  fs.writeFileSync(out, JSON.stringify({ packets: engine.packetsSeen, stats, cpuUserUs: cpu.user, cpuSystemUs: cpu.system, trace: tp?.trace, loopDelayMs: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 } }) + '\n');
  dash.stop();
};
process.on('SIGTERM', finish);
process.on('SIGINT', finish);
engine.start();
await dash.done;
finish();
engine.stop();
process.exit(0);
