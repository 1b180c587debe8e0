import type { AddressAnswer, AddressSource } from '../../src/refresher/address-answer.js';
import type { Name } from '../../src/wire/name.js';
import { formatName } from '../../src/wire/name.js';
import { parseIPv4, parseIPv6 } from '../../src/wire/rdata/ip.js';
import { RRType } from '../../src/wire/rr-types.js';

/** An address answer as the fake upstream gives it; addresses in presentation form. */
export function ok(ttl: number, ...addresses: string[]): AddressAnswer {
  const rdatas = addresses.map((a) =>
    a.includes(':') ? parseIPv6(a, 'test') : parseIPv4(a, 'test'),
  );
  return { kind: 'ok', ttl, rdatas };
}

export const TIMEOUT: AddressAnswer = { kind: 'error', reason: 'timed out after 2000 ms' };
export const NODATA: AddressAnswer = { kind: 'nodata' };
export const NXDOMAIN: AddressAnswer = { kind: 'nxdomain' };

/**
 * An upstream that answers from a table, counts the calls and the calls in flight, and can
 * hold an answer back for a while (on the test's fake timers). No packet leaves the process.
 */
export class FakeUpstream implements AddressSource {
  readonly calls: { target: string; type: string; at: number }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly answers = new Map<string, AddressAnswer>();
  private readonly delays = new Map<string, number>();

  answer(target: string, type: 'A' | 'AAAA', answer: AddressAnswer): this {
    this.answers.set(`${target} ${type}`, answer);
    return this;
  }

  /** Sets both families at once; a family given no addresses answers NODATA. */
  addresses(target: string, ttl: number, v4: string[], v6: string[] = []): this {
    this.answer(target, 'A', v4.length > 0 ? ok(ttl, ...v4) : NODATA);
    return this.answer(target, 'AAAA', v6.length > 0 ? ok(ttl, ...v6) : NODATA);
  }

  /** Holds answers for `target` back by `ms`. */
  delay(target: string, ms: number): this {
    this.delays.set(target, ms);
    return this;
  }

  /** Forgets the calls made so far (those of the initial flattening, say). */
  forget(): void {
    this.calls.length = 0;
  }

  callsTo(target: string, type?: 'A' | 'AAAA'): number[] {
    return this.calls
      .filter((c) => c.target === target && (!type || c.type === type))
      .map((c) => c.at);
  }

  async resolveAddresses(target: Name, type: number): Promise<AddressAnswer> {
    const name = formatName(target);
    const family = type === RRType.A ? 'A' : 'AAAA';
    this.calls.push({ target: name, type: family, at: Date.now() });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const delay = this.delays.get(name) ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    this.inFlight--;
    return this.answers.get(`${name} ${family}`) ?? { kind: 'error', reason: 'no answer set' };
  }
}
