import type { Command } from 'commander';
import { importZoneFile } from '../daemon/import-zone.js';
import { createLogger } from '../daemon/logger.js';
import { upstreamFromSpecs } from '../daemon/upstream-config.js';
import { NotFoundError } from '../errors.js';
import { Store } from '../store/store.js';
import { formatName } from '../wire/name.js';
import { formatZone } from '../zone/printer.js';
import { parseZoneFile } from '../zone/parser.js';
import { checkZone } from '../zone/zone-check.js';
import { DEFAULT_DB } from './defaults.js';
import { nxdomainPolicy, retentionFrom, serialPolicy } from './option-parsers.js';
import type { RetentionOptions } from './option-parsers.js';
import { collect, parseZoneName, parseZoneSpec } from './zone-spec.js';

interface ImportOptions extends RetentionOptions {
  db: string;
  resolver?: string[];
  force?: boolean;
  serialPolicy?: string;
  aliasOnNxdomain: string;
  logLevel: string;
}

export function addZoneCommands(program: Command): void {
  const zone = program.command('zone').description('import, list, export and check zones');

  zone
    .command('import')
    .description('import (or re-import) a zone file into the database')
    .argument('<NAME=FILE>', 'zone name and its zone file')
    .option('--db <FILE>', 'SQLite database', DEFAULT_DB)
    .option(
      '--resolver <ADDR:PORT|system>',
      'upstream resolver for ALIAS targets, repeatable',
      collect,
    )
    .option('--force', 'import even if the file is unchanged since the last import')
    .option('--serial-policy <POLICY>', 'increment, unixtime or dateserial')
    .option('--journal-max-steps <N>', 'journal steps kept per zone, 0 = no bound', '0')
    .option(
      '--journal-max-bytes <SIZE>',
      'journal size kept per zone, e.g. 64M; 0 = no bound',
      '64M',
    )
    .option(
      '--alias-on-nxdomain <POLICY>',
      'on a reload, keep or withdraw the addresses of an NXDOMAIN target',
      'keep',
    )
    .option('--log-level <LEVEL>', 'fatal, error, warn, info, debug', 'warn')
    .action(async (spec: string, options: ImportOptions) => {
      const { zone: name, file } = parseZoneSpec(spec);
      const policy =
        options.serialPolicy === undefined
          ? undefined
          : serialPolicy(options.serialPolicy, '--serial-policy');
      // Every option is checked before the database is touched.
      const log = createLogger(options.logLevel);
      const upstream = upstreamFromSpecs(options.resolver ?? []);
      const retention = retentionFrom(options);
      const onNxdomain = nxdomainPolicy(options.aliasOnNxdomain, '--alias-on-nxdomain');
      const store = Store.open(options.db, { retention });
      try {
        const result = await importZoneFile(
          { zone: name, file, force: options.force ?? false, serialPolicy: policy },
          { store, upstream, log, onNxdomain },
        );
        const what =
          result.status === 'unchanged'
            ? 'unchanged'
            : result.status === 'created'
              ? `imported ${result.sourceRecords} records, ${result.publishedRecords} published`
              : `reloaded, ${result.sourceRecords} records, ${result.publishedRecords} published`;
        console.log(`${formatName(name)} serial ${result.zone.serial}: ${what}`);
      } finally {
        store.close();
      }
    });

  zone
    .command('list')
    .description('list zones with serial and record counts')
    .option('--db <FILE>', 'SQLite database', DEFAULT_DB)
    .option('--json', 'one JSON object per line')
    .action((options: { db: string; json?: boolean }) => {
      const store = Store.open(options.db, { mustExist: true });
      try {
        for (const z of store.zones()) {
          const counts = store.recordCounts(z.id);
          const row = {
            zone: formatName(z.name),
            serial: z.serial,
            source: counts.source,
            published: counts.published,
          };
          console.log(
            options.json
              ? JSON.stringify(row)
              : `${row.zone}\tserial ${row.serial}\tsource ${row.source}\tpublished ${row.published}`,
          );
        }
      } finally {
        store.close();
      }
    });

  zone
    .command('export')
    .description('print a zone as zone-file text: the source (with ALIAS) or the published form')
    .argument('<NAME>', 'zone name')
    .option('--db <FILE>', 'SQLite database', DEFAULT_DB)
    .option('--published', 'the flattened zone secondaries receive, instead of the source')
    .action((nameText: string, options: { db: string; published?: boolean }) => {
      const name = parseZoneName(nameText);
      const store = Store.open(options.db, { mustExist: true });
      try {
        const z = store.zoneByName(name);
        if (!z) throw new NotFoundError(`no zone ${formatName(name)} in ${options.db}`);
        const records = options.published
          ? store.publishedRecords(z.id)
          : store.sourceRecords(z.id);
        process.stdout.write(formatZone(z.name, records));
      } finally {
        store.close();
      }
    });

  zone
    .command('check')
    .description('parse and check a zone file without storing it')
    .argument('<NAME=FILE>', 'zone name and its zone file')
    .action((spec: string) => {
      const { zone: name, file } = parseZoneSpec(spec);
      const records = checkZone(name, parseZoneFile(file, { origin: name }), file);
      console.log(`${formatName(name)}: ${records.length} records, ok`);
    });
}
