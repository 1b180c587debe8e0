import { ZoneContentError } from '../errors.js';
import type { Name } from '../wire/name.js';
import { formatName, isSubdomainOf, lowerName, nameEquals } from '../wire/name.js';
import { canonicalRdata } from '../wire/rdata.js';
import { RRType, typeToMnemonic } from '../wire/rr-types.js';
import type { SourcedRecord, ZoneRecord } from './record.js';

// RFC 2181 §10.1 / RFC 4035 §2.5: DNSSEC records may sit beside a CNAME; nothing else may.
const ALLOWED_BESIDE_CNAME = new Set<number>([RRType.RRSIG, RRType.NSEC]);
const ADDRESS_TYPES = new Set<number>([RRType.A, RRType.AAAA]);

/**
 * Validates the records of one zone and folds identical duplicates into one (root-zone AXFR
 * dumps repeat the SOA). Records of one RRset take the first record's TTL, as RFC 2181 §5.2
 * requires one TTL per RRset. Returns the records in file order, SOA included.
 */
export function checkZone(
  origin: Name,
  records: readonly SourcedRecord[],
  file = records[0]?.file,
): ZoneRecord[] {
  const seen = new Set<string>();
  const rrsetTtl = new Map<string, number>();
  const typesAt = new Map<string, Map<number, SourcedRecord[]>>();
  const kept: ZoneRecord[] = [];

  for (const record of records) {
    if (!isSubdomainOf(record.owner, origin)) {
      fail(record, `record outside the zone ${formatName(origin)}`, formatName(record.owner));
    }
    const ownerKey = lowerName(record.owner).toString('latin1');
    const rrsetKey = `${ownerKey}/${record.type}`;
    const recordKey = `${rrsetKey}/${canonicalRdata(record.type, record.rdata).toString('hex')}`;
    if (seen.has(recordKey)) continue;
    seen.add(recordKey);

    const ttl = rrsetTtl.get(rrsetKey) ?? record.ttl;
    rrsetTtl.set(rrsetKey, ttl);
    kept.push({ owner: record.owner, type: record.type, ttl, rdata: record.rdata });

    let byType = typesAt.get(ownerKey);
    if (!byType) typesAt.set(ownerKey, (byType = new Map()));
    const same = byType.get(record.type) ?? [];
    same.push(record);
    byType.set(record.type, same);
    checkOwner(byType, record);
  }

  checkApex(origin, typesAt, file);
  return kept;
}

/** Rules that involve the records at one owner name, checked as each record arrives. */
function checkOwner(byType: Map<number, SourcedRecord[]>, record: SourcedRecord): void {
  const type = typeToMnemonic(record.type);
  const cname = byType.get(RRType.CNAME);
  if (cname && cname.length > 1) fail(record, 'more than one CNAME at this name', type);
  if (cname) {
    for (const other of byType.keys()) {
      if (other !== RRType.CNAME && !ALLOWED_BESIDE_CNAME.has(other)) {
        fail(record, `CNAME and other data at the same name`, typeToMnemonic(other));
      }
    }
  }

  const alias = byType.get(RRType.ALIAS);
  if (alias && alias.length > 1) fail(record, 'more than one ALIAS at this name', type);
  if (alias) {
    for (const other of byType.keys()) {
      if (ADDRESS_TYPES.has(other)) {
        fail(record, 'ALIAS beside A/AAAA at the same name', typeToMnemonic(other));
      }
    }
  }

  if (record.type === RRType.SOA && byType.get(RRType.SOA)!.length > 1) {
    fail(record, 'second SOA differs from the first', formatName(record.owner));
  }
}

function checkApex(
  origin: Name,
  typesAt: Map<string, Map<number, SourcedRecord[]>>,
  file: string | undefined,
): void {
  const where = file === undefined ? '' : `${file}: `;
  const apexKey = lowerName(origin).toString('latin1');
  for (const [ownerKey, byType] of typesAt) {
    const soa = byType.get(RRType.SOA);
    if (soa && ownerKey !== apexKey) {
      fail(soa[0]!, 'SOA below the zone apex', formatName(soa[0]!.owner));
    }
  }
  const apex = typesAt.get(apexKey);
  if (!apex?.has(RRType.SOA)) {
    throw new ZoneContentError(`${where}zone ${formatName(origin)} has no SOA record at its apex`);
  }
  if (!apex.has(RRType.NS)) {
    throw new ZoneContentError(`${where}zone ${formatName(origin)} has no NS records at its apex`);
  }
}

function fail(record: SourcedRecord, what: string, token: string): never {
  throw new ZoneContentError(`${record.file}:${record.line}: ${what}: ${token}`);
}

/** The zone's SOA record; `checkZone` guarantees there is exactly one. */
export function findSoa(origin: Name, records: readonly ZoneRecord[]): ZoneRecord {
  const soa = records.find((r) => r.type === RRType.SOA && nameEquals(r.owner, origin));
  if (!soa) throw new ZoneContentError(`zone ${formatName(origin)} has no SOA record`);
  return soa;
}
