import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZoneInfo } from '../../src/store/store.js';
import { NODATA, NXDOMAIN, RefresherFixture, TIMEOUT, ok } from './refresher-fixtures.js';

const CDN = 'lb.cdn.test.';
const WARN = 40;
const INFO = 30;
let fx: RefresherFixture;
let zone: ZoneInfo;
let t0: number;

beforeEach(() => {
  vi.useFakeTimers();
  fx = new RefresherFixture();
});

afterEach(async () => {
  await fx.close();
  vi.useRealTimers();
});

async function startWith(lines: string[], options = {}): Promise<void> {
  t0 = Date.now();
  zone = await fx.startWith(lines, {
    aliasMinIntervalMs: 30_000,
    aliasMaxIntervalMs: 3_600_000,
    ...options,
  });
}

const since = (times: number[]): number[] => times.map((t) => t - t0);

describe('ALIAS failure policy', () => {
  it('keeps the last good records on a timeout and backs off, doubling up to the max', async () => {
    fx.upstream.addresses(CDN, 60, ['192.0.2.1']);
    await startWith([`@ 300 ALIAS ${CDN}`], { aliasMaxIntervalMs: 200_000 });
    fx.upstream.answer(CDN, 'A', TIMEOUT);

    await vi.advanceTimersByTimeAsync(1_000_000);
    const gaps = since(fx.upstream.callsTo(CDN, 'A')).map((t, i, all) => t - (all[i - 1] ?? 0));
    expect(gaps).toEqual([60_000, 30_000, 60_000, 120_000, 200_000, 200_000, 200_000]);
    expect(fx.published(zone, 'example.test.', 'A')).toEqual(['192.0.2.1 60']);
    expect(fx.store.journalSteps(zone.id)).toHaveLength(0);
  });

  it('logs a failure once with zone, owner, target, type and reason, and its recovery once', async () => {
    fx.upstream.addresses(CDN, 60, ['192.0.2.1']);
    await startWith([`@ 300 ALIAS ${CDN}`]);
    fx.upstream.answer(CDN, 'A', TIMEOUT);
    await vi.advanceTimersByTimeAsync(60_000 + 30_000 + 60_000 + 120_000);
    expect(fx.upstream.callsTo(CDN, 'A')).toHaveLength(4);

    fx.upstream.answer(CDN, 'A', ok(60, '192.0.2.1'));
    await vi.advanceTimersByTimeAsync(240_000);
    const lines = fx.log.lines.filter((l) => (l.level as number) >= INFO);
    expect(lines).toEqual([
      expect.objectContaining({
        level: WARN,
        msg: 'alias refresh failed',
        zone: 'example.test.',
        owner: 'example.test.',
        target: CDN,
        type: 'A',
        reason: 'timed out after 2000 ms',
        records: 'kept',
      }),
      expect.objectContaining({
        level: INFO,
        msg: 'alias refresh recovered',
        zone: 'example.test.',
        owner: 'example.test.',
        target: CDN,
        type: 'A',
        failures: 4,
      }),
    ]);
  });

  it('withdraws only the family that answers NODATA', async () => {
    fx.upstream.addresses(CDN, 60, ['192.0.2.1'], ['2001:db8::1']);
    await startWith([`@ 300 ALIAS ${CDN}`]);
    fx.upstream.answer(CDN, 'AAAA', NODATA);
    await vi.advanceTimersByTimeAsync(61_000);

    expect(fx.published(zone, 'example.test.', 'AAAA')).toEqual([]);
    expect(fx.published(zone, 'example.test.', 'A')).toEqual(['192.0.2.1 60']);
    expect(fx.store.journalSteps(zone.id)).toEqual([
      expect.objectContaining({ cause: 'alias', removedCount: 2, addedCount: 1 }),
    ]);
    expect(fx.lines('alias refresh failed')).toHaveLength(0);
  });

  it('keeps the records on NXDOMAIN under the default policy, and warns', async () => {
    fx.upstream.addresses(CDN, 60, ['192.0.2.1'], ['2001:db8::1']);
    await startWith([`@ 300 ALIAS ${CDN}`]);
    fx.upstream.answer(CDN, 'A', NXDOMAIN).answer(CDN, 'AAAA', NXDOMAIN);
    await vi.advanceTimersByTimeAsync(600_000);

    expect(fx.published(zone, 'example.test.', 'A')).toEqual(['192.0.2.1 60']);
    expect(fx.store.journalSteps(zone.id)).toHaveLength(0);
    expect(fx.lines('alias refresh failed')).toEqual([
      expect.objectContaining({
        type: 'A',
        reason: `${CDN} or a name it leads to does not exist`,
        records: 'kept',
      }),
      expect.objectContaining({
        type: 'AAAA',
        reason: `${CDN} or a name it leads to does not exist`,
        records: 'kept',
      }),
    ]);
  });

  it('withdraws both families in one step on NXDOMAIN under the withdraw policy', async () => {
    fx.upstream.addresses(CDN, 60, ['192.0.2.1'], ['2001:db8::1']);
    await startWith([`@ 300 ALIAS ${CDN}`], { onNxdomain: 'withdraw' });
    fx.upstream.answer(CDN, 'A', NXDOMAIN).answer(CDN, 'AAAA', NXDOMAIN);
    await vi.advanceTimersByTimeAsync(600_000);

    expect(fx.published(zone, 'example.test.', 'A')).toEqual([]);
    expect(fx.published(zone, 'example.test.', 'AAAA')).toEqual([]);
    expect(fx.store.journalSteps(zone.id)).toEqual([
      expect.objectContaining({ cause: 'alias', removedCount: 3, addedCount: 1 }),
    ]);
    expect(fx.lines('alias refresh failed').map((l) => l.records)).toEqual([
      'withdrawn',
      'withdrawn',
    ]);
  });

  it('publishes nothing for a target that never resolved, retries it, and publishes once it does', async () => {
    fx.upstream.answer(CDN, 'A', TIMEOUT).answer(CDN, 'AAAA', NODATA);
    await startWith([`@ 300 ALIAS ${CDN}`]);
    expect(fx.published(zone, 'example.test.', 'A')).toEqual([]);

    await vi.advanceTimersByTimeAsync(30_000 + 30_000 + 60_000);
    expect(since(fx.upstream.callsTo(CDN, 'A'))).toEqual([30_000, 60_000, 120_000]);
    expect(fx.published(zone, 'example.test.', 'A')).toEqual([]);

    fx.upstream.answer(CDN, 'A', ok(60, '192.0.2.1'));
    await vi.advanceTimersByTimeAsync(121_000);
    expect(fx.published(zone, 'example.test.', 'A')).toEqual(['192.0.2.1 60']);
    expect(fx.aliasSteps(zone)).toBe(1);
    expect(fx.lines('alias refresh recovered')).toHaveLength(1);
  });
});
