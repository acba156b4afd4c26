/**
 * Linux "cooked" capture headers: LINKTYPE_LINUX_SLL (113, 16 bytes) and LINKTYPE_LINUX_SLL2
 * (276, 20 bytes), as specified at tcpdump.org/linktypes/LINKTYPE_LINUX_SLL{,2}.html.
 */
import type { DecodedPacket } from './packet.js';
import { PacketStatus } from './packet.js';
import { ETHERTYPE_MIN_TYPE } from './constants.js';
import { decodeLlc } from './llc.js';
import { decodeEthertype } from './registry.js';

/** SLL header length in bytes. */
export const SLL_HEADER_BYTES = 16;
/** SLL2 header length in bytes. */
export const SLL2_HEADER_BYTES = 20;
/** ARPHRD_NETLINK: the protocol field is a netlink family, not an EtherType. */
const ARPHRD_NETLINK = 824;
/** Linux ETH_P_802_2: an 802.2 LLC header follows. */
const ETH_P_802_2 = 0x0004;

/** Dispatches the SLL/SLL2 protocol field (an EtherType, or a Linux ETH_P_ value below 0x600). */
function decodeSllProtocol(hatype: number, proto: number, buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  if (hatype === ARPHRD_NETLINK) {
    out.status = PacketStatus.Unsupported;
  } else if (proto >= ETHERTYPE_MIN_TYPE) {
    decodeEthertype(proto, buf, off, end, out, 0);
  } else if (proto === ETH_P_802_2) {
    decodeLlc(buf, off, end, out, 0);
  } else {
    out.status = PacketStatus.Unsupported;
  }
}

/**
 * Decodes a LINUX_SLL header at `buf[off, end)`: packet type (2), ARPHRD type (2), address length
 * (2), address (8), protocol (2). Fewer than 16 bytes is Truncated; netlink and Linux-internal
 * protocol values other than 802.2 LLC are Unsupported. Never throws; allocates nothing.
 */
export function decodeSll(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  if (off + SLL_HEADER_BYTES > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  decodeSllProtocol((buf[off + 2] << 8) | buf[off + 3], (buf[off + 14] << 8) | buf[off + 15], buf, off + SLL_HEADER_BYTES, end, out);
}

/**
 * Decodes a LINUX_SLL2 header at `buf[off, end)`: protocol (2), reserved (2), interface index (4),
 * ARPHRD type (2), packet type (1), address length (1), address (8). Same rules as decodeSll.
 */
export function decodeSll2(buf: Uint8Array, off: number, end: number, out: DecodedPacket): void {
  if (off + SLL2_HEADER_BYTES > end) {
    out.status = PacketStatus.Truncated;
    return;
  }
  decodeSllProtocol((buf[off + 8] << 8) | buf[off + 9], (buf[off] << 8) | buf[off + 1], buf, off + SLL2_HEADER_BYTES, end, out);
}
