import { formatName } from '../wire/name.js';
import type { ZoneRecord } from '../zone/record.js';
import type { AddressAnswer } from './address-answer.js';
import type { AliasFamily } from './alias-list.js';
import type { RefreshOptions } from './refresh-options.js';
import { refreshDelay, retryDelay } from './refresh-schedule.js';

/** What one answer means for one ALIAS family (DESIGN §2, "Failure"). */
export interface Verdict {
  /** The family's records from now on, or null to keep whatever is published. */
  readonly publish: readonly ZoneRecord[] | null;
  /** Consecutive failures including this answer; 0 after a usable answer. */
  readonly failures: number;
  /** When to resolve the family again. */
  readonly delayMs: number;
  /** Why the answer is a failure, or null when it is not one. */
  readonly failure: string | null;
}

/**
 * Applies the failure policy to `answer`: an address set is published with TTL
 * min(ALIAS TTL, target TTL) and re-resolved when that TTL runs out; NODATA withdraws the
 * family; a timeout, SERVFAIL or loop keeps the last good records; NXDOMAIN keeps or withdraws
 * them as the operator chose. Failures are retried with a backoff that grows per failure.
 */
export function judgeAnswer(
  family: AliasFamily,
  failuresBefore: number,
  answer: AddressAnswer,
  options: RefreshOptions,
  random: () => number,
): Verdict {
  switch (answer.kind) {
    case 'ok': {
      const ttl = Math.min(family.aliasTtl, answer.ttl);
      const publish = answer.rdatas.map((rdata) => ({
        owner: family.owner,
        type: family.type,
        ttl,
        rdata,
      }));
      return { publish, failures: 0, delayMs: refreshDelay(ttl, options, random), failure: null };
    }
    case 'nodata':
      // No target TTL comes with it here; the ALIAS's own TTL paces the next look.
      return {
        publish: [],
        failures: 0,
        delayMs: refreshDelay(family.aliasTtl, options, random),
        failure: null,
      };
    case 'nxdomain':
    case 'error': {
      const failures = failuresBefore + 1;
      const withdraw = answer.kind === 'nxdomain' && options.onNxdomain === 'withdraw';
      return {
        publish: withdraw ? [] : null,
        failures,
        delayMs: retryDelay(failures, options, random),
        failure:
          answer.kind === 'error'
            ? answer.reason
            : `${formatName(family.target)} or a name it leads to does not exist`,
      };
    }
  }
}
