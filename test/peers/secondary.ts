import { digAxfr, digSerial } from './dig.js';
import { waitFor } from './daemon.js';
import type { Peer } from './peer.js';
import { logTail } from './peer.js';

/** Where a secondary pulls its zones from. Loopback only, by rule of this repository. */
export interface PrimaryAddress {
  readonly address: '127.0.0.1';
  readonly port: number;
}

/** What every secondary helper takes. Zone names may omit the final dot; `.` is the root. */
export interface SecondaryOptions {
  readonly zones: readonly string[];
  readonly primary: PrimaryAddress;
}

/**
 * A real secondary (BIND, Knot or NSD) of a primary on loopback. It accepts NOTIFY from
 * 127.0.0.1 and allows AXFR to 127.0.0.1, which is how `dumpZone` reads its copy.
 */
export interface Secondary extends Peer {
  readonly kind: 'named' | 'knot' | 'nsd';
  /** The serial the secondary currently answers for `zone`, or null if it serves none. */
  serial(zone: string): Promise<number | null>;
  /**
   * Polls the secondary's SOA until its serial has reached `serial` (equal or newer in RFC
   * 1982 terms) and returns the serial seen; fails after `timeoutMs` or if the peer ends.
   */
  waitForSerial(zone: string, serial: number, timeoutMs?: number): Promise<number>;
  /** The secondary's copy of `zone`, transferred from it with dig: see `digAxfr`. */
  dumpZone(zone: string): Promise<string[]>;
  /** Asks the secondary, through its control tool, to check the primary's serial now. */
  refresh(zone: string): Promise<void>;
}

/** The zone name in the absolute form the peers' configs and dig use. */
export function absoluteZone(zone: string): string {
  return zone.endsWith('.') ? zone : `${zone}.`;
}

/** RFC 1982 §3.2: `a` equals `b` or is greater than it in serial number arithmetic. */
export function serialReached(a: number, b: number): boolean {
  const diff = (a - b + 2 ** 32) % 2 ** 32;
  return diff < 2 ** 31;
}

/** Builds the shared dig-based part of a secondary around a started peer. */
export function makeSecondary(
  kind: Secondary['kind'],
  peer: Peer,
  refresh: (zone: string) => Promise<void>,
): Secondary {
  const serial = (zone: string): Promise<number | null> =>
    digSerial('127.0.0.1', peer.port, absoluteZone(zone));

  return {
    kind,
    port: peer.port,
    pid: peer.pid,
    dir: peer.dir,
    exitStatus: () => peer.exitStatus(),
    log: () => peer.log(),
    stop: () => peer.stop(),
    serial,
    refresh,
    dumpZone: (zone) => digAxfr('127.0.0.1', peer.port, absoluteZone(zone)),
    waitForSerial: (zone, wanted, timeoutMs = 20_000) =>
      waitForSerial(kind, peer, serial, zone, wanted, timeoutMs),
  };
}

async function waitForSerial(
  kind: Secondary['kind'],
  peer: Peer,
  serial: (zone: string) => Promise<number | null>,
  zone: string,
  wanted: number,
  timeoutMs: number,
): Promise<number> {
  let last: number | null = null;
  const reached = async (): Promise<number | null> => {
    last = await serial(zone);
    return last !== null && serialReached(last, wanted) ? last : null;
  };

  try {
    return await waitFor(`${kind} secondary of ${zone} reaching serial ${wanted}`, reached, {
      timeoutMs,
      intervalMs: 200,
      daemon: peer,
    });
  } catch (error) {
    const seen = `last serial seen: ${last ?? 'none'}`;
    throw new Error(`${(error as Error).message}, ${seen}\n${logTail(peer.log())}`);
  }
}

/** Fails unless the primary is on loopback (the type says so; this guards casts and JS). */
export function assertLoopbackPrimary(primary: PrimaryAddress): void {
  if (primary.address !== '127.0.0.1') {
    throw new Error(`secondaries may only pull from 127.0.0.1, not ${String(primary.address)}`);
  }
}
