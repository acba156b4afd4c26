/**
 * The port bitsets dnsquery.ts builds at load from ports.ts's lists (UDP_FOLLOWED_PORTS,
 * TCP_DNS_PORTS) instead of scanning all 65,536 ports: they must answer exactly as the port tables.
 */
import { describe, expect, it } from 'vitest';
import { tcpDnsPort, udpFollowedPort } from '../../src/decode/dnsquery.js';
import { APP_DNS, tcpPortApp, TCP_DNS_PORTS, udpPortFollowed, UDP_FOLLOWED_PORTS } from '../../src/decode/ports.js';

describe('followed-port bitsets', () => {
  it('udpFollowedPort is udpPortFollowed, and tcpDnsPort is tcpPortApp === APP_DNS, for every port', () => {
    const udpWrong: number[] = [];
    const tcpWrong: number[] = [];
    for (let port = 0; port < 65536; port++) {
      if (udpFollowedPort(port) !== udpPortFollowed(port)) udpWrong.push(port);
      if (tcpDnsPort(port) !== (tcpPortApp(port) === APP_DNS)) tcpWrong.push(port);
    }
    expect(udpWrong).toEqual([]);
    expect(tcpWrong).toEqual([]);
    expect(UDP_FOLLOWED_PORTS).toContain(53);
    expect(UDP_FOLLOWED_PORTS).toContain(4789);
    expect(TCP_DNS_PORTS).toEqual([53, 5353]);
  });
});
