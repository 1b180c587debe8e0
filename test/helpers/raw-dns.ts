import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { decodeMessage } from '../../src/wire/message.js';
import type { Message, WireRecord } from '../../src/wire/message.js';
import { formatName, parseName } from '../../src/wire/name.js';
import { rdataToText } from '../../src/wire/rdata.js';
import { typeToMnemonic } from '../../src/wire/rr-types.js';

// A safety rule of this repository: test traffic goes to loopback only, so the helpers here
// take a port and never an address.
const LOOPBACK = '127.0.0.1';

/** The parts of a query the tests vary; everything else is a plain RD=0 IN query. */
export interface QuerySpec {
  readonly name: string;
  readonly type: number;
  readonly id?: number;
  readonly opcode?: number;
  readonly qclass?: number;
  readonly rd?: boolean;
  /** Adds an OPT record (RFC 6891) offering this payload size, with version 0 by default. */
  readonly edns?: {
    readonly udpSize: number;
    readonly version?: number;
    readonly dnssecOk?: boolean;
  };
}

/** Encodes a query by hand, so tests control every header bit and section. */
export function encodeQuery(spec: QuerySpec): Buffer {
  const name = parseName(spec.name.endsWith('.') ? spec.name : `${spec.name}.`, null);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(spec.id ?? 0x1234, 0);
  header.writeUInt16BE((((spec.opcode ?? 0) & 0xf) << 11) | (spec.rd ? 0x0100 : 0), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(spec.edns ? 1 : 0, 10);
  const question = Buffer.alloc(4);
  question.writeUInt16BE(spec.type, 0);
  question.writeUInt16BE(spec.qclass ?? 1, 2);
  const parts = [header, name, question];
  if (spec.edns) {
    parts.push(optRecord(spec.edns.udpSize, spec.edns.version ?? 0, spec.edns.dnssecOk));
  }
  return Buffer.concat(parts);
}

/** An OPT pseudo-record: root owner, type 41, class = payload size, TTL = version and DO. */
export function optRecord(udpSize: number, version = 0, dnssecOk = false): Buffer {
  const opt = Buffer.alloc(11);
  opt.writeUInt16BE(41, 1);
  opt.writeUInt16BE(udpSize, 3);
  opt.writeUInt32BE(((version & 0xff) << 16) | (dnssecOk ? 0x8000 : 0), 5);
  return opt;
}

/** Sends one datagram to our server on loopback; resolves with the reply, or null on timeout. */
export function sendUdp(port: number, message: Buffer, timeoutMs = 1500): Promise<Buffer | null> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(null), timeoutMs);
    const finish = (reply: Buffer | null): void => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    };
    socket.once('message', (reply) => finish(reply));
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
    socket.send(message, port, LOOPBACK);
  });
}

/** One record of a reply as `owner ttl TYPE rdata`, owner lower-cased, names absolute. */
export function recordText(record: WireRecord): string {
  const owner = formatName(record.owner).toLowerCase();
  const type = typeToMnemonic(record.type);
  return `${owner} ${record.ttl} ${type} ${rdataToText(record.type, record.rdata)}`;
}

/** A decoded reply with its records as text, the OPT record left out of `additional`. */
export interface Reply {
  readonly message: Message;
  readonly size: number;
  /** The full RCODE: header bits plus the OPT extension (RFC 6891 §6.1.3). */
  readonly rcode: number;
  readonly answer: string[];
  readonly authority: string[];
  readonly additional: string[];
}

export function readReply(bytes: Buffer): Reply {
  const message = decodeMessage(bytes);
  const opt = message.additional.find((r) => r.type === 41);
  const extended = opt ? (opt.ttl >>> 24) & 0xff : 0;
  return {
    message,
    size: bytes.length,
    rcode: (extended << 4) | message.header.rcode,
    answer: message.answers.map(recordText),
    authority: message.authority.map(recordText),
    additional: message.additional.filter((r) => r.type !== 41).map(recordText),
  };
}

/** Sends `spec` over UDP and decodes the answer; fails the test when none comes. */
export async function queryUdp(port: number, spec: QuerySpec): Promise<Reply> {
  const bytes = await sendUdp(port, encodeQuery(spec));
  if (bytes === null) throw new Error(`no UDP reply to ${spec.name}/${spec.type}`);
  return readReply(bytes);
}

/** Sends `spec` over a fresh TCP connection and decodes the answer. */
export async function queryTcp(port: number, spec: QuerySpec): Promise<Reply> {
  const client = await DnsTcpClient.connect(port);
  try {
    client.send(encodeQuery(spec));
    return readReply(await client.receive());
  } finally {
    client.destroy();
  }
}

/**
 * A DNS-over-TCP client (RFC 7766 framing) that exposes what dig hides: each message of a
 * reply stream on its own, pausing the reader, half-closing, and noticing the server close.
 */
export class DnsTcpClient {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly messages: Buffer[] = [];
  private waiter: (() => void) | undefined;
  private ended = false;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // The socket is half-open capable, so the server closing its side shows as 'end' alone.
    this.closed = new Promise((resolve) => {
      const onGone = (): void => {
        this.ended = true;
        this.wake();
        resolve();
      };
      socket.once('end', onGone);
      socket.once('close', onGone);
    });
    // A reset by the server is an outcome the tests look at, not an unhandled error.
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<DnsTcpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: LOOPBACK, port, allowHalfOpen: true });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new DnsTcpClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Writes one message with its 2-byte length prefix. */
  send(message: Buffer): void {
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(message.length, 0);
    this.socket.write(Buffer.concat([prefix, message]));
  }

  /** The next whole message; rejects when the connection closes or nothing comes in time. */
  async receive(timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const next = this.messages.shift();
      if (next) return next;
      if (this.ended) throw new Error('connection closed before a whole message arrived');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Writes bytes as they are, for framing that is split or wrong on purpose. */
  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Stops reading: the kernel buffers fill and the server's writes stall. */
  pauseReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    this.socket.resume();
  }

  /** Sends FIN after what was written; the read side stays open (RFC 7766 §6.2.4 allows it). */
  halfClose(): void {
    this.socket.end();
  }

  /** True when the server closed (or half-closed) the connection within `timeoutMs`. */
  async closesWithin(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([this.closed.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 2) {
      const length = this.buffered.readUInt16BE(0);
      if (this.buffered.length < 2 + length) break;
      this.messages.push(Buffer.from(this.buffered.subarray(2, 2 + length)));
      this.buffered = this.buffered.subarray(2 + length);
    }
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}

/**
 * Reads the messages of one AXFR reply stream (RFC 5936 §2.2): up to and including the message
 * that holds the closing SOA, or the first message if it carries an error RCODE.
 */
export async function receiveAxfr(client: DnsTcpClient, timeoutMs = 20_000): Promise<Buffer[]> {
  const messages: Buffer[] = [];
  let soas = 0;
  for (;;) {
    const bytes = await client.receive(timeoutMs);
    messages.push(bytes);
    const message = decodeMessage(bytes);
    if (message.header.rcode !== 0) return messages;
    soas += message.answers.filter((r) => r.type === 6).length;
    if (soas >= 2) return messages;
  }
}
