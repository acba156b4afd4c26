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

/** DLT names exactly as libpcap 1.10.3's pcap_datalink_val_to_name() returns them (dlt_choices). */
const DLT_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [0, 'NULL'], [1, 'EN10MB'], [6, 'IEEE802'], [7, 'ARCNET'], [8, 'SLIP'], [9, 'PPP'], [10, 'FDDI'],
  [11, 'ATM_RFC1483'], [12, 'RAW'], [15, 'SLIP_BSDOS'], [16, 'PPP_BSDOS'], [19, 'ATM_CLIP'],
  [50, 'PPP_SERIAL'], [51, 'PPP_ETHER'], [99, 'SYMANTEC_FIREWALL'], [104, 'C_HDLC'],
  [105, 'IEEE802_11'], [107, 'FRELAY'], [108, 'LOOP'], [109, 'ENC'], [113, 'LINUX_SLL'],
  [114, 'LTALK'], [117, 'PFLOG'], [119, 'PRISM_HEADER'], [122, 'IP_OVER_FC'], [123, 'SUNATM'],
  [127, 'IEEE802_11_RADIO'], [129, 'ARCNET_LINUX'], [130, 'JUNIPER_MLPPP'], [131, 'JUNIPER_MLFR'],
  [132, 'JUNIPER_ES'], [133, 'JUNIPER_GGSN'], [134, 'JUNIPER_MFR'], [135, 'JUNIPER_ATM2'],
  [136, 'JUNIPER_SERVICES'], [137, 'JUNIPER_ATM1'], [138, 'APPLE_IP_OVER_IEEE1394'],
  [139, 'MTP2_WITH_PHDR'], [140, 'MTP2'], [141, 'MTP3'], [142, 'SCCP'], [143, 'DOCSIS'],
  [144, 'LINUX_IRDA'], [163, 'IEEE802_11_RADIO_AVS'], [164, 'JUNIPER_MONITOR'],
  [165, 'BACNET_MS_TP'], [166, 'PPP_PPPD'], [167, 'JUNIPER_PPPOE'], [168, 'JUNIPER_PPPOE_ATM'],
  [169, 'GPRS_LLC'], [170, 'GPF_T'], [171, 'GPF_F'], [174, 'JUNIPER_PIC_PEER'], [175, 'ERF_ETH'],
  [176, 'ERF_POS'], [177, 'LINUX_LAPD'], [178, 'JUNIPER_ETHER'], [179, 'JUNIPER_PPP'],
  [180, 'JUNIPER_FRELAY'], [181, 'JUNIPER_CHDLC'], [182, 'MFR'], [183, 'JUNIPER_VP'],
  [184, 'A429'], [185, 'A653_ICM'], [186, 'USB_FREEBSD'], [187, 'BLUETOOTH_HCI_H4'],
  [188, 'IEEE802_16_MAC_CPS'], [189, 'USB_LINUX'], [190, 'CAN20B'], [191, 'IEEE802_15_4_LINUX'],
  [192, 'PPI'], [193, 'IEEE802_16_MAC_CPS_RADIO'], [194, 'JUNIPER_ISM'], [195, 'IEEE802_15_4'],
  [196, 'SITA'], [197, 'ERF'], [198, 'RAIF1'], [199, 'IPMB_KONTRON'], [200, 'JUNIPER_ST'],
  [201, 'BLUETOOTH_HCI_H4_WITH_PHDR'], [202, 'AX25_KISS'], [209, 'IPMB_LINUX'],
  [215, 'IEEE802_15_4_NONASK_PHY'], [216, 'LINUX_EVDEV'], [219, 'MPLS'],
  [220, 'USB_LINUX_MMAPPED'], [221, 'DECT'], [222, 'AOS'], [223, 'WIHART'], [224, 'FC_2'],
  [225, 'FC_2_WITH_FRAME_DELIMS'], [226, 'IPNET'], [227, 'CAN_SOCKETCAN'], [228, 'IPV4'],
  [229, 'IPV6'], [230, 'IEEE802_15_4_NOFCS'], [231, 'DBUS'], [232, 'JUNIPER_VS'],
  [233, 'JUNIPER_SRX_E2E'], [234, 'JUNIPER_FIBRECHANNEL'], [235, 'DVB_CI'], [236, 'MUX27010'],
  [237, 'STANAG_5066_D_PDU'], [238, 'JUNIPER_ATM_CEMIC'], [239, 'NFLOG'], [240, 'NETANALYZER'],
  [241, 'NETANALYZER_TRANSPARENT'], [242, 'IPOIB'], [243, 'MPEG_2_TS'], [244, 'NG40'],
  [245, 'NFC_LLCP'], [246, 'PFSYNC'], [247, 'INFINIBAND'], [248, 'SCTP'], [249, 'USBPCAP'],
  [250, 'RTAC_SERIAL'], [251, 'BLUETOOTH_LE_LL'], [253, 'NETLINK'],
  [254, 'BLUETOOTH_LINUX_MONITOR'], [255, 'BLUETOOTH_BREDR_BB'],
  [256, 'BLUETOOTH_LE_LL_WITH_PHDR'], [257, 'PROFIBUS_DL'], [258, 'PKTAP'], [259, 'EPON'],
  [260, 'IPMI_HPM_2'], [261, 'ZWAVE_R1_R2'], [262, 'ZWAVE_R3'], [263, 'WATTSTOPPER_DLM'],
  [264, 'ISO_14443'], [265, 'RDS'], [266, 'USB_DARWIN'], [267, 'OPENFLOW'], [268, 'SDLC'],
  [269, 'TI_LLN_SNIFFER'], [271, 'VSOCK'], [272, 'NORDIC_BLE'], [273, 'DOCSIS31_XRA31'],
  [274, 'ETHERNET_MPACKET'], [275, 'DISPLAYPORT_AUX'], [276, 'LINUX_SLL2'], [278, 'OPENVIZSLA'],
  [279, 'EBHSCR'], [280, 'VPP_DISPATCH'], [281, 'DSA_TAG_BRCM'], [282, 'DSA_TAG_BRCM_PREPEND'],
  [283, 'IEEE802_15_4_TAP'], [284, 'DSA_TAG_DSA'], [285, 'DSA_TAG_EDSA'], [286, 'ELEE'],
  [287, 'Z_WAVE_SERIAL'], [288, 'USB_2_0'], [289, 'ATSC_ALP'],
]);

/**
 * LINKTYPE_ values found in files whose DLT has another number (libpcap linktype_to_dlt()):
 * named like the DLT libpcap maps them to. 14 is DLT_RAW on OpenBSD, decoded here as raw IP.
 */
const LINKTYPE_ALIASES: ReadonlyMap<number, string> = new Map<number, string>([
  [100, 'ATM_RFC1483'], [101, 'RAW'], [102, 'SLIP_BSDOS'], [103, 'PPP_BSDOS'], [106, 'ATM_CLIP'],
  [14, 'RAW'],
]);

/**
 * Short name of a link type as libpcap's pcap_datalink_val_to_name() prints it, e.g. 1 → "EN10MB",
 * 276 → "LINUX_SLL2", 12 → "RAW". Accepts both DLT values (what libpcap hands out: raw IP files
 * read as DLT_RAW = 12) and file LINKTYPE_ values (101 → "RAW", as libpcap names its DLT);
 * values libpcap does not name give "LINKTYPE_<n>". Source: tcpdump.org link-layer header types,
 * libpcap 1.10.3 pcap.c dlt_choices and pcap-common.c linktype_to_dlt().
 */
export function linktypeName(linktype: number): string {
  return DLT_NAMES.get(linktype) ?? LINKTYPE_ALIASES.get(linktype) ?? `LINKTYPE_${linktype}`;
}

const ETHERTYPE_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [0x0800, 'IPv4'], [0x0806, 'ARP'], [0x8035, 'RARP'], [0x8100, '802.1Q'], [0x86dd, 'IPv6'],
  [0x8847, 'MPLS'], [0x8848, 'MPLS'], [0x8864, 'PPPoE'], [0x88a8, '802.1ad'], [0x8926, 'VN-Tag'],
  [0x9100, '802.1QinQ'],
]);

/**
 * Display name of an EtherType this module decodes (e.g. 0x0806 → "ARP"); every other one as
 * "0x88cc" (4 lower-case hex digits), since we cannot vouch for what follows it.
 */
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
