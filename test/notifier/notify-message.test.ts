import { describe, expect, it } from 'vitest';
import {
  encodeNotify,
  rcodeName,
  readNotifyReply,
  soaSerial,
} from '../../src/notifier/notify-message.js';
import { Opcode, Rcode, decodeMessage } from '../../src/wire/message.js';
import { formatName, parseName } from '../../src/wire/name.js';
import { RRType } from '../../src/wire/rr-types.js';
import { ZONE, notifyResponse, soaAt } from './notify-fixtures.js';

describe('RFC 1996 §3.7 NOTIFY request encoding', () => {
  it('decodes as opcode NOTIFY with AA, QR clear, question ZONE SOA IN and the SOA as answer', () => {
    const soa = soaAt(2024010101);
    const message = decodeMessage(encodeNotify(0xbeef, ZONE, soa));

    expect(message.header).toMatchObject({
      id: 0xbeef,
      qr: false,
      opcode: Opcode.NOTIFY,
      aa: true,
      tc: false,
      rd: false,
      rcode: Rcode.NOERROR,
      qdcount: 1,
      ancount: 1,
      nscount: 0,
      arcount: 0,
    });
    const [question] = message.questions;
    expect(formatName(question!.name)).toBe('example.test.');
    expect(question).toMatchObject({ type: RRType.SOA, class: 1 });
    const [answer] = message.answers;
    expect(formatName(answer!.owner)).toBe('example.test.');
    expect(answer).toMatchObject({ type: RRType.SOA, class: 1, ttl: 3600 });
    expect(answer!.rdata.equals(soa.rdata)).toBe(true);
    expect(soaSerial(answer!.rdata)).toBe(2024010101);
  });
});

describe('reading NOTIFY responses', () => {
  it('accepts a response with opcode NOTIFY and one SOA IN question, whatever the rcode', () => {
    expect(readNotifyReply(notifyResponse({ id: 7 }))).toMatchObject({
      ok: true,
      id: 7,
      rcode: Rcode.NOERROR,
    });
    expect(readNotifyReply(notifyResponse({ id: 8, rcode: Rcode.NOTAUTH }))).toMatchObject({
      ok: true,
      id: 8,
      rcode: Rcode.NOTAUTH,
    });
  });

  it('names the zone of the question', () => {
    const reply = readNotifyReply(notifyResponse({ id: 1, zone: parseName('Other.Test.', null) }));
    expect(reply.ok && formatName(reply.zone)).toBe('Other.Test.');
  });

  it.each([
    ['a request (QR clear)', notifyResponse({ id: 1, qr: false }), 'not a response'],
    ['a QUERY response', notifyResponse({ id: 1, opcode: Opcode.QUERY }), 'opcode is not notify'],
    ['a question of type A', notifyResponse({ id: 1, type: RRType.A }), 'question is not soa in'],
    ['a truncated datagram', notifyResponse({ id: 1 }).subarray(0, 20), 'malformed'],
    ['a datagram shorter than a header', Buffer.from([1, 2, 3]), 'malformed'],
  ])('rejects %s', (_what, bytes, reason) => {
    const reply = readNotifyReply(bytes);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.reason).toContain(reason);
  });

  it('rejects a response without a question', () => {
    const bytes = notifyResponse({ id: 1 });
    const header = Buffer.from(bytes.subarray(0, 12));
    header.writeUInt16BE(0, 4);
    expect(readNotifyReply(header)).toEqual({ ok: false, reason: 'not exactly one question' });
  });
});

describe('rcode names for log lines', () => {
  it('uses the mnemonic when there is one and the number otherwise', () => {
    expect(rcodeName(Rcode.NOTAUTH)).toBe('NOTAUTH');
    expect(rcodeName(Rcode.REFUSED)).toBe('REFUSED');
    expect(rcodeName(11)).toBe('RCODE11');
  });
});
