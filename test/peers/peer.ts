import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dig } from './dig.js';
import type { Daemon } from './daemon.js';
import {
  failedOnBusyPort,
  makeTempDir,
  removeTempDir,
  removeTempDirSync,
  spawnDaemon,
  waitFor,
} from './daemon.js';
import { freePort } from './free-port.js';

/** How to run a peer whose config has been written into its folder. */
export interface PeerCommand {
  readonly file: string;
  readonly args: readonly string[];
  /** The peer's own log file, read by `log()`. */
  readonly logFile: string;
  /** Throws if the log shows the peer answers queries but started incompletely. */
  readonly checkStarted?: (log: string) => void;
}

/** A name server started in its own temp folder on a free loopback port. */
export interface Peer {
  readonly port: number;
  readonly pid: number;
  readonly dir: string;
  /** Exit code or signal once the process has ended, else null. */
  exitStatus(): string | null;
  /** The peer's log file followed by what it printed on stdout and stderr. */
  log(): string;
  /** Stops the process by its PID (SIGTERM, then SIGKILL) and removes its folder. */
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;
const START_TIMEOUT_MS = 15_000;

/**
 * Creates a temp folder, picks a port, lets `prepare` write the config there, starts the
 * peer and waits until it answers a query on the port. A start that loses its port to
 * another process is retried with a new folder and port; any other failure throws with the
 * peer's log.
 */
export async function launchPeer(
  label: string,
  prepare: (dir: string, port: number) => Promise<PeerCommand>,
  probeZone: string,
): Promise<Peer> {
  for (let attempt = 1; ; attempt++) {
    const dir = makeTempDir(label);
    let daemon: Daemon | null = null;
    let logFile = '';

    try {
      const port = await freePort();
      const command = await prepare(dir, port);
      logFile = command.logFile;
      daemon = spawnDaemon(command.file, command.args, dir);
      await waitFor(`${label} on 127.0.0.1#${port}`, () => answers(port, probeZone), {
        timeoutMs: START_TIMEOUT_MS,
        daemon,
      });
      command.checkStarted?.(readLog(logFile));
      return makePeer(port, dir, daemon, logFile);
    } catch (error) {
      const text = `${readLog(logFile)}${daemon?.output() ?? ''}`;
      await daemon?.stop();
      await removeTempDir(dir);
      if (attempt < START_ATTEMPTS && failedOnBusyPort(text)) continue;
      throw new Error(`${label} did not start: ${(error as Error).message}\n${text}`);
    }
  }
}

function makePeer(port: number, dir: string, daemon: Daemon, logFile: string): Peer {
  let stopped = false;
  return {
    port,
    pid: daemon.pid,
    dir,
    exitStatus: () => daemon.exitStatus(),
    log: () => readLog(logFile) + daemon.output(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await daemon.stop();
      removeTempDirSync(dir);
    },
  };
}

/** True once anything answers a query on the port, whatever the RCODE. */
async function answers(port: number, zone: string): Promise<true | null> {
  const run = await dig(['@127.0.0.1', '-p', String(port), zone, 'SOA', '+norecurse', '+time=1']);
  return run.code === 0 ? true : null;
}

/** The last `count` lines of a log, for error messages. */
export function logTail(log: string, count = 40): string {
  return log.trimEnd().split('\n').slice(-count).join('\n');
}

function readLog(file: string): string {
  return file !== '' && existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/**
 * Runs a peer's control tool (rndc, knotc, nsd-control) to completion; a failure throws with
 * the command and everything the tool printed.
 */
export function runControl(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error === null) {
        resolve(stdout);
        return;
      }
      const how = error.killed ? 'timed out' : `exit ${String(error.code)}`;
      const printed = `${stdout}${stderr}`.trim();
      reject(new Error(`${file} ${args.join(' ')} failed (${how}): ${printed}`));
    });
  });
}
