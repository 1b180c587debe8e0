import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rcode } from '../../src/wire/message.js';
import { RRClass, RRType } from '../../src/wire/rr-types.js';
import { queryUdp } from '../helpers/raw-dns.js';
import type { QuerySpec } from '../helpers/raw-dns.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

// RFC 1034 §4.3.2 lookups against one zone. Addresses and names are documentation ones
// (RFC 5737, RFC 3849, RFC 2606), zone data only: no packet is sent to any of them.
const ORG_ZONE = `$ORIGIN example.org.
$TTL 3600
@          SOA   ns1 hostmaster 2024010101 3600 600 86400 300
@          NS    ns1
@      600 ALIAS www
ns1        A     192.0.2.1
www    300 A     192.0.2.10
www    300 AAAA  2001:db8::10
a          CNAME b
b          CNAME www
out        CNAME www.example.
dangling   CNAME nowhere
loop1      CNAME loop2
loop2      CNAME loop1
self       CNAME self
sub        NS    ns.sub
sub        NS    ns.elsewhere.example.
sub        DS    60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118
ns.sub     A     192.0.2.53
ns.sub     AAAA  2001:db8::53
nods       NS    ns.elsewhere.example.
child      NS    ns1.example.org.
child      DS    12345 13 2 ${'ab'.repeat(32)}
${wideDelegation()}`;

/**
 * A delegation with 16 in-domain name servers, each with an A and an AAAA glue record: about
 * 1.1 KB of referral, more than 512 bytes, less than 1232.
 */
function wideDelegation(): string {
  const lines: string[] = [];
  for (let i = 10; i < 26; i++) {
    lines.push(
      `wide NS ns${i}.wide`,
      `ns${i}.wide A 192.0.2.${i}`,
      `ns${i}.wide AAAA 2001:db8::${i}`,
    );
  }
  return lines.join('\n') + '\n';
}

// A child zone of example.org served by the same server; the parent holds its DS.
const CHILD_ZONE = `$ORIGIN child.example.org.
$TTL 3600
@          SOA   ns1.example.org. hostmaster 5 3600 600 86400 300
@          NS    ns1.example.org.
www        A     192.0.2.77
`;

// An ALIAS whose target lies in another zone this server holds: resolved from our own data.
const COM_ZONE = `$ORIGIN example.com.
$TTL 3600
@          SOA   ns1.example.org. hostmaster 1 3600 600 86400 300
@          NS    ns1.example.org.
@          ALIAS lb.example.net.
`;

const NET_ZONE = `$ORIGIN example.net.
$TTL 3600
@          SOA   ns1.example.org. hostmaster 1 3600 600 86400 300
@          NS    ns1.example.org.
lb     120 A     198.51.100.7
lb     120 AAAA  2001:db8::7
`;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer([
    { name: 'example.org', text: ORG_ZONE },
    { name: 'example.net', text: NET_ZONE },
    { name: 'example.com', text: COM_ZONE },
    { name: 'child.example.org', text: CHILD_ZONE },
  ]);
});

afterAll(async () => {
  await server.stop();
});

function ask(name: string, type: number, extra: Partial<QuerySpec> = {}) {
  return queryUdp(server.port, { name, type, edns: { udpSize: 1232 }, ...extra });
}

describe('RFC 1034 §4.3.2 answers from our zones', () => {
  it('sets AA on an answer from a zone we serve', async () => {
    const reply = await ask('www.example.org', RRType.A);

    expect(reply.rcode).toBe(Rcode.NOERROR);
    expect(reply.message.header.aa).toBe(true);
    expect(reply.message.header.qr).toBe(true);
    expect(reply.answer).toEqual(['www.example.org. 300 A 192.0.2.10']);
  });

  it('answers the flattened A of an apex ALIAS that points inside the zone', async () => {
    const reply = await ask('example.org', RRType.A);

    expect(reply.message.header.aa).toBe(true);
    // TTL = min(ALIAS TTL 600, target TTL 300), DESIGN §2.
    expect(reply.answer).toEqual(['example.org. 300 A 192.0.2.10']);
  });

  it('answers the flattened AAAA of an apex ALIAS that points inside the zone', async () => {
    const reply = await ask('example.org', RRType.AAAA);

    expect(reply.answer).toEqual(['example.org. 300 AAAA 2001:db8::10']);
  });

  it('answers an apex ALIAS whose target is in another zone we serve', async () => {
    const a = await ask('example.com', RRType.A);
    const aaaa = await ask('example.com', RRType.AAAA);

    expect(a.message.header.aa).toBe(true);
    expect(a.answer).toEqual(['example.com. 120 A 198.51.100.7']);
    expect(aaaa.answer).toEqual(['example.com. 120 AAAA 2001:db8::7']);
  });

  it('never shows the ALIAS record itself, not even to a TYPE65401 query', async () => {
    const reply = await ask('example.org', RRType.ALIAS);

    expect(reply.rcode).toBe(Rcode.NOERROR);
    expect(reply.answer).toEqual([]);
    expect(reply.authority[0]).toMatch(/^example\.org\. 300 SOA /);
  });

  it('answers in the letter case the client asked in (RFC 4343)', async () => {
    const reply = await ask('WwW.ExAmPlE.oRg', RRType.A);

    expect(reply.message.answers[0]?.owner.toString('latin1')).toContain('WwW');
    expect(reply.answer).toEqual(['www.example.org. 300 A 192.0.2.10']);
  });
});

describe('RFC 1034 §4.3.2 step 3b: CNAME', () => {
  it('follows a chain of two CNAMEs inside the zone to the address', async () => {
    const reply = await ask('a.example.org', RRType.A);

    expect(reply.rcode).toBe(Rcode.NOERROR);
    expect(reply.message.header.aa).toBe(true);
    expect(reply.answer).toEqual([
      'a.example.org. 3600 CNAME b.example.org.',
      'b.example.org. 3600 CNAME www.example.org.',
      'www.example.org. 300 A 192.0.2.10',
    ]);
  });

  it('stops at a CNAME that points outside the zone', async () => {
    const reply = await ask('out.example.org', RRType.A);

    expect(reply.rcode).toBe(Rcode.NOERROR);
    expect(reply.answer).toEqual(['out.example.org. 3600 CNAME www.example.']);
    expect(reply.authority).toEqual([]);
  });

  it('answers NXDOMAIN with the CNAME when the chain ends at a name that does not exist', async () => {
    const reply = await ask('dangling.example.org', RRType.A);

    expect(reply.rcode).toBe(Rcode.NXDOMAIN);
    expect(reply.answer).toEqual(['dangling.example.org. 3600 CNAME nowhere.example.org.']);
    expect(reply.authority[0]).toMatch(/^example\.org\. 300 SOA /);
  });

  it('answers a CNAME loop with the loop instead of hanging', async () => {
    const loop = await ask('loop1.example.org', RRType.A);
    const self = await ask('self.example.org', RRType.A);

    expect(loop.answer).toEqual([
      'loop1.example.org. 3600 CNAME loop2.example.org.',
      'loop2.example.org. 3600 CNAME loop1.example.org.',
    ]);
    expect(self.answer).toEqual(['self.example.org. 3600 CNAME self.example.org.']);
  });

  it('returns the CNAME itself to a CNAME query, without chasing it', async () => {
    const reply = await ask('a.example.org', RRType.CNAME);

    expect(reply.answer).toEqual(['a.example.org. 3600 CNAME b.example.org.']);
  });
});

describe('RFC 1034 §4.3.2 step 3b: zone cuts', () => {
  it('refers a query at a delegation to the child: no AA, NS in authority, glue in additional', async () => {
    const reply = await ask('sub.example.org', RRType.A);

    expect(reply.rcode).toBe(Rcode.NOERROR);
    expect(reply.message.header.aa).toBe(false);
    expect(reply.answer).toEqual([]);
    expect(reply.authority.sort()).toEqual([
      'sub.example.org. 3600 NS ns.elsewhere.example.',
      'sub.example.org. 3600 NS ns.sub.example.org.',
    ]);
    expect(reply.additional.sort()).toEqual([
      'ns.sub.example.org. 3600 A 192.0.2.53',
      'ns.sub.example.org. 3600 AAAA 2001:db8::53',
    ]);
  });

  it('refers a query for a name below the cut, glue names included', async () => {
    const deep = await ask('deep.below.sub.example.org', RRType.A);
    const glue = await ask('ns.sub.example.org', RRType.A);

    for (const reply of [deep, glue]) {
      expect(reply.message.header.aa).toBe(false);
      expect(reply.answer).toEqual([]);
      expect(reply.authority).toHaveLength(2);
    }
  });

  it('refers an NS query at the cut: the child, not the parent, is authoritative for it', async () => {
    const reply = await ask('sub.example.org', RRType.NS);

    expect(reply.message.header.aa).toBe(false);
    expect(reply.answer).toEqual([]);
    expect(reply.authority).toHaveLength(2);
  });

  it('answers a DS query at the cut from the parent side, authoritatively (RFC 4035 §3.1.4.1)', async () => {
    const reply = await ask('sub.example.org', RRType.DS);

    expect(reply.message.header.aa).toBe(true);
    expect(reply.answer).toEqual([
      'sub.example.org. 3600 DS 60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118',
    ]);
  });

  it('answers NODATA to a DS query at a cut that has no DS', async () => {
    const reply = await ask('nods.example.org', RRType.DS);

    expect(reply.rcode).toBe(Rcode.NOERROR);
    expect(reply.message.header.aa).toBe(true);
    expect(reply.answer).toEqual([]);
    expect(reply.authority[0]).toMatch(/^example\.org\. 300 SOA /);
  });

  it('answers a DS query for a child zone we also serve from the parent zone', async () => {
    const ds = await ask('child.example.org', RRType.DS);
    const soa = await ask('child.example.org', RRType.SOA);
    const www = await ask('www.child.example.org', RRType.A);

    expect(ds.message.header.aa).toBe(true);
    expect(ds.answer).toEqual([`child.example.org. 3600 DS 12345 13 2 ${'ab'.repeat(32)}`]);
    expect(soa.answer[0]).toMatch(/^child\.example\.org\. 3600 SOA ns1\.example\.org\. /);
    expect(www.answer).toEqual(['www.child.example.org. 3600 A 192.0.2.77']);
  });

  it('sets TC when the in-domain glue of a referral does not fit (RFC 9471)', async () => {
    const reply = await queryUdp(server.port, { name: 'host.wide.example.org', type: RRType.A });

    expect(reply.message.header.tc).toBe(true);
    expect(reply.size).toBeLessThanOrEqual(512);
  });

  it('sends the whole referral with every glue record when it fits', async () => {
    const reply = await ask('host.wide.example.org', RRType.A);

    expect(reply.message.header.tc).toBe(false);
    expect(reply.authority).toHaveLength(16);
    expect(reply.additional).toHaveLength(32);
  });

  it('sends no glue for a name server outside the zone', async () => {
    const reply = await ask('x.nods.example.org', RRType.A);

    expect(reply.authority).toEqual(['nods.example.org. 3600 NS ns.elsewhere.example.']);
    expect(reply.additional).toEqual([]);
  });
});

describe('queries we do not answer', () => {
  it('refuses a name outside every zone we serve, without AA', async () => {
    const reply = await ask('www.example', RRType.A);

    expect(reply.rcode).toBe(Rcode.REFUSED);
    expect(reply.message.header.aa).toBe(false);
    expect(reply.answer).toEqual([]);
  });

  it('refuses class CH, even for a name inside our zones', async () => {
    const inZone = await ask('www.example.org', RRType.TXT, { qclass: RRClass.CH });
    const bind = await ask('version.bind', RRType.TXT, { qclass: RRClass.CH });

    expect(inZone.rcode).toBe(Rcode.REFUSED);
    expect(bind.rcode).toBe(Rcode.REFUSED);
  });
});

describe('ALIAS into a zone imported after the ALIAS zone', () => {
  // Zones given together are read first and flattened as a set, so the order does not matter.
  it('answers an ALIAS whose target zone comes later in the zone list', async () => {
    const later = await startTestServer([
      { name: 'example.com', text: COM_ZONE },
      { name: 'example.net', text: NET_ZONE },
    ]);
    try {
      const reply = await queryUdp(later.port, { name: 'example.com', type: RRType.A });
      expect(reply.answer).toEqual(['example.com. 120 A 198.51.100.7']);
    } finally {
      await later.stop();
    }
  });
});
