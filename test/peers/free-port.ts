import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

// Linux hands out outgoing source ports from 32768-60999; a name server listening inside that
// range can collide with a peer's own outgoing queries, so we stay below it.
const LOW = 20000;
const HIGH = 32767;
const ATTEMPTS = 50;

// Each vitest worker draws from its own slice. Two workers checking the same port at the same
// moment would both find it free, and knotd binds UDP with SO_REUSEPORT, so both of their
// peers could then start on it and share its queries.
const SLICES = 8;
const SLICE_SIZE = Math.floor((HIGH - LOW + 1) / SLICES);

// Ports already handed out by this process: two peers started back to back must not get the
// same port just because the first one has not bound it yet.
const handedOut = new Set<number>();

/**
 * Finds a port on 127.0.0.1 that is free for both UDP and TCP, as every DNS server needs both.
 * Another process may still take it before the caller binds it; the peer helpers retry their
 * start on "address in use" for that reason.
 */
export async function freePort(): Promise<number> {
  const slice = (Number(process.env.VITEST_POOL_ID ?? '1') - 1) % SLICES;
  const low = LOW + (Number.isInteger(slice) && slice >= 0 ? slice : 0) * SLICE_SIZE;

  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = low + Math.floor(Math.random() * SLICE_SIZE);
    if (handedOut.has(port)) continue;

    if ((await canBindTcp(port)) && (await canBindUdp(port))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(
    `no free loopback port in ${low}-${low + SLICE_SIZE - 1} after ${ATTEMPTS} tries`,
  );
}

function canBindTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

function canBindUdp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      // After a failed bind the socket may already be closed; closing again throws.
      try {
        socket.close();
      } catch {
        // nothing to release
      }
      resolve(false);
    });
    socket.bind({ port, address: '127.0.0.1', exclusive: true }, () => {
      socket.close(() => resolve(true));
    });
  });
}
