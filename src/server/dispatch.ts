import type { Logger } from 'pino';
import type { ZoneInfo } from '../store/store.js';
import { WireFormatError } from '../wire/errors.js';
import { HEADER_SIZE, Opcode, Rcode, decodeHeader, decodeMessage } from '../wire/message.js';
import type { Edns, Header, Message, Question } from '../wire/message.js';
import { MessageWriter, Section } from '../wire/message-writer.js';
import { formatName, nameEquals, parentName } from '../wire/name.js';
import { RRType } from '../wire/rr-types.js';
import type { Serial } from '../zone/serial.js';
import type { AddressAcl } from './acl.js';
import { answerNotify } from './answer-notify.js';
import { answerQuery } from './answer-query.js';
import { answerIxfrUdp, clientSerial } from './ixfr.js';
import type { JournalData } from './ixfr.js';
import type { Answer, ZoneData } from './answer-query.js';
import type { ZoneIndex } from './zone-index.js';

export interface DispatchContext {
  readonly data: ZoneData & JournalData;
  readonly zones: ZoneIndex;
  readonly transferAcl: AddressAcl;
  readonly log: Logger;
}

export type Transport = 'udp' | 'tcp';

/** What to do with one incoming message. */
export type Reply =
  | { readonly kind: 'drop' }
  | { readonly kind: 'message'; readonly bytes: Buffer }
  | { readonly kind: 'axfr'; readonly zone: ZoneInfo; readonly query: Message }
  | {
      readonly kind: 'ixfr';
      readonly zone: ZoneInfo;
      readonly query: Message;
      readonly clientSerial: Serial;
    };

/** The payload size we offer in our own OPT record (DNS Flag Day 2020 value). */
export const OUR_UDP_PAYLOAD = 1232;
// We never send a UDP answer larger than this, whatever the client offers.
const MAX_UDP_ANSWER = 4096;
const MAX_TCP_MESSAGE = 65535;
const CLASS_IN = 1;
const CLASS_ANY = 255;

/**
 * Turns one received message into a reply. Never throws for anything a client sends: a message
 * whose header can be read but whose body cannot gets FORMERR with the same ID; one too short
 * for a header, or one that is itself a response, is dropped.
 */
export function dispatch(
  ctx: DispatchContext,
  buf: Buffer,
  transport: Transport,
  remote: string,
): Reply {
  if (buf.length < HEADER_SIZE) return { kind: 'drop' };
  const header = decodeHeader(buf);
  // Answering responses would let two servers bounce messages at each other forever.
  if (header.qr) return { kind: 'drop' };
  // No valid message has more than one question; refusing early spares decoding thousands.
  if (header.qdcount > 1) return message(errorReply(header, undefined, Rcode.FORMERR, undefined));

  let query: Message;
  try {
    query = decodeMessage(buf);
  } catch (err) {
    if (!(err instanceof WireFormatError)) throw err;
    ctx.log.debug({ remote, transport, reason: err.message }, 'malformed query');
    return message(errorReply(header, undefined, Rcode.FORMERR, undefined));
  }

  if (header.opcode === Opcode.NOTIFY) {
    // RFC 1996: we are the primary of our zones, so a NOTIFY is acknowledged and ignored.
    ctx.log.debug({ remote, transport, op: 'notify' }, 'notify received');
    const holdsZone = (apex: Buffer): boolean => ctx.zones.zoneAt(apex) !== undefined;
    return message(answerNotify(query, holdsZone, OUR_UDP_PAYLOAD));
  }
  if (header.opcode !== Opcode.QUERY) {
    return message(errorReply(header, query.questions[0], Rcode.NOTIMP, query.edns));
  }
  const question = query.questions[0];
  if (query.questions.length !== 1 || !question) {
    return message(errorReply(header, undefined, Rcode.FORMERR, query.edns));
  }
  if (query.edns && query.edns.version > 0) {
    // RFC 6891 §6.1.3: an EDNS version we do not implement gets BADVERS, with our OPT.
    return message(errorReply(header, question, Rcode.BADVERS, query.edns));
  }
  return answerQuestion(ctx, query, question, transport, remote);
}

function answerQuestion(
  ctx: DispatchContext,
  query: Message,
  question: Question,
  transport: Transport,
  remote: string,
): Reply {
  const { header } = query;
  const { edns } = query;
  if (question.class !== CLASS_IN && question.class !== CLASS_ANY) {
    return message(errorReply(header, question, Rcode.REFUSED, edns));
  }
  if (question.type === RRType.OPT || question.type === 253 || question.type === 254) {
    // OPT is not a question; MAILB/MAILA (RFC 1035 §3.2.3) are obsolete and unsupported.
    return message(errorReply(header, question, Rcode.NOTIMP, edns));
  }

  const isTransfer = question.type === RRType.AXFR || question.type === RRType.IXFR;
  const zone = isTransfer ? ctx.zones.zoneAt(question.name) : zoneForQuery(ctx, question);
  if (!zone) {
    // RFC 5936 §2.2.1: a transfer of a name that is not the apex of a zone we serve gets NotAuth.
    const rcode = isTransfer ? Rcode.NOTAUTH : Rcode.REFUSED;
    return message(errorReply(header, question, rcode, edns));
  }

  if (isTransfer) return planTransfer(ctx, query, question, zone, transport, remote);

  const answer = answerQuery(ctx.data, zone, question.name, question.type);
  return message(encodeAnswer(query, question, answer, transport));
}

/**
 * The zone that answers a query: the deepest one holding the name, except that DS lives on the
 * parent side of a cut (RFC 4035 §3.1.4.1), so at the apex of a zone whose parent we also serve
 * and which that parent delegates, the parent answers DS.
 */
function zoneForQuery(ctx: DispatchContext, question: Question): ZoneInfo | undefined {
  const zone = ctx.zones.findZone(question.name);
  if (!zone || question.type !== RRType.DS || zone.name.length === 1) return zone;
  if (!nameEquals(zone.name, question.name)) return zone;

  const parent = ctx.zones.findZone(parentName(question.name));
  if (!parent) return zone;
  const delegated = ctx.data
    .publishedAt(parent.id, question.name)
    .some((r) => r.type === RRType.NS);
  return delegated ? parent : zone;
}

function planTransfer(
  ctx: DispatchContext,
  query: Message,
  question: Question,
  zone: ZoneInfo,
  transport: Transport,
  remote: string,
): Reply {
  const { header } = query;
  const { edns } = query;
  const op = question.type === RRType.AXFR ? 'axfr' : 'ixfr';
  if (!ctx.transferAcl.allows(remote)) {
    ctx.log.info({ zone: formatName(zone.name), remote, op }, 'transfer refused by acl');
    return message(errorReply(header, question, Rcode.REFUSED, edns));
  }
  // RFC 5936 §4.2: AXFR is TCP only.
  if (op === 'axfr') {
    if (transport === 'udp') return message(errorReply(header, question, Rcode.FORMERR, edns));
    return { kind: 'axfr', zone, query };
  }
  // RFC 1995 §3: an IXFR query carries the client's SOA in the authority section.
  const serial = clientSerial(query, zone);
  if (serial === undefined) return message(errorReply(header, question, Rcode.FORMERR, edns));
  if (transport === 'tcp') return { kind: 'ixfr', zone, query, clientSerial: serial };
  const limit = responseLimit(query, 'udp');
  const payload = edns ? OUR_UDP_PAYLOAD : undefined;
  return message(answerIxfrUdp(ctx.data, zone, query, question, serial, limit, payload));
}

/** Largest response the client can take: 512 without EDNS, its offer (capped) with it. */
function responseLimit(query: Message, transport: Transport): number {
  if (transport === 'tcp') return MAX_TCP_MESSAGE;
  if (!query.edns) return 512;
  return Math.max(512, Math.min(query.edns.udpSize, MAX_UDP_ANSWER));
}

/**
 * Encodes an answer. RFC 2181 §9: when answer or authority records do not fit, the reply is
 * marked truncated (TC) so the client retries over TCP; additional records are optional and
 * are simply left out, except in-domain glue (RFC 9471), whose absence also sets TC.
 */
export function encodeAnswer(
  query: Message,
  question: Question,
  answer: Answer,
  transport: Transport,
): Buffer {
  const writer = new MessageWriter(responseLimit(query, transport));
  // RFC 3225 §3: the DO bit of the query is copied into the response.
  if (query.edns) writer.reserveEdns(OUR_UDP_PAYLOAD, query.edns.dnssecOk);
  writer.addQuestion(question);
  const fill = (section: Section, records: Answer['answer']): boolean =>
    records.every((r) => writer.addRecord(section, r.owner, r.type, r.ttl, r.rdata));
  const required = answer.requiredAdditional ?? 0;
  if (
    !fill(Section.ANSWER, answer.answer) ||
    !fill(Section.AUTHORITY, answer.authority) ||
    !fill(Section.ADDITIONAL, answer.additional.slice(0, required))
  ) {
    writer.setTruncated();
  } else {
    fill(Section.ADDITIONAL, answer.additional.slice(required));
  }
  return writer.finish({
    id: query.header.id,
    opcode: query.header.opcode,
    aa: answer.authoritative,
    rd: query.header.rd,
    cd: query.header.cd,
    rcode: answer.rcode,
  });
}

/** A reply with no records: the question echoed (when readable) and an error code. */
function errorReply(
  header: Header,
  question: Question | undefined,
  rcode: number,
  edns: Edns | undefined,
): Buffer {
  const writer = new MessageWriter(512);
  if (edns) writer.reserveEdns(OUR_UDP_PAYLOAD, edns.dnssecOk);
  if (question) writer.addQuestion(question);
  return writer.finish({ id: header.id, opcode: header.opcode, aa: false, rd: header.rd, rcode });
}

function message(bytes: Buffer): Reply {
  return { kind: 'message', bytes };
}
