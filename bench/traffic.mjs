#!/usr/bin/env node
// Traffic for the benchmark capture: the server and client halves, each run by bench/run.sh inside
// a network namespace it created (never anywhere else). No dependencies beyond Node itself.
//
//   node bench/traffic.mjs server --v4 A,B --v6 A,B                  (runs until SIGTERM)
//   node bench/traffic.mjs client --servers4 A,B --servers6 A,B --src4 FILE --src6 FILE
//        --seconds N [--scale F]
//
// server: HTTP on [::]:8080 (every response is "Connection: close"), a TCP sink on [::]:9000 and a
//   UDP echo on [::]:9001. DNS is dnsmasq's (started by run.sh), not ours.
// client: for N seconds (hard bound), from many source addresses (one per talker, bound with
//   localAddress), drives a realistic mix:
//   * short HTTP connections (SYN, GET, response, FIN) from a pool of concurrent loops, 80% IPv4;
//   * DNS queries (A, AAAA, MX, TXT, NXDOMAIN) to dnsmasq over UDP, v4 and v6;
//   * small UDP datagrams (20-200 bytes) answered by the echo;
//   * ICMP / ICMPv6 echo from rotating sources (ping -i 0.002, each bounded by -c and -w);
//   * bulk TCP: 4 MiB transfers to the sink, one at a time, with pauses between them.
// Only the addresses given on the command line are contacted. Every timer and loop checks the
// deadline; the process exits by itself at N seconds + 2 s whatever happens.
import http from 'node:http';
import net from 'node:net';
import dgram from 'node:dgram';
import fs from 'node:fs';
import { spawn } from 'node:child_process';

const argv = process.argv.slice(2);
const mode = argv[0];
function opt(name, def) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : def;
}
const list = (s) => (s ? s.split(',').filter(Boolean) : []);
const pick = (a) => a[(Math.random() * a.length) | 0];

if (mode === 'server') runServer();
else if (mode === 'client') runClient();
else {
  process.stderr.write('usage: traffic.mjs server|client [options] (see the header of this file)\n');
  process.exit(2);
}

function runServer() {
  const small = Buffer.alloc(300, 'a');
  const medium = Buffer.alloc(6000, 'b');
  const page = Buffer.from('<html><body>nta-top bench page</body></html>\n');
  const srv = http.createServer((req, res) => {
    const u = req.url ?? '/';
    req.resume();
    if (u.startsWith('/m')) res.writeHead(200, { 'content-type': 'application/octet-stream', connection: 'close' }).end(medium);
    else if (u.startsWith('/s')) res.writeHead(200, { 'content-type': 'application/octet-stream', connection: 'close' }).end(small);
    else if (u === '/') res.writeHead(200, { 'content-type': 'text/html', connection: 'close' }).end(page);
    else res.writeHead(404, { connection: 'close' }).end('not found\n');
  });
  srv.keepAliveTimeout = 1;
  srv.listen({ port: 8080, host: '::', backlog: 4096 });
  net.createServer((s) => {
    s.on('data', () => {});
    s.on('error', () => {});
  }).listen({ port: 9000, host: '::', backlog: 256 });
  for (const type of ['udp4', 'udp6']) {
    const u = dgram.createSocket({ type, ipv6Only: type === 'udp6' });
    u.on('message', (m, r) => u.send(m.subarray(0, Math.min(m.length, 64)), r.port, r.address));
    u.on('error', () => {});
    u.bind(9001, type === 'udp4' ? '0.0.0.0' : '::');
  }
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stderr.write('traffic server ready\n');
}

function runClient() {
  const servers4 = list(opt('servers4'));
  const servers6 = list(opt('servers6'));
  const src4 = fs.readFileSync(opt('src4'), 'utf8').split(/\s+/).filter(Boolean);
  const src6 = fs.readFileSync(opt('src6'), 'utf8').split(/\s+/).filter(Boolean);
  const seconds = Number(opt('seconds', '60'));
  const scale = Number(opt('scale', '1'));
  const deadline = Date.now() + seconds * 1000;
  const live = () => Date.now() < deadline;
  setTimeout(() => process.exit(0), seconds * 1000 + 2000).unref();
  const counts = { http: 0, httpErr: 0, dns: 0, udp: 0, ping: 0, bulk: 0 };

  // ---- short HTTP connections
  const paths = ['/', '/s1', '/s2', '/m1', '/missing', '/s3', '/'];
  const httpLoops = Math.max(1, Math.round(24 * scale));
  for (let i = 0; i < httpLoops; i++) {
    const loop = () => {
      if (!live()) return;
      const v6 = Math.random() < 0.2;
      const host = v6 ? pick(servers6) : pick(servers4);
      const req = http.request(
        { host, port: 8080, path: pick(paths), method: Math.random() < 0.1 ? 'HEAD' : 'GET', agent: false, localAddress: v6 ? pick(src6) : pick(src4), headers: { connection: 'close', 'user-agent': 'nta-bench/1' } },
        (res) => {
          res.resume();
          res.on('end', () => {
            counts.http++;
            setImmediate(loop);
          });
        },
      );
      req.setTimeout(3000, () => req.destroy());
      req.on('error', () => {
        counts.httpErr++;
        setTimeout(loop, 50);
      });
      req.end();
    };
    setTimeout(loop, i * 5);
  }

  // ---- DNS and small UDP: sockets bound per source address, made lazily, at most one per address
  const socks = new Map();
  const sockFor = (addr) => {
    let s = socks.get(addr);
    if (!s) {
      s = dgram.createSocket(addr.includes(':') ? 'udp6' : 'udp4');
      s.on('message', () => {});
      s.on('error', () => {});
      s.bind(0, addr);
      socks.set(addr, s);
    }
    return s;
  };
  const names = [
    ['www.nta.test', 1], ['www.nta.test', 28], ['nta.test', 15], ['nta.test', 16], ['alias.nta.test', 1],
    ['srv.nta.test', 1], ['mail.nta.test', 1], ['api.nta.test', 28], ['cdn.nta.test', 1],
  ];
  let qid = 1;
  const dnsQuery = (name, type) => {
    const labels = name.split('.');
    const parts = [Buffer.from([qid >> 8 & 255, qid & 255, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0])];
    qid = (qid + 1) & 0xffff;
    for (const l of labels) parts.push(Buffer.from([l.length]), Buffer.from(l));
    parts.push(Buffer.from([0, type >> 8, type & 255, 0, 1]));
    return Buffer.concat(parts);
  };
  const TICK_MS = 10;
  const dnsPerTick = Math.max(1, Math.round(12 * scale));
  const udpPerTick = Math.max(1, Math.round(16 * scale));
  const tick = setInterval(() => {
    if (!live()) return clearInterval(tick);
    for (let i = 0; i < dnsPerTick; i++) {
      const v6 = Math.random() < 0.25;
      const s = sockFor(v6 ? pick(src6) : pick(src4));
      const [n, t] = Math.random() < 0.15 ? [`nx${(Math.random() * 1e6) | 0}.nta.test`, 1] : pick(names);
      s.send(dnsQuery(n, t), 53, v6 ? pick(servers6) : pick(servers4));
      counts.dns++;
    }
    for (let i = 0; i < udpPerTick; i++) {
      const v6 = Math.random() < 0.2;
      const s = sockFor(v6 ? pick(src6) : pick(src4));
      s.send(Buffer.alloc(20 + ((Math.random() * 180) | 0), 0x55), 9001, v6 ? pick(servers6) : pick(servers4));
      counts.udp++;
    }
  }, TICK_MS);

  // ---- ICMP: a few pings at a time from rotating sources, each bounded by count and deadline
  const pingers = Math.max(1, Math.round(3 * scale));
  for (let i = 0; i < pingers; i++) {
    const once = () => {
      const left = Math.floor((deadline - Date.now()) / 1000);
      if (left < 1) return;
      const v6 = i === 0;
      const args = [...(v6 ? ['-6'] : []), '-n', '-q', '-i', '0.002', '-c', '600', '-w', String(Math.min(3, left)), '-I', v6 ? pick(src6) : pick(src4), v6 ? pick(servers6) : pick(servers4)];
      const p = spawn('ping', args, { stdio: 'ignore' });
      counts.ping++;
      p.on('exit', () => setTimeout(once, 100));
      p.on('error', () => {});
    };
    setTimeout(once, i * 300);
  }

  // ---- bulk TCP: one 4 MiB transfer at a time, a pause between
  const chunk = Buffer.alloc(64 * 1024, 0x42);
  const bulkBytes = 4 * 1024 * 1024;
  const bulkPauseMs = Math.round(400 / Math.max(scale, 0.1));
  const bulk = () => {
    if (!live()) return;
    const v6 = Math.random() < 0.3;
    const s = net.connect({ host: v6 ? pick(servers6) : pick(servers4), port: 9000, localAddress: v6 ? pick(src6) : pick(src4) });
    let sent = 0;
    const pump = () => {
      while (sent < bulkBytes && live()) {
        sent += chunk.length;
        if (!s.write(chunk)) return;
      }
      s.end();
    };
    s.on('connect', pump);
    s.on('drain', pump);
    s.on('error', () => {});
    s.on('close', () => {
      counts.bulk++;
      setTimeout(bulk, bulkPauseMs);
    });
  };
  setTimeout(bulk, 200);

  const done = setInterval(() => {
    if (live()) return;
    clearInterval(done);
    process.stderr.write(`traffic client done: ${JSON.stringify(counts)}\n`);
    setTimeout(() => process.exit(0), 300);
  }, 200);
  process.on('SIGTERM', () => {
    process.stderr.write(`traffic client stopped: ${JSON.stringify(counts)}\n`);
    process.exit(0);
  });
}
