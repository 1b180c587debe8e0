import { describe, expect, it } from 'vitest';
import { parseName } from '../../src/wire/name.js';
import { rdataFromText, rdataToText } from '../../src/wire/rdata.js';
import { typeFromMnemonic } from '../../src/wire/rr-types.js';
import { tokenize } from '../../src/zone/tokenizer.js';

const origin = parseName('example.', null);

function toWire(type: string, text: string): string {
  const tokens = [...tokenize(text)].flatMap((entry) => entry.tokens);
  return rdataFromText(typeFromMnemonic(type)!, tokens, origin).toString('hex');
}

const EXAMPLE = '076578616d706c6500';
const FOO_EXAMPLE_COM = '03666f6f076578616d706c6503636f6d00';
const FOO_EXAMPLE_ORG = '03666f6f076578616d706c65036f726700';

// Expected octets worked out by hand from the RFC that defines each layout.
const CASES: ReadonlyArray<readonly [string, string, string, string]> = [
  ['RFC 1035 §3.4.1', 'A', '192.0.2.1', 'c0000201'],
  ['RFC 3596 §2.2', 'AAAA', '2001:db8::1', '20010db8000000000000000000000001'],
  ['RFC 1035 §3.3.9, relative name', 'MX', '10 mail', '000a046d61696c' + EXAMPLE],
  ['RFC 1035 §3.3.14', 'TXT', '"hello" world', '0568656c6c6f05776f726c64'],
  ['RFC 1035 §5.1 escapes', 'TXT', String.raw`"a\"b\\c\009"`, '066122625c6309'],
  ['RFC 1035 §3.3.14, empty string', 'TXT', '""', '00'],
  [
    'RFC 1035 §3.3.13, timers with units',
    'SOA',
    'ns1 hostmaster 2024010101 1h 15m 2w 5m',
    '036e7331' +
      EXAMPLE +
      '0a686f73746d6173746572' +
      EXAMPLE +
      '78a3f175' +
      '00000e10' +
      '00000384' +
      '00127500' +
      '0000012c',
  ],
  [
    'RFC 1876 §4 example, default precisions',
    'LOC',
    '42 21 54 N 71 06 18 W -24m 30m',
    '00331613' + '89172dd0' + '70be15f0' + '00988d20',
  ],
  [
    'RFC 3123 §4, trailing zero octets dropped',
    'APL',
    '1:192.168.32.0/21 !1:192.168.38.0/28',
    '00011503c0a820' + '00011c83c0a826',
  ],
  ['RFC 3123 §4, IPv6', 'APL', '2:ff00::/8', '00020801ff'],
  ['RFC 3123 §4, empty list', 'APL', '', ''],
  [
    'RFC 4034 §4.3 type bitmap',
    'NSEC',
    'host.example. A MX RRSIG NSEC TYPE1234',
    '04686f7374' + EXAMPLE + '0006400100000003' + '041b' + '00'.repeat(26) + '20',
  ],
  // RFC 4648 §10: "foobar" is CPNMUOJ1E8 in base32hex.
  ['RFC 5155 §3.2, base32hex hash', 'NSEC3', '1 0 0 - cpnmuoj1e8', '0100000000' + '06666f6f626172'],
  [
    'RFC 9460 D.2 port',
    'SVCB',
    '16 foo.example.com. port=53',
    '0010' + FOO_EXAMPLE_COM + '000300020035',
  ],
  [
    'RFC 9460 D.2 unregistered key',
    'SVCB',
    '1 foo.example.com. key667=hello',
    '0001' + FOO_EXAMPLE_COM + '029b000568656c6c6f',
  ],
  [
    'RFC 9460 D.2 decimal escape',
    'SVCB',
    String.raw`1 foo.example.com. key667="hello\210qoo"`,
    '0001' + FOO_EXAMPLE_COM + '029b000968656c6c6fd2716f6f',
  ],
  [
    'RFC 9460 D.2 two IPv6 hints',
    'SVCB',
    '1 foo.example.com. ipv6hint="2001:db8::1,2001:db8::53:1"',
    '0001' +
      FOO_EXAMPLE_COM +
      '00060020' +
      '20010db8000000000000000000000001' +
      '20010db8000000000000000000530001',
  ],
  [
    'RFC 9460 D.2 keys sorted on the wire',
    'SVCB',
    '16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1',
    '0010' +
      FOO_EXAMPLE_ORG +
      '0000000400010004' +
      '00010009' +
      '026832' +
      '0568332d3139' +
      '00040004c0000201',
  ],
  [
    'RFC 9460 D.2 quoted value-list escapes',
    'SVCB',
    String.raw`16 foo.example.org. alpn="f\\\\oo\\,bar,h2"`,
    '0010' + FOO_EXAMPLE_ORG + '0001000c' + '08665c6f6f2c626172' + '026832',
  ],
  [
    'RFC 9460 D.2 unquoted value-list escapes',
    'SVCB',
    String.raw`16 foo.example.org. alpn=f\\\092oo\092,bar,h2`,
    '0010' + FOO_EXAMPLE_ORG + '0001000c' + '08665c6f6f2c626172' + '026832',
  ],
  [
    'RFC 8659 §4.1',
    'CAA',
    '0 issue "ca.example.net"',
    '0005' + '6973737565' + '63612e6578616d706c652e6e6574',
  ],
  [
    'RFC 1035 §3.4.2 port bitmap',
    'WKS',
    '192.0.2.1 tcp 25 80',
    'c0000201' + '06' + '0000004000000000000080',
  ],
  [
    'RFC 4034 §5.4 example',
    'DS',
    '60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118',
    'ec450501' + '2bb183af5f22588179a53b0a98631fad1a292118',
  ],
  ['RFC 3597 §5 generic form', 'TYPE999', String.raw`\# 4 0a000001`, '0a000001'],
  ['RFC 3597 §5 hex split over tokens', 'TYPE999', String.raw`\# 3 0a 00 01`, '0a0001'],
  ['RFC 3597 §5 empty generic RDATA', 'TYPE999', String.raw`\# 0`, ''],
  ['RFC 3597 §5 generic form of a known type', 'A', String.raw`\# 4 C0000201`, 'c0000201'],
];

describe('RDATA text to wire', () => {
  it.each(CASES)('%s: %s %s', (_rfc, type, text, hex) => {
    expect(toWire(type, text)).toBe(hex);
  });

  it('encodes the RFC 4034 §3.3 RRSIG example field by field', () => {
    const signature =
      'oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/' +
      'M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3Ap3o=';
    const text = `A 5 3 86400 20030322173103 ( 20030220173103 2642 example.com. ${signature} )`;
    expect(toWire('RRSIG', text)).toBe(
      '0001' +
        '05' +
        '03' +
        '00015180' +
        '3e7c9dd7' +
        '3e5510d7' +
        '0a52' +
        '076578616d706c6503636f6d00' +
        Buffer.from(signature, 'base64').toString('hex'),
    );
  });

  it('prints every table entry back to text that reads as the same octets', () => {
    for (const [, type, , hex] of CASES) {
      const code = typeFromMnemonic(type)!;
      const printed = rdataToText(code, Buffer.from(hex, 'hex'));
      expect(toWire(type, printed), `${type} ${printed}`).toBe(hex);
    }
  });
});
