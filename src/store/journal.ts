import type { Database } from 'better-sqlite3';
import type { ZoneRecord } from '../zone/record.js';
import type { Serial } from '../zone/serial.js';
import { serialGreater } from '../zone/serial.js';

/** One serial step of a zone's journal (the records live in journal_records). */
export interface JournalStep {
  readonly id: number;
  readonly zoneId: number;
  readonly serialFrom: Serial;
  readonly serialTo: Serial;
  /** Unix seconds. */
  readonly createdAt: number;
  readonly cause: string;
  readonly removedCount: number;
  readonly addedCount: number;
  readonly bytes: number;
  readonly digestBefore: string;
  readonly digestAfter: string;
}

export interface StepRow {
  id: number;
  zone_id: number;
  serial_from: number;
  serial_to: number;
  created_at: number;
  cause: string;
  removed_count: number;
  added_count: number;
  bytes: number;
  digest_before: string;
  digest_after: string;
}

export function readStepRow(row: StepRow): JournalStep {
  return {
    id: row.id,
    zoneId: row.zone_id,
    serialFrom: row.serial_from as Serial,
    serialTo: row.serial_to as Serial,
    createdAt: row.created_at,
    cause: row.cause,
    removedCount: row.removed_count,
    addedCount: row.added_count,
    bytes: row.bytes,
    digestBefore: row.digest_before,
    digestAfter: row.digest_after,
  };
}

/** What one journal step records; `removed[0]` is the old SOA and `added[0]` the new one. */
export interface StepContent {
  readonly zoneId: number;
  readonly serialFrom: Serial;
  readonly serialTo: Serial;
  readonly createdAt: number;
  readonly cause: string;
  readonly removed: readonly ZoneRecord[];
  readonly added: readonly ZoneRecord[];
  readonly digestBefore: string;
  readonly digestAfter: string;
}

/** Wire size of a record as a transfer carries it, uncompressed: the journal's size measure. */
export function recordBytes(record: ZoneRecord): number {
  return record.owner.length + 10 + record.rdata.length;
}

/** Appends a step; called inside the transaction that changes the published records. */
export function appendStep(db: Database, step: StepContent): { id: number; bytes: number } {
  const bytes = [...step.removed, ...step.added].reduce((sum, r) => sum + recordBytes(r), 0);
  const result = db
    .prepare(
      `INSERT INTO journal_steps
         (zone_id, serial_from, serial_to, created_at, cause, removed_count, added_count, bytes,
          digest_before, digest_after)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      step.zoneId,
      step.serialFrom,
      step.serialTo,
      step.createdAt,
      step.cause,
      step.removed.length,
      step.added.length,
      bytes,
      step.digestBefore,
      step.digestAfter,
    );
  const id = Number(result.lastInsertRowid);
  const insert = db.prepare(
    `INSERT INTO journal_records (step_id, seq, added, owner, type, ttl, rdata)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  let seq = 0;
  for (const r of step.removed) insert.run(id, seq++, 0, r.owner, r.type, r.ttl, r.rdata);
  for (const r of step.added) insert.run(id, seq++, 1, r.owner, r.type, r.ttl, r.rdata);
  return { id, bytes };
}

/** How much journal a zone keeps; 0 means no bound of that kind. */
export interface JournalRetention {
  readonly maxSteps: number;
  readonly maxBytes: number;
}

/** A zone's journal size, kept in the zones table so bounds are checked without a scan. */
export interface JournalSize {
  readonly steps: number;
  readonly bytes: number;
}

/**
 * Drops the oldest steps until the zone's journal is within bounds, reading only the steps it
 * drops. The newest step is never dropped, so the last change can always be served as IXFR.
 */
export function applyRetention(
  db: Database,
  zoneId: number,
  retention: JournalRetention,
  size: JournalSize,
): JournalSize {
  const over = (s: JournalSize): boolean =>
    (retention.maxSteps > 0 && s.steps > retention.maxSteps) ||
    (retention.maxBytes > 0 && s.bytes > retention.maxBytes);
  if (!over(size)) return size;

  let kept = size;
  let lastDropped: number | undefined;
  const oldest = db
    .prepare('SELECT id, bytes FROM journal_steps WHERE zone_id = ? ORDER BY id LIMIT ?')
    .raw()
    .iterate(zoneId, size.steps - 1) as IterableIterator<[number, number]>;
  for (const [id, bytes] of oldest) {
    if (!over(kept)) break;
    kept = { steps: kept.steps - 1, bytes: kept.bytes - bytes };
    lastDropped = id;
  }
  if (lastDropped !== undefined) {
    db.prepare('DELETE FROM journal_steps WHERE zone_id = ? AND id <= ?').run(zoneId, lastDropped);
  }
  return kept;
}

/**
 * The journal steps leading from `from` to `current`, oldest first, or undefined when the
 * journal does not cover `from` (never existed, or dropped by retention). One index probe
 * finds the start; the chain is then read in id order and checked for gaps, so the cost
 * follows the number of steps served, not the length of the journal.
 */
export function findJournalChain(
  db: Database,
  zoneId: number,
  from: Serial,
  current: Serial,
): JournalStep[] | undefined {
  if (serialGreater(from, current)) return undefined;
  const start = db
    .prepare(
      `SELECT id FROM journal_steps
        WHERE zone_id = ? AND serial_from = ?
        ORDER BY id DESC LIMIT 1`,
    )
    .get(zoneId, from) as { id: number } | undefined;
  if (!start) return undefined;
  // `+zone_id` keeps SQLite on the rowid range: the zone index would scan the whole journal.
  const rows = db
    .prepare('SELECT * FROM journal_steps WHERE id >= ? AND +zone_id = ? ORDER BY id')
    .all(start.id, zoneId) as StepRow[];
  const steps = rows.map(readStepRow);

  let serial = from;
  for (const step of steps) {
    if (step.serialFrom !== serial) return undefined;
    serial = step.serialTo;
  }
  return serial === current ? steps : undefined;
}
