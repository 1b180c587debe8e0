import type { Name } from '../wire/name.js';
import { formatName } from '../wire/name.js';
import { rdataToText } from '../wire/rdata.js';
import { typeToMnemonic } from '../wire/rr-types.js';
import type { ZoneRecord } from './record.js';

/**
 * One record as a master-file line with absolute names: `owner ttl IN TYPE rdata`. Absolute
 * names make every line stand on its own, so journal views and exports can be cut and pasted.
 */
export function formatRecord(record: ZoneRecord): string {
  const rdata = rdataToText(record.type, record.rdata);
  return `${formatName(record.owner)}\t${record.ttl}\tIN\t${typeToMnemonic(record.type)}\t${rdata}`;
}

/** A whole zone as master-file text that `parseZoneText` reads back to the same records. */
export function formatZone(origin: Name, records: Iterable<ZoneRecord>): string {
  const lines = [`$ORIGIN ${formatName(origin)}`];
  for (const record of records) lines.push(formatRecord(record));
  return lines.join('\n') + '\n';
}
