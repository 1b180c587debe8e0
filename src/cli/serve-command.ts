import type { Command } from 'commander';
import { startDaemon } from '../daemon/daemon.js';
import { parseHostPort } from '../daemon/host-port.js';
import { createLogger } from '../daemon/logger.js';
import { upstreamFromSpecs } from '../daemon/upstream-config.js';
import { refreshOptions } from '../refresher/refresh-options.js';
import { LOOPBACK_CIDRS } from '../server/acl.js';
import { DEFAULT_DB, DEFAULT_LISTEN, DEFAULT_ZONES } from './defaults.js';
import {
  durationMs,
  nxdomainPolicy,
  retentionFrom,
  serialPolicy,
  wholeNumber,
} from './option-parsers.js';
import { collect, parseZoneSpec } from './zone-spec.js';

interface ServeOptions {
  db?: string;
  listen?: string[];
  zone?: string[];
  resolver?: string[];
  allowTransfer?: string[];
  notify?: string[];
  aliasMinInterval: string;
  aliasMaxInterval: string;
  aliasOnNxdomain: string;
  logLevel: string;
  maxTcpConnections: string;
  tcpIdleTimeout: string;
  serialPolicy?: string;
  journalMaxSteps?: string;
  journalMaxBytes?: string;
}

export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('import the given zone files and serve every zone in the database')
    .option('--db <FILE>', `SQLite database (default: ${DEFAULT_DB})`)
    .option(
      '--listen <ADDR:PORT>',
      `address to serve on, repeatable (default: ${DEFAULT_LISTEN})`,
      collect,
    )
    .option('--zone <NAME=FILE>', 'zone file to import before serving, repeatable', collect)
    .option(
      '--resolver <ADDR:PORT|system>',
      'upstream resolver for ALIAS targets, repeatable',
      collect,
    )
    .option('--allow-transfer <CIDR>', 'who may AXFR/IXFR, repeatable (default: loopback)', collect)
    .option('--notify <ADDR:PORT>', 'secondary to NOTIFY after every change, repeatable', collect)
    .option(
      '--alias-min-interval <DURATION>',
      'never re-resolve an ALIAS sooner (30, 30s, 5m)',
      '30s',
    )
    .option('--alias-max-interval <DURATION>', 'always re-resolve an ALIAS within this', '1h')
    .option(
      '--alias-on-nxdomain <POLICY>',
      'keep or withdraw the addresses of an NXDOMAIN target',
      'keep',
    )
    .option('--max-tcp-connections <N>', 'open TCP connections at most', '100')
    .option('--tcp-idle-timeout <SECONDS>', 'close TCP connections idle this long', '10')
    .option('--serial-policy <POLICY>', 'increment, unixtime or dateserial, for the zones given')
    .option('--journal-max-steps <N>', 'journal steps kept per zone, 0 = no bound', '0')
    .option(
      '--journal-max-bytes <SIZE>',
      'journal size kept per zone, e.g. 64M; 0 = no bound',
      '64M',
    )
    .option('--log-level <LEVEL>', 'fatal, error, warn, info, debug', 'info')
    .addHelpText(
      'after',
      `\nWith neither --zone nor --db, serves the shipped example zones from ${DEFAULT_DB}.`,
    )
    .action(async (options: ServeOptions) => {
      const useDefaults = (options.zone ?? []).length === 0 && options.db === undefined;
      const log = createLogger(options.logLevel);
      // Checked here, before the database is opened or a port bound.
      const refresh = refreshOptions({
        aliasMinIntervalMs: durationMs(options.aliasMinInterval, '--alias-min-interval'),
        aliasMaxIntervalMs: durationMs(options.aliasMaxInterval, '--alias-max-interval'),
        onNxdomain: nxdomainPolicy(options.aliasOnNxdomain, '--alias-on-nxdomain'),
      });
      const policy =
        options.serialPolicy === undefined
          ? undefined
          : serialPolicy(options.serialPolicy, '--serial-policy');
      const daemon = await startDaemon({
        dbPath: options.db ?? DEFAULT_DB,
        listen: (options.listen ?? [DEFAULT_LISTEN]).map((l) =>
          parseHostPort(l, undefined, '--listen'),
        ),
        zones: (useDefaults ? DEFAULT_ZONES : (options.zone ?? [])).map((spec) => ({
          ...parseZoneSpec(spec),
          serialPolicy: policy,
        })),
        retention: retentionFrom(options),
        refresh,
        upstream: upstreamFromSpecs(options.resolver ?? []),
        allowTransfer: options.allowTransfer ?? LOOPBACK_CIDRS,
        notify: (options.notify ?? []).map((n) => parseHostPort(n, 53, '--notify')),
        maxTcpConnections: wholeNumber(options.maxTcpConnections, '--max-tcp-connections', 1),
        tcpIdleTimeoutMs:
          wholeNumber(options.tcpIdleTimeout, '--tcp-idle-timeout', 1, 86_400) * 1000,
        pollIntervalMs: 250,
        log,
      });
      const shutdown = (signal: string): void => {
        log.info({ signal }, 'shutting down');
        void daemon.stop().then(() => process.exit(0));
      };
      // A bug of ours outside a request handler: one fatal log line for the operator, then exit
      // non-zero so a supervisor restarts us, instead of a bare stack trace.
      process.on('uncaughtException', (err) => {
        log.fatal({ err }, 'unexpected error; stopping');
        process.exit(1);
      });
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}
