import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect, isIPv6 } from 'node:net';
import { WireFormatError } from '../wire/errors.js';
import { decodeMessage } from '../wire/message.js';
import type { Message } from '../wire/message.js';
import { MessageWriter } from '../wire/message-writer.js';
import type { Name } from '../wire/name.js';
import { nameEquals } from '../wire/name.js';
import { addressBytes } from '../wire/ip-address.js';

export interface UpstreamServer {
  readonly host: string;
  readonly port: number;
}

export interface QueryOptions {
  readonly timeoutMs: number;
}

const OUR_PAYLOAD = 1232;

/** Builds a recursive query (RD set) with EDNS(0) and a random ID. */
export function encodeQuery(id: number, name: Name, type: number): Buffer {
  const writer = new MessageWriter(512);
  writer.reserveEdns(OUR_PAYLOAD);
  writer.addQuestion({ name, type, class: 1 });
  return Buffer.from(writer.finish({ id, qr: false, opcode: 0, aa: false, rd: true, rcode: 0 }));
}

/**
 * Sends one query to one upstream server over UDP and, when the answer comes back truncated,
 * again over TCP. Answers are matched on ID and question so that a spoofed or stray datagram
 * is ignored rather than believed.
 */
export async function queryUpstream(
  server: UpstreamServer,
  name: Name,
  type: number,
  options: QueryOptions,
): Promise<Message> {
  const id = randomInt(0, 0x10000);
  const query = encodeQuery(id, name, type);
  const udp = await queryUdp(server, query, id, name, type, options.timeoutMs);
  if (!udp.header.tc) return udp;
  return queryTcp(server, query, id, name, type, options.timeoutMs);
}

function matches(reply: Message, id: number, name: Name, type: number): boolean {
  const q = reply.questions[0];
  return (
    reply.header.qr && reply.header.id === id && !!q && q.type === type && nameEquals(q.name, name)
  );
}

/** Settles an exchange once: the first of an answer, an error or the deadline wins. */
type Settle = (err: Error | null, reply?: Message) => void;

function exchange(
  timeoutMs: number,
  what: string,
  cleanup: () => void,
  start: (settle: Settle) => void,
): Promise<Message> {
  return new Promise<Message>((resolve, reject) => {
    let settled = false;
    const settle: Settle = (err, reply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      cleanup();
      if (err) reject(err);
      else resolve(reply!);
    };
    const timer = setTimeout(
      () => settle(new Error(`timed out after ${timeoutMs} ms${what}`)),
      timeoutMs,
    );
    start(settle);
  });
}

function queryUdp(
  server: UpstreamServer,
  query: Buffer,
  id: number,
  name: Name,
  type: number,
  timeoutMs: number,
): Promise<Message> {
  // TODO: a socket per query costs a bind and a close each time (most of the refresher's CPU
  // in bench/refresh-aliases.mjs); a small pool of sockets with ID matching would be cheaper.
  const socket = createSocket(isIPv6(server.host) ? 'udp6' : 'udp4');
  return exchange(
    timeoutMs,
    '',
    () => socket.close(),
    (settle) => {
      socket.on('error', (err) => settle(err));
      socket.on('message', (msg, rinfo) => {
        // Only the server we asked may answer: same address and port (RFC 5452 §4).
        if (rinfo.port !== server.port || !sameAddress(rinfo.address, server.host)) return;
        try {
          const reply = decodeMessage(msg);
          if (matches(reply, id, name, type)) settle(null, reply);
        } catch (err) {
          if (!(err instanceof WireFormatError)) throw err;
          // A garbled datagram is not an answer; keep waiting for the real one.
        }
      });
      socket.send(query, server.port, server.host);
    },
  );
}

function sameAddress(a: string, b: string): boolean {
  const bytesA = addressBytes(a);
  const bytesB = addressBytes(b);
  return !!bytesA && !!bytesB && bytesA.equals(bytesB);
}

function queryTcp(
  server: UpstreamServer,
  query: Buffer,
  id: number,
  name: Name,
  type: number,
  timeoutMs: number,
): Promise<Message> {
  const socket = connect({ host: server.host, port: server.port });
  let received = Buffer.alloc(0);
  return exchange(
    timeoutMs,
    ' (tcp)',
    () => socket.destroy(),
    (settle) => {
      socket.on('error', (err) => settle(err));
      socket.on('connect', () => {
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(query.length, 0);
        socket.write(Buffer.concat([prefix, query]));
      });
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;
        try {
          const reply = decodeMessage(received.subarray(2, 2 + received.readUInt16BE(0)));
          if (matches(reply, id, name, type)) settle(null, reply);
          else settle(new Error('tcp answer does not match the query'));
        } catch (err) {
          settle(err as Error);
        }
      });
    },
  );
}
