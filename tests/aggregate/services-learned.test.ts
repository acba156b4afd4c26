import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/aggregate/aggregator.js';
import { parseServices } from '../../src/aggregate/services.js';
import { TransportClass } from '../../src/decode/packet.js';
import { mk } from './helpers.js';

describe('services: servers on unlisted ports', () => {
  it('a SYN without ACK marks its destination port as the server, whatever the port numbers', () => {
    const agg = new Aggregator({ services: parseServices('http 80/tcp\n') });
    const tcp = (sport: number, dport: number, flags: number) => {
      const { frame, pkt } = mk({ sec: 100, len: 60, transport: TransportClass.Tcp, src: '10.0.0.1', dst: '10.0.0.2', sport, dport });
      pkt.tcpFlags = flags;
      pkt.ipProto = 6;
      agg.ingest(frame, pkt);
    };
    // Before any SYN, 34422 (client) < 40002 (server): the lower-port rule gets it wrong.
    tcp(34422, 40002, 0x10);
    tcp(34422, 40002, 0x02); // SYN → 40002 listens
    tcp(40002, 34422, 0x12); // SYN+ACK
    tcp(34422, 40002, 0x10);
    const rows = agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 10, table: 'services' }).services;
    const byPort = Object.fromEntries(rows.map((r) => [`${r.transport}/${r.port}`, r.packets]));
    expect(byPort['tcp/40002']).toBe(3);
    expect(byPort['tcp/34422']).toBe(1);
    agg.reset();
    tcp(34422, 40002, 0x10);
    expect(agg.takeSnapshot({ talkerSort: 'bytes', talkerLimit: 10, table: 'services' }).services[0].port).toBe(34422);
  });
});
