import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import path from 'node:path';

const ADDON = path.resolve(__dirname, '../../build/Release/nta_pcap.node');
const FILE = path.resolve(__dirname, '../../../shared/corpus/captures/zeek-echo-connections.pcap');

describe('native binding in worker threads', () => {
  it('loads and reads a file in two workers at once, and the workers exit cleanly', async () => {
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const b = require(workerData.addon);
      const h = b.openOffline(workerData.file, { filter: '' });
      const buf = Buffer.allocUnsafeSlow(1 << 20);
      let n = 0, k;
      while ((k = h.readBatch(buf, 4096)) >= 0) n += k;
      h.close();
      parentPort.postMessage({ n, linktype: 1 });
    `;
    const run = () =>
      new Promise<{ n: number; exit: number }>((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: { addon: ADDON, file: FILE } });
        let n = -1;
        w.on('message', (m: { n: number }) => (n = m.n));
        w.on('error', reject);
        w.on('exit', (exit) => resolve({ n, exit }));
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a).toEqual({ n: 82582, exit: 0 });
    expect(b).toEqual({ n: 82582, exit: 0 });
  });
});
