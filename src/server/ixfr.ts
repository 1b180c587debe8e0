import type { JournalStep } from '../store/journal.js';
import type { Store, ZoneInfo } from '../store/store.js';
import type { TransferSnapshot } from '../store/transfer-snapshot.js';
import type { Message, Question } from '../wire/message.js';
import { Rcode } from '../wire/message.js';
import { MessageWriter, Section } from '../wire/message-writer.js';
import { nameEquals } from '../wire/name.js';
import { RRType } from '../wire/rr-types.js';
import type { ZoneRecord } from '../zone/record.js';
import type { Serial } from '../zone/serial.js';
import { serialCompare, soaSerial } from '../zone/serial.js';
import { writeFullZone } from './axfr.js';
import { TransferWriter } from './transfer-writer.js';
import type { MessageSink, TransferStats } from './transfer-writer.js';

/**
 * RFC 1995 §4, one decision with three outcomes: the client is up to date (or ahead of us),
 * the journal covers its serial (incremental), or it does not (a full zone in IXFR format).
 */
export type IxfrPlan =
  | { readonly kind: 'up-to-date' }
  | { readonly kind: 'incremental'; readonly steps: readonly JournalStep[] }
  | { readonly kind: 'full' };

export function planIxfr(
  current: Serial,
  client: Serial,
  journalSince: (from: Serial) => JournalStep[] | undefined,
): IxfrPlan {
  const order = serialCompare(client, current);
  if (order === 0 || order === 1) return { kind: 'up-to-date' };
  const steps = order === undefined ? undefined : journalSince(client);
  return steps ? { kind: 'incremental', steps } : { kind: 'full' };
}

/**
 * The serial of the client's copy: RFC 1995 §3 puts the client's SOA in the authority
 * section of the query. Undefined when it is missing, repeated, of another class or owned by
 * another name than the zone's apex.
 */
export function clientSerial(query: Message, zone: ZoneInfo): Serial | undefined {
  const soas = query.authority.filter((r) => r.type === RRType.SOA);
  const soa = soas[0];
  if (soas.length !== 1 || !soa || soa.class !== CLASS_IN || soa.rdata.length < 22)
    return undefined;
  return nameEquals(soa.owner, zone.name) ? soaSerial(soa.rdata) : undefined;
}

const CLASS_IN = 1;

/**
 * Streams an IXFR over TCP: SOA(new), then for each step SOA(old), removed records, SOA(next),
 * added records, and SOA(new) again. Journal steps are stored in exactly that order (old SOA
 * first among the removed, new SOA first among the added), so each step is copied as it is.
 */
export async function streamIxfr(
  store: Store,
  zone: ZoneInfo,
  query: Message,
  client: Serial,
  send: MessageSink,
  isClosed: () => boolean,
): Promise<TransferStats & { plan: IxfrPlan['kind'] }> {
  const snapshot = store.openTransferSnapshot(zone.id);
  try {
    const plan = planIxfr(snapshot.serial, client, (from) => snapshot.journalSince(from));
    const out = new TransferWriter(query, send, isClosed);
    if (plan.kind === 'up-to-date') await out.add(snapshot.soa);
    else if (plan.kind === 'full') await writeFullZone(snapshot, out);
    else await writeSteps(snapshot, plan.steps, out);
    await out.flush();
    return { ...out.stats(snapshot.serial), plan: plan.kind };
  } finally {
    snapshot.close();
  }
}

async function writeSteps(
  snapshot: TransferSnapshot,
  steps: readonly JournalStep[],
  out: TransferWriter,
): Promise<void> {
  await out.add(snapshot.soa);
  for (const step of steps) {
    for (const { record } of snapshot.stepRecords(step.id)) await out.add(record);
  }
  await out.add(snapshot.soa);
}

/** What a UDP IXFR reads, on the server's own connection (the store implements it). */
export interface JournalData {
  publishedAt(zoneId: number, name: Buffer): ZoneRecord[];
  journalSince(zone: ZoneInfo, from: Serial): JournalStep[] | undefined;
  journalStepRecords(stepId: number): { added: boolean; record: ZoneRecord }[];
}

// An incremental reply this long is not tried over UDP; the client goes to TCP instead.
const MAX_UDP_IXFR_RECORDS = 256;

/**
 * IXFR over UDP (RFC 1995 §2): the incremental reply when it fits the client's payload size;
 * otherwise, and whenever a full zone would be needed, the current SOA alone, which tells the
 * client to retry over TCP.
 */
export function answerIxfrUdp(
  store: JournalData,
  zone: ZoneInfo,
  query: Message,
  question: Question,
  client: Serial,
  limit: number,
  ednsPayload: number | undefined,
): Buffer {
  const soa = store.publishedAt(zone.id, zone.name).find((r) => r.type === RRType.SOA)!;
  const plan = planIxfr(soaSerial(soa.rdata), client, (from) => store.journalSince(zone, from));
  if (plan.kind === 'incremental') {
    const total = plan.steps.reduce((n, s) => n + s.removedCount + s.addedCount, 2);
    if (total <= MAX_UDP_IXFR_RECORDS) {
      const records = [soa];
      for (const step of plan.steps) {
        for (const { record } of store.journalStepRecords(step.id)) records.push(record);
      }
      records.push(soa);
      const reply = encodeIxfrUdp(query, question, records, limit, ednsPayload);
      if (reply) return reply;
    }
  }
  return encodeIxfrUdp(query, question, [soa], limit, ednsPayload)!;
}

function encodeIxfrUdp(
  query: Message,
  question: Question,
  records: readonly ZoneRecord[],
  limit: number,
  ednsPayload: number | undefined,
): Buffer | undefined {
  const writer = new MessageWriter(limit);
  if (ednsPayload !== undefined) writer.reserveEdns(ednsPayload);
  writer.addQuestion(question);
  for (const r of records) {
    if (!writer.addRecord(Section.ANSWER, r.owner, r.type, r.ttl, r.rdata)) return undefined;
  }
  const { header } = query;
  return Buffer.from(
    writer.finish({ id: header.id, opcode: 0, aa: true, rd: header.rd, rcode: Rcode.NOERROR }),
  );
}
