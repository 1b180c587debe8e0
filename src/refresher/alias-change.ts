import assert from 'node:assert/strict';
import type { Store, ZoneInfo } from '../store/store.js';
import type { Name } from '../wire/name.js';
import { nameEquals } from '../wire/name.js';
import { RRType } from '../wire/rr-types.js';
import { diffRecords } from '../zone/diff.js';
import type { ZoneRecord } from '../zone/record.js';
import { withSoaSerial } from '../zone/serial.js';
import { nextPolicySerial } from '../zone/serial-policy.js';
import { publishedFamily, sourceFingerprint } from './alias-list.js';
import type { FamilyChange } from './change-batch.js';

/** The zone as the refresher read its ALIAS list. */
export interface ZoneVersion {
  readonly id: number;
  readonly name: Name;
  readonly fingerprint: string;
}

export type AliasWrite =
  | {
      readonly kind: 'written';
      readonly zone: ZoneInfo;
      readonly removed: number;
      readonly added: number;
    }
  | { readonly kind: 'unchanged' }

  /** The zone was reloaded, removed or recreated since its ALIAS list was read. */
  | { readonly kind: 'stale' };

/**
 * Writes a zone's batch of ALIAS changes as one journal step with cause `alias`. Each
 * family is compared with what is published at this moment, not when it was resolved: the
 * zone may have changed in between, and a step must never remove a record that is not there.
 * The serial moves by the zone's policy.
 */
export function writeAliasChanges(
  store: Store,
  version: ZoneVersion,
  changes: readonly FamilyChange[],
  now: Date,
): AliasWrite {
  // Planned inside the write transaction: an import in another process may have changed the
  // zone since the answers came in, and the step must start from what is published then.
  // Set inside the transaction callback; `as` keeps TypeScript from narrowing them away.
  let stale = false as boolean;
  let counts = undefined as { removed: number; added: number } | undefined;
  const written = store.changeZone(
    version.id,
    (zone) => {
      if (
        !zone ||
        !nameEquals(zone.name, version.name) ||
        sourceFingerprint(zone) !== version.fingerprint
      ) {
        stale = true;
        return undefined;
      }
      const removed: ZoneRecord[] = [];
      const added: ZoneRecord[] = [];
      for (const change of changes) {
        const diff = diffRecords(publishedFamily(store, change.family), change.records);
        removed.push(...diff.removed);
        added.push(...diff.added);
      }
      if (removed.length === 0 && added.length === 0) return undefined;

      const soa = store.publishedAt(zone.id, zone.name).find((r) => r.type === RRType.SOA);
      assert(soa, `zone ${zone.id} has no published SOA`);
      const serial = nextPolicySerial(zone.serial, zone.serialPolicy, now);
      const newSoa = { ...soa, rdata: withSoaSerial(soa.rdata, serial) };
      counts = { removed: removed.length, added: added.length };
      return { cause: 'alias', removed, added, newSoa };
    },
    Math.floor(now.getTime() / 1000),
  );
  if (stale) return { kind: 'stale' };
  if (!written || !counts) return { kind: 'unchanged' };
  return { kind: 'written', zone: written, ...counts };
}
