import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import { DatabaseError } from '../errors.js';
import type { ZoneRecord } from '../zone/record.js';
import type { Serial } from '../zone/serial.js';
import { serialGreater, soaSerial } from '../zone/serial.js';
import type { SerialPolicy } from '../zone/serial-policy.js';
import type { Name } from '../wire/name.js';
import { formatName, lowerName } from '../wire/name.js';
import { appendStep, applyRetention, findJournalChain, readStepRow } from './journal.js';
import type { JournalRetention, JournalStep, StepRow } from './journal.js';
import { descendantsUpperBound, ownerKey } from './owner-key.js';
import { migrate } from './schema.js';
import { TransferSnapshot } from './transfer-snapshot.js';
import type { StepRecord } from './transfer-snapshot.js';
import {
  addRecords,
  digestFromHex,
  digestToHex,
  EMPTY_DIGEST,
  removeRecords,
} from './zone-digest.js';

const SOA = 6;

/** A zone as the database knows it. */
export interface ZoneInfo {
  readonly id: number;
  /** Lowercased wire-form name. */
  readonly name: Name;
  readonly serial: Serial;
  readonly serialPolicy: SerialPolicy;
  readonly sourceFile: string | null;
  readonly sourceDigest: string | null;
  readonly updatedAt: number;
  /** Fingerprint of the published records (zone-digest.ts). */
  readonly digest: string;
  readonly journalSteps: number;
  readonly journalBytes: number;
}

/** A new zone as its first import writes it. */
export interface NewZone {
  readonly serialPolicy: SerialPolicy;
  readonly sourceFile: string | null;
  readonly sourceDigest: string | null;
  readonly source: readonly ZoneRecord[];
  /** SOA included, carrying the serial to publish. */
  readonly published: readonly ZoneRecord[];
}

/**
 * One change of a zone's published records: a journal step. `removed` and `added` hold no
 * SOA; the SOA moves from the stored one to `newSoa`. Source records and file fingerprint are
 * replaced in the same transaction when given (a reload).
 */
export interface ZoneChange {
  readonly cause: string;
  readonly removed: readonly ZoneRecord[];
  readonly added: readonly ZoneRecord[];
  readonly newSoa: ZoneRecord;
  readonly source?: {
    readonly records: readonly ZoneRecord[];
    readonly file: string | null;
    readonly digest: string | null;
  };
}

export interface StoreOptions {
  readonly retention?: JournalRetention;
  /** For commands that only read: a missing file is an error, not a new empty database. */
  readonly mustExist?: boolean;
}

/** No step bound; 64 MiB of journal per zone. */
export const DEFAULT_RETENTION: JournalRetention = { maxSteps: 0, maxBytes: 64 * 1024 * 1024 };

interface ZoneRow {
  id: number;
  name: Buffer;
  serial: number;
  serial_policy: string;
  source_file: string | null;
  source_digest: string | null;
  updated_at: number;
  digest: string;
  journal_steps: number;
  journal_bytes: number;
}

/**
 * The one owner of the SQLite database (better-sqlite3, WAL mode). Every change is one
 * transaction holding the published records, the SOA serial and the journal step together, so
 * readers (the server, a transfer in progress, another process) see the old or the new state
 * of a zone, never a mix.
 */
export class Store {
  private readonly statements = new Map<string, Statement>();
  private readonly retention: JournalRetention;

  private constructor(
    private readonly db: Database,
    readonly path: string,
    options: StoreOptions,
  ) {
    this.retention = options.retention ?? DEFAULT_RETENTION;
  }

  /** Opens (creating if needed) the database at `path` and applies pending migrations. */
  static open(path: string, options: StoreOptions = {}): Store {
    let db: Database;
    if (options.mustExist && path !== ':memory:' && !existsSync(path)) {
      throw new DatabaseError(`no database at ${path} (give --db, or import a zone first)`);
    }
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      db = new BetterSqlite3(path);
      refuseForeignDatabase(db, path);
      db.pragma('journal_mode = WAL');
    } catch (err) {
      if (err instanceof DatabaseError) throw err;
      throw new DatabaseError(`cannot open database ${path}: ${(err as Error).message}`);
    }
    db.pragma('foreign_keys = ON');
    // Another process (`zone import` beside a running `serve`) may hold the write lock.
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new Store(db, path, options);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Changes whenever another connection commits (SQLite's `PRAGMA data_version`); the server
   * polls it to notice imports made by a separate `alias-xfr zone import` process.
   */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  zones(): ZoneInfo[] {
    const rows = this.statement('SELECT * FROM zones ORDER BY name').all() as ZoneRow[];
    return rows.map(toZoneInfo);
  }

  zoneByName(name: Name): ZoneInfo | undefined {
    const row = this.statement('SELECT * FROM zones WHERE name = ?').get(lowerName(name)) as
      ZoneRow | undefined;
    return row && toZoneInfo(row);
  }

  private zoneById(id: number): ZoneInfo {
    const zone = this.findZoneById(id);
    if (!zone) throw new DatabaseError(`zone ${id} vanished from the database`);
    return zone;
  }

  private findZoneById(id: number): ZoneInfo | undefined {
    const row = this.statement('SELECT * FROM zones WHERE id = ?').get(id) as ZoneRow | undefined;
    return row && toZoneInfo(row);
  }

  recordCounts(zoneId: number): { source: number; published: number } {
    const count = (table: string): number =>
      (
        this.statement(`SELECT count(*) AS n FROM ${table} WHERE zone_id = ?`).get(zoneId) as {
          n: number;
        }
      ).n;
    return { source: count('source_records'), published: count('published_records') };
  }

  sourceRecords(zoneId: number): ZoneRecord[] {
    return this.records('source_records', zoneId);
  }

  publishedRecords(zoneId: number): ZoneRecord[] {
    return this.records('published_records', zoneId);
  }

  private records(table: string, zoneId: number): ZoneRecord[] {
    const sql = `
      SELECT owner, type, ttl, rdata
        FROM ${table}
       WHERE zone_id = ?
       ORDER BY owner_key, type, rdata`;
    return this.statement(sql).all(zoneId) as ZoneRecord[];
  }

  /**
   * The published records owned by exactly `name`, all types.
   * TODO: every query runs a few of these indexed reads; an in-memory wire-form cache per
   * serial would lift the query rate toward the design target of 0.6x Knot's.
   */
  publishedAt(zoneId: number, name: Name): ZoneRecord[] {
    const sql = `
      SELECT owner, type, ttl, rdata
        FROM published_records
       WHERE zone_id = ? AND owner_key = ?`;
    return this.statement(sql).all(zoneId, ownerKey(name)) as ZoneRecord[];
  }

  /** True when some published record is owned by a name strictly below `name`. */
  hasPublishedBelow(zoneId: number, name: Name): boolean {
    const key = ownerKey(name);
    const sql = `
      SELECT 1
        FROM published_records
       WHERE zone_id = ? AND owner_key > ? AND owner_key < ?
       LIMIT 1`;
    return this.statement(sql).get(zoneId, key, descendantsUpperBound(key)) !== undefined;
  }

  /** Stores a zone seen for the first time; its journal starts empty. */
  createZone(name: Name, zone: NewZone, now = unixNow()): ZoneInfo | undefined {
    const soa = zone.published.find((r) => r.type === SOA);
    if (!soa) throw new DatabaseError(`zone ${formatName(name)} has no SOA to publish`);
    const write = this.db.transaction(() => {
      // Another import may have created it since the caller looked: then it is a reload.
      if (this.zoneByName(name)) return undefined;
      const result = this.statement(
        `INSERT INTO zones
           (name, serial, serial_policy, source_file, source_digest, updated_at, digest)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        lowerName(name),
        soaSerial(soa.rdata),
        zone.serialPolicy,
        zone.sourceFile,
        zone.sourceDigest,
        now,
        digestToHex(addRecords(EMPTY_DIGEST, zone.published)),
      );
      const id = Number(result.lastInsertRowid);
      this.insertRecords('source_records', id, zone.source);
      this.insertRecords('published_records', id, zone.published);
      return this.zoneById(id);
    });
    return write.immediate();
  }

  /**
   * Applies one change as one journal step: published records, SOA serial, fingerprint and
   * journal in a single transaction, then trims the journal to its bounds.
   */
  // TODO: a change is written in one synchronous transaction on the serving connection; a
  // step of thousands of records pauses query answering for a few hundred milliseconds.
  applyChange(zoneId: number, change: ZoneChange, now = unixNow()): ZoneInfo {
    return this.db
      .transaction(() => this.writeChange(this.zoneById(zoneId), change, now))
      .immediate();
  }

  /**
   * Plans and applies one change in a single write transaction: `plan` sees the zone as it is
   * once the write lock is held, reads whatever it needs through this store, and returns the
   * change to apply (or undefined for none). Two writers, such as the refresher of a running
   * server and a `zone import` in another process, then never plan from a state the other
   * has already changed, so serials cannot go backwards or repeat.
   */
  changeZone(
    zoneId: number,
    plan: (zone: ZoneInfo | undefined) => ZoneChange | undefined,
    now = unixNow(),
  ): ZoneInfo | undefined {
    const write = this.db.transaction(() => {
      const zone = this.findZoneById(zoneId);
      const change = plan(zone);
      return zone && change ? this.writeChange(zone, change, now) : undefined;
    });
    return write.immediate();
  }

  private writeChange(zone: ZoneInfo, change: ZoneChange, now: number): ZoneInfo {
    const zoneId = zone.id;
    const serialTo = soaSerial(change.newSoa.rdata);
    // RFC 1982: secondaries only ever move forward; a step that does not is a bug of ours.
    if (!serialGreater(serialTo, zone.serial)) {
      throw new DatabaseError(
        `zone ${formatName(zone.name)}: new serial ${serialTo} does not follow ${zone.serial}`,
      );
    }
    const oldSoa = this.publishedAt(zoneId, zone.name).find((r) => r.type === SOA)!;
    const removed = [oldSoa, ...change.removed];
    const added = [change.newSoa, ...change.added];

    const remove = this.statement(
      `DELETE FROM published_records
        WHERE zone_id = ? AND owner_key = ? AND type = ? AND ttl = ? AND rdata = ?`,
    );
    for (const r of removed) {
      const gone = remove.run(zoneId, ownerKey(r.owner), r.type, r.ttl, r.rdata).changes;
      if (gone !== 1) {
        throw new DatabaseError(`zone ${formatName(zone.name)}: record to remove is not published`);
      }
    }
    this.insertRecords('published_records', zoneId, added);

    const before = digestFromHex(zone.digest);
    const after = digestToHex(addRecords(removeRecords(before, removed), added));
    const step = appendStep(this.db, {
      zoneId,
      serialFrom: zone.serial,
      serialTo: soaSerial(change.newSoa.rdata),
      createdAt: now,
      cause: change.cause,
      removed,
      added,
      digestBefore: zone.digest,
      digestAfter: after,
    });
    const size = applyRetention(this.db, zoneId, this.retention, {
      steps: zone.journalSteps + 1,
      bytes: zone.journalBytes + step.bytes,
    });

    this.statement(
      `UPDATE zones
          SET serial = ?, digest = ?, journal_steps = ?, journal_bytes = ?, updated_at = ?
        WHERE id = ?`,
    ).run(soaSerial(change.newSoa.rdata), after, size.steps, size.bytes, now, zoneId);
    if (change.source) this.replaceSource(zoneId, change.source);
    return this.zoneById(zoneId);
  }

  /** Replaces the operator's records and remembers which file they came from. */
  private replaceSource(zoneId: number, source: NonNullable<ZoneChange['source']>): void {
    this.statement('DELETE FROM source_records WHERE zone_id = ?').run(zoneId);
    this.insertRecords('source_records', zoneId, source.records);
    this.statement('UPDATE zones SET source_file = ?, source_digest = ? WHERE id = ?').run(
      source.file,
      source.digest,
      zoneId,
    );
  }

  /** Records a re-read of an unchanged zone file under a new fingerprint; no serial step. */
  updateSource(zoneId: number, source: NonNullable<ZoneChange['source']>): void {
    this.db.transaction(() => this.replaceSource(zoneId, source)).immediate();
  }

  setSerialPolicy(zoneId: number, policy: SerialPolicy): void {
    this.statement('UPDATE zones SET serial_policy = ? WHERE id = ?').run(policy, zoneId);
  }

  private insertRecords(table: string, zoneId: number, records: readonly ZoneRecord[]): void {
    const insert = this.statement(
      `INSERT INTO ${table} (zone_id, owner_key, owner, type, ttl, rdata)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    for (const r of records) insert.run(zoneId, ownerKey(r.owner), r.owner, r.type, r.ttl, r.rdata);
  }

  /** The zone's journal steps, oldest first. */
  journalSteps(zoneId: number): JournalStep[] {
    const rows = this.statement('SELECT * FROM journal_steps WHERE zone_id = ? ORDER BY id').all(
      zoneId,
    ) as StepRow[];
    return rows.map(readStepRow);
  }

  /** See `findJournalChain`: the steps an IXFR from `from` serves, on this connection. */
  journalSince(zone: ZoneInfo, from: Serial): JournalStep[] | undefined {
    return findJournalChain(this.db, zone.id, from, zone.serial);
  }

  /** The records of one step: removed first (old SOA leading), then added. */
  journalStepRecords(stepId: number): StepRecord[] {
    const rows = this.statement(
      'SELECT added, owner, type, ttl, rdata FROM journal_records WHERE step_id = ? ORDER BY seq',
    ).all(stepId) as (ZoneRecord & { added: number })[];
    return rows.map(({ added, ...record }) => ({ added: added === 1, record }));
  }

  /** Forgets a zone's history: IXFR from any earlier serial then falls back to AXFR. */
  dropJournal(zoneId: number): number {
    const drop = this.db.transaction(() => {
      const dropped = this.statement('DELETE FROM journal_steps WHERE zone_id = ?').run(
        zoneId,
      ).changes;
      this.statement('UPDATE zones SET journal_steps = 0, journal_bytes = 0 WHERE id = ?').run(
        zoneId,
      );
      return dropped;
    });
    return drop.immediate();
  }

  /**
   * Runs `read` inside one read transaction, so that every read it makes sees the database at
   * one moment even while other processes commit (WAL readers keep their snapshot).
   */
  readSnapshot<T>(read: () => T): T {
    return this.db.transaction(read)();
  }

  /** Asks a running server to re-resolve the zone's ALIASes (see `takeRefreshRequests`). */
  requestRefresh(zoneId: number, now = unixNow()): void {
    this.statement(
      'INSERT INTO refresh_requests (zone_id, requested_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ).run(zoneId, now);
  }

  /** True while a refresh request for the zone waits for a server to take it. */
  refreshRequested(zoneId: number): boolean {
    return (
      this.statement('SELECT 1 FROM refresh_requests WHERE zone_id = ?').get(zoneId) !== undefined
    );
  }

  cancelRefreshRequest(zoneId: number): void {
    this.statement('DELETE FROM refresh_requests WHERE zone_id = ?').run(zoneId);
  }

  /** The zones whose refresh was requested, removing the requests: the server's side. */
  takeRefreshRequests(): number[] {
    const take = this.db.transaction(() => {
      const ids = this.statement('SELECT zone_id FROM refresh_requests').raw().all() as [number][];
      this.statement('DELETE FROM refresh_requests').run();
      return ids.map(([id]) => id);
    });
    return take.immediate();
  }

  /**
   * Opens a read snapshot of one zone on a connection of its own, so a long transfer neither
   * blocks this connection nor sees a half-written change.
   */
  openTransferSnapshot(zoneId: number): TransferSnapshot {
    if (this.path === ':memory:') {
      throw new DatabaseError('zone transfers need a database file, not :memory:');
    }
    return TransferSnapshot.open(this.path, zoneId);
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/**
 * A database that holds tables but was never set up by alias-xfr is someone else's: adding our
 * tables to it, or switching it to WAL mode, would change a file the operator named by mistake.
 */
function refuseForeignDatabase(db: Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db
    .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'")
    .get() as {
    n: number;
  };
  if (version === 0 && tables.n > 0) {
    db.close();
    throw new DatabaseError(`${path} is not an alias-xfr database (it holds other tables)`);
  }
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

function toZoneInfo(row: ZoneRow): ZoneInfo {
  return {
    id: row.id,
    name: row.name,
    serial: row.serial as Serial,
    serialPolicy: row.serial_policy as SerialPolicy,
    sourceFile: row.source_file,
    sourceDigest: row.source_digest,
    updatedAt: row.updated_at,
    digest: row.digest,
    journalSteps: row.journal_steps,
    journalBytes: row.journal_bytes,
  };
}
