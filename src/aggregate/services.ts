/**
 * Service names of TCP/UDP ports, and which side of a flow is the server, from services(5):
 * /etc/services (on Debian the netbase package, a curated subset of the IANA "Service Name and
 * Transport Protocol Port Number Registry") read once on first use (cold path). When the file is
 * missing or unreadable, a built-in table of common ports is used instead; it is copied from
 * netbase 6.4, so a port's name is the same either way.
 */
import { readFileSync } from 'node:fs';

export type ServiceTransport = 'tcp' | 'udp';

/** Ports listed for TCP and UDP, with their names. */
export interface ServiceTable {
  /** 1 at index `port` when the port is listed for tcp (65,536 entries). */
  readonly tcp: Uint8Array;
  /** 1 at index `port` when the port is listed for udp. */
  readonly udp: Uint8Array;
  /** Where the table came from: the file's path, or 'built-in'. */
  readonly source: string;
  /** Name of a listed port ('http', 'domain' ...), '' when the port is not listed. */
  name(transport: ServiceTransport, port: number): string;
}

/** Common ports (services(5) format), as netbase 6.4 lists them; used without /etc/services. */
export const BUILTIN_SERVICES = `
ftp-data 20/tcp
ftp 21/tcp
fsp 21/udp
ssh 22/tcp
telnet 23/tcp
smtp 25/tcp
domain 53/tcp
domain 53/udp
bootps 67/udp
bootpc 68/udp
tftp 69/udp
http 80/tcp
kerberos 88/tcp
kerberos 88/udp
pop3 110/tcp
sunrpc 111/tcp
sunrpc 111/udp
nntp 119/tcp
ntp 123/udp
netbios-ns 137/udp
netbios-dgm 138/udp
netbios-ssn 139/tcp
imap2 143/tcp
snmp 161/tcp
snmp 161/udp
snmp-trap 162/tcp
snmp-trap 162/udp
bgp 179/tcp
ldap 389/tcp
ldap 389/udp
https 443/tcp
https 443/udp
microsoft-ds 445/tcp
submissions 465/tcp
isakmp 500/udp
shell 514/tcp
syslog 514/udp
dhcpv6-client 546/udp
dhcpv6-server 547/udp
submission 587/tcp
ipp 631/tcp
ldaps 636/tcp
ldaps 636/udp
domain-s 853/tcp
domain-s 853/udp
imaps 993/tcp
pop3s 995/tcp
openvpn 1194/tcp
openvpn 1194/udp
l2f 1701/udp
radius 1812/tcp
radius 1812/udp
radius-acct 1813/tcp
radius-acct 1813/udp
mysql 3306/tcp
ms-wbt-server 3389/tcp
ipsec-nat-t 4500/udp
sip 5060/tcp
sip 5060/udp
sip-tls 5061/tcp
sip-tls 5061/udp
mdns 5353/udp
postgresql 5432/tcp
amqp 5672/tcp
redis 6379/tcp
http-alt 8080/tcp
`;

const PORTS = 65536;

/**
 * A services(5) entry: at the start of a line (the text's start or after a '\n'; blanks allowed),
 * the name (no blank, no '#'), blanks, then "port/tcp" or "port/udp" as a whole word (followed by
 * a blank, a '#' or the end); aliases and comments after it are ignored, as are lines that do not
 * start so.
 */
const SERVICE_LINE = /(?<![^\n])[^\S\n]*([^\s#]+)[^\S\n]+(\d{1,5})\/(tcp|udp)(?![^\s#])/g;

/**
 * Parses services(5) text: `name port/protocol [aliases...] [# comment]`. Lines for other
 * protocols (sctp, ddp) and malformed lines are skipped. When a port is listed twice for one
 * protocol the first name wins, as getservbyport(3) returns the first match.
 */
export function parseServices(text: string, source = 'text'): ServiceTable {
  const tcp = new Uint8Array(PORTS);
  const udp = new Uint8Array(PORTS);
  const tcpNames = new Map<number, string>();
  const udpNames = new Map<number, string>();
  // One pass of one regular expression over the text (a loop of split/trim/regex per line took
  // twice as long at start): a line's first word, then its port/protocol word, before any '#'.
  for (const m of text.matchAll(SERVICE_LINE)) {
    const port = Number(m[2]);
    if (port >= PORTS) continue;
    const isTcp = m[3] === 'tcp';
    (isTcp ? tcp : udp)[port] = 1;
    const names = isTcp ? tcpNames : udpNames;
    if (!names.has(port)) names.set(port, m[1]);
  }
  return {
    tcp,
    udp,
    source,
    name: (transport, port) => (transport === 'tcp' ? tcpNames : udpNames).get(port) ?? '',
  };
}

/**
 * Reads a services(5) file; the built-in table when it cannot be read (missing, no permission).
 * Synchronous: call it once at startup, never per packet.
 */
export function loadServices(file = '/etc/services'): ServiceTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return parseServices(BUILTIN_SERVICES, 'built-in');
  }
  return parseServices(text, file);
}

let shared: ServiceTable | null = null;

/** The process-wide table: /etc/services read on first call (or the built-in table), then cached. */
export function defaultServices(): ServiceTable {
  if (shared === null) shared = loadServices();
  return shared;
}

/**
 * The server side of a TCP or UDP flow: the port that is listed in `known` (the table's `tcp` or
 * `udp` flags) when exactly one of the two is; otherwise (both or neither listed) the lower port.
 * Hot path: no allocation. Ports must be 0..65535.
 */
export function serverPort(known: Uint8Array, srcPort: number, dstPort: number): number {
  const ks = known[srcPort];
  const kd = known[dstPort];
  if (ks !== kd) return ks === 1 ? srcPort : dstPort;
  return srcPort < dstPort ? srcPort : dstPort;
}
