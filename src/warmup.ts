/**
 * JIT warm-up for live captures: a few thousand synthetic packets through the per-packet path
 * (decodePacket + Aggregator.ingest, names included) on a throwaway Aggregator, so that V8 has
 * optimized that code before the first real packets arrive.
 *
 * Why: unoptimized, the path costs several times its optimized price for its first ~30,000
 * packets. A capture that starts idle and then meets a burst (a replay, a backup job, a scan)
 * falls ~150-250 ms behind while V8 compiles, which at 250 kpps is more than the 16 MiB kernel
 * buffer holds: packets dropped by the kernel in the first second. Warm, it keeps up from the
 * first packet. Nothing here touches the engine's own counters, ring or names. The Engine runs it
 * in small steps only while the link is idle: on a busy link real packets warm the same code.
 *
 * The frames are Ethernet (RFC 894) carrying what busy links carry: IPv4 and IPv6 (RFC 791,
 * RFC 8200) TCP with options and payload (HTTP, a TLS ClientHello with server_name, RFC 8446
 * §4.1.2 / RFC 6066 §3), UDP with DNS queries and answers (RFC 1035, compression pointers), ICMP
 * and ICMPv6 echo and neighbor solicitation, an MLDv2 report behind a Hop-by-Hop header, ARP, an
 * 802.1Q tag, a DNS answer through a CNAME. Addresses are from the
 * benchmarking range 198.18.0.0/15 (RFC 2544) and the documentation prefix 2001:db8::/32
 * (RFC 3849); names end in .invalid (RFC 2606).
 */
import { BATCH_RECORD_HEADER, newFrame, type Frame, type RecordBatch } from './capture/frame.js';
import { decodePacket } from './decode/index.js';
import { newDecodedPacket } from './decode/packet.js';
import { Aggregator } from './aggregate/aggregator.js';

/** Packets a warm-up runs through the path by default (≈ 100-250 ms of CPU, once, in steps). */
export const WARMUP_PACKETS = 40_000;

const MAC_A = [0x02, 0, 0, 0, 0, 0x0a];
const MAC_B = [0x02, 0, 0, 0, 0, 0x0b];

function eth(type: number, payload: number[], vlan = false): number[] {
  const tag = vlan ? [0x81, 0x00, 0x00, 0x64] : [];
  return [...MAC_B, ...MAC_A, ...tag, type >> 8, type & 255, ...payload];
}

function ipv4(proto: number, src: number, dst: number, l4: number[]): number[] {
  const len = 20 + l4.length;
  return [
    0x45, 0, len >> 8, len & 255, 0x12, 0x34, 0x40, 0, 64, proto, 0, 0,
    198, 18, (src >> 8) & 255, src & 255, 198, 19, (dst >> 8) & 255, dst & 255,
    ...l4,
  ];
}

/** An IPv6 header (RFC 8200 §3) from `src` to `dst` (16 bytes each) with hop limit `hops`, then `l4`. */
function ipv6Packet(next: number, hops: number, src: number[], dst: number[], l4: number[]): number[] {
  return [0x60, 0, 0, 0, l4.length >> 8, l4.length & 255, next, hops, ...src, ...dst, ...l4];
}

/** Address `prefix`::n: the 14 bytes of `prefix` (zeros to pad), then n in the last 16 bits. */
function ipv6Addr(prefix: number[], n: number): number[] {
  return [...prefix, ...new Array<number>(14 - prefix.length).fill(0), (n >> 8) & 255, n & 255];
}

function ipv6(next: number, src: number, dst: number, l4: number[]): number[] {
  const doc = [0x20, 0x01, 0x0d, 0xb8];
  return ipv6Packet(next, 64, ipv6Addr(doc, src), ipv6Addr(doc, dst), l4);
}

/**
 * An IPv6 packet from link-local fe80::n (RFC 4291 §2.5.6) to the multicast group `group` (16 bytes):
 * neighbor discovery and MLD, whose addresses share no leading word, as on every IPv6 link.
 */
function ipv6LinkLocal(next: number, src: number, group: number[], l4: number[]): number[] {
  return ipv6Packet(next, 255, ipv6Addr([0xfe, 0x80], src), group, l4);
}

function tcp(sport: number, dport: number, flags: number, payload: number[], options: number[] = []): number[] {
  const hl = 20 + options.length;
  return [
    sport >> 8, sport & 255, dport >> 8, dport & 255, 0, 0, 0x10, 0, 0, 0, 0x20, 0,
    (hl / 4) << 4, flags, 0xff, 0xff, 0, 0, 0, 0, ...options, ...payload,
  ];
}

function udp(sport: number, dport: number, payload: number[]): number[] {
  const len = 8 + payload.length;
  return [sport >> 8, sport & 255, dport >> 8, dport & 255, len >> 8, len & 255, 0, 0, ...payload];
}

function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0) & 127);
}

function dnsName(name: string): number[] {
  const out: number[] = [];
  for (const label of name.split('.')) out.push(label.length, ...ascii(label));
  return [...out, 0];
}

/** A DNS message (RFC 1035 §4.1): one question, and for a response one answer of `rdata`. */
function dns(id: number, name: string, qtype: number, rdata: number[] | null): number[] {
  const flags = rdata ? [0x81, 0x80] : [0x01, 0x00];
  const head = [id >> 8, id & 255, ...flags, 0, 1, 0, rdata ? 1 : 0, 0, 0, 0, 0];
  const q = [...dnsName(name), qtype >> 8, qtype & 255, 0, 1];
  if (!rdata) return [...head, ...q];
  const answer = [0xc0, 12, qtype >> 8, qtype & 255, 0, 1, 0, 0, 0x0e, 0x10, rdata.length >> 8, rdata.length & 255, ...rdata];
  return [...head, ...q, ...answer];
}

/**
 * A DNS response whose answer is a CNAME chain (RFC 1035 §3.3.1): name CNAME target, target A addr;
 * in the additional section an A record of another name (glue, as answers to MX and NS queries
 * carry: an address learned under its own name, not the question's) and an EDNS OPT record
 * (RFC 6891 §6.1.2), as most resolvers send.
 */
function dnsCname(id: number, name: string, target: string, addr: number[]): number[] {
  const head = [id >> 8, id & 255, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 2];
  const q = [...dnsName(name), 0, 1, 0, 1];
  const t = dnsName(target);
  const cname = [0xc0, 12, 0, 5, 0, 1, 0, 0, 0x0e, 0x10, t.length >> 8, t.length & 255, ...t];
  const a = [...t, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, ...addr];
  const glue = [...dnsName(`ns.${target}`), 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, addr[0], addr[1], addr[2] ^ 2, addr[3]];
  const opt = [0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0];
  return [...head, ...q, ...cname, ...a, ...glue, ...opt];
}

/** A DNS response with no records, only the question: name error (NXDOMAIN, RCODE 3, RFC 1035 §4.1.1). */
function dnsNxdomain(id: number, name: string): number[] {
  return [id >> 8, id & 255, 0x81, 0x83, 0, 1, 0, 0, 0, 0, 0, 0, ...dnsName(name), 0, 1, 0, 1];
}

/** A TLS 1.2 record holding a ClientHello with one cipher suite and a server_name extension. */
function clientHello(sni: string): number[] {
  const host = ascii(sni);
  const serverName = [0, 0, (host.length + 5) >> 8, (host.length + 5) & 255, (host.length + 3) >> 8, (host.length + 3) & 255, 0, host.length >> 8, host.length & 255, ...host];
  const body = [0x03, 0x03, ...new Array<number>(32).fill(7), 0, 0, 2, 0x13, 0x01, 1, 0, serverName.length >> 8, serverName.length & 255, ...serverName];
  const hs = [1, 0, body.length >> 8, body.length & 255, ...body];
  return [0x16, 0x03, 0x01, hs.length >> 8, hs.length & 255, ...hs];
}

const TCP_OPTIONS = [2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7];

/** The warm-up frames for host pair `i` (addresses and ports vary with it), Ethernet. */
export function warmupFrames(i: number): number[][] {
  const s = 1 + (i % 200);
  const d = 1 + ((i * 7) % 50);
  const sport = 32768 + (i % 20000);
  const name = `h${i % 97}.warm.invalid`;
  return [
    eth(0x0800, ipv4(6, s, d, tcp(sport, 80, 0x02, [], TCP_OPTIONS))),
    eth(0x0800, ipv4(6, d, s, tcp(80, sport, 0x12, [], TCP_OPTIONS))),
    eth(0x0800, ipv4(6, s, d, tcp(sport, 80, 0x18, ascii(`GET / HTTP/1.1\r\nHost: ${name}\r\n\r\n`)))),
    eth(0x0800, ipv4(6, d, s, tcp(80, sport, 0x10, new Array<number>(1200).fill(0x41)))),
    eth(0x0800, ipv4(6, s, d, tcp(sport, 443, 0x18, clientHello(name)))),
    eth(0x0800, ipv4(6, s, d, tcp(sport, 80, 0x11, []))),
    eth(0x0800, ipv4(17, s, d, udp(sport, 53, dns(i & 0xffff, name, 1, null)))),
    eth(0x0800, ipv4(17, d, s, udp(53, sport, dns(i & 0xffff, name, 1, [198, 19, 0, d & 255])))),
    eth(0x0800, ipv4(17, s, d, udp(sport, 5001 + (i % 7), new Array<number>(64).fill(1)))),
    eth(0x0800, ipv4(1, s, d, [8, 0, 0, 0, 0, 1, i >> 8 & 255, i & 255, ...new Array<number>(56).fill(0)])),
    eth(0x0800, ipv4(6, s, d, tcp(sport, 22, 0x10, [])), true),
    eth(0x86dd, ipv6(6, s, d, tcp(sport, 443, 0x10, new Array<number>(600).fill(0x42)))),
    eth(0x86dd, ipv6(17, s, d, udp(sport, 53, dns(i & 0xffff, name, 28, null)))),
    eth(0x86dd, ipv6(17, d, s, udp(53, sport, dns(i & 0xffff, name, 28, [0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), d & 255])))),
    eth(0x86dd, ipv6(58, s, d, [128, 0, 0, 0, 0, 1, 0, 1, ...new Array<number>(32).fill(0)])),
    // neighbor solicitation (RFC 4861 §4.3) to the target's solicited-node group, ff02::1:ffXX:XXXX
    eth(0x86dd, ipv6LinkLocal(58, s, [0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, d & 255], [135, 0, 0, 0, 0, 0, 0, 0, 0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(10).fill(0), 0, d & 255])),
    eth(0x0806, [0, 1, 8, 0, 6, 4, 0, 1, ...MAC_A, 198, 18, 0, s & 255, 0, 0, 0, 0, 0, 0, 198, 19, 0, d & 255]),
    eth(0x0800, ipv4(17, d, s, udp(53, sport, dnsCname(i & 0xffff, name, `edge${i % 13}.warm.invalid`, [198, 19, 1, d & 255])))),
    eth(0x0800, ipv4(17, d, s, udp(53, sport, dnsNxdomain(i & 0xffff, `gone${i % 31}.warm.invalid`)))),
    // MLDv2 report (RFC 3810 §5.2) behind a Hop-by-Hop header with Router Alert (RFC 2711)
    eth(0x86dd, ipv6LinkLocal(0, s, [0xff, 0x02, ...new Array<number>(13).fill(0), 0x16], [58, 0, 5, 2, 0, 0, 1, 0, 143, 0, 0, 0, 0, 0, 0, 1, 4, 0, 0, 0, 0xff, 0x02, ...new Array<number>(9).fill(0), 1, 0xff, 0, 0, d & 255])),
  ];
}

function tsNsec(n: number): number {
  return (n % 2000) * 500_000;
}

/** Frames per host pair: warmupFrames(i).length (a test holds them equal). */
export const WARMUP_FRAME_KINDS = 20;
const FRAME_KINDS = WARMUP_FRAME_KINDS;
/**
 * Rewrites the low 16 bits of the source address of an untagged IPv4 or IPv6 frame (Ethernet at
 * `at`, `len` bytes) to a number that changes every host pair's frames: the capture path meets a
 * few thousand new hosts and conversations, as real traffic does, not the same 64 pairs again
 * (table misses run code that hits alone never optimize); link-local IPv6 sources excepted.
 * Checksums are not verified by nta-top.
 */
function spreadSource(buf: Uint8Array, at: number, len: number, n: number): void {
  const id = 1 + (Math.floor(n / FRAME_KINDS) % 4000);
  const et = (buf[at + 12] << 8) | buf[at + 13];
  const low = et === 0x0800 ? at + 28 : et === 0x86dd ? at + 36 : -1;
  if (low < 0 || low + 2 > at + len) return;
  // Link-local sources stay: a link has few of them, and their pairs coming back (a pair that
  // left the pair cache and returns) is a path of its own.
  if (et === 0x86dd && buf[at + 22] === 0xfe && (buf[at + 23] & 0xc0) === 0x80) return;
  buf[low] = id >> 8;
  buf[low + 1] = id & 255;
}

/** Host pairs (warmupFrames' `i`) the warm-up cycles through. */
const WARMUP_VARIANTS = 64;
/** Consecutive packets of one host pair: its frames, this many rounds (then the next pair). */
const WARMUP_ROUNDS = 8;
/**
 * Packets per throwaway aggregator: every phase starts a fresh one (and a fresh DecodedPacket), so
 * that the optimized code has also run through what only a new capture does (its first packet, its
 * first second, tables filling from empty). Warmed on one aggregator only, it was deoptimized and
 * compiled again at the first real packet.
 */
export const WARMUP_PHASE = 10_000;

/**
 * A warm-up run in steps: each `step(n)` puts the next n synthetic packets (Ethernet linktype)
 * through decodePacket and a throwaway Aggregator (a fresh one every WARMUP_PHASE packets).
 * `remaining` counts down from `packets`. The frames are built as the steps need them, so that
 * constructing a WarmUp costs nothing before the first frame is drawn. Throws nothing.
 */
export class WarmUp {
  /** The current phase's throwaway aggregator, made at the first step (its tables take ms). */
  private agg: Aggregator | null = null;
  /** Aggregators used so far, the current one included. */
  phases = 1;
  remaining: number;
  private readonly variants: (Uint8Array[] | undefined)[] = new Array(WARMUP_VARIANTS).fill(undefined);
  private pkt = newDecodedPacket();
  private frame: Frame = newFrame();
  private readonly t0 = Math.floor(Date.now() / 1000) - 60;
  private n = 0;
  private nextPhaseAt = WARMUP_PHASE;

  constructor(packets = WARMUP_PACKETS) {
    this.remaining = Math.max(0, Math.floor(packets));
  }

  /** The current phase's throwaway aggregator (tests read what the synthetic traffic taught it). */
  get aggregator(): Aggregator {
    return (this.agg ??= new Aggregator());
  }

  /** Host pairs whose frames have been built so far. */
  get variantsBuilt(): number {
    return this.variants.reduce((k, v) => k + (v ? 1 : 0), 0);
  }

  /**
   * Runs up to `count` more packets through decodePacket and the aggregator itself; returns true
   * when the warm-up is complete.
   */
  step(count: number): boolean {
    let left = Math.min(Math.max(0, Math.floor(count)), this.remaining);
    while (left > 0) {
      this.enterPhaseIfDue();
      const agg = this.aggregator;
      const end = this.n + Math.min(left, this.nextPhaseAt - this.n);
      for (let n = this.n; n < end; n++) {
        const b = this.frameBytes(n);
        const frame = this.frame;
        frame.buf = b;
        frame.caplen = b.length;
        frame.origLen = b.length;
        frame.tsSec = this.tsSec(n);
        frame.tsNsec = tsNsec(n);
        decodePacket(frame, this.pkt);
        agg.ingest(frame, this.pkt);
      }
      left -= end - this.n;
      this.remaining -= end - this.n;
      this.n = end;
    }
    return this.remaining === 0;
  }

  /**
   * Writes up to `count` of the next packets as capture records (the binding's layout,
   * BATCH_RECORD_HEADER: u32 tsSec low, i32 tsSec high, u32 tsNsec, u32 caplen, u32 origLen, u32 0,
   * the bytes, 8-byte aligned) into `batch` from byte `base` (8-aligned), within `length` bytes,
   * each cut to `snaplen` bytes as the capture would cut it (origLen keeps the frame's length);
   * returns how many it wrote, which count as done (0 when the next does not fit). A fill never
   * spans two phases: the records it writes are for `aggregator` as it is after the call. For the
   * Engine, which walks them through its own per-packet path (Capture.walkRecords), so that V8
   * optimizes the very code real packets take.
   */
  fillRecords(batch: RecordBatch, base: number, length: number, count: number, snaplen = Infinity): number {
    this.enterPhaseIfDue();
    const want = Math.min(Math.max(0, Math.floor(count)), this.remaining, this.nextPhaseAt - this.n);
    const buf = batch.buf;
    const u32 = batch.u32;
    const end = Math.min(base + length, buf.length);
    let off = base;
    let k = 0;
    for (; k < want; k++) {
      const n = this.n + k;
      const b = this.frameBytes(n);
      const caplen = Math.min(b.length, snaplen);
      if (off + BATCH_RECORD_HEADER + caplen > end) break;
      const w = off >>> 2;
      u32[w] = this.tsSec(n) >>> 0;
      u32[w + 1] = 0;
      u32[w + 2] = tsNsec(n);
      u32[w + 3] = caplen;
      u32[w + 4] = b.length;
      u32[w + 5] = 0;
      const at = off + BATCH_RECORD_HEADER;
      buf.set(caplen < b.length ? b.subarray(0, caplen) : b, at);
      spreadSource(buf, at, caplen, n);
      off = (off + BATCH_RECORD_HEADER + caplen + 7) & ~7;
    }
    this.n += k;
    this.remaining -= k;
    return k;
  }

  /** Packet n's timestamp: 2,000 packets a second from a minute ago (seconds, then ns). */
  private tsSec(n: number): number {
    return this.t0 + Math.floor(n / 2000);
  }

  /** Every WARMUP_PHASE packets: a fresh aggregator, DecodedPacket and Frame. */
  private enterPhaseIfDue(): void {
    if (this.n < this.nextPhaseAt) return;
    this.agg = new Aggregator();
    this.pkt = newDecodedPacket();
    this.frame = newFrame();
    this.phases++;
    this.nextPhaseAt += WARMUP_PHASE;
  }

  /** Packet n's bytes: host pair floor(n / (kinds × rounds)) mod 64, kind n mod kinds. */
  private frameBytes(n: number): Uint8Array {
    const perVariant = FRAME_KINDS * WARMUP_ROUNDS;
    const v = Math.floor(n / perVariant) % WARMUP_VARIANTS;
    let frames = this.variants[v];
    if (frames === undefined) {
      frames = warmupFrames(v).map((f) => Uint8Array.from(f));
      this.variants[v] = frames;
    }
    return frames[n % FRAME_KINDS];
  }
}
