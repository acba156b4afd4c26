/**
 * Which application tshark 4.0.17 hands a UDP or TCP payload to, by port: the registered "port"
 * dissector tables as `tshark -G decodes` lists them, and tshark's rule (packet-udp.c
 * decode_udp_ports, packet-tcp.c decode_tcp_ports) of trying the LOWER port first, then the higher.
 *
 * Only the applications nta-top follows are named (DNS, mDNS, LLMNR and the UDP tunnels); every
 * other registered port that claims the payload is APP_CLAIMED, meaning "tshark stops there". The
 * claiming sets were measured against tshark 4.0.17 with DNS-, Geneve- and MPLS-shaped payloads
 * (ports whose dissector rejects such a payload are left out, as tshark then tries the other port);
 * only ports below the highest followed port (6635) can ever win against a followed one, so the
 * tables stop there. Conversations and heuristic dissectors (tried before or after the ports) are
 * not modelled.
 */

/** No registered dissector (tshark goes on to the other port). */
export const APP_NONE = 0;
/** A registered dissector that is not followed here claims the payload. */
export const APP_CLAIMED = 1;
/** DNS (UDP/TCP 53, and TCP 5353 which tshark also registers for DNS). */
export const APP_DNS = 2;
/** Multicast DNS, RFC 6762 (UDP 5353). */
export const APP_MDNS = 3;
/** LLMNR, RFC 4795 (UDP 5355). */
export const APP_LLMNR = 4;
/** Teredo, RFC 4380 (UDP 3544): IPv6 in UDP. */
export const APP_TEREDO = 5;
/** VXLAN, RFC 7348 (UDP 4789): Ethernet in UDP. */
export const APP_VXLAN = 6;
/** VXLAN-GPE, draft-ietf-nvo3-vxlan-gpe (UDP 4790). */
export const APP_VXLAN_GPE = 7;
/** Geneve, RFC 8926 (UDP 6081). */
export const APP_GENEVE = 8;
/** GTP-U / GTPv1, 3GPP TS 29.281 (UDP 2152, and 2123 where tshark also registers GTP). */
export const APP_GTP = 9;
/** L2TPv2, RFC 2661 (UDP 1701): PPP in UDP. */
export const APP_L2TP = 10;
/** GRE-in-UDP, RFC 8086 (UDP 4754). */
export const APP_GRE_UDP = 11;
/** MPLS-in-UDP, RFC 7510 (UDP 6635). */
export const APP_MPLS_UDP = 12;
/** LISP data plane, RFC 9300 (UDP 4341): IP in UDP after an 8-byte header. */
export const APP_LISP = 13;

/** UDP ports below 6636 whose tshark 4.0.17 dissector claims DNS/tunnel-shaped payloads. */
const UDP_CLAIMING = [
  7, 13, 19, 37, 49, 67, 68, 69, 111, 123, 137, 138, 173, 213, 269, 319, 320, 389, 427, 434, 464,
  496, 500, 513, 514, 520, 521, 524, 525, 546, 547, 654, 664, 701, 853, 854, 910, 921, 925, 1001,
  1113, 1153, 1194, 1293, 1628, 1629, 1718, 1719, 1745, 1900, 2099, 2157, 2221, 2222, 2246, 2268,
  2269, 2313, 2345, 2887, 2944, 2945, 2948, 2949, 3000, 3130, 3250, 3343, 3357, 3386, 3389, 3452,
  3455, 3567, 3671, 3784, 3785, 3804, 3863, 4305, 4306, 4307, 4342, 4500, 4551, 4555, 4569, 4729,
  4784, 4791, 4991, 5072, 5246, 5247, 5404, 5405, 5436, 5567, 5683, 5684, 5868, 6073, 6118, 6160,
];

/** TCP ports below 5353 whose tshark 4.0.17 dissector claims a DNS-over-TCP-shaped payload. */
const TCP_CLAIMING = [
  7, 13, 19, 20, 21, 22, 23, 25, 37, 42, 43, 49, 70, 79, 80, 88, 102, 110, 111, 119, 123, 139, 143,
  161, 162, 179, 210, 323, 324, 389, 427, 443, 445, 464, 465, 500, 512, 513, 514, 515, 524, 547, 548,
  554, 564, 587, 631, 636, 639, 647, 705, 802, 853, 854, 862, 873, 925, 988, 993, 995, 1080, 1090,
  1099, 1102, 1153, 1194, 1213, 1300, 1344, 1433, 1521, 1533, 1547, 1723, 1755, 1861, 1863, 1883,
  1900, 1935, 2099, 2123, 2126, 2152, 2221, 2234, 2240, 2269, 2321, 2322, 2401, 2404, 2433, 2443,
  2502, 2571, 2575, 2600, 2710, 2812, 2869, 2944, 2945, 3002, 3003, 3006, 3014, 3016, 3017, 3018,
  3019, 3128, 3132, 3245, 3246, 3247, 3248, 3249, 3250, 3251, 3252, 3268, 3288, 3306, 3357, 3369,
  3386, 3452, 3478, 3496, 3632, 3671, 3689, 3724, 3804, 3860, 3863, 3868, 3918, 4002, 4155, 4189,
  4222, 4223, 4249, 4250, 4342, 4420, 4551, 4555, 4556, 4712, 4730, 4739, 4788, 4840, 4880, 5000,
  5010, 5060, 5061, 5084, 5222, 5253,
];

/** App code per UDP port (index = port), 64 KiB, built once at load. */
const UDP_APP = new Uint8Array(65536);
/** App code per TCP port. */
const TCP_APP = new Uint8Array(65536);

for (const p of UDP_CLAIMING) UDP_APP[p] = APP_CLAIMED;
for (const p of TCP_CLAIMING) TCP_APP[p] = APP_CLAIMED;
/** The UDP ports whose application is followed (UDP_APP at or above APP_DNS), with their codes. */
const UDP_FOLLOWED: readonly (readonly [number, number])[] = [
  [53, APP_DNS],
  [5353, APP_MDNS],
  [5355, APP_LLMNR],
  [3544, APP_TEREDO],
  [4789, APP_VXLAN],
  [4790, APP_VXLAN_GPE],
  [6081, APP_GENEVE],
  [2152, APP_GTP],
  [2123, APP_GTP],
  [1701, APP_L2TP],
  [4754, APP_GRE_UDP],
  [6635, APP_MPLS_UDP],
  [4341, APP_LISP],
];
for (const [port, app] of UDP_FOLLOWED) UDP_APP[port] = app;
/** The TCP ports registered for DNS, the only TCP application named. */
const TCP_DNS: readonly number[] = [53, 5353];
for (const port of TCP_DNS) TCP_APP[port] = APP_DNS;

/** Every UDP port udpPortFollowed() accepts (13 of them), for tables built at load without a 65,536-port scan. */
export const UDP_FOLLOWED_PORTS: readonly number[] = UDP_FOLLOWED.map(([port]) => port);
/** Every TCP port tcpPortApp() gives APP_DNS for. */
export const TCP_DNS_PORTS: readonly number[] = TCP_DNS;

/**
 * The application tshark picks for a UDP datagram between ports `a` and `b` (0..65535): the lower
 * non-zero port's registered dissector, else the higher one's. Returns an APP_* code; APP_NONE or
 * APP_CLAIMED mean "nothing followed here". Allocation free.
 */
export function udpApp(a: number, b: number): number {
  const low = a < b ? a : b;
  const high = a < b ? b : a;
  const l = low !== 0 ? UDP_APP[low & 0xffff] : APP_NONE;
  return l !== APP_NONE ? l : UDP_APP[high & 0xffff];
}

/** Same as udpApp for a TCP segment (stateless: tshark's "server port from the SYN" rule is not modelled). */
export function tcpApp(a: number, b: number): number {
  const low = a < b ? a : b;
  const high = a < b ? b : a;
  const l = low !== 0 ? TCP_APP[low & 0xffff] : APP_NONE;
  return l !== APP_NONE ? l : TCP_APP[high & 0xffff];
}

/** The APP_* code registered for UDP `port` alone (0..65535). */
export function udpPortApp(port: number): number {
  return UDP_APP[port & 0xffff];
}

/**
 * udpApp() refined by the one followed dissector that inspects the payload before claiming it:
 * tshark's L2TP (1701) takes only version 2 or 3 headers and otherwise lets the other port try.
 * @param off start of the UDP payload in `buf`; `end` its exclusive end.
 */
export function udpAppForPayload(buf: Uint8Array, off: number, end: number, a: number, b: number): number {
  const low = a < b ? a : b;
  const high = a < b ? b : a;
  if (low !== 0) {
    const l = UDP_APP[low & 0xffff];
    if (l !== APP_NONE && (l !== APP_L2TP || l2tpClaims(buf, off, end))) return l;
  }
  const h = UDP_APP[high & 0xffff];
  return h !== APP_L2TP || l2tpClaims(buf, off, end) ? h : APP_NONE;
}

/** packet-l2tp.c: a UDP payload whose version nibble is not 2 or 3 is rejected (too short: claimed, then fails). */
function l2tpClaims(buf: Uint8Array, off: number, end: number): boolean {
  if (off + 2 > end) return true;
  const v = buf[off + 1] & 0x0f;
  return v === 2 || v === 3;
}

/** The APP_* code registered for TCP `port` alone (0..65535; only DNS is named, ports below 5353). */
export function tcpPortApp(port: number): number {
  return TCP_APP[port & 0xffff];
}

/** TCP ports tshark 4.0.17 registers for HTTP and for TLS (`tshark -G decodes`), for the detail pane. */
const TCP_HTTP_PORTS = new Set([80, 631, 1900, 2710, 2869, 3128, 3132, 3689, 5985, 8080, 8088, 11371]);
const TCP_TLS_PORTS = new Set([
  324, 443, 465, 636, 802, 853, 993, 995, 1300, 2221, 2443, 3249, 3250, 3251, 3252, 3496, 5061, 5671, 5684, 5868, 8883,
  11207, 19999, 27017,
]);

/**
 * 'http', 'tls' or '' for a TCP segment between ports `a` and `b`: the lower port's registration
 * wins (a lower port claimed by another dissector gives ''), as tshark's port dispatch.
 */
export function tcpPortProtocol(a: number, b: number): string {
  const low = a < b ? a : b;
  const high = a < b ? b : a;
  for (const port of [low, high]) {
    if (TCP_HTTP_PORTS.has(port)) return 'http';
    if (TCP_TLS_PORTS.has(port)) return 'tls';
    if (port < 5353 && TCP_APP[port] !== APP_NONE) return '';
  }
  return '';
}

/** True when a UDP app code is DNS, mDNS or LLMNR (all parsed as a DNS message). */
export function isDnsApp(app: number): boolean {
  return app === APP_DNS || app === APP_MDNS || app === APP_LLMNR;
}

/** True when `port` alone could make tshark follow a UDP payload (a followed app, not just claimed). */
export function udpPortFollowed(port: number): boolean {
  return UDP_APP[port & 0xffff] >= APP_DNS;
}
