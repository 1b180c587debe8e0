import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import type { Logger } from 'pino';
import type { Name } from '../wire/name.js';
import { formatName, lowerName, nameEquals } from '../wire/name.js';
import { encodeNotify, readNotifyReply, soaSerial } from './notify-message.js';
import type { SoaRecord } from './notify-message.js';
import { NotifyRound, globalTimers } from './notify-round.js';
import type { Timers } from './notify-round.js';
import { createUdpTransport, formatRemote } from './udp-transport.js';
import type { DatagramHandler, NotifyTarget, NotifyTransport } from './udp-transport.js';

/**
 * How long to wait for an answer after each try: tries at 0, 2, 6, 14 and 30 s, giving up at
 * 60 s. Five datagrams at most per secondary and serial, however long it stays silent. (RFC
 * 1996 §3.6 also stops on ICMP port unreachable; an unconnected UDP socket never hears of it.)
 */
export const DEFAULT_NOTIFY_RETRY_DELAYS_MS: readonly number[] = [2000, 4000, 8000, 16000, 30000];

const MAX_ID_DRAWS = 64;

export interface NotifierOptions {
  readonly log: Logger;
  /** Wait after try 1, 2, …; the length is the number of tries. Default above. */
  readonly retryDelaysMs?: readonly number[];
  readonly timers?: Timers;
  /** A 16-bit message ID; crypto-random by default, so an off-path sender cannot forge an ack. */
  readonly randomId?: () => number;
  /** Builds the transport around the notifier's datagram handler; UDP sockets by default. */
  readonly transport?: (receive: DatagramHandler) => NotifyTransport;
}

/**
 * Sends NOTIFY (RFC 1996) to secondaries and retries until each answers. There is at most one
 * round per zone and secondary: a newer serial supersedes the pending one.
 */
export class Notifier {
  private readonly log: Logger;
  private readonly delaysMs: readonly number[];
  private readonly timers: Timers;
  private readonly randomId: () => number;
  private readonly transport: NotifyTransport;
  /** Pending rounds by zone and remote, and by remote and message ID. */
  private readonly rounds = new Map<string, NotifyRound>();
  private readonly byId = new Map<string, NotifyRound>();
  private closed = false;

  constructor(options: NotifierOptions) {
    this.log = options.log;
    this.delaysMs = options.retryDelaysMs ?? DEFAULT_NOTIFY_RETRY_DELAYS_MS;
    if (this.delaysMs.length === 0 || this.delaysMs.some((d) => !(d >= 0))) {
      throw new RangeError(`bad notify retry delays: ${this.delaysMs.join(', ')}`);
    }
    this.timers = options.timers ?? globalTimers;
    this.randomId = options.randomId ?? (() => randomInt(0x10000));
    const receive: DatagramHandler = (bytes, from) => this.receive(bytes, from);
    this.transport = options.transport?.(receive) ?? createUdpTransport(receive, this.log);
  }

  /**
   * Starts a round for `soa`'s serial of `zone` to each target, replacing any pending round of
   * the same zone and target. Targets come from the operator's configuration, never from zone
   * data; each must be an IP address literal.
   */
  notify(zone: Name, soa: SoaRecord, targets: readonly NotifyTarget[]): void {
    const serial = soaSerial(soa.rdata);
    if (this.closed) {
      const zoneText = formatName(zone);
      this.log.debug({ op: 'notify', zone: zoneText, serial }, 'notify after close ignored');
      return;
    }
    const bad = targets.find((target) => isIP(target.host) === 0);
    if (bad) throw new TypeError(`notify target is not an IP address: ${bad.host}`);

    for (const target of targets) this.startRound(zone, soa, serial, target);
  }

  /** Rounds still waiting for an answer. */
  pending(): number {
    return this.rounds.size;
  }

  /** Cancels every pending round and closes the sockets. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const round of [...this.rounds.values()]) round.cancel();
    await this.transport.close();
  }

  private startRound(zone: Name, soa: SoaRecord, serial: number, target: NotifyTarget): void {
    const remote = formatRemote(target);
    const key = `${lowerName(zone).toString('latin1')} ${remote}`;
    // Drawn while a superseded round still holds its ID, so the new round gets another one.
    const id = this.unusedId(remote);
    this.rounds.get(key)?.supersede(serial);

    const idKey = `${remote}#${id}`;
    const round: NotifyRound = new NotifyRound({
      zone,
      zoneText: formatName(zone),
      serial,
      remote,
      packet: encodeNotify(id, zone, soa),
      delaysMs: this.delaysMs,
      send: (packet) => this.transport.send(packet, target),
      timers: this.timers,
      log: this.log,
      onEnd: () => {
        if (this.rounds.get(key) === round) this.rounds.delete(key);
        if (this.byId.get(idKey) === round) this.byId.delete(idKey);
      },
    });
    this.rounds.set(key, round);
    this.byId.set(idKey, round);
    round.start();
  }

  /**
   * RFC 1996 §3.6: the answer must come from the address and port we sent to, carry our ID
   * and echo our question. Anything else is a stray or spoofed datagram: debug, then dropped.
   */
  private receive(bytes: Buffer, from: NotifyTarget): void {
    const remote = formatRemote(from);
    const reply = readNotifyReply(bytes);
    if (!reply.ok) {
      this.log.debug({ op: 'notify', remote, reason: reply.reason }, 'notify reply ignored');
      return;
    }
    const round = this.byId.get(`${remote}#${reply.id}`);
    if (round === undefined) {
      const reason = 'no pending notify with this id to this address and port';
      this.log.debug({ op: 'notify', remote, id: reply.id, reason }, 'notify reply ignored');
      return;
    }
    if (!nameEquals(round.zone, reply.zone)) {
      const reason = `question names ${formatName(reply.zone)}`;
      this.log.debug({ op: 'notify', remote, id: reply.id, reason }, 'notify reply ignored');
      return;
    }
    round.answered(reply.rcode);
  }

  /**
   * A random ID that no other pending round to the same remote uses, so a reply names one
   * round. Only with tens of thousands of rounds pending to one remote can the draws run out;
   * the older round then no longer hears its answer and gives up after its tries.
   */
  private unusedId(remote: string): number {
    let id = 0;
    for (let draw = 0; draw < MAX_ID_DRAWS; draw++) {
      id = this.randomId() & 0xffff;
      if (!this.byId.has(`${remote}#${id}`)) break;
    }
    return id;
  }
}
