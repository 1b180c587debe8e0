import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { parseZoneName } from '../../src/cli/zone-spec.js';
import { startDaemon } from '../../src/daemon/daemon.js';
import type { Daemon } from '../../src/daemon/daemon.js';
import type { RefreshOptions } from '../../src/refresher/refresh-options.js';
import type { UpstreamResolver } from '../../src/refresher/upstream-resolver.js';

export interface TestZone {
  readonly name: string;
  /** Zone-file text, or a path to an existing file when `file` is set instead. */
  readonly text?: string;
  readonly file?: string;
}

export interface TestServer {
  readonly daemon: Daemon;
  readonly port: number;
  readonly dir: string;
  readonly dbPath: string;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  readonly allowTransfer?: readonly string[];
  readonly upstream?: UpstreamResolver | null;
  readonly log?: Logger;
  readonly tcpIdleTimeoutMs?: number;
  readonly maxTcpConnections?: number;
  readonly notify?: readonly { host: string; port: number }[];
  readonly refresh?: Partial<RefreshOptions>;
  /** A fixed port (e.g. one the secondaries were already told about); a free one otherwise. */
  readonly port?: number;
}

/**
 * Runs alias-xfr in this process on 127.0.0.1 with a free port, a database in a fresh temporary
 * folder and the given zones; `stop` closes everything and removes the folder.
 */
export async function startTestServer(
  zones: readonly TestZone[],
  options: TestServerOptions = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'alias-xfr-test-'));
  const dbPath = join(dir, 'alias-xfr.db');
  const requests = zones.map((zone, i) => {
    let file = zone.file;
    if (file === undefined) {
      file = join(dir, `zone${i}.db`);
      writeFileSync(file, zone.text ?? '');
    }
    return { zone: parseZoneName(zone.name), file };
  });
  let daemon: Daemon;
  try {
    daemon = await startDaemon({
      dbPath,
      listen: [{ host: '127.0.0.1', port: options.port ?? 0 }],
      zones: requests,
      upstream: options.upstream ?? null,
      allowTransfer: options.allowTransfer ?? ['127.0.0.0/8', '::1/128'],
      notify: options.notify ?? [],
      refresh: options.refresh,
      maxTcpConnections: options.maxTcpConnections ?? 50,
      tcpIdleTimeoutMs: options.tcpIdleTimeoutMs ?? 10_000,
      pollIntervalMs: 100,
      log: options.log ?? pino({ level: 'silent' }),
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    daemon,
    port: daemon.addresses[0]!.port,
    dir,
    dbPath,
    async stop() {
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
