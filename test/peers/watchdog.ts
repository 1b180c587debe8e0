import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';

// vitest ends its workers with SIGTERM and, if they linger, SIGKILL: neither runs afterAll
// hooks or 'exit' listeners, so a peer started by a worker would outlive the run. A small
// watchdog process is told each peer's PID and folder over a pipe. When the pipe closes
// without the peer having been released (the worker is gone, however it died), it stops
// those PIDs (SIGTERM, then SIGKILL) and removes the folders. It only ever signals PIDs
// the worker reported as its own live children.
const WATCHDOG_SOURCE = `
const { rmSync } = require('node:fs');
const peers = new Map();
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let end;
  while ((end = pending.indexOf('\\n')) >= 0) {
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    const [op, pid, dir] = line.split('\\t');
    if (op === '+') peers.set(Number(pid), dir);
    else peers.delete(Number(pid));
  }
});
process.stdin.on('end', () => {
  if (peers.size === 0) process.exit(0);
  const signal = (name) => {
    for (const pid of peers.keys()) {
      try { process.kill(pid, name); } catch {}
    }
  };
  signal('SIGTERM');
  setTimeout(() => {
    signal('SIGKILL');
    for (const dir of peers.values()) rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }, 3000);
});
`;

let watchdog: ChildProcess | null = null;

function send(line: string): void {
  if (watchdog === null) {
    watchdog = spawn(process.execPath, ['-e', WATCHDOG_SOURCE], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    // Neither the process nor its pipe may keep the test worker alive.
    watchdog.unref();
    (watchdog.stdin as unknown as { unref(): void }).unref();
  }
  watchdog.stdin?.write(`${line}\n`);
}

/** Has the watchdog stop `pid` and remove `dir` should this process die first. */
export function watchPeer(pid: number, dir: string): void {
  send(`+\t${pid}\t${dir}`);
}

/** The peer has ended on our watch; the watchdog forgets it. */
export function releasePeer(pid: number): void {
  send(`-\t${pid}`);
}
