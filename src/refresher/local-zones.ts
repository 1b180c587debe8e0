import type { Store } from '../store/store.js';
import type { ZoneRecord } from '../zone/record.js';
import type { Name } from '../wire/name.js';
import { isSubdomainOf, lowerName, nameLabels, parentName } from '../wire/name.js';
import { ownerKey } from '../store/owner-key.js';

/** One zone this server holds, as seen by ALIAS resolution. */
export interface LocalZone {
  readonly name: Name;
  recordsAt(name: Name): readonly ZoneRecord[];
  /** True when some record lies strictly below `name` (an empty non-terminal exists). */
  hasBelow(name: Name): boolean;
}

/** The zones this server holds; a target inside one of them never goes to the network. */
export interface LocalZones {
  zoneFor(name: Name): LocalZone | undefined;
}

/** Local zones backed by the published records in the store. */
export function storeZones(store: Store): LocalZones {
  return {
    zoneFor(name) {
      const labels = nameLabels(name).length;
      for (let strip = 0; strip <= labels; strip++) {
        const candidate = stripLabels(name, strip);
        const zone = store.zoneByName(candidate);
        if (!zone) continue;
        return {
          name: zone.name,
          recordsAt: (n) => store.publishedAt(zone.id, n),
          hasBelow: (n) => store.hasPublishedBelow(zone.id, n),
        };
      }
      return undefined;
    },
  };
}

/**
 * A zone held in memory (one being imported, ALIAS records included) layered over other
 * local zones: a name inside it is answered from its records, anything else from `rest`.
 */
export function overlayZone(
  origin: Name,
  records: readonly ZoneRecord[],
  rest: LocalZones,
): LocalZones {
  const byOwner = new Map<string, ZoneRecord[]>();
  // Every proper ancestor of an owner, inside the zone: the names that exist with no records.
  const interior = new Set<string>();
  for (const r of records) {
    for (let n = r.owner; n.length > origin.length;) {
      n = parentName(n);
      interior.add(ownerKey(n).toString('latin1'));
    }
    const key = ownerKey(r.owner).toString('latin1');
    const list = byOwner.get(key) ?? [];
    list.push(r);
    byOwner.set(key, list);
  }
  const zone: LocalZone = {
    name: lowerName(origin),
    recordsAt: (n) => byOwner.get(ownerKey(n).toString('latin1')) ?? [],
    hasBelow: (n) => interior.has(ownerKey(n).toString('latin1')),
  };
  return {
    zoneFor(name) {
      const other = rest.zoneFor(name);
      // A stored zone deeper than the overlay (a child zone held here too) wins.
      if (other && other.name.length > origin.length && isSubdomainOf(other.name, origin))
        return other;
      return isSubdomainOf(name, origin) ? zone : other;
    },
  };
}

function stripLabels(name: Name, count: number): Name {
  let offset = 0;
  for (let i = 0; i < count; i++) offset += name[offset]! + 1;
  return name.subarray(offset);
}
