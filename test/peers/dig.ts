import { spawn } from 'node:child_process';
import { findTool } from './tools.js';

/** What a dig or kdig run printed and how it ended. */
export interface ToolRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

// A safety rule of this repository: test queries go to loopback only. dig and kdig without an
// @server ask the resolvers of /etc/resolv.conf, so a missing @ is refused here too, and so
// are the modes that query servers found in answers (+trace, +nssearch, any unambiguous
// abbreviation of them) or read queries from a batch file (-f).
const LOOPBACK = new Set(['127.0.0.1', '::1']);
const WANDERING = /^(\+tra|\+nss|-f)/i;

// Generous for a root-zone AXFR; a hung peer still fails the test rather than the worker.
const RUN_TIMEOUT_MS = 60_000;

function assertStaysOnLoopback(args: readonly string[]): void {
  const servers = args.filter((arg) => arg.startsWith('@')).map((arg) => arg.slice(1));
  if (servers.length === 0) throw new Error(`dig arguments name no @server: ${args.join(' ')}`);
  for (const server of servers) {
    if (!LOOPBACK.has(server)) throw new Error(`refusing to query non-loopback server ${server}`);
  }
  const wandering = args.find((arg) => WANDERING.test(arg));
  if (wandering !== undefined) throw new Error(`refusing dig option ${wandering}: leaves loopback`);
}

async function runTool(name: 'dig' | 'kdig', args: readonly string[]): Promise<ToolRun> {
  assertStaysOnLoopback(args);
  const file = findTool(name);
  if (file === null) throw new Error(`${name} is not installed`);

  return await new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));

    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? (signal === null ? 1 : 128),
      });
    });
  });
}

/**
 * Runs BIND's dig with `+time=2 +tries=1` ahead of `args` (later flags win). `args` must
 * name the server as `@127.0.0.1` or `@::1`.
 */
export function dig(args: readonly string[]): Promise<ToolRun> {
  return runTool('dig', ['+time=2', '+tries=1', ...args]);
}

/** Runs Knot's kdig with `+time=2 +retry=0` ahead of `args`; same loopback rule as `dig`. */
export function kdig(args: readonly string[]): Promise<ToolRun> {
  return runTool('kdig', ['+time=2', '+retry=0', ...args]);
}

/**
 * Rewrites one record line as printed by dig or kdig into `owner ttl class type rdata`:
 * fields split by single spaces, owner lower-cased, RDATA kept as printed except that runs of
 * blanks outside quoted strings become one space. Returns null for blank and comment lines.
 */
export function normalizeRecordLine(line: string): string | null {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith(';')) return null;

  const fields = splitOutsideQuotes(trimmed);
  if (fields.length < 4) throw new Error(`not a record line: ${line}`);
  const [owner, ttl, klass, type, ...rdata] = fields as [string, string, string, string];
  return [owner.toLowerCase(), ttl, klass, type, ...rdata].join(' ');
}

function splitOutsideQuotes(text: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;

  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[i + 1];
      i++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (!quoted && (char === ' ' || char === '\t')) {
      if (current !== '') fields.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  if (current !== '') fields.push(current);
  return fields;
}

/**
 * Turns the record lines of a complete AXFR into the zone's records: checks that the stream
 * starts and ends with the same SOA (RFC 5936 §2.2), drops that closing copy, and sorts, so
 * two servers holding the same zone give equal arrays. Nothing else is removed: a duplicated
 * record stays visible.
 */
export function recordsFromAxfr(lines: readonly string[], source: string): string[] {
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (first === undefined || lines.length < 2) {
    throw new Error(`${source}: AXFR holds ${lines.length} records, expected SOA ... SOA`);
  }
  if (recordType(first) !== 'SOA' || first !== last) {
    throw new Error(`${source}: AXFR does not start and end with the same SOA:\n${first}\n${last}`);
  }
  return lines.slice(0, -1).sort();
}

function recordType(line: string): string | undefined {
  return line.split(' ')[3];
}

function recordLines(stdout: string): string[] {
  const lines: string[] = [];
  for (const line of stdout.split('\n')) {
    const record = normalizeRecordLine(line);
    if (record !== null) lines.push(record);
  }
  return lines;
}

/**
 * Transfers `zone` from `server`:`port` with dig and returns its records, normalized and
 * sorted, SOA once (see `recordsFromAxfr`). Fails if the transfer fails.
 */
export async function digAxfr(server: string, port: number, zone: string): Promise<string[]> {
  const source = `dig AXFR ${zone} @${server}#${port}`;
  // Comments stay on: dig reports a refused or broken transfer only as a "; Transfer failed."
  // comment and exits 0.
  const run = await dig([`@${server}`, '-p', String(port), zone, 'AXFR', '+time=10']);
  const text = run.stdout + run.stderr;
  if (run.code !== 0 || /transfer failed|communications error|connection refused/i.test(text)) {
    throw new Error(`${source} failed (exit ${run.code}):\n${text}`);
  }
  return recordsFromAxfr(recordLines(run.stdout), source);
}

/** As `digAxfr`, with Knot's kdig as the client. */
export async function kdigAxfr(server: string, port: number, zone: string): Promise<string[]> {
  const source = `kdig AXFR ${zone} @${server}#${port}`;
  const run = await kdig([`@${server}`, '-p', String(port), zone, 'AXFR', '+time=10']);
  if (run.code !== 0 || run.stderr.includes('ERROR')) {
    throw new Error(`${source} failed (exit ${run.code}):\n${run.stdout}${run.stderr}`);
  }
  return recordsFromAxfr(recordLines(run.stdout), source);
}

/**
 * The SOA serial `server`:`port` answers for `zone`, or null when it gives no SOA answer (not
 * loaded yet, SERVFAIL, no reply in time).
 */
export async function digSerial(
  server: string,
  port: number,
  zone: string,
): Promise<number | null> {
  const run = await dig([`@${server}`, '-p', String(port), zone, 'SOA', '+norecurse', '+short']);
  if (run.code !== 0) return null;

  const soa = run.stdout.split('\n').find((line) => line.trim() !== '' && !line.startsWith(';'));
  const serial = soa?.trim().split(/\s+/)[2];
  return serial !== undefined && /^\d+$/.test(serial) ? Number(serial) : null;
}
