import { describe, expect, it } from 'vitest';
import { AliasResolver } from '../../src/refresher/alias-resolver.js';
import { overlayZone } from '../../src/refresher/local-zones.js';
import type { LocalZones } from '../../src/refresher/local-zones.js';
import { parseName, ROOT_NAME } from '../../src/wire/name.js';
import { RRType } from '../../src/wire/rr-types.js';
import { parseZoneText } from '../../src/zone/parser.js';

const origin = parseName('example.org.', ROOT_NAME);
const name = (text: string) => parseName(text, ROOT_NAME);
const nothingElse: LocalZones = { zoneFor: () => undefined };

function resolverFor(text: string): AliasResolver {
  const records = parseZoneText(`$TTL 300\n${text}`, { origin });
  return new AliasResolver(overlayZone(origin, records, nothingElse), null);
}

describe('ALIAS targets inside our own zones', () => {
  const resolver = resolverFor(
    [
      'a.b A 192.0.2.1',
      'c CNAME a.b',
      'loop1 ALIAS loop2',
      'loop2 ALIAS loop1',
      'x 60 ALIAS a.b',
      'sub NS ns.sub',
      'ns.sub A 192.0.2.9',
    ].join('\n'),
  );

  it('answers a name with records from those records', async () => {
    expect(await resolver.resolveAddresses(name('a.b.example.org.'), RRType.A)).toMatchObject({
      kind: 'ok',
      ttl: 300,
    });
  });

  it('answers NODATA for an empty non-terminal, which exists (RFC 8020)', async () => {
    expect(await resolver.resolveAddresses(name('b.example.org.'), RRType.A)).toEqual({
      kind: 'nodata',
    });
  });

  it('answers NXDOMAIN for a name that does not exist', async () => {
    expect(await resolver.resolveAddresses(name('nope.example.org.'), RRType.A)).toEqual({
      kind: 'nxdomain',
    });
  });

  it('follows CNAME and ALIAS chains, the ALIAS capping the TTL', async () => {
    expect(await resolver.resolveAddresses(name('c.example.org.'), RRType.A)).toMatchObject({
      kind: 'ok',
    });
    expect(await resolver.resolveAddresses(name('x.example.org.'), RRType.A)).toMatchObject({
      kind: 'ok',
      ttl: 60,
    });
  });

  it('reports an ALIAS loop as an error instead of following it forever', async () => {
    const answer = await resolver.resolveAddresses(name('loop1.example.org.'), RRType.A);
    expect(answer).toMatchObject({ kind: 'error' });
    expect(answer.kind === 'error' ? answer.reason : '').toMatch(/loop/);
  });

  it('treats a name below a zone cut as outside, not answering from glue', async () => {
    for (const target of ['ns.sub.example.org.', 'www.sub.example.org.', 'sub.example.org.']) {
      await expect(resolver.resolveAddresses(name(target), RRType.A)).rejects.toThrow(
        /no upstream resolver is configured/,
      );
    }
  });

  it('refuses to look outside our zones without a configured resolver', async () => {
    await expect(resolver.resolveAddresses(name('cdn.example.net.'), RRType.A)).rejects.toThrow(
      /no upstream resolver is configured/,
    );
  });
});
