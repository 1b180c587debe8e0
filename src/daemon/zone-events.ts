import type { Logger } from 'pino';
import type { Notifier } from '../notifier/notifier.js';
import type { NotifyTarget } from '../notifier/udp-transport.js';
import type { ZoneIndex } from '../server/zone-index.js';
import type { Store, ZoneInfo } from '../store/store.js';
import { formatName } from '../wire/name.js';
import { RRType } from '../wire/rr-types.js';

/**
 * Where "zone X is now at serial N" ends up, whoever made the change (a reload, the ALIAS
 * refresher, another process): the served zone list is reloaded and every secondary of a zone
 * whose serial moved gets a NOTIFY. DESIGN §5: the store reports, this passes it on; the
 * refresher and the notifier never meet.
 */
export class ZoneEvents {
  constructor(
    private readonly store: Store,
    private readonly zones: ZoneIndex,
    private readonly notifier: Notifier,
    private readonly targets: readonly NotifyTarget[],
    private readonly log: Logger,
  ) {}

  /**
   * Reloads the zone list and notifies for each zone whose serial changed; `cause` is logged.
   * Returns the zones that changed.
   */
  sync(cause: string): ZoneInfo[] {
    const before = new Map(this.zones.all().map((z) => [z.id, z.serial]));
    this.zones.refresh();
    const changed = this.zones.all().filter((zone) => before.get(zone.id) !== zone.serial);
    for (const zone of changed) {
      this.log.info(
        { zone: formatName(zone.name), serial: zone.serial, cause },
        'zone serial changed',
      );
      this.notify(zone);
    }
    return changed;
  }

  // TODO: every zone notifies the same `--notify` list; per-zone secondaries need the config
  // file (zones, their secondaries, ACLs and keys), which does not exist yet.

  /** Tells the secondaries about the zone's current serial (at start-up, and after changes). */
  notify(zone: ZoneInfo): void {
    if (this.targets.length === 0) return;
    const soa = this.store.publishedAt(zone.id, zone.name).find((r) => r.type === RRType.SOA);
    if (soa) this.notifier.notify(zone.name, soa, this.targets);
  }

  notifyAll(): void {
    for (const zone of this.zones.all()) this.notify(zone);
  }
}

/**
 * Another process may write to the same database while we serve (`zone import`, `refresh`);
 * SQLite's data_version tells us cheaply, and `onCommit` runs when it moves. Returns the
 * function that stops watching.
 */
export function watchForOutsideCommits(
  store: Store,
  intervalMs: number,
  onCommit: () => void,
): () => void {
  let version = store.dataVersion();
  const timer = setInterval(() => {
    const now = store.dataVersion();
    if (now === version) return;
    version = now;
    onCommit();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
