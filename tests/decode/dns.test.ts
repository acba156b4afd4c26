/**
 * DNS names as tshark 4.0.17 reads them (dns.ts readDnsName), the first query name of a frame
 * (dnsQueryName) and passive names (learnNames), on hand-made hostile messages. Every expected
 * text below was checked against tshark 4.0.17 (the same cases are frames of
 * fixtures/derived-dns-hostile.pcap, whose oracle the per-packet test compares in full).
 */
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/capture/frame.js';
import { decodePacket, dnsQueryName, learnNames } from '../../src/decode/index.js';
import { dnsNameAt } from '../../src/decode/dns.js';
import { newDecodedPacket } from '../../src/decode/packet.js';
import { eth, frame, hex, ipv4, tcp, u16, udp } from './build.js';

/** A DNS header (id 0x1234, flags, counts) followed by `body`. */
function msg(body: number[], qd = 1, flags = 0x0100, an = 0, ns = 0, ar = 0): number[] {
  return [0x12, 0x34, ...u16(flags), ...u16(qd), ...u16(an), ...u16(ns), ...u16(ar), ...body];
}

/** Wire form of a dotted name (labels as latin-1 bytes), ending in the root label. */
function wire(name: string): number[] {
  const out: number[] = [];
  for (const label of name.split('.')) out.push(label.length, ...Array.from(label, (c) => c.charCodeAt(0)));
  return [...out, 0];
}

/** The name tshark reports for a message whose question starts at byte 12 (null: malformed). */
function name(m: number[]): string | null {
  const b = Uint8Array.from(m);
  const lenOut = [0];
  const n = dnsNameAt(b, 12, 0, b.length, lenOut);
  // tshark adds dns.qry.name only once type and class were read too.
  return n !== null && 12 + lenOut[0] + 4 <= b.length ? n : null;
}

const TYPE_CLASS = [0, 1, 0, 1];

describe('DNS names as tshark reads them', () => {
  it('reads plain names, the root and a compressed name', () => {
    expect(name(msg([...wire('www.example.com'), ...TYPE_CLASS]))).toBe('www.example.com');
    expect(name(msg([0, ...TYPE_CLASS]))).toBe('<Root>');
    // www + pointer to "example.com" after the question.
    expect(name(msg([3, 0x77, 0x77, 0x77, 0xc0, 0x12, ...wire('example.com')]))).toBe('www.example.com');
    // A pointer to a root label is the root too (at most 2 wire bytes).
    expect(name(msg([0xc0, 0x12, ...TYPE_CLASS, 0]))).toBe('<Root>');
  });

  it('ends pointer loops as <Name contains a pointer that loops>, never hanging', () => {
    const loops = '<Name contains a pointer that loops>';
    expect(name(msg([0xc0, 0x0c, ...TYPE_CLASS]))).toBe(loops); // pointer to itself
    expect(name(msg([0x01, 0x61, 0xc0, 0x0e, ...TYPE_CLASS]))).toBe(loops); // label, then a pointer to that pointer
    expect(name(msg([0xc0, 0x12, ...TYPE_CLASS, 0x01, 0x62, 0xc0, 0x0c]))).toBe(loops); // a ring of two
    // tshark's quirk: a pointer whose target is its own offset + 4 counts as a loop even if it is not one.
    expect(name(msg([0xc0, 0x10, ...TYPE_CLASS]))).toBe(loops);
    // A long name that fills the buffer and then points back at itself: the loop wins.
    const chain = [...Array.from({ length: 130 }, () => [1, 0x78]).flat(), 0xc0, 0x0c];
    expect(name(msg([...chain, ...TYPE_CLASS]))).toBe(loops);
  });

  it('is malformed (no name) for pointers past the end, 0xC0 as the last byte, and cut labels', () => {
    expect(name(msg([0xc0, 0xff, ...TYPE_CLASS]))).toBeNull();
    expect(name(msg([0xff, 0xff, ...TYPE_CLASS]))).toBeNull();
    expect(name(msg([3, 0x77, 0x77, 0x77, 0xc0]))).toBeNull();
    expect(name(msg([0x10, 0x77, 0x77, 0x77]))).toBeNull();
    expect(name(msg([3, 0x77, 0x77, 0x77]))).toBeNull(); // no terminator
    expect(name(msg([3, 0x77, 0x77, 0x77, 0]))).toBeNull(); // no type and class
  });

  it('says <Name too long> from 254 characters on; labels of 63 are fine, 0x40+ are extended labels', () => {
    const a = (n: number): string => 'a'.repeat(n);
    expect(name(msg([...wire(`${a(63)}.com`), ...TYPE_CLASS]))).toBe(`${a(63)}.com`);
    expect(name(msg([...wire(`${a(63)}.${a(63)}.${a(63)}.${a(61)}`), ...TYPE_CLASS]))).toHaveLength(253);
    expect(name(msg([...wire(`${a(63)}.${a(63)}.${a(63)}.${a(62)}`), ...TYPE_CLASS]))).toBe('<Name too long>');
    expect(name(msg([...wire(`${a(63)}.${a(63)}.${a(63)}.${a(63)}`), ...TYPE_CLASS]))).toBe('<Name too long>');
    expect(name(msg([...wire(Array.from({ length: 5 }, () => a(60)).join('.')), ...TYPE_CLASS]))).toBe('<Name too long>');
    // Length byte 64 is extended label type 0: as the first label tshark throws, after one it names it.
    expect(name(msg([0x40, ...Array.from({ length: 64 }, () => 0x61), 0, ...TYPE_CLASS]))).toBeNull();
    expect(name(msg([3, 0x77, 0x77, 0x77, 0x40, 0x61, 0x62, 0x63, 0x64]))).toBe('<Unknown extended label>');
    expect(name(msg([0x80, ...Array.from({ length: 10 }, () => 0x61), 0, ...TYPE_CLASS]))).toBeNull();
    // A bitstring label is printed but not counted in the name length tshark outputs.
    expect(name(msg([3, 0x77, 0x77, 0x77, 0x41, 0x10, 0xab, 0xcd, 3, 0x63, 0x6f, 0x6d, 0, ...TYPE_CLASS]))).toBe('www\\[xa');
    expect(name(msg([0x41, 0x10, 0xab, 0xcd, 0, ...TYPE_CLASS]))).toBeNull();
  });

  it('escapes bytes as tshark format_text() does', () => {
    const label = (bytes: number[]): string | null => name(msg([bytes.length, ...bytes, 3, 0x63, 0x6f, 0x6d, 0, ...TYPE_CLASS]));
    expect(label([0x61, 0x01, 0x62])).toBe('a\\001b.com');
    expect(label([0x1b, 0x0d, 0x07, 0x08, 0x0b, 0x0c, 0x09, 0x0a])).toBe('\\033\\r\\a\\b\\v\\f\\t\\n.com');
    expect(label([0x65, 0x7f])).toBe('e\\177.com');
    expect(label([0x67, 0x5c, 0x68])).toBe('g\\h.com');
    expect(label([0x61, 0x2e, 0x62])).toBe('a.b.com');
    expect(label([0x63, 0x61, 0x66, 0xc3, 0xa9])).toBe('café.com');
    expect(label([0xe2, 0x80, 0x8b])).toBe('\\u200B.com'); // format character
    expect(label([0xc2, 0x85])).toBe('\\u0085.com'); // C1 control
    expect(label([0xef, 0xbf, 0xbf])).toBe('\\uFFFF.com'); // noncharacter
    expect(label([0xff])).toBe('\uFFFD.com');
    expect(label([0xc3, 0x28])).toBe('\uFFFD(.com'); // missing continuation: the byte is read again
    expect(label([0xed, 0xa0, 0x80])).toBe('\uFFFD.com'); // surrogate
    expect(label([0xe0, 0x80, 0x80])).toBe('\\u0000.com'); // overlong NUL is decoded
    expect(label([0xc0, 0xaf])).toBe('/.com'); // overlong '/'
    expect(label([0xf0, 0x9f, 0x98, 0x80])).toBe('😀.com');
  });

  it('bounds the work on a 64 KiB message of one-byte labels that points back at itself', () => {
    const body: number[] = [];
    while (body.length < 65000) body.push(1, 0x61);
    body.push(0xc0, 0x0c, ...TYPE_CLASS);
    const m = msg(body);
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) expect(name(m)).toBe('<Name contains a pointer that loops>');
    expect(performance.now() - t0).toBeLessThan(200);
    // 255 pointers are followed (here: the question's, then a run of pointers each to the next,
    // the last to a root label); one more makes it a loop.
    const run = (n: number): number[] => {
      const out = [0xc0, 18, ...TYPE_CLASS];
      for (let i = 0; i < n; i++) {
        const target = 18 + 2 * (i + 1);
        out.push(0xc0 | (target >> 8), target & 0xff);
      }
      return [...out, 0];
    };
    expect(name(msg(run(254)))).toBe('<Root>');
    expect(name(msg(run(255)))).toBe('<Name contains a pointer that loops>');
  });
});

/** An Ethernet/IPv4/UDP frame from `sport` to `dport` carrying `payload`. */
function udpFrame(sport: number, dport: number, payload: number[], dst = [10, 0, 0, 2]): Frame {
  return frame(1, [...eth(0x0800), ...ipv4({ proto: 17, payloadLen: 8 + payload.length, dst }), ...udp(sport, dport, 8 + payload.length), ...payload]);
}

function query(f: Frame): string | null {
  const p = newDecodedPacket();
  decodePacket(f, p);
  return dnsQueryName(f, p);
}

describe('dnsQueryName', () => {
  const q = msg([...wire('q.example'), ...TYPE_CLASS]);

  it('finds DNS, mDNS and LLMNR over UDP by tshark’s lower-port-first choice', () => {
    expect(query(udpFrame(40000, 53, q))).toBe('q.example');
    expect(query(udpFrame(5353, 5353, q))).toBe('q.example');
    expect(query(udpFrame(40000, 5355, q))).toBe('q.example');
    expect(query(udpFrame(137, 53, q))).toBe('q.example'); // 53 is the lower port
    expect(query(udpFrame(7, 53, q))).toBeNull(); // echo (7) claims it
    expect(query(udpFrame(1900, 5353, q))).toBeNull(); // SSDP claims it
    expect(query(udpFrame(1701, 5353, q))).toBe('q.example'); // L2TP rejects a non-L2TP header
    expect(query(udpFrame(40000, 8053, q))).toBeNull();
  });

  it('trims to the UDP length and needs the whole question', () => {
    const f = (len: number): Frame =>
      frame(1, [...eth(0x0800), ...ipv4({ proto: 17, payloadLen: 8 + q.length }), ...udp(40000, 53, len), ...q]);
    expect(query(f(8 + q.length))).toBe('q.example');
    expect(query(f(8))).toBeNull();
    expect(query(f(7))).toBeNull();
    expect(query(f(8 + q.length - 1))).toBeNull();
    expect(query(f(500))).toBe('q.example'); // longer than the datagram: the IP payload counts
  });

  it('reads DNS over TCP with the length prefix, message after message, but not in an RST', () => {
    const seg = (payload: number[], flags = 0x18, sport = 40000): Frame =>
      frame(1, [...eth(0x0800), ...ipv4({ proto: 6, payloadLen: 20 + payload.length }), ...tcp(sport, 53, flags), ...payload]);
    expect(query(seg([...u16(q.length), ...q]))).toBe('q.example');
    expect(query(seg([...u16(3), 0x61, 0x62, 0x63, ...u16(q.length), ...q]))).toBe('q.example');
    expect(query(seg(q))).toBeNull(); // no prefix: the id is read as the length
    expect(query(seg([...u16(q.length), ...q], 0x04))).toBeNull();
    expect(query(seg([...u16(q.length), ...q], 0x18, 22))).toBeNull(); // SSH (22) is the lower port
  });

  it('follows DNS inside a VXLAN tunnel but not inside GRE (the outer class is not UDP)', () => {
    const inner = [...eth(0x0800), ...ipv4({ proto: 17, payloadLen: 8 + q.length }), ...udp(40001, 53, 8 + q.length), ...q];
    expect(query(udpFrame(45000, 4789, [...hex('0800000000000100'), ...inner]))).toBe('q.example');
    const gre = frame(1, [...eth(0x0800), ...ipv4({ proto: 47, payloadLen: 4 + inner.length - 14 }), ...hex('00000800'), ...inner.slice(14)]);
    expect(query(gre)).toBeNull();
  });
});

describe('learnNames', () => {
  /** Response to www.x.com: CNAME edge.y.net (compressed), A 1.2.3.4 and AAAA for edge.y.net. */
  const answer = [
    ...wire('www.x.com'), ...TYPE_CLASS,
    0xc0, 0x0c, 0, 5, 0, 1, 0, 0, 0, 60, 0, 12, 4, 0x65, 0x64, 0x67, 0x65, 1, 0x79, 3, 0x6e, 0x65, 0x74, 0,
    0xc0, 0x27, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4,
    0xc0, 0x27, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16, ...hex('20010db8000000000000000000000001'),
  ];

  function learnt(f: Frame): string[] {
    const p = newDecodedPacket();
    decodePacket(f, p);
    const out: string[] = [];
    learnNames(f, p, { learnName: (addr, n) => out.push(`${addr}=${n}`) });
    return out;
  }

  it('maps the queried name to the final addresses through a compressed CNAME chain', () => {
    expect(learnt(udpFrame(53, 40000, msg(answer, 1, 0x8180, 3)))).toEqual(['1.2.3.4=www.x.com', '2001:db8::1=www.x.com']);
    // Not a response, or not DNS: nothing.
    expect(learnt(udpFrame(53, 40000, msg(answer, 1, 0x0100, 3)))).toEqual([]);
    expect(learnt(udpFrame(8053, 40000, msg(answer, 1, 0x8180, 3)))).toEqual([]);
  });

  it('names records outside the chain, and additional records, by their owner (mDNS has no question)', () => {
    const mdns = msg([...wire('host.local'), 0, 1, 0x80, 1, 0, 0, 0, 120, 0, 4, 10, 0, 0, 7], 0, 0x8400, 1);
    expect(learnt(udpFrame(5353, 5353, mdns))).toEqual(['10.0.0.7=host.local']);
    const glue = msg([...wire('a.example'), ...TYPE_CLASS, 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 9, 0, 4, 9, 9, 9, 9, ...wire('ns.example'), 0, 1, 0, 1, 0, 0, 0, 9, 0, 4, 8, 8, 8, 8], 1, 0x8180, 1, 0, 1);
    expect(learnt(udpFrame(53, 40000, glue))).toEqual(['9.9.9.9=a.example', '8.8.8.8=ns.example']);
  });

  it('survives hostile answers: loops, pointers past the end, absurd counts', () => {
    const bad = msg([...wire('x.example'), ...TYPE_CLASS, 0xc0, 0x0c + 0x40, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 1, 1, 1, 0xc0, 0xff], 1, 0x8180, 0xffff, 0xffff, 0xffff);
    expect(learnt(udpFrame(53, 40000, bad))).toEqual([]);
  });

  it('reports the SNI of a TLS ClientHello for the destination address', () => {
    const sni = Array.from('example.org', (c) => c.charCodeAt(0));
    const ext = [0, 0, ...u16(sni.length + 5), ...u16(sni.length + 3), 0, ...u16(sni.length), ...sni];
    const body = [3, 3, ...new Array<number>(32).fill(7), 0, ...u16(2), 0x13, 0x01, 1, 0, ...u16(ext.length), ...ext];
    const hs = [1, 0, ...u16(body.length), ...body];
    const rec = [0x16, 3, 1, ...u16(hs.length), ...hs];
    const f = frame(1, [...eth(0x0800), ...ipv4({ proto: 6, payloadLen: 20 + rec.length, dst: [93, 184, 216, 34] }), ...tcp(40000, 443, 0x18), ...rec]);
    expect(learnt(f)).toEqual(['93.184.216.34=example.org']);
    // Cut before the extension: nothing.
    expect(learnt(frame(1, [...eth(0x0800), ...ipv4({ proto: 6, payloadLen: 20 + rec.length - 8, dst: [93, 184, 216, 34] }), ...tcp(40000, 443, 0x18), ...rec.slice(0, -8)]))).toEqual([]);
  });
});
