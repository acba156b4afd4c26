/**
 * Protocol numbers the decoders dispatch on. Sources: tcpdump.org link-layer header types
 * (LINKTYPE_*), IEEE Registration Authority EtherType list, IANA "Assigned Internet Protocol
 * Numbers", RFC 8200 §4 (IPv6 extension headers), libpcap pcap_datalink_val_to_name().
 */

/** LINKTYPE_ values (https://www.tcpdump.org/linktypes.html) with a decoder in this module. */
export const LT_NULL = 0;
export const LT_ETHERNET = 1;
export const LT_PPP = 9;
export const LT_FDDI = 10;
/** DLT_RAW on most systems (12) and on OpenBSD (14), still found in old files. */
export const LT_RAW_12 = 12;
export const LT_RAW_14 = 14;
export const LT_PPP_HDLC = 50;
export const LT_PPP_ETHER = 51;
export const LT_RAW = 101;
export const LT_IEEE802_11 = 105;
export const LT_LOOP = 108;
export const LT_LINUX_SLL = 113;
export const LT_IEEE802_11_RADIOTAP = 127;
export const LT_IPV4 = 228;
export const LT_IPV6 = 229;
export const LT_NFLOG = 239;
export const LT_IPOIB = 242;
export const LT_PKTAP = 258;
export const LT_LINUX_SLL2 = 276;

/** EtherType values (IEEE 802 numbers), plus the 802.3 length/type boundary. */
export const ETHERTYPE_MAX_LENGTH = 1500;
export const ETHERTYPE_MIN_TYPE = 0x0600;
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_RARP = 0x8035;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_MPLS = 0x8847;
export const ETHERTYPE_MPLS_MULTI = 0x8848;
export const ETHERTYPE_PPPOE_DISC = 0x8863;
export const ETHERTYPE_PPPOE_SESS = 0x8864;
export const ETHERTYPE_QINQ = 0x88a8;
export const ETHERTYPE_VNTAG = 0x8926;
export const ETHERTYPE_QINQ_OLD = 0x9100;

/** PPP protocol field values (RFC 1661, IANA PPP DLL protocol numbers). */
export const PPP_IPV4 = 0x0021;
export const PPP_IPV6 = 0x0057;

/** IP protocol numbers (IANA), including the IPv6 extension headers of RFC 8200 §4. */
export const IPPROTO_HOPOPTS = 0;
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_ROUTING = 43;
export const IPPROTO_FRAGMENT = 44;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_DSTOPTS = 60;

/** BSD address families in the 4-byte DLT_NULL / DLT_LOOP header (AF_INET6 differs by OS). */
export const BSD_AF_INET = 2;
export const BSD_AF_INET6_BSD = 24;
export const BSD_AF_INET6_FREEBSD = 28;
export const BSD_AF_INET6_DARWIN = 30;

const LINKTYPE_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [0, 'NULL'], [1, 'EN10MB'], [2, 'EN3MB'], [3, 'AX25'], [4, 'PRONET'], [5, 'CHAOS'],
  [6, 'IEEE802'], [7, 'ARCNET'], [8, 'SLIP'], [9, 'PPP'], [10, 'FDDI'], [12, 'RAW'], [14, 'RAW'],
  [50, 'PPP_SERIAL'], [51, 'PPP_ETHER'], [99, 'SYMANTEC_FIREWALL'], [100, 'ATM_RFC1483'],
  [101, 'RAW'], [104, 'C_HDLC'], [105, 'IEEE802_11'], [106, 'ATM_CLIP'], [107, 'FRELAY'],
  [108, 'LOOP'], [109, 'ENC'], [113, 'LINUX_SLL'], [114, 'LTALK'], [117, 'PFLOG'],
  [118, 'CISCO_IOS'], [119, 'PRISM_HEADER'], [121, 'HHDLC'], [122, 'IP_OVER_FC'], [123, 'SUNATM'],
  [127, 'IEEE802_11_RADIO'], [129, 'ARCNET_LINUX'], [138, 'APPLE_IP_OVER_IEEE1394'],
  [139, 'MTP2_WITH_PHDR'], [140, 'MTP2'], [141, 'MTP3'], [142, 'SCCP'], [143, 'DOCSIS'],
  [144, 'LINUX_IRDA'], [147, 'USER0'], [148, 'USER1'], [149, 'USER2'], [150, 'USER3'],
  [151, 'USER4'], [152, 'USER5'], [153, 'USER6'], [154, 'USER7'], [155, 'USER8'], [156, 'USER9'],
  [157, 'USER10'], [158, 'USER11'], [159, 'USER12'], [160, 'USER13'], [161, 'USER14'],
  [162, 'USER15'], [163, 'IEEE802_11_RADIO_AVS'], [165, 'BACNET_MS_TP'], [166, 'PPP_PPPD'],
  [169, 'GPRS_LLC'], [177, 'LINUX_LAPD'], [187, 'BLUETOOTH_HCI_H4'], [189, 'USB_LINUX'],
  [192, 'PPI'], [195, 'IEEE802_15_4_WITHFCS'], [197, 'ERF'],
  [201, 'BLUETOOTH_HCI_H4_WITH_PHDR'], [204, 'PPP_WITH_DIR'], [220, 'USB_LINUX_MMAPPED'],
  [226, 'IPNET'], [227, 'CAN_SOCKETCAN'], [228, 'IPV4'], [229, 'IPV6'],
  [230, 'IEEE802_15_4_NOFCS'], [231, 'DBUS'], [239, 'NFLOG'], [240, 'NETANALYZER'],
  [241, 'NETANALYZER_TRANSPARENT'], [242, 'IPOIB'], [243, 'MPEG_2_TS'], [247, 'INFINIBAND'],
  [248, 'SCTP'], [249, 'USBPCAP'], [251, 'BLUETOOTH_LE_LL'], [253, 'NETLINK'],
  [254, 'BLUETOOTH_LINUX_MONITOR'], [256, 'BLUETOOTH_LE_LL_WITH_PHDR'], [258, 'PKTAP'],
  [259, 'EPON'], [266, 'USB_DARWIN'], [270, 'LORATAP'], [271, 'VSOCK'], [272, 'NORDIC_BLE'],
  [273, 'DOCSIS31_XRA31'], [274, 'ETHERNET_MPACKET'], [275, 'DISPLAYPORT_AUX'],
  [276, 'LINUX_SLL2'], [278, 'OPENVIZSLA'], [279, 'EBHSCR'], [280, 'VPP_DISPATCH'],
  [281, 'DSA_TAG_BRCM'], [282, 'DSA_TAG_BRCM_PREPEND'], [283, 'IEEE802_15_4_TAP'],
  [284, 'DSA_TAG_DSA'], [285, 'DSA_TAG_EDSA'], [286, 'ELEE'], [287, 'Z_WAVE_SERIAL'],
  [288, 'USB_2_0'], [289, 'ATSC_ALP'], [290, 'ETW'],
]);

/**
 * Short name of a LINKTYPE_ value as libpcap's pcap_datalink_val_to_name() prints it (after
 * mapping the file linktype to its DLT), e.g. 1 → "EN10MB", 101 → "RAW", 276 → "LINUX_SLL2";
 * unknown values give "LINKTYPE_<n>". Source: tcpdump.org linktypes, libpcap pcap.c dlt_choices.
 */
export function linktypeName(linktype: number): string {
  return LINKTYPE_NAMES.get(linktype) ?? `LINKTYPE_${linktype}`;
}

const ETHERTYPE_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [0x0800, 'IPv4'], [0x0806, 'ARP'], [0x8035, 'RARP'], [0x8100, '802.1Q'], [0x86dd, 'IPv6'],
  [0x8847, 'MPLS'], [0x8848, 'MPLS'], [0x8863, 'PPPoED'], [0x8864, 'PPPoES'], [0x888e, 'EAPOL'],
  [0x88a8, '802.1ad'], [0x88cc, 'LLDP'], [0x88f7, 'PTP'], [0x8926, 'VN-Tag'], [0x9000, 'LOOP'],
  [0x9100, '802.1QinQ'],
]);

/** Display name of an EtherType (e.g. 0x0806 → "ARP"); unknown ones as "0x88b5" (4 hex digits). */
export function ethertypeName(ethertype: number): string {
  return ETHERTYPE_NAMES.get(ethertype) ?? `0x${ethertype.toString(16).padStart(4, '0')}`;
}

const IPPROTO_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [0, 'HOPOPT'], [1, 'ICMP'], [2, 'IGMP'], [4, 'IPIP'], [6, 'TCP'], [17, 'UDP'], [41, 'IPv6'],
  [43, 'IPv6-Route'], [44, 'IPv6-Frag'], [46, 'RSVP'], [47, 'GRE'], [50, 'ESP'], [51, 'AH'],
  [58, 'ICMPv6'], [59, 'IPv6-NoNxt'], [60, 'IPv6-Opts'], [88, 'EIGRP'], [89, 'OSPF'], [103, 'PIM'],
  [112, 'VRRP'], [115, 'L2TP'], [132, 'SCTP'], [135, 'Mobility'], [136, 'UDPLite'], [139, 'HIP'],
]);

/** IANA keyword-style name of an IP protocol number (6 → "TCP", 47 → "GRE"); unknown → "". */
export function ipProtoName(ipProto: number): string {
  return IPPROTO_NAMES.get(ipProto) ?? '';
}
