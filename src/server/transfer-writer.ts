import type { Message } from '../wire/message.js';
import { MessageWriter, Section } from '../wire/message-writer.js';
import { formatName } from '../wire/name.js';
import type { ZoneRecord } from '../zone/record.js';

/** Sends one framed message; resolves when the transport can take more (backpressure). */
export type MessageSink = (message: Buffer) => Promise<void>;

export interface TransferStats {
  readonly serial: number;
  readonly messages: number;
  readonly records: number;
  readonly bytes: number;
}

const MAX_MESSAGE = 65535;
// Records between two turns of the event loop, so other clients are served during a transfer.
const YIELD_EVERY = 512;

/**
 * Packs the records of a zone transfer (AXFR or IXFR) into as many messages as needed, each up
 * to 64 KiB with names compressed, the question in the first message only (RFC 5936 §2.2).
 */
export class TransferWriter {
  private writer = new MessageWriter(MAX_MESSAGE);
  private messages = 0;
  private records = 0;
  private bytes = 0;

  constructor(
    private readonly query: Message,
    private readonly send: MessageSink,
    private readonly isClosed: () => boolean,
  ) {
    this.writer.addQuestion(query.questions[0]!);
  }

  async add(record: ZoneRecord): Promise<void> {
    if (!this.tryAdd(record)) {
      await this.flush();
      if (!this.tryAdd(record)) {
        throw new Error(`record of ${formatName(record.owner)} does not fit in a message`);
      }
    }
    if (++this.records % YIELD_EVERY === 0) {
      if (this.isClosed()) throw new Error('client closed the connection');
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private tryAdd(r: ZoneRecord): boolean {
    return this.writer.addRecord(Section.ANSWER, r.owner, r.type, r.ttl, r.rdata);
  }

  /** Sends what is buffered; the last call ends the transfer. */
  async flush(): Promise<void> {
    const { header } = this.query;
    const bytes = this.writer.finish({
      id: header.id,
      opcode: 0,
      aa: true,
      rd: header.rd,
      rcode: 0,
    });
    this.messages++;
    this.bytes += bytes.length;
    this.writer = new MessageWriter(MAX_MESSAGE);
    await this.send(Buffer.from(bytes));
  }

  stats(serial: number): TransferStats {
    return { serial, messages: this.messages, records: this.records, bytes: this.bytes };
  }
}
