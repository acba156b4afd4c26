/**
 * The decoder fuzzer shared by tests/decode/fuzz.test.ts and scripts/fuzz.ts (not a test file):
 * seeded mutations of real frames, run through every decode entry point, with only the expected
 * outcomes allowed (msgpack-javascript style). Iteration `i` of seed `s` is reproducible on its own
 * (its random stream is derived from both), so a failure is reported as "seed s, iteration i".
 */
import type { Frame } from '../../src/capture/frame.js';
import { decodePacket, dissect, dnsQueryName, learnNames, summarizePacket } from '../../src/decode/index.js';
import type { DecodedPacket, PacketDetail } from '../../src/decode/packet.js';
import { newDecodedPacket, PacketStatus, TransportClass } from '../../src/decode/packet.js';
import { transportOf } from '../../src/decode/registry.js';

/** Link types the mutator relabels frames with (decoded ones, and two unknown ones). */
export const FUZZ_LINKTYPES = [0, 1, 9, 10, 12, 14, 50, 51, 101, 105, 108, 113, 127, 228, 229, 239, 242, 258, 276, 160, 65535];

/** Bytes of a source frame the mutator keeps (longer frames are cut, which is itself a mutation). */
const MAX_FRAME_BYTES = 1600;
/** Byte values that steer parsers into their edge cases (DNS pointer/extended labels, lengths). */
const INTERESTING = [0x00, 0x01, 0x02, 0x05, 0x08, 0x11, 0x3f, 0x40, 0x41, 0x7f, 0x80, 0xc0, 0xc1, 0xfe, 0xff];

/** The outcomes a decode may have; returns a description of the first broken invariant, or ''. */
export function invariantViolation(p: DecodedPacket, f: Frame): string {
  if (p.status < PacketStatus.Ok || p.status > PacketStatus.Unsupported) return `status ${p.status}`;
  if (p.transport < TransportClass.Tcp || p.transport > TransportClass.Other) return `transport ${p.transport}`;
  const end = f.off + f.caplen;
  if (p.ipVersion === 0) {
    if (p.ipProto !== -1 && p.transport !== TransportClass.Other) return 'ipProto without IP';
    if (p.transport !== TransportClass.Arp && p.transport !== TransportClass.Other) return 'IP class without IP';
    if (p.srcPort !== -1 || p.tcpFlags !== -1 || p.icmpType !== -1 || p.src6Off !== -1) return 'L4 fields without IP';
  } else {
    if (p.ipVersion !== 4 && p.ipVersion !== 6) return `ipVersion ${p.ipVersion}`;
    if (p.transport !== transportOf(p.ipProto)) return 'transport does not follow ipProto';
    if (p.ipOff < f.off || p.ipOff >= end) return 'ipOff outside frame';
    if (p.ipVersion === 6 && (p.src6Off !== p.ipOff + 8 || p.dst6Off !== p.ipOff + 24 || p.dst6Off + 16 > end)) return 'v6 address offsets';
    if (p.arpOp !== -1) return 'arpOp with IP';
  }
  if (p.ipProto < -1 || p.ipProto > 255) return `ipProto ${p.ipProto}`;
  if (p.srcPort < -1 || p.srcPort > 65535 || p.dstPort < -1 || p.dstPort > 65535) return 'port range';
  if ((p.srcPort === -1) !== (p.dstPort === -1)) return 'one port only';
  if (p.srcPort !== -1 && p.transport !== TransportClass.Tcp && p.transport !== TransportClass.Udp) return 'ports outside TCP/UDP';
  if (p.tcpFlags !== -1 && (p.transport !== TransportClass.Tcp || p.tcpFlags > 0xfff)) return 'tcpFlags';
  if (p.icmpType !== -1 && p.transport !== TransportClass.Icmp && p.transport !== TransportClass.Icmpv6) return 'icmp fields outside ICMP';
  if (p.arpOp !== -1 && p.transport !== TransportClass.Arp) return 'arpOp outside ARP';
  if (p.l4Off !== -1 && (p.ipVersion === 0 || p.l4Off < p.ipOff || p.l4Off > end)) return 'l4Off';
  return '';
}

/** The shape dissect() promises; returns the first broken rule, or ''. */
export function detailViolation(d: PacketDetail, f: Frame): string {
  const captured = Math.max(0, Math.min(f.off + f.caplen, f.buf.length) - f.off);
  if (d.bytes.length !== captured) return `bytes ${d.bytes.length} ≠ captured ${captured}`;
  if (d.layers.length === 0 || d.layers[0].proto !== 'frame') return 'no frame layer';
  for (const l of d.layers) {
    if (typeof l.proto !== 'string' || l.proto === '' || typeof l.title !== 'string') return 'layer names';
    if (l.title.startsWith('[Dissector bug')) return l.title;
    if (!(l.start >= 0 && l.start <= l.end && l.end <= captured)) return `layer ${l.proto} range [${l.start},${l.end}) of ${captured}`;
    for (const x of l.fields) {
      if (typeof x.name !== 'string' || x.name === '' || typeof x.value !== 'string') return `field in ${l.proto}`;
      if (!(x.start >= 0 && x.start <= x.end && x.end <= captured)) return `field ${x.name} range [${x.start},${x.end}) of ${captured}`;
    }
  }
  return '';
}

/** Callback for learnNames that checks what it is handed (bound once, no closure per packet). */
let learnt = 0;
let learnBad = '';
/** dnsQueryName's result in the last checkFrame() call. */
export let lastQueryName: string | null = null;
function onName(addr: string, name: string): void {
  learnt++;
  if (typeof addr !== 'string' || addr === '' || typeof name !== 'string' || name === '') learnBad = `learnNames gave ${JSON.stringify([addr, name])}`;
}

/**
 * Runs every entry point on one frame: decodePacket (+ invariants), dnsQueryName, learnNames, and
 * when `heavy` also summarizePacket and dissect. Returns '' or what went wrong (a throw included).
 */
export function checkFrame(f: Frame, p: DecodedPacket, heavy: boolean, seq = 1): string {
  lastQueryName = null;
  try {
    decodePacket(f, p);
    const bad = invariantViolation(p, f);
    if (bad) return bad;
    const q = dnsQueryName(f, p);
    lastQueryName = q;
    if (q !== null) {
      if (typeof q !== 'string' || q.length > 4096) return `dnsQueryName returned ${typeof q} of length ${String(q).length}`;
      if (p.transport !== TransportClass.Tcp && p.transport !== TransportClass.Udp) return 'dnsQueryName for a non-TCP/UDP frame';
    }
    learnBad = '';
    learnNames(f, p, { learnName: onName });
    if (learnBad) return learnBad;
    if (heavy) {
      const s = summarizePacket(f);
      if (typeof s.info !== 'string' || typeof s.proto !== 'string' || typeof s.src !== 'string') return 'summary shape';
      const dv = detailViolation(dissect(f, seq), f);
      if (dv) return `dissect: ${dv}`;
    }
  } catch (e) {
    return `threw ${(e as Error)?.stack ?? String(e)}`;
  }
  return '';
}

/** One failure: which iteration of which seed, what broke, and the frame. */
export interface FuzzFailure {
  seed: number;
  iteration: number;
  what: string;
  linktype: number;
  hex: string;
}

/** Totals of a fuzz run. */
export interface FuzzResult {
  frames: number;
  heavy: number;
  failures: FuzzFailure[];
  /** Decode outcomes seen, by PacketStatus. */
  statuses: number[];
  /** Frames for which dnsQueryName returned a name. */
  names: number;
  /** learnNames callbacks. */
  learnt: number;
}

export interface FuzzOptions {
  /** Frames the mutations start from (real captures). */
  sources: Frame[];
  /** Subset of `sources` to favour (DNS, TLS, tunnels): half of the iterations start from one. */
  favoured: Frame[];
  seed: number;
  frames: number;
  /** Iteration to start at (to resume or replay); default 0. */
  start?: number;
  /** summarizePacket + dissect on every n-th frame (default 20). */
  heavyEvery?: number;
  /** Called every `progressEvery` frames. */
  onProgress?: (done: number, result: FuzzResult) => void;
  progressEvery?: number;
  /** Stop after this many failures (default 10). */
  maxFailures?: number;
}

/** Per-iteration PRNG state (mulberry32), derived from the seed and the iteration number. */
let rngState = 0;
function rnd(): number {
  rngState = (rngState + 0x6d2b79f5) >>> 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function rndInt(n: number): number {
  return Math.floor(rnd() * n);
}

/** Seeds the per-iteration stream from (seed, iteration) with a splitmix-style hash. */
function seedIteration(seed: number, i: number): void {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  rngState = (h ^ (h >>> 16)) >>> 0;
}

const work = new Uint8Array(MAX_FRAME_BYTES + 256);

/**
 * Builds the mutated frame of iteration `i` into the shared work buffer (so the byte past the
 * frame's end is stale data from earlier iterations: reading it would go unnoticed by the bounds,
 * but never crashes). The returned Frame is valid until the next call.
 */
export function mutatedFrame(o: FuzzOptions, i: number): Frame {
  seedIteration(o.seed, i);
  const pool = o.favoured.length > 0 && rnd() < 0.5 ? o.favoured : o.sources;
  const src = pool[rndInt(pool.length)];
  let len = Math.min(src.caplen, MAX_FRAME_BYTES, src.buf.length - src.off);
  const off = rnd() < 0.1 ? 1 + rndInt(7) : 0;
  work.set(src.buf.subarray(src.off, src.off + len), off);
  const edits = 1 + rndInt(6);
  for (let e = 0; e < edits; e++) {
    const k = rnd();
    // Application payloads sit after the first ~40 bytes; aim half the edits there.
    const at = off + (len > 0 ? (rnd() < 0.5 && len > 42 ? 42 + rndInt(len - 42) : rndInt(len)) : 0);
    if (k < 0.25 && len > 0) {
      work[at] ^= 1 << rndInt(8);
    } else if (k < 0.4 && len > 0) {
      work[at] = rndInt(256);
    } else if (k < 0.55 && len > 0) {
      work[at] = INTERESTING[rndInt(INTERESTING.length)];
    } else if (k < 0.65 && len > 1) {
      // A DNS compression pointer to somewhere near (or far).
      work[at] = 0xc0 | (rnd() < 0.9 ? 0 : rndInt(64));
      if (at + 1 < off + len) work[at + 1] = rndInt(256);
    } else if (k < 0.72 && len > 1) {
      // A 16-bit length or count field.
      const v = rnd() < 0.5 ? rndInt(65536) : rndInt(64);
      work[at] = v >> 8;
      if (at + 1 < off + len) work[at + 1] = v & 0xff;
    } else if (k < 0.8 && len < MAX_FRAME_BYTES) {
      const n = Math.min(1 + rndInt(8), MAX_FRAME_BYTES - len);
      work.copyWithin(at + n, at, off + len);
      for (let j = 0; j < n; j++) work[at + j] = rndInt(256);
      len += n;
    } else if (k < 0.88 && len > 0) {
      const n = Math.min(1 + rndInt(8), off + len - at);
      work.copyWithin(at, at + n, off + len);
      len -= n;
    } else if (k < 0.94 && len > 0) {
      len = rndInt(len + 1);
    } else if (len > 8) {
      // Duplicate a chunk elsewhere (repeated labels, nested headers).
      const from = off + rndInt(len);
      const n = Math.min(1 + rndInt(16), off + len - from, off + len - at);
      work.copyWithin(at, from, from + n);
    }
  }
  const linktype = rnd() < 0.05 ? FUZZ_LINKTYPES[rndInt(FUZZ_LINKTYPES.length)] : src.linktype;
  return { buf: work, off, caplen: len, origLen: rnd() < 0.9 ? len : len + rndInt(100), tsSec: src.tsSec, tsNsec: src.tsNsec, linktype };
}

function hexOf(f: Frame): string {
  return Buffer.from(f.buf.subarray(f.off, f.off + f.caplen)).toString('hex');
}

/** Runs `frames` iterations (from `start`) and collects failures and totals. */
export function runFuzz(o: FuzzOptions): FuzzResult {
  const heavyEvery = o.heavyEvery ?? 20;
  const maxFailures = o.maxFailures ?? 10;
  const progressEvery = o.progressEvery ?? 100_000;
  const p = newDecodedPacket();
  const result: FuzzResult = { frames: 0, heavy: 0, failures: [], statuses: [0, 0, 0, 0], names: 0, learnt: 0 };
  const start = o.start ?? 0;
  learnt = 0;
  for (let i = start; i < start + o.frames; i++) {
    const f = mutatedFrame(o, i);
    const heavy = i % heavyEvery === 0;
    const bad = checkFrame(f, p, heavy, i);
    result.frames++;
    if (heavy) result.heavy++;
    if (p.status >= 0 && p.status <= 3) result.statuses[p.status]++;
    if (lastQueryName !== null) result.names++;
    if (bad) {
      result.failures.push({ seed: o.seed, iteration: i, what: bad, linktype: f.linktype, hex: hexOf(f) });
      if (result.failures.length >= maxFailures) break;
    }
    if (o.onProgress && result.frames % progressEvery === 0) o.onProgress(result.frames, result);
  }
  result.learnt = learnt;
  return result;
}
