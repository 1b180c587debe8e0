import { formatName } from '../../src/wire/name.js';
import { canonicalRdata } from '../../src/wire/rdata.js';
import type { ZoneRecord } from '../../src/zone/record.js';

/**
 * Records as sorted canonical lines (owner, TTL, type, RDATA bytes), so two copies of a zone
 * compare equal however they were spelled or ordered.
 */
export function recordSet(records: readonly ZoneRecord[]): string[] {
  return records
    .map(
      (r) =>
        `${formatName(r.owner).toLowerCase()} ${r.ttl} ${r.type} ${canonicalRdata(r.type, r.rdata).toString('hex')}`,
    )
    .sort();
}
