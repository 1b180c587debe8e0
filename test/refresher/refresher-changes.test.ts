import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nameEquals, parseName, ROOT_NAME } from '../../src/wire/name.js';
import { RRType } from '../../src/wire/rr-types.js';
import { toSerial, withSoaSerial } from '../../src/zone/serial.js';
import type { ZoneInfo } from '../../src/store/store.js';
import { RefresherFixture, zoneText } from './refresher-fixtures.js';

let fx: RefresherFixture;
let zone: ZoneInfo;

beforeEach(async () => {
  vi.useFakeTimers();
  fx = new RefresherFixture();
  fx.upstream.addresses('one.cdn.test.', 300, ['192.0.2.1'], ['2001:db8::1']);
  fx.upstream.addresses('two.cdn.test.', 300, ['192.0.2.2']);
  fx.upstream.addresses('three.cdn.test.', 300, ['192.0.2.3']);
  zone = await fx.createZone(
    'example.test',
    zoneText(
      '@ 300 ALIAS one.cdn.test.',
      'www 300 ALIAS two.cdn.test.',
      'api 300 ALIAS three.cdn.test.',
    ),
  );
});

afterEach(async () => {
  await fx.close();
  vi.useRealTimers();
});

describe('ALIAS change detection', () => {
  it('writes nothing and keeps the serial when every answer equals what is published', async () => {
    fx.start();
    await vi.advanceTimersByTimeAsync(3_600_000);

    expect(fx.upstream.callsTo('one.cdn.test.', 'A').length).toBeGreaterThanOrEqual(12);
    expect(fx.store.journalSteps(zone.id)).toHaveLength(0);
    expect(fx.serial(zone)).toBe(1);
    expect(fx.changed).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(6); // one per family, no coalescing window left open
  });

  it('writes nothing for a TTL change alone, as a counting-down cache would report', async () => {
    fx.start();
    fx.upstream.addresses('two.cdn.test.', 120, ['192.0.2.2']);
    await vi.advanceTimersByTimeAsync(301_000);

    expect(fx.published(zone, 'www.example.test.', 'A')).toEqual(['192.0.2.2 300']);
    expect(fx.aliasSteps(zone)).toBe(0);
  });

  it('coalesces changes found within the window into one journal step', async () => {
    fx.start({ coalesceMs: 1_000 });
    fx.upstream.addresses('one.cdn.test.', 300, ['192.0.2.11'], ['2001:db8::11']);
    fx.upstream.addresses('two.cdn.test.', 300, ['192.0.2.12']);
    fx.upstream.addresses('three.cdn.test.', 300, ['192.0.2.13']);
    fx.upstream.delay('three.cdn.test.', 900); // found 0.9 s after the others

    await vi.advanceTimersByTimeAsync(300_000);
    expect(fx.store.journalSteps(zone.id)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);

    const steps = fx.store.journalSteps(zone.id);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ cause: 'alias', serialFrom: 1, serialTo: 2 });
    // Four families changed: old SOA plus four records out, new SOA plus four in.
    expect(steps[0]).toMatchObject({ removedCount: 5, addedCount: 5 });
    expect(fx.serial(zone)).toBe(2);
    expect(fx.changed.map((z) => z.serial)).toEqual([2]);
    expect(fx.published(zone, 'example.test.', 'AAAA')).toEqual(['2001:db8::11 300']);
    expect(fx.published(zone, 'api.example.test.', 'A')).toEqual(['192.0.2.13 300']);
    expect(fx.lines('alias change published')).toEqual([
      expect.objectContaining({ zone: 'example.test.', serial: 2, removed: 4, added: 4 }),
    ]);
  });

  it('makes separate steps of changes further apart than the window', async () => {
    fx.start({ coalesceMs: 1_000 });
    fx.upstream.addresses('two.cdn.test.', 300, ['192.0.2.12']);
    fx.upstream.addresses('three.cdn.test.', 300, ['192.0.2.13']).delay('three.cdn.test.', 2_000);

    await vi.advanceTimersByTimeAsync(303_000);
    expect(fx.store.journalSteps(zone.id).map((s) => s.serialTo)).toEqual([2, 3]);
  });

  it('replaces only the records of the family that changed', async () => {
    fx.start();
    fx.upstream.answer('one.cdn.test.', 'A', {
      kind: 'ok',
      ttl: 300,
      rdatas: [Buffer.from([192, 0, 2, 21]), Buffer.from([192, 0, 2, 22])],
    });
    await vi.advanceTimersByTimeAsync(301_000);

    expect(fx.published(zone, 'example.test.', 'A')).toEqual(['192.0.2.21 300', '192.0.2.22 300']);
    expect(fx.published(zone, 'example.test.', 'AAAA')).toEqual(['2001:db8::1 300']);
    expect(fx.store.journalSteps(zone.id)[0]).toMatchObject({ removedCount: 2, addedCount: 3 });
  });

  it('computes the step against what is published at write time, not at resolution', async () => {
    fx.start({ coalesceMs: 1_000 });
    fx.upstream.answer('one.cdn.test.', 'A', {
      kind: 'ok',
      ttl: 300,
      rdatas: [Buffer.from([192, 0, 2, 31])],
    });
    await vi.advanceTimersByTimeAsync(300_000);

    // Something else withdraws the old record inside the window.
    const owner = parseName('example.test.', ROOT_NAME);
    const old = fx.store.publishedAt(zone.id, owner).find((r) => r.type === RRType.A)!;
    const soa = fx.store.publishedAt(zone.id, owner).find((r) => r.type === RRType.SOA)!;
    const newSoa = { ...soa, rdata: withSoaSerial(soa.rdata, toSerial(2)) };
    fx.store.applyChange(zone.id, { cause: 'test', removed: [old], added: [], newSoa });

    await vi.advanceTimersByTimeAsync(1_000);
    const steps = fx.store.journalSteps(zone.id);
    expect(steps.map((s) => [s.cause, s.serialTo])).toEqual([
      ['test', 2],
      ['alias', 3],
    ]);
    expect(steps[1]).toMatchObject({ removedCount: 1, addedCount: 2 });
    expect(fx.published(zone, 'example.test.', 'A')).toEqual(['192.0.2.31 300']);
  });

  it('drops a queued change when the zone is reloaded inside the window', async () => {
    fx.start({ coalesceMs: 1_000 });
    fx.upstream.addresses('two.cdn.test.', 300, ['192.0.2.12']);
    await vi.advanceTimersByTimeAsync(300_000);

    // An import (by another process, so no reloadZones call) replaces the source.
    const source = fx.store.sourceRecords(zone.id).filter((r) => r.type !== RRType.ALIAS);
    const owner = parseName('example.test.', ROOT_NAME);
    const soa = fx.store.publishedAt(zone.id, owner).find((r) => r.type === RRType.SOA)!;
    const ns1 = parseName('ns1.example.test.', ROOT_NAME);
    const removed = fx.store
      .publishedRecords(zone.id)
      .filter((r) => (r.type === RRType.A || r.type === RRType.AAAA) && !nameEquals(r.owner, ns1));
    fx.store.applyChange(zone.id, {
      cause: 'reload',
      removed,
      added: [],
      newSoa: { ...soa, rdata: withSoaSerial(soa.rdata, toSerial(2)) },
      source: { records: source, file: 'example.test.db', digest: 'v2' },
    });

    await vi.advanceTimersByTimeAsync(1_000);
    expect(fx.store.journalSteps(zone.id).map((s) => s.cause)).toEqual(['reload']);
    // The ALIASes are gone from the source: their families stop being resolved.
    fx.upstream.forget();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(fx.upstream.calls).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
