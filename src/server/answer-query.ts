import type { ZoneInfo } from '../store/store.js';
import type { ZoneRecord } from '../zone/record.js';
import { Rcode } from '../wire/message.js';
import type { Name } from '../wire/name.js';
import {
  isSubdomainOf,
  labelCount,
  nameEquals,
  parentName,
  readUncompressedName,
} from '../wire/name.js';
import { RRType } from '../wire/rr-types.js';

/** The records a zone has; the store implements it, tests may fake it. */
export interface ZoneData {
  publishedAt(zoneId: number, name: Name): ZoneRecord[];
  hasPublishedBelow(zoneId: number, name: Name): boolean;
}

/** The outcome of a query against one zone, before encoding. */
export interface Answer {
  readonly rcode: number;
  readonly authoritative: boolean;
  readonly answer: ZoneRecord[];
  readonly authority: ZoneRecord[];
  readonly additional: ZoneRecord[];
  /**
   * How many leading `additional` records a reply must carry: the in-domain glue of a referral
   * (RFC 9471 §3.1). When they do not fit, the reply is truncated instead of sent without them.
   */
  readonly requiredAdditional?: number;
}

// CNAME chains inside one zone longer than this are treated as a loop.
const MAX_CNAME_CHAIN = 16;

// TODO: DNAME records (RFC 6672) are stored and transferred but not applied here, so a query
// below a DNAME gets NXDOMAIN instead of a synthesised CNAME; zones using DNAME need this.

/**
 * Answers `qname`/`qtype` from the published records of `zone` following RFC 1034 §4.3.2:
 * referrals at zone cuts with glue, CNAME chasing inside the zone, wildcards (RFC 4592),
 * NXDOMAIN and NODATA with the SOA for negative caching (RFC 2308 §3).
 */
export function answerQuery(data: ZoneData, zone: ZoneInfo, qname: Name, qtype: number): Answer {
  const result: Answer = {
    rcode: Rcode.NOERROR,
    authoritative: true,
    answer: [],
    authority: [],
    additional: [],
  };
  const seen: Name[] = [];
  let name = qname;

  for (let hops = 0; hops <= MAX_CNAME_CHAIN; hops++) {
    const cut = findZoneCut(data, zone, name, qtype);
    if (cut) {
      // AA covers the answer section; a bare referral has none, so it is not authoritative.
      const authoritative = result.answer.length > 0;
      const glue = glueFor(data, zone, cut);
      return {
        ...result,
        authoritative,
        authority: cut,
        additional: glue.records,
        requiredAdditional: glue.inDomain,
      };
    }

    const found = recordsFor(data, zone, name);
    if (found === 'nxdomain') return negative(data, zone, result, Rcode.NXDOMAIN);

    const cname = found.find((r) => r.type === RRType.CNAME);
    if (cname && qtype !== RRType.CNAME && qtype !== RRType.ANY) {
      result.answer.push(withOwner(cname, name));
      const target = readUncompressedName(cname.rdata, 0).name;
      seen.push(name);
      if (!isSubdomainOf(target, zone.name) || seen.some((n) => nameEquals(n, target))) {
        return result;
      }
      name = target;
      continue;
    }

    const matching = qtype === RRType.ANY ? found : found.filter((r) => r.type === qtype);
    if (matching.length === 0) return negative(data, zone, result, Rcode.NOERROR);
    for (const r of matching) result.answer.push(withOwner(r, name));
    return result;
  }
  return result;
}

/**
 * The NS records of the highest zone cut between the apex (exclusive) and `name` (inclusive),
 * if any. A DS query at the cut itself is answered by the parent side (RFC 4035 §3.1.4.1).
 */
function findZoneCut(
  data: ZoneData,
  zone: ZoneInfo,
  name: Name,
  qtype: number,
): ZoneRecord[] | undefined {
  const depth = labelCount(name) - labelCount(zone.name);
  for (let below = depth; below >= 1; below--) {
    const candidate = ancestor(name, below - 1);
    const ns = data.publishedAt(zone.id, candidate).filter((r) => r.type === RRType.NS);
    if (ns.length === 0) continue;
    if (below === 1 && qtype === RRType.DS) return undefined;
    return ns;
  }
  return undefined;
}

/** `name` with its `strip` leftmost labels removed. */
function ancestor(name: Name, strip: number): Name {
  let n = name;
  for (let i = 0; i < strip; i++) n = parentName(n);
  return n;
}

/**
 * The records for `name`: its own, the wildcard's (RFC 4592 §3.3.1) when it does not exist,
 * or 'nxdomain'. An empty non-terminal exists with no records.
 */
function recordsFor(data: ZoneData, zone: ZoneInfo, name: Name): ZoneRecord[] | 'nxdomain' {
  const own = data.publishedAt(zone.id, name);
  if (own.length > 0 || data.hasPublishedBelow(zone.id, name)) return own;

  let encloser = parentName(name);
  while (!nameEquals(encloser, zone.name)) {
    if (data.publishedAt(zone.id, encloser).length > 0) break;
    if (data.hasPublishedBelow(zone.id, encloser)) break;
    encloser = parentName(encloser);
  }
  const wildcard = Buffer.concat([Buffer.from([1, 0x2a]), encloser]);
  const synthesized = data.publishedAt(zone.id, wildcard);
  return synthesized.length > 0 ? synthesized : 'nxdomain';
}

function negative(data: ZoneData, zone: ZoneInfo, result: Answer, rcode: number): Answer {
  const soa = data.publishedAt(zone.id, zone.name).find((r) => r.type === RRType.SOA);
  if (soa) {
    // RFC 2308 §3: the SOA's TTL in a negative answer is min(SOA TTL, SOA MINIMUM).
    const minimum = soa.rdata.readUInt32BE(soa.rdata.length - 4);
    result.authority.push({ ...soa, ttl: Math.min(soa.ttl, minimum) });
  }
  return { ...result, rcode };
}

/**
 * Addresses of the in-zone name servers of a delegation: in-domain glue (servers below the
 * cut, which resolvers cannot find elsewhere) first, then sibling glue (elsewhere in the zone).
 */
function glueFor(
  data: ZoneData,
  zone: ZoneInfo,
  ns: readonly ZoneRecord[],
): { records: ZoneRecord[]; inDomain: number } {
  const inDomain: ZoneRecord[] = [];
  const sibling: ZoneRecord[] = [];
  for (const record of ns) {
    const target = readUncompressedName(record.rdata, 0).name;
    if (!isSubdomainOf(target, zone.name)) continue;
    const list = isSubdomainOf(target, record.owner) ? inDomain : sibling;
    for (const r of data.publishedAt(zone.id, target)) {
      if (r.type === RRType.A || r.type === RRType.AAAA) list.push(r);
    }
  }
  return { records: [...inDomain, ...sibling], inDomain: inDomain.length };
}

/** The record under the name the client asked for (wildcards, and 0x20 case randomisation). */
function withOwner(record: ZoneRecord, owner: Name): ZoneRecord {
  return { ...record, owner };
}
