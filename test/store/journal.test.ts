import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { importZoneFile } from '../../src/daemon/import-zone.js';
import { verifyJournal } from '../../src/store/journal-verify.js';
import { Store } from '../../src/store/store.js';
import type { StoreOptions } from '../../src/store/store.js';
import { parseName, ROOT_NAME } from '../../src/wire/name.js';
import { RRType } from '../../src/wire/rr-types.js';
import { soaSerial, toSerial, withSoaSerial } from '../../src/zone/serial.js';
import type { SerialPolicy } from '../../src/zone/serial-policy.js';

const origin = parseName('example.org.', ROOT_NAME);
const log = pino({ level: 'silent' });

function zoneText(serial: number, body: string): string {
  return `$TTL 300\n@ SOA ns hm ${serial} 3600 600 86400 300\n@ NS ns\nns A 192.0.2.53\n${body}\n`;
}

/** A store in a fresh folder plus a function that writes and imports a zone text. */
function setup(options: StoreOptions = {}, policy?: SerialPolicy) {
  const dir = mkdtempSync(join(tmpdir(), 'alias-xfr-journal-'));
  const dbPath = join(dir, 'j.db');
  const store = Store.open(dbPath, options);
  const file = join(dir, 'zone.db');
  const load = async (text: string) => {
    writeFileSync(file, text);
    return importZoneFile(
      { zone: origin, file, serialPolicy: policy },
      { store, upstream: null, log, now: () => new Date('2026-12-04T10:00:00Z') },
    );
  };
  return { store, load, dbPath };
}

describe('zone reload as a journal step', () => {
  it('records exactly the removed and added records, SOA first in each half', async () => {
    const { store, load } = setup();
    await load(zoneText(1, 'a A 192.0.2.1\nb A 192.0.2.2'));
    const result = await load(zoneText(2, 'a A 192.0.2.1\nc A 192.0.2.3'));
    expect(result.status).toBe('changed');
    const zone = store.zoneByName(origin)!;
    const [step] = store.journalSteps(zone.id);
    expect(step).toMatchObject({
      serialFrom: 1,
      serialTo: 2,
      cause: 'reload',
      removedCount: 2,
      addedCount: 2,
    });
    const records = store.journalStepRecords(step!.id);
    expect(records.map((r) => [r.added, r.record.type])).toEqual([
      [false, RRType.SOA],
      [false, RRType.A],
      [true, RRType.SOA],
      [true, RRType.A],
    ]);
  });

  it('writes nothing when the published records would not change', async () => {
    const { store, load } = setup();
    await load(zoneText(5, 'a A 192.0.2.1'));
    // Same records, a comment and another order: no step, no new serial.
    const again = await load(zoneText(5, '; edited\na   A   192.0.2.1'));
    expect(again.status).toBe('unchanged');
    const zone = store.zoneByName(origin)!;
    expect(zone.serial).toBe(5);
    expect(store.journalSteps(zone.id)).toHaveLength(0);
  });

  it('moves the serial forward when the file serial is behind the current one', async () => {
    const { store, load } = setup();
    await load(zoneText(100, 'a A 192.0.2.1'));
    await load(zoneText(7, 'a A 192.0.2.9'));
    const zone = store.zoneByName(origin)!;
    expect(zone.serial).toBe(101);
    const soa = store.publishedAt(zone.id, origin).find((r) => r.type === RRType.SOA)!;
    expect(soaSerial(soa.rdata)).toBe(101);
  });

  it('uses the zone serial policy for a changed file that keeps its serial', async () => {
    const { store, load } = setup({}, 'dateserial');
    await load(zoneText(2026010100, 'a A 192.0.2.1'));
    await load(zoneText(2026010100, 'a A 192.0.2.2'));
    expect(store.zoneByName(origin)!.serial).toBe(2026120400);
  });

  it('makes a step when only the file serial moves forward', async () => {
    const { store, load } = setup();
    await load(zoneText(1, 'a A 192.0.2.1'));
    await load(zoneText(2, 'a A 192.0.2.1'));
    const zone = store.zoneByName(origin)!;
    expect(store.journalSteps(zone.id).map((s) => [s.removedCount, s.addedCount])).toEqual([
      [1, 1],
    ]);
  });
});

describe('journal retention', () => {
  async function steps(options: StoreOptions, count: number) {
    const { store, load } = setup(options);
    for (let i = 1; i <= count; i++) await load(zoneText(i, `a A 192.0.2.${i}`));
    const zone = store.zoneByName(origin)!;
    return { store, zone, steps: store.journalSteps(zone.id) };
  }

  it('keeps at most --journal-max-steps steps, dropping the oldest', async () => {
    const { steps: kept, zone } = await steps({ retention: { maxSteps: 3, maxBytes: 0 } }, 7);
    expect(kept.map((s) => s.serialTo)).toEqual([5, 6, 7]);
    expect(zone.journalSteps).toBe(3);
  });

  it('keeps the journal under the size bound but never drops the newest step', async () => {
    const { steps: kept } = await steps({ retention: { maxSteps: 0, maxBytes: 1 } }, 4);
    expect(kept.map((s) => s.serialTo)).toEqual([4]);
  });

  it('drops a zone journal on demand and stays verifiable', async () => {
    const { store, zone } = await steps({}, 4);
    expect(store.dropJournal(zone.id)).toBe(3);
    expect(store.journalSteps(zone.id)).toHaveLength(0);
    expect(verifyJournal(store, store.zoneByName(origin)!)).toMatchObject({ ok: true, steps: 0 });
  });
});

describe('journal verify', () => {
  async function history() {
    const s = setup();
    await s.load(zoneText(1, 'a A 192.0.2.1\nb A 192.0.2.2'));
    await s.load(zoneText(2, 'a A 192.0.2.1\nc A 192.0.2.3'));
    await s.load(zoneText(3, 'c A 192.0.2.3\nd TXT "x"'));
    await s.load(zoneText(4, 'c A 192.0.2.3\nd TXT "y"'));
    return s;
  }

  it('passes on a journal written by alias-xfr', async () => {
    const { store } = await history();
    expect(verifyJournal(store, store.zoneByName(origin)!)).toEqual({
      ok: true,
      steps: 3,
      records: 5,
    });
  });

  it.each([
    [
      'a published record changed',
      `UPDATE published_records SET ttl = 1 WHERE type = 16`,
      /fingerprint/,
    ],
    ['a published record deleted', `DELETE FROM published_records WHERE type = 16`, /fingerprint/],
    [
      'a journal record changed',
      `UPDATE journal_records SET ttl = 9 WHERE added = 1 AND type = 1`,
      /step/,
    ],
    [
      'a journal step deleted in the middle',
      `DELETE FROM journal_steps WHERE serial_to = 3`,
      /holds 2 steps, the zone records 3/,
    ],
  ])('fails when %s behind its back', async (_what, sql, problem) => {
    const { store, dbPath } = await history();
    store.close();
    const raw = new BetterSqlite3(dbPath);
    raw.exec(sql);
    raw.close();
    const reopened = Store.open(dbPath);
    const result = verifyJournal(reopened, reopened.zoneByName(origin)!);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toMatch(problem);
  });
});

describe('one transaction per change', () => {
  it('leaves the old state whole when a change fails half-way', async () => {
    const { store, load } = setup();
    await load(zoneText(1, 'a A 192.0.2.1'));
    const zone = store.zoneByName(origin)!;
    const before = store.publishedRecords(zone.id);
    const soa = before.find((r) => r.type === RRType.SOA)!;
    const ghost = {
      owner: parseName('ghost.example.org.', ROOT_NAME),
      type: RRType.A,
      ttl: 300,
      rdata: Buffer.from([192, 0, 2, 99]),
    };
    const added = { ...ghost, owner: parseName('new.example.org.', ROOT_NAME) };
    const next = { ...soa, rdata: withSoaSerial(soa.rdata, toSerial(2)) };
    expect(() =>
      store.applyChange(zone.id, { cause: 'edit', removed: [ghost], added: [added], newSoa: next }),
    ).toThrow(/not published/);
    expect(store.publishedRecords(zone.id)).toEqual(before);
    expect(store.journalSteps(zone.id)).toHaveLength(0);
    expect(store.zoneByName(origin)!.serial).toBe(1);
  });

  it('refuses a step whose serial does not move forward (RFC 1982)', async () => {
    const { store, load } = setup();
    await load(zoneText(7, 'a A 192.0.2.1'));
    const zone = store.zoneByName(origin)!;
    const soa = store.publishedAt(zone.id, origin).find((r) => r.type === RRType.SOA)!;
    const same = { cause: 'edit', removed: [], added: [], newSoa: soa };
    expect(() => store.applyChange(zone.id, same)).toThrow(/new serial 7 does not follow 7/);
    expect(store.journalSteps(zone.id)).toHaveLength(0);
  });
});
