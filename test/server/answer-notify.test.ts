import { describe, expect, it } from 'vitest';
import { answerNotify } from '../../src/server/answer-notify.js';
import { encodeNotify } from '../../src/notifier/notify-message.js';
import { Opcode, Rcode, decodeMessage } from '../../src/wire/message.js';
import type { Name } from '../../src/wire/name.js';
import { formatName, nameEquals, parseName } from '../../src/wire/name.js';
import { RRType } from '../../src/wire/rr-types.js';
import { encodeQuery, optRecord, queryUdp } from '../helpers/raw-dns.js';
import { startTestServer } from '../helpers/test-server.js';
import { ZONE, soaAt } from '../notifier/notify-fixtures.js';

const holdsExampleTest = (apex: Name): boolean => nameEquals(apex, ZONE);

function withOpt(request: Buffer): Buffer {
  const bytes = Buffer.concat([request, optRecord(1232)]);
  bytes.writeUInt16BE(1, 10);
  return bytes;
}

describe('answering a NOTIFY we receive as the primary (RFC 1996)', () => {
  it('acknowledges a NOTIFY for a zone we hold: same ID, QR, AA, NOERROR, question echoed', () => {
    const request = decodeMessage(encodeNotify(0x5151, ZONE, soaAt(5)));
    const reply = decodeMessage(answerNotify(request, holdsExampleTest));

    expect(reply.header).toMatchObject({
      id: 0x5151,
      qr: true,
      opcode: Opcode.NOTIFY,
      aa: true,
      rcode: Rcode.NOERROR,
      ancount: 0,
      nscount: 0,
      arcount: 0,
    });
    expect(reply.questions).toHaveLength(1);
    expect(formatName(reply.questions[0]!.name)).toBe('example.test.');
    expect(reply.questions[0]).toMatchObject({ type: RRType.SOA, class: 1 });
  });

  it('answers NOTAUTH, without AA, for a zone we do not hold', () => {
    const other = parseName('other.test.', null);
    const request = decodeMessage(encodeNotify(9, other, soaAt(5, other)));
    const reply = decodeMessage(answerNotify(request, holdsExampleTest));
    expect(reply.header).toMatchObject({ id: 9, qr: true, aa: false, rcode: Rcode.NOTAUTH });
    expect(formatName(reply.questions[0]!.name)).toBe('other.test.');
  });

  it('answers FORMERR to a NOTIFY whose question is not SOA IN', () => {
    const bytes = encodeQuery({
      name: 'example.test',
      type: RRType.A,
      opcode: Opcode.NOTIFY,
      id: 3,
    });
    const reply = decodeMessage(answerNotify(decodeMessage(bytes), holdsExampleTest));
    expect(reply.header).toMatchObject({ id: 3, opcode: Opcode.NOTIFY, rcode: Rcode.FORMERR });
  });

  it('adds our OPT record only when the request carried one and a payload size is given', () => {
    const request = decodeMessage(withOpt(encodeNotify(4, ZONE, soaAt(5))));
    expect(decodeMessage(answerNotify(request, holdsExampleTest, 1232)).edns).toMatchObject({
      udpSize: 1232,
    });
    expect(decodeMessage(answerNotify(request, holdsExampleTest)).edns).toBeUndefined();
    const plain = decodeMessage(encodeNotify(4, ZONE, soaAt(5)));
    expect(decodeMessage(answerNotify(plain, holdsExampleTest, 1232)).edns).toBeUndefined();
  });
});

describe('a NOTIFY sent to the running server', () => {
  it('is acknowledged with AA and the same ID for a zone we hold, NOTAUTH otherwise', async () => {
    const server = await startTestServer([
      { name: 'example.org', text: '$TTL 60\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n' },
    ]);
    try {
      const notify = { type: RRType.SOA, opcode: Opcode.NOTIFY };
      const held = await queryUdp(server.port, { ...notify, name: 'example.org', id: 99 });
      expect(held.message.header).toMatchObject({
        id: 99,
        opcode: Opcode.NOTIFY,
        aa: true,
        rcode: Rcode.NOERROR,
      });
      const other = await queryUdp(server.port, { ...notify, name: 'example.net' });
      expect(other.rcode).toBe(Rcode.NOTAUTH);
    } finally {
      await server.stop();
    }
  });
});
