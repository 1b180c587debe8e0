import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { importZoneFile } from '../../src/daemon/import-zone.js';
import type { AddressAnswer, AddressSource } from '../../src/refresher/address-answer.js';
import { verifyJournal } from '../../src/store/journal-verify.js';
import { Store } from '../../src/store/store.js';
import { parseName, ROOT_NAME } from '../../src/wire/name.js';
import { rdataToText } from '../../src/wire/rdata.js';
import { RRType } from '../../src/wire/rr-types.js';
import { toSerial, withSoaSerial } from '../../src/zone/serial.js';

const origin = parseName('race.test.', ROOT_NAME);

/** An upstream that answers after `delayMs`, so two imports overlap while they resolve. */
function slowUpstream(delayMs: number): AddressSource {
  return {
    async resolveAddresses(_target, type): Promise<AddressAnswer> {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (type !== RRType.A) return { kind: 'nodata' };
      return { kind: 'ok', ttl: 60, rdatas: [Buffer.from([198, 51, 100, 1])] };
    },
  };
}

const zoneText = (serial: number, address: string) =>
  `$TTL 300\n@ SOA ns hm ${serial} 3600 600 86400 300\n@ NS ns\nns A 192.0.2.53\n` +
  `www ALIAS cdn.example.net.\nhost A ${address}\n`;

it('plans overlapping imports from the state each one finds, so serials only move forward', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alias-xfr-race-'));
  const store = Store.open(join(dir, 'race.db'));
  const log = pino({ level: 'silent' });
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  await importZoneFile(
    { zone: origin, file: write('v1', zoneText(1, '192.0.2.1')) },
    { store, upstream: slowUpstream(0), log },
  );

  // A asks for serial 5, B (slower, started together) for serial 1: B must not go back to 1.
  const a = importZoneFile(
    { zone: origin, file: write('a', zoneText(5, '192.0.2.5')) },
    { store, upstream: slowUpstream(20), log },
  );
  const b = importZoneFile(
    { zone: origin, file: write('b', zoneText(1, '192.0.2.9')) },
    { store, upstream: slowUpstream(60), log },
  );
  await Promise.all([a, b]);

  const zone = store.zoneByName(origin)!;
  const steps = store.journalSteps(zone.id).map((s) => [s.serialFrom, s.serialTo]);
  expect(steps).toEqual([
    [1, 5],
    [5, 6],
  ]);
  // The last import wins whole: its source and its published records, nothing of A mixed in.
  const host = (records: ReturnType<Store['publishedRecords']>) =>
    records
      .filter((r) => r.type === RRType.A && r.owner[1] === 0x68)
      .map((r) => rdataToText(r.type, r.rdata));
  expect(host(store.publishedRecords(zone.id))).toEqual(['192.0.2.9']);
  expect(host(store.sourceRecords(zone.id))).toEqual(['192.0.2.9']);
  expect(verifyJournal(store, zone)).toMatchObject({ ok: true, steps: 2 });
  store.close();
});

it('turns the second of two overlapping first imports into a reload instead of an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alias-xfr-race-'));
  const store = Store.open(join(dir, 'race.db'));
  const log = pino({ level: 'silent' });
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const a = importZoneFile(
    { zone: origin, file: file('a', zoneText(3, '192.0.2.3')) },
    { store, upstream: slowUpstream(10), log },
  );
  const b = importZoneFile(
    { zone: origin, file: file('b', zoneText(3, '192.0.2.4')) },
    { store, upstream: slowUpstream(40), log },
  );
  expect((await Promise.all([a, b])).map((r) => r.status)).toEqual(['created', 'changed']);
  const zone = store.zoneByName(origin)!;
  expect(store.journalSteps(zone.id).map((s) => [s.serialFrom, s.serialTo])).toEqual([[3, 4]]);
  expect(verifyJournal(store, zone)).toMatchObject({ ok: true });
  store.close();
});

it('verifies the journal from one snapshot while another process commits and trims it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alias-xfr-race-'));
  const dbPath = join(dir, 'race.db');
  const store = Store.open(dbPath);
  const log = pino({ level: 'silent' });
  for (const [serial, address] of [
    [1, '192.0.2.1'],
    [2, '192.0.2.2'],
    [3, '192.0.2.3'],
  ] as const) {
    writeFileSync(join(dir, 'z'), zoneText(serial, address));
    await importZoneFile(
      { zone: origin, file: join(dir, 'z') },
      { store, upstream: slowUpstream(0), log },
    );
  }
  const zone = store.zoneByName(origin)!;

  // Another connection, keeping one journal step, commits in the middle of the check.
  const writer = Store.open(dbPath, { retention: { maxSteps: 1, maxBytes: 0 } });
  const readSteps = store.journalStepRecords.bind(store);
  let interfered = false;
  store.journalStepRecords = (stepId) => {
    if (!interfered) {
      interfered = true;
      const soa = writer.publishedAt(zone.id, origin).find((r) => r.type === RRType.SOA)!;
      const newSoa = { ...soa, rdata: withSoaSerial(soa.rdata, toSerial(4)) };
      writer.applyChange(zone.id, { cause: 'edit', removed: [], added: [], newSoa });
    }
    return readSteps(stepId);
  };
  expect(verifyJournal(store, zone)).toMatchObject({ ok: true, steps: 2 });
  expect(interfered).toBe(true);
  expect(writer.journalSteps(zone.id)).toHaveLength(1);
  writer.close();
  store.close();
});
