import type { Store, ZoneInfo } from '../store/store.js';
import type { Name } from '../wire/name.js';
import { lowerName } from '../wire/name.js';

/**
 * The zones being served, by name, kept in memory so that choosing the zone for a query does
 * not touch the database. `refresh` reloads the list; the daemon calls it after its own writes
 * and whenever another process has committed (see `Store.dataVersion`).
 */
export class ZoneIndex {
  private byName = new Map<string, ZoneInfo>();

  constructor(private readonly store: Store) {
    this.refresh();
  }

  refresh(): void {
    const next = new Map<string, ZoneInfo>();
    for (const zone of this.store.zones()) next.set(zone.name.toString('latin1'), zone);
    this.byName = next;
  }

  /** The zone with the longest name that `qname` lies in or at, if we serve one. */
  findZone(qname: Name): ZoneInfo | undefined {
    const lower = lowerName(qname);
    for (let i = 0; ; i += lower[i]! + 1) {
      const zone = this.byName.get(lower.toString('latin1', i));
      if (zone) return zone;
      if (lower[i] === 0) return undefined;
    }
  }

  /** The zone named exactly `name` (transfers must name the apex). */
  zoneAt(name: Name): ZoneInfo | undefined {
    return this.byName.get(lowerName(name).toString('latin1'));
  }

  all(): ZoneInfo[] {
    return [...this.byName.values()];
  }
}
