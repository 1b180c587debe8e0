import type { Command } from 'commander';
import { NotFoundError } from '../errors.js';
import type { JournalStep } from '../store/journal.js';
import { verifyJournal } from '../store/journal-verify.js';
import { Store } from '../store/store.js';
import type { ZoneInfo } from '../store/store.js';
import { formatName } from '../wire/name.js';
import { rdataToText } from '../wire/rdata.js';
import { typeToMnemonic } from '../wire/rr-types.js';
import { formatRecord } from '../zone/printer.js';
import { DEFAULT_DB } from './defaults.js';
import { wholeNumber } from './option-parsers.js';
import { parseZoneName } from './zone-spec.js';

interface ShowOptions {
  db: string;
  serial?: string;
  json?: boolean;
}

export function addJournalCommands(program: Command): void {
  const journal = program
    .command('journal')
    .description('show, verify or drop the journal of serial steps of a zone')
    // `journal verify --db X`: the subcommand's own --db, not the parent's.
    .enablePositionalOptions()
    .argument('<NAME>', 'zone name')
    .option('--db <FILE>', 'SQLite database', DEFAULT_DB)
    .option('--serial <N>', 'show the step that led to serial N as -/+ zone-file lines')
    .option('--json', 'JSON lines instead of text')
    .action((name: string, options: ShowOptions) =>
      withZone(options.db, name, (store, zone) =>
        store.readSnapshot(() => showJournal(store, zone, options)),
      ),
    );

  journal
    .command('verify')
    .description('check that replaying the journal reproduces the published zone (exit 1 if not)')
    .argument('[NAME]', 'zone name (default: every zone)')
    .option('--db <FILE>', 'SQLite database', DEFAULT_DB)
    .action((name: string | undefined, options: { db: string }) => {
      const store = Store.open(options.db, { mustExist: true });
      try {
        const zones = name === undefined ? store.zones() : [requireZone(store, name, options.db)];
        for (const zone of zones) {
          const result = verifyJournal(store, zone);
          if (!result.ok) {
            process.stderr.write(
              `alias-xfr: journal of ${formatName(zone.name)} is inconsistent: ${result.problem}\n`,
            );
            process.exitCode = 1;
            return;
          }
          console.log(
            `${formatName(zone.name)} serial ${zone.serial}: journal ok (${result.steps} steps, ${result.records} records)`,
          );
        }
      } finally {
        store.close();
      }
    });

  journal
    .command('drop')
    .description("forget a zone's journal; IXFR from older serials then falls back to a full zone")
    .argument('<NAME>', 'zone name')
    .option('--db <FILE>', 'SQLite database', DEFAULT_DB)
    .action((name: string, options: { db: string }) =>
      withZone(options.db, name, (store, zone) => {
        const dropped = store.dropJournal(zone.id);
        console.log(`${formatName(zone.name)}: dropped ${dropped} journal steps`);
      }),
    );
}

function withZone(db: string, name: string, body: (store: Store, zone: ZoneInfo) => void): void {
  const store = Store.open(db, { mustExist: true });
  try {
    body(store, requireZone(store, name, db));
  } finally {
    store.close();
  }
}

function requireZone(store: Store, name: string, db: string): ZoneInfo {
  const zone = store.zoneByName(parseZoneName(name));
  if (!zone) throw new NotFoundError(`no zone ${formatName(parseZoneName(name))} in ${db}`);
  return zone;
}

function showJournal(store: Store, zone: ZoneInfo, options: ShowOptions): void {
  const steps = store.journalSteps(zone.id);
  if (options.serial === undefined) {
    for (const step of steps)
      console.log(options.json ? JSON.stringify(stepSummary(step)) : stepLine(step));
    return;
  }
  const serial = wholeNumber(options.serial, '--serial');
  const step = steps.find((s) => s.serialTo === serial);
  if (!step)
    throw new NotFoundError(
      `no journal step of ${formatName(zone.name)} leads to serial ${serial}`,
    );
  for (const { added, record } of store.journalStepRecords(step.id)) {
    const op = added ? '+' : '-';
    if (!options.json) {
      console.log(`${op}${formatRecord(record)}`);
      continue;
    }
    const { owner, ttl, type, rdata } = record;
    console.log(
      JSON.stringify({
        op,
        owner: formatName(owner),
        ttl,
        type: typeToMnemonic(type),
        rdata: rdataToText(type, rdata),
      }),
    );
  }
}

function stepSummary(step: JournalStep) {
  return {
    from: step.serialFrom,
    to: step.serialTo,
    time: new Date(step.createdAt * 1000).toISOString(),
    cause: step.cause,
    removed: step.removedCount,
    added: step.addedCount,
  };
}

function stepLine(step: JournalStep): string {
  const s = stepSummary(step);
  return `${s.from} -> ${s.to}\t${s.time}\t${s.cause}\t-${s.removed} +${s.added}`;
}
