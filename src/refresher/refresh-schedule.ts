import type { RefreshOptions } from './refresh-options.js';

type Bounds = Pick<RefreshOptions, 'aliasMinIntervalMs' | 'aliasMaxIntervalMs' | 'jitter'>;

/** `ms` held inside [min interval, max interval]. */
export function clampInterval(ms: number, options: Bounds): number {
  return Math.min(options.aliasMaxIntervalMs, Math.max(options.aliasMinIntervalMs, ms));
}

/**
 * `baseMs` moved by a random fraction of up to ±jitter, staying inside [min, max]. A value
 * pushed past a bound is reflected back inside rather than cut at it, so that ALIASes whose
 * TTL sits at a bound are spread over a range too instead of piling up on the bound.
 */
export function jittered(baseMs: number, options: Bounds, random: () => number): number {
  const min = options.aliasMinIntervalMs;
  const max = options.aliasMaxIntervalMs;
  let delay = baseMs * (1 + options.jitter * (2 * random() - 1));
  if (delay < min) delay = 2 * min - delay;
  if (delay > max) delay = 2 * max - delay;
  return Math.round(clampInterval(delay, options));
}

/** Delay until the next resolution of records published with `ttlSeconds`. */
export function refreshDelay(ttlSeconds: number, options: Bounds, random: () => number): number {
  return jittered(clampInterval(ttlSeconds * 1000, options), options, random);
}

/**
 * Delay before retry number `failures` (1 for the first) of a failing ALIAS: the min interval,
 * doubled per consecutive failure, never beyond the max interval.
 */
export function retryDelay(failures: number, options: Bounds, random: () => number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return jittered(
    clampInterval(options.aliasMinIntervalMs * 2 ** exponent, options),
    options,
    random,
  );
}
