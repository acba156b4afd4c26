/**
 * Packet decoding API: `decodePacket` (hot path, fills a reusable DecodedPacket), `dnsQueryName`
 * and `learnNames` (hot path, pay only on DNS/TLS packets), `summarizePacket` (cold path, strings
 * for the packet list) and `dissect` (cold path, the layer tree for the detail pane), plus the
 * address formatters and link-type names. Layer decoders live one per file; registry.ts holds the
 * LINKTYPE / EtherType / IP-protocol dispatch.
 */
export { decodePacket } from './decode.js';
export { dnsQueryName } from './dnsquery.js';
export { learnNames } from './learn.js';
export { dissect } from './dissect.js';
export { summarizePacket, tcpFlagsText } from './summary.js';
export { formatIpv4, formatIpv6, formatMac, formatTextTshark } from './format.js';
export { linktypeName } from './constants.js';
export { isLinktypeSupported, transportOf } from './registry.js';
export { newDecodedPacket, TRANSPORT_NAMES } from './packet.js';
export type { DecodedPacket, DissectField, DissectLayer, PacketDetail, PacketSummary } from './packet.js';
