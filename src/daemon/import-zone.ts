import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { AliasResolver } from '../refresher/alias-resolver.js';
import { flattenZone } from '../refresher/flatten.js';
import { overlayZone, storeZones } from '../refresher/local-zones.js';
import type { UpstreamResolver } from '../refresher/upstream-resolver.js';
import type { Store, ZoneInfo } from '../store/store.js';
import type { Name } from '../wire/name.js';
import { formatName } from '../wire/name.js';
import { typeToMnemonic } from '../wire/rr-types.js';
import { parseZoneText } from '../zone/parser.js';
import type { ZoneRecord } from '../zone/record.js';
import { nextSerial, soaSerial, toSerial, withSoaSerial } from '../zone/serial.js';
import { checkZone } from '../zone/zone-check.js';
import { readZoneSource } from '../zone/zone-source.js';

export interface ImportRequest {
  readonly zone: Name;
  readonly file: string;
  /** Import even when the file is unchanged since the last import. */
  readonly force?: boolean;
}

export interface ImportDeps {
  readonly store: Store;
  readonly upstream: UpstreamResolver | null;
  readonly log: Logger;
}

export type ImportResult =
  | { readonly status: 'unchanged'; readonly zone: ZoneInfo }
  | {
      readonly status: 'imported';
      readonly zone: ZoneInfo;
      readonly sourceRecords: number;
      readonly publishedRecords: number;
    };

/**
 * Loads a zone file into the database: parse and check it, resolve each ALIAS once, then store
 * source and published records in one transaction. Nothing of a file that fails is stored.
 * A file whose text has not changed since the last import is skipped.
 */
export async function importZoneFile(
  request: ImportRequest,
  deps: ImportDeps,
): Promise<ImportResult> {
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
  const existing = deps.store.zoneByName(request.zone);
  if (
    existing &&
    !request.force &&
    existing.sourceDigest === digest &&
    existing.sourceFile === file
  ) {
    return { status: 'unchanged', zone: existing };
  }

  const source = checkZone(request.zone, parsed);
  const local = overlayZone(request.zone, source, storeZones(deps.store));
  const { published, failures } = await flattenZone(
    source,
    new AliasResolver(local, deps.upstream),
  );
  const log = deps.log.child({ zone: formatName(request.zone), op: 'import' });
  for (const f of failures) {
    log.warn(
      {
        owner: formatName(f.owner),
        target: formatName(f.target),
        type: typeToMnemonic(f.type),
        reason: f.reason,
      },
      'alias target did not resolve; publishing no records for it until it does',
    );
  }

  const serial = publishSerial(published, existing);
  const zone = deps.store.replaceZone(request.zone, {
    serial,
    sourceFile: file,
    sourceDigest: digest,
    source,
    published: published.map((r) =>
      r.type === 6 ? { ...r, rdata: withSoaSerial(r.rdata, toSerial(serial)) } : r,
    ),
  });
  log.info({ serial, records: published.length, file: request.file }, 'zone imported');
  return {
    status: 'imported',
    zone: deps.store.zoneByName(zone.name)!,
    sourceRecords: source.length,
    publishedRecords: published.length,
  };
}

/** The file's serial, unless that would not move a zone we already serve forward. */
function publishSerial(published: readonly ZoneRecord[], existing: ZoneInfo | undefined): number {
  const soa = published.find((r) => r.type === 6)!;
  const fileSerial = soaSerial(soa.rdata);
  return existing ? nextSerial(toSerial(existing.serial), fileSerial) : fileSerial;
}
