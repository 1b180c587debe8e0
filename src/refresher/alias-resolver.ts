import { NoResolverError } from '../errors.js';
import type { Name } from '../wire/name.js';
import { formatName, nameEquals, parentName, readUncompressedName } from '../wire/name.js';
import { RRType } from '../wire/rr-types.js';
import type { AddressAnswer, AddressSource } from './address-answer.js';
import type { LocalZone, LocalZones } from './local-zones.js';

// Chains of CNAME and ALIAS inside our own zones deeper than this count as a loop.
const MAX_LOCAL_DEPTH = 8;

/**
 * Resolves ALIAS targets: from our own zones when the target lies in one (CNAME and ALIAS
 * chains followed, loops detected), otherwise through the configured upstream resolvers.
 * Without upstream resolvers an outside target is a configuration error, never a query to an
 * address nobody configured.
 */
export class AliasResolver implements AddressSource {
  constructor(
    private readonly local: LocalZones,
    private readonly upstream: AddressSource | null,
  ) {}

  resolveAddresses(target: Name, type: number): Promise<AddressAnswer> {
    return this.resolve(target, type, []);
  }

  private async resolve(target: Name, type: number, visited: Name[]): Promise<AddressAnswer> {
    if (visited.some((n) => nameEquals(n, target))) {
      return { kind: 'error', reason: `alias/cname loop through ${formatName(target)}` };
    }
    if (visited.length >= MAX_LOCAL_DEPTH) {
      return { kind: 'error', reason: `alias/cname chain deeper than ${MAX_LOCAL_DEPTH}` };
    }
    const zone = this.local.zoneFor(target);
    // A name at or below a zone cut in our zone belongs to the child's servers (our copy of
    // it is only glue), so it is resolved like any outside name.
    if (!zone || isDelegated(zone, target)) {
      if (!this.upstream) throw new NoResolverError(formatName(target));
      return this.upstream.resolveAddresses(target, type);
    }

    // TODO: lookups here are by exact name, so a target that exists only through a wildcard
    // (RFC 4592) counts as NXDOMAIN; such ALIASes need a resolver-side wildcard match.
    const records = zone.recordsAt(target);
    if (records.length === 0)
      return zone.hasBelow(target) ? { kind: 'nodata' } : { kind: 'nxdomain' };
    const wanted = records.filter((r) => r.type === type);
    if (wanted.length > 0) {
      return {
        kind: 'ok',
        ttl: Math.min(...wanted.map((r) => r.ttl)),
        rdatas: wanted.map((r) => r.rdata),
      };
    }
    const link = records.find((r) => r.type === RRType.CNAME || r.type === RRType.ALIAS);
    if (!link) return { kind: 'nodata' };

    const next = await this.resolve(readUncompressedName(link.rdata, 0).name, type, [
      ...visited,
      target,
    ]);
    // An ALIAS in the chain caps the TTL the way it caps its own published records.
    return next.kind === 'ok' ? { ...next, ttl: Math.min(next.ttl, link.ttl) } : next;
  }
}

/** True when some name from `target` up to (not including) the zone apex has NS records. */
function isDelegated(zone: LocalZone, target: Name): boolean {
  for (let n = target; n.length > zone.name.length; n = parentName(n)) {
    if (zone.recordsAt(n).some((r) => r.type === RRType.NS)) return true;
  }
  return false;
}
