import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { DatabaseError } from '../errors.js';
import type { ZoneRecord } from '../zone/record.js';
import type { Serial } from '../zone/serial.js';
import { soaSerial } from '../zone/serial.js';
import type { JournalStep } from './journal.js';
import { findJournalChain } from './journal.js';

const SOA = 6;

/** One record of a journal step, in stored order: all removed records, then all added. */
export interface StepRecord {
  readonly added: boolean;
  readonly record: ZoneRecord;
}

/**
 * A consistent view of one zone at one serial, for AXFR and IXFR. It holds a read transaction
 * on a connection of its own: in WAL mode the writer goes on committing while the transfer
 * reads the state as it was when the snapshot opened. Records are read row by row, so memory
 * does not grow with the size of the zone or of the change.
 *
 * Only one of its iterators may be open at a time (SQLite connections run one statement at a
 * time); transfers read them one after another.
 */
export class TransferSnapshot {
  private constructor(
    private readonly db: Database,
    private readonly zoneId: number,
    readonly soa: ZoneRecord,
  ) {}

  static open(path: string, zoneId: number): TransferSnapshot {
    const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      db.exec('BEGIN');
      const soa = db
        .prepare(
          'SELECT owner, type, ttl, rdata FROM published_records WHERE zone_id = ? AND type = ?',
        )
        .get(zoneId, SOA) as ZoneRecord | undefined;
      if (!soa) throw new DatabaseError(`zone ${zoneId} has no published SOA record`);
      return new TransferSnapshot(db, zoneId, soa);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  get serial(): Serial {
    return soaSerial(this.soa.rdata);
  }

  /** Every published record except the SOA, grouped by owner. */
  *records(): Generator<ZoneRecord> {
    const rows = this.db
      .prepare(
        `SELECT owner, type, ttl, rdata
           FROM published_records
          WHERE zone_id = ? AND type != ?
          ORDER BY owner_key, type`,
      )
      .raw()
      .iterate(this.zoneId, SOA) as IterableIterator<[Buffer, number, number, Buffer]>;
    for (const [owner, type, ttl, rdata] of rows) yield { owner, type, ttl, rdata };
  }

  /**
   * The journal steps leading from `from` to the snapshot's serial, oldest first, or undefined
   * when the journal does not cover `from` (never existed, or dropped by retention). One index
   * probe finds the start; the chain is then read in id order and checked for gaps.
   */
  journalSince(from: Serial): JournalStep[] | undefined {
    return findJournalChain(this.db, this.zoneId, from, this.serial);
  }

  /** The records of one journal step: removed first (old SOA leading), then added. */
  *stepRecords(stepId: number): Generator<StepRecord> {
    const rows = this.db
      .prepare(
        `SELECT added, owner, type, ttl, rdata
           FROM journal_records
          WHERE step_id = ?
          ORDER BY seq`,
      )
      .raw()
      .iterate(stepId) as IterableIterator<[number, Buffer, number, number, Buffer]>;
    for (const [added, owner, type, ttl, rdata] of rows) {
      yield { added: added === 1, record: { owner, type, ttl, rdata } };
    }
  }

  /** Ends the read transaction; safe to call more than once and in the middle of a transfer. */
  close(): void {
    if (!this.db.open) return;
    try {
      this.db.exec('ROLLBACK');
    } finally {
      // Closing also finalises a statement an aborted transfer left half-read.
      this.db.close();
    }
  }
}
