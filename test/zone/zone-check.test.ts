import { describe, expect, it } from 'vitest';
import { parseName, ROOT_NAME } from '../../src/wire/name.js';
import { RRType } from '../../src/wire/rr-types.js';
import { parseZoneText } from '../../src/zone/parser.js';
import { checkZone } from '../../src/zone/zone-check.js';

const origin = parseName('example.com.', ROOT_NAME);
const HEAD = '$TTL 300\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.53\n';

function check(body: string) {
  return checkZone(origin, parseZoneText(HEAD + body, { origin, fileName: 'z.zone' }));
}

describe('zone content rules', () => {
  it('folds identical duplicates, as root-zone AXFR dumps repeat the SOA', () => {
    const records = check('@ SOA ns hm 1 2 3 4 5\nwww A 192.0.2.1\nwww A 192.0.2.1');
    expect(records.filter((r) => r.type === RRType.SOA)).toHaveLength(1);
    expect(records.filter((r) => r.type === RRType.A)).toHaveLength(2);
  });

  it('treats names in rdata case-insensitively when folding duplicates', () => {
    const records = check('www NS A.example.net.\nwww NS a.example.net.');
    expect(records.filter((r) => r.type === RRType.NS)).toHaveLength(2);
  });

  it('gives every record of an RRset the TTL of the first (RFC 2181 §5.2)', () => {
    const records = check('www 60 A 192.0.2.1\nwww 120 A 192.0.2.2');
    expect(
      records.filter((r) => r.type === RRType.A && r.owner[1] === 0x77).map((r) => r.ttl),
    ).toEqual([60, 60]);
  });

  it.each([
    [
      'CNAME beside other data',
      'www CNAME x\nwww A 192.0.2.1',
      'z.zone:6: CNAME and other data at the same name',
    ],
    ['two CNAMEs', 'www CNAME x\nwww CNAME y', 'z.zone:6: more than one CNAME at this name'],
    [
      'ALIAS beside A',
      'www ALIAS x.example.net.\nwww A 192.0.2.1',
      'z.zone:6: ALIAS beside A/AAAA',
    ],
    [
      'ALIAS beside AAAA',
      'www AAAA 2001:db8::1\nwww ALIAS x.example.net.',
      'z.zone:6: ALIAS beside A/AAAA',
    ],
    [
      'ALIAS beside CNAME',
      'www ALIAS x.example.net.\nwww CNAME y',
      'z.zone:6: CNAME and other data',
    ],
    [
      'two ALIAS',
      'www ALIAS a.example.net.\nwww ALIAS b.example.net.',
      'z.zone:6: more than one ALIAS',
    ],
    [
      'second SOA that differs',
      '@ SOA ns hm 2 2 3 4 5',
      'z.zone:5: second SOA differs from the first',
    ],
    [
      'SOA below the apex',
      'sub SOA ns hm 1 2 3 4 5\nsub NS ns',
      'z.zone:5: SOA below the zone apex',
    ],
    [
      'record outside the zone',
      'www.example.org. A 192.0.2.1',
      'z.zone:5: record outside the zone example.com.',
    ],
  ])('rejects %s', (_what, body, message) => {
    expect(() => check(body)).toThrow(message);
  });

  it('allows RRSIG and NSEC beside a CNAME (RFC 4035 §2.5)', () => {
    expect(() =>
      check(
        'www CNAME x\nwww NSEC z A\nwww RRSIG CNAME 8 3 300 20300101000000 20200101000000 1 example.com. AAAA',
      ),
    ).not.toThrow();
  });

  it('requires an SOA and NS records at the apex', () => {
    expect(() => checkZone(origin, parseZoneText('@ 60 NS ns', { origin }))).toThrow(
      /no SOA record/,
    );
    expect(() => checkZone(origin, parseZoneText('@ 60 SOA ns hm 1 2 3 4 5', { origin }))).toThrow(
      /no NS records/,
    );
  });
});
