import type { Name } from '../wire/name.js';
import { lowerName } from '../wire/name.js';
import type { ZoneRecord } from '../zone/record.js';
import type { LocalZones } from './local-zones.js';

/**
 * The ALIAS records of every zone's source, by zone and owner. Published data holds only the
 * flattened addresses of an ALIAS; a target that is itself an ALIAS which never resolved
 * would look like a missing name there. Showing the ALIAS records beside the published ones
 * lets AliasResolver follow ALIAS chains inside our zones and report their loops.
 */
export class AliasIndex {
  private readonly byOwner = new Map<string, ZoneRecord>();
  private readonly byZone = new Map<string, string[]>();

  /** Replaces the ALIAS records known for `zone`. */
  set(zone: Name, aliases: readonly ZoneRecord[]): void {
    this.delete(zone);
    const keys = aliases.map((alias) => {
      const key = indexKey(zone, alias.owner);
      this.byOwner.set(key, alias);
      return key;
    });
    this.byZone.set(zoneKey(zone), keys);
  }

  delete(zone: Name): void {
    for (const key of this.byZone.get(zoneKey(zone)) ?? []) this.byOwner.delete(key);
    this.byZone.delete(zoneKey(zone));
  }

  at(zone: Name, owner: Name): ZoneRecord | undefined {
    return this.byOwner.get(indexKey(zone, owner));
  }
}

/** `local` with each zone's ALIAS records (from `index`) added to its published records. */
export function withSourceAliases(local: LocalZones, index: AliasIndex): LocalZones {
  return {
    zoneFor(name) {
      const zone = local.zoneFor(name);
      if (!zone) return undefined;
      return {
        name: zone.name,
        hasBelow: (owner) => zone.hasBelow(owner),
        recordsAt(owner) {
          const records = zone.recordsAt(owner);
          const alias = index.at(zone.name, owner);
          return alias ? [...records, alias] : records;
        },
      };
    },
  };
}

function zoneKey(zone: Name): string {
  return lowerName(zone).toString('hex');
}

function indexKey(zone: Name, owner: Name): string {
  return `${zoneKey(zone)}|${lowerName(owner).toString('hex')}`;
}
