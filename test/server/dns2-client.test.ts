import { TCPClient, UDPClient, Packet } from 'dns2';
import type { DnsResolver } from 'dns2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RRType } from '../../src/wire/rr-types.js';
import { DnsTcpClient, encodeQuery, receiveAxfr, sendUdp } from '../helpers/raw-dns.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

// dns2 3.1.1 declares Node >= 22 in its engines field; this file is the proof that the parts
// we rely on (UDP and TCP clients, Packet.parse) work on the Node 20 we support. It runs on
// whatever Node runs the tests, so CI on Node 20 exercises exactly that.
const TXT_COUNT = 40;

function zone(): string {
  const lines = [
    '$ORIGIN example.org.',
    '$TTL 3600',
    '@     SOA   ns1 hostmaster 2024010101 3600 600 86400 300',
    '@     NS    ns1',
    '@     MX    10 mail',
    '@ 600 ALIAS www',
    'ns1   A     192.0.2.1',
    'www   300 A  192.0.2.10',
    'www   300 AAAA 2001:db8::10',
    'mail  A     192.0.2.25',
    'alias CNAME www',
  ];
  for (let i = 0; i < TXT_COUNT; i++) lines.push(`big TXT "dns2 must see record ${i}"`);
  return lines.join('\n') + '\n';
}

let server: TestServer;
let udp: DnsResolver;
let tcp: DnsResolver;

beforeAll(async () => {
  server = await startTestServer([{ name: 'example.org', text: zone() }]);
  // Loopback only: the clients are never pointed anywhere else.
  udp = UDPClient({ dns: '127.0.0.1', port: server.port, timeout: 2000 });
  tcp = TCPClient({ dns: '127.0.0.1', port: server.port });
});

afterAll(async () => {
  await server.stop();
});

describe('dns2 clients against our server on this Node', () => {
  it('runs on the Node version of this test run', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  });

  it.each([
    ['UDP', () => udp],
    ['TCP', () => tcp],
  ])('decodes our A and AAAA answers for an ALIAS owner over %s', async (_t, client) => {
    const a = await client()('example.org', 'A', Packet.CLASS.IN, { recursive: false });
    const aaaa = await client()('example.org', 'AAAA', Packet.CLASS.IN, { recursive: false });

    expect(a.header.rcode).toBe(0);
    expect(a.header.aa).toBe(1);
    expect(a.errors).toEqual([]);
    expect(a.answers.map((r) => [r.name, r.ttl, r.address])).toEqual([
      ['example.org', 300, '192.0.2.10'],
    ]);
    expect(aaaa.answers.map((r) => r.address)).toEqual(['2001:db8::10']);
  });

  it.each([
    ['UDP', () => udp],
    ['TCP', () => tcp],
  ])('decodes compressed names in CNAME, MX and SOA RDATA over %s', async (_t, client) => {
    const cname = await client()('alias.example.org', 'A');
    const mx = await client()('example.org', 'MX');
    const soa = await client()('example.org', 'SOA');

    expect(cname.errors).toEqual([]);
    expect(cname.answers.map((r) => r.domain ?? r.address)).toEqual([
      'www.example.org',
      '192.0.2.10',
    ]);
    expect(mx.answers.map((r) => [r.exchange, r.priority])).toEqual([['mail.example.org', 10]]);
    expect(soa.answers[0]).toMatchObject({
      primary: 'ns1.example.org',
      admin: 'hostmaster.example.org',
      serial: 2024010101,
      minimum: 300,
    });
  });

  it('decodes an NXDOMAIN with the SOA in authority', async () => {
    const reply = await udp('missing.example.org', 'A');

    expect(reply.header.rcode).toBe(3);
    expect(reply.answers).toEqual([]);
    expect(reply.authorities.map((r) => [r.type, r.ttl])).toEqual([[RRType.SOA, 300]]);
  });

  it('gets every TXT record: our truncated UDP answer makes it retry over TCP', async () => {
    const truncated = await sendUdp(
      server.port,
      encodeQuery({ name: 'big.example.org', type: 16 }),
    );
    expect(Packet.parse(truncated!).header.tc).toBe(1);

    const reply = await udp('big.example.org', 'TXT');

    expect(reply.header.tc).toBe(0);
    expect(reply.answers).toHaveLength(TXT_COUNT);
    // dns2 gives a TXT record's character-strings as an array.
    expect(reply.answers.map((r) => r.data)).toContainEqual(['dns2 must see record 7']);
  });

  it('parses every message of our AXFR with Packet.parse', async () => {
    const client = await DnsTcpClient.connect(server.port);
    let messages: Buffer[];
    try {
      client.send(encodeQuery({ name: 'example.org', type: RRType.AXFR }));
      messages = await receiveAxfr(client);
    } finally {
      client.destroy();
    }
    const packets = messages.map((m) => Packet.parse(m));
    const answers = packets.flatMap((p) => p.answers);

    expect(packets.every((p) => p.errors.length === 0)).toBe(true);
    expect(answers[0]?.type).toBe(Packet.TYPE.SOA);
    expect(answers.at(-1)?.type).toBe(Packet.TYPE.SOA);
    expect(answers.filter((r) => r.type === Packet.TYPE.A && r.name === 'example.org')).toEqual([
      expect.objectContaining({ address: '192.0.2.10', ttl: 300 }),
    ]);
  });
});
