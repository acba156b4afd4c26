/** Live headless reports on lo: -c, --duration and SIGTERM all end the capture and print the report. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startLoopbackTraffic, type Traffic } from '../helpers/traffic.js';

const BIN = path.resolve(__dirname, '../../bin/nta-top');
const isRoot = process.getuid?.() === 0;

function run(args: string[], opts: { killAfterMs?: number } = {}): Promise<{ status: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const guard = setTimeout(() => p.kill('SIGKILL'), 20_000);
    if (opts.killAfterMs) setTimeout(() => p.kill('SIGTERM'), opts.killAfterMs);
    p.on('close', (status) => {
      clearTimeout(guard);
      resolve({ status, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

describe.skipIf(!isRoot)('live --report on lo', () => {
  let traffic: Traffic;
  beforeAll(async () => {
    traffic = await startLoopbackTraffic({ udpPerSec: 100, tcpPerSec: 2, maxMs: 60_000 });
  });
  afterAll(async () => {
    await traffic?.stop();
  });

  it('-c COUNT: exactly COUNT packets, then the report with pcap_stats', async () => {
    const r = await run(['-i', 'lo', '--report', 'json', '-c', '25', `udp port ${traffic.udpPort}`]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.packets).toBe(25);
    expect(j.transport_packets.udp).toBe(25);
    expect(j.top_hosts[0]).toMatchObject({ host: '127.0.0.1', packets: 25 });
    expect(j.received).toBeGreaterThanOrEqual(25);
    expect(j.dropped).toBe(0);
    expect(typeof j.if_dropped).toBe('number');
  });

  it('--duration SECONDS ends the capture on time', async () => {
    const r = await run(['-i', 'lo', '--report', 'json', '--duration', '1.5', `udp port ${traffic.udpPort}`]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.ms).toBeGreaterThanOrEqual(1400);
    expect(r.ms).toBeLessThan(8000);
    const j = JSON.parse(r.stdout);
    expect(j.packets).toBeGreaterThan(20);
    expect(j.pps.length).toBeGreaterThanOrEqual(1);
  });

  it('SIGTERM ends the capture and still prints the report', async () => {
    const r = await run(['-i', 'lo', '--report', 'text', `udp port ${traffic.udpPort}`], { killAfterMs: 1500 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Packets\s+\d+/);
  });
});
