/**
 * Minimal classic-pcap reader for tests, until src/capture/pcap.ts (libpcap binding) exists.
 * Same shape as the planned `loadCapture`. Classic pcap only (draft-ietf-opsawg-pcap §4):
 * 24-byte file header, 16-byte record headers, either byte order, µs (0xa1b2c3d4) or
 * ns (0xa1b23c4d) magic. A record cut short ends the read (like libpcap's "truncated dump file").
 * Throws on pcapng or an unknown magic.
 */
import { readFileSync } from 'node:fs';
import type { Frame } from '../../src/capture/frame.js';

export interface LoadedCapture {
  linktype: number;
  snaplen: number;
  nanosecond: boolean;
  frames: Frame[];
}

/** Reads the whole file at `path`; every Frame gets its own copied buffer (off = 0). */
export function loadCapture(path: string): LoadedCapture {
  const file = readFileSync(path);
  const b = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  if (b.length < 24) throw new Error(`${path}: shorter than a pcap file header`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const magicLe = dv.getUint32(0, true);
  let le: boolean;
  let nanosecond: boolean;
  if (magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d) {
    le = true;
    nanosecond = magicLe === 0xa1b23c4d;
  } else {
    const magicBe = dv.getUint32(0, false);
    if (magicBe !== 0xa1b2c3d4 && magicBe !== 0xa1b23c4d) throw new Error(`${path}: not a classic pcap file`);
    le = false;
    nanosecond = magicBe === 0xa1b23c4d;
  }
  const snaplen = dv.getUint32(16, le);
  // libpcap LT_LINKTYPE(): the upper 6 bits carry FCS info, not the linktype.
  const linktype = dv.getUint32(20, le) & 0x03ffffff;
  const frames: Frame[] = [];
  let p = 24;
  while (p + 16 <= b.length) {
    const tsSec = dv.getInt32(p, le);
    const frac = dv.getUint32(p + 4, le);
    const caplen = dv.getUint32(p + 8, le);
    const origLen = dv.getUint32(p + 12, le);
    p += 16;
    if (caplen > b.length - p) break;
    frames.push({
      buf: b.slice(p, p + caplen),
      off: 0,
      caplen,
      origLen,
      tsSec,
      tsNsec: nanosecond ? frac : frac * 1000,
      linktype,
    });
    p += caplen;
  }
  return { linktype, snaplen, nanosecond, frames };
}
