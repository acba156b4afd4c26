/**
 * Bounded loopback traffic for live tests: UDP datagrams and short TCP connections to sockets
 * this process opens on 127.0.0.1. Stops by itself after `maxMs` or `stop()`.
 */
import dgram from 'node:dgram';
import net from 'node:net';

export interface Traffic {
  udpPort: number;
  tcpPort: number;
  sentUdp: () => number;
  stop: () => Promise<void>;
}

export async function startLoopbackTraffic(opts: { udpPerSec?: number; tcpPerSec?: number; maxMs?: number } = {}): Promise<Traffic> {
  const udpPerSec = opts.udpPerSec ?? 50;
  const tcpPerSec = opts.tcpPerSec ?? 5;
  const maxMs = opts.maxMs ?? 60_000;
  const rx = dgram.createSocket('udp4');
  await new Promise<void>((r) => rx.bind(0, '127.0.0.1', () => r()));
  rx.on('message', () => {});
  const server = net.createServer((s) => {
    s.on('data', () => s.end('pong'));
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const udpPort = rx.address().port;
  const tcpPort = (server.address() as net.AddressInfo).port;
  const tx = dgram.createSocket('udp4');
  let sent = 0;
  const udpTimer = setInterval(() => {
    tx.send(Buffer.alloc(64, 0x61), udpPort, '127.0.0.1');
    sent++;
  }, Math.max(1, Math.floor(1000 / udpPerSec)));
  const tcpTimer = setInterval(() => {
    const c = net.connect(tcpPort, '127.0.0.1', () => c.write('ping'));
    c.on('data', () => c.end());
    c.on('error', () => {});
  }, Math.max(1, Math.floor(1000 / tcpPerSec)));
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    clearInterval(udpTimer);
    clearInterval(tcpTimer);
    clearTimeout(guard);
    tx.close();
    rx.close();
    await new Promise<void>((r) => server.close(() => r()));
  };
  const guard = setTimeout(() => void stop(), maxMs);
  return { udpPort, tcpPort, sentUdp: () => sent, stop };
}
