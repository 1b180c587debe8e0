import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/alias-xfr', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `bin/alias-xfr args…` to completion in `cwd`. */
export function runCli(
  args: readonly string[],
  cwd: string,
  timeoutMs = 30_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A `serve` process started in the background, with its log so far. */
export interface ServeProcess {
  readonly child: ChildProcess;
  log(): string;
  /** Resolves once the log says the server is listening; rejects if it exits first. */
  ready(): Promise<void>;
  stop(): Promise<number | null>;
}

export function startServe(args: readonly string[], cwd: string): ServeProcess {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  return {
    child,
    log: () => log,
    async ready() {
      for (let waited = 0; waited < 20_000; waited += 50) {
        if (log.includes('"msg":"listening"')) return;
        if (child.exitCode !== null) throw new Error(`serve exited early: ${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`serve did not start listening: ${log}`);
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
