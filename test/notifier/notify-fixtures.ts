import { pino } from 'pino';
import type { Logger } from 'pino';
import type { SoaRecord } from '../../src/notifier/notify-message.js';
import type {
  DatagramHandler,
  NotifyTarget,
  NotifyTransport,
} from '../../src/notifier/udp-transport.js';
import { Opcode, Rcode } from '../../src/wire/message.js';
import { MessageWriter } from '../../src/wire/message-writer.js';
import type { Name } from '../../src/wire/name.js';
import { parseName } from '../../src/wire/name.js';

/** One JSON line pino wrote, with the fields the notifier's lines carry. */
export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export const LEVEL = { debug: 20, info: 30, warn: 40 } as const;

/** A real pino logger at debug level whose lines the test can read and wait for. */
export function captureLog(): {
  log: Logger;
  lines: LogLine[];
  /** The next line with one of these messages; rejects after `timeoutMs`. */
  next(msgs: string | readonly string[], timeoutMs?: number): Promise<LogLine>;
} {
  const lines: LogLine[] = [];
  const waiters: Array<{ msgs: readonly string[]; resolve: (line: LogLine) => void }> = [];
  const stream = {
    write(text: string): void {
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.msgs.includes(line.msg))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    },
  };
  const next = (msgs: string | readonly string[], timeoutMs = 10_000): Promise<LogLine> =>
    new Promise((resolve, reject) => {
      const wanted = typeof msgs === 'string' ? [msgs] : msgs;
      const timer = setTimeout(
        () => reject(new Error(`no ${wanted.join('/')} log line`)),
        timeoutMs,
      );
      waiters.push({
        msgs: wanted,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  return { log: pino({ level: 'debug' }, stream), lines, next };
}

/** The lines with a given message. */
export function linesWith(lines: readonly LogLine[], msg: string): LogLine[] {
  return lines.filter((l) => l.msg === msg);
}

export const ZONE: Name = parseName('example.test.', null);

/** An SOA record of `example.test.` (or `zone`) at `serial`. */
export function soaAt(serial: number, zone: Name = ZONE): SoaRecord {
  const fixed = Buffer.alloc(20);
  [serial, 3600, 600, 86400, 300].forEach((value, i) => fixed.writeUInt32BE(value, 4 * i));
  const rdata = Buffer.concat([parseName('ns1', zone), parseName('hostmaster', zone), fixed]);
  return { owner: zone, ttl: 3600, rdata };
}

/** A NOTIFY response as a secondary would build it; every part can be varied. */
export function notifyResponse(spec: {
  id: number;
  zone?: Name;
  type?: number;
  opcode?: number;
  qr?: boolean;
  rcode?: number;
}): Buffer {
  const writer = new MessageWriter(512);
  writer.addQuestion({ name: spec.zone ?? ZONE, type: spec.type ?? 6, class: 1 });
  return Buffer.from(
    writer.finish({
      id: spec.id,
      qr: spec.qr ?? true,
      opcode: spec.opcode ?? Opcode.NOTIFY,
      aa: true,
      rd: false,
      rcode: spec.rcode ?? Rcode.NOERROR,
    }),
  );
}

/** A datagram the notifier sent, with the (fake) time it was sent at. */
export interface SentDatagram {
  readonly bytes: Buffer;
  readonly to: NotifyTarget;
  readonly at: number;
}

/** A transport that records what is sent and lets the test deliver replies by hand. */
export class FakeTransport implements NotifyTransport {
  readonly sent: SentDatagram[] = [];
  closed = false;
  private receive: DatagramHandler = () => {};

  /** For NotifierOptions.transport. */
  readonly factory = (receive: DatagramHandler): NotifyTransport => {
    this.receive = receive;
    return this;
  };

  /** When set, every send is recorded and then fails with this error. */
  failWith: Error | undefined;

  send(bytes: Buffer, to: NotifyTarget): Promise<void> {
    this.sent.push({ bytes: Buffer.from(bytes), to, at: Date.now() });
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** Delivers a datagram as if `from` had sent it. */
  deliver(bytes: Buffer, from: NotifyTarget): void {
    this.receive(bytes, from);
  }

  /** Datagrams sent to one target. */
  sentTo(target: NotifyTarget): SentDatagram[] {
    return this.sent.filter((d) => d.to.host === target.host && d.to.port === target.port);
  }
}
