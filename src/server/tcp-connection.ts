import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { logTransfer, streamAxfr } from './axfr.js';
import { streamIxfr } from './ixfr.js';
import { dispatch } from './dispatch.js';
import type { DispatchContext } from './dispatch.js';

// Two maximum-size messages: enough to keep a pipelining client busy, bounded per connection.
const MAX_PENDING_BYTES = 2 * 65537;

export interface TcpOptions {
  /** Close a connection that has sent nothing for this long (RFC 7766 §6.2.3). */
  readonly idleTimeoutMs: number;
}

/**
 * One client TCP connection (RFC 7766): 2-byte length framing, any number of queries in a row,
 * answered in order. A transfer streams with backpressure; queries that arrive meanwhile wait
 * their turn on this connection while other connections and UDP go on being served.
 */
export class TcpConnection {
  private pending: Buffer = Buffer.alloc(0);
  private busy = false;
  private closed = false;
  private peerEnded = false;
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
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs, () => {
      // An idle timeout during a transfer is the client not reading; drop it either way.
      this.log.debug('closing idle connection');
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => (this.closed = true));
    // A client may send its query and half-close at once (RFC 7766 §6.2.4 allows it); the
    // server socket is half-open capable, so we finish answering before closing our side.
    socket.on('end', () => {
      this.peerEnded = true;
      if (!this.busy) socket.end();
    });
    socket.on('error', (err) => this.log.debug({ err: err.message }, 'connection error'));
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    // A client that pipelines faster than we answer is made to wait instead of filling memory.
    if (this.pending.length > MAX_PENDING_BYTES) this.socket.pause();
    if (!this.busy) void this.drainQueue();
  }

  /** Answers every complete message in the buffer, one at a time. */
  private async drainQueue(): Promise<void> {
    this.busy = true;
    try {
      while (!this.closed && this.pending.length >= 2) {
        const length = this.pending.readUInt16BE(0);
        if (this.pending.length < 2 + length) break;
        const message = this.pending.subarray(2, 2 + length);
        this.pending = this.pending.subarray(2 + length);
        await this.handle(message);
      }
    } catch (err) {
      this.log.error({ err }, 'failed to answer a tcp query; closing the connection');
      this.socket.destroy();
    } finally {
      this.busy = false;
      if (this.peerEnded) this.socket.end();
      else if (!this.closed) this.socket.resume();
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
