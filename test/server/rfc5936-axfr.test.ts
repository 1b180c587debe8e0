import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rcode } from '../../src/wire/message.js';
import type { Message, WireRecord } from '../../src/wire/message.js';
import { decodeMessage } from '../../src/wire/message.js';
import { formatName, lowerName, parseName } from '../../src/wire/name.js';
import { canonicalRdata } from '../../src/wire/rdata.js';
import { RRType } from '../../src/wire/rr-types.js';
import type { ZoneRecord } from '../../src/zone/record.js';
import { soaSerial } from '../../src/zone/serial.js';
import { dig, digAxfr, kdigAxfr } from '../peers/dig.js';
import { requireTool } from '../peers/tools.js';
import { writeBigZone } from '../helpers/big-zone.js';
import type { BigZone } from '../helpers/big-zone.js';
import { captureLog } from '../helpers/log-capture.js';
import type { CapturedLog } from '../helpers/log-capture.js';
import {
  DnsTcpClient,
  encodeQuery,
  queryTcp,
  queryUdp,
  receiveAxfr,
  sendUdp,
} from '../helpers/raw-dns.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

// A small zone with an ALIAS, whose transfer must carry the flattened addresses instead.
const SMALL_ZONE = `$ORIGIN example.org.
$TTL 3600
@          SOA   ns1 hostmaster 2024010101 3600 600 86400 300
@          NS    ns1
@          NS    ns2.example.net.
@      600 ALIAS www
@          MX    10 mail
@          TXT   "v=spf1 mx -all"
ns1        A     192.0.2.1
www    300 A     192.0.2.10
www    300 AAAA  2001:db8::10
mail       A     192.0.2.25
Mixed.Case A     192.0.2.26
alias2     ALIAS mail
*.apps     CNAME www
sub        NS    ns.sub
ns.sub     A     192.0.2.53
`;

// 25,000 hosts with an A and a TXT each: 50,003 records. The TXT filler makes the transfer
// about 11 MB, well past what loopback socket buffers absorb (about 4 MB here), so a client
// that stops reading really does stall it.
const BIG_HOSTS = 25_000;
const BIG_TXT_LENGTH = 400;
const TRANSFER_FINISHED = 'outgoing transfer finished';

/** A record in a form where compression and letter case no longer matter. */
function recordKey(r: ZoneRecord | WireRecord): string {
  const rdata = canonicalRdata(r.type, r.rdata).toString('hex');
  return `${lowerName(r.owner).toString('hex')} ${r.type} ${r.ttl} ${rdata}`;
}

function axfrQuery(zone: string, id = 0xa1): Buffer {
  return encodeQuery({ name: zone, type: RRType.AXFR, id });
}

/** Sends one AXFR on a fresh connection and decodes every message of the reply. */
async function rawAxfr(port: number, zone: string, id = 0xa1): Promise<Message[]> {
  const client = await DnsTcpClient.connect(port);
  try {
    client.send(axfrQuery(zone, id));
    return (await receiveAxfr(client)).map((bytes) => decodeMessage(bytes));
  } finally {
    client.destroy();
  }
}

function zoneId(server: TestServer, zone: string): number {
  const info = server.daemon.store.zoneByName(parseName(zone, null));
  if (!info) throw new Error(`zone ${zone} is not in the store`);
  return info.id;
}

describe('RFC 5936 AXFR of a small zone', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer([{ name: 'example.org', text: SMALL_ZONE }]);
  });

  afterAll(async () => {
    await server.stop();
  });

  it('starts and ends the transfer with the same SOA (RFC 5936 §2.2)', async (ctx) => {
    requireTool('dig', ctx);
    // digAxfr throws unless the first and last records are the same SOA.
    const records = await digAxfr('127.0.0.1', server.port, 'example.org.');

    expect(records.filter((line) => line.split(' ')[3] === 'SOA')).toHaveLength(1);
    const answers = (await rawAxfr(server.port, 'example.org.')).flatMap((m) => m.answers);
    expect(answers[0]?.type).toBe(RRType.SOA);
    expect(answers.at(-1)?.type).toBe(RRType.SOA);
    expect(answers.filter((r) => r.type === RRType.SOA)).toHaveLength(2);
  });

  it('transfers flattened addresses, never an ALIAS or TYPE65401 record', async (ctx) => {
    requireTool('dig', ctx);
    const records = await digAxfr('127.0.0.1', server.port, 'example.org.');

    expect(records.some((line) => /\b(ALIAS|TYPE65401)\b/.test(line))).toBe(false);
    expect(records).toContain('example.org. 300 IN A 192.0.2.10');
    expect(records).toContain('example.org. 300 IN AAAA 2001:db8::10');
    expect(records).toContain('alias2.example.org. 3600 IN A 192.0.2.25');
  });

  it('gives kdig the same records as dig', async (ctx) => {
    requireTool('dig', ctx);
    requireTool('kdig', ctx);

    const viaDig = await digAxfr('127.0.0.1', server.port, 'example.org.');
    expect(await kdigAxfr('127.0.0.1', server.port, 'example.org.')).toEqual(viaDig);
  });

  it('transfers exactly the published records of the zone', async () => {
    const messages = await rawAxfr(server.port, 'example.org.');
    const sent = messages.flatMap((m) => m.answers).slice(0, -1);
    const published = server.daemon.store.publishedRecords(zoneId(server, 'example.org.'));

    expect(sent.map(recordKey).sort()).toEqual(published.map(recordKey).sort());
    expect(sent.every((r) => r.class === 1)).toBe(true);
  });

  it('sets AA and echoes the ID and question in the reply', async () => {
    const [first] = await rawAxfr(server.port, 'example.org.', 0x7e57);

    expect(first?.header.id).toBe(0x7e57);
    expect(first?.header.aa).toBe(true);
    expect(first?.header.rcode).toBe(Rcode.NOERROR);
    expect(first?.questions).toHaveLength(1);
    expect(first?.questions[0]?.type).toBe(RRType.AXFR);
  });

  it('refuses AXFR over UDP with an error RCODE (RFC 5936 §4.2: TCP only)', async () => {
    const reply = await queryUdp(server.port, { name: 'example.org', type: RRType.AXFR, id: 9 });

    expect(reply.message.header.id).toBe(9);
    expect(reply.rcode).not.toBe(Rcode.NOERROR);
    expect(reply.answer).toEqual([]);
  });

  // RFC 5936 §2.2.1: a server not authoritative for the queried zone SHOULD answer NotAuth.
  it('answers NOTAUTH to an AXFR of a name inside a zone that is not its apex', async () => {
    const reply = await queryTcp(server.port, { name: 'www.example.org', type: RRType.AXFR });

    expect(reply.rcode).toBe(Rcode.NOTAUTH);
    expect(reply.answer).toEqual([]);
  });

  it('answers NOTAUTH to an AXFR of a zone we do not serve', async () => {
    const reply = await queryTcp(server.port, { name: 'example.net', type: RRType.AXFR });

    expect(reply.rcode).toBe(Rcode.NOTAUTH);
  });
});

describe('RFC 5936 AXFR of a large zone', () => {
  let server: TestServer;
  let big: BigZone;
  let logs: CapturedLog;

  beforeAll(async () => {
    big = writeBigZone('big.example.', BIG_HOSTS, BIG_TXT_LENGTH);
    logs = captureLog();
    server = await startTestServer([{ name: 'big.example', file: big.file }], { log: logs.log });
  });

  afterAll(async () => {
    await server.stop();
    big.remove();
  });

  it('spreads the zone over several messages, as dig counts them', async (ctx) => {
    requireTool('dig', ctx);
    const run = await dig(['@127.0.0.1', '-p', String(server.port), 'big.example.', 'AXFR']);
    const size = /XFR size: (\d+) records \(messages (\d+), bytes (\d+)\)/.exec(run.stdout);

    expect(size, run.stdout.slice(-500)).not.toBeNull();
    expect(Number(size![1])).toBe(big.records + 1);
    expect(Number(size![2])).toBeGreaterThan(1);
  });

  it('puts the question in the first message only, each message at most 65535 bytes', async () => {
    const client = await DnsTcpClient.connect(server.port);
    let raw: Buffer[];
    try {
      client.send(axfrQuery('big.example.', 0xb16));
      raw = await receiveAxfr(client);
    } finally {
      client.destroy();
    }
    const messages = raw.map((bytes) => decodeMessage(bytes));

    expect(messages.length).toBeGreaterThan(1);
    expect(raw.every((bytes) => bytes.length <= 65535)).toBe(true);
    expect(messages.map((m) => m.header.qdcount)).toEqual([1, ...messages.slice(1).map(() => 0)]);
    expect(messages.every((m) => m.header.id === 0xb16 && m.header.aa)).toBe(true);
    // Packed, not one record a message: most messages are well over half full.
    expect(raw.slice(0, -1).every((bytes) => bytes.length > 32_768)).toBe(true);
    const answers = messages.flatMap((m) => m.answers);
    expect(answers).toHaveLength(big.records + 1);
    expect(answers[0]?.type).toBe(RRType.SOA);
    expect(answers.at(-1)?.type).toBe(RRType.SOA);
    // Compression pointers reach only the first 16 KiB of each message; every name decodes.
    const published = server.daemon.store.publishedRecords(zoneId(server, 'big.example.'));
    expect(answers.slice(0, -1).map(recordKey).sort()).toEqual(published.map(recordKey).sort());
  });

  it('keeps answering UDP queries while a transfer waits for a client that stopped reading', async () => {
    const finishedBefore = logs.count(TRANSFER_FINISHED);
    const slow = await DnsTcpClient.connect(server.port);
    try {
      slow.pauseReading();
      slow.send(axfrQuery('big.example.', 0x510));
      // Let the server fill the socket buffers and start waiting for them to drain.
      await new Promise((resolve) => setTimeout(resolve, 300));

      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const reply = await sendUdp(
          server.port,
          encodeQuery({ name: 'h7.big.example', type: RRType.A, id: 100 + i }),
          2000,
        );
        expect(reply, 'a UDP answer during the stalled transfer').not.toBeNull();
        // Generous: the point is that it is answered at all, not how fast.
        expect(performance.now() - started).toBeLessThan(1000);
      }
      expect(logs.count(TRANSFER_FINISHED), 'transfers finished').toBe(finishedBefore);

      slow.resumeReading();
      const answers = (await receiveAxfr(slow)).flatMap((b) => decodeMessage(b).answers);
      expect(answers).toHaveLength(big.records + 1);
      expect(logs.count(TRANSFER_FINISHED)).toBe(finishedBefore + 1);
    } finally {
      slow.destroy();
    }
  });

  // Last in this block: it changes the zone.
  it('sends one consistent snapshot while the zone changes under a stalled transfer', async () => {
    const slow = await DnsTcpClient.connect(server.port);
    try {
      slow.pauseReading();
      slow.send(axfrQuery('big.example.', 0x5a5));
      await new Promise((resolve) => setTimeout(resolve, 300));

      const text = readFileSync(big.file, 'utf8').replace(
        '@ SOA ns1 hostmaster 1 ',
        '@ SOA ns1 hostmaster 2 ',
      );
      writeFileSync(big.file, `${text}late TXT "written during the transfer"\n`);
      const zone = parseName('big.example.', null);
      await server.daemon.importZone({ zone, file: big.file });
      expect(server.daemon.store.zoneByName(zone)?.serial).toBe(2);

      slow.resumeReading();
      const answers = (await receiveAxfr(slow)).flatMap((b) => decodeMessage(b).answers);
      const serials = answers.filter((r) => r.type === RRType.SOA).map((r) => soaSerial(r.rdata));
      expect(serials).toEqual([1, 1]);
      expect(answers).toHaveLength(big.records + 1);
      expect(answers.some((r) => formatName(r.owner) === 'late.big.example.')).toBe(false);
    } finally {
      slow.destroy();
    }

    const after = (await rawAxfr(server.port, 'big.example.')).flatMap((m) => m.answers);
    expect(soaSerial(after[0]!.rdata)).toBe(2);
    expect(after.some((r) => formatName(r.owner) === 'late.big.example.')).toBe(true);
  });
});

describe('RFC 5936 §6 transfer access control', () => {
  let server: TestServer;

  beforeAll(async () => {
    // 127.0.0.1 is outside the only allowed prefix.
    server = await startTestServer([{ name: 'example.org', text: SMALL_ZONE }], {
      allowTransfer: ['10.255.255.0/24'],
    });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('answers REFUSED to an AXFR from an address outside --allow-transfer', async () => {
    const messages = await rawAxfr(server.port, 'example.org.', 0xac1);

    expect(messages).toHaveLength(1);
    expect(messages[0]?.header.rcode).toBe(Rcode.REFUSED);
    expect(messages[0]?.header.id).toBe(0xac1);
    expect(messages[0]?.answers).toEqual([]);
  });

  it('makes dig report the transfer as failed', async (ctx) => {
    requireTool('dig', ctx);

    await expect(digAxfr('127.0.0.1', server.port, 'example.org.')).rejects.toThrow(
      /Transfer failed|REFUSED/i,
    );
  });

  it('still answers ordinary queries from that address', async () => {
    const reply = await queryTcp(server.port, { name: 'www.example.org', type: RRType.A });

    expect(reply.answer).toEqual(['www.example.org. 300 A 192.0.2.10']);
  });
});
