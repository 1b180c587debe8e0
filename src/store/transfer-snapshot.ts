import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { DatabaseError } from '../errors.js';
import type { ZoneRecord } from '../zone/record.js';

const SOA = 6;

/**
 * A consistent view of one zone's published records at one serial, for AXFR. It holds a read
 * transaction on a connection of its own: in WAL mode the writer goes on committing while the
 * transfer reads the state as it was when the snapshot opened, and records are read row by row
 * so memory does not grow with the size of the zone.
 */
export class TransferSnapshot {
  private finished = false;

  private constructor(
    private readonly db: Database,
    readonly soa: ZoneRecord,
    private readonly rows: IterableIterator<unknown[]>,
  ) {}

  static open(path: string, zoneId: number): TransferSnapshot {
    const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      db.exec('BEGIN');
      const soa = db
        .prepare(
          `SELECT owner, type, ttl, rdata FROM published_records WHERE zone_id = ? AND type = ?`,
        )
        .get(zoneId, SOA) as ZoneRecord | undefined;
      if (!soa) throw new DatabaseError(`zone ${zoneId} has no published SOA record`);
      const rows = db
        .prepare(
          `SELECT owner, type, ttl, rdata
             FROM published_records
            WHERE zone_id = ? AND type != ?
            ORDER BY owner_key, type`,
        )
        .raw()
        .iterate(zoneId, SOA) as IterableIterator<unknown[]>;
      return new TransferSnapshot(db, soa, rows);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** Up to `max` further records, or an empty array once the zone is exhausted. */
  next(max: number): ZoneRecord[] {
    const batch: ZoneRecord[] = [];
    while (batch.length < max && !this.finished) {
      const step = this.rows.next();
      if (step.done) {
        this.finished = true;
        break;
      }
      const [owner, type, ttl, rdata] = step.value as [Buffer, number, number, Buffer];
      batch.push({ owner, type, ttl, rdata });
    }
    return batch;
  }

  /** Ends the read transaction; safe to call more than once and in the middle of a transfer. */
  close(): void {
    if (!this.db.open) return;
    this.rows.return?.();
    this.db.exec('COMMIT');
    this.db.close();
  }
}
