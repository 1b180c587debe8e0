import { describe, expect, it } from 'vitest';
import { WireFormatError } from '../../src/wire/errors.js';
import { parseName } from '../../src/wire/name.js';
import { rdataFromText, rdataToText, validateRdata } from '../../src/wire/rdata.js';
import { typeFromMnemonic } from '../../src/wire/rr-types.js';
import { tokenize } from '../../src/zone/tokenizer.js';

const origin = parseName('example.', null);

/** The message of the WireFormatError that `run` throws, so tests can compare it exactly. */
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(WireFormatError);
    return (err as WireFormatError).message;
  }
  throw new Error('expected a WireFormatError, but nothing was thrown');
}

function fromText(type: string, text: string): Buffer {
  const tokens = [...tokenize(text)].flatMap((entry) => entry.tokens);
  return rdataFromText(typeFromMnemonic(type)!, tokens, origin);
}

// One case per kind of bad input; the message names the field and quotes the bad token.
const TEXT_ERRORS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['a number too large for its field', 'MX', '70000 mail', 'mx preference out of range: 70000'],
  ['a word where a number belongs', 'MX', 'ten mail', 'mx preference is not a number: ten'],
  ['a negative number', 'SRV', '-1 0 0 .', 'srv priority is not a number: -1'],
  ['a missing field', 'MX', '10', 'missing mx exchange'],
  ['an extra field', 'A', '192.0.2.1 192.0.2.2', 'too many fields for A: 192.0.2.2'],
  ['a bad IPv4 address', 'A', '192.0.2', 'a address is not an ipv4 address: 192.0.2'],
  [
    'an IPv4 octet with a leading zero',
    'A',
    '192.0.2.01',
    'a address is not an ipv4 address: 192.0.2.01',
  ],
  [
    'a bad IPv6 address',
    'AAAA',
    '2001:db8:::1',
    'aaaa address is not an ipv6 address: 2001:db8:::1',
  ],
  ['bad base64', 'DNSKEY', '257 3 8 AwEA!', 'bad base64 in dnskey public key: AwEA!'],
  [
    'base64 with a missing character',
    'DNSKEY',
    '257 3 8 AwE',
    'bad base64 in dnskey public key: AwE',
  ],
  ['a missing base64 blob', 'DNSKEY', '257 3 8', 'missing dnskey public key'],
  ['bad hex', 'SSHFP', '1 1 xyz0', 'bad hex in sshfp fingerprint: xyz0'],
  ['hex with an odd digit count', 'TLSA', '3 1 1 abc', 'bad hex in tlsa data: abc'],
  ['a digest of the wrong length', 'DS', '1 8 2 abcd', 'ds digest must be 32 octets for type 2'],
  [
    'an unknown type mnemonic',
    'RRSIG',
    'BOGUS 8 2 3600 1 0 1 . AA==',
    'unknown rrsig type covered: BOGUS',
  ],
  ['an unknown type in a bitmap', 'NSEC', 'a.example. A BOGUS', 'unknown nsec type: BOGUS'],
  [
    'an unknown algorithm mnemonic',
    'DNSKEY',
    '257 3 RSAFOO AA==',
    'unknown dnskey algorithm: RSAFOO',
  ],
  ['an unknown certificate type', 'CERT', 'X509 1 8 AA==', 'unknown cert type: X509'],
  [
    'a bad signature date',
    'RRSIG',
    'A 8 2 3600 20230231000000 0 1 . AA==',
    'bad rrsig expiration: 20230231000000',
  ],
  [
    'a signature date after 2106',
    'RRSIG',
    'A 8 2 3600 21070101000000 0 1 . AA==',
    'rrsig expiration out of range: 21070101000000',
  ],
  ['bad base32hex', 'NSEC3', '1 0 0 - wxyz', 'bad base32hex in nsec3 next hashed owner: wxyz'],
  ['an empty salt', 'NSEC3PARAM', '1 0 0 ""', 'empty nsec3param salt'],
  [
    'a character-string over 255 octets',
    'TXT',
    'a'.repeat(256),
    `txt string longer than 255 octets: ${'a'.repeat(80)}…`,
  ],
  ['a bad escape', 'TXT', String.raw`"\25x"`, String.raw`bad \DDD escape: \25x`],
  ['an ISDN record with three strings', 'ISDN', 'a b c', 'too many isdn strings: c'],
  ['a bad name', 'CNAME', 'a..example.', 'empty label in name: a..example.'],
  [
    'a GPOS field that is no number',
    'GPOS',
    'north 1 2',
    'gpos longitude is not a decimal number: north',
  ],
  [
    'a CAA tag with punctuation',
    'CAA',
    '0 is-sue "x"',
    'caa tag must be letters and digits: is-sue',
  ],
  ['an empty URI target', 'URI', '1 1 ""', 'empty uri target'],
  ['an NSAP without 0x', 'NSAP', '4700', 'nsap address must start with 0x: 4700'],
  ['a bad EUI-48', 'EUI48', '00-00-5e-00-53', 'bad eui48 address: 00-00-5e-00-53'],
  ['a bad NID', 'NID', '10 14:4fff:ff20', 'bad nid node id: 14:4fff:ff20'],
  [
    'an APL family without a text form',
    'APL',
    '3:1.2.3.4/8',
    'unsupported apl address family: 3:1.2.3.4/8',
  ],
  ['an APL prefix too long', 'APL', '1:192.0.2.0/33', 'apl prefix length out of range: 33'],
  ['a WKS port beyond 65535', 'WKS', '192.0.2.1 6 70000', 'wks port out of range: 70000'],
  ['an unknown WKS protocol', 'WKS', '192.0.2.1 sctp 80', 'unknown wks protocol: sctp'],
  [
    'an IPSECKEY gateway that does not match its type',
    'IPSECKEY',
    '10 1 2 gw.example. AA==',
    'ipseckey gateway is not an ipv4 address: gw.example.',
  ],
  [
    'an IPSECKEY type-0 gateway that is not "."',
    'IPSECKEY',
    '10 0 2 192.0.2.1 AA==',
    'ipseckey gateway must be "." when its type is 0: 192.0.2.1',
  ],
  ['an unknown AMTRELAY type', 'AMTRELAY', '0 0 4 x', 'unknown amtrelay relay type: 4'],
  [
    'a LOC latitude beyond 90 degrees',
    'LOC',
    '91 0 0 N 0 0 0 E 0',
    'loc latitude degrees out of range: 91',
  ],
  ['a LOC without hemisphere', 'LOC', '42 21 54 71 06 18 W 0', 'loc latitude without N/S: 71'],
  ['LOC minutes beyond 59', 'LOC', '42 60 N 71 W 0', 'loc latitude minutes out of range: 60'],
  [
    'a LOC size beyond 90,000 km',
    'LOC',
    '42 N 71 W 0 90000001m',
    'loc size out of range: 90000001m',
  ],
  ['a LOC altitude with three decimals', 'LOC', '42 N 71 W 1.005m', 'bad loc altitude: 1.005'],
  ['an unknown SVCB key', 'SVCB', '1 . foo=bar', 'unknown svcb key: foo'],
  ['a repeated SVCB key', 'SVCB', '1 . key123=abc key123=def', 'svcb key repeated: key123'],
  ['an SVCB key that needs a value', 'SVCB', '1 . alpn', 'svcb alpn needs a value: alpn'],
  [
    'a value for a flag key',
    'SVCB',
    '1 . alpn=h2 no-default-alpn=abc',
    'svcb no-default-alpn takes no value: abc',
  ],
  [
    'a mandatory key missing from the record',
    'SVCB',
    '1 . mandatory=key123',
    'svcb mandatory key missing from the record: key123',
  ],
  ['mandatory listing itself', 'SVCB', '1 . mandatory=mandatory', 'svcb mandatory lists itself'],
  [
    'no-default-alpn without alpn',
    'HTTPS',
    '1 . no-default-alpn',
    'svcb no-default-alpn without alpn',
  ],
  ['the reserved SVCB key', 'SVCB', '1 . key65535', 'svcb key out of range: key65535'],
  ['a quoted word without a key', 'SVCB', '1 . "h2"', 'svcb value without a key: h2'],
  [
    'text for a type without a text form',
    'TYPE999',
    '0a000001',
    String.raw`rdata of TYPE999 must use the generic \# form`,
  ],
  ['a meta type', 'OPT', String.raw`\# 0`, 'meta type cannot appear in zone data: OPT'],
  [
    'generic data shorter than stated',
    'TYPE999',
    String.raw`\# 2 0a`,
    'generic rdata has 1 octets, not the stated length: 2',
  ],
  [
    'a generic length that is no number',
    'TYPE999',
    String.raw`\# x 0a`,
    'generic rdata length is not a number: x',
  ],
  ['a generic form without a length', 'TYPE999', String.raw`\#`, 'missing generic rdata length'],
  [
    'generic data that is not valid for its type',
    'A',
    String.raw`\# 3 c00002`,
    'rdata too short for a address',
  ],
  [
    'generic data with octets left over',
    'MX',
    String.raw`\# 4 000a0000`,
    'trailing octets in MX rdata: 1',
  ],
  [
    'generic data with a bad name',
    'NS',
    String.raw`\# 2 0561`,
    'name runs past the end of the data',
  ],
];

describe('RDATA text errors', () => {
  it.each(TEXT_ERRORS)('rejects %s', (_what, type, text, message) => {
    expect(errorOf(() => fromText(type, text))).toBe(message);
  });

  it('throws WireFormatError carrying the offending token', () => {
    try {
      fromText('MX', '70000 mail');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(WireFormatError);
      expect((err as WireFormatError).token).toBe('70000');
    }
  });

  it('rejects RDATA longer than 65535 octets', () => {
    const strings = Array.from({ length: 260 }, () => 'a'.repeat(255)).join(' ');
    expect(errorOf(() => fromText('TXT', strings))).toBe('rdata longer than 65535 octets: TXT');
  });
});

const hex = (text: string): Buffer => Buffer.from(text, 'hex');

// Malformed wire RDATA: what a peer or a damaged database could hand us.
const WIRE_ERRORS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['a short address', 'A', 'c00002', 'rdata too short for a address'],
  ['octets after the last field', 'A', 'c000020100', 'trailing octets in A rdata: 1'],
  ['a truncated name', 'MX', '000a04', 'name runs past the end of the data'],
  ['a compression pointer inside RDATA', 'CNAME', 'c00c', 'bad label length in name'],
  ['a character-string running past the end', 'TXT', '05616263', 'rdata too short for txt string'],
  ['no TXT string at all', 'TXT', '', 'rdata too short for txt string'],
  [
    'bitmap windows out of order',
    'NSEC',
    '00' + '020140' + '000140',
    'nsec type windows out of order',
  ],
  ['an empty bitmap window', 'NSEC', '00' + '0000', 'bad nsec type window length'],
  [
    'a LOC size that is not a digit pair',
    'LOC',
    '00a0161389172dd070be15f000988d20',
    'bad loc size: a0',
  ],
  [
    'a LOC latitude beyond the pole',
    'LOC',
    '0033161300000000' + '70be15f000988d20',
    'loc latitude out of range',
  ],
  [
    'SVCB keys out of order',
    'SVCB',
    '0001' + '00' + '00030002' + '0035' + '000100020168',
    'svcb keys out of order: alpn',
  ],
  ['an SVCB port of the wrong size', 'SVCB', '0001' + '00' + '0003000100', 'bad svcb port value'],
  ['an empty alpn id', 'HTTPS', '0001' + '00' + '0001000100', 'bad svcb alpn value'],
  ['an unknown APL family', 'APL', '0003' + '0801ff', 'unsupported apl address family'],
  [
    'an APL address longer than IPv4',
    'APL',
    '0001' + '2005' + '0102030405',
    'apl item longer than its address family allows',
  ],
  ['a CAA tag with punctuation', 'CAA', '0001' + '2d', 'caa tag must be letters and digits'],
  ['an empty DNSKEY key', 'DNSKEY', '01010308', 'empty dnskey public key'],
  ['an empty NSEC3 hash', 'NSEC3', '0100000000' + '00', 'empty nsec3 next hashed owner'],
  ['an unknown IPSECKEY gateway type', 'IPSECKEY', '0a0402', 'unknown ipseckey gateway type: 4'],
  // Octets whose text form would read back differently: refused, so wire and text stay 1:1.
  ['a bitmap window ending in zero', 'NSEC', '00' + '00024000', 'nsec type window ends in zero'],
  [
    'a WKS bitmap ending in zero',
    'WKS',
    'c0000201' + '06' + '4000',
    'wks port bitmap ends in zero',
  ],
  ['an NXT bitmap with bit 0 set', 'NXT', '00' + 'c0', 'nxt type bitmap sets bit 0'],
  [
    'an APL address ending in zero',
    'APL',
    '0001' + '0802' + '0a00',
    'apl address ends in zero octets',
  ],
  ['a LOC size of 0e1', 'LOC', '000116138917' + '2dd070be15f000988d20', 'bad loc size: 01'],
  [
    'a GPOS field that is no number',
    'GPOS',
    '016e' + '0131' + '0132',
    'gpos longitude is not a decimal number',
  ],
  [
    'a ZONEMD SHA-384 digest of the wrong length',
    'ZONEMD',
    '00000001' + '0101' + 'aa',
    'zonemd digest must be 48 octets for type 1',
  ],
];

describe('RDATA wire errors', () => {
  it.each(WIRE_ERRORS)('rejects %s', (_what, type, data, message) => {
    const code = typeFromMnemonic(type)!;
    expect(errorOf(() => validateRdata(code, hex(data)))).toBe(message);
    expect(errorOf(() => rdataToText(code, hex(data)))).toBe(message);
  });

  it('accepts any octets for types it has no codec for', () => {
    expect(() => validateRdata(999, hex('ff'))).not.toThrow();
    expect(() => validateRdata(typeFromMnemonic('NULL')!, hex(''))).not.toThrow();
  });
});
