import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, startServe } from '../helpers/run-cli.js';
import { digSerial } from '../peers/dig.js';
import { freePort } from '../peers/free-port.js';
import { describeWithTools } from '../peers/tools.js';

function zoneText(serial: number, body: string): string {
  return `$TTL 300\n@ SOA ns hm ${serial} 3600 600 86400 300\n@ NS ns\nns A 192.0.2.53\n${body}\n`;
}

/** A database holding example.org after three versions: two journal steps. */
async function history(): Promise<{ dir: string; db: string; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'alias-xfr-journal-cli-'));
  const db = join(dir, 'j.db');
  const file = join(dir, 'zone.db');
  for (const [serial, body] of [
    [1, 'a A 192.0.2.1'],
    [2, 'a A 192.0.2.2'],
    [3, 'a A 192.0.2.2\nb TXT "hello"'],
  ] as const) {
    writeFileSync(file, zoneText(serial, body));
    const result = await runCli(['zone', 'import', '--db', db, `example.org=${file}`], dir);
    expect(result.code).toBe(0);
  }
  return { dir, db, file };
}

describe('alias-xfr journal', () => {
  it('lists one line per step with serials, time, cause and counts', async () => {
    const { dir, db } = await history();
    const result = await runCli(['journal', 'example.org', '--db', db], dir);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^1 -> 2\t\d{4}-\d\d-\d\dT\S+Z\treload\t-2 \+2$/);
    expect(lines[1]).toMatch(/^2 -> 3\t\S+\treload\t-1 \+2$/);
  });

  it('shows one step as -/+ zone-file lines, and as JSON lines', async () => {
    const { dir, db } = await history();
    const text = await runCli(['journal', 'example.org', '--db', db, '--serial', '2'], dir);
    expect(text.stdout.split('\n').filter(Boolean)).toEqual([
      '-example.org.\t300\tIN\tSOA\tns.example.org. hm.example.org. 1 3600 600 86400 300',
      '-a.example.org.\t300\tIN\tA\t192.0.2.1',
      '+example.org.\t300\tIN\tSOA\tns.example.org. hm.example.org. 2 3600 600 86400 300',
      '+a.example.org.\t300\tIN\tA\t192.0.2.2',
    ]);
    const json = await runCli(['journal', 'example.org', '--db', db, '--json'], dir);
    expect(JSON.parse(json.stdout.split('\n')[0]!)).toMatchObject({
      from: 1,
      to: 2,
      cause: 'reload',
      removed: 2,
      added: 2,
    });
    const step = await runCli(
      ['journal', 'example.org', '--db', db, '--serial', '3', '--json'],
      dir,
    );
    expect(JSON.parse(step.stdout.split('\n').at(-2)!)).toEqual({
      op: '+',
      owner: 'b.example.org.',
      ttl: 300,
      type: 'TXT',
      rdata: '"hello"',
    });
  });

  it('verifies a journal it wrote and fails, exit 1, on one altered behind its back', async () => {
    const { dir, db } = await history();
    const ok = await runCli(['journal', 'verify', 'example.org', '--db', db], dir);
    expect(ok).toMatchObject({
      code: 0,
      stdout: 'example.org. serial 3: journal ok (2 steps, 5 records)\n',
    });

    const raw = new BetterSqlite3(db);
    raw
      .prepare(
        "UPDATE published_records SET rdata = x'c0000263' WHERE type = 1 AND rdata = x'c0000202'",
      )
      .run();
    raw.close();
    const bad = await runCli(['journal', 'verify', '--db', db], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^alias-xfr: journal of example\.org\. is inconsistent: .*fingerprint/,
    );
  });

  it('drops a journal on demand', async () => {
    const { dir, db } = await history();
    expect((await runCli(['journal', 'drop', 'example.org', '--db', db], dir)).stdout).toBe(
      'example.org.: dropped 2 journal steps\n',
    );
    expect((await runCli(['journal', 'example.org', '--db', db], dir)).stdout).toBe('');
  });

  it('says which zone it does not know', async () => {
    const { dir, db } = await history();
    const result = await runCli(['journal', 'nope.example', '--db', db], dir);
    expect(result).toMatchObject({
      code: 1,
      stderr: `alias-xfr: no zone nope.example. in ${db}\n`,
    });
  });
});

describeWithTools('zone import beside a running serve', ['dig'], () => {
  it('is served at its new serial within one second, without a restart', async () => {
    const { dir, db, file } = await history();
    const port = await freePort();
    const serve = startServe(['--db', db, '--listen', `127.0.0.1:${port}`], dir);
    try {
      await serve.ready();
      expect(await digSerial('127.0.0.1', port, 'example.org')).toBe(3);
      writeFileSync(file, zoneText(4, 'a A 192.0.2.4'));
      const imported = await runCli(['zone', 'import', '--db', db, `example.org=${file}`], dir);
      expect(imported.code).toBe(0);
      const done = performance.now();
      let serial: number | null = null;
      while (performance.now() - done < 1000 && serial !== 4) {
        serial = await digSerial('127.0.0.1', port, 'example.org');
      }
      expect(serial).toBe(4);
      // The zone list (used for NOTIFY and transfers) follows on its next poll.
      const noticed = '"cause":"changed by another process"';
      while (performance.now() - done < 1000 && !serve.log().includes(noticed)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(serve.log()).toContain(noticed);
    } finally {
      await serve.stop();
    }
  });
});

describe('alias-xfr refresh', () => {
  it('is taken by the serve running on the same database', async () => {
    const { dir, db } = await history();
    const port = await freePort();
    const serve = startServe(['--db', db, '--listen', `127.0.0.1:${port}`], dir);
    try {
      await serve.ready();
      const result = await runCli(['refresh', 'example.org', '--db', db], dir);
      expect(result).toMatchObject({
        code: 0,
        stdout: 'example.org.: refresh taken by the running server\n',
      });
      expect(serve.log()).toContain('alias refresh requested');
    } finally {
      await serve.stop();
    }
  });

  it('fails and withdraws the request when no server takes it', async () => {
    const { dir, db } = await history();
    const result = await runCli(['refresh', 'example.org', '--db', db, '--wait', '1s'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `alias-xfr: no running alias-xfr serve took the request within 1s; is one serving ${db}?\n`,
    );
    const raw = new BetterSqlite3(db);
    expect(raw.prepare('SELECT count(*) AS n FROM refresh_requests').get()).toEqual({ n: 0 });
    raw.close();
  });
});
