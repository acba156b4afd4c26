/**
 * Address filter: the text a user types (an IPv4/IPv6 address or CIDR prefix) → a value matched
 * against a packet's outermost IP source and destination.
 *
 * Sources: RFC 791 / RFC 4632 (IPv4 dotted quad, CIDR), RFC 4291 §2.2 (IPv6 text forms, including
 * "::" and an embedded dotted IPv4 in the last 32 bits) and §2.3 (prefix notation), RFC 5952
 * (the canonical form we print back).
 */
import type { Frame } from '../capture/frame.js';
import type { DecodedPacket } from '../decode/packet.js';
import { formatIpv4, formatIpv6 } from '../decode/format.js';

/** A parsed address filter: one network (a single address is a /32 or /128). */
export interface AddrFilter {
  family: 4 | 6;
  /** Prefix length in bits: 0..32 (IPv4) or 0..128 (IPv6). */
  prefixLen: number;
  /** IPv4 network as an unsigned 32-bit integer, host bits cleared (0 for IPv6). */
  net4: number;
  /** IPv4 netmask as an unsigned 32-bit integer (0 for /0 and for IPv6). */
  mask4: number;
  /** IPv6 network, 16 bytes, host bits cleared (all zero for IPv4). */
  net6: Uint8Array;
  /**
   * Canonical text: dotted quad or RFC 5952 IPv6, with "/n" unless it is a single address, e.g.
   * "10.0.0.0/8" for the input "10.1.2.3/8" (host bits are cleared, not an error).
   */
  text: string;
}

export type AddrFilterResult = { ok: true; filter: AddrFilter } | { ok: false; error: string };

/** Longest piece of user input echoed back in an error (the status bar is one line). */
const MAX_ECHO = 60;

/**
 * Parses an address filter. Accepted (surrounding whitespace ignored):
 * - IPv4 dotted quad `a.b.c.d`, each part decimal 0..255 without leading zeros;
 * - IPv4 CIDR `a.b.c.d/n`, n = 0..32;
 * - IPv6 in any RFC 4291 text form: eight groups of 1–4 hex digits, one "::" standing for one or
 *   more zero groups, a dotted IPv4 as the last 32 bits (`::ffff:10.0.0.1`); case-insensitive;
 * - IPv6 CIDR `addr/n`, n = 0..128.
 * Not accepted: zone ids (`fe80::1%eth0`), brackets, hostnames, octal/hex/short IPv4 forms.
 * An IPv4-mapped IPv6 address is an IPv6 filter: it matches IPv6 packets carrying that address,
 * not IPv4 packets. Host bits under the prefix are cleared.
 * @returns the filter, or an error message of one short line for the status bar.
 */
export function parseAddrFilter(text: string): AddrFilterResult {
  const s = text.trim();
  if (s === '') return { ok: false, error: 'empty address filter' };
  const slash = s.indexOf('/');
  const addrText = slash < 0 ? s : s.slice(0, slash);
  const isV6 = addrText.includes(':');
  const bits = isV6 ? 128 : 32;
  const a4 = isV6 ? -1 : parseIpv4(addrText);
  const net6 = new Uint8Array(16);
  if (isV6 ? !parseIpv6(addrText, net6) : a4 < 0) return fail(s);
  let prefixLen = bits;
  if (slash >= 0) {
    prefixLen = parseDecimal(s.slice(slash + 1), bits, true);
    if (prefixLen < 0) return { ok: false, error: `prefix length must be 0-${bits} for ${isV6 ? 'IPv6' : 'IPv4'}: ${echo(s)}` };
  }
  if (!isV6) {
    const mask4 = prefixLen === 0 ? 0 : (0xffffffff << (32 - prefixLen)) >>> 0;
    const net4 = (a4 & mask4) >>> 0;
    const str = formatIpv4(net4) + (prefixLen === 32 ? '' : `/${prefixLen}`);
    return { ok: true, filter: { family: 4, prefixLen, net4, mask4, net6, text: str } };
  }
  for (let i = 0; i < 16; i++) net6[i] &= byteMask(prefixLen, i);
  const str = formatIpv6(net6, 0) + (prefixLen === 128 ? '' : `/${prefixLen}`);
  return { ok: true, filter: { family: 6, prefixLen, net4: 0, mask4: 0, net6, text: str } };
}

/**
 * True when the packet's outermost IP source or destination lies in the filter's network. Only
 * packets of the filter's family match; packets without IP never do. Allocates nothing.
 * IPv6 addresses are read from `frame.buf` at `pkt.src6Off` / `pkt.dst6Off` (bounds-checked
 * against the captured end).
 */
export function matchesAddr(filter: AddrFilter, frame: Frame, pkt: DecodedPacket): boolean {
  if (filter.family === 4) {
    if (pkt.ipVersion !== 4) return false;
    const m = filter.mask4;
    const n = filter.net4;
    return ((pkt.src4 & m) >>> 0) === n || ((pkt.dst4 & m) >>> 0) === n;
  }
  if (pkt.ipVersion !== 6) return false;
  const end = frame.off + frame.caplen;
  const s = pkt.src6Off;
  const d = pkt.dst6Off;
  return (s >= 0 && s + 16 <= end && inNet6(filter, frame.buf, s)) || (d >= 0 && d + 16 <= end && inNet6(filter, frame.buf, d));
}

function inNet6(f: AddrFilter, buf: Uint8Array, off: number): boolean {
  const p = f.prefixLen;
  const full = p >> 3;
  const net = f.net6;
  for (let i = 0; i < full; i++) if (buf[off + i] !== net[i]) return false;
  const rem = p & 7;
  if (rem === 0) return true;
  const m = (0xff << (8 - rem)) & 0xff;
  return (buf[off + full] & m) === net[full];
}

/** Mask of byte i (0..15) of an IPv6 prefix of length p. */
function byteMask(p: number, i: number): number {
  const b = p - i * 8;
  if (b >= 8) return 0xff;
  if (b <= 0) return 0;
  return (0xff << (8 - b)) & 0xff;
}

function fail(s: string): AddrFilterResult {
  return { ok: false, error: `not an IPv4/IPv6 address or CIDR: ${echo(s)}` };
}

/** User text made safe for one status line: control characters replaced, length capped. */
function echo(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    out += c < 0x20 || (c >= 0x7f && c < 0xa0) ? '?' : ch;
  }
  return out.length > MAX_ECHO ? `${out.slice(0, MAX_ECHO - 1)}…` : out;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Decimal integer 0..max without sign; leading zeros only when `leadingZeros` (a dotted-quad
 * octet like "010" is octal to inet_aton, so it is refused rather than guessed); -1 otherwise.
 */
function parseDecimal(s: string, max: number, leadingZeros = false): number {
  if (s.length === 0 || s.length > 3) return -1;
  if (!leadingZeros && s.length > 1 && s.charCodeAt(0) === 0x30) return -1;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 0x30);
  }
  return v <= max ? v : -1;
}

/** Strict dotted quad → unsigned 32-bit integer, or -1. */
export function parseIpv4(s: string): number {
  const parts = s.split('.');
  if (parts.length !== 4) return -1;
  let v = 0;
  for (const p of parts) {
    const o = parseDecimal(p, 255);
    if (o < 0) return -1;
    v = v * 256 + o;
  }
  return v;
}

/** Hex group of 1–4 digits → 0..0xffff, or -1. */
function parseHexGroup(s: string): number {
  if (s.length === 0 || s.length > 4) return -1;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) d = c - 0x61 + 10;
    else if (c >= 0x41 && c <= 0x46) d = c - 0x41 + 10;
    else return -1;
    v = v * 16 + d;
  }
  return v;
}

/**
 * Parses colon-separated groups (the part before or after "::"), the last of which may be a
 * dotted IPv4 when `allowV4Tail`. Returns the 16-bit groups, or null.
 */
function parseGroups(s: string, allowV4Tail: boolean): number[] | null {
  if (s === '') return [];
  const parts = s.split(':');
  const out: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (i === parts.length - 1 && allowV4Tail && p.includes('.')) {
      const v4 = parseIpv4(p);
      if (v4 < 0) return null;
      out.push(v4 >>> 16, v4 & 0xffff);
      continue;
    }
    const g = parseHexGroup(p);
    if (g < 0) return null;
    out.push(g);
  }
  return out;
}

/**
 * RFC 4291 §2.2 IPv6 text → 16 bytes written into `out`. Returns false when invalid (then `out`
 * is unspecified).
 */
export function parseIpv6(s: string, out: Uint8Array): boolean {
  const dc = s.indexOf('::');
  let groups: number[];
  if (dc < 0) {
    const g = parseGroups(s, true);
    if (g === null || g.length !== 8) return false;
    groups = g;
  } else {
    if (s.indexOf('::', dc + 1) >= 0) return false;
    const head = parseGroups(s.slice(0, dc), false);
    const tail = parseGroups(s.slice(dc + 2), true);
    if (head === null || tail === null) return false;
    // "::" stands for at least one zero group.
    if (head.length + tail.length > 7) return false;
    groups = head;
    for (let i = head.length + tail.length; i < 8; i++) groups.push(0);
    for (const g of tail) groups.push(g);
  }
  for (let i = 0; i < 8; i++) {
    out[2 * i] = groups[i] >>> 8;
    out[2 * i + 1] = groups[i] & 0xff;
  }
  return true;
}
