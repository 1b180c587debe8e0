import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digAxfr } from '../peers/dig.js';
import { dig } from '../peers/dig.js';
import { runCli, startServe } from '../helpers/run-cli.js';
import type { ServeProcess } from '../helpers/run-cli.js';
import { describeWithTools } from '../peers/tools.js';

const ZONE = `$TTL 300
@ SOA ns1.example.net. hm.example.org. 7 3600 600 86400 300
@ NS ns1.example.net.
@ ALIAS www
www A 192.0.2.1
www AAAA 2001:db8::1
`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'alias-xfr-cli-'));
}

function writeZone(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('alias-xfr zone', () => {
  it('imports, lists and exports a zone in source and published form', async () => {
    const dir = tempDir();
    const file = writeZone(dir, 'org.zone', ZONE);
    const db = join(dir, 'x.db');

    const imported = await runCli(['zone', 'import', '--db', db, `example.org=${file}`], dir);
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.stdout).toBe('example.org. serial 7: imported 5 records, 6 published\n');

    const list = await runCli(['zone', 'list', '--db', db, '--json'], dir);
    expect(JSON.parse(list.stdout)).toEqual({
      zone: 'example.org.',
      serial: 7,
      source: 5,
      published: 6,
    });

    const source = await runCli(['zone', 'export', '--db', db, 'example.org'], dir);
    expect(source.stdout).toMatch(/^example\.org\.\t300\tIN\tALIAS\twww\.example\.org\.$/m);

    const published = await runCli(
      ['zone', 'export', '--db', db, 'example.org', '--published'],
      dir,
    );
    expect(published.stdout).not.toMatch(/ALIAS|TYPE65401/);
    expect(published.stdout).toMatch(/^example\.org\.\t300\tIN\tA\t192\.0\.2\.1$/m);
    expect(published.stdout).toMatch(/^example\.org\.\t300\tIN\tAAAA\t2001:db8::1$/m);
  });

  it('says a re-import of an unchanged file changed nothing', async () => {
    const dir = tempDir();
    const file = writeZone(dir, 'org.zone', ZONE);
    await runCli(['zone', 'import', '--db', join(dir, 'x.db'), `example.org=${file}`], dir);
    const again = await runCli(
      ['zone', 'import', '--db', join(dir, 'x.db'), `example.org=${file}`],
      dir,
    );
    expect(again.stdout).toBe('example.org. serial 7: unchanged\n');
  });

  it('rejects a broken zone file with file:line and stores nothing of it', async () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    const file = writeZone(dir, 'bad.zone', ZONE + 'mail A 192.0.2.300\n');
    const result = await runCli(['zone', 'import', '--db', db, `example.org=${file}`], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^alias-xfr: .*bad\.zone:7: .*192\.0\.2\.300\n$/);
    const list = await runCli(['zone', 'list', '--db', db], dir);
    expect(list.stdout).toBe('');
  });

  it('refuses an outside ALIAS target without a resolver and says how to set one', async () => {
    const dir = tempDir();
    const file = writeZone(dir, 'org.zone', ZONE.replace('@ ALIAS www', '@ ALIAS lb.example.net.'));
    const result = await runCli(
      ['zone', 'import', '--db', join(dir, 'x.db'), `example.org=${file}`],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'no upstream resolver is configured: pass --resolver ADDR:PORT',
    );
  });

  it('names the zone a NAME=FILE argument lacks', async () => {
    const result = await runCli(['zone', 'import', 'example.org'], tempDir());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('alias-xfr: expected NAME=FILE, got example.org\n');
  });

  it('reports an unreadable file in one line', async () => {
    const dir = tempDir();
    const result = await runCli(
      ['zone', 'import', '--db', join(dir, 'x.db'), 'example.org=/nonexistent/z'],
      dir,
    );
    expect(result).toMatchObject({
      code: 1,
      stderr: 'alias-xfr: /nonexistent/z: cannot read zone file (ENOENT)\n',
    });
  });

  it('reports an unknown flag in one line, exit 1', async () => {
    const result = await runCli(['zone', 'list', '--bogus'], tempDir());
    expect(result).toMatchObject({ code: 1, stderr: "alias-xfr: unknown option '--bogus'\n" });
  });

  it('does not create a database for a command that only reads', async () => {
    const dir = tempDir();
    const db = join(dir, 'typo', 'x.db');
    const result = await runCli(['zone', 'list', '--db', db], dir);
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr).toBe(
      `alias-xfr: no database at ${db} (give --db, or import a zone first)\n`,
    );
    expect(existsSync(join(dir, 'typo'))).toBe(false);
  });

  it('rejects a log level pino does not know before touching the database', async () => {
    const dir = tempDir();
    const file = writeZone(dir, 'org.zone', ZONE);
    const result = await runCli(
      ['zone', 'import', '--log-level', 'loud', `example.org=${file}`],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^alias-xfr: --log-level: expected one of .*, got loud\n$/);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('reports a file that is not a database in one line', async () => {
    const dir = tempDir();
    const db = writeZone(dir, 'garbage.db', 'x'.repeat(4096));
    const result = await runCli(['zone', 'list', '--db', db], dir);
    expect(result).toMatchObject({
      code: 1,
      stderr: `alias-xfr: cannot open database ${db}: file is not a database\n`,
    });
  });
});

describe('alias-xfr serve', () => {
  let serve: ServeProcess | undefined;
  afterEach(async () => {
    await serve?.stop();
    serve = undefined;
  });

  it('fails with one line when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dir = tempDir();
    const file = writeZone(dir, 'org.zone', ZONE);
    const args = [
      'serve',
      '--db',
      join(dir, 'x.db'),
      '--listen',
      `127.0.0.1:${port}`,
      '--zone',
      `example.org=${file}`,
    ];
    const result = await runCli(args, dir);
    blocker.close();
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      `alias-xfr: cannot listen on 127.0.0.1:${port}: address already in use`,
    );
  });

  it('rejects a listen address that is not an IP address', async () => {
    const result = await runCli(['serve', '--listen', 'localhost:53'], tempDir());
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr).toContain('--listen: not an IP address: localhost:53');
  });
});

describeWithTools('alias-xfr serve with no options', ['dig'], () => {
  it('serves the shipped zones on 127.0.0.1:5300 with the apex ALIAS flattened', async () => {
    const dir = tempDir();
    const serve = startServe([], dir);
    try {
      await serve.ready();
      const records = await digAxfr('127.0.0.1', 5300, 'example.com');
      expect(records.some((r) => / (ALIAS|TYPE65401) /.test(r))).toBe(false);
      expect(records).toContain('example.com. 300 IN A 192.0.2.10');
      expect(records).toContain('example.com. 300 IN AAAA 2001:db8::10');
      const answer = await dig(['@127.0.0.1', '-p', '5300', 'example.com', 'A', '+norec']);
      expect(answer.stdout).toMatch(/flags: qr aa;/);
      expect(answer.stdout).toMatch(/^example\.com\.\s+300\s+IN\s+A\s+192\.0\.2\.11$/m);
    } finally {
      await serve.stop();
    }
  });
});

describe('alias-xfr serve options', () => {
  it.each([
    [['--notify', '127.0.0.1:0'], 'alias-xfr: --notify: port 0 in 127.0.0.1:0'],
    [['--resolver', '127.0.0.1:0'], 'alias-xfr: --resolver: port 0 in 127.0.0.1:0'],
    [
      ['--allow-transfer', '10.0.0.0/33'],
      'alias-xfr: --allow-transfer: bad prefix length in 10.0.0.0/33 (0-32)',
    ],
    [
      ['--tcp-idle-timeout', '3000000'],
      'alias-xfr: --tcp-idle-timeout: expected a whole number from 1 to 86400, got 3000000',
    ],
    [
      ['--alias-on-nxdomain', 'drop'],
      'alias-xfr: --alias-on-nxdomain: expected keep or withdraw, got drop',
    ],
  ])('rejects %j in one line', async (args, message) => {
    const dir = tempDir();
    const result = await runCli(
      ['serve', '--db', join(dir, 'x.db'), '--listen', '127.0.0.1:0', ...args],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(message);
  });
});

describe('inputs that must change nothing', () => {
  it('refuses a SQLite file of another application and leaves it untouched', async () => {
    const dir = tempDir();
    const db = join(dir, 'other.db');
    const raw = new BetterSqlite3(db);
    raw.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    raw.close();
    const before = readFileSync(db);
    for (const args of [
      ['zone', 'list'],
      ['journal', 'verify'],
    ]) {
      const result = await runCli([...args, '--db', db], dir);
      expect(result).toMatchObject({
        code: 1,
        stderr: `alias-xfr: ${db} is not an alias-xfr database (it holds other tables)\n`,
      });
    }
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('refuses a zone file too large to hold, in one line', async () => {
    const dir = tempDir();
    const file = join(dir, 'huge.zone');
    const handle = openSync(file, 'w');
    ftruncateSync(handle, 300 * 1024 * 1024); // sparse: costs no disk
    closeSync(handle);
    const result = await runCli(['zone', 'check', `huge.test=${file}`], dir);
    expect(result).toMatchObject({ code: 1, stderr: `alias-xfr: ${file}: larger than 256 MiB\n` });
  });

  it('stops serve on bad ALIAS intervals before opening the database or a port', async () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    const result = await runCli(
      ['serve', '--db', db, '--listen', '127.0.0.1:0', '--alias-min-interval', '2h'],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'alias-xfr: --alias-min-interval (7200 s) must be positive and not above --alias-max-interval (3600 s)\n',
    );
    expect(existsSync(db)).toBe(false);
  });
});
