import { formatName } from '../wire/name.js';
import { typeToMnemonic } from '../wire/rr-types.js';
import type { ZoneRecord } from '../zone/record.js';
import type { AddressAnswer } from './address-answer.js';
import type { AliasFamily } from './alias-list.js';
import { publishedFamily, sameAddressSet, slotKey } from './alias-list.js';
import { judgeAnswer } from './alias-verdict.js';
import type { Verdict } from './alias-verdict.js';
import type { TimerHandle } from './refresher-clock.js';
import { refreshDelay, retryDelay } from './refresh-schedule.js';
import type { TaskContext } from './task-context.js';

/*
 * One ALIAS family (A or AAAA of one ALIAS) and its refresh cycle:
 *
 *   start() ──▶ WAITING ◀───────────────────────────────────────────────┐
 *                 │ timer fires, or refreshNow()                         │
 *                 ▼                                                      │
 *               RESOLVING (waits for a limiter slot, then asks) ─────────┤
 *                 │ ok / NODATA: queue the new set if it differs from    │
 *                 │   the published one; next round at its TTL (clamped) │
 *                 │   (info "alias refresh recovered" if it was FAILING) │
 *                 │ error / NXDOMAIN: keep (NXDOMAIN may withdraw);      │
 *                 │   warn once on entering FAILING; next round after a  │
 *                 │   backoff doubling from min to max interval ─────────┘
 *
 *   retire() from any state: RETIRED, timer cleared, a late answer ignored.
 *
 * The first round comes when the records published at import expire; a family with nothing
 * published (never resolved, or NODATA) is looked at again after the min interval.
 */
export class AliasTask {
  private failures = 0;
  private timer: TimerHandle | null = null;
  private running: Promise<void> | null = null;
  private retired = false;
  private readonly random: () => number;

  constructor(
    readonly family: AliasFamily,
    private readonly zoneLabel: string,
    private readonly ctx: TaskContext,
  ) {
    this.random = ctx.jitterOf(family);
  }

  start(): void {
    const { options } = this.ctx;
    const { random } = this;
    const published = publishedFamily(this.ctx.store, this.family);
    const ttl = Math.min(...published.map((r) => r.ttl));
    this.arm(
      published.length > 0 ? refreshDelay(ttl, options, random) : retryDelay(1, options, random),
    );
  }

  /** Resolves the family now (or joins the resolution already running). */
  refreshNow(): Promise<void> {
    if (this.retired) return Promise.resolve();
    if (!this.running) {
      this.disarm();
      this.running = this.cycle().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  retire(): void {
    this.retired = true;
    this.disarm();
  }

  private async cycle(): Promise<void> {
    const answer = await this.ctx.limiter.run(() => this.ask());
    if (this.retired) return;
    try {
      this.settle(judgeAnswer(this.family, this.failures, answer, this.ctx.options, this.random));
    } catch (err) {
      // The store failed under us; try again later rather than stop refreshing this family.
      this.ctx.log.error({ ...this.fields(), err: (err as Error).message }, 'alias refresh broke');
      this.arm(retryDelay(this.failures + 1, this.ctx.options, this.random));
    }
  }

  private async ask(): Promise<AddressAnswer> {
    if (this.retired) return { kind: 'error', reason: 'retired' };
    this.ctx.counters.resolutions++;
    try {
      return await this.ctx.resolver.resolveAddresses(this.family.target, this.family.type);
    } catch (err) {
      // E.g. NoResolverError: a target outside our zones and no upstream configured.
      return { kind: 'error', reason: (err as Error).message };
    }
  }

  private settle(verdict: Verdict): void {
    this.report(verdict);
    this.failures = verdict.failures;
    if (verdict.publish) this.propose(verdict.publish);
    this.arm(verdict.delayMs);
  }

  /** Queues the family's new records unless they are what is published already. */
  private propose(records: readonly ZoneRecord[]): void {
    const slot = slotKey(this.family);
    // TODO: a TTL-only change of the target is published only with its next address change;
    // following real TTL changes without the churn of counting-down caches needs the
    // authoritative TTL, which a recursive upstream does not give.
    if (sameAddressSet(publishedFamily(this.ctx.store, this.family), records)) {
      this.ctx.batcher.drop(this.family.zoneId, slot);
    } else {
      this.ctx.batcher.queue(slot, { family: this.family, records });
    }
  }

  /** Logs entering and leaving the failing state, not every failed retry in between. */
  private report(verdict: Verdict): void {
    if (verdict.failure !== null) {
      this.ctx.counters.failures++;
      if (this.failures > 0) return;
      const action = verdict.publish ? 'withdrawn' : 'kept';
      this.ctx.log.warn(
        { ...this.fields(), reason: verdict.failure, records: action, retryMs: verdict.delayMs },
        'alias refresh failed',
      );
    } else if (this.failures > 0) {
      this.ctx.log.info({ ...this.fields(), failures: this.failures }, 'alias refresh recovered');
    }
  }

  private fields(): Record<string, string> {
    return {
      zone: this.zoneLabel,
      owner: formatName(this.family.owner),
      target: formatName(this.family.target),
      type: typeToMnemonic(this.family.type),
    };
  }

  private arm(delayMs: number): void {
    this.disarm();
    if (this.retired) return;
    this.timer = this.ctx.clock.setTimeout(() => void this.refreshNow(), delayMs);
  }

  private disarm(): void {
    if (this.timer !== null) this.ctx.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
