import { formatRecord } from '../zone/printer.js';
import { recordKey } from '../zone/diff.js';
import type { ZoneRecord } from '../zone/record.js';
import { soaSerial } from '../zone/serial.js';
import type { JournalStep } from './journal.js';
import type { Store, ZoneInfo } from './store.js';
import {
  addRecords,
  digestFromHex,
  digestToHex,
  EMPTY_DIGEST,
  removeRecords,
} from './zone-digest.js';

export type VerifyResult =
  | { readonly ok: true; readonly steps: number; readonly records: number }
  | { readonly ok: false; readonly problem: string };

/**
 * Checks the journal invariant of DESIGN §1 for one zone: the published records match the
 * zone's fingerprint, the steps chain serial to serial, and undoing every step from the newest
 * back gives, at each step, exactly the state that step started from (its removed records
 * absent, its added records present, fingerprints equal). Replaying the steps forward over
 * that oldest state therefore reproduces the published zone. Stops at the first mismatch.
 */
export function verifyJournal(store: Store, zone: ZoneInfo): VerifyResult {
  // One snapshot: a writer committing mid-check (an import, the refresher, retention) must
  // not make a consistent journal look broken.
  return store.readSnapshot(() => {
    const current = store.zoneByName(zone.name);
    return current ? verifyAt(store, current) : fail(`zone ${zone.id} is gone`);
  });
}

function verifyAt(store: Store, zone: ZoneInfo): VerifyResult {
  const published = store.publishedRecords(zone.id);
  const fingerprint = digestToHex(addRecords(EMPTY_DIGEST, published));
  if (fingerprint !== zone.digest) {
    return fail(
      'the published records do not match the zone fingerprint (changed outside alias-xfr?)',
    );
  }
  const soa = published.find((r) => r.type === 6);
  if (!soa || soaSerial(soa.rdata) !== zone.serial) {
    return fail(`the published SOA does not carry the zone serial ${zone.serial}`);
  }

  const steps = store.journalSteps(zone.id);
  const bytes = steps.reduce((sum, step) => sum + step.bytes, 0);
  if (steps.length !== zone.journalSteps || bytes !== zone.journalBytes) {
    return fail(`the journal holds ${steps.length} steps, the zone records ${zone.journalSteps}`);
  }
  const state = new Map(published.map((r) => [recordKey(r), r]));
  let expectedTo = zone.serial as number;
  let expectedDigest = zone.digest;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    const where = `step ${step.serialFrom} -> ${step.serialTo}`;
    if (step.serialTo !== expectedTo)
      return fail(`${where}: does not lead to serial ${expectedTo}`);
    if (step.digestAfter !== expectedDigest)
      return fail(`${where}: fingerprint after the step differs`);
    const undone = undoStep(store, step, state);
    if (typeof undone === 'string') return fail(`${where}: ${undone}`);
    // Fingerprints move by the step's records alone, so this check costs the step's size.
    const before = addRecords(
      removeRecords(digestFromHex(step.digestAfter), undone.added),
      undone.removed,
    );
    if (digestToHex(before) !== step.digestBefore) {
      return fail(`${where}: its records do not account for the fingerprint change`);
    }
    expectedTo = step.serialFrom;
    expectedDigest = step.digestBefore;
  }
  const oldest = digestToHex(addRecords(EMPTY_DIGEST, state.values()));
  if (steps.length > 0 && oldest !== steps[0]!.digestBefore) {
    return fail('the state before the oldest step does not match its fingerprint');
  }
  return { ok: true, steps: steps.length, records: published.length };
}

/** Undoes one step on `state`; returns what did not fit, if anything. */
function undoStep(
  store: Store,
  step: JournalStep,
  state: Map<string, ZoneRecord>,
): string | { removed: ZoneRecord[]; added: ZoneRecord[] } {
  const records = store.journalStepRecords(step.id);
  const removed = records.filter((r) => !r.added).map((r) => r.record);
  const added = records.filter((r) => r.added).map((r) => r.record);
  if (removed.length !== step.removedCount || added.length !== step.addedCount) {
    return 'record counts differ from the step header';
  }
  if (soaSerial(removed[0]?.rdata ?? Buffer.alloc(20)) !== step.serialFrom) {
    return 'the first removed record is not the old SOA';
  }
  if (soaSerial(added[0]?.rdata ?? Buffer.alloc(20)) !== step.serialTo) {
    return 'the first added record is not the new SOA';
  }
  for (const r of added) {
    if (!state.delete(recordKey(r))) return `added record is not published: ${formatRecord(r)}`;
  }
  for (const r of removed) {
    const key = recordKey(r);
    if (state.has(key)) return `removed record is still published: ${formatRecord(r)}`;
    state.set(key, r);
  }
  return { removed, added };
}

function fail(problem: string): VerifyResult {
  return { ok: false, problem };
}
