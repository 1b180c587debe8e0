import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importZoneFile } from '../../src/daemon/import-zone.js';
import { AddressAcl } from '../../src/server/acl.js';
import { startDnsServer } from '../../src/server/dns-server.js';
import type { RunningServer, ServerOptions } from '../../src/server/dns-server.js';
import { TcpConnectionPool } from '../../src/server/tcp-connection-pool.js';
import { ZoneIndex } from '../../src/server/zone-index.js';
import { Store } from '../../src/store/store.js';
import { decodeMessage } from '../../src/wire/message.js';
import { parseName } from '../../src/wire/name.js';
import { RRType } from '../../src/wire/rr-types.js';
import { writeBigZone } from '../helpers/big-zone.js';
import type { BigZone } from '../helpers/big-zone.js';
import { captureLog } from '../helpers/log-capture.js';
import type { CapturedLog } from '../helpers/log-capture.js';
import { DnsTcpClient, encodeQuery, readReply, receiveAxfr } from '../helpers/raw-dns.js';

const ZONE = `$ORIGIN example.org.
$TTL 3600
@    SOA  ns1 hostmaster 1 3600 600 86400 300
@    NS   ns1
ns1  A    192.0.2.1
www  A    192.0.2.10
`;
const ZONE_RECORDS = 4;

const MESSAGE_TIMED_OUT = 'closing connection: message not completed in time';
const EVICTED = 'closing connection to make room for a new one';
const NEWCOMER_DROPPED = 'closing new tcp connection: every connection is answering';
const LIMIT_WARNING = 'tcp connection limit reached; closing slow connections';

/** A database of its own in a fresh folder, holding the given zone files. */
interface ZoneStore {
  readonly store: Store;
  remove(): void;
}

async function openZoneStore(zones: { name: string; file?: string; text?: string }[]) {
  const dir = mkdtempSync(join(tmpdir(), 'alias-xfr-slow-'));
  const store = Store.open(join(dir, 'test.db'));
  const log = captureLog().log;
  for (const [i, zone] of zones.entries()) {
    let file = zone.file;
    if (file === undefined) {
      file = join(dir, `zone${i}.db`);
      writeFileSync(file, zone.text ?? '');
    }
    await importZoneFile(
      { zone: parseName(`${zone.name}.`, null), file },
      { store, upstream: null, log },
    );
  }
  return {
    store,
    remove() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  } satisfies ZoneStore;
}

interface SlowServer {
  readonly port: number;
  readonly logs: CapturedLog;
  close(): Promise<void>;
}

/** Serves `store` on 127.0.0.1 with a free port, logging at debug into `logs`. */
async function serve(
  store: Store,
  options: Partial<Omit<ServerOptions, 'listen'>>,
): Promise<SlowServer> {
  const logs = captureLog('debug');
  const ctx = {
    data: store,
    zones: new ZoneIndex(store),
    transferAcl: new AddressAcl(['127.0.0.0/8']),
    log: logs.log,
  };
  const server: RunningServer = await startDnsServer(ctx, store, {
    listen: [{ host: '127.0.0.1', port: 0 }],
    maxTcpConnections: options.maxTcpConnections ?? 50,
    tcpIdleTimeoutMs: options.tcpIdleTimeoutMs ?? 10_000,
    tcpMessageTimeoutMs: options.tcpMessageTimeoutMs,
  });
  return { port: server.addresses[0]!.port, logs, close: () => server.close() };
}

function query(name: string, type: number, id: number): Buffer {
  return encodeQuery({ name, type, id });
}

function framed(message: Buffer): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length, 0);
  return Buffer.concat([prefix, message]);
}

/** Sends `bytes` one at a time, every `everyMs`, until they run out or the connection closes. */
function trickle(client: DnsTcpClient, bytes: Buffer, everyMs: number): void {
  let sent = 1;
  client.writeRaw(bytes.subarray(0, 1));
  const timer = setInterval(() => {
    if (sent >= bytes.length) clearInterval(timer);
    else client.writeRaw(bytes.subarray(sent, ++sent));
  }, everyMs);
  void client.closed.then(() => clearInterval(timer));
}

/** A client trickling a query whose last byte is 35 × `everyMs` away. */
async function trickler(port: number, everyMs = 200): Promise<DnsTcpClient> {
  const client = await DnsTcpClient.connect(port);
  trickle(client, framed(query('www.example.org', RRType.A, 0x7777)), everyMs);
  return client;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the deadline for one TCP message', () => {
  let zones: ZoneStore;
  let server: SlowServer;

  beforeAll(async () => {
    zones = await openZoneStore([{ name: 'example.org', text: ZONE }]);
    server = await serve(zones.store, { tcpIdleTimeoutMs: 10_000, tcpMessageTimeoutMs: 1000 });
  });

  afterAll(async () => {
    await server.close();
    zones.remove();
  });

  it('closes a connection trickling one byte every 200 ms once the deadline passes', async () => {
    const started = performance.now();
    const client = await trickler(server.port, 200);
    try {
      // Each byte comes well within the idle timeout; only the message deadline can close it.
      expect(await client.closesWithin(5000)).toBe(true);
      expect(performance.now() - started).toBeGreaterThan(900);
      expect(server.logs.count(MESSAGE_TIMED_OUT)).toBe(1);
    } finally {
      client.destroy();
    }
  });

  it('keeps a connection sending whole queries further apart than the deadline', async () => {
    const client = await DnsTcpClient.connect(server.port);
    try {
      for (let id = 1; id <= 2; id++) {
        client.send(query('www.example.org', RRType.A, id));
        expect(readReply(await client.receive()).message.header.id).toBe(id);
        await sleep(1300);
      }
      client.send(query('www.example.org', RRType.A, 3));
      expect(readReply(await client.receive()).message.header.id).toBe(3);
    } finally {
      client.destroy();
    }
  });

  it('answers a query whose pieces arrive within the deadline', async () => {
    const client = await DnsTcpClient.connect(server.port);
    try {
      const bytes = framed(query('www.example.org', RRType.A, 21));
      for (const piece of [bytes.subarray(0, 1), bytes.subarray(1, 9), bytes.subarray(9)]) {
        client.writeRaw(piece);
        await sleep(100);
      }
      expect(readReply(await client.receive()).message.header.id).toBe(21);
    } finally {
      client.destroy();
    }
  });
});

describe('the TCP connection limit filled with trickling clients', () => {
  let zones: ZoneStore;
  let server: SlowServer;

  beforeAll(async () => {
    zones = await openZoneStore([{ name: 'example.org', text: ZONE }]);
    // Deadlines far beyond the test: only eviction can free a slot here.
    server = await serve(zones.store, {
      maxTcpConnections: 4,
      tcpIdleTimeoutMs: 30_000,
      tcpMessageTimeoutMs: 30_000,
    });
  });

  afterAll(async () => {
    await server.close();
    zones.remove();
  });

  it('answers a new client, AXFR included, by closing the tricklers that came first', async () => {
    const tricklers: DnsTcpClient[] = [];
    const clients: DnsTcpClient[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        tricklers.push(await trickler(server.port));
        await sleep(50);
      }

      const asker = await DnsTcpClient.connect(server.port);
      clients.push(asker);
      asker.send(query('www.example.org', RRType.A, 31));
      expect(readReply(await asker.receive()).answer).toEqual([
        'www.example.org. 3600 A 192.0.2.10',
      ]);

      const secondary = await DnsTcpClient.connect(server.port);
      clients.push(secondary);
      secondary.send(query('example.org', RRType.AXFR, 32));
      const transfer = (await receiveAxfr(secondary)).map((bytes) => decodeMessage(bytes));
      expect(transfer.flatMap((m) => m.answers)).toHaveLength(ZONE_RECORDS + 1);

      expect(await tricklers[0]!.closesWithin(2000)).toBe(true);
      expect(await tricklers[1]!.closesWithin(2000)).toBe(true);
      expect(await tricklers[2]!.closesWithin(300)).toBe(false);
      expect(await tricklers[3]!.closesWithin(300)).toBe(false);
      expect(server.logs.count(EVICTED)).toBe(2);
      // One warning for the minute, telling of the first connection closed.
      const warnings = server.logs.lines.filter((line) => line.msg === LIMIT_WARNING);
      expect(warnings).toMatchObject([{ limit: 4, evicted: 1, dropped: 0 }]);
    } finally {
      for (const client of [...tricklers, ...clients]) client.destroy();
    }
  });
});

describe('the TCP connection limit with transfers in progress', () => {
  let big: BigZone;
  let zones: ZoneStore;

  beforeAll(async () => {
    // Far more than loopback socket buffers hold, so a client that stops reading stalls it.
    big = writeBigZone('big.example.', 25_000, 400);
    zones = await openZoneStore([
      { name: 'example.org', text: ZONE },
      { name: 'big.example', file: big.file },
    ]);
  });

  afterAll(() => {
    zones.remove();
    big.remove();
  });

  /** A client whose AXFR of the big zone is under way and stalled on its not reading. */
  async function stalledTransfer(port: number, id: number): Promise<DnsTcpClient> {
    const client = await DnsTcpClient.connect(port);
    client.pauseReading();
    client.send(query('big.example', RRType.AXFR, id));
    return client;
  }

  async function transferredRecords(client: DnsTcpClient): Promise<number> {
    client.resumeReading();
    const messages = await receiveAxfr(client);
    return messages.flatMap((bytes) => decodeMessage(bytes).answers).length;
  }

  it('closes the newcomer, not a transfer, when every connection is sending one', async () => {
    const server = await serve(zones.store, { maxTcpConnections: 2, tcpIdleTimeoutMs: 30_000 });
    const clients: DnsTcpClient[] = [];
    try {
      clients.push(await stalledTransfer(server.port, 41));
      clients.push(await stalledTransfer(server.port, 42));
      await sleep(500);

      const newcomer = await DnsTcpClient.connect(server.port);
      clients.push(newcomer);
      newcomer.send(query('www.example.org', RRType.A, 43));
      await expect(newcomer.receive(3000)).rejects.toThrow(/closed/);

      expect(await transferredRecords(clients[0]!)).toBe(big.records + 1);
      expect(await transferredRecords(clients[1]!)).toBe(big.records + 1);
      expect(server.logs.count(EVICTED)).toBe(0);
      expect(server.logs.count(NEWCOMER_DROPPED)).toBe(1);
      const warnings = server.logs.lines.filter((line) => line.msg === LIMIT_WARNING);
      expect(warnings).toMatchObject([{ limit: 2, evicted: 0, dropped: 1 }]);
    } finally {
      for (const client of clients) client.destroy();
      await server.close();
    }
  });

  it('closes a trickler rather than a transfer that has gone longer without a query', async () => {
    const server = await serve(zones.store, { maxTcpConnections: 2, tcpIdleTimeoutMs: 30_000 });
    const clients: DnsTcpClient[] = [];
    try {
      const transfer = await stalledTransfer(server.port, 51);
      clients.push(transfer);
      await sleep(300);
      const slow = await trickler(server.port);
      clients.push(slow);
      await sleep(300);

      const newcomer = await DnsTcpClient.connect(server.port);
      clients.push(newcomer);
      newcomer.send(query('www.example.org', RRType.A, 52));
      expect(readReply(await newcomer.receive()).message.header.id).toBe(52);

      expect(await slow.closesWithin(2000)).toBe(true);
      expect(await transferredRecords(transfer)).toBe(big.records + 1);
    } finally {
      for (const client of clients) client.destroy();
      await server.close();
    }
  });
});

describe('clients below the TCP connection limit', () => {
  let zones: ZoneStore;
  let server: SlowServer;

  beforeAll(async () => {
    zones = await openZoneStore([{ name: 'example.org', text: ZONE }]);
    server = await serve(zones.store, { maxTcpConnections: 4, tcpMessageTimeoutMs: 300 });
  });

  afterAll(async () => {
    await server.close();
    zones.remove();
  });

  it('answers three clients pipelining 200 queries each, all in order', async () => {
    const clients = await Promise.all([0, 1, 2].map(() => DnsTcpClient.connect(server.port)));
    try {
      for (const [c, client] of clients.entries()) {
        for (let i = 0; i < 200; i++) client.send(query('www.example.org', RRType.A, c * 1000 + i));
      }

      for (const [c, client] of clients.entries()) {
        for (let i = 0; i < 200; i++) {
          expect(readReply(await client.receive()).message.header.id).toBe(c * 1000 + i);
        }
      }
      expect(server.logs.count(MESSAGE_TIMED_OUT)).toBe(0);
      expect(server.logs.count(EVICTED)).toBe(0);
      expect(server.logs.count(LIMIT_WARNING)).toBe(0);
    } finally {
      for (const client of clients) client.destroy();
    }
  });
});

describe('TcpConnectionPool choosing a connection to close', () => {
  function connection(lastProgressAt: number, isAnswering = false) {
    const fake = {
      lastProgressAt,
      isAnswering,
      evicted: false,
      evict: () => (fake.evicted = true),
      destroy: () => {},
    };
    return fake;
  }

  it('closes the connection that has gone longest without completing a message', () => {
    const pool = new TcpConnectionPool(3, captureLog().log);
    const recent = connection(300);
    const oldest = connection(100);
    const middle = connection(200);
    for (const c of [recent, oldest, middle]) pool.add(c);

    expect(pool.makeRoom('192.0.2.1')).toBe(true);
    expect([recent.evicted, oldest.evicted, middle.evicted]).toEqual([false, true, false]);
    expect(pool.size).toBe(2);
  });

  it('passes over connections that are answering, however old', () => {
    const pool = new TcpConnectionPool(2, captureLog().log);
    const transfer = connection(0, true);
    const idle = connection(500);
    pool.add(transfer);
    pool.add(idle);

    expect(pool.makeRoom('192.0.2.1')).toBe(true);
    expect([transfer.evicted, idle.evicted]).toEqual([false, true]);
  });

  it('turns the newcomer away when every connection is answering', () => {
    const pool = new TcpConnectionPool(2, captureLog().log);
    pool.add(connection(0, true));
    pool.add(connection(1, true));

    expect(pool.makeRoom('192.0.2.1')).toBe(false);
    expect(pool.size).toBe(2);
  });

  it('warns at most once a minute, counting the connections closed and turned away', () => {
    const logs = captureLog();
    let now = 0;
    const pool = new TcpConnectionPool(1, logs.log, () => now);
    pool.add(connection(0, true));

    for (let i = 0; i < 5; i++) {
      pool.makeRoom('192.0.2.1');
      now += 10_000;
    }
    now = 61_000;
    pool.makeRoom('192.0.2.2');

    const warnings = logs.lines.filter((line) => line.msg === LIMIT_WARNING);
    expect(warnings).toMatchObject([
      { limit: 1, evicted: 0, dropped: 1 },
      { limit: 1, evicted: 0, dropped: 5, remote: '192.0.2.2' },
    ]);
  });
});
