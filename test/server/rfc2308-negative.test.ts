import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rcode } from '../../src/wire/message.js';
import { RRType } from '../../src/wire/rr-types.js';
import { queryUdp } from '../helpers/raw-dns.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

// Two zones whose SOA TTL and MINIMUM are ordered both ways round, so the test tells
// min(SOA TTL, MINIMUM) apart from either field alone. Documentation data only.
const LONG_TTL_ZONE = `$ORIGIN example.org.
@      3600 SOA   ns1 hostmaster 7 3600 600 86400 300
@      3600 NS    ns1
ns1    3600 A     192.0.2.1
www    3600 A     192.0.2.10
a.b.c  3600 TXT   "two empty non-terminals above"
`;

const SHORT_TTL_ZONE = `$ORIGIN example.net.
@        60 SOA   ns1 hostmaster 9 3600 600 86400 900
@        60 NS    ns1
ns1      60 A     198.51.100.1
`;

const LONG_SOA =
  'example.org. 300 SOA ns1.example.org. hostmaster.example.org. 7 3600 600 86400 300';
const SHORT_SOA =
  'example.net. 60 SOA ns1.example.net. hostmaster.example.net. 9 3600 600 86400 900';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer([
    { name: 'example.org', text: LONG_TTL_ZONE },
    { name: 'example.net', text: SHORT_TTL_ZONE },
  ]);
});

afterAll(async () => {
  await server.stop();
});

function ask(name: string, type: number) {
  return queryUdp(server.port, { name, type });
}

describe('RFC 2308 §2.1 name errors', () => {
  it('answers NXDOMAIN, AA, with the SOA in authority for a name that does not exist', async () => {
    const reply = await ask('missing.example.org', RRType.A);

    expect(reply.rcode).toBe(Rcode.NXDOMAIN);
    expect(reply.message.header.aa).toBe(true);
    expect(reply.answer).toEqual([]);
    expect(reply.authority).toEqual([LONG_SOA]);
  });

  it('answers NXDOMAIN for a name below a name that does not exist', async () => {
    const reply = await ask('x.y.missing.example.org', RRType.TXT);

    expect(reply.rcode).toBe(Rcode.NXDOMAIN);
    expect(reply.authority).toEqual([LONG_SOA]);
  });
});

describe('RFC 2308 §2.2 no data', () => {
  it('answers NODATA (NOERROR, empty answer) with the SOA for a type the name lacks', async () => {
    const reply = await ask('www.example.org', RRType.AAAA);

    expect(reply.rcode).toBe(Rcode.NOERROR);
    expect(reply.message.header.aa).toBe(true);
    expect(reply.answer).toEqual([]);
    expect(reply.authority).toEqual([LONG_SOA]);
  });

  it('answers NODATA, not NXDOMAIN, for an empty non-terminal', async () => {
    const upper = await ask('c.example.org', RRType.A);
    const lower = await ask('b.c.example.org', RRType.TXT);

    for (const reply of [upper, lower]) {
      expect(reply.rcode).toBe(Rcode.NOERROR);
      expect(reply.answer).toEqual([]);
      expect(reply.authority).toEqual([LONG_SOA]);
    }
  });
});

describe('RFC 2308 §3 the SOA TTL in negative answers', () => {
  it('uses the SOA MINIMUM when it is below the SOA TTL', async () => {
    const reply = await ask('missing.example.org', RRType.A);

    expect(reply.message.authority[0]?.ttl).toBe(300);
  });

  it('uses the SOA TTL when it is below the SOA MINIMUM', async () => {
    const nxdomain = await ask('missing.example.net', RRType.A);
    const nodata = await ask('ns1.example.net', RRType.AAAA);

    expect(nxdomain.rcode).toBe(Rcode.NXDOMAIN);
    expect(nxdomain.authority).toEqual([SHORT_SOA]);
    expect(nodata.rcode).toBe(Rcode.NOERROR);
    expect(nodata.authority).toEqual([SHORT_SOA]);
  });

  it('keeps the full SOA TTL in a positive SOA answer', async () => {
    const reply = await ask('example.org', RRType.SOA);

    expect(reply.message.answers[0]?.ttl).toBe(3600);
  });
});
