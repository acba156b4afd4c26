/** decodePacket on hand-made frames: one behaviour per case (RFC/IEEE rules and ORACLE.md). */
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/capture/frame.js';
import { decodePacket, summarizePacket } from '../../src/decode/index.js';
import type { DecodedPacket } from '../../src/decode/packet.js';
import { newDecodedPacket, PacketStatus, TransportClass } from '../../src/decode/packet.js';
import { eth, ext, frame, hex, ipv4, ipv6, MAC_A, tag, tcp, u16, udp } from './build.js';

function decode(f: Frame): DecodedPacket {
  const p = newDecodedPacket();
  decodePacket(f, p);
  return p;
}

const SYN_ACK = 0x12;
const tcpV4 = (): number[] => [...ipv4({ proto: 6, payloadLen: 20 }), ...tcp(1234, 80, SYN_ACK)];

describe('Ethernet and tags (IEEE 802.3, 802.1Q, 802.1ad)', () => {
  it('decodes IPv4/TCP: addresses, ports, flags, offsets', () => {
    const p = decode(frame(1, [...eth(0x0800), ...tcpV4()]));
    expect(p).toMatchObject({
      status: PacketStatus.Ok, ipVersion: 4, src4: 0x0a000001, dst4: 0x0a000002, ipProto: 6,
      transport: TransportClass.Tcp, srcPort: 1234, dstPort: 80, tcpFlags: SYN_ACK, ipOff: 14, l4Off: 34,
      fragment: false,
    });
  });

  it('walks 802.1ad + 802.1Q (QinQ) and 0x9100 + VN-Tag stacks', () => {
    const qinq = decode(frame(1, [...eth(0x88a8), ...tag(10, 0x8100), ...tag(20, 0x0800), ...tcpV4()]));
    expect([qinq.status, qinq.srcPort, qinq.ipOff]).toEqual([PacketStatus.Ok, 1234, 22]);
    const old = decode(frame(1, [...eth(0x9100), ...tag(10, 0x9100), ...tag(20, 0x8100), ...tag(30, 0x0800), ...tcpV4()]));
    expect([old.status, old.dstPort, old.ipOff]).toEqual([PacketStatus.Ok, 80, 26]);
    const vn = decode(frame(1, [...eth(0x8926), 0, 0, 0, 0, ...u16(0x0800), ...tcpV4()]));
    expect([vn.status, vn.ipOff]).toEqual([PacketStatus.Ok, 20]);
  });

  it('treats 802.3 length frames as LLC: STP is class other, SNAP carries an EtherType', () => {
    const stp = decode(frame(1, [...eth(38), ...hex('424203'), ...new Array<number>(35).fill(0)]));
    expect([stp.status, stp.transport, stp.ipVersion]).toEqual([PacketStatus.Ok, TransportClass.Other, 0]);
    expect(summarizePacket(frame(1, [...eth(38), ...hex('424203'), ...new Array<number>(35).fill(0)])).proto).toBe('LLC');
    const snapBody = [...hex('aaaa03000000'), ...u16(0x0800), ...tcpV4()];
    const snap = decode(frame(1, [...eth(snapBody.length), ...snapBody]));
    expect([snap.status, snap.transport, snap.srcPort]).toEqual([PacketStatus.Ok, TransportClass.Tcp, 1234]);
  });

  it('says Unsupported for an unknown EtherType and Truncated inside a tag', () => {
    expect(decode(frame(1, [...eth(0x88cc), 1, 2, 3])).status).toBe(PacketStatus.Unsupported);
    expect(summarizePacket(frame(1, [...eth(0x88cc), 1, 2, 3]))).toMatchObject({ proto: '0x88cc', info: '[unsupported ethertype 0x88cc]' });
    expect(decode(frame(1, [...eth(0x8100), 0, 10])).status).toBe(PacketStatus.Truncated);
    expect(decode(frame(1, eth(0x0800).slice(0, 13))).status).toBe(PacketStatus.Truncated);
  });

  it('decodes ARP (op) and RARP', () => {
    const arp = [...u16(1), ...u16(0x0800), 6, 4, ...u16(1), ...MAC_A, 10, 0, 0, 2, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1];
    const p = decode(frame(1, [...eth(0x0806), ...arp]));
    expect([p.status, p.transport, p.arpOp, p.ipVersion, p.ipProto]).toEqual([PacketStatus.Ok, TransportClass.Arp, 1, 0, -1]);
    expect(summarizePacket(frame(1, [...eth(0x0806), ...arp]))).toEqual({
      src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02', proto: 'ARP', info: 'Who has 10.0.0.1? Tell 10.0.0.2',
    });
    expect(decode(frame(1, [...eth(0x0806), ...arp.slice(0, 20)])).status).toBe(PacketStatus.Truncated);
    expect(decode(frame(1, [...eth(0x8035), ...arp])).transport).toBe(TransportClass.Arp);
  });
});

describe('IPv4 (RFC 791)', () => {
  it('is Malformed without addresses for IHL < 5, version ≠ 4, total length < header', () => {
    for (const bad of [ipv4({ proto: 6, payloadLen: 20, ihl: 4 }), ipv4({ proto: 6, payloadLen: 20, version: 5 }), ipv4({ proto: 6, payloadLen: 20, totalLen: 19 })]) {
      const p = decode(frame(1, [...eth(0x0800), ...bad, ...tcp(1, 2, 2)]));
      expect([p.status, p.ipVersion, p.transport, p.srcPort]).toEqual([PacketStatus.Malformed, 0, TransportClass.Other, -1]);
    }
  });

  it('accepts total length 0 (TSO) and trims Ethernet padding by total length', () => {
    expect(decode(frame(1, [...eth(0x0800), ...ipv4({ proto: 6, payloadLen: 20, totalLen: 0 }), ...tcp(1, 2, 2)])).status).toBe(PacketStatus.Ok);
    // 20-byte datagram with no room for UDP, padded with bytes that would look like a UDP header.
    const p = decode(frame(1, [...eth(0x0800), ...ipv4({ proto: 17, payloadLen: 0 }), ...udp(53, 53)]));
    expect([p.status, p.srcPort, p.transport]).toEqual([PacketStatus.Truncated, -1, TransportClass.Udp]);
  });

  it('marks fragments; later fragments have no ports but keep their class', () => {
    const first = decode(frame(1, [...eth(0x0800), ...ipv4({ proto: 17, payloadLen: 8, frag: 0x2000 }), ...udp(53, 1000)]));
    expect([first.fragment, first.srcPort, first.transport]).toEqual([true, 53, TransportClass.Udp]);
    const later = decode(frame(1, [...eth(0x0800), ...ipv4({ proto: 17, payloadLen: 8, frag: 185 }), ...udp(53, 1000)]));
    expect([later.fragment, later.srcPort, later.dstPort, later.transport, later.l4Off, later.status]).toEqual([true, -1, -1, TransportClass.Udp, -1, PacketStatus.Ok]);
    expect(summarizePacket(frame(1, [...eth(0x0800), ...ipv4({ proto: 17, payloadLen: 8, frag: 185 }), ...udp(53, 1000)])).info).toBe('Fragment (proto=UDP 17, off=1480, ID=0x1234)');
  });

  it('is Truncated when options are cut, with addresses kept', () => {
    const p = decode(frame(1, [...eth(0x0800), ...ipv4({ proto: 6, payloadLen: 0, ihl: 8 }).slice(0, 24)]));
    expect([p.status, p.ipVersion, p.src4, p.ipProto, p.l4Off]).toEqual([PacketStatus.Truncated, 4, 0x0a000001, 6, -1]);
  });

  it('classes by protocol number: ICMP type/code, GRE is other', () => {
    const icmp = decode(frame(1, [...eth(0x0800), ...ipv4({ proto: 1, payloadLen: 8 }), 3, 3, 0, 0, 0, 0, 0, 0]));
    expect([icmp.transport, icmp.icmpType, icmp.icmpCode, icmp.srcPort]).toEqual([TransportClass.Icmp, 3, 3, -1]);
    const gre = decode(frame(1, [...eth(0x0800), ...ipv4({ proto: 47, payloadLen: 4 }), 0, 0, 8, 0]));
    expect([gre.transport, gre.ipProto, gre.l4Off, gre.status]).toEqual([TransportClass.Other, 47, 34, PacketStatus.Ok]);
  });
});

describe('IPv6 (RFC 8200) extension chain, ORACLE.md rule', () => {
  const v6frame = (nh: number, rest: number[]): Frame => frame(1, [...eth(0x86dd), ...ipv6(nh, rest.length), ...rest]);

  it('skips 0, 43, 44 (first fragment) and 60 to reach TCP', () => {
    const rest = [...ext('opts', 43), ...ext('opts', 44), ...ext('frag', 60, 0, true), ...ext('opts', 6), ...tcp(443, 5555, 0x18)];
    const p = decode(v6frame(0, rest));
    expect([p.status, p.ipVersion, p.ipProto, p.transport, p.srcPort, p.tcpFlags, p.fragment, p.l4Off]).toEqual([
      PacketStatus.Ok, 6, 6, TransportClass.Tcp, 443, 0x18, true, 14 + 40 + 32,
    ]);
    expect(summarizePacket(v6frame(0, rest))).toMatchObject({ src: '2001:db8::1', dst: '2001:db8::2', proto: 'TCP', info: '443 → 5555 [PSH, ACK] [fragment]' });
  });

  it('stops at any other header: AH 51, ESP 50, Mobility 135, No Next Header 59 are the result', () => {
    for (const stop of [51, 50, 135, 59]) {
      const p = decode(v6frame(0, [...ext('opts', stop), ...new Array<number>(16).fill(0)]));
      expect([p.ipProto, p.transport, p.status]).toEqual([stop, TransportClass.Other, PacketStatus.Ok]);
    }
  });

  it('gives a non-first fragment no ports but the class of its next header', () => {
    const p = decode(v6frame(44, [...ext('frag', 17, 100, false), ...udp(53, 53)]));
    expect([p.fragment, p.ipProto, p.transport, p.srcPort]).toEqual([true, 17, TransportClass.Udp, -1]);
  });

  it('leaves ipProto unknown (-1) when the chain is cut, Truncated', () => {
    const p = decode(frame(1, [...eth(0x86dd), ...ipv6(0, 8), ...ext('opts', 6).slice(0, 5)]));
    expect([p.status, p.ipVersion, p.ipProto, p.transport]).toEqual([PacketStatus.Truncated, 6, -1, TransportClass.Other]);
  });

  it('is Malformed when a header overruns the payload length or its options overrun it', () => {
    const long = decode(frame(1, [...eth(0x86dd), ...ipv6(60, 4), ...ext('opts', 17), ...udp(1, 2)]));
    expect([long.status, long.ipProto, long.transport, long.srcPort]).toEqual([PacketStatus.Malformed, 17, TransportClass.Udp, -1]);
    const badOpt = [17, 0, 0x1e, 9, 0, 0, 0, 0, ...udp(1, 2)];
    const opt = decode(v6frame(60, badOpt));
    expect([opt.status, opt.ipProto, opt.srcPort]).toEqual([PacketStatus.Malformed, 17, -1]);
  });

  it('is Malformed for version ≠ 6 under EtherType 0x86dd', () => {
    const bytes = [...eth(0x86dd), ...ipv6(6, 20), ...tcp(1, 2, 2)];
    bytes[14] = 0x45;
    expect([decode(frame(1, bytes)).status, decode(frame(1, bytes)).ipVersion]).toEqual([PacketStatus.Malformed, 0]);
  });

  it('classes ICMPv6 and reads type/code', () => {
    const p = decode(v6frame(58, [135, 0, 0, 0, 0, 0, 0, 0, ...new Array<number>(16).fill(0)]));
    expect([p.transport, p.icmpType, p.icmpCode]).toEqual([TransportClass.Icmpv6, 135, 0]);
  });
});

describe('TCP and UDP headers', () => {
  it('reads 12-bit flags including AE and reserved bits', () => {
    const p = decode(frame(1, [...eth(0x0800), ...ipv4({ proto: 6, payloadLen: 20 }), ...tcp(1, 2, 0x1d2)]));
    expect(p.tcpFlags).toBe(0x1d2);
    expect(summarizePacket(frame(1, [...eth(0x0800), ...ipv4({ proto: 6, payloadLen: 20 }), ...tcp(1, 2, 0x1d2)])).info).toBe('1 → 2 [SYN, ACK, ECE, CWR, AE]');
  });

  it('is Malformed for data offset < 5: ports kept, no flags (tshark 4.0 stops before tcp.flags)', () => {
    const p = decode(frame(1, [...eth(0x0800), ...ipv4({ proto: 6, payloadLen: 20 }), ...tcp(1, 2, 2, 4)]));
    expect([p.status, p.srcPort, p.dstPort, p.tcpFlags]).toEqual([PacketStatus.Malformed, 1, 2, -1]);
    // Only the data offset byte captured: the contradiction is already visible.
    const cut = decode(frame(1, [...eth(0x0800), ...ipv4({ proto: 6, payloadLen: 20 }), ...tcp(1, 2, 2, 4).slice(0, 13)]));
    expect([cut.status, cut.tcpFlags]).toEqual([PacketStatus.Malformed, -1]);
  });

  it('is Truncated inside the header: ports need 4 bytes, flags 14, options the data offset', () => {
    const base = [...eth(0x0800), ...ipv4({ proto: 6, payloadLen: 32 })];
    const seg = tcp(7, 8, 0x10, 8);
    const at = (n: number): DecodedPacket => decode(frame(1, [...base, ...seg.slice(0, n)]));
    expect([at(3).status, at(3).srcPort]).toEqual([PacketStatus.Truncated, -1]);
    expect([at(4).srcPort, at(13).tcpFlags]).toEqual([7, -1]);
    expect([at(14).tcpFlags, at(31).status, at(32).status]).toEqual([0x10, PacketStatus.Truncated, PacketStatus.Ok]);
  });

  it('is Malformed for a UDP length below 8 (0 allowed for jumbograms)', () => {
    expect(decode(frame(1, [...eth(0x0800), ...ipv4({ proto: 17, payloadLen: 8 }), ...udp(1, 2, 5)])).status).toBe(PacketStatus.Malformed);
    expect(decode(frame(1, [...eth(0x0800), ...ipv4({ proto: 17, payloadLen: 8 }), ...udp(1, 2, 0)])).status).toBe(PacketStatus.Ok);
  });
});

describe('other link types', () => {
  const ipPkt = tcpV4();
  it('NULL/LOOP: AF_INET in either byte order, AF_INET6 24/28/30, others Unsupported', () => {
    expect(decode(frame(0, [2, 0, 0, 0, ...ipPkt])).srcPort).toBe(1234);
    expect(decode(frame(108, [0, 0, 0, 2, ...ipPkt])).srcPort).toBe(1234);
    for (const af of [24, 28, 30]) {
      expect(decode(frame(0, [af, 0, 0, 0, ...ipv6(59, 0)])).ipVersion).toBe(6);
      expect(decode(frame(108, [0, 0, 0, af, ...ipv6(59, 0)])).ipVersion).toBe(6);
    }
    expect(decode(frame(0, [7, 0, 0, 0, ...ipPkt])).status).toBe(PacketStatus.Unsupported);
    expect(decode(frame(0, [2, 0, 0])).status).toBe(PacketStatus.Truncated);
  });

  it('raw IP: 101 and 12/14 by version nibble, 228 IPv4 only, 229 IPv6 only', () => {
    for (const lt of [101, 12, 14]) {
      expect(decode(frame(lt, ipPkt)).ipVersion).toBe(4);
      expect(decode(frame(lt, ipv6(59, 0))).ipVersion).toBe(6);
      expect(decode(frame(lt, [0x50, ...ipPkt.slice(1)])).status).toBe(PacketStatus.Malformed);
    }
    expect(decode(frame(228, ipPkt)).ipVersion).toBe(4);
    expect(decode(frame(229, ipPkt)).status).toBe(PacketStatus.Malformed);
    expect(decode(frame(229, ipv6(59, 0))).ipVersion).toBe(6);
    expect(decode(frame(101, [])).status).toBe(PacketStatus.Truncated);
  });

  it('Linux SLL and SLL2', () => {
    const sll = [0, 0, 0, 1, 0, 6, ...MAC_A, 0, 0, ...u16(0x0800)];
    expect(decode(frame(113, [...sll, ...ipPkt])).srcPort).toBe(1234);
    const sll2 = [...u16(0x86dd), 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, ...MAC_A, 0, 0];
    expect(decode(frame(276, [...sll2, ...ipv6(59, 0)])).ipVersion).toBe(6);
    expect(decode(frame(276, sll2.slice(0, 19))).status).toBe(PacketStatus.Truncated);
    expect(summarizePacket(frame(113, [...sll, ...ipPkt])).src).toBe('10.0.0.1');
  });

  it('unknown link types are Unsupported, named in the summary', () => {
    expect(decode(frame(160, [1, 2, 3])).status).toBe(PacketStatus.Unsupported);
    expect(summarizePacket(frame(160, [1, 2, 3]))).toEqual({ src: '', dst: '', proto: 'LINKTYPE_160', info: '[unsupported linktype 160]' });
  });
});

describe('decodePacket contract', () => {
  it('resets every field between packets', () => {
    const p = newDecodedPacket();
    decodePacket(frame(1, [...eth(0x86dd), ...ipv6(44, 16), ...ext('frag', 17, 1), ...udp(1, 2)]), p);
    expect(p.fragment).toBe(true);
    decodePacket(frame(1, [...eth(0x88cc), 0]), p);
    expect(p).toEqual({ ...newDecodedPacket(), status: PacketStatus.Unsupported });
  });

  it('reads only buf[off, off + caplen) of a shared buffer', () => {
    const pkt = [...eth(0x0800), ...tcpV4()];
    const buf = Uint8Array.from([...new Array<number>(100).fill(0x45), ...pkt, ...new Array<number>(100).fill(0x45)]);
    const p = newDecodedPacket();
    decodePacket({ buf, off: 100, caplen: pkt.length, origLen: pkt.length, tsSec: 0, tsNsec: 0, linktype: 1 }, p);
    expect([p.status, p.srcPort, p.ipOff, p.l4Off]).toEqual([PacketStatus.Ok, 1234, 114, 134]);
    decodePacket({ buf, off: 100, caplen: 40, origLen: pkt.length, tsSec: 0, tsNsec: 0, linktype: 1 }, p);
    expect([p.status, p.srcPort, p.tcpFlags]).toEqual([PacketStatus.Truncated, 1234, -1]);
  });

  it('never throws on lying frame bounds', () => {
    const buf = Uint8Array.from([...eth(0x0800), ...tcpV4()]);
    const p = newDecodedPacket();
    for (const [off, caplen] of [[-1, 10], [0, 1e9], [buf.length + 5, 10], [NaN, 10], [0, -3], [3, NaN]]) {
      expect(() => decodePacket({ buf, off, caplen, origLen: 0, tsSec: 0, tsNsec: 0, linktype: 1 }, p)).not.toThrow();
      expect(() => summarizePacket({ buf, off, caplen, origLen: 0, tsSec: 0, tsNsec: 0, linktype: 1 })).not.toThrow();
    }
    decodePacket({ buf, off: 0, caplen: 1e9, origLen: 0, tsSec: 0, tsNsec: 0, linktype: 1 }, p);
    expect(p.srcPort).toBe(1234);
  });
});

describe('summary suffixes name what was unsupported', () => {
  it('address family, PPP protocol, ethertype, linktype', () => {
    expect(summarizePacket(frame(0, [7, 0, 0, 0, 1, 2])).info).toBe('[unsupported address family 7]');
    expect(summarizePacket(frame(108, [0, 0, 0, 9, 1, 2])).info).toBe('[unsupported address family 9]');
    expect(summarizePacket(frame(9, [0xff, 0x03, 0xc0, 0x21, 1, 2])).info).toBe('[unsupported PPP protocol 0xc021]');
    expect(summarizePacket(frame(1, [...eth(0x9000), 0, 0])).info).toBe('[unsupported ethertype 0x9000]');
    expect(summarizePacket(frame(1, [...eth(0x8847), 0, 0, 1, 64, 0x00, 0, 0, 0])).info).toBe('[unsupported MPLS payload]');
  });
});
