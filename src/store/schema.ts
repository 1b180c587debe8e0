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
  `
  -- Journal (RFC 1995 semantics): one row per serial step, its records in journal_records.
  ALTER TABLE zones ADD COLUMN serial_policy TEXT NOT NULL DEFAULT 'increment';
  -- Fingerprint of the published records (see zone-digest.ts), kept current by every write.
  ALTER TABLE zones ADD COLUMN digest TEXT NOT NULL DEFAULT '';
  ALTER TABLE zones ADD COLUMN journal_steps INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE zones ADD COLUMN journal_bytes INTEGER NOT NULL DEFAULT 0;

  CREATE TABLE journal_steps (
    id            INTEGER PRIMARY KEY,
    zone_id       INTEGER NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
    serial_from   INTEGER NOT NULL,
    serial_to     INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,   -- unix seconds
    cause         TEXT    NOT NULL,   -- reload, alias, edit, ...
    removed_count INTEGER NOT NULL,
    added_count   INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,   -- wire size of its records, for the size bound
    digest_before TEXT    NOT NULL,
    digest_after  TEXT    NOT NULL
  );
  -- IXFR finds its starting step by the client's serial: one index probe.
  CREATE INDEX journal_steps_by_serial ON journal_steps (zone_id, serial_from);

  CREATE TABLE journal_records (
    step_id INTEGER NOT NULL REFERENCES journal_steps (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,          -- removed records first, then added, in order
    added   INTEGER NOT NULL,          -- 0 removed, 1 added
    owner   BLOB    NOT NULL,
    type    INTEGER NOT NULL,
    ttl     INTEGER NOT NULL,
    rdata   BLOB    NOT NULL,
    PRIMARY KEY (step_id, seq)
  ) WITHOUT ROWID;
  `,
  `
  -- \`alias-xfr refresh NAME\` asks a running server, through the database it serves from.
  CREATE TABLE refresh_requests (
    zone_id      INTEGER PRIMARY KEY REFERENCES zones (id) ON DELETE CASCADE,
    requested_at INTEGER NOT NULL
  );
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
