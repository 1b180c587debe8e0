import { isIPv6 } from 'node:net';
import type { Logger } from 'pino';
import { Notifier } from '../notifier/notifier.js';
import { Refresher } from '../refresher/refresher.js';
import type { RefreshOptions } from '../refresher/refresh-options.js';
import type { NotifyTarget } from '../notifier/udp-transport.js';
import type { UpstreamResolver } from '../refresher/upstream-resolver.js';
import { AddressAcl } from '../server/acl.js';
import { startDnsServer } from '../server/dns-server.js';
import type { ListenAddress } from '../server/dns-server.js';
import { ZoneIndex } from '../server/zone-index.js';
import type { JournalRetention } from '../store/journal.js';
import { Store } from '../store/store.js';
import { formatName } from '../wire/name.js';
import type { ImportRequest } from './import-zone.js';
import { importZoneFile, importZoneFiles } from './import-zone.js';
import type { ImportResult } from './import-zone.js';
import { watchForOutsideCommits, ZoneEvents } from './zone-events.js';

export interface DaemonConfig {
  readonly dbPath: string;
  readonly retention?: JournalRetention;
  readonly listen: readonly ListenAddress[];
  readonly zones: readonly ImportRequest[];
  readonly upstream: UpstreamResolver | null;
  readonly refresh?: Partial<RefreshOptions>;
  readonly allowTransfer: readonly string[];
  /** Secondaries that get a NOTIFY for every zone after each serial change. */
  readonly notify: readonly NotifyTarget[];
  readonly maxTcpConnections: number;
  readonly tcpIdleTimeoutMs: number;
  /** How often to look for commits made by other processes (`zone import`). */
  readonly pollIntervalMs: number;
  readonly log: Logger;
}

export interface Daemon {
  readonly addresses: readonly ListenAddress[];
  readonly store: Store;
  readonly refresher: Refresher;
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
  const importDeps = {
    store,
    upstream: config.upstream,
    log,
    onNxdomain: config.refresh?.onNxdomain ?? 'keep',
  };
  try {
    // Built first: it checks its options, and a bad one must stop us before anything starts.
    const refresher = new Refresher({
      store,
      upstream: config.upstream,
      log,
      onZoneChanged: () => zonesChanged('alias'),
      options: config.refresh,
    });
    // TODO: zones are imported before the ports are opened, so a start that then fails (port
    // in use) has already stored them; binding first would make a failed start change nothing.
    const imported = await importZoneFiles(config.zones, importDeps);
    for (const result of imported) {
      if (result.status === 'unchanged') {
        log.info(
          { zone: formatName(result.zone.name), serial: result.zone.serial },
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
    const notifier = new Notifier({ log });
    const events = new ZoneEvents(store, zones, notifier, config.notify, log);
    // Whoever changed a zone, ALIASes pointing into it follow at once (DESIGN §2: targets in
    // our zones come from our own data).
    const zonesChanged = (cause: string): void => {
      for (const zone of events.sync(cause)) refresher.followZoneChange(zone.name);
    };
    const takeRefreshRequests = (): void => {
      for (const zoneId of store.takeRefreshRequests()) {
        log.info({ zoneId, op: 'refresh' }, 'alias refresh requested');
        refresher
          .refreshZone(zoneId)
          .catch((err: unknown) => log.error({ err }, 'alias refresh failed'));
      }
    };
    const stopWatching = watchForOutsideCommits(store, config.pollIntervalMs, () => {
      zonesChanged('changed by another process');
      refresher.reloadZones();
      takeRefreshRequests();
    });
    for (const zone of zones.all())
      log.info({ zone: formatName(zone.name), serial: zone.serial }, 'serving zone');
    const shown = (a: ListenAddress): string =>
      isIPv6(a.host) ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
    log.info({ listen: server.addresses.map(shown) }, 'listening');
    // Secondaries may have missed changes made while we were down; RFC 1996 §4 allows this.
    events.notifyAll();
    refresher.start();
    takeRefreshRequests();

    return {
      addresses: server.addresses,
      store,
      async importZone(request) {
        const result = await importZoneFile(request, importDeps);
        zonesChanged('reload');
        refresher.reloadZones();
        return result;
      },
      refresher,
      async stop() {
        stopWatching();
        await refresher.stop();
        await server.close();
        await notifier.close();
        store.close();
      },
    };
  } catch (err) {
    store.close();
    throw err;
  }
}
