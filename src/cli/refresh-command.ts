import type { Command } from 'commander';
import { NoServerError, NotFoundError } from '../errors.js';
import { Store } from '../store/store.js';
import { formatName } from '../wire/name.js';
import { DEFAULT_DB } from './defaults.js';
import { durationMs } from './option-parsers.js';
import { parseZoneName } from './zone-spec.js';

/**
 * `alias-xfr refresh NAME`: asks the `serve` running on the same database to re-resolve the
 * zone's ALIASes now. The request travels through the database, which the server watches,
 * and the command waits until the server has taken it.
 */
export function addRefreshCommand(program: Command): void {
  program
    .command('refresh')
    .description("make a running server re-resolve a zone's ALIAS records now")
    .argument('<NAME>', 'zone name')
    .option('--db <FILE>', 'SQLite database of the running server', DEFAULT_DB)
    .option('--wait <DURATION>', 'how long to wait for the server to take the request', '5s')
    .action(async (nameText: string, options: { db: string; wait: string }) => {
      const waitMs = durationMs(options.wait, '--wait');
      const name = parseZoneName(nameText);
      const store = Store.open(options.db, { mustExist: true });
      try {
        const zone = store.zoneByName(name);
        if (!zone) throw new NotFoundError(`no zone ${formatName(name)} in ${options.db}`);
        store.requestRefresh(zone.id);
        const started = Date.now();
        while (store.refreshRequested(zone.id)) {
          if (Date.now() - started > waitMs) {
            store.cancelRefreshRequest(zone.id);
            throw new NoServerError(
              `no running alias-xfr serve took the request within ${options.wait}; is one serving ${options.db}?`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        console.log(`${formatName(zone.name)}: refresh taken by the running server`);
      } finally {
        store.close();
      }
    });
}
