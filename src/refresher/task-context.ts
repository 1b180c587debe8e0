import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import type { AddressSource } from './address-answer.js';
import type { AliasFamily } from './alias-list.js';
import type { ChangeBatcher } from './change-batch.js';
import type { Limiter } from './limiter.js';
import type { RefreshOptions } from './refresh-options.js';
import type { RefresherClock } from './refresher-clock.js';

/** Running totals, for tests and a future metrics endpoint. */
export interface RefreshCounters {
  resolutions: number;
  failures: number;
  steps: number;
}

/** What every task shares: one limiter, one batcher, one clock. */
export interface TaskContext {
  readonly store: Store;
  readonly resolver: AddressSource;
  readonly limiter: Limiter;
  readonly batcher: ChangeBatcher;
  readonly clock: RefresherClock;
  readonly log: Logger;
  readonly options: RefreshOptions;
  readonly random: () => number;
  /**
   * The jitter source of one ALIAS: one draw of `random` per owner, shared by its A and AAAA
   * families, so that both fire together and a target change lands in one journal step, while
   * different ALIASes stay spread apart.
   */
  readonly jitterOf: (family: AliasFamily) => () => number;
  readonly counters: RefreshCounters;
}
