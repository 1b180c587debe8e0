import { RRType } from '../../src/wire/rr-types.js';
import type { ZoneRecord } from '../../src/zone/record.js';
import { soaSerial } from '../../src/zone/serial.js';
import { recordKey } from '../../src/zone/diff.js';

/**
 * Applies an IXFR reply (RFC 1995 §4) to a copy of a zone, the way a secondary would: the
 * first SOA is the new version; then each difference sequence is SOA(old), records to delete,
 * SOA(new), records to add; the last record repeats the new SOA. A reply that is a full zone
 * (SOA, records, SOA with no second SOA at position 1) replaces the zone. Throws when the
 * sequence does not fit the base it is applied to.
 */
export function applyIxfr(base: readonly ZoneRecord[], reply: readonly ZoneRecord[]): ZoneRecord[] {
  const isSoa = (r: ZoneRecord | undefined): boolean => r?.type === RRType.SOA;
  const first = reply[0];
  if (!first || !isSoa(first)) throw new Error('ixfr reply does not start with an SOA');
  const newest = soaSerial(first.rdata);
  if (reply.length === 1) return [...base];
  if (!isSoa(reply[1])) return reply.slice(0, -1);

  const zone = new Map(base.map((r) => [recordKey(r), r]));
  let section: 'delete' | 'add' = 'add';
  for (const r of reply.slice(1, -1)) {
    const key = recordKey(r);
    if (isSoa(r)) {
      // SOAs alternate: the old version's opens a delete section, the next one an add section.
      section = section === 'add' ? 'delete' : 'add';
      if (section === 'add') zone.set(key, r);
      else if (!zone.delete(key)) throw new Error('a step starts from a serial the zone is not at');
    } else if (section === 'add') {
      zone.set(key, r);
    } else if (!zone.delete(key)) {
      throw new Error('ixfr deletes a record the zone lacks');
    }
  }
  const result = [...zone.values()];
  const soa = result.find((r) => r.type === RRType.SOA);
  if (!soa || soaSerial(soa.rdata) !== newest)
    throw new Error('ixfr did not reach the newest serial');
  return result;
}
