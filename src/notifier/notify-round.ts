import type { Logger } from 'pino';
import { Rcode } from '../wire/message.js';
import type { Name } from '../wire/name.js';
import { rcodeName } from './notify-message.js';

/** The timer functions a round uses; injected so tests and the daemon choose the clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Looks the globals up at call time, so `vi.useFakeTimers()` installed later still applies. */
export const globalTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface RoundSpec {
  readonly zone: Name;
  readonly zoneText: string;
  readonly serial: number;
  readonly remote: string;
  /** The encoded NOTIFY; every try of a round resends these bytes, ID included. */
  readonly packet: Buffer;
  /** How long to wait for an answer after try 1, 2, …; its length is the number of tries. */
  readonly delaysMs: readonly number[];
  readonly send: (packet: Buffer) => Promise<void>;
  readonly timers: Timers;
  readonly log: Logger;
  /** Called once when the round ends, however it ends. */
  readonly onEnd: () => void;
}

/**
 * One NOTIFY round: one serial of one zone, to one secondary.
 *
 *   start ─▶ waiting(try 1) ─timeout─▶ waiting(try 2) ─ … ─▶ waiting(try N) ─timeout─▶ gave up
 *                 │                        │                       │
 *                 └────────── reply ───────┴───────────────────────┴──▶ answered
 *
 *   supersede() or cancel() in any waiting state ─▶ superseded / cancelled
 *
 * Every end state clears the timer and logs exactly one line; nothing is sent after it.
 */
export class NotifyRound {
  private tries = 0;
  private timer: unknown = undefined;
  private ended = false;
  private lastError: string | undefined;

  constructor(private readonly spec: RoundSpec) {}

  get zone(): Name {
    return this.spec.zone;
  }

  start(): void {
    this.sendTry();
  }

  /** A matching response arrived; any RCODE ends the round (retrying would not change it). */
  answered(rcode: number): void {
    if (!this.end()) return;
    if (rcode === Rcode.NOERROR) {
      this.spec.log.info(this.fields(), 'notify acknowledged');
    } else {
      this.spec.log.warn(
        { ...this.fields(), rcode: rcodeName(rcode) },
        'notify answered with error',
      );
    }
  }

  /** A newer serial of the zone replaces this round for this secondary. */
  supersede(bySerial: number): void {
    if (this.end()) this.spec.log.debug({ ...this.fields(), by: bySerial }, 'notify superseded');
  }

  /** The notifier is closing. */
  cancel(): void {
    if (this.end()) this.spec.log.debug(this.fields(), 'notify cancelled');
  }

  private sendTry(): void {
    this.tries++;
    this.spec.send(this.spec.packet).catch((err: unknown) => {
      // The round goes on: the next try may work, and the final line carries the error.
      this.lastError = err instanceof Error ? err.message : String(err);
      if (!this.ended) this.spec.log.debug({ ...this.fields(), err }, 'notify send failed');
    });
    const delay = this.spec.delaysMs[this.tries - 1] ?? 0;
    this.timer = this.spec.timers.setTimeout(() => this.onTimeout(), delay);
  }

  private onTimeout(): void {
    this.timer = undefined;
    if (this.ended) return;
    if (this.tries < this.spec.delaysMs.length) {
      this.sendTry();
      return;
    }
    this.end();
    const error = this.lastError === undefined ? {} : { error: this.lastError };
    this.spec.log.warn({ ...this.fields(), ...error }, 'notify gave up');
  }

  /** Moves to an end state; false if the round had already ended. */
  private end(): boolean {
    if (this.ended) return false;
    this.ended = true;
    if (this.timer !== undefined) this.spec.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.spec.onEnd();
    return true;
  }

  private fields(): Record<string, unknown> {
    const { zoneText, remote, serial } = this.spec;
    return { op: 'notify', zone: zoneText, remote, serial, tries: this.tries };
  }
}
