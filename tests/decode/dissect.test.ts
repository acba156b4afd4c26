/**
 * dissect(): the detail pane's layer tree. For the frames of dissect-frames.json (every link type,
 * tunnel and application it knows, plus cut and malformed ones) every field must carry the name
 * and the byte range tshark 4.0.17 gives it (golden/dissect-tshark.json, from
 * make-dissect-oracle.py), the protocol stack must follow tshark's, and the whole tree is compared
 * with a committed text dump (golden/dissect.txt; `UPDATE_GOLDEN=1` rewrites it, then read the diff).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/capture/frame.js';
import { dissect, formatIpv4 } from '../../src/decode/index.js';
import type { PacketDetail } from '../../src/decode/packet.js';
import { PacketStatus } from '../../src/decode/packet.js';
import { eth, frame, ipv4, tcp } from './build.js';
import { DISSECT_FRAMES, loadNamed, TSHARK_TREES } from './dissect-compare.js';
import { GOLDEN_DIR } from './fixtures.js';

/**
 * Fields nta-top shows where tshark shows something else, with the reason. Any other field must
 * match tshark's name and byte range exactly.
 */
const OWN_FIELDS: Record<string, string> = {
  'data.data': 'payload tshark dissects further (NBNS, PPP LCP, ICMP echo timestamps) is plain Data here',
  'data.len': 'as data.data',
  'tls.segment.data': 'a segment that continues a TLS record: tshark (no reassembly) shows nothing',
  'quic.remaining_payload': 'tshark decrypts QUIC Initial packets; nta-top shows the protected payload',
  'quic.padding_length': 'tshark shows the padding after decrypting; here the bytes after the last packet',
  'http.file_data': 'tshark puts the body in a de-chunked buffer of its own; here the bytes in the frame',
};

/** Protocols tshark names that nta-top does not list (encapsulation markers, generic data). */
const SKIP_PROTOCOLS = new Set(['frame', 'data', 'ethertype', 'raw', '_ws.malformed', '_ws.short', '_ws.unreassembled', '_ws.expert', 'pcap_pktdata', 'wlan_radio']);
/** Frames whose protocol list differs, with the reason. */
const OWN_STACKS: Record<string, string> = {
  'zeek-ipv6-hbh-routing0.pcap#1': 'a 3-byte DNS payload: tshark throws before listing dns, nta-top shows dns then the malformation',
};

function all(): { name: string; n: number; f: Frame; d: PacketDetail }[] {
  const out: { name: string; n: number; f: Frame; d: PacketDetail }[] = [];
  for (const [name, numbers] of DISSECT_FRAMES) {
    const frames = loadNamed(name);
    for (const n of numbers) out.push({ name, n, f: frames[n - 1], d: dissect(frames[n - 1], n) });
  }
  return out;
}

const CASES = all();

/** The text dump of one tree: a header, then one line per layer and per field. */
function dump(name: string, n: number, d: PacketDetail): string {
  const lines = [`== ${name} #${n} status=${d.status} caplen=${d.caplen} len=${d.origLen} linktype=${d.linktype}`];
  for (const l of d.layers) {
    lines.push(`[${l.proto}] ${l.title} [${l.start},${l.end})`);
    for (const f of l.fields) lines.push(`    ${f.name} = ${f.value} [${f.start},${f.end})`);
  }
  return lines.join('\n');
}

describe('dissect agrees with tshark 4.0.17', () => {
  it('covers the frames listed, all present in the captures', () => {
    expect(CASES.length).toBe(DISSECT_FRAMES.reduce((s, [, ns]) => s + ns.length, 0));
    expect(CASES.length).toBeGreaterThan(80);
    for (const c of CASES) expect(TSHARK_TREES[c.name]?.[String(c.n)], `${c.name}#${c.n}`).toBeDefined();
  });

  it('gives every field tshark’s name and byte range', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const { name, n, d } of CASES) {
      const ts = TSHARK_TREES[name][String(n)].fields;
      for (const l of d.layers) {
        for (const f of l.fields) {
          if (f.name.startsWith('frame.') || f.name.startsWith('_ws.') || OWN_FIELDS[f.name] !== undefined) continue;
          checked++;
          if (!ts.some(([tn, pos, size]) => tn === f.name && pos === f.start && pos + size === f.end)) {
            const theirs = ts.filter(([tn]) => tn === f.name).map(([, pos, size]) => `[${pos},${pos + size})`);
            wrong.push(`${name}#${n} ${f.name} [${f.start},${f.end}) tshark ${theirs.join(' ') || 'none'}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(2500);
  });

  it('lists the protocols tshark lists, in order (as far as nta-top goes)', () => {
    const wrong: string[] = [];
    for (const { name, n, d } of CASES) {
      const ours = d.layers.map((l) => l.proto).filter((p) => !SKIP_PROTOCOLS.has(p));
      const theirs = TSHARK_TREES[name][String(n)].protocols.filter((p) => !SKIP_PROTOCOLS.has(p));
      const key = `${name}#${n}`;
      if (ours.join(':') !== theirs.slice(0, ours.length).join(':') && OWN_STACKS[key] === undefined) wrong.push(`${key}: ${ours.join(':')} vs ${theirs.join(':')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('matches the committed text dump', () => {
    const text = CASES.map((c) => dump(c.name, c.n, c.d)).join('\n\n') + '\n';
    const file = path.join(GOLDEN_DIR, 'dissect.txt');
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});

describe('dissect output', () => {
  const fields = CASES.flatMap((c) => c.d.layers.flatMap((l) => l.fields.map((f) => ({ ...f, c }))));
  const values = (name: string): string[] => fields.filter((f) => f.name === name).map((f) => f.value);

  it('names the fields the detail pane promises, with units where they have one', () => {
    const expected: Record<string, RegExp> = {
      'eth.dst': /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, 'eth.src': /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, 'eth.type': /^IPv4 \(0x0800\)$/,
      'vlan.id': /^\d+$/, 'ip.version': /^4$/, 'ip.hdr_len': /^20 bytes \(5\)$/, 'ip.len': /^\d+ bytes$/, 'ip.ttl': /^\d+$/,
      'ip.proto': /^UDP \(17\)$/, 'ip.src': /^\d+\.\d+\.\d+\.\d+$/, 'ip.dst': /^\d+\.\d+\.\d+\.\d+$/, 'ipv6.nxt': /^UDP \(17\)$/,
      'ipv6.hlim': /^\d+$/, 'tcp.srcport': /^\d+$/, 'tcp.seq': /^\d+$/, 'tcp.flags': /^0x0(02|12|18|10) \((SYN|SYN, ACK|PSH, ACK|ACK)\)$/,
      'tcp.window_size_value': /^\d+$/, 'udp.length': /^\d+ bytes$/, 'icmp.type': /^8 \(Echo \(ping\) request\)$/,
      'dns.qry.name': /^upload\.wikimedia\.org$/, 'dns.a': /^\d+\.\d+\.\d+\.\d+$/, 'dns.resp.ttl': /^\d+ seconds$/,
      'http.request.method': /^GET$/, 'http.host': /^www\.wikipedia\.org$/, 'tls.handshake.extensions_server_name': /^google\.de$/,
      'quic.version': /^1 \(0x00000001\)$/, 'quic.dcid': /^[0-9a-f]+$/, 'quic.scid': /^[0-9a-f]+$/, 'dhcp.option.hostname': /^btest\.is\.cool$/,
      'dhcp.option.dhcp': /^(Discover|Request|Offer|ACK) \(\d\)$/, 'dhcp.hw.mac_addr': /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/,
      'gre.key': /^0x[0-9a-f]{8} \(\d+\)$/, 'gre.sequence_number': /^\d+$/, 'teredo.orig.addr': /^\d+\.\d+\.\d+\.\d+$/,
      'vxlan.vni': /^\d+$/, 'geneve.vni': /^0x[0-9a-f]{6} \(\d+\)$/, 'gtp.teid': /^0x[0-9a-f]{8} \(\d+\)$/, 'l2tp.tunnel': /^\d+$/,
      'mpls.label': /^\d+$/, 'pppoe.session_id': /^0x[0-9a-f]{4}$/, 'ppp.protocol': /\(0x[0-9a-f]{4}\)$/,
    };
    const missing: string[] = [];
    for (const [name, re] of Object.entries(expected)) if (!values(name).some((v) => re.test(v))) missing.push(`${name} ~ ${re} in ${JSON.stringify(values(name).slice(0, 3))}`);
    expect(missing).toEqual([]);
  });

  it('points every address field at the bytes that hold it', () => {
    for (const f of fields.filter((x) => x.name === 'ip.src' || x.name === 'ip.dst')) {
      const b = f.c.d.bytes;
      const v = ((b[f.start] << 24) | (b[f.start + 1] << 16) | (b[f.start + 2] << 8) | b[f.start + 3]) >>> 0;
      expect(f.end - f.start).toBe(4);
      expect(formatIpv4(v)).toBe(f.value);
    }
  });

  it('ends a cut header with _ws.short and a contradicting one with _ws.malformed', () => {
    const find = (name: string, n: number): PacketDetail => CASES.find((c) => c.name === name && c.n === n)!.d;
    const last = (d: PacketDetail): string => d.layers[d.layers.length - 1].proto;
    expect(last(find('zeek-tcp-truncated-header.pcap', 1))).toBe('_ws.short');
    expect(find('zeek-tcp-truncated-header.pcap', 1).layers.at(-1)!.title).toBe('[Packet size limited during capture: TCP truncated]');
    expect(last(find('tcpdump-gre-heapoverflow-1.pcap', 2))).toBe('_ws.malformed');
    expect(find('tcpdump-gre-heapoverflow-1.pcap', 2).layers.at(-1)!.title).toBe('[Malformed Packet: IPv4]');
    expect(find('zeek-ipv6-mobility-dst-opts.pcap', 1).layers.at(-1)!.title).toBe('[Malformed Packet: IPv6]');
    // A TCP header cut by the snaplen (orig length larger), and the same bytes as a whole packet.
    const bytes = [...eth(0x0800), ...ipv4({ proto: 6, payloadLen: 20 }), ...tcp(1, 2, 2)];
    const cut: Frame = { ...frame(1, bytes.slice(0, 44)), origLen: bytes.length };
    const d = dissect(cut, 7);
    expect(d.layers.map((l) => l.proto)).toEqual(['frame', 'eth', 'ip', 'tcp', '_ws.short']);
    expect(d).toMatchObject({ seq: 7, caplen: 44, origLen: 54, linktype: 1, status: PacketStatus.Truncated });
    expect(d.bytes).toEqual(Uint8Array.from(bytes.slice(0, 44)));
    const lying = dissect(frame(1, bytes.slice(0, 44)), 8);
    expect(lying.layers.at(-1)!.title).toBe('[Malformed Packet: TCP]');
  });

  it('keeps every range inside the captured bytes and copies them', () => {
    for (const { f, d } of CASES) {
      expect(d.bytes.length).toBe(f.caplen);
      for (const l of d.layers) {
        expect(l.start).toBeGreaterThanOrEqual(0);
        expect(l.end).toBeLessThanOrEqual(f.caplen);
        for (const x of l.fields) expect(x.start <= x.end && x.end <= f.caplen).toBe(true);
      }
    }
  });
});
