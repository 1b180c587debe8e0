import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatName, parseName, ROOT_NAME } from '../../src/wire/name.js';
import { rdataToText } from '../../src/wire/rdata.js';
import { typeToMnemonic } from '../../src/wire/rr-types.js';
import { parseZoneFile, parseZoneText } from '../../src/zone/parser.js';

const origin = parseName('example.com.', ROOT_NAME);

/** Parses and renders each record as `owner ttl TYPE rdata` for compact assertions. */
function lines(text: string, zone = origin): string[] {
  return parseZoneText(text, { origin: zone, fileName: 'test.zone' }).map(
    (r) =>
      `${formatName(r.owner)} ${r.ttl} ${typeToMnemonic(r.type)} ${rdataToText(r.type, r.rdata)}`,
  );
}

describe('zone file syntax (RFC 1035 §5.1)', () => {
  it.each([
    ['absolute owner', 'www.example.com. 60 IN A 192.0.2.1', 'www.example.com. 60 A 192.0.2.1'],
    ['relative owner', 'www 60 IN A 192.0.2.1', 'www.example.com. 60 A 192.0.2.1'],
    ['@ is the origin', '@ 60 IN A 192.0.2.1', 'example.com. 60 A 192.0.2.1'],
    ['class before ttl', 'www IN 60 A 192.0.2.1', 'www.example.com. 60 A 192.0.2.1'],
    ['class omitted', 'www 60 A 192.0.2.1', 'www.example.com. 60 A 192.0.2.1'],
    ['ttl with units', 'www 1h30m IN A 192.0.2.1', 'www.example.com. 5400 A 192.0.2.1'],
    ['ttl unit in upper case', 'www 2W A 192.0.2.1', 'www.example.com. 1209600 A 192.0.2.1'],
    ['type in lower case', 'www 60 in a 192.0.2.1', 'www.example.com. 60 A 192.0.2.1'],
    ['relative rdata name', 'www 60 CNAME host', 'www.example.com. 60 CNAME host.example.com.'],
    ['@ in rdata', 'www 60 CNAME @', 'www.example.com. 60 CNAME example.com.'],
    ['escaped dot in label', 'a\\.b 60 A 192.0.2.1', 'a\\.b.example.com. 60 A 192.0.2.1'],
    ['\\DDD escape in label', 'a\\065 60 A 192.0.2.1', 'aA.example.com. 60 A 192.0.2.1'],
    ['quoted string with spaces', 'www 60 TXT "a b"', 'www.example.com. 60 TXT "a b"'],
    ['semicolon inside quotes', 'www 60 TXT "a;b" ; comment', 'www.example.com. 60 TXT "a;b"'],
    [
      'escaped quote in a string',
      'www 60 TXT "say \\"hi\\""',
      'www.example.com. 60 TXT "say \\"hi\\""',
    ],
    ['\\DDD escape in a string', 'www 60 TXT "a\\010b"', 'www.example.com. 60 TXT "a\\010b"'],
    [
      'generic type and rdata',
      'www 60 TYPE65280 \\# 2 abcd',
      'www.example.com. 60 TYPE65280 \\# 2 abcd',
    ],
    ['generic rdata of a known type', 'www 60 A \\# 4 0a000001', 'www.example.com. 60 A 10.0.0.1'],
    ['ALIAS pseudo-type', '@ 60 ALIAS lb.example.net.', 'example.com. 60 ALIAS lb.example.net.'],
  ])('reads %s', (_what, text, expected) => {
    expect(lines(text)).toEqual([expected]);
  });

  it('joins lines inside parentheses and ignores comments there', () => {
    const text = [
      '@ 3600 IN SOA ns1 hostmaster ( ; start',
      '    2026010101 ; serial',
      '    3600 600 1209600 300 )',
    ].join('\n');
    expect(lines(text)).toEqual([
      'example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 2026010101 3600 600 1209600 300',
    ]);
  });

  it('repeats the previous owner for a line starting with blank space', () => {
    expect(lines('www 60 A 192.0.2.1\n    60 AAAA 2001:db8::1\n\tTXT "x"')).toEqual([
      'www.example.com. 60 A 192.0.2.1',
      'www.example.com. 60 AAAA 2001:db8::1',
      'www.example.com. 60 TXT "x"',
    ]);
  });

  it('applies $ORIGIN to later relative names and $TTL to later records', () => {
    const text =
      '$TTL 120\n$ORIGIN sub.example.com.\nwww A 192.0.2.1\n$ORIGIN other\nx A 192.0.2.2';
    expect(lines(text)).toEqual([
      'www.sub.example.com. 120 A 192.0.2.1',
      'x.other.sub.example.com. 120 A 192.0.2.2',
    ]);
  });

  it('uses the last stated TTL when there is no $TTL (RFC 1035 §5.1)', () => {
    expect(lines('a 77 A 192.0.2.1\nb A 192.0.2.2')).toEqual([
      'a.example.com. 77 A 192.0.2.1',
      'b.example.com. 77 A 192.0.2.2',
    ]);
  });

  it('uses the SOA MINIMUM for an SOA that has no TTL at all', () => {
    expect(lines('@ SOA ns hm 1 2 3 4 55\nwww A 192.0.2.1')).toEqual([
      'example.com. 55 SOA ns.example.com. hm.example.com. 1 2 3 4 55',
      'www.example.com. 55 A 192.0.2.1',
    ]);
  });

  it('reads $INCLUDE relative to the including file, with an origin argument', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alias-xfr-include-'));
    writeFileSync(join(dir, 'hosts.inc'), '$TTL 30\nhost A 192.0.2.9\n');
    writeFileSync(
      join(dir, 'main.zone'),
      '$TTL 60\n$INCLUDE hosts.inc lan.example.com.\nafter A 192.0.2.1\n',
    );
    const records = parseZoneFile(join(dir, 'main.zone'), { origin });
    expect(records.map((r) => `${formatName(r.owner)} ${r.ttl}`)).toEqual([
      'host.lan.example.com. 30',
      // The included file's $TTL and origin do not leak back into the includer.
      'after.example.com. 60',
    ]);
  });

  it('reads a gzip-compressed zone file', () => {
    const records = parseZoneFile('fixtures/rootzone/root.zone.2018020100.gz', {
      origin: ROOT_NAME,
    });
    expect(records.length).toBeGreaterThan(19_000);
  });
});

describe('zone file errors name file, line and the bad token', () => {
  it.each([
    ['unknown type', 'www 60 IN BOGUS x', 'test.zone:1: unknown record type: BOGUS'],
    ['bad address', '\nwww 60 IN A 192.0.2.256', 'test.zone:2: '],
    ['ttl out of range', 'www 4294967296 IN A 192.0.2.1', 'test.zone:1: ttl out of range'],
    ['unbalanced (', 'www 60 IN TXT ( "a"', 'test.zone:1: unbalanced parentheses'],
    ['unbalanced )', 'www 60 IN A 192.0.2.1 )', 'test.zone:1: unbalanced parentheses: )'],
    ['unterminated quote', 'www 60 IN TXT "abc', 'test.zone:1: unterminated quoted string'],
    ['owner missing on the first line', '  60 IN A 192.0.2.1', 'test.zone:1: record has no owner'],
    ['no type', 'www 60 IN', 'test.zone:1: record has no type'],
    ['no ttl anywhere', 'www IN A 192.0.2.1', 'test.zone:1: no TTL given and no $TTL'],
    ['class other than IN', 'www 60 CH A 192.0.2.1', 'test.zone:1: only class IN is supported: CH'],
    [
      'unknown directive',
      '$GENERATE 1-2 a$ A 192.0.2.$',
      'test.zone:1: unsupported directive: $GENERATE',
    ],
    ['empty label', 'a..b 60 A 192.0.2.1', 'test.zone:1: empty label in name: a..b'],
    [
      'label too long',
      `${'a'.repeat(64)} 60 A 192.0.2.1`,
      'test.zone:1: label longer than 63 octets',
    ],
    ['$TTL without value', '$TTL', 'test.zone:1: $TTL needs an argument'],
    ['bad $TTL', '$TTL soon', 'test.zone:1: bad $TTL value: soon'],
    [
      'missing include',
      '$INCLUDE /nonexistent/x.inc',
      'test.zone:1: /nonexistent/x.inc: cannot read zone file (ENOENT)',
    ],
    ['bad \\DDD', 'a\\300 60 A 192.0.2.1', 'test.zone:1: \\DDD escape above 255'],
  ])('reports %s', (_what, text, message) => {
    expect(() => lines(text)).toThrow(message);
  });

  it('stops an $INCLUDE loop with an error instead of recursing forever', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alias-xfr-include-'));
    writeFileSync(join(dir, 'loop.zone'), '$INCLUDE loop.zone\n');
    expect(() => parseZoneFile(join(dir, 'loop.zone'), { origin })).toThrow(/nested too deeply/);
  });
});

describe('zone file sources that could exhaust memory or the terminal', () => {
  it('refuses a device instead of reading it forever', () => {
    expect(() => parseZoneFile('/dev/zero', { origin })).toThrow('/dev/zero: not a regular file');
  });

  it('refuses a device named in $INCLUDE', () => {
    expect(() => lines('$INCLUDE /dev/zero')).toThrow(/test\.zone:1: .*not a regular file/);
  });

  it('shortens a huge token and escapes control characters in the message', () => {
    let message = '';
    try {
      lines(`www 60 IN \x1b[2J${'x'.repeat(70_000)} 1`);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^test\.zone:1: unknown record type: \\027\[2Jx+…$/);
    expect(message.length).toBeLessThan(200);
  });
});
