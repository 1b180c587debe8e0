import type { Store, ZoneInfo } from '../store/store.js';
import type { Name } from '../wire/name.js';
import { lowerName, readUncompressedName } from '../wire/name.js';
import { RRType } from '../wire/rr-types.js';
import type { ZoneRecord } from '../zone/record.js';

/** The address types an ALIAS turns into; each is resolved and scheduled on its own. */
export const ADDRESS_TYPES = [RRType.A, RRType.AAAA] as const;

/** One address family of one ALIAS: the unit the refresher schedules. */
export interface AliasFamily {
  readonly zoneId: number;
  readonly owner: Name;
  readonly target: Name;
  /** TTL of the ALIAS record: the ceiling of the TTL published for it. */
  readonly aliasTtl: number;
  readonly type: number;
}

/**
 * Which version of a zone's source the ALIAS list was read from. An import replaces the
 * source and its fingerprint, so a different value means the list (and any change computed
 * from it) is out of date.
 */
export function sourceFingerprint(zone: ZoneInfo): string {
  return `${zone.sourceFile ?? ''}\n${zone.sourceDigest ?? ''}`;
}

/**
 * The ALIAS records of a zone's source, two families each. Reads the whole source: this runs
 * once per import of a zone, not per refresh.
 */
export function readAliases(
  store: Store,
  zoneId: number,
): { record: ZoneRecord; families: AliasFamily[] }[] {
  return store
    .sourceRecords(zoneId)
    .filter((r) => r.type === RRType.ALIAS)
    .map((record) => {
      const target = readUncompressedName(record.rdata, 0).name;
      const families = ADDRESS_TYPES.map((type) => ({
        zoneId,
        owner: record.owner,
        target,
        aliasTtl: record.ttl,
        type,
      }));
      return { record, families };
    });
}

/** Identity of a family across reloads: same owner, type, target and ALIAS TTL. */
export function familyKey(family: AliasFamily): string {
  const owner = lowerName(family.owner).toString('hex');
  const target = lowerName(family.target).toString('hex');
  return `${owner}|${family.type}|${target}|${family.aliasTtl}`;
}

/** Key of the published records a family owns (owner and type only). */
export function slotKey(family: AliasFamily): string {
  return `${lowerName(family.owner).toString('hex')}|${family.type}`;
}

/**
 * The records of one family as published now. Only an ALIAS produces A/AAAA at its owner
 * (zone-check forbids them beside it), so these are exactly that ALIAS's records.
 */
export function publishedFamily(store: Store, family: AliasFamily): ZoneRecord[] {
  return store.publishedAt(family.zoneId, family.owner).filter((r) => r.type === family.type);
}

/** Equal address sets: the same RDATA, order, duplicates and TTLs aside. */
export function sameAddressSet(a: readonly ZoneRecord[], b: readonly ZoneRecord[]): boolean {
  // DESIGN §2 compares address sets. TTLs are left out on purpose: a caching resolver counts
  // them down, and treating that as a change would write a journal step nearly every round.
  const key = (r: ZoneRecord): string => r.rdata.toString('hex');
  const left = new Set(a.map(key));
  const right = new Set(b.map(key));
  return left.size === right.size && [...left].every((k) => right.has(k));
}
