import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket as UdpSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { Server as TcpServer } from 'node:net';
import { isIPv6 } from 'node:net';
import { ListenError } from '../errors.js';
import type { Store } from '../store/store.js';
import { decodeHeader, HEADER_SIZE, Rcode } from '../wire/message.js';
import { MessageWriter } from '../wire/message-writer.js';
import { dispatch } from './dispatch.js';
import type { DispatchContext } from './dispatch.js';
import { TcpConnection } from './tcp-connection.js';
import type { TcpOptions } from './tcp-connection.js';
import { TcpConnectionPool } from './tcp-connection-pool.js';

export interface ListenAddress {
  readonly host: string;
  /** 0 picks a free port; UDP then binds the same port TCP got. */
  readonly port: number;
}

/** Default of `ServerOptions.tcpMessageTimeoutMs`. */
export const DEFAULT_TCP_MESSAGE_TIMEOUT_MS = 5_000;

export interface ServerOptions {
  readonly listen: readonly ListenAddress[];
  /**
   * Open TCP connections at most, over all listen addresses. At the limit a new connection
   * closes the slowest one that is not answering, or is closed itself if all are.
   */
  readonly maxTcpConnections: number;
  readonly tcpIdleTimeoutMs: number;
  /**
   * Time for the whole of one TCP message once its first byte arrived (capped at the idle
   * timeout); `DEFAULT_TCP_MESSAGE_TIMEOUT_MS` when not given.
   */
  readonly tcpMessageTimeoutMs?: number;
}

export interface RunningServer {
  /** The addresses actually bound, with the chosen port when 0 was asked for. */
  readonly addresses: readonly ListenAddress[];
  close(): Promise<void>;
}

/** Opens UDP and TCP listeners on every address and answers from `ctx`. */
export async function startDnsServer(
  ctx: DispatchContext,
  store: Store,
  options: ServerOptions,
): Promise<RunningServer> {
  const udpSockets: UdpSocket[] = [];
  const tcpServers: TcpServer[] = [];
  const connections = new TcpConnectionPool(options.maxTcpConnections, ctx.log);
  const addresses: ListenAddress[] = [];
  const closeAll = async (): Promise<void> => {
    const closed = Promise.all([
      ...udpSockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
      ...tcpServers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
    ]);
    // A TCP server only reports closed once its connections are gone, and a client may keep
    // one open for as long as it likes: stopping must not wait for the clients.
    connections.closeAll();
    await closed;
  };

  try {
    for (const address of options.listen) {
      const tcp = await listenTcp(ctx, store, address, options, connections);
      tcpServers.push(tcp.server);
      const bound = { host: address.host, port: tcp.port };
      udpSockets.push(await listenUdp(ctx, bound));
      addresses.push(bound);
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  return { addresses, close: closeAll };
}

function listenTcp(
  ctx: DispatchContext,
  store: Store,
  address: ListenAddress,
  options: ServerOptions,
  connections: TcpConnectionPool,
): Promise<{ server: TcpServer; port: number }> {
  const tcpOptions: TcpOptions = {
    idleTimeoutMs: options.tcpIdleTimeoutMs,
    messageTimeoutMs: options.tcpMessageTimeoutMs ?? DEFAULT_TCP_MESSAGE_TIMEOUT_MS,
  };
  // No `server.maxConnections`: it would turn the newcomer away, however slow the others are.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    if (!connections.makeRoom(socket.remoteAddress)) {
      socket.destroy();
      return;
    }
    const connection = new TcpConnection(socket, ctx, store, tcpOptions);
    connections.add(connection);
    socket.once('close', () => connections.remove(connection));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(listenError(address, err)));
    server.listen({ host: address.host, port: address.port, exclusive: true }, () => {
      server.removeAllListeners('error');
      server.on('error', (err) => ctx.log.error({ err }, 'tcp listener error'));
      const bound = server.address();
      resolve({ server, port: typeof bound === 'object' && bound ? bound.port : address.port });
    });
  });
}

function listenUdp(ctx: DispatchContext, address: ListenAddress): Promise<UdpSocket> {
  const socket = createSocket({ type: isIPv6(address.host) ? 'udp6' : 'udp4' });
  socket.on('message', (msg, rinfo) => answerUdp(ctx, socket, msg, rinfo));
  return new Promise((resolve, reject) => {
    socket.once('error', (err) => reject(listenError(address, err)));
    socket.bind({ address: address.host, port: address.port, exclusive: true }, () => {
      socket.removeAllListeners('error');
      socket.on('error', (err) => ctx.log.error({ err }, 'udp socket error'));
      resolve(socket);
    });
  });
}

/**
 * Answers one datagram on `socket`. Exported for tests: it must never throw, because an
 * exception in a socket's 'message' listener ends the process.
 */
export function answerUdp(
  ctx: DispatchContext,
  socket: UdpSocket,
  msg: Buffer,
  rinfo: RemoteInfo,
): void {
  // Source port 0 cannot be replied to (dgram's send throws for it); such a datagram is forged
  // or broken, so it is dropped before any work is done.
  if (rinfo.port === 0) return;
  let bytes: Buffer;
  try {
    const reply = dispatch(ctx, msg, 'udp', rinfo.address);
    if (reply.kind !== 'message') return;
    bytes = reply.bytes;
  } catch (err) {
    // A bug of ours must cost one SERVFAIL, never the process.
    ctx.log.error({ err, remote: rinfo.address }, 'failed to answer a udp query');
    if (msg.length < HEADER_SIZE) return;
    const header = decodeHeader(msg);
    bytes = new MessageWriter(512).finish({
      id: header.id,
      opcode: header.opcode,
      aa: false,
      rd: header.rd,
      rcode: Rcode.SERVFAIL,
    });
  }
  socket.send(bytes, rinfo.port, rinfo.address);
}

function listenError(address: ListenAddress, err: NodeJS.ErrnoException): ListenError {
  const where = isIPv6(address.host)
    ? `[${address.host}]:${address.port}`
    : `${address.host}:${address.port}`;
  const reason =
    err.code === 'EADDRINUSE'
      ? 'address already in use'
      : err.code === 'EADDRNOTAVAIL'
        ? 'address not available on this machine'
        : err.code === 'EACCES'
          ? 'permission denied'
          : err.message;
  return new ListenError(where, reason);
}
