import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUR_UDP_PAYLOAD } from '../../src/server/dispatch.js';
import { Rcode } from '../../src/wire/message.js';
import { RRType } from '../../src/wire/rr-types.js';
import { dig } from '../peers/dig.js';
import { requireTool } from '../peers/tools.js';
import { encodeQuery, optRecord, queryUdp, readReply, sendUdp } from '../helpers/raw-dns.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

const TXT_COUNT = 60;

// `big` holds about 3 KB of TXT records: more than 512 bytes, less than 4096.
function ednsZone(): string {
  const lines = [
    '$ORIGIN example.org.',
    '$TTL 3600',
    '@    SOA ns1 hostmaster 1 3600 600 86400 300',
    '@    NS  ns1',
    'ns1  A   192.0.2.1',
    'www  A   192.0.2.10',
  ];
  for (let i = 0; i < TXT_COUNT; i++) {
    lines.push(`big TXT "record ${String(i).padStart(2, '0')} of a large answer set"`);
  }
  return lines.join('\n') + '\n';
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer([{ name: 'example.org', text: ednsZone() }]);
});

afterAll(async () => {
  await server.stop();
});

function digArgs(...args: string[]): string[] {
  return ['@127.0.0.1', '-p', String(server.port), '+norecurse', ...args];
}

describe('RFC 6891 §6.1.1 OPT in replies', () => {
  it('echoes an OPT record offering our payload size to a query that had one', async () => {
    const reply = await queryUdp(server.port, {
      name: 'www.example.org',
      type: RRType.A,
      edns: { udpSize: 4096 },
    });
    const opt = reply.message.additional.filter((r) => r.type === RRType.OPT);

    expect(opt).toHaveLength(1);
    expect(opt[0]?.class).toBe(OUR_UDP_PAYLOAD);
    expect(reply.message.edns?.version).toBe(0);
  });

  it('sends no OPT record to a query without one', async () => {
    const reply = await queryUdp(server.port, { name: 'www.example.org', type: RRType.A });

    expect(reply.message.edns).toBeUndefined();
    expect(reply.message.header.arcount).toBe(0);
  });

  it('copies the DO bit of the query into the reply (RFC 3225 §3)', async () => {
    const spec = { name: 'www.example.org', type: RRType.A };
    const withDo = await queryUdp(server.port, {
      ...spec,
      edns: { udpSize: 1232, dnssecOk: true },
    });
    const withoutDo = await queryUdp(server.port, { ...spec, edns: { udpSize: 1232 } });
    const refused = await queryUdp(server.port, {
      name: 'www.example',
      type: RRType.A,
      edns: { udpSize: 1232, dnssecOk: true },
    });

    expect(withDo.message.edns?.dnssecOk).toBe(true);
    expect(withoutDo.message.edns?.dnssecOk).toBe(false);
    expect(refused.rcode).toBe(Rcode.REFUSED);
    expect(refused.message.edns?.dnssecOk).toBe(true);
  });

  it('shows dig our payload size', async (ctx) => {
    requireTool('dig', ctx);
    const run = await dig(digArgs('www.example.org', 'A', '+bufsize=4096'));

    expect(run.stdout).toMatch(/EDNS: version: 0, flags:; udp: 1232/);
  });
});

describe('RFC 6891 §6.2.5 the client payload size limits UDP replies', () => {
  const big = { name: 'big.example.org', type: RRType.TXT };

  it('sets TC when the answer does not fit the 512 bytes a client offers', async () => {
    const reply = await queryUdp(server.port, { ...big, edns: { udpSize: 512 } });

    expect(reply.message.header.tc).toBe(true);
    expect(reply.size).toBeLessThanOrEqual(512);
  });

  it('sends the whole answer without TC to a client offering 4096 bytes', async () => {
    const reply = await queryUdp(server.port, { ...big, edns: { udpSize: 4096 } });

    expect(reply.message.header.tc).toBe(false);
    expect(reply.answer).toHaveLength(TXT_COUNT);
    expect(reply.size).toBeGreaterThan(1232);
    expect(reply.size).toBeLessThanOrEqual(4096);
  });

  it('keeps to 512 bytes for a client without EDNS (RFC 1035 §4.2.1)', async () => {
    const reply = await queryUdp(server.port, big);

    expect(reply.message.header.tc).toBe(true);
    expect(reply.size).toBeLessThanOrEqual(512);
  });

  it('treats an offer below 512 as 512 (RFC 6891 §6.2.5)', async () => {
    const reply = await queryUdp(server.port, { ...big, edns: { udpSize: 100 } });

    expect(reply.message.header.tc).toBe(true);
    expect(reply.size).toBeGreaterThan(100);
    expect(reply.size).toBeLessThanOrEqual(512);
  });

  it('gives dig all records after it retries a truncated answer over TCP', async (ctx) => {
    requireTool('dig', ctx);
    const run = await dig(digArgs('big.example.org', 'TXT', '+bufsize=512'));

    expect(run.stdout).toContain('Truncated, retrying in TCP mode');
    expect(run.stdout).toMatch(/\(TCP\)/);
    expect(run.stdout).toMatch(new RegExp(`ANSWER: ${TXT_COUNT},`));
  });

  it('gives dig all records over UDP when it offers 4096 bytes', async (ctx) => {
    requireTool('dig', ctx);
    const run = await dig(digArgs('big.example.org', 'TXT', '+bufsize=4096'));

    expect(run.stdout).not.toContain('Truncated');
    expect(run.stdout).toMatch(/\(UDP\)/);
    expect(run.stdout).toMatch(new RegExp(`ANSWER: ${TXT_COUNT},`));
  });
});

describe('RFC 6891 §6.1.3 EDNS versions and malformed OPT', () => {
  it('answers BADVERS, with our OPT at version 0, to EDNS version 1', async () => {
    const reply = await queryUdp(server.port, {
      name: 'www.example.org',
      type: RRType.A,
      id: 0x4242,
      edns: { udpSize: 1232, version: 1 },
    });

    expect(reply.rcode).toBe(Rcode.BADVERS);
    expect(reply.message.header.id).toBe(0x4242);
    expect(reply.message.edns?.version).toBe(0);
    expect(reply.answer).toEqual([]);
  });

  it('shows dig BADVERS for +edns=1', async (ctx) => {
    requireTool('dig', ctx);
    const run = await dig(digArgs('www.example.org', 'A', '+edns=1', '+noednsnegotiation'));

    expect(run.stdout).toContain('status: BADVERS');
  });

  it('answers FORMERR with the query ID to a query carrying two OPT records', async () => {
    const query = encodeQuery({
      name: 'www.example.org',
      type: RRType.A,
      id: 0x0b0b,
      edns: { udpSize: 1232 },
    });
    query.writeUInt16BE(2, 10);
    const reply = await sendUdp(server.port, Buffer.concat([query, optRecord(1232)]));

    expect(reply).not.toBeNull();
    const decoded = readReply(reply!);
    expect(decoded.rcode).toBe(Rcode.FORMERR);
    expect(decoded.message.header.id).toBe(0x0b0b);
  });
});
