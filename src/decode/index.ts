/**
 * Packet decoding API: `decodePacket` (hot path, fills a reusable DecodedPacket) and
 * `summarizePacket` (cold path, strings for the packet list), plus the address formatters and
 * link-type names. Layer decoders live one per file; registry.ts holds the LINKTYPE / EtherType /
 * IP-protocol dispatch.
 */
export { decodePacket } from './decode.js';
export { summarizePacket, tcpFlagsText } from './summary.js';
export { formatIpv4, formatIpv6, formatMac } from './format.js';
export { linktypeName } from './constants.js';
export { isLinktypeSupported, transportOf } from './registry.js';
export { newDecodedPacket, TRANSPORT_NAMES } from './packet.js';
export type { DecodedPacket, PacketSummary } from './packet.js';
