import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatName, parseName, ROOT_NAME } from '../../src/wire/name.js';
import { parseZoneFile, parseZoneText } from '../../src/zone/parser.js';
import { formatZone } from '../../src/zone/printer.js';
import type { ZoneRecord } from '../../src/zone/record.js';
import { recordSet } from '../helpers/record-set.js';
import { checkZone } from '../../src/zone/zone-check.js';
import { describeWithTools } from '../peers/tools.js';

const DNSPYTHON = 'fixtures/dnspython';
const ROOTZONE = 'fixtures/rootzone';
const example = parseName('example.', ROOT_NAME);

function load(file: string, origin = example): ZoneRecord[] {
  return checkZone(origin, parseZoneFile(file, { origin }));
}

describe('the dnspython example zone', () => {
  const expected = recordSet(load(join(DNSPYTHON, 'example')));

  it('holds every record of the file', () => {
    expect(expected).toHaveLength(178);
  });

  it.each(['example1.good', 'example2.good', 'example3.good', 'example4.good'])(
    'parses %s to the same record set as the source file',
    (file) => {
      expect(recordSet(load(join(DNSPYTHON, file)))).toEqual(expected);
    },
  );

  it('reads back what the printer writes, record for record', () => {
    const records = load(join(DNSPYTHON, 'example'));
    const text = formatZone(example, records);
    expect(recordSet(checkZone(example, parseZoneText(text, { origin: example })))).toEqual(
      expected,
    );
  });
});

const rootFiles = readdirSync(ROOTZONE)
  .filter((f) => f.endsWith('.gz'))
  .sort();

describe('the root zone versions', () => {
  it('are all twelve present', () => {
    expect(rootFiles).toHaveLength(12);
  });

  it.each(rootFiles)('%s loads with the record count of the file', (file) => {
    const records = load(join(ROOTZONE, file), ROOT_NAME);
    // The files hold one record per line; AXFR dumps repeat the SOA as their last line.
    const text = execFileSync('zcat', [join(ROOTZONE, file)], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith(';'));
    const distinct = new Set(lines.map((l) => l.trim().split(/\s+/).join(' ').toLowerCase()));
    expect(lines.length - distinct.size).toBeLessThanOrEqual(1);
    expect(records.length).toBe(distinct.size);
    expect(formatName(records[0]!.owner)).toBe('.');
  });

  it('prints and re-reads the newest version unchanged', () => {
    const records = load(join(ROOTZONE, rootFiles.at(-1)!), ROOT_NAME);
    const again = checkZone(
      ROOT_NAME,
      parseZoneText(formatZone(ROOT_NAME, records), { origin: ROOT_NAME }),
    );
    expect(recordSet(again)).toEqual(recordSet(records));
  });
});

describeWithTools('BIND named-compilezone as a parsing oracle', ['named-compilezone'], (tools) => {
  /** BIND's canonical dump of a zone file, parsed back by us: the two must agree. */
  function viaBind(file: string, zone: string, origin: typeof ROOT_NAME): string[] {
    const text = execFileSync(
      tools['named-compilezone'],
      ['-q', '-i', 'none', '-k', 'ignore', '-s', 'full', '-o', '-', zone, file],
      { encoding: 'utf8', maxBuffer: 1 << 27 },
    );
    return recordSet(checkZone(origin, parseZoneText(text, { origin })));
  }

  it.each([rootFiles[0]!, rootFiles[5]!, rootFiles.at(-1)!])('agrees on %s', (file) => {
    const path = join(ROOTZONE, file);
    const plain = execFileSync('zcat', [path], { maxBuffer: 1 << 26 });
    const dir = mkdtempSync(join(tmpdir(), 'alias-xfr-oracle-'));
    const tmp = join(dir, 'root.zone');
    writeFileSync(tmp, plain);
    expect(recordSet(load(path, ROOT_NAME))).toEqual(viaBind(tmp, '.', ROOT_NAME));
  });
});
