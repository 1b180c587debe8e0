import type { Logger } from 'pino';
import type { UpstreamResolver } from '../refresher/upstream-resolver.js';
import { AddressAcl } from '../server/acl.js';
import { startDnsServer } from '../server/dns-server.js';
import type { ListenAddress } from '../server/dns-server.js';
import { ZoneIndex } from '../server/zone-index.js';
import type { JournalRetention } from '../store/journal.js';
import { Store } from '../store/store.js';
import { formatName } from '../wire/name.js';
import type { ImportRequest } from './import-zone.js';
import { importZoneFile } from './import-zone.js';
import type { ImportResult } from './import-zone.js';

export interface DaemonConfig {
  readonly dbPath: string;
  readonly retention?: JournalRetention;
  readonly listen: readonly ListenAddress[];
  readonly zones: readonly ImportRequest[];
  readonly upstream: UpstreamResolver | null;
  readonly allowTransfer: readonly string[];
  readonly maxTcpConnections: number;
  readonly tcpIdleTimeoutMs: number;
  /** How often to look for commits made by other processes (`zone import`). */
  readonly pollIntervalMs: number;
  readonly log: Logger;
}

export interface Daemon {
  readonly addresses: readonly ListenAddress[];
  readonly store: Store;
  /** Imports or reloads a zone file while serving; the new serial is served at once. */
  importZone(request: ImportRequest): Promise<ImportResult>;
  stop(): Promise<void>;
}

/**
 * The composition root of `alias-xfr serve`: opens the store, imports the zone files it was
 * given, and serves every zone in the database until stopped.
 */
export async function startDaemon(config: DaemonConfig): Promise<Daemon> {
  const { log } = config;
  const acl = new AddressAcl(config.allowTransfer);
  const store = Store.open(config.dbPath, { retention: config.retention });
  try {
    for (const request of config.zones) {
      const result = await importZoneFile(request, { store, upstream: config.upstream, log });
      if (result.status === 'unchanged') {
        log.info(
          { zone: formatName(request.zone), serial: result.zone.serial },
          'zone file unchanged since last import',
        );
      }
    }
    const zones = new ZoneIndex(store);
    if (zones.all().length === 0)
      log.warn({ db: config.dbPath }, 'no zones in the database; pass --zone NAME=FILE');
    const server = await startDnsServer({ data: store, zones, transferAcl: acl, log }, store, {
      listen: config.listen,
      maxTcpConnections: config.maxTcpConnections,
      tcpIdleTimeoutMs: config.tcpIdleTimeoutMs,
    });
    const stopWatching = watchForOutsideCommits(store, zones, config.pollIntervalMs, log);
    for (const zone of zones.all())
      log.info({ zone: formatName(zone.name), serial: zone.serial }, 'serving zone');
    log.info({ listen: server.addresses.map((a) => `${a.host}:${a.port}`) }, 'listening');

    return {
      addresses: server.addresses,
      store,
      async importZone(request) {
        const result = await importZoneFile(request, { store, upstream: config.upstream, log });
        zones.refresh();
        return result;
      },
      async stop() {
        stopWatching();
        await server.close();
        store.close();
      },
    };
  } catch (err) {
    store.close();
    throw err;
  }
}

/**
 * Another process may import into the same database while we serve; SQLite's data_version
 * tells us cheaply, and the zone list (names and serials) is reloaded when it moves.
 */
function watchForOutsideCommits(
  store: Store,
  zones: ZoneIndex,
  intervalMs: number,
  log: Logger,
): () => void {
  let version = store.dataVersion();
  const timer = setInterval(() => {
    const now = store.dataVersion();
    if (now === version) return;
    version = now;
    const before = new Map(zones.all().map((z) => [z.id, z.serial]));
    zones.refresh();
    for (const zone of zones.all()) {
      if (before.get(zone.id) !== zone.serial)
        log.info(
          { zone: formatName(zone.name), serial: zone.serial },
          'zone changed by another process',
        );
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
