import type { Logger } from 'pino';
import { NotFoundError } from '../errors.js';
import type { Store, ZoneInfo } from '../store/store.js';
import type { Name } from '../wire/name.js';
import { lowerName } from '../wire/name.js';
import type { AliasFamily } from './alias-list.js';
import type { AddressSource } from './address-answer.js';
import { writeAliasChanges } from './alias-change.js';
import type { AliasWrite } from './alias-change.js';
import { AliasResolver } from './alias-resolver.js';
import { AliasRegistry } from './alias-registry.js';
import { AliasIndex, withSourceAliases } from './alias-zones.js';
import { ChangeBatcher } from './change-batch.js';
import type { FamilyChange } from './change-batch.js';
import { Limiter } from './limiter.js';
import { storeZones } from './local-zones.js';
import { refreshOptions } from './refresh-options.js';
import type { RefreshOptions } from './refresh-options.js';
import { systemClock } from './refresher-clock.js';
import type { RefresherClock } from './refresher-clock.js';
import type { RefreshCounters, TaskContext } from './task-context.js';

export interface RefresherDeps {
  readonly store: Store;
  /** Resolves targets outside our zones; null when the operator configured no resolver. */
  readonly upstream: AddressSource | null;
  readonly log: Logger;
  /** Told after each ALIAS journal step, with the zone at its new serial. */
  readonly onZoneChanged: (zone: ZoneInfo) => void;
  readonly options?: Partial<RefreshOptions>;
  readonly clock?: RefresherClock;
  /** Source of jitter, in [0, 1). */
  readonly random?: () => number;
}

/**
 * Keeps every ALIAS of every zone current (DESIGN §2): each A and AAAA family is re-resolved
 * when its published TTL runs out, and the changes found in a zone within the coalescing
 * window are written as one journal step. Targets inside our zones are resolved from the
 * published data (ALIAS chains followed, loops reported); others through `upstream`.
 */
export class Refresher {
  readonly counters: Readonly<RefreshCounters>;
  private readonly registry: AliasRegistry;
  private readonly ctx: TaskContext;
  private readonly log: Logger;
  private started = false;
  private stopped = false;

  constructor(private readonly deps: RefresherDeps) {
    const options = refreshOptions(deps.options);
    const clock = deps.clock ?? systemClock;
    const aliases = new AliasIndex();
    const local = withSourceAliases(storeZones(deps.store), aliases);
    const counters = { resolutions: 0, failures: 0, steps: 0 };
    this.counters = counters;
    this.log = deps.log.child({ op: 'refresh' });
    const random = deps.random ?? Math.random;
    this.ctx = {
      store: deps.store,
      resolver: new AliasResolver(local, deps.upstream),
      limiter: new Limiter(options.maxConcurrent),
      batcher: new ChangeBatcher(clock, options.coalesceMs, (id, changes) =>
        this.write(id, changes),
      ),
      clock,
      log: this.log,
      options,
      random,
      jitterOf: ownerJitter(random),
      counters,
    };
    this.registry = new AliasRegistry(this.ctx, aliases);
  }

  /** Reads every zone's ALIAS list and arms each family's first round. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.reloadZones();
  }

  /** Writes changes already found, then cancels every timer; late answers are ignored. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.ctx.batcher.flushAll();
    this.stopped = true;
    this.registry.dropAll();
  }

  /**
   * Re-reads the ALIAS list of each zone whose source changed (an import), drops zones that
   * are gone and adds new ones. Families that are still there keep their schedule.
   */
  reloadZones(): void {
    if (!this.started || this.stopped) return;
    this.registry.sync(this.deps.store.zones());
  }

  /**
   * Re-resolves now every ALIAS whose target lies in `zone`, a zone of ours that just changed,
   * so that an ALIAS into our own data follows a reload at once instead of at its next round.
   * The answers are coalesced like any others.
   */
  followZoneChange(zone: Name): void {
    if (!this.started || this.stopped) return;
    for (const task of this.registry.tasksTargeting(zone)) void task.refreshNow();
  }

  /** Resolves all of a zone's ALIASes now and writes what changed without waiting. */
  async refreshZone(zoneId: number): Promise<void> {
    if (!this.started || this.stopped) return;
    this.reloadZones();
    const entry = this.registry.get(zoneId);
    if (!entry) throw new NotFoundError(`no zone with id ${zoneId} in the database`);
    await Promise.all([...entry.tasks.values()].map((task) => task.refreshNow()));
    if (!this.stopped) this.ctx.batcher.flush(zoneId);
  }

  private write(zoneId: number, changes: FamilyChange[]): void {
    const entry = this.registry.get(zoneId);
    if (!entry) return;
    let result: AliasWrite;
    try {
      result = writeAliasChanges(this.deps.store, entry.version, changes, this.now());
    } catch (err) {
      // Each family's next round compares with the store again and proposes its change anew.
      const reason = (err as Error).message;
      this.log.error({ zone: entry.label, err: reason }, 'alias change not written');
      return;
    }
    if (result.kind === 'stale') this.reloadZones();
    if (result.kind !== 'written') return;

    this.ctx.counters.steps++;
    const { zone, removed, added } = result;
    const fields = { zone: entry.label, serial: zone.serial, removed, added };
    this.log.info(fields, 'alias change published');
    try {
      this.deps.onZoneChanged(zone);
    } catch (err) {
      // A timer called us: throwing would end the process, not reach the listener's owner.
      this.log.error(
        { zone: entry.label, err: (err as Error).message },
        'zone change listener failed',
      );
    }
  }

  private now(): Date {
    return new Date(this.ctx.clock.now());
  }
}

/** One jitter draw per ALIAS owner, remembered, so both families of an ALIAS stay in step. */
function ownerJitter(random: () => number): (family: AliasFamily) => () => number {
  const draws = new Map<string, number>();
  return (family) => {
    const key = `${family.zoneId}|${lowerName(family.owner).toString('hex')}`;
    let draw = draws.get(key);
    if (draw === undefined) {
      draw = random();
      draws.set(key, draw);
    }
    const fixed = draw;
    return () => fixed;
  };
}
