import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import { DatabaseError } from '../errors.js';
import type { ZoneRecord } from '../zone/record.js';
import type { Name } from '../wire/name.js';
import { lowerName } from '../wire/name.js';
import { descendantsUpperBound, ownerKey } from './owner-key.js';
import { migrate } from './schema.js';
import { TransferSnapshot } from './transfer-snapshot.js';

/** A zone as the database knows it. */
export interface ZoneInfo {
  readonly id: number;
  /** Lowercased wire-form name. */
  readonly name: Name;
  readonly serial: number;
  readonly sourceFile: string | null;
  readonly sourceDigest: string | null;
  readonly updatedAt: number;
}

/** Everything a zone import writes, in one transaction. */
export interface ZoneContent {
  readonly serial: number;
  readonly sourceFile: string | null;
  readonly sourceDigest: string | null;
  readonly source: readonly ZoneRecord[];
  readonly published: readonly ZoneRecord[];
}

interface ZoneRow {
  id: number;
  name: Buffer;
  serial: number;
  source_file: string | null;
  source_digest: string | null;
  updated_at: number;
}

/**
 * The one owner of the SQLite database (better-sqlite3, WAL mode). Every write is one
 * transaction, so readers (the server, an AXFR in progress, another process) see either the
 * old or the new state of a zone, never a mix.
 */
export class Store {
  private readonly statements = new Map<string, Statement>();

  private constructor(
    private readonly db: Database,
    readonly path: string,
  ) {}

  /** Opens (creating if needed) the database at `path` and applies pending migrations. */
  static open(path: string): Store {
    let db: Database;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      db = new BetterSqlite3(path);
      db.pragma('journal_mode = WAL');
    } catch (err) {
      throw new DatabaseError(`cannot open database ${path}: ${(err as Error).message}`);
    }
    db.pragma('foreign_keys = ON');
    // Another process (`zone import` beside a running `serve`) may hold the write lock.
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new Store(db, path);
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

  /** The published records owned by exactly `name`, all types. */
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

  /**
   * Creates the zone or replaces all of its records, in one transaction.
   * TODO: a re-import replaces the whole zone instead of writing the difference; the journal
   * and IXFR issue turns this into a diff step with a journal entry.
   */
  replaceZone(name: Name, content: ZoneContent, now = Math.floor(Date.now() / 1000)): ZoneInfo {
    const write = this.db.transaction(() => {
      const key = lowerName(name);
      this.statement(
        `INSERT INTO zones (name, serial, source_file, source_digest, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE
            SET serial = excluded.serial,
                source_file = excluded.source_file,
                source_digest = excluded.source_digest,
                updated_at = excluded.updated_at`,
      ).run(key, content.serial, content.sourceFile, content.sourceDigest, now);
      const zone = this.zoneByName(key)!;
      this.statement('DELETE FROM source_records WHERE zone_id = ?').run(zone.id);
      this.statement('DELETE FROM published_records WHERE zone_id = ?').run(zone.id);
      this.insertRecords('source_records', zone.id, content.source);
      this.insertRecords('published_records', zone.id, content.published);
      return zone;
    });
    return write.immediate();
  }

  private insertRecords(table: string, zoneId: number, records: readonly ZoneRecord[]): void {
    const insert = this.statement(
      `INSERT INTO ${table} (zone_id, owner_key, owner, type, ttl, rdata)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    for (const r of records) insert.run(zoneId, ownerKey(r.owner), r.owner, r.type, r.ttl, r.rdata);
  }

  /** Removes a zone and everything recorded for it. Returns false when there was none. */
  deleteZone(name: Name): boolean {
    return this.statement('DELETE FROM zones WHERE name = ?').run(lowerName(name)).changes > 0;
  }

  /**
   * Opens a read snapshot of one zone's published records on a connection of its own, so a
   * long transfer neither blocks this connection nor sees a half-written change.
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

function toZoneInfo(row: ZoneRow): ZoneInfo {
  return {
    id: row.id,
    name: row.name,
    serial: row.serial,
    sourceFile: row.source_file,
    sourceDigest: row.source_digest,
    updatedAt: row.updated_at,
  };
}
