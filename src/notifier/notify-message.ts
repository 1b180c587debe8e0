import { WireFormatError } from '../wire/errors.js';
import { Opcode, Rcode, decodeMessage } from '../wire/message.js';
import type { Message } from '../wire/message.js';
import { MessageWriter, Section } from '../wire/message-writer.js';
import type { Name } from '../wire/name.js';
import { RRType } from '../wire/rr-types.js';

/** The zone's current SOA record, as the store publishes it (wire RDATA). */
export interface SoaRecord {
  readonly owner: Name;
  readonly ttl: number;
  readonly rdata: Buffer;
}

/** What a datagram that looks like a NOTIFY response told us, or why it was not one. */
export type NotifyReply =
  | { readonly ok: true; readonly id: number; readonly zone: Name; readonly rcode: number }
  | { readonly ok: false; readonly reason: string };

const CLASS_IN = 1;
// Header, question and one SOA with two uncompressed 255-octet names fit in well under this.
const MAX_NOTIFY_SIZE = 1024;
const SOA_FIXED_TAIL = 20;

/** The serial of SOA RDATA: the first of the five 32-bit fields after the two names. */
export function soaSerial(rdata: Buffer): number {
  if (rdata.length < 2 + SOA_FIXED_TAIL) throw new RangeError('soa rdata too short');
  return rdata.readUInt32BE(rdata.length - SOA_FIXED_TAIL);
}

/**
 * RFC 1996 §3.7: a NOTIFY request is opcode NOTIFY with AA set and QR clear, the question
 * `ZONE SOA IN`, and the new SOA in the answer section as a hint the secondary may use.
 */
export function encodeNotify(id: number, zone: Name, soa: SoaRecord): Buffer {
  const writer = new MessageWriter(MAX_NOTIFY_SIZE);
  writer.addQuestion({ name: zone, type: RRType.SOA, class: CLASS_IN });
  if (!writer.addRecord(Section.ANSWER, soa.owner, RRType.SOA, soa.ttl, soa.rdata)) {
    throw new RangeError('soa record does not fit in a notify message');
  }
  const bytes = writer.finish({
    id,
    qr: false,
    opcode: Opcode.NOTIFY,
    aa: true,
    rd: false,
    rcode: Rcode.NOERROR,
  });
  // finish() returns a view of the writer's whole buffer; keep only the message.
  return Buffer.from(bytes);
}

/**
 * Reads a datagram that arrived on a notifier socket. Only a response (QR) with opcode NOTIFY
 * and exactly one `SOA IN` question qualifies; who sent it and which round it answers is the
 * caller's check.
 */
export function readNotifyReply(bytes: Buffer): NotifyReply {
  let message: Message;
  try {
    message = decodeMessage(bytes);
  } catch (err) {
    if (!(err instanceof WireFormatError)) throw err;
    return { ok: false, reason: `malformed: ${err.message}` };
  }

  const { header, questions } = message;
  if (!header.qr) return { ok: false, reason: 'not a response' };
  if (header.opcode !== Opcode.NOTIFY) return { ok: false, reason: 'opcode is not notify' };
  const question = questions[0];
  if (questions.length !== 1 || question === undefined) {
    return { ok: false, reason: 'not exactly one question' };
  }
  if (question.type !== RRType.SOA || question.class !== CLASS_IN) {
    return { ok: false, reason: 'question is not soa in' };
  }
  return { ok: true, id: header.id, zone: question.name, rcode: header.rcode };
}

/** The mnemonic of an RCODE for log lines (`NOTAUTH`), or `RCODE<n>` for one we do not name. */
export function rcodeName(rcode: number): string {
  for (const [name, value] of Object.entries(Rcode)) {
    if (value === rcode) return name;
  }
  return `RCODE${rcode}`;
}
