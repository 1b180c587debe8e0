import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { logTransfer, streamAxfr } from './axfr.js';
import { streamIxfr } from './ixfr.js';
import { dispatch } from './dispatch.js';
import type { DispatchContext } from './dispatch.js';
import type { PooledConnection } from './tcp-connection-pool.js';

// Two maximum-size messages: enough to keep a pipelining client busy, bounded per connection.
const MAX_PENDING_BYTES = 2 * 65537;

export interface TcpOptions {
  /** Close a connection that has sent nothing for this long (RFC 7766 §6.2.3). */
  readonly idleTimeoutMs: number;
  /**
   * Close a connection whose message is still incomplete this long after its first byte, so
   * a client trickling bytes cannot hold a connection forever; at most `idleTimeoutMs`.
   */
  readonly messageTimeoutMs: number;
}

/**
 * One client TCP connection (RFC 7766): 2-byte length framing, any number of queries in a row,
 * answered in order. A transfer streams with backpressure; queries that arrive meanwhile wait
 * their turn on this connection while other connections and UDP go on being served.
 *
 * Two clocks guard it: the socket's idle timeout between messages, and a deadline for each
 * message from its first byte to its last, which later bytes of the same message do not
 * extend. The deadline is suspended while we stop reading for backpressure.
 */
export class TcpConnection implements PooledConnection {
  /** Bytes of a message not yet complete. */
  private partial: Buffer = Buffer.alloc(0);
  /** Complete messages waiting for their answer, with their framed size in `queuedBytes`. */
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private answering = false;
  private paused = false;
  private closed = false;
  private peerEnded = false;
  private progressAt = performance.now();
  private messageTimer: NodeJS.Timeout | undefined;
  private readonly messageTimeoutMs: number;
  private readonly remote: string;
  private readonly log: Logger;

  constructor(
    private readonly socket: Socket,
    private readonly ctx: DispatchContext,
    private readonly store: Store,
    options: TcpOptions,
  ) {
    this.remote = socket.remoteAddress ?? 'unknown';
    this.log = ctx.log.child({ remote: this.remote, transport: 'tcp' });
    this.messageTimeoutMs = Math.min(options.messageTimeoutMs, options.idleTimeoutMs);
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs, () => {
      // An idle timeout during a transfer is the client not reading; drop it either way.
      this.log.debug('closing idle connection');
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      this.closed = true;
      this.stopMessageDeadline();
    });
    // A client may send its query and half-close at once (RFC 7766 §6.2.4 allows it); the
    // server socket is half-open capable, so we finish answering before closing our side.
    socket.on('end', () => {
      this.peerEnded = true;
      // What is left of a message can no longer be completed; it is simply not answered.
      this.stopMessageDeadline();
      if (!this.answering) socket.end();
    });
    socket.on('error', (err) => this.log.debug({ err: err.message }, 'connection error'));
  }

  get lastProgressAt(): number {
    return this.progressAt;
  }

  get isAnswering(): boolean {
    return this.answering;
  }

  evict(): void {
    const idleMs = Math.round(performance.now() - this.progressAt);
    this.log.debug(
      { idleMs, partialBytes: this.partial.length },
      'closing connection to make room for a new one',
    );
    this.socket.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    const completed = this.takeMessages(chunk);
    if (completed > 0) {
      this.progressAt = performance.now();
      this.stopMessageDeadline();
    }
    // The first byte of a new message starts its deadline; further bytes leave it alone.
    this.startMessageDeadline();
    // A client that pipelines faster than we answer is made to wait instead of filling memory.
    if (this.queuedBytes + this.partial.length > MAX_PENDING_BYTES) this.pause();
    if (!this.answering && this.queue.length > 0) void this.drainQueue();
  }

  /** Moves every complete message of `partial` + `chunk` to the queue; returns how many. */
  private takeMessages(chunk: Buffer): number {
    let data = this.partial.length === 0 ? chunk : Buffer.concat([this.partial, chunk]);
    let completed = 0;
    while (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
      const end = 2 + data.readUInt16BE(0);
      this.queue.push(data.subarray(2, end));
      this.queuedBytes += end;
      data = data.subarray(end);
      completed++;
    }
    this.partial = data;
    return completed;
  }

  private startMessageDeadline(): void {
    if (this.messageTimer || this.paused || this.peerEnded || this.partial.length === 0) return;
    this.messageTimer = setTimeout(() => {
      this.log.debug(
        { partialBytes: this.partial.length, timeoutMs: this.messageTimeoutMs },
        'closing connection: message not completed in time',
      );
      this.socket.destroy();
    }, this.messageTimeoutMs);
  }

  private stopMessageDeadline(): void {
    clearTimeout(this.messageTimer);
    this.messageTimer = undefined;
  }

  /** While paused the client cannot send the rest of a message, so its deadline waits too. */
  private pause(): void {
    this.paused = true;
    this.socket.pause();
    this.stopMessageDeadline();
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.socket.resume();
    this.startMessageDeadline();
  }

  /** Answers every queued message, one at a time. */
  private async drainQueue(): Promise<void> {
    this.answering = true;
    try {
      while (!this.closed) {
        const message = this.queue.shift();
        if (!message) break;
        this.queuedBytes -= 2 + message.length;
        await this.handle(message);
      }
    } catch (err) {
      this.log.error({ err }, 'failed to answer a tcp query; closing the connection');
      this.socket.destroy();
    } finally {
      this.answering = false;
      if (this.peerEnded) this.socket.end();
      else if (!this.closed) this.resume();
    }
  }

  private async handle(message: Buffer): Promise<void> {
    const reply = dispatch(this.ctx, message, 'tcp', this.remote);
    if (reply.kind === 'drop') return;
    if (reply.kind === 'message') {
      await this.send(reply.bytes);
      return;
    }
    const startedAt = performance.now();
    const isClosed = (): boolean => this.closed;
    const send = (m: Buffer): Promise<void> => this.send(m);
    try {
      if (reply.kind === 'axfr') {
        const stats = await streamAxfr(this.store, reply.zone, reply.query, send, isClosed);
        logTransfer(this.log, 'axfr', reply.zone, stats, startedAt);
      } else {
        const { zone, query, clientSerial } = reply;
        const stats = await streamIxfr(this.store, zone, query, clientSerial, send, isClosed);
        logTransfer(this.log, 'ixfr', zone, stats, startedAt, {
          from: clientSerial,
          plan: stats.plan,
        });
      }
    } catch (err) {
      // A client that hangs up mid-transfer is the client's business (debug); anything else,
      // such as a database error, is ours to look at.
      const level = this.closed ? 'debug' : 'warn';
      this.log[level]({ op: reply.kind, err: (err as Error).message }, 'outgoing transfer aborted');
      this.socket.destroy();
    }
  }

  /** Writes one length-prefixed message and waits for the socket buffer to drain if full. */
  private send(message: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    const prefix = Buffer.allocUnsafe(2);
    prefix.writeUInt16BE(message.length, 0);
    this.socket.write(prefix);
    if (this.socket.write(message)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        this.socket.off('close', onClose);
        resolve();
      };
      const onClose = (): void => {
        this.socket.off('drain', onDrain);
        reject(new Error('connection closed'));
      };
      this.socket.once('drain', onDrain);
      this.socket.once('close', onClose);
    });
  }
}
