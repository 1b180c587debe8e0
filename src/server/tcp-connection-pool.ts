import type { Logger } from 'pino';

/** What the pool needs to know of a connection to choose one to close. */
export interface PooledConnection {
  /** When the connection opened or last completed a message, in `performance.now()` time. */
  readonly lastProgressAt: number;
  /** True while a reply or a zone transfer is being written; such a connection is kept. */
  readonly isAnswering: boolean;
  /** Closes the connection to make room for a new one. */
  evict(): void;
  /** Closes the connection at shutdown. */
  destroy(): void;
}

// A client hammering a full server must not flood the log.
const WARNING_INTERVAL_MS = 60_000;

// TODO: a connection being answered is never evicted, so a client allowed to transfer that
// reads an AXFR very slowly keeps its slot; a minimum transfer rate would close such readers.

/**
 * The open TCP connections of every listener, at most `limit` of them. When a new connection
 * arrives at the limit, the pool closes the one that has gone longest without completing a
 * message and is not answering, so slow or idle clients cannot lock out a secondary
 * (RFC 7766 §6.2.3 and §10 let a server under pressure close idle connections). Only when
 * every connection is writing a reply or transfer is the newcomer turned away.
 */
export class TcpConnectionPool {
  private readonly open = new Set<PooledConnection>();
  private evicted = 0;
  private dropped = 0;
  private lastWarningAt = -Infinity;

  constructor(
    private readonly limit: number,
    private readonly log: Logger,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.open.size;
  }

  /**
   * Makes room for a connection from `remote`, closing another one if need be. False means
   * every connection is busy and the newcomer must be closed instead.
   */
  makeRoom(remote: string | undefined): boolean {
    if (this.open.size < this.limit) return true;

    const victim = this.leastUseful();
    if (victim) {
      this.open.delete(victim);
      victim.evict();
      this.evicted++;
    } else {
      this.log.debug({ remote }, 'closing new tcp connection: every connection is answering');
      this.dropped++;
    }
    this.warnLimitReached(remote);
    return victim !== undefined;
  }

  add(connection: PooledConnection): void {
    this.open.add(connection);
  }

  remove(connection: PooledConnection): void {
    this.open.delete(connection);
  }

  /** Closes every connection: stopping must not wait for clients that keep one open. */
  closeAll(): void {
    for (const connection of this.open) connection.destroy();
    this.open.clear();
  }

  /** The connection not answering that has gone longest without completing a message. */
  private leastUseful(): PooledConnection | undefined {
    let victim: PooledConnection | undefined;
    for (const connection of this.open) {
      if (connection.isAnswering) continue;
      if (!victim || connection.lastProgressAt < victim.lastProgressAt) victim = connection;
    }
    return victim;
  }

  private warnLimitReached(remote: string | undefined): void {
    if (this.now() - this.lastWarningAt < WARNING_INTERVAL_MS) return;
    this.log.warn(
      { remote, limit: this.limit, evicted: this.evicted, dropped: this.dropped },
      'tcp connection limit reached; closing slow connections',
    );
    this.lastWarningAt = this.now();
    this.evicted = 0;
    this.dropped = 0;
  }
}
