import type { Name } from '../wire/name.js';

/** Class IN; the only class alias-xfr serves (see README, Limitations). */
export const CLASS_IN = 1;

/** One resource record of a zone, RDATA in uncompressed wire form. */
export interface ZoneRecord {
  readonly owner: Name;
  readonly type: number;
  readonly ttl: number;
  readonly rdata: Buffer;
}

/** A record together with where it was read, so later checks can point at the line. */
export interface SourcedRecord extends ZoneRecord {
  readonly file: string;
  readonly line: number;
}
