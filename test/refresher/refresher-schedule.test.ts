import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefresherFixture, zoneText } from './refresher-fixtures.js';

const CDN = 'lb.cdn.test.';
let fx: RefresherFixture;
let t0: number;

beforeEach(() => {
  vi.useFakeTimers();
  fx = new RefresherFixture();
});

afterEach(async () => {
  await fx.close();
  vi.useRealTimers();
});

/** Creates the zone, forgets the import's lookups and starts the refresher at t0. */
async function startWith(lines: string[], options = {}): Promise<void> {
  t0 = Date.now();
  await fx.startWith(lines, options);
}

const since = (times: number[]): number[] => times.map((t) => t - t0);

describe('ALIAS refresh scheduling', () => {
  it('waits for the published TTL before the first round instead of resolving at start', async () => {
    fx.upstream.addresses(CDN, 120, ['192.0.2.1'], ['2001:db8::1']);
    await startWith([`@ 300 ALIAS ${CDN}`]);

    await vi.advanceTimersByTimeAsync(119_999);
    expect(fx.upstream.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(since(fx.upstream.callsTo(CDN, 'A'))).toEqual([120_000]);
    expect(since(fx.upstream.callsTo(CDN, 'AAAA'))).toEqual([120_000]);
  });

  it('resolves each family again when the TTL of its last answer runs out', async () => {
    fx.upstream.addresses(CDN, 120, ['192.0.2.1'], ['2001:db8::1']);
    await startWith([`@ 300 ALIAS ${CDN}`]);
    fx.upstream.addresses(CDN, 60, ['192.0.2.1'], []);

    await vi.advanceTimersByTimeAsync(300_000);
    expect(since(fx.upstream.callsTo(CDN, 'A'))).toEqual([120_000, 180_000, 240_000, 300_000]);
    // NODATA carries no TTL here: the ALIAS TTL (300 s) paces that family.
    expect(since(fx.upstream.callsTo(CDN, 'AAAA'))).toEqual([120_000]);
  });

  it('caps the published TTL at the ALIAS TTL and schedules by it', async () => {
    fx.upstream.addresses(CDN, 3600, ['192.0.2.1']);
    await startWith([`@ 90 ALIAS ${CDN}`]);
    await vi.advanceTimersByTimeAsync(90_000);
    expect(since(fx.upstream.callsTo(CDN, 'A'))).toEqual([90_000]);
  });

  it('clamps a TTL below the min interval up to the min interval', async () => {
    fx.upstream.addresses(CDN, 5, ['192.0.2.1']);
    await startWith([`@ 300 ALIAS ${CDN}`], { aliasMinIntervalMs: 30_000 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(since(fx.upstream.callsTo(CDN, 'A'))).toEqual([30_000, 60_000]);
  });

  it('clamps a TTL above the max interval down to the max interval', async () => {
    fx.upstream.addresses(CDN, 86_400, ['192.0.2.1']);
    await startWith([`@ 86400 ALIAS ${CDN}`], { aliasMaxIntervalMs: 600_000 });
    await vi.advanceTimersByTimeAsync(1_200_000);
    expect(since(fx.upstream.callsTo(CDN, 'A'))).toEqual([600_000, 1_200_000]);
  });

  it('spreads 1000 ALIASes with one TTL over ±10 % of it, no second holding over 3 %', async () => {
    fx.upstream.addresses(CDN, 300, ['192.0.2.1'], ['2001:db8::1']);
    const aliases = Array.from({ length: 1000 }, (_, i) => `h${i} 300 ALIAS ${CDN}`);
    await startWith(aliases, { jitter: 0.1, maxConcurrent: 2000 });
    fx.refresher!.reloadZones(); // no-op: same source, schedules unchanged
    expect(fx.upstream.calls).toHaveLength(0);

    // The fake upstream notes each call as it is made, so the synchronous advance suffices.
    vi.advanceTimersByTime(330_000);
    const times = since(fx.upstream.calls.map((c) => c.at));
    expect(times).toHaveLength(2000);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(270_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(330_000);
    const perSecond = new Map<number, number>();
    for (const t of times)
      perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(perSecond.size).toBeGreaterThan(55);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(60);
  });

  it('resolves every ALIAS of a zone at once on refreshZone and writes without waiting', async () => {
    fx.upstream.addresses(CDN, 300, ['192.0.2.1']);
    fx.upstream.addresses('other.cdn.test.', 300, ['192.0.2.7']);
    await startWith([`@ 300 ALIAS ${CDN}`, 'www 300 ALIAS other.cdn.test.']);
    const zone = fx.store.zoneByName(fx.store.zones()[0]!.name)!;
    fx.upstream.addresses(CDN, 300, ['192.0.2.2']);

    await fx.refresher!.refreshZone(zone.id);
    expect(fx.upstream.calls).toHaveLength(4);
    expect(fx.published(zone, 'example.test.', 'A')).toEqual(['192.0.2.2 300']);
    expect(fx.aliasSteps(zone)).toBe(1);
    expect(fx.changed.map((z) => z.serial)).toEqual([2]);

    // The next round counts from the refresh.
    await vi.advanceTimersByTimeAsync(299_999);
    expect(fx.upstream.calls).toHaveLength(4);
  });

  it('picks up a zone imported after start once reloadZones is called', async () => {
    fx.upstream.addresses(CDN, 60, ['192.0.2.1']);
    fx.start();
    await fx.createZone('late.test', zoneText(`@ 300 ALIAS ${CDN}`));
    fx.upstream.forget();
    t0 = Date.now();
    fx.refresher!.reloadZones();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(since(fx.upstream.callsTo(CDN, 'A'))).toEqual([60_000]);
  });

  it('leaves no timer behind once stopped, and ignores answers that arrive after', async () => {
    fx.upstream.addresses(CDN, 60, ['192.0.2.1']);
    await startWith([`@ 300 ALIAS ${CDN}`]);
    fx.upstream.delay(CDN, 5_000);
    await vi.advanceTimersByTimeAsync(61_000);
    fx.upstream.addresses(CDN, 60, ['192.0.2.9']);
    await fx.refresher!.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(vi.getTimerCount()).toBe(0);
    expect(fx.changed).toHaveLength(0);
  });
});

describe('jitter shared by the families of one ALIAS', () => {
  it('fires A and AAAA of one ALIAS together while different ALIASes spread apart', async () => {
    fx.upstream.addresses(CDN, 300, ['192.0.2.1'], ['2001:db8::1']);
    await startWith([`a 300 ALIAS ${CDN}`, `b 300 ALIAS ${CDN}`], { jitter: 0.1 });
    vi.advanceTimersByTime(330_000);
    const calls = (type: 'A' | 'AAAA') =>
      since(fx.upstream.callsTo(CDN, type)).sort((x, y) => x - y);
    // Each ALIAS draws once: its two families share the time; the two ALIASes almost surely not.
    expect(calls('A')).toEqual(calls('AAAA'));
    expect(calls('A')).toHaveLength(2);
  });
});
