import { Rcode } from '../wire/message.js';
import type { Message } from '../wire/message.js';
import type { Name } from '../wire/name.js';
import { formatName, nameEquals, readUncompressedName } from '../wire/name.js';
import { RRType } from '../wire/rr-types.js';
import type { AddressAnswer } from './address-answer.js';
import { queryUpstream } from './upstream-client.js';
import type { UpstreamServer } from './upstream-client.js';

export interface UpstreamOptions {
  readonly servers: readonly UpstreamServer[];
  readonly timeoutMs: number;
  /** Further rounds over the server list after the first one fails. */
  readonly retries: number;
}

// CNAME chains longer than this are reported as an error rather than followed forever.
const MAX_CNAME_HOPS = 8;

/**
 * Resolves addresses through the resolvers the operator configured, and only those. Servers
 * are tried in order; a timeout or SERVFAIL moves on to the next, and the whole list is tried
 * `1 + retries` times before the answer is an error.
 */
export class UpstreamResolver {
  constructor(private readonly options: UpstreamOptions) {}

  async resolveAddresses(target: Name, type: number): Promise<AddressAnswer> {
    let name = target;
    for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
      const reply = await this.ask(name, type);
      if ('reason' in reply) return { kind: 'error', reason: reply.reason };
      const outcome = readAnswer(reply, name, type);
      if (outcome.kind !== 'cname') return outcome;
      // The upstream (an authoritative server, say) gave only the CNAME: ask for its target.
      name = outcome.target;
    }
    return {
      kind: 'error',
      reason: `cname chain longer than ${MAX_CNAME_HOPS} at ${formatName(target)}`,
    };
  }

  private async ask(name: Name, type: number): Promise<Message | { reason: string }> {
    let lastReason = 'no upstream resolver configured';
    for (let round = 0; round <= this.options.retries; round++) {
      for (const server of this.options.servers) {
        try {
          const reply = await queryUpstream(server, name, type, {
            timeoutMs: this.options.timeoutMs,
          });
          const rcode = reply.header.rcode;
          if (rcode === Rcode.NOERROR || rcode === Rcode.NXDOMAIN) return reply;
          lastReason = `${server.host}:${server.port} answered rcode ${rcode}`;
        } catch (err) {
          lastReason = `${server.host}:${server.port}: ${(err as Error).message}`;
        }
      }
    }
    return { reason: lastReason };
  }
}

type Outcome = AddressAnswer | { readonly kind: 'cname'; readonly target: Name };

/** Follows the CNAME chain inside one answer section to the records of `type`. */
function readAnswer(reply: Message, qname: Name, type: number): Outcome {
  let name = qname;
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const here = reply.answers.filter((r) => nameEquals(r.owner, name));
    const wanted = here.filter((r) => r.type === type);
    if (wanted.length > 0) {
      return {
        kind: 'ok',
        ttl: Math.min(...wanted.map((r) => r.ttl)),
        rdatas: wanted.map((r) => r.rdata),
      };
    }
    const cname = here.find((r) => r.type === RRType.CNAME);
    if (!cname) break;
    name = readUncompressedName(cname.rdata, 0).name;
  }
  if (reply.header.rcode === Rcode.NXDOMAIN) return { kind: 'nxdomain' };
  if (!nameEquals(name, qname)) return { kind: 'cname', target: name };
  // A real NODATA carries the SOA (RFC 2308 §2.2); an empty answer without one is a referral
  // or a lame server, and withdrawing addresses on its word would be wrong.
  if (!reply.authority.some((r) => r.type === RRType.SOA)) {
    return { kind: 'error', reason: 'empty answer without SOA (referral or lame server)' };
  }
  return { kind: 'nodata' };
}
