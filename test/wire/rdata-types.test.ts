import { describe, expect, it } from 'vitest';
import { parseName } from '../../src/wire/name.js';
import { rdataFromText, rdataToText } from '../../src/wire/rdata.js';
import { typesWithCodecs } from '../../src/wire/rdata/registry.js';
import { typeFromMnemonic, typeToMnemonic } from '../../src/wire/rr-types.js';
import { tokensFromWords } from '../../src/wire/token.js';
import { tokenize } from '../../src/zone/tokenizer.js';

const origin = parseName('example.', null);

function fromText(type: string, text: string): Buffer {
  const tokens = [...tokenize(text)].flatMap((entry) => entry.tokens);
  return rdataFromText(typeFromMnemonic(type)!, tokens, origin);
}

/** Text in, text out: the presentation form after a trip through wire form. */
function reprint(type: string, text: string, relativeTo?: string): string {
  const base = relativeTo === undefined ? undefined : parseName(relativeTo, null);
  return rdataToText(typeFromMnemonic(type)!, fromText(type, text), base);
}

describe('presentation forms', () => {
  it.each([
    // RFC 1876: every field printed, seconds with three decimals, metres with two.
    [
      'LOC',
      '42 21 54 N 71 06 18 W -24m 30m',
      '42 21 54.000 N 71 6 18.000 W -24.00m 30.00m 10000.00m 10.00m',
    ],
    ['LOC', '0 N 0 E 0', '0 0 0.000 N 0 0 0.000 E 0.00m 1.00m 10000.00m 10.00m'],
    ['LOC', '90 S 180 W -0.5m 0 0 0', '90 0 0.000 S 180 0 0.000 W -0.50m 0.00m 0.00m 0.00m'],
    [
      'LOC',
      '1 N 1 E 42849672.95m 25m',
      '1 0 0.000 N 1 0 0.000 E 42849672.95m 20.00m 10000.00m 10.00m',
    ],
    // RFC 5952 IPv6 text.
    ['AAAA', '2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['AAAA', '2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['AAAA', '1:0:2:0:3:0:4:0', '1:0:2:0:3:0:4:0'],
    ['AAAA', '::', '::'],
    ['AAAA', '2001:db8::', '2001:db8::'],
    ['AAAA', '::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['AAAA', '::192.0.2.1', '::c000:201'],
    // RFC 4034 §3.2: seconds in, dates out; algorithm mnemonics in, numbers out.
    [
      'RRSIG',
      'A RSASHA256 2 3600 4294967295 0 1 example. AA==',
      'A 8 2 3600 21060207062815 19700101000000 1 example. AA==',
    ],
    ['DNSKEY', '257 3 ECDSAP256SHA256 AA==', '257 3 13 AA=='],
    ['CERT', '1 1 8 AA==', 'PKIX 1 RSASHA256 AA=='],
    ['CERT', 'pgp 1 privatedns AA==', 'PGP 1 PRIVATEDNS AA=='],
    ['DSYNC', 'TYPE59 notify 53 target.', 'CDS NOTIFY 53 target.'],
    ['DSYNC', 'CSYNC 2 53 target.', 'CSYNC 2 53 target.'],
    ['WKS', '192.0.2.1 UDP 53 0', '192.0.2.1 17 0 53'],
    [
      'SOA',
      'ns hostmaster 1 1H 15M 1W2D 5m',
      'ns.example. hostmaster.example. 1 3600 900 777600 300',
    ],
    // Character-strings: UTF-8 and other non-ASCII octets print as \DDD.
    ['TXT', '"héllo"', String.raw`"h\195\169llo"`],
    ['TXT', String.raw`"\000\255\127 ~"`, String.raw`"\000\255\127 ~"`],
    ['TXT', 'unquoted', '"unquoted"'],
    ['ISDN', '150862028003217', '"150862028003217"'],
    ['CAA', '0 issue ca.example.net', '0 issue "ca.example.net"'],
    ['CAA', '0 issue ""', '0 issue ""'],
    // SVCB: key1 is alpn, an empty unknown key prints bare, quotes always around values.
    ['SVCB', '1 . key1=h2', '1 . alpn="h2"'],
    ['SVCB', '1 . key999', '1 . key999'],
    ['SVCB', '1 . key999=""', '1 . key999'],
    ['SVCB', '1 . ipv6hint=::ffff:198.51.100.100', '1 . ipv6hint="::ffff:198.51.100.100"'],
    [
      'SVCB',
      '1 . alpn=h2 no-default-alpn mandatory=alpn',
      '1 . mandatory="alpn" alpn="h2" no-default-alpn',
    ],
    ['HTTPS', String.raw`1 . alpn="a\\\\b"`, String.raw`1 . alpn="a\\\\b"`],
    // Types without a fixture record.
    ['A6', '0 2001:db8::1', '0 2001:db8::1'],
    ['A6', '64 ::1:2:3:4 prefix.', '64 ::1:2:3:4 prefix.'],
    ['A6', '128 prefix.', '128 prefix.'],
    ['NXT', 'next. NXT A MX', 'next. A MX NXT'],
    ['KEY', '256 3 5', '256 3 5'],
    [
      'SIG',
      'A 5 2 60 20300101000000 20200101000000 1 example. AA==',
      'A 5 2 60 20300101000000 20200101000000 1 example. AA==',
    ],
    [
      'TA',
      '1 8 1 2bb183af5f22588179a53b0a98631fad1a292118',
      '1 8 1 2bb183af5f22588179a53b0a98631fad1a292118',
    ],
    ['MB', 'host', 'host.example.'],
    ['MINFO', 'a b', 'a.example. b.example.'],
    ['ALIAS', 'lb.cdn.example.net.', 'lb.cdn.example.net.'],
    ['CSYNC', '1 3', '1 3'],
    ['NSEC3', '1 0 0 - 00', '1 0 0 - 00'],
    ['APL', '', ''],
    ['NULL', String.raw`\# 2 abcd`, String.raw`\# 2 abcd`],
    ['EID', String.raw`\# 0`, String.raw`\# 0`],
  ])('prints %s %s as %s', (type, text, expected) => {
    expect(reprint(type, text)).toBe(expected);
  });

  it('prints LOC of an unknown version in the generic form', () => {
    const generic = String.raw`\# 16 01331613891742d070be15f000988d20`;
    expect(reprint('LOC', generic)).toBe(generic);
  });

  it('prints names relative to the origin when one is given', () => {
    expect(reprint('MX', '10 mail', 'example.')).toBe('10 mail');
    expect(reprint('MX', '10 @', 'example.')).toBe('10 @');
    expect(reprint('MX', '10 mail.other.', 'example.')).toBe('10 mail.other.');
    expect(reprint('SRV', '0 0 1 a.b', 'example.')).toBe('0 0 1 a.b');
  });

  it('reads SVCB values still wrapped in quotes when no tokenizer removed them', () => {
    const tokens = tokensFromWords(['1', '.', 'alpn="h2,h3"', 'port=443']);
    const rdata = rdataFromText(typeFromMnemonic('SVCB')!, tokens, origin);
    expect(rdataToText(typeFromMnemonic('SVCB')!, rdata)).toBe('1 . alpn="h2,h3" port="443"');
  });

  it('reads base64 and hex split over several tokens', () => {
    expect(reprint('DNSKEY', '257 3 8 ( AwEA AQ== )')).toBe('257 3 8 AwEAAQ==');
    expect(reprint('DS', '1 8 2 ( ' + 'ab'.repeat(16) + ' ' + 'cd'.repeat(16) + ' )')).toBe(
      `1 8 2 ${'ab'.repeat(16)}${'cd'.repeat(16)}`,
    );
  });
});

describe('supported types', () => {
  it('has a codec for every type with a presentation format we support', () => {
    expect(typesWithCodecs().map(typeToMnemonic)).toEqual([
      'A',
      'NS',
      'MD',
      'MF',
      'CNAME',
      'SOA',
      'MB',
      'MG',
      'MR',
      'WKS',
      'PTR',
      'HINFO',
      'MINFO',
      'MX',
      'TXT',
      'RP',
      'AFSDB',
      'X25',
      'ISDN',
      'RT',
      'NSAP',
      'NSAP-PTR',
      'SIG',
      'KEY',
      'PX',
      'GPOS',
      'AAAA',
      'LOC',
      'NXT',
      'SRV',
      'NAPTR',
      'KX',
      'CERT',
      'A6',
      'DNAME',
      'APL',
      'DS',
      'SSHFP',
      'IPSECKEY',
      'RRSIG',
      'NSEC',
      'DNSKEY',
      'DHCID',
      'NSEC3',
      'NSEC3PARAM',
      'TLSA',
      'SMIMEA',
      'HIP',
      'CDS',
      'CDNSKEY',
      'OPENPGPKEY',
      'CSYNC',
      'ZONEMD',
      'SVCB',
      'HTTPS',
      'DSYNC',
      'HHIT',
      'BRID',
      'SPF',
      'NID',
      'L32',
      'L64',
      'LP',
      'EUI48',
      'EUI64',
      'URI',
      'CAA',
      'AVC',
      'AMTRELAY',
      'RESINFO',
      'WALLET',
      'TA',
      'DLV',
      'ALIAS',
    ]);
  });
});
