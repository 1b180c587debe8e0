import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { SocketAddress, isIP } from 'node:net';
import type { Logger } from 'pino';

/** A secondary to notify: an IP address literal (never a host name) and a port. */
export interface NotifyTarget {
  readonly host: string;
  readonly port: number;
}

/** Called for every datagram that reaches a notifier socket, whoever sent it. */
export type DatagramHandler = (bytes: Buffer, from: NotifyTarget) => void;

/** How the notifier reaches secondaries; the UDP one below, or a fake in tests. */
export interface NotifyTransport {
  /** Resolves once the datagram is handed to the kernel; rejects if it could not be. */
  send(bytes: Buffer, to: NotifyTarget): Promise<void>;
  close(): Promise<void>;
}

type Family = 'udp4' | 'udp6';

/**
 * One UDP socket per address family, each bound on first use to an ephemeral port on the
 * wildcard address, so the kernel picks the source address a secondary expects (127.0.0.1
 * towards loopback). Replies come back to the same socket and go to `receive`.
 */
export function createUdpTransport(receive: DatagramHandler, log: Logger): NotifyTransport {
  const sockets = new Map<Family, Socket>();

  const socketFor = (family: Family): Socket => {
    const existing = sockets.get(family);
    if (existing) return existing;
    // ipv6Only keeps IPv4 replies off the IPv6 socket, so every address has one form.
    const socket = createSocket({ type: family, ipv6Only: family === 'udp6', lookup: noLookup });
    socket.on('message', (bytes, rinfo) =>
      receive(bytes, { host: rinfo.address, port: rinfo.port }),
    );
    socket.on('error', (err) => {
      // A failed bind (no IPv6 on this host, say): drop the socket; the next send retries.
      log.warn({ op: 'notify', family, err }, 'notify socket failed');
      if (sockets.get(family) === socket) sockets.delete(family);
      try {
        socket.close();
      } catch {
        // already closed
      }
    });
    socket.bind({ port: 0, address: family === 'udp6' ? '::' : '0.0.0.0' });
    sockets.set(family, socket);
    return socket;
  };

  return {
    send(bytes, to) {
      const version = isIP(to.host);
      if (version === 0) return Promise.reject(new Error(`not an IP address: ${to.host}`));
      const socket = socketFor(version === 6 ? 'udp6' : 'udp4');
      return new Promise((resolve, reject) => {
        socket.send(bytes, to.port, to.host, (err) => (err ? reject(err) : resolve()));
      });
    },
    async close() {
      const open = [...sockets.values()];
      sockets.clear();
      await Promise.all(open.map((s) => new Promise<void>((done) => s.close(() => done()))));
    },
  };
}

// Targets are address literals; a name reaching dgram would otherwise be resolved, and the
// notifier must only ever send where the operator pointed it.
function noLookup(
  hostname: string,
  _options: unknown,
  callback: (err: Error | null, address: string, family: number) => void,
): void {
  const family = isIP(hostname);
  if (family === 0) callback(new Error(`not an IP address: ${hostname}`), '', 0);
  else callback(null, hostname, family);
}

/**
 * `addr:port` for IPv4, `[addr]:port` for IPv6, with the address in canonical form so a target
 * written `0:0:0:0:0:0:0:1` matches replies from `::1`.
 */
export function formatRemote(target: NotifyTarget): string {
  const version = isIP(target.host);
  if (version !== 6) return `${target.host}:${target.port}`;
  const canonical = new SocketAddress({ address: target.host, family: 'ipv6' }).address;
  return `[${canonical}]:${target.port}`;
}
