import type { Logger } from 'pino';
import type { Store, ZoneInfo } from '../store/store.js';
import type { TransferSnapshot } from '../store/transfer-snapshot.js';
import type { Message } from '../wire/message.js';
import { formatName } from '../wire/name.js';
import { TransferWriter } from './transfer-writer.js';
import type { MessageSink, TransferStats } from './transfer-writer.js';

export type { MessageSink, TransferStats } from './transfer-writer.js';

// TODO: every AXFR encodes the zone anew from SQLite; caching the encoded messages per serial
// would make repeated transfers of a large zone several times cheaper (the design aims at half of Knot's AXFR time).
/**
 * Streams a zone as AXFR (RFC 5936): SOA first and last, every other record between. Records
 * come from a read snapshot, so a refresh that commits mid-transfer is not seen and memory
 * stays flat however large the zone is.
 */
export async function streamAxfr(
  store: Store,
  zone: ZoneInfo,
  query: Message,
  send: MessageSink,
  isClosed: () => boolean,
): Promise<TransferStats> {
  const snapshot = store.openTransferSnapshot(zone.id);
  try {
    const out = new TransferWriter(query, send, isClosed);
    await writeFullZone(snapshot, out);
    await out.flush();
    return out.stats(snapshot.serial);
  } finally {
    snapshot.close();
  }
}

/** SOA, all records, SOA: the body of an AXFR, and of an IXFR that falls back to one. */
export async function writeFullZone(
  snapshot: TransferSnapshot,
  out: TransferWriter,
): Promise<void> {
  await out.add(snapshot.soa);
  for (const record of snapshot.records()) await out.add(record);
  await out.add(snapshot.soa);
}

/** Logs a finished transfer the way operators read them; `log` already carries the remote. */
export function logTransfer(
  log: Logger,
  op: 'axfr' | 'ixfr',
  zone: ZoneInfo,
  stats: TransferStats,
  startedAt: number,
  detail: Record<string, unknown> = {},
): void {
  log.info(
    {
      op,
      zone: formatName(zone.name),
      serial: stats.serial,
      messages: stats.messages,
      records: stats.records,
      bytes: stats.bytes,
      ms: Math.round(performance.now() - startedAt),
      ...detail,
    },
    'outgoing transfer finished',
  );
}
