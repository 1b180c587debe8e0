import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A generated zone file in a temporary folder of its own. */
export interface BigZone {
  readonly file: string;
  /** Records in the file, SOA and apex NS included. */
  readonly records: number;
  remove(): void;
}

/**
 * Writes a zone of `hosts` names below `origin`, each with an A and a TXT record (so about
 * twice `hosts` records), addresses from 198.18.0.0/15 (RFC 2544) as data only. `txtLength`
 * is the filler text in each TXT record, to make the transfer as large as a test needs.
 */
export function writeBigZone(origin: string, hosts: number, txtLength = 16): BigZone {
  const dir = mkdtempSync(join(tmpdir(), 'alias-xfr-big-'));
  const file = join(dir, 'big.zone');
  const lines = [
    `$ORIGIN ${origin}`,
    '$TTL 3600',
    '@ SOA ns1 hostmaster 1 3600 600 86400 300',
    '@ NS ns1',
    'ns1 A 198.18.0.1',
  ];
  // TXT strings hold at most 255 characters (RFC 1035 §3.3); longer text is several strings.
  const filler = ('x'.repeat(txtLength).match(/.{1,200}/g) ?? [])
    .map((part) => `"${part}"`)
    .join(' ');
  for (let i = 0; i < hosts; i++) {
    lines.push(`h${i} A 198.${18 + (i >> 16)}.${(i >> 8) & 0xff}.${i & 0xff}`);
    lines.push(`h${i} TXT ${filler} "${i}"`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return {
    file,
    records: 3 + 2 * hosts,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
