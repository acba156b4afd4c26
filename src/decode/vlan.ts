/**
 * VLAN tag stacks: IEEE 802.1Q C-tag (0x8100), IEEE 802.1ad S-tag (0x88a8), the pre-standard
 * QinQ 0x9100, and Cisco VN-Tag (0x8926, IEEE 802.1Qbh draft: 4-byte tag).
 */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { ETHERTYPE_QINQ, ETHERTYPE_QINQ_OLD, ETHERTYPE_VLAN, ETHERTYPE_VNTAG } from './constants.js';
import { decodeEthertype } from './registry.js';

/** True for the EtherTypes that introduce a tag followed by another EtherType. */
export function isTagEthertype(type: number): boolean {
  return type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD || type === ETHERTYPE_VNTAG;
}

/**
 * Skips a whole stack of tags starting with tag EtherType `type`, whose tag body starts at `off`
 * (802.1Q/ad: TCI 2 bytes + EtherType; VN-Tag: 4 bytes + EtherType), iteratively so deep stacks
 * cannot grow the call stack, then dispatches the first non-tag EtherType. A tag cut short is
 * Truncated. Never throws; allocates nothing.
 * @param depth nesting level of link-layer re-entry, passed on unchanged.
 */
export function decodeVlan(type: number, buf: Uint8Array, off: number, end: number, out: DecodedPacket, depth: number): void {
  while (isTagEthertype(type)) {
    const tagBytes = type === ETHERTYPE_VNTAG ? 6 : 4;
    if (off + tagBytes > end) {
      out.status = PacketStatus.Truncated;
      return;
    }
    type = (buf[off + tagBytes - 2] << 8) | buf[off + tagBytes - 1];
    off += tagBytes;
  }
  decodeEthertype(type, buf, off, end, out, depth);
}
