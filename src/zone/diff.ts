import { lowerName } from '../wire/name.js';
import { canonicalRdata } from '../wire/rdata.js';
import type { ZoneRecord } from './record.js';

/** The records to remove from and add to one record set to obtain another. */
export interface RecordDiff {
  readonly removed: ZoneRecord[];
  readonly added: ZoneRecord[];
}

/**
 * Identity of a record for diffing: owner (case-folded), type, TTL and canonical RDATA. A TTL
 * change is a removal plus an addition, as in an IXFR.
 */
export function recordKey(record: ZoneRecord): string {
  return `${lowerName(record.owner).toString('latin1')}|${record.type}|${record.ttl}|${canonicalRdata(record.type, record.rdata).toString('latin1')}`;
}

/** What changes from `before` to `after`; removed records keep their stored bytes. */
export function diffRecords(
  before: readonly ZoneRecord[],
  after: readonly ZoneRecord[],
): RecordDiff {
  const beforeKeys = new Map(before.map((r) => [recordKey(r), r]));
  const afterKeys = new Map(after.map((r) => [recordKey(r), r]));
  const removed = [...beforeKeys].filter(([k]) => !afterKeys.has(k)).map(([, r]) => r);
  const added = [...afterKeys].filter(([k]) => !beforeKeys.has(k)).map(([, r]) => r);
  return { removed, added };
}
