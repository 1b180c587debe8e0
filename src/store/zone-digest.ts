import { createHash } from 'node:crypto';
import type { ZoneRecord } from '../zone/record.js';
import { lowerName } from '../wire/name.js';
import { canonicalRdata } from '../wire/rdata.js';

const LANES = 8;
const LANE = 2 ** 32;

/**
 * An order-independent fingerprint of a record set: the SHA-256 of each record's canonical
 * form, read as eight 32-bit words and summed word by word modulo 2^32. Adding or removing a
 * record changes it by that record's hash alone, so every journal step can carry the
 * fingerprint of the zone before and after it at a cost that follows the size of the change,
 * and `journal verify` can prove that the published records and the journal still agree.
 */
export type ZoneDigest = readonly number[];

export const EMPTY_DIGEST: ZoneDigest = new Array<number>(LANES).fill(0);

function recordWords(record: ZoneRecord): Buffer {
  const fixed = Buffer.allocUnsafe(8);
  fixed.writeUInt16BE(record.type, 0);
  fixed.writeUInt32BE(record.ttl >>> 0, 2);
  fixed.writeUInt16BE(record.rdata.length, 6);
  return createHash('sha256')
    .update(lowerName(record.owner))
    .update(fixed)
    .update(canonicalRdata(record.type, record.rdata))
    .digest();
}

function combine(digest: ZoneDigest, records: Iterable<ZoneRecord>, sign: 1 | -1): ZoneDigest {
  // Sums stay exact in doubles far beyond any zone size before the final reduction.
  const sums = [...digest];
  for (const r of records) {
    const words = recordWords(r);
    for (let i = 0; i < LANES; i++) sums[i]! += sign * words.readUInt32BE(i * 4);
  }
  return sums.map((s) => ((s % LANE) + LANE) % LANE);
}

export function addRecords(digest: ZoneDigest, records: Iterable<ZoneRecord>): ZoneDigest {
  return combine(digest, records, 1);
}

export function removeRecords(digest: ZoneDigest, records: Iterable<ZoneRecord>): ZoneDigest {
  return combine(digest, records, -1);
}

export function digestToHex(digest: ZoneDigest): string {
  return digest.map((w) => w.toString(16).padStart(8, '0')).join('');
}

export function digestFromHex(hex: string): ZoneDigest {
  if (hex === '') return EMPTY_DIGEST;
  return Array.from({ length: LANES }, (_, i) => parseInt(hex.slice(i * 8, i * 8 + 8), 16));
}
