import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Name } from '../../src/wire/name.js';
import { ROOT_NAME, formatName, parseName } from '../../src/wire/name.js';
import { rdataFromText, rdataToText } from '../../src/wire/rdata.js';
import { typeFromMnemonic } from '../../src/wire/rr-types.js';
import type { Token } from '../../src/wire/token.js';
import { tokenize } from '../../src/zone/tokenizer.js';

// dnspython's test zone: every RR type with awkward syntax, and the same zone as dnspython
// prints it, with names relative to the zone (example1.good) and absolute (example2.good).
const FIXTURES = new URL('../../fixtures/dnspython/', import.meta.url);
const ZONE = parseName('example.', null);

interface ZoneRecord {
  readonly owner: Name;
  readonly type: number;
  readonly origin: Name;
  readonly tokens: readonly Token[];
  /** The RDATA exactly as the file has it, for files with one record per line. */
  readonly text: string;
}

/** Just enough of a zone-file reader for these fixtures: `$ORIGIN`, owners, TTL and class. */
function readZone(file: string, initialOrigin: Name): ZoneRecord[] {
  const content = readFileSync(new URL(file, FIXTURES), 'utf8');
  const lines = content.split('\n');
  const records: ZoneRecord[] = [];
  let origin = initialOrigin;
  let owner = initialOrigin;
  for (const entry of tokenize(content)) {
    const tokens = entry.tokens;
    if (!entry.ownerOmitted && tokens[0]!.text.startsWith('$')) {
      if (tokens[0]!.text === '$ORIGIN') origin = parseName(tokens[1]!.text, origin);
      continue;
    }
    let i = 0;
    if (!entry.ownerOmitted) owner = parseName(tokens[i++]!.text, origin);
    while (/^[0-9]+$/.test(tokens[i]!.text) || tokens[i]!.text === 'IN') i++;
    const type = typeFromMnemonic(tokens[i]!.text)!;
    const text = lines[entry.line - 1]!.replace(/^\S+ \S+ \S+ \S+ ?/, '');
    records.push({ owner, type, origin, tokens: tokens.slice(i + 1), text });
  }
  return records;
}

/** Records of a printed file, matched to the source records by owner, type and position. */
function indexByKey(records: readonly ZoneRecord[]): Map<string, ZoneRecord[]> {
  const index = new Map<string, ZoneRecord[]>();
  for (const r of records) {
    const key = `${formatName(r.owner)} ${r.type}`;
    index.set(key, [...(index.get(key) ?? []), r]);
  }
  return index;
}

function tokensOf(text: string): Token[] {
  return [...tokenize(text)].flatMap((entry) => entry.tokens);
}

// Where our printed form differs from dnspython's on purpose; the octets are still compared.
const BASE64_SPLIT = 'dnspython splits base64 into 32-character chunks; we print one word';
const DIFFERENCES: Record<string, string> = {
  cert01: BASE64_SPLIT,
  dhcid01: BASE64_SPLIT,
  dhcid02: BASE64_SPLIT,
  dhcid03: BASE64_SPLIT,
  dnskey01: BASE64_SPLIT,
  dnskey02: BASE64_SPLIT,
  rrsig01: BASE64_SPLIT,
  rrsig02: BASE64_SPLIT,
  cdnskey01: BASE64_SPLIT,
  ipseckey01: BASE64_SPLIT,
  ipseckey02: BASE64_SPLIT,
  ipseckey03: BASE64_SPLIT,
  ipseckey05: BASE64_SPLIT,
  l6401: 'dnspython keeps the locator as written; we print it in lowercase',
  l6402: 'dnspython keeps the locator as written; we print it in lowercase',
  l6403: 'dnspython keeps the locator as written; we print it in lowercase',
};

// dnspython keeps this IPv6 gateway as written; we print the RFC 5952 form (and unsplit base64).
const OUR_TEXT: Record<string, string> = {
  ipseckey04: '10 2 2 2001:db8:0:8002::2000:1 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==',
};

function comparable(text: string, owner: Name): string {
  const label = formatName(owner).split('.')[0]!;
  return label in DIFFERENCES ? text.replace(/\s+/g, '').toLowerCase() : text;
}

function expected(printed: ZoneRecord, owner: Name): string {
  const label = formatName(owner).split('.')[0]!;
  return OUR_TEXT[label] ?? comparable(printed.text, owner);
}

const source = readZone('example', ROOT_NAME);
const relative = indexByKey(readZone('example1.good', ZONE));
const absolute = indexByKey(readZone('example2.good', ZONE));
const seen = new Map<string, number>();
const cases = source.map((record) => {
  const key = `${formatName(record.owner)} ${record.type}`;
  const n = seen.get(key) ?? 0;
  seen.set(key, n + 1);
  return { key, record, relative: relative.get(key)![n]!, absolute: absolute.get(key)![n]! };
});

describe('the dnspython example zone', () => {
  it('has a printed counterpart for every source record', () => {
    expect(cases.length).toBe(readZone('example1.good', ZONE).length);
  });

  it.each(cases)('reads and prints $key as dnspython does', (c) => {
    const wire = rdataFromText(c.record.type, c.record.tokens, c.record.origin);

    const printedRelative = rdataToText(c.record.type, wire, ZONE);
    expect(comparable(printedRelative, c.record.owner)).toBe(expected(c.relative, c.record.owner));
    const printedAbsolute = rdataToText(c.record.type, wire);
    expect(comparable(printedAbsolute, c.record.owner)).toBe(expected(c.absolute, c.record.owner));

    expect(rdataFromText(c.record.type, c.relative.tokens, ZONE)).toEqual(wire);
    expect(rdataFromText(c.record.type, c.absolute.tokens, ZONE)).toEqual(wire);
    expect(rdataFromText(c.record.type, tokensOf(printedRelative), ZONE)).toEqual(wire);
    expect(rdataFromText(c.record.type, tokensOf(printedAbsolute), ROOT_NAME)).toEqual(wire);
  });
});
