import BetterSqlite3 from 'better-sqlite3';
import { Command, CommanderError } from 'commander';
import { AliasXfrError } from '../errors.js';
import { addJournalCommands } from './journal-commands.js';
import { addRefreshCommand } from './refresh-command.js';
import { addServeCommand } from './serve-command.js';
import { addZoneCommands } from './zone-commands.js';

/** Builds the `alias-xfr` program; exported so tests can drive it in-process. */
export function buildProgram(): Command {
  const program = new Command('alias-xfr')
    .description('hidden-primary DNS server that flattens ALIAS records for ordinary secondaries')
    // Usage errors are one line like every other error: `alias-xfr: unknown option '--x'`.
    .configureOutput({
      outputError: (text, write) => write(`alias-xfr: ${text.replace(/^error: /, '')}`),
    })
    // Each command owns the options written after it (`journal verify --db X`).
    .enablePositionalOptions();
  addServeCommand(program);
  addZoneCommands(program);
  addJournalCommands(program);
  addRefreshCommand(program);
  return program;
}

/** Runs the CLI: operational errors become one line on stderr and exit code 1. */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof AliasXfrError || err instanceof BetterSqlite3.SqliteError) {
      const what = err instanceof AliasXfrError ? '' : `database ${err.code}: `;
      process.stderr.write(`alias-xfr: ${what}${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}
