#!/usr/bin/env node
// Writes dist/bundle/nta-top.cjs.v8cache (see bin/bundle-loader.cjs): loads the freshly built
// bundle without a cache, runs `--report json` and `--report text` over a few of the repository's
// fixtures (Ethernet with DNS, HTTP, VLAN and MPLS, QUIC, IPv6, GRE: the decoders and the
// aggregator a capture file or the first live packets use), then saves the bytecode V8 compiled
// for all of it. Run by scripts/bundle.mjs under bin/nta-top's node flags, which discards its
// output (the reports are written to fd 1 directly, see src/headless.ts). Exits non-zero when
// something failed (the bundle then goes without a cache).
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { BUNDLE, loadBundle, produceCodeCache } = require('../bin/bundle-loader.cjs');
const root = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = [
  'zeek-http-vlan-0.pcap',
  'zeek-mixed-vlan-mpls.pcap',
  'derived-dns-hostile.pcap',
  'tcpdump-quic_handshake.pcap',
  'zeek-ipv6-fragmented-dns.pcap',
  'tcpdump-various_gre.pcap',
].map((f) => `${root}/fixtures/${f}`).filter((f) => existsSync(f));

const loaded = loadBundle({ useCache: false });
for (const f of FIXTURES) {
  for (const report of ['json', 'text']) {
    const code = await loaded.exports.run(['-r', f, '--report', report]);
    if (code !== 0) throw new Error(`nta-top -r ${f} --report ${report} exited ${code}`);
  }
}
produceCodeCache(loaded, `${BUNDLE}.v8cache`);
