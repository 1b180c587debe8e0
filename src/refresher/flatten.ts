import type { Name } from '../wire/name.js';
import { formatName, readUncompressedName } from '../wire/name.js';
import { RRType } from '../wire/rr-types.js';
import type { ZoneRecord } from '../zone/record.js';
import type { AddressSource } from './address-answer.js';
import { mapBounded } from './concurrency.js';

// Upstream lookups in flight at once while a zone is flattened.
const MAX_PARALLEL_LOOKUPS = 32;

/** An ALIAS family that produced no records, for the caller to log. */
export interface AliasFailure {
  readonly owner: Name;
  readonly target: Name;
  readonly type: number;
  /** NXDOMAIN follows the operator's policy; every other failure keeps old records. */
  readonly kind: 'nxdomain' | 'error';
  readonly reason: string;
}

export interface FlattenResult {
  readonly published: ZoneRecord[];
  readonly failures: AliasFailure[];
}

/**
 * Turns source records into published records: static records are copied, every ALIAS is
 * replaced by the A and AAAA records of its target with TTL = min(ALIAS TTL, target TTL)
 * (DESIGN §2). Used at import and server start, where there are no earlier records to keep,
 * so a family that fails to resolve is simply absent until the refresher gets an answer.
 */
export async function flattenZone(
  source: readonly ZoneRecord[],
  resolver: AddressSource,
): Promise<FlattenResult> {
  const published: ZoneRecord[] = [];
  const failures: AliasFailure[] = [];
  const aliases = source.filter((r) => r.type === RRType.ALIAS);
  for (const r of source) if (r.type !== RRType.ALIAS) published.push(r);

  const work = aliases.flatMap((alias) => [RRType.A, RRType.AAAA].map((type) => ({ alias, type })));
  const resolved = await mapBounded(work, MAX_PARALLEL_LOOKUPS, ({ alias, type }) =>
    resolveOne(alias, type, resolver),
  );
  for (const outcome of resolved) {
    published.push(...outcome.records);
    if (outcome.failure) failures.push(outcome.failure);
  }
  return { published, failures };
}

async function resolveOne(
  alias: ZoneRecord,
  type: number,
  resolver: AddressSource,
): Promise<{ records: ZoneRecord[]; failure?: AliasFailure }> {
  const target = readUncompressedName(alias.rdata, 0).name;
  const answer = await resolver.resolveAddresses(target, type);
  if (answer.kind === 'ok') {
    const ttl = Math.min(alias.ttl, answer.ttl);
    return { records: answer.rdatas.map((rdata) => ({ owner: alias.owner, type, ttl, rdata })) };
  }
  // NODATA for a family is a normal answer (an IPv4-only target), not a failure.
  if (answer.kind === 'nodata') return { records: [] };
  const reason =
    answer.kind === 'nxdomain'
      ? `${formatName(target)} or a name it leads to does not exist`
      : answer.reason;
  return { records: [], failure: { owner: alias.owner, target, type, kind: answer.kind, reason } };
}
