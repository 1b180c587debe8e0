import type { ZoneInfo } from '../store/store.js';
import type { Name } from '../wire/name.js';
import { formatName, isSubdomainOf } from '../wire/name.js';
import type { ZoneVersion } from './alias-change.js';
import { familyKey, readAliases, sourceFingerprint } from './alias-list.js';
import { AliasTask } from './alias-task.js';
import type { AliasIndex } from './alias-zones.js';
import type { TaskContext } from './task-context.js';

/** The ALIAS families of one zone, as read from one version of its source. */
export interface ZoneAliases {
  readonly version: ZoneVersion;
  /** The zone's name for log lines. */
  readonly label: string;
  readonly tasks: ReadonlyMap<string, AliasTask>;
}

// TODO: the A and AAAA families of one ALIAS have separate tasks; they share one jitter draw,
// but when the target's A and AAAA TTLs differ one change of both lands in two journal steps.
// One task per ALIAS resolving both families together would keep them in one step.

/**
 * Which ALIAS families exist, by zone, each with its running task. Kept in step with the
 * store's zones by `sync`; a family that survives a reload keeps its task and schedule.
 */
export class AliasRegistry {
  private readonly zones = new Map<number, ZoneAliases>();

  constructor(
    private readonly ctx: TaskContext,
    private readonly index: AliasIndex,
  ) {}

  get(zoneId: number): ZoneAliases | undefined {
    return this.zones.get(zoneId);
  }

  /** Drops zones that are gone, then (re)reads zones that are new or whose source changed. */
  sync(zones: readonly ZoneInfo[]): void {
    // Drop first: a zone deleted and imported again under the same name has a new id.
    const present = new Set(zones.map((z) => z.id));
    for (const id of [...this.zones.keys()]) if (!present.has(id)) this.drop(id);
    for (const zone of zones) {
      if (this.zones.get(zone.id)?.version.fingerprint !== sourceFingerprint(zone)) {
        this.load(zone);
      }
    }
  }

  /** The tasks of every ALIAS whose target lies in `zone` (at or below its apex). */
  tasksTargeting(zone: Name): AliasTask[] {
    const tasks: AliasTask[] = [];
    for (const entry of this.zones.values()) {
      for (const task of entry.tasks.values()) {
        if (isSubdomainOf(task.family.target, zone)) tasks.push(task);
      }
    }
    return tasks;
  }

  dropAll(): void {
    for (const id of [...this.zones.keys()]) this.drop(id);
  }

  private load(zone: ZoneInfo): void {
    const previous = this.zones.get(zone.id);
    // The import that changed the source published fresh answers; queued ones are older.
    this.ctx.batcher.discard(zone.id);
    const aliases = readAliases(this.ctx.store, zone.id);
    this.index.set(
      zone.name,
      aliases.map((a) => a.record),
    );

    const label = formatName(zone.name);
    const tasks = new Map<string, AliasTask>();
    for (const family of aliases.flatMap((a) => a.families)) {
      const key = familyKey(family);
      let task = previous?.tasks.get(key);
      if (!task) {
        task = new AliasTask(family, label, this.ctx);
        task.start();
      }
      tasks.set(key, task);
    }
    for (const [key, task] of previous?.tasks ?? []) if (!tasks.has(key)) task.retire();
    const version = { id: zone.id, name: zone.name, fingerprint: sourceFingerprint(zone) };
    this.zones.set(zone.id, { version, label, tasks });
  }

  private drop(id: number): void {
    const entry = this.zones.get(id);
    if (!entry) return;
    for (const task of entry.tasks.values()) task.retire();
    this.ctx.batcher.discard(id);
    this.index.delete(entry.version.name);
    this.zones.delete(id);
  }
}
