/**
 * Live capture survives its interface going down and up (as tcpdump's does), tested on the
 * loopback of a private network namespace (unshare -n) so nothing else is touched.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ADDON = path.resolve(__dirname, '../../build/Release/nta_pcap.node');
const isRoot = process.getuid?.() === 0;
const haveUnshare = spawnSync('unshare', ['--version']).status === 0;

const CHILD = `
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
const b = createRequire(import.meta.url)(process.env.ADDON);
execFileSync('ip', ['link', 'set', 'lo', 'up']);
const h = b.openLive({ device: 'lo', snaplen: 65535, promisc: false, immediate: false, bufferSize: 0, timeoutMs: 50, filter: 'udp port 9999' });
const buf = Buffer.allocUnsafeSlow(1 << 20);
let n = 0, errors = 0;
h.startPoll((status) => { if (status < 0) errors++; let k; while ((k = h.readBatch(buf, 1024)) > 0) n += k; });
const tx = dgram.createSocket('udp4');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function burst(count) { for (let i = 0; i < count; i++) { tx.send(Buffer.alloc(32), 9999, '127.0.0.1'); await sleep(5); } await sleep(400); }
await burst(20);
const before = n;
execFileSync('ip', ['link', 'set', 'lo', 'down']);
await sleep(200);
execFileSync('ip', ['link', 'set', 'lo', 'up']);
await sleep(200);
await burst(20);
console.log(JSON.stringify({ before, after: n, errors }));
h.close(); tx.close();
`;

describe.skipIf(!isRoot || !haveUnshare)('live capture across an interface going down and up', () => {
  it('keeps capturing after the interface comes back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nta-netns-'));
    const script = path.join(dir, 'child.mjs');
    fs.writeFileSync(script, CHILD);
    try {
      const r = spawnSync('unshare', ['-n', process.execPath, script], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ADDON } });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
      expect(out.before).toBe(20);
      expect(out.after).toBe(40);
      expect(out.errors).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
