import { Opcode, Rcode } from '../wire/message.js';
import type { Message } from '../wire/message.js';
import { MessageWriter } from '../wire/message-writer.js';
import type { Name } from '../wire/name.js';
import { RRType } from '../wire/rr-types.js';

const CLASS_IN = 1;

/**
 * The reply to a NOTIFY request someone sent us (opcode NOTIFY, QR clear, already decoded).
 * alias-xfr is the primary of its zones, so there is nothing to refresh: for a zone it holds
 * the request is acknowledged (QR, AA, NOERROR, same ID, question echoed) and otherwise
 * ignored, as BIND and Knot do as primaries. A zone it does not hold gets NOTAUTH; anything
 * but one `SOA IN` question gets FORMERR. `ednsPayload` adds our OPT record when the request
 * had one. The caller logs; this function only builds bytes.
 */
export function answerNotify(
  request: Message,
  holdsZone: (apex: Name) => boolean,
  ednsPayload?: number,
): Buffer {
  const question = request.questions[0];
  const wellFormed =
    request.questions.length === 1 &&
    question !== undefined &&
    question.type === RRType.SOA &&
    question.class === CLASS_IN;
  let rcode: number = Rcode.FORMERR;
  if (wellFormed) rcode = holdsZone(question.name) ? Rcode.NOERROR : Rcode.NOTAUTH;

  const writer = new MessageWriter(512);
  if (request.edns && ednsPayload !== undefined) writer.reserveEdns(ednsPayload);
  if (question !== undefined && request.questions.length === 1) writer.addQuestion(question);
  const bytes = writer.finish({
    id: request.header.id,
    opcode: Opcode.NOTIFY,
    aa: rcode === Rcode.NOERROR,
    rd: request.header.rd,
    rcode,
  });
  return Buffer.from(bytes);
}
