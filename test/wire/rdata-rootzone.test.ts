import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT_NAME } from '../../src/wire/name.js';
import { rdataFromText, rdataToText } from '../../src/wire/rdata.js';
import { typeFromMnemonic } from '../../src/wire/rr-types.js';
import { tokensFromWords } from '../../src/wire/token.js';

// A real signed zone: about 22,000 SOA, NS, A, AAAA, DS, NSEC, DNSKEY and RRSIG records, one per
// line separated by tabs, RDATA fields separated by single spaces.
const ROOT_ZONE = new URL('../../fixtures/rootzone/root.zone.2018012900.gz', import.meta.url);

describe('the root zone of 2018-01-29', () => {
  it('prints every record as IANA published it, after a trip through wire form', () => {
    const lines = gunzipSync(readFileSync(ROOT_ZONE)).toString('utf8').trim().split('\n');
    const mismatches: string[] = [];
    for (const line of lines) {
      const [, , , typeText, rdataText] = line.split(/\t+/);
      const type = typeFromMnemonic(typeText!)!;
      const wire = rdataFromText(type, tokensFromWords(rdataText!.split(' ')), ROOT_NAME);
      const printed = rdataToText(type, wire);
      const reread = rdataFromText(type, tokensFromWords(printed.split(' ')), ROOT_NAME);
      // IANA writes DS digests in uppercase hex, where we print lowercase, and some IPv6
      // addresses without `::` (2610:a1:1071:0:0:0:0:2), where we follow RFC 5952.
      const expected = typeText === 'DS' ? rdataText!.toLowerCase() : rdataText;
      const sameText = typeText === 'AAAA' || printed === expected;
      if (!reread.equals(wire) || !sameText) mismatches.push(`${line} -> ${printed}`);
    }
    expect(mismatches).toEqual([]);
    expect(lines.length).toBeGreaterThan(20_000);
  });
});
