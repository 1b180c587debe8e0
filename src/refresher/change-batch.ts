import type { ZoneRecord } from '../zone/record.js';
import type { AliasFamily } from './alias-list.js';
import type { RefresherClock, TimerHandle } from './refresher-clock.js';

/** The records one ALIAS family should have from now on. */
export interface FamilyChange {
  readonly family: AliasFamily;
  readonly records: readonly ZoneRecord[];
}

interface Batch {
  readonly timer: TimerHandle;
  readonly changes: Map<string, FamilyChange>;
}

/**
 * Collects the ALIAS changes of each zone for a short window and hands them over together, so
 * that several targets moving at once cost the zone one serial step, not one each. The window
 * opens with the first change and is not extended by later ones: a zone whose ALIASes keep
 * changing is still written at least once per window.
 */
export class ChangeBatcher {
  private readonly batches = new Map<number, Batch>();

  constructor(
    private readonly clock: RefresherClock,
    private readonly windowMs: number,
    private readonly write: (zoneId: number, changes: FamilyChange[]) => void,
  ) {}

  /** Queues a change under `slot`; a later change of the same slot replaces it. */
  queue(slot: string, change: FamilyChange): void {
    const zoneId = change.family.zoneId;
    let batch = this.batches.get(zoneId);
    if (!batch) {
      const timer = this.clock.setTimeout(() => this.flush(zoneId), this.windowMs);
      batch = { timer, changes: new Map() };
      this.batches.set(zoneId, batch);
    }
    batch.changes.set(slot, change);
  }

  /** Forgets a queued change of `slot` (its family turned out unchanged after all). */
  drop(zoneId: number, slot: string): void {
    this.batches.get(zoneId)?.changes.delete(slot);
  }

  /** Writes the zone's queued changes now. */
  flush(zoneId: number): void {
    const batch = this.take(zoneId);
    if (batch && batch.changes.size > 0) this.write(zoneId, [...batch.changes.values()]);
  }

  flushAll(): void {
    for (const zoneId of [...this.batches.keys()]) this.flush(zoneId);
  }

  /** Throws the zone's queued changes away (the zone was reloaded or removed). */
  discard(zoneId: number): void {
    this.take(zoneId);
  }

  private take(zoneId: number): Batch | undefined {
    const batch = this.batches.get(zoneId);
    if (!batch) return undefined;
    this.clock.clearTimeout(batch.timer);
    this.batches.delete(zoneId);
    return batch;
  }
}
