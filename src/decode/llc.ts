/** IEEE 802.2 LLC header with RFC 1042 / IEEE 802 SNAP encapsulation of EtherTypes. */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { decodeEthertype } from './registry.js';

/** LLC (3 bytes: DSAP, SSAP, control) + SNAP (OUI 3 bytes, EtherType 2 bytes) in bytes. */
const LLC_SNAP_BYTES = 8;

/**
 * Decodes the LLC header at `buf[off, end)`. SNAP (DSAP = SSAP = 0xAA, UI control 0x03) with OUI
 * 00-00-00 (RFC 1042) or 00-00-F8 (802.1H) dispatches its EtherType; any other LLC frame (STP,
 * NetBIOS, vendor SNAP such as CDP) is class other, status Ok. Fewer than 3 bytes, or a SNAP
 * header cut short, is Truncated. Never throws; allocates nothing.
 * @param depth nesting level of link-layer re-entry; the EtherType is dispatched at depth + 1.
 */
export function decodeLlc(buf: Uint8Array, off: number, end: number, out: DecodedPacket, depth: number): void {
  if (off + 3 > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  if (buf[off] !== 0xaa || buf[off + 1] !== 0xaa || buf[off + 2] !== 0x03) return;
  if (off + LLC_SNAP_BYTES > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  const oui = (buf[off + 3] << 16) | (buf[off + 4] << 8) | buf[off + 5];
  if (oui !== 0 && oui !== 0xf8) return;
  decodeEthertype((buf[off + 6] << 8) | buf[off + 7], buf, off + LLC_SNAP_BYTES, end, out, depth + 1);
}
