import type { Database } from 'better-sqlite3';
import { DatabaseError } from '../errors.js';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` holds how many have run. Add new
 * steps at the end and never edit a released one: databases in the field are at every step.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE zones (
    id            INTEGER PRIMARY KEY,
    name          BLOB    NOT NULL UNIQUE,  -- lowercased wire-form name
    serial        INTEGER NOT NULL,
    source_file   TEXT,
    source_digest TEXT,                     -- sha256 of the last imported file text
    updated_at    INTEGER NOT NULL          -- unix seconds
  );

  -- What the operator wrote, ALIAS included. Never served as-is.
  CREATE TABLE source_records (
    zone_id   INTEGER NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
    owner_key BLOB    NOT NULL,
    owner     BLOB    NOT NULL,
    type      INTEGER NOT NULL,
    ttl       INTEGER NOT NULL,
    rdata     BLOB    NOT NULL
  );
  CREATE INDEX source_records_by_owner ON source_records (zone_id, owner_key, type);

  -- The zone as secondaries see it: ALIAS replaced by A/AAAA, SOA carrying the current serial.
  CREATE TABLE published_records (
    zone_id   INTEGER NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
    owner_key BLOB    NOT NULL,
    owner     BLOB    NOT NULL,
    type      INTEGER NOT NULL,
    ttl       INTEGER NOT NULL,
    rdata     BLOB    NOT NULL
  );
  CREATE INDEX published_records_by_owner ON published_records (zone_id, owner_key, type);
  `,
];

/** Brings the database schema up to date inside one transaction. */
export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new DatabaseError(
      `database schema version ${current} is newer than this alias-xfr understands ` +
        `(${MIGRATIONS.length}); upgrade alias-xfr`,
    );
  }
  const apply = db.transaction(() => {
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  apply();
}
