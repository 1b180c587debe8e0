import { describe, expect, it } from 'vitest';
import { parseName } from '../../src/wire/name.js';
import {
  canonicalRdata,
  rdataFromText,
  rdataNameFields,
  rdataToText,
} from '../../src/wire/rdata.js';
import { RRType, typeFromMnemonic } from '../../src/wire/rr-types.js';
import { tokenize } from '../../src/zone/tokenizer.js';

const origin = parseName('Example.', null);

function fromText(type: string, text: string): Buffer {
  const tokens = [...tokenize(text)].flatMap((entry) => entry.tokens);
  return rdataFromText(typeFromMnemonic(type)!, tokens, origin);
}

function canonicalText(type: string, text: string): string {
  const code = typeFromMnemonic(type)!;
  return rdataToText(code, canonicalRdata(code, fromText(type, text)));
}

describe('canonical RDATA (RFC 4034 §6.2, RFC 6840 §5.1)', () => {
  it.each([
    ['NS', 'NS1.Example.COM.', 'ns1.example.com.'],
    ['CNAME', 'Target', 'target.example.'],
    ['SOA', 'NS1 HostMaster 1 2 3 4 5', 'ns1.example. hostmaster.example. 1 2 3 4 5'],
    ['MX', '10 MAIL', '10 mail.example.'],
    ['MINFO', 'RMail EMail', 'rmail.example. email.example.'],
    ['RP', 'Box.Example. TXT.Example.', 'box.example. txt.example.'],
    ['AFSDB', '1 AFS', '1 afs.example.'],
    ['RT', '1 Relay', '1 relay.example.'],
    ['PX', '1 A.B. C.D.', '1 a.b. c.d.'],
    ['NAPTR', '1 1 "S" "SIP+D2U" "" _SIP._udp', '1 1 "S" "SIP+D2U" "" _sip._udp.example.'],
    ['KX', '1 KDC', '1 kdc.example.'],
    ['SRV', '0 0 5060 SIP.Example.', '0 0 5060 sip.example.'],
    ['DNAME', 'Other.', 'other.'],
    ['A6', '64 ::1 Prefix.', '64 ::1 prefix.'],
    ['NXT', 'Next.Example. A NXT', 'next.example. A NXT'],
    ['ALIAS', 'LB.CDN.Net.', 'lb.cdn.net.'],
    [
      'RRSIG',
      'A 8 2 3600 20300101000000 20200101000000 1 Example. AA==',
      'A 8 2 3600 20300101000000 20200101000000 1 example. AA==',
    ],
    [
      'SIG',
      'A 8 2 3600 20300101000000 20200101000000 1 Example. AA==',
      'A 8 2 3600 20300101000000 20200101000000 1 example. AA==',
    ],
  ])('lowercases the names in %s', (type, text, expected) => {
    expect(canonicalText(type, text)).toBe(expected);
  });

  it.each([
    ['NSEC', 'Next.Example. A', 'Next.Example. A'],
    ['SVCB', '1 Svc.Example. alpn=h2', '1 Svc.Example. alpn="h2"'],
    ['HIP', '2 aa AA== RVS.Example.', '2 aa AA== RVS.Example.'],
    ['LP', '1 Loc.Example.', '1 Loc.Example.'],
    ['IPSECKEY', '1 3 2 GW.Example. AA==', '1 3 2 GW.Example. AA=='],
    ['TXT', '"MiXeD"', '"MiXeD"'],
    ['HINFO', 'PC NetBSD', '"PC" "NetBSD"'],
  ])('keeps the case of %s, whose names are not on the list', (type, text, expected) => {
    expect(canonicalText(type, text)).toBe(expected);
  });

  it('returns the same buffer for types without names', () => {
    const rdata = fromText('A', '192.0.2.1');
    expect(canonicalRdata(RRType.A, rdata)).toBe(rdata);
  });

  it('does not change the RDATA it was given', () => {
    const rdata = fromText('MX', '10 MAIL');
    canonicalRdata(RRType.MX, rdata);
    expect(rdataToText(RRType.MX, rdata)).toBe('10 MAIL.Example.');
  });
});

describe('compressible names in RDATA (RFC 3597 §4)', () => {
  it('finds both SOA names', () => {
    const rdata = fromText('SOA', 'ns1.example. host.example. 1 2 3 4 5');
    expect(rdataNameFields(RRType.SOA, rdata)).toEqual([
      { start: 0, end: 13 },
      { start: 13, end: 27 },
    ]);
  });

  it('finds the MX exchange after the preference', () => {
    const rdata = fromText('MX', '10 mail.example.');
    expect(rdataNameFields(RRType.MX, rdata)).toEqual([{ start: 2, end: 16 }]);
  });

  it.each(['NS', 'MD', 'MF', 'CNAME', 'MB', 'MG', 'MR', 'PTR'])(
    'covers the whole RDATA of %s',
    (type) => {
      const rdata = fromText(type, 'host.example.');
      expect(rdataNameFields(typeFromMnemonic(type)!, rdata)).toEqual([{ start: 0, end: 14 }]);
    },
  );

  it('finds both MINFO names', () => {
    const rdata = fromText('MINFO', 'a. b.');
    expect(rdataNameFields(RRType.MINFO, rdata)).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
    ]);
  });

  it.each([
    ['SRV', '0 0 1 host.example.'],
    ['DNAME', 'host.example.'],
    ['RRSIG', 'A 8 2 3600 1 0 1 example. AA=='],
    ['NSEC', 'host.example. A'],
    ['ALIAS', 'host.example.'],
    ['AFSDB', '1 host.example.'],
    ['A', '192.0.2.1'],
  ])('lists no names for %s, whose names may not be compressed', (type, text) => {
    expect(rdataNameFields(typeFromMnemonic(type)!, fromText(type, text))).toEqual([]);
  });
});
