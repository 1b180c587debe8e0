import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { releasePeer, watchPeer } from './watchdog.js';

/** A peer name server running in the foreground as our child process. */
export interface Daemon {
  readonly pid: number;
  /** Exit code or signal once the process has ended, else null. */
  exitStatus(): string | null;
  /** The last 64 KiB of its stdout and stderr together. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not ended after `graceMs`; resolves once it has ended. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;

/** Starts `file args` in the foreground in `cwd`; the child PID is the daemon's PID. */
export function spawnDaemon(file: string, args: readonly string[], cwd: string): Daemon {
  const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${file}`);
  const pid = child.pid;
  watchPeer(pid, cwd);

  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  let status: string | null = null;
  const ended = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      status = signal ?? `exit code ${code}`;
      releasePeer(pid);
      resolve();
    });
    child.once('error', (error) => {
      status = `spawn error: ${error.message}`;
      releasePeer(pid);
      resolve();
    });
  });

  return {
    pid,
    exitStatus: () => status,
    output: () => output,
    async stop(graceMs = 5000) {
      if (status !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await ended;
      clearTimeout(timer);
    },
  };
}

/** A fresh folder under the system temp folder, e.g. /tmp/alias-xfr-named-XXXXXX. */
export function makeTempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `alias-xfr-${label}-`));
}

/** Removes a folder made by `makeTempDir`. */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Synchronous variant for cleanup paths that cannot await. */
export function removeTempDirSync(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A process whose end cuts a wait short: a `Daemon`, or a peer built on one. */
export interface Watched {
  exitStatus(): string | null;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `check` every `intervalMs` until it returns a value other than null. Fails early if
 * the watched process ends, and after `timeoutMs`; the error names `what`, and callers add
 * the peer's log, which they know how to read.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null>,
  options: { timeoutMs: number; intervalMs?: number; daemon?: Watched },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;

  for (;;) {
    const value = await check();
    if (value !== null) return value;

    const status = options.daemon?.exitStatus() ?? null;
    if (status !== null) throw new Error(`${what}: peer ended (${status})`);
    if (Date.now() >= deadline) throw new Error(`${what}: timed out after ${options.timeoutMs} ms`);
    await sleep(interval);
  }
}

/** True when a daemon's start failed because its port was taken between check and bind. */
export function failedOnBusyPort(text: string): boolean {
  // named: "unable to listen on any configured interfaces", "address in use" (rndc port);
  // knotd: "cannot bind address ... (address already in use)"; nsd: "can't bind udp socket".
  return /address (already )?in use|EADDRINUSE|unable to listen on any|can't bind/i.test(text);
}
