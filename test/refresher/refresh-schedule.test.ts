import { describe, expect, it } from 'vitest';
import { refreshOptions } from '../../src/refresher/refresh-options.js';
import {
  clampInterval,
  jittered,
  refreshDelay,
  retryDelay,
} from '../../src/refresher/refresh-schedule.js';
import { seeded } from './refresher-fixtures.js';

const OPTIONS = refreshOptions({ aliasMinIntervalMs: 30_000, aliasMaxIntervalMs: 3_600_000 });
const FIXED = { ...OPTIONS, jitter: 0 };

describe('refresh scheduling', () => {
  it('re-resolves at the published TTL when it lies between the bounds', () => {
    expect(refreshDelay(300, FIXED, Math.random)).toBe(300_000);
  });

  it('clamps a TTL below the min interval up to it and one above the max down to it', () => {
    expect(clampInterval(5_000, OPTIONS)).toBe(30_000);
    expect(refreshDelay(0, FIXED, Math.random)).toBe(30_000);
    expect(refreshDelay(86_400, FIXED, Math.random)).toBe(3_600_000);
  });

  it('keeps every jittered delay within ±10 % of its base and inside [min, max]', () => {
    const random = seeded(1);
    for (const base of [30_000, 31_000, 300_000, 3_500_000, 3_600_000]) {
      for (let i = 0; i < 2000; i++) {
        const delay = jittered(base, OPTIONS, random);
        expect(delay).toBeGreaterThanOrEqual(Math.max(30_000, base * 0.9 - 1));
        expect(delay).toBeLessThanOrEqual(Math.min(3_600_000, base * 1.1 + 1));
      }
    }
  });

  it('reflects delays pushed past a bound back inside instead of piling them on it', () => {
    const random = seeded(2);
    const delays = Array.from({ length: 1000 }, () => jittered(30_000, OPTIONS, random));
    expect(delays.filter((d) => d === 30_000).length).toBeLessThan(10);
    expect(Math.max(...delays)).toBeGreaterThan(32_500);
  });

  it('spreads 1000 equal TTLs over the jitter range, no second holding more than 3 %', () => {
    const random = seeded(3);
    const perSecond = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const second = Math.floor(refreshDelay(300, OPTIONS, random) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    expect(perSecond.size).toBeGreaterThan(55);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(30);
  });

  it('doubles the retry delay per failure from the min interval up to the max interval', () => {
    const bounded = { ...FIXED, aliasMaxIntervalMs: 200_000 };
    const delays = [1, 2, 3, 4, 5, 40].map((n) => retryDelay(n, bounded, Math.random));
    expect(delays).toEqual([30_000, 60_000, 120_000, 200_000, 200_000, 200_000]);
  });

  it('refuses a min interval above the max interval and a jitter of 100 %', () => {
    expect(() => refreshOptions({ aliasMinIntervalMs: 10, aliasMaxIntervalMs: 5 })).toThrow(
      /--alias-min-interval \(0.01 s\) must be positive and not above --alias-max-interval \(0.005 s\)/,
    );
    expect(() => refreshOptions({ jitter: 1 })).toThrow(/jitter/);
  });
});
