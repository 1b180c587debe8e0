import { createSocket } from 'node:dgram';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressAcl } from '../../src/server/acl.js';
import { answerUdp } from '../../src/server/dns-server.js';
import { ZoneIndex } from '../../src/server/zone-index.js';
import { Opcode, Rcode } from '../../src/wire/message.js';
import { RRType } from '../../src/wire/rr-types.js';
import { DnsTcpClient, encodeQuery, queryUdp, readReply, sendUdp } from '../helpers/raw-dns.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

const ZONE = `$ORIGIN example.org.
$TTL 3600
@    SOA ns1 hostmaster 1 3600 600 86400 300
@    NS  ns1
ns1  A   192.0.2.1
www  A   192.0.2.10
`;

// Long enough for a reply on loopback, short enough to keep "no reply" tests quick.
const NO_REPLY_MS = 400;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer([{ name: 'example.org', text: ZONE }]);
});

afterAll(async () => {
  await server.stop();
});

/** A header with the given ID and counts, flags zero (a plain query). */
function header(id: number, qd: number, an = 0, ns = 0, ar = 0): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  [qd, an, ns, ar].forEach((count, i) => h.writeUInt16BE(count, 4 + 2 * i));
  return h;
}

/** `www.example.org. A IN` in wire form. */
const QUESTION = Buffer.from('03777777076578616d706c65036f7267000001' + '0001', 'hex');

/** The server still answers a plain query, so the bad input before it broke nothing. */
async function expectStillAnswering(): Promise<void> {
  const reply = await queryUdp(server.port, { name: 'www.example.org', type: RRType.A, id: 77 });
  expect(reply.message.header.id).toBe(77);
  expect(reply.answer).toEqual(['www.example.org. 3600 A 192.0.2.10']);
}

async function expectFormerr(message: Buffer, id: number): Promise<void> {
  const bytes = await sendUdp(server.port, message);
  expect(bytes, 'a FORMERR reply').not.toBeNull();
  const reply = readReply(bytes!);
  expect(reply.rcode).toBe(Rcode.FORMERR);
  expect(reply.message.header.id).toBe(id);
  expect(reply.message.header.qr).toBe(true);
  await expectStillAnswering();
}

describe('RFC 1035 §4.1.1 FORMERR for messages whose header can be read', () => {
  it('answers FORMERR with the query ID to a query with no question', async () => {
    await expectFormerr(header(0x1001, 0), 0x1001);
  });

  it('answers FORMERR with the query ID to a query with two questions', async () => {
    await expectFormerr(Buffer.concat([header(0x1002, 2), QUESTION, QUESTION]), 0x1002);
  });

  it('answers FORMERR with the query ID to a query followed by trailing garbage', async () => {
    const message = Buffer.concat([header(0x1003, 1), QUESTION, Buffer.from('garbage')]);
    await expectFormerr(message, 0x1003);
  });

  it('answers FORMERR to a question name that is a compression pointer to itself', async () => {
    const message = Buffer.concat([header(0x1004, 1), Buffer.from('c00c00010001', 'hex')]);
    await expectFormerr(message, 0x1004);
  });

  it('answers FORMERR to two compression pointers that point at each other', async () => {
    // The question name at 12 points to 14; the name at 14 points back to 12.
    const message = Buffer.concat([header(0x1005, 1), Buffer.from('c00ec00c00010001', 'hex')]);
    await expectFormerr(message, 0x1005);
  });

  it('answers FORMERR to a backward pointer that loops over its own name', async () => {
    // At 12: label "a", then at 14 a pointer back to 12: "a.a.a.…" without end.
    const message = Buffer.concat([header(0x100c, 1), Buffer.from('0161c00c00010001', 'hex')]);
    await expectFormerr(message, 0x100c);
  });

  it('answers FORMERR to a name whose label runs past the end of the message', async () => {
    const message = Buffer.concat([header(0x1006, 1), Buffer.from('0a6578616d', 'hex')]);
    await expectFormerr(message, 0x1006);
  });

  it('answers FORMERR to a name with no terminating root label', async () => {
    const message = Buffer.concat([header(0x1007, 1), Buffer.from('03777777', 'hex')]);
    await expectFormerr(message, 0x1007);
  });

  it('answers FORMERR to a question cut off before its type and class', async () => {
    const message = Buffer.concat([header(0x1008, 1), QUESTION.subarray(0, QUESTION.length - 3)]);
    await expectFormerr(message, 0x1008);
  });

  it('answers FORMERR to a name longer than 255 octets', async () => {
    const label = Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)]);
    const name = Buffer.concat([label, label, label, label, Buffer.from([0])]);
    const message = Buffer.concat([header(0x1009, 1), name, Buffer.from('00010001', 'hex')]);
    await expectFormerr(message, 0x1009);
  });

  it('answers FORMERR to a reserved label type (RFC 6891 §5)', async () => {
    const message = Buffer.concat([header(0x100a, 1), Buffer.from('410000010001', 'hex')]);
    await expectFormerr(message, 0x100a);
  });

  it('answers FORMERR to an additional record whose RDATA runs past the end', async () => {
    const record = Buffer.from('0000010001000000000010c0', 'hex');
    await expectFormerr(Buffer.concat([header(0x100b, 1, 0, 0, 1), QUESTION, record]), 0x100b);
  });
});

describe('RFC 1035 §4.1.1 NOTIMP for opcodes we do not implement', () => {
  it.each([
    ['IQUERY', Opcode.IQUERY],
    ['STATUS', Opcode.STATUS],
    ['UPDATE', Opcode.UPDATE],
    ['unassigned opcode 15', 15],
  ])('answers NOTIMP with the ID and opcode to %s', async (_name, opcode) => {
    const query = encodeQuery({ name: 'example.org', type: RRType.SOA, opcode, id: 0x2000 });
    const reply = readReply((await sendUdp(server.port, query))!);

    expect(reply.rcode).toBe(Rcode.NOTIMP);
    expect(reply.message.header.id).toBe(0x2000);
    expect(reply.message.header.opcode).toBe(opcode);
    await expectStillAnswering();
  });
});

describe('messages that get no reply at all', () => {
  it('ignores a message shorter than a header', async () => {
    for (const length of [0, 1, 11]) {
      const reply = await sendUdp(server.port, Buffer.alloc(length, 0xab), NO_REPLY_MS);
      expect(reply, `${length} bytes`).toBeNull();
    }
    await expectStillAnswering();
  });

  it('ignores a response (QR=1), so two servers cannot bounce messages forever', async () => {
    const query = encodeQuery({ name: 'www.example.org', type: RRType.A });
    query.writeUInt16BE(query.readUInt16BE(2) | 0x8000, 2);

    expect(await sendUdp(server.port, query, NO_REPLY_MS)).toBeNull();
    await expectStillAnswering();
  });

  it('ignores a malformed response too', async () => {
    const message = Buffer.concat([header(0x3000, 2), Buffer.from('c00c', 'hex')]);
    message.writeUInt16BE(0x8000, 2);

    expect(await sendUdp(server.port, message, NO_REPLY_MS)).toBeNull();
    await expectStillAnswering();
  });
});

describe('malformed input over TCP', () => {
  it('answers FORMERR on a TCP connection and keeps serving that connection', async () => {
    const client = await DnsTcpClient.connect(server.port);
    try {
      client.send(Buffer.concat([header(0x4001, 1), QUESTION, Buffer.from('xx')]));
      client.send(Buffer.alloc(5));
      client.send(encodeQuery({ name: 'www.example.org', type: RRType.A, id: 0x4002 }));

      const formerr = readReply(await client.receive());
      const answer = readReply(await client.receive());
      expect(formerr.rcode).toBe(Rcode.FORMERR);
      expect(formerr.message.header.id).toBe(0x4001);
      expect(answer.message.header.id).toBe(0x4002);
      expect(answer.answer).toEqual(['www.example.org. 3600 A 192.0.2.10']);
    } finally {
      client.destroy();
    }
  });
});

describe('datagrams that cannot be answered', () => {
  // A datagram from source port 0 used to reach dgram's send, which throws for that port from
  // inside the 'message' listener: an uncaught exception that ended the daemon. It needs a raw
  // socket to send one, so the listener's handler is called directly with a real socket.
  it('drops a query from source port 0 instead of crashing on the reply', async () => {
    const store = server.daemon.store;
    const ctx = {
      data: store,
      zones: new ZoneIndex(store),
      transferAcl: new AddressAcl([]),
      log: pino({ level: 'silent' }),
    };
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    try {
      const query = encodeQuery({ name: 'www.example.org', type: RRType.A });
      const rinfo = { address: '127.0.0.1', family: 'IPv4', port: 0, size: query.length } as const;

      expect(() => answerUdp(ctx, socket, query, rinfo)).not.toThrow();
    } finally {
      socket.close();
    }
    await expectStillAnswering();
  });
});
