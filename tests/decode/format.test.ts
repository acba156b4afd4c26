/** Address formatting (RFC 5952, tshark's IPv4-mapped form) and link-type names (libpcap). */
import { describe, expect, it } from 'vitest';
import { datalinkName } from '../../src/capture/pcap.js';
import { linktypeName } from '../../src/decode/constants.js';
import { formatIpv4, formatIpv6, formatMac } from '../../src/decode/format.js';
import { hex } from './build.js';

const v6 = (h: string): string => formatIpv6(Uint8Array.from(hex(h)), 0);

describe('formatIpv4', () => {
  it('prints a dotted quad from an unsigned 32-bit value', () => {
    expect(formatIpv4(0x0a000001)).toBe('10.0.0.1');
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255');
    expect(formatIpv4(0)).toBe('0.0.0.0');
    expect(formatIpv4(0xc0a80101 | 0)).toBe('192.168.1.1'); // negative int32 form too
  });
});

describe('formatIpv6 (RFC 5952)', () => {
  it('compresses the longest zero run, lower-case, no leading zeros', () => {
    expect(v6('20010db8000000000000000000000001')).toBe('2001:db8::1');
    expect(v6('20010DB8000000000000000000ABCDEF')).toBe('2001:db8::ab:cdef');
    expect(v6('00000000000000000000000000000000')).toBe('::');
    expect(v6('00000000000000000000000000000001')).toBe('::1');
    expect(v6('fe800000000000000000000000000000')).toBe('fe80::');
    expect(v6('ff020000000000000000000000000016')).toBe('ff02::16');
  });
  it('picks the first of two equally long runs and never compresses a single zero group', () => {
    expect(v6('20010db8000000000001000000000001')).toBe('2001:db8::1:0:0:1');
    expect(v6('20010db8000100000001000100010001')).toBe('2001:db8:1:0:1:1:1:1');
    expect(v6('20010000000000010000000000000001')).toBe('2001:0:0:1::1');
  });
  it('prints IPv4-mapped and IPv4-compatible addresses as tshark does', () => {
    expect(v6('00000000000000000000ffffc0000201')).toBe('::ffff:192.0.2.1');
    expect(v6('000000000000000000000000c0000201')).toBe('::192.0.2.1');
  });
  it('reads at an offset', () => {
    const b = Uint8Array.from([9, 9, ...hex('20010db8000000000000000000000002')]);
    expect(formatIpv6(b, 2)).toBe('2001:db8::2');
  });
});

describe('formatMac', () => {
  it('prints six lower-case hex pairs', () => {
    expect(formatMac(Uint8Array.from(hex('00aaBB0c0d0e')), 0)).toBe('00:aa:bb:0c:0d:0e');
  });
});

describe('linktypeName', () => {
  it('names the link types nta-top decodes', () => {
    const names: Record<number, string> = {
      0: 'NULL', 1: 'EN10MB', 12: 'RAW', 101: 'RAW', 108: 'LOOP', 113: 'LINUX_SLL', 276: 'LINUX_SLL2',
      228: 'IPV4', 229: 'IPV6', 127: 'IEEE802_11_RADIO', 239: 'NFLOG', 242: 'IPOIB', 258: 'PKTAP',
      105: 'IEEE802_11', 9: 'PPP', 10: 'FDDI',
    };
    for (const [v, n] of Object.entries(names)) expect(linktypeName(Number(v))).toBe(n);
    expect(linktypeName(160)).toBe('LINKTYPE_160');
    expect(linktypeName(65000)).toBe('LINKTYPE_65000');
  });
  it("equals libpcap's pcap_datalink_val_to_name for every DLT value 0..1000", () => {
    // File-only LINKTYPE_ values have another DLT number; they are named like that DLT.
    const aliases = new Set([14, 100, 101, 102, 103, 106]);
    const diffs: string[] = [];
    for (let v = 0; v <= 1000; v++) {
      if (aliases.has(v)) continue;
      if (linktypeName(v) !== datalinkName(v)) diffs.push(`${v}: ${linktypeName(v)} vs libpcap ${datalinkName(v)}`);
    }
    expect(diffs).toEqual([]);
  });
});
