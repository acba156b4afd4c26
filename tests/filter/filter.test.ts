import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { compileViewFilter, matchesAddr, matchesProto, parseAddrFilter } from '../../src/filter/index.js';
import type { AddrFilter } from '../../src/filter/index.js';
import { TransportClass } from '../../src/decode/packet.js';
import type { ProtoFilter } from '../../src/aggregate/snapshot.js';
import { ip6Bytes, mk } from '../aggregate/helpers.js';

function ok(text: string): AddrFilter {
  const r = parseAddrFilter(text);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.error}`);
  return r.filter;
}

function err(text: string): string {
  const r = parseAddrFilter(text);
  if (r.ok) throw new Error(`expected ${text} to fail, got ${r.filter.text}`);
  return r.error;
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

describe('parseAddrFilter: IPv4', () => {
  it('accepts addresses and CIDR prefixes', () => {
    expect(ok('10.0.0.1')).toMatchObject({ family: 4, prefixLen: 32, net4: 0x0a000001, mask4: 0xffffffff, text: '10.0.0.1' });
    expect(ok('  192.168.1.0/24 ')).toMatchObject({ family: 4, prefixLen: 24, net4: 0xc0a80100, mask4: 0xffffff00, text: '192.168.1.0/24' });
    expect(ok('10.1.2.3/8')).toMatchObject({ net4: 0x0a000000, mask4: 0xff000000, text: '10.0.0.0/8' });
    expect(ok('255.255.255.255/32')).toMatchObject({ net4: 0xffffffff, mask4: 0xffffffff, text: '255.255.255.255' });
    expect(ok('1.2.3.4/0')).toMatchObject({ prefixLen: 0, net4: 0, mask4: 0, text: '0.0.0.0/0' });
    expect(ok('0.0.0.0')).toMatchObject({ prefixLen: 32, net4: 0 });
    expect(ok('172.16.5.4/12')).toMatchObject({ net4: 0xac100000, text: '172.16.0.0/12' });
    expect(ok('10.0.0.0/08').prefixLen).toBe(8);
  });

  it('rejects bad addresses with one short line', () => {
    expect(err('10.0.0.300')).toBe('not an IPv4/IPv6 address or CIDR: 10.0.0.300');
    expect(err('10.0.0.1/33')).toBe('prefix length must be 0-32 for IPv4: 10.0.0.1/33');
    expect(err('')).toBe('empty address filter');
    expect(err('   ')).toBe('empty address filter');
    for (const bad of [
      '10.0.0',
      '10.0.0.1.2',
      '010.0.0.1',
      '1.2.3.4/',
      '/24',
      '1.2.3.4/-1',
      '1.2.3.4/1/2',
      '1.2.3.4/ 8',
      '1.2.3.-4',
      '0x0a.0.0.1',
      '10.0.0.1a',
      '10..0.1',
      'localhost',
      '1.2.3.4 5',
    ]) {
      const e = err(bad);
      expect(e, bad).toMatch(/^(not an IPv4\/IPv6 address or CIDR|prefix length must be 0-32 for IPv4): /);
      expect(e).not.toMatch(/\n/);
    }
  });

  it('keeps error lines short and printable', () => {
    const e = err(`x${'9'.repeat(500)}\n\x1b[31m`);
    expect(e.length).toBeLessThan(120);
    expect(e).not.toMatch(/[\n\x1b]/);
    expect(e.endsWith('…')).toBe(true);
  });
});

describe('parseAddrFilter: IPv6', () => {
  it('accepts every RFC 4291 text form', () => {
    const cases: [string, string, string][] = [
      ['::', '00000000000000000000000000000000', '::'],
      ['::1', '00000000000000000000000000000001', '::1'],
      ['2001:DB8::1', '20010db8000000000000000000000001', '2001:db8::1'],
      ['2001:0db8:0000:0000:0000:0000:0000:0001', '20010db8000000000000000000000001', '2001:db8::1'],
      ['1:0:0:0:0:0:0:8', '00010000000000000000000000000008', '1::8'],
      ['1:2:3:4:5:6:7::', '00010002000300040005000600070000', '1:2:3:4:5:6:7:0'],
      ['::2:3:4:5:6:7:8', '00000002000300040005000600070008', '0:2:3:4:5:6:7:8'],
      ['1::', '00010000000000000000000000000000', '1::'],
      ['fe80::1:2', 'fe800000000000000000000000010002', 'fe80::1:2'],
      ['::ffff:10.0.0.1', '00000000000000000000ffff0a000001', '::ffff:10.0.0.1'],
      ['::FFFF:a00:1', '00000000000000000000ffff0a000001', '::ffff:10.0.0.1'],
      ['64:ff9b::192.0.2.33', '0064ff9b0000000000000000c0000221', '64:ff9b::c000:221'],
      ['1:2:3:4:5:6:1.2.3.4', '00010002000300040005000601020304', '1:2:3:4:5:6:102:304'],
      ['::1.2.3.4', '00000000000000000000000001020304', '::1.2.3.4'],
    ];
    for (const [input, bytes, text] of cases) {
      const f = ok(input);
      expect(f.family, input).toBe(6);
      expect(f.prefixLen, input).toBe(128);
      expect(hex(f.net6), input).toBe(bytes);
      expect(f.text, input).toBe(text);
    }
  });

  it('accepts prefixes /0 .. /128 and clears host bits', () => {
    expect(ok('2001:db8::/32')).toMatchObject({ prefixLen: 32, text: '2001:db8::/32' });
    expect(ok('2001:db8:ffff::1/32').text).toBe('2001:db8::/32');
    expect(ok('2001:db8::1/128').text).toBe('2001:db8::1');
    expect(hex(ok('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/0').net6)).toBe('0'.repeat(32));
    expect(ok('ffff:ffff::/0').text).toBe('::/0');
    expect(hex(ok('ffff:ffff:ffff:ffff::/33').net6)).toBe('ffffffff800000000000000000000000');
    expect(hex(ok('ffff:ffff:ffff:ffff:ffff::/71').net6)).toBe('fffffffffffffffffe00000000000000');
    expect(err('::1/129')).toBe('prefix length must be 0-128 for IPv6: ::1/129');
  });

  it('rejects invalid IPv6 text', () => {
    for (const bad of [
      ':::',
      '1::2::3',
      '1:::2',
      ':1::2',
      '1::2:',
      ':1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7:8:',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7:8::',
      '::1:2:3:4:5:6:7:8',
      '12345::',
      '::g',
      'fe80::1%eth0',
      '[::1]',
      '::ffff:1.2.3.256',
      '::1.2.3.4:5',
      '1.2.3.4::',
      '::ffff:01.2.3.4',
      '1:2:3:4:5:6:7:1.2.3.4',
      '::/',
      ':',
    ]) {
      expect(parseAddrFilter(bad).ok, bad).toBe(false);
    }
  });

  it('agrees with node:net isIP on which addresses are valid', () => {
    const inputs = [
      '::',
      '::1',
      '1::',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7::',
      '::2:3:4:5:6:7:8',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '::ffff:1.2.3.4',
      '::ffff:1.2.3.256',
      '1:2:3:4:5:6:1.2.3.4',
      '1:2:3:4:5:6:7:1.2.3.4',
      '12345::',
      'abcd:ef01::ABCD',
      '1.2.3.4',
      '1.2.3',
      '256.1.1.1',
      '01.2.3.4',
      '0.0.0.0',
      '255.255.255.255',
      ':1::',
      '::1:',
    ];
    for (const s of inputs) expect(parseAddrFilter(s).ok, s).toBe(isIP(s) !== 0);
  });
});

describe('matchesAddr', () => {
  const v4 = mk({ sec: 1, len: 60, src: '10.1.2.3', dst: '192.168.0.7' });
  const v6 = mk({ sec: 1, len: 60, src: '2001:db8:8000::5', dst: 'fe80::1' });
  const mapped = mk({ sec: 1, len: 60, src: '::ffff:a01:203', dst: '::1' });
  const arp = mk({ sec: 1, len: 42, transport: TransportClass.Arp });
  const m = (f: string, p: ReturnType<typeof mk>): boolean => matchesAddr(ok(f), p.frame, p.pkt);

  it('matches IPv4 source or destination by prefix', () => {
    expect(m('10.1.2.3', v4)).toBe(true);
    expect(m('192.168.0.7', v4)).toBe(true);
    expect(m('10.1.2.4', v4)).toBe(false);
    expect(m('10.0.0.0/8', v4)).toBe(true);
    expect(m('10.1.2.2/31', v4)).toBe(true); // .2 and .3
    expect(m('10.1.2.4/31', v4)).toBe(false); // .4 and .5
    expect(m('10.1.2.0/30', v4)).toBe(true);
    expect(m('192.168.0.0/16', v4)).toBe(true);
    expect(m('192.169.0.0/16', v4)).toBe(false);
    expect(m('0.0.0.0/0', v4)).toBe(true);
    expect(m('0.0.0.0/0', v6)).toBe(false);
    expect(m('0.0.0.0/0', arp)).toBe(false);
    expect(m('128.0.0.0/1', v4)).toBe(true); // via 192.168.0.7
    expect(m('128.0.0.0/1', mk({ sec: 1, len: 1, src: '10.0.0.1', dst: '127.255.255.255' }))).toBe(false);
  });

  it('matches IPv6 source or destination by prefix, bit-exact', () => {
    expect(m('2001:db8:8000::5', v6)).toBe(true);
    expect(m('fe80::1', v6)).toBe(true);
    expect(m('fe80::2', v6)).toBe(false);
    expect(m('2001:db8::/32', v6)).toBe(true);
    expect(m('2001:db8:8000::/33', v6)).toBe(true);
    expect(m('2001:db8::/33', v6)).toBe(false); // bit 33 of the source is 1, dst is fe80::
    expect(m('fe80::/10', v6)).toBe(true);
    expect(m('fec0::/10', v6)).toBe(false);
    expect(m('::/0', v6)).toBe(true);
    expect(m('::/0', v4)).toBe(false);
    expect(m('::/0', arp)).toBe(false);
  });

  it('treats IPv4-mapped filters as IPv6 only', () => {
    expect(m('::ffff:10.1.2.3', mapped)).toBe(true);
    expect(m('::ffff:10.1.2.3', v4)).toBe(false);
    expect(m('10.1.2.3', mapped)).toBe(false);
    expect(m('::ffff:0:0/96', mapped)).toBe(true);
  });

  it('does not read IPv6 addresses beyond the captured end', () => {
    const p = mk({ sec: 1, len: 60, src: '2001:db8::1', dst: '2001:db8::2' });
    p.frame.caplen = 30; // dst not captured
    expect(matchesAddr(ok('2001:db8::2'), p.frame, p.pkt)).toBe(false);
    expect(matchesAddr(ok('2001:db8::1'), p.frame, p.pkt)).toBe(true);
    expect(ip6Bytes('2001:db8::2')).toHaveLength(16);
  });
});

describe('matchesProto and compileViewFilter', () => {
  const classes = [TransportClass.Tcp, TransportClass.Udp, TransportClass.Icmp, TransportClass.Icmpv6, TransportClass.Arp, TransportClass.Other];
  const table: Record<ProtoFilter, boolean[]> = {
    all: [true, true, true, true, true, true],
    tcp: [true, false, false, false, false, false],
    udp: [false, true, false, false, false, false],
    icmp: [false, false, true, true, false, false],
    arp: [false, false, false, false, true, false],
    other: [false, false, false, false, false, true],
  };

  it('matches transport classes (icmp covers ICMPv6)', () => {
    for (const [proto, want] of Object.entries(table) as [ProtoFilter, boolean[]][]) {
      expect(classes.map((c) => matchesProto(proto, mk({ sec: 1, len: 1, transport: c }).pkt)), proto).toEqual(want);
    }
  });

  it('compiles proto + address into one predicate', () => {
    const none = compileViewFilter({ proto: 'all', addr: '  ' });
    expect(none.ok && none.active).toBe(false);
    const tcp10 = compileViewFilter({ proto: 'tcp', addr: '10.0.0.0/8' });
    if (!tcp10.ok) throw new Error(tcp10.error);
    expect(tcp10.active).toBe(true);
    expect(tcp10.addr?.text).toBe('10.0.0.0/8');
    const a = mk({ sec: 1, len: 1, transport: TransportClass.Tcp, src: '10.0.0.1', dst: '1.1.1.1' });
    const b = mk({ sec: 1, len: 1, transport: TransportClass.Udp, src: '10.0.0.1', dst: '1.1.1.1' });
    const c = mk({ sec: 1, len: 1, transport: TransportClass.Tcp, src: '11.0.0.1', dst: '1.1.1.1' });
    expect([a, b, c].map((p) => tcp10.match(p.frame, p.pkt))).toEqual([true, false, false]);
    const onlyAddr = compileViewFilter({ proto: 'all', addr: '1.1.1.1' });
    if (!onlyAddr.ok) throw new Error(onlyAddr.error);
    expect([a, b, c].map((p) => onlyAddr.match(p.frame, p.pkt))).toEqual([true, true, true]);
    const onlyUdp = compileViewFilter({ proto: 'udp', addr: '' });
    if (!onlyUdp.ok) throw new Error(onlyUdp.error);
    expect([a, b, c].map((p) => onlyUdp.match(p.frame, p.pkt))).toEqual([false, true, false]);
    if (none.ok) expect(none.match(a.frame, a.pkt)).toBe(true);
  });

  it('passes address errors through and rejects unknown protocols', () => {
    expect(compileViewFilter({ proto: 'tcp', addr: '10.0.0.300' })).toEqual({
      ok: false,
      error: 'not an IPv4/IPv6 address or CIDR: 10.0.0.300',
    });
    expect(compileViewFilter({ proto: 'sctp' as ProtoFilter, addr: '' })).toEqual({ ok: false, error: 'unknown protocol filter: sctp' });
  });
});
