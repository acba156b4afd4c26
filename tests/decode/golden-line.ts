/**
 * One stable text line per packet for the golden files (tests/decode/golden/<fixture>.txt).
 * Not a test file itself.
 */
import type { Frame } from '../../src/capture/frame.js';
import { decodePacket, summarizePacket } from '../../src/decode/index.js';
import { formatIpv4, formatIpv6 } from '../../src/decode/format.js';
import { newDecodedPacket, TRANSPORT_NAMES } from '../../src/decode/packet.js';

const STATUS_NAMES = ['ok', 'truncated', 'malformed', 'unsupported'] as const;

/**
 * `<n> <status> ip<v> <src> > <dst> proto=<ipProto> <transport> ports=<s>,<d> flags=<0x…|-> icmp=<t>/<c> arp=<op> [frag] | <proto> | <info>`
 * with "-" for absent values.
 */
export function goldenLine(n: number, f: Frame): string {
  const p = newDecodedPacket();
  decodePacket(f, p);
  const s = summarizePacket(f);
  const dash = (v: number): string => (v < 0 ? '-' : String(v));
  const src = p.ipVersion === 4 ? formatIpv4(p.src4) : p.ipVersion === 6 ? formatIpv6(f.buf, p.src6Off) : '-';
  const dst = p.ipVersion === 4 ? formatIpv4(p.dst4) : p.ipVersion === 6 ? formatIpv6(f.buf, p.dst6Off) : '-';
  const flags = p.tcpFlags < 0 ? '-' : `0x${p.tcpFlags.toString(16).padStart(3, '0')}`;
  return [
    n,
    STATUS_NAMES[p.status],
    `ip${p.ipVersion}`,
    `${src} > ${dst}`,
    `proto=${dash(p.ipProto)}`,
    TRANSPORT_NAMES[p.transport],
    `ports=${dash(p.srcPort)},${dash(p.dstPort)}`,
    `flags=${flags}`,
    `icmp=${dash(p.icmpType)}/${dash(p.icmpCode)}`,
    `arp=${dash(p.arpOp)}`,
    ...(p.fragment ? ['frag'] : []),
    '|',
    s.proto,
    '|',
    `${s.src} > ${s.dst}`,
    s.info,
  ].join(' ').trimEnd();
}
