import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefresherFixture, zoneText } from './refresher-fixtures.js';

const CDN = 'lb.cdn.test.';
let fx: RefresherFixture;

beforeEach(() => {
  vi.useFakeTimers();
  fx = new RefresherFixture();
  fx.upstream.addresses(CDN, 60, ['192.0.2.1'], ['2001:db8::1']);
});

afterEach(async () => {
  await fx.close();
  vi.useRealTimers();
});

const hundredAliases = (): string[] =>
  Array.from({ length: 100 }, (_, i) => `h${i} 300 ALIAS ${CDN}`);

describe('ALIAS refresh concurrency', () => {
  it('never has more resolutions in flight than maxConcurrent when many TTLs expire at once', async () => {
    await fx.createZone('example.test', zoneText(...hundredAliases()));
    fx.upstream.forget();
    fx.start({ maxConcurrent: 4 });
    fx.upstream.delay(CDN, 500);

    // 200 families, 4 at a time, 0.5 s each: 25 s after the TTL runs out.
    await vi.advanceTimersByTimeAsync(60_000 + 24_000);
    expect(fx.upstream.calls.length).toBeLessThan(200);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fx.upstream.calls).toHaveLength(200);
    expect(fx.upstream.maxInFlight).toBe(4);
  });

  it('bounds refreshZone by the same limit (default 32)', async () => {
    const zone = await fx.createZone('example.test', zoneText(...hundredAliases()));
    fx.upstream.forget();
    fx.start();
    fx.upstream.delay(CDN, 500);

    const done = fx.refresher!.refreshZone(zone.id);
    await vi.advanceTimersByTimeAsync(3_500);
    await done;
    expect(fx.upstream.calls).toHaveLength(200);
    expect(fx.upstream.maxInFlight).toBe(32);
  });

  it('joins a resolution already in flight instead of asking again', async () => {
    const zone = await fx.createZone('example.test', zoneText(`@ 300 ALIAS ${CDN}`));
    fx.upstream.forget();
    fx.start();
    fx.upstream.delay(CDN, 5_000);
    await vi.advanceTimersByTimeAsync(61_000);
    expect(fx.upstream.calls).toHaveLength(2);

    const done = fx.refresher!.refreshZone(zone.id);
    await vi.advanceTimersByTimeAsync(4_000);
    await done;
    expect(fx.upstream.calls).toHaveLength(2);
  });
});
