import { ConfigError } from '../errors.js';

/** What a target that does not exist (NXDOMAIN) does to the records already published. */
export type NxdomainPolicy = 'keep' | 'withdraw';

/** Tuning of the ALIAS refresher; every field has a default (`DEFAULT_REFRESH_OPTIONS`). */
export interface RefreshOptions {
  /** No ALIAS is re-resolved sooner than this after its last resolution. */
  readonly aliasMinIntervalMs: number;
  /** Nor later than this, whatever the TTL; also the ceiling of the failure backoff. */
  readonly aliasMaxIntervalMs: number;
  /** Each delay moves by up to this fraction either way, so equal TTLs do not fire together. */
  readonly jitter: number;
  /** Changes found in one zone within this window become one serial step. */
  readonly coalesceMs: number;
  /** Resolutions in flight at once, over all zones. */
  readonly maxConcurrent: number;
  readonly onNxdomain: NxdomainPolicy;
}

export const DEFAULT_REFRESH_OPTIONS: RefreshOptions = {
  aliasMinIntervalMs: 30_000,
  aliasMaxIntervalMs: 3_600_000,
  jitter: 0.1,
  coalesceMs: 1_000,
  maxConcurrent: 32,
  onNxdomain: 'keep',
};

/** The defaults overlaid with `given`, checked for values the scheduler cannot work with. */
export function refreshOptions(given: Partial<RefreshOptions> = {}): RefreshOptions {
  const options = { ...DEFAULT_REFRESH_OPTIONS, ...given };
  const { aliasMinIntervalMs: min, aliasMaxIntervalMs: max } = options;
  if (!(min > 0) || !(max >= min)) {
    throw new ConfigError(
      `--alias-min-interval (${min / 1000} s) must be positive and not above ` +
        `--alias-max-interval (${max / 1000} s)`,
    );
  }
  if (!(options.jitter >= 0 && options.jitter < 1)) {
    throw new ConfigError(`alias jitter must be in [0, 1): ${options.jitter}`);
  }
  if (!(options.coalesceMs >= 0)) {
    throw new ConfigError(`alias coalescing window must not be negative: ${options.coalesceMs}`);
  }
  if (!Number.isInteger(options.maxConcurrent) || options.maxConcurrent < 1) {
    throw new ConfigError(`alias concurrency must be a positive integer: ${options.maxConcurrent}`);
  }
  return options;
}
