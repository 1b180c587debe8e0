import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZoneInfo } from '../../src/store/store.js';
import { RefresherFixture, zoneText } from './refresher-fixtures.js';

const CDN = 'lb.cdn.test.';
let fx: RefresherFixture;
let zone: ZoneInfo;

beforeEach(() => {
  vi.useFakeTimers();
  fx = new RefresherFixture();
});

afterEach(async () => {
  await fx.close();
  vi.useRealTimers();
});

async function startWith(lines: string[], options = {}): Promise<void> {
  zone = await fx.startWith(lines, {
    aliasMinIntervalMs: 30_000,
    aliasMaxIntervalMs: 3_600_000,
    ...options,
  });
}

describe('ALIAS targets inside our own zones', () => {
  it('treats an ALIAS loop inside our zone as an error: records kept, no upstream query', async () => {
    fx.upstream.addresses(CDN, 60, ['192.0.2.1']);
    await startWith([
      `@ 300 ALIAS ${CDN}`,
      'a 300 ALIAS b.example.test.',
      'b 300 ALIAS a.example.test.',
      'c 300 ALIAS a.example.test.',
    ]);
    await vi.advanceTimersByTimeAsync(60_000);

    const failed = fx.lines('alias refresh failed');
    expect(failed.map((l) => `${l.owner} ${l.type}`).sort()).toEqual([
      'a.example.test. A',
      'a.example.test. AAAA',
      'b.example.test. A',
      'b.example.test. AAAA',
      'c.example.test. A',
      'c.example.test. AAAA',
    ]);
    for (const line of failed) expect(line.reason).toMatch(/loop through/);
    expect(fx.upstream.calls.every((c) => c.target === CDN)).toBe(true);
    expect(fx.published(zone, 'example.test.', 'A')).toEqual(['192.0.2.1 60']);
  });

  it('follows an ALIAS chain inside our zone to the published addresses it ends in', async () => {
    fx.upstream.addresses(CDN, 60, ['192.0.2.1']);
    await startWith([`@ 300 ALIAS ${CDN}`, 'www 300 ALIAS example.test.']);
    fx.upstream.addresses(CDN, 60, ['192.0.2.2']);
    await vi.advanceTimersByTimeAsync(61_000);
    expect(fx.published(zone, 'example.test.', 'A')).toEqual(['192.0.2.2 60']);
    // www read the apex from the store, which moves one round later.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fx.published(zone, 'www.example.test.', 'A')).toEqual(['192.0.2.2 60']);
  });

  it('reports a target outside our zones with no upstream configured, once', async () => {
    fx.upstream.addresses(CDN, 60, ['192.0.2.1']);
    zone = await fx.createZone('example.test', zoneText(`@ 300 ALIAS ${CDN}`));
    fx.start({}, { upstream: null });
    await vi.advanceTimersByTimeAsync(600_000);

    const failed = fx.lines('alias refresh failed');
    expect(failed.map((l) => l.type).sort()).toEqual(['A', 'AAAA']);
    for (const line of failed) expect(line.reason).toMatch(/no upstream resolver.*--resolver/);
    expect(fx.published(zone, 'example.test.', 'A')).toEqual(['192.0.2.1 60']);
  });
});
