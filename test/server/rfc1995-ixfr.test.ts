import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseName, ROOT_NAME } from '../../src/wire/name.js';
import { RRType } from '../../src/wire/rr-types.js';
import { parseZoneText } from '../../src/zone/parser.js';
import type { ZoneRecord } from '../../src/zone/record.js';
import { soaSerial } from '../../src/zone/serial.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';
import { dig } from '../peers/dig.js';
import { queryUdp, readReply, sendUdp } from '../helpers/raw-dns.js';
import { Rcode } from '../../src/wire/message.js';
import { describeWithTools } from '../peers/tools.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const origin = parseName('ixfr.test.', ROOT_NAME);

function zoneText(serial: number, body: string): string {
  return `$ORIGIN ixfr.test.\n$TTL 300\n@ SOA ns hm ${serial} 3600 600 86400 300\n@ NS ns\nns A 192.0.2.53\n${body}\n`;
}

const manyTxt = Array.from(
  { length: 300 },
  (_, i) => `big TXT "record number ${i} padded to take room"`,
).join('\n');

/** The answer records dig printed, in order. */
async function ixfr(
  port: number,
  serial: number,
  transport: '+tcp' | '+notcp',
): Promise<ZoneRecord[]> {
  const run = await dig([
    '@127.0.0.1',
    '-p',
    String(port),
    'ixfr.test',
    `IXFR=${serial}`,
    transport,
    '+time=5',
  ]);
  return parseZoneText(run.stdout, { origin: ROOT_NAME });
}

const serials = (records: readonly ZoneRecord[]): (number | string)[] =>
  records.map((r) =>
    r.type === RRType.SOA ? soaSerial(r.rdata) : RRType.A === r.type ? 'A' : r.type,
  );

describeWithTools('IXFR answers (RFC 1995)', ['dig'], () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer([{ name: 'ixfr.test', text: zoneText(1, 'a A 192.0.2.1') }]);
    const file = join(server.dir, 'reload.db');
    const reload = async (text: string) => {
      writeFileSync(file, text);
      await server.daemon.importZone({ zone: origin, file });
    };
    await reload(zoneText(2, 'a A 192.0.2.2')); // 1 -> 2: one A swapped
    await reload(zoneText(3, `a A 192.0.2.2\n${manyTxt}`)); // 2 -> 3: 300 TXT added
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sends the steps from the client serial over TCP, one difference sequence per step', async () => {
    const records = await ixfr(server.port, 1, '+tcp');
    expect(serials(records.filter((r) => r.type !== RRType.TXT))).toEqual([
      3,
      1,
      'A',
      2,
      'A',
      2,
      3,
      3,
    ]);
    expect(records.filter((r) => r.type === RRType.TXT)).toHaveLength(300);
  });

  it('answers a client that is up to date with the SOA alone', async () => {
    expect(serials(await ixfr(server.port, 3, '+tcp'))).toEqual([3]);
  });

  it('answers a client ahead of us (RFC 1982) with the SOA alone', async () => {
    expect(serials(await ixfr(server.port, 10, '+tcp'))).toEqual([3]);
  });

  it('falls back to a full zone when the journal lacks the client serial', async () => {
    const records = await ixfr(server.port, 0, '+tcp');
    expect(serials(records.filter((r) => r.type === RRType.SOA))).toEqual([3, 3]);
    expect(records).toHaveLength(2 + 3 + 300);
  });

  it('answers with the SOA alone over UDP when the difference does not fit', async () => {
    expect(serials(await ixfr(server.port, 1, '+notcp'))).toEqual([3]);
    expect(serials(await ixfr(server.port, 2, '+notcp'))).toEqual([3]);
  });
});

describeWithTools('IXFR over UDP that fits (RFC 1995 §2)', ['dig'], () => {
  it('carries the whole difference in one datagram', async () => {
    const server = await startTestServer([
      { name: 'ixfr.test', text: zoneText(1, 'a A 192.0.2.1') },
    ]);
    try {
      const file = join(server.dir, 'reload.db');
      writeFileSync(file, zoneText(2, 'a A 192.0.2.2'));
      await server.daemon.importZone({ zone: origin, file });
      const records = await ixfr(server.port, 1, '+notcp');
      expect(serials(records)).toEqual([2, 1, 'A', 2, 'A', 2]);
    } finally {
      await server.stop();
    }
  });
});

describe('IXFR access and form', () => {
  it('refuses IXFR to clients outside --allow-transfer', async () => {
    const server = await startTestServer(
      [{ name: 'ixfr.test', text: zoneText(1, 'a A 192.0.2.1') }],
      {
        allowTransfer: ['10.255.255.0/24'],
      },
    );
    try {
      const reply = await queryUdp(server.port, { name: 'ixfr.test', type: RRType.IXFR });
      expect(reply.rcode).toBe(Rcode.REFUSED);
    } finally {
      await server.stop();
    }
  });

  it('answers FORMERR to an IXFR query without the client SOA in authority (RFC 1995 §3)', async () => {
    const server = await startTestServer([
      { name: 'ixfr.test', text: zoneText(1, 'a A 192.0.2.1') },
    ]);
    try {
      const reply = await queryUdp(server.port, { name: 'ixfr.test', type: RRType.IXFR, id: 4242 });
      expect(reply.rcode).toBe(Rcode.FORMERR);
      expect(reply.message.header.id).toBe(4242);
    } finally {
      await server.stop();
    }
  });
});

describe('the client SOA of an IXFR query', () => {
  /** An IXFR for ixfr.test whose authority SOA has the given owner, class and count. */
  function ixfrWithSoa(owner: string, soaClass: number, copies: number): Buffer {
    const name = (text: string) => parseName(text, ROOT_NAME);
    const header = Buffer.alloc(12);
    header.writeUInt16BE(0x4242, 0);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(copies, 8);
    const question = Buffer.concat([name('ixfr.test.'), Buffer.from([0, 251, 0, 1])]);
    const rdata = Buffer.concat([name('.'), name('.'), Buffer.alloc(20)]);
    rdata.writeUInt32BE(1, 2);
    const fixed = Buffer.alloc(10);
    fixed.writeUInt16BE(RRType.SOA, 0);
    fixed.writeUInt16BE(soaClass, 2);
    fixed.writeUInt16BE(rdata.length, 8);
    const soa = Buffer.concat([name(owner), fixed, rdata]);
    return Buffer.concat([header, question, ...Array<Buffer>(copies).fill(soa)]);
  }

  it.each([
    ['owned by another name', 'other.test.', 1, 1],
    ['of class CH', 'ixfr.test.', 3, 1],
    ['given twice', 'ixfr.test.', 1, 2],
  ])('gets FORMERR when it is %s', async (_what, owner, soaClass, copies) => {
    const server = await startTestServer([
      { name: 'ixfr.test', text: zoneText(1, 'a A 192.0.2.1') },
    ]);
    try {
      const reply = await sendUdp(server.port, ixfrWithSoa(owner, soaClass, copies));
      expect(reply && readReply(reply).rcode).toBe(Rcode.FORMERR);
      const good = await sendUdp(server.port, ixfrWithSoa('ixfr.test.', 1, 1));
      expect(good && readReply(good).rcode).toBe(Rcode.NOERROR);
    } finally {
      await server.stop();
    }
  });
});
