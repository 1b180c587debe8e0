import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rcode } from '../../src/wire/message.js';
import { RRType } from '../../src/wire/rr-types.js';
import { queryUdp } from '../helpers/raw-dns.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

// The example zone of RFC 4592 §2.2.1 (SOA and SRV data filled in), plus a wildcard CNAME.
// `example.` is reserved (RFC 2606); its data is never queried anywhere but our server.
const RFC4592_ZONE = `$ORIGIN example.
$TTL 3600
example.                 SOA   ns.example.com. hostmaster.example. 1 3600 600 86400 300
example.                 NS    ns.example.com.
example.                 NS    ns.example.net.
*.example.               TXT   "this is a wildcard"
*.example.               MX    10 host1.example.
sub.*.example.           TXT   "this is not a wildcard"
host1.example.           A     192.0.2.1
_ssh._tcp.host1.example. SRV   0 0 22 host1.example.
_ssh._tcp.host2.example. SRV   0 0 22 host2.example.
subdel.example.          NS    ns.example.com.
subdel.example.          NS    ns.example.net.
*.apps.example.          CNAME host1.example.
`;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer([{ name: 'example', text: RFC4592_ZONE }]);
});

afterAll(async () => {
  await server.stop();
});

function ask(name: string, type: number) {
  return queryUdp(server.port, { name, type });
}

describe('RFC 4592 §2.2.1 names a wildcard matches', () => {
  it('synthesizes the MX of *.example for host3.example, under the name asked', async () => {
    const reply = await ask('host3.example', RRType.MX);

    expect(reply.rcode).toBe(Rcode.NOERROR);
    expect(reply.message.header.aa).toBe(true);
    expect(reply.answer).toEqual(['host3.example. 3600 MX 10 host1.example.']);
  });

  it('synthesizes the TXT of *.example for foo.bar.example, two labels below', async () => {
    const reply = await ask('foo.bar.example', RRType.TXT);

    expect(reply.answer).toEqual(['foo.bar.example. 3600 TXT "this is a wildcard"']);
  });

  it('answers NODATA when the wildcard matches but has no record of the type', async () => {
    const reply = await ask('host3.example', RRType.A);

    expect(reply.rcode).toBe(Rcode.NOERROR);
    expect(reply.answer).toEqual([]);
    expect(reply.authority[0]).toMatch(/^example\. 300 SOA /);
  });

  it('synthesizes a wildcard CNAME and follows it inside the zone', async () => {
    const reply = await ask('shop.apps.example', RRType.A);

    expect(reply.answer).toEqual([
      'shop.apps.example. 3600 CNAME host1.example.',
      'host1.example. 3600 A 192.0.2.1',
    ]);
  });
});

describe('RFC 4592 §2.2.1 names a wildcard does not match', () => {
  it('answers NODATA for host1.example MX: the name exists', async () => {
    const reply = await ask('host1.example', RRType.MX);

    expect(reply.rcode).toBe(Rcode.NOERROR);
    expect(reply.answer).toEqual([]);
  });

  it('answers NODATA for sub.*.example MX: a name below a wildcard is an ordinary name', async () => {
    const reply = await ask('sub.*.example', RRType.MX);

    expect(reply.rcode).toBe(Rcode.NOERROR);
    expect(reply.answer).toEqual([]);
  });

  it('answers NODATA for host2.example MX: an empty non-terminal blocks the wildcard', async () => {
    const reply = await ask('host2.example', RRType.MX);
    const deeper = await ask('_tcp.host2.example', RRType.TXT);

    for (const r of [reply, deeper]) {
      expect(r.rcode).toBe(Rcode.NOERROR);
      expect(r.answer).toEqual([]);
    }
  });

  it('answers NXDOMAIN for _telnet._tcp.host1.example: its closest encloser has no wildcard', async () => {
    const reply = await ask('_telnet._tcp.host1.example', RRType.SRV);

    expect(reply.rcode).toBe(Rcode.NXDOMAIN);
    expect(reply.answer).toEqual([]);
  });

  it('answers NXDOMAIN for ghost.*.example: *.*.example does not exist', async () => {
    const reply = await ask('ghost.*.example', RRType.MX);

    expect(reply.rcode).toBe(Rcode.NXDOMAIN);
  });

  it('refers host.subdel.example: a wildcard does not reach across a zone cut', async () => {
    const reply = await ask('host.subdel.example', RRType.A);

    expect(reply.message.header.aa).toBe(false);
    expect(reply.answer).toEqual([]);
    expect(reply.authority.sort()).toEqual([
      'subdel.example. 3600 NS ns.example.com.',
      'subdel.example. 3600 NS ns.example.net.',
    ]);
  });
});
