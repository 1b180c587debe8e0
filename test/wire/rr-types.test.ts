import { describe, expect, it } from 'vitest';
import {
  RRClass,
  RRType,
  classFromMnemonic,
  classToMnemonic,
  typeFromMnemonic,
  typeToMnemonic,
} from '../../src/wire/rr-types.js';

describe('RR type mnemonics', () => {
  it('uses the IANA codes', () => {
    expect(RRType).toMatchObject({
      A: 1,
      NS: 2,
      SOA: 6,
      MX: 15,
      TXT: 16,
      AAAA: 28,
      SRV: 33,
      OPT: 41,
      DS: 43,
      RRSIG: 46,
      NSEC: 47,
      DNSKEY: 48,
      NSEC3: 50,
      NSEC3PARAM: 51,
      SVCB: 64,
      HTTPS: 65,
      DSYNC: 66,
      HHIT: 67,
      BRID: 68,
      IXFR: 251,
      AXFR: 252,
      ANY: 255,
      CAA: 257,
      DLV: 32769,
      ALIAS: 65401,
    });
  });

  it('reads mnemonics case-insensitively, hyphenated ones included', () => {
    expect(typeFromMnemonic('mx')).toBe(15);
    expect(typeFromMnemonic('Alias')).toBe(65401);
    expect(typeFromMnemonic('NSAP-PTR')).toBe(23);
    expect(typeFromMnemonic('nsap_ptr')).toBeUndefined();
  });

  it('reads the RFC 3597 TYPEnnn form, also for types that have a mnemonic', () => {
    expect(typeFromMnemonic('TYPE999')).toBe(999);
    expect(typeFromMnemonic('type1')).toBe(1);
    expect(typeFromMnemonic('TYPE65535')).toBe(65535);
  });

  it('refuses unknown words and codes beyond 16 bits', () => {
    expect(typeFromMnemonic('BOGUS')).toBeUndefined();
    expect(typeFromMnemonic('TYPE65536')).toBeUndefined();
    expect(typeFromMnemonic('TYPE')).toBeUndefined();
    expect(typeFromMnemonic('TYPE-1')).toBeUndefined();
  });

  it('prints mnemonics, and TYPEnnn for codes without one', () => {
    expect(typeToMnemonic(23)).toBe('NSAP-PTR');
    expect(typeToMnemonic(65401)).toBe('ALIAS');
    expect(typeToMnemonic(1234)).toBe('TYPE1234');
  });
});

describe('RR class mnemonics', () => {
  it('maps IN, CH, HS, NONE and ANY both ways', () => {
    for (const [name, code] of Object.entries(RRClass)) {
      expect(classFromMnemonic(name.toLowerCase())).toBe(code);
      expect(classToMnemonic(code)).toBe(name);
    }
    expect(RRClass).toMatchObject({ IN: 1, CH: 3, HS: 4, NONE: 254, ANY: 255 });
  });

  it('reads and prints the CLASSnnn form', () => {
    expect(classFromMnemonic('CLASS123')).toBe(123);
    expect(classToMnemonic(123)).toBe('CLASS123');
    expect(classFromMnemonic('CLASS70000')).toBeUndefined();
    expect(classFromMnemonic('MX')).toBeUndefined();
  });
});
