import type { Logger } from 'pino';
import type { Store, ZoneInfo } from '../store/store.js';
import type { Message } from '../wire/message.js';
import { MessageWriter, Section } from '../wire/message-writer.js';
import { formatName } from '../wire/name.js';
import type { ZoneRecord } from '../zone/record.js';

/** Sends one framed message; resolves when the transport can take more (backpressure). */
export type MessageSink = (message: Buffer) => Promise<void>;

// Records read from the snapshot per step; between steps the event loop serves other clients.
const READ_BATCH = 512;
const MAX_MESSAGE = 65535;

export interface TransferStats {
  readonly serial: number;
  readonly messages: number;
  readonly records: number;
  readonly bytes: number;
}

/**
 * Streams a zone as AXFR (RFC 5936): SOA first and last, records packed into as many messages
 * as needed (each up to 64 KiB, names compressed), the question in the first message only.
 * Records come from a read snapshot, so a refresh that commits mid-transfer is not seen and
 * memory stays flat however large the zone is.
 */
export async function streamAxfr(
  store: Store,
  zone: ZoneInfo,
  query: Message,
  send: MessageSink,
  isClosed: () => boolean,
): Promise<TransferStats> {
  const snapshot = store.openTransferSnapshot(zone.id);
  const stats = {
    serial: snapshot.soa.rdata.readUInt32BE(snapshot.soa.rdata.length - 20),
    messages: 0,
    records: 0,
    bytes: 0,
  };
  const question = query.questions[0]!;
  let writer = new MessageWriter(MAX_MESSAGE);
  writer.addQuestion(question);

  const flush = async (): Promise<void> => {
    const bytes = writer.finish({
      id: query.header.id,
      opcode: 0,
      aa: true,
      rd: query.header.rd,
      rcode: 0,
    });
    stats.messages++;
    stats.bytes += bytes.length;
    await send(Buffer.from(bytes));
    writer = new MessageWriter(MAX_MESSAGE);
  };
  const add = async (record: ZoneRecord): Promise<void> => {
    if (!writer.addRecord(Section.ANSWER, record.owner, record.type, record.ttl, record.rdata)) {
      await flush();
      if (!writer.addRecord(Section.ANSWER, record.owner, record.type, record.ttl, record.rdata)) {
        throw new Error(`record of ${formatName(record.owner)} does not fit in a message`);
      }
    }
    stats.records++;
  };

  try {
    await add(snapshot.soa);
    for (
      let batch = snapshot.next(READ_BATCH);
      batch.length > 0;
      batch = snapshot.next(READ_BATCH)
    ) {
      for (const record of batch) await add(record);
      if (isClosed()) throw new Error('client closed the connection');
      // Let queued UDP and TCP queries run between batches of a large transfer.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await add(snapshot.soa);
    await flush();
  } finally {
    snapshot.close();
  }
  return stats;
}

/** Logs a finished transfer the way operators read them; `log` already carries the remote. */
export function logTransfer(
  log: Logger,
  zone: ZoneInfo,
  stats: TransferStats,
  startedAt: number,
): void {
  log.info(
    {
      op: 'axfr',
      zone: formatName(zone.name),
      serial: stats.serial,
      messages: stats.messages,
      records: stats.records,
      bytes: stats.bytes,
      ms: Math.round(performance.now() - startedAt),
    },
    'outgoing transfer finished',
  );
}
