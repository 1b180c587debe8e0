import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { NotFoundError } from '../errors.js';
import { AliasResolver } from '../refresher/alias-resolver.js';
import { flattenZone } from '../refresher/flatten.js';
import type { AliasFailure } from '../refresher/flatten.js';
import { overlayZone, storeZones } from '../refresher/local-zones.js';
import type { LocalZones } from '../refresher/local-zones.js';
import type { NxdomainPolicy } from '../refresher/refresh-options.js';
import type { AddressSource } from '../refresher/address-answer.js';
import type { Store, ZoneInfo } from '../store/store.js';
import type { Name } from '../wire/name.js';
import { formatName, nameEquals } from '../wire/name.js';
import { RRType, typeToMnemonic } from '../wire/rr-types.js';
import { diffRecords } from '../zone/diff.js';
import { parseZoneText } from '../zone/parser.js';
import type { ZoneRecord } from '../zone/record.js';
import { serialGreater, soaSerial, withSoaSerial } from '../zone/serial.js';
import type { SerialPolicy } from '../zone/serial-policy.js';
import { reloadSerial } from '../zone/serial-policy.js';
import { checkZone } from '../zone/zone-check.js';
import { readZoneSource } from '../zone/zone-source.js';

export interface ImportRequest {
  readonly zone: Name;
  readonly file: string;
  /** Import even when the file is unchanged since the last import. */
  readonly force?: boolean;
  /** Serial policy to record for the zone; new zones default to `increment`. */
  readonly serialPolicy?: SerialPolicy;
}

export interface ImportDeps {
  readonly store: Store;
  readonly upstream: AddressSource | null;
  readonly log: Logger;
  readonly now?: () => Date;
  /** What a reload does with the addresses of an ALIAS whose target is now NXDOMAIN. */
  readonly onNxdomain?: NxdomainPolicy;
}

export type ImportResult =
  | { readonly status: 'unchanged'; readonly zone: ZoneInfo }
  | {
      readonly status: 'created' | 'changed';
      readonly zone: ZoneInfo;
      readonly sourceRecords: number;
      readonly publishedRecords: number;
    };

/**
 * Loads a zone file into the database: parse and check it, resolve each ALIAS, then store it
 * in one transaction. A new zone is stored as it is; a zone we hold already gets the
 * difference as one journal step (BIND's ixfr-from-differences), or nothing at all when the
 * published records would not change. Nothing of a file that fails is stored.
 */
export async function importZoneFile(
  request: ImportRequest,
  deps: ImportDeps,
): Promise<ImportResult> {
  const [result] = await importZoneFiles([request], deps);
  return result!;
}

// TODO: import costs about a second for the 22,000-record root zone (parsing, canonical keys,
// fingerprints, row inserts); a million-record zone would take tens of seconds, far behind
// BIND and Knot, until these steps are streamed and batched.
/**
 * Imports several zone files as one set: all are read and checked first, so an ALIAS may
 * point into any zone of the set, whatever order the files were given in.
 */
export async function importZoneFiles(
  requests: readonly ImportRequest[],
  deps: ImportDeps,
): Promise<ImportResult[]> {
  const prepared = requests.map((request) => prepareImport(request, deps.store));
  let local = storeZones(deps.store);
  for (const p of prepared) {
    if (p.kind === 'read') local = overlayZone(p.request.zone, p.source, local);
  }
  const results: ImportResult[] = [];
  for (const p of prepared) {
    results.push(p.kind === 'unchanged' ? p.result : await storeImport(p, deps, local));
  }
  return results;
}

type PreparedImport =
  | { readonly kind: 'unchanged'; readonly result: ImportResult }
  | {
      readonly kind: 'read';
      readonly request: ImportRequest;
      readonly file: string;
      readonly digest: string;
      readonly source: ZoneRecord[];
      readonly existing: ZoneInfo | undefined;
    };

/** Reads, fingerprints and checks one file; an unchanged file stops here. */
function prepareImport(request: ImportRequest, store: Store): PreparedImport {
  const file = resolve(request.file);
  const text = readZoneSource(file, request.file);
  // The fingerprint covers $INCLUDEd files too: editing one of them is a change of the zone.
  const hash = createHash('sha256').update(text);
  const parsed = parseZoneText(text, {
    origin: request.zone,
    fileName: request.file,
    onInclude: (path, included) => hash.update(`\0${path}\0`).update(included),
  });
  const digest = hash.digest('hex');
  const existing = store.zoneByName(request.zone);
  if (existing && request.serialPolicy && request.serialPolicy !== existing.serialPolicy) {
    store.setSerialPolicy(existing.id, request.serialPolicy);
  }
  if (
    existing &&
    !request.force &&
    existing.sourceDigest === digest &&
    existing.sourceFile === file
  ) {
    return { kind: 'unchanged', result: { status: 'unchanged', zone: existing } };
  }
  const source = checkZone(request.zone, parsed, request.file);
  return { kind: 'read', request, file, digest, source, existing };
}

/** Resolves the ALIASes of a read zone and stores it: a new zone, or a reload step. */
async function storeImport(
  prepared: Extract<PreparedImport, { kind: 'read' }>,
  deps: ImportDeps,
  local: LocalZones,
): Promise<ImportResult> {
  const { request, file, digest, source, existing } = prepared;
  const { published, failures } = await flattenZone(
    source,
    new AliasResolver(local, deps.upstream),
  );
  const log = deps.log.child({ zone: formatName(request.zone), op: 'import' });
  logFailures(log, failures);
  const sourceInfo = { records: source, file, digest };

  const created = existing
    ? undefined
    : deps.store.createZone(request.zone, {
        serialPolicy: request.serialPolicy ?? 'increment',
        sourceFile: file,
        sourceDigest: digest,
        source,
        published,
      });
  if (created) {
    const zone = created;
    log.info(
      { serial: zone.serial, records: published.length, file: request.file },
      'zone created',
    );
    return {
      status: 'created',
      zone,
      sourceRecords: source.length,
      publishedRecords: published.length,
    };
  }

  // The difference is planned inside the write transaction, against the zone as it is then:
  // the refresher or another import may have changed it while the ALIASes were resolved.
  const { store } = deps;
  let planned: ReturnType<typeof planReload>;
  let publishedCount = 0;
  const zoneId = existing?.id ?? store.zoneByName(request.zone)!.id;
  const zone = store.changeZone(zoneId, (current) => {
    if (!current) throw new NotFoundError(`zone ${formatName(request.zone)} was deleted meanwhile`);
    const before = store.publishedRecords(current.id);
    const after = keepStaleAddresses(published, failures, before, deps.onNxdomain ?? 'keep');
    publishedCount = after.length;
    planned = planReload(current, before, after, deps.now?.() ?? new Date());
    if (!planned) store.updateSource(current.id, sourceInfo);
    return planned && { cause: 'reload', ...planned, source: sourceInfo };
  });
  if (!zone || !planned) {
    return { status: 'unchanged', zone: store.zoneByName(request.zone)! };
  }
  log.info(
    {
      serial: zone.serial,
      removed: planned.removed.length,
      added: planned.added.length,
      file: request.file,
    },
    'zone reloaded',
  );
  return {
    status: 'changed',
    zone,
    sourceRecords: source.length,
    publishedRecords: publishedCount,
  };
}

/**
 * The journal step a reload makes, or undefined when there is nothing to publish: no record
 * changed, the SOA's other fields are the same, and the file does not ask for a newer serial.
 */
function planReload(
  zone: ZoneInfo,
  before: readonly ZoneRecord[],
  after: readonly ZoneRecord[],
  now: Date,
): { removed: ZoneRecord[]; added: ZoneRecord[]; newSoa: ZoneRecord } | undefined {
  const isSoa = (r: ZoneRecord): boolean => r.type === RRType.SOA;
  const oldSoa = before.find(isSoa)!;
  const fileSoa = after.find(isSoa)!;
  const { removed, added } = diffRecords(
    before.filter((r) => !isSoa(r)),
    after.filter((r) => !isSoa(r)),
  );

  const fileSerial = soaSerial(fileSoa.rdata);
  const soaChanged =
    oldSoa.ttl !== fileSoa.ttl ||
    !withSoaSerial(oldSoa.rdata, fileSerial).equals(fileSoa.rdata) ||
    !nameEquals(oldSoa.owner, fileSoa.owner);
  const fileAhead = serialGreater(fileSerial, zone.serial);
  if (removed.length === 0 && added.length === 0 && !soaChanged && !fileAhead) return undefined;

  const serial = reloadSerial(zone.serial, fileSerial, zone.serialPolicy, now);
  return { removed, added, newSoa: { ...fileSoa, rdata: withSoaSerial(fileSoa.rdata, serial) } };
}

/**
 * DESIGN §2: a target that fails to resolve keeps its last good records. On a reload the
 * previously published addresses of such an ALIAS family are carried over.
 */
function keepStaleAddresses(
  published: readonly ZoneRecord[],
  failures: readonly AliasFailure[],
  before: readonly ZoneRecord[],
  onNxdomain: NxdomainPolicy,
): ZoneRecord[] {
  const kept = [...published];
  for (const f of failures) {
    if (f.kind === 'nxdomain' && onNxdomain === 'withdraw') continue;
    kept.push(...before.filter((r) => r.type === f.type && nameEquals(r.owner, f.owner)));
  }
  return kept;
}

function logFailures(log: Logger, failures: readonly AliasFailure[]): void {
  for (const f of failures) {
    log.warn(
      {
        owner: formatName(f.owner),
        target: formatName(f.target),
        type: typeToMnemonic(f.type),
        reason: f.reason,
      },
      'alias target did not resolve; keeping what was published before, if anything',
    );
  }
}
