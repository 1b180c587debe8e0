import { HEADER_SIZE, encodeFlags } from './message.js';
import type { Question } from './message.js';
import type { Name } from './name.js';
import { rdataNameFields } from './rdata.js';

export const Section = { ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 2 } as const;
export type Section = (typeof Section)[keyof typeof Section];

export interface ResponseFlags {
  readonly id: number;
  /** False for queries and NOTIFY requests this side originates; responses by default. */
  readonly qr?: boolean;
  readonly opcode: number;
  readonly aa: boolean;
  readonly rd: boolean;
  readonly cd?: boolean;
  readonly rcode: number;
}

// Compression pointers hold 14 bits of offset (RFC 1035 §4.1.4).
const MAX_POINTER_TARGET = 0x3fff;
const OPT_RECORD_SIZE = 11;

/**
 * Builds one DNS message into a fixed buffer, with name compression for owners and for the
 * names inside well-known RDATA. `addRecord` returns false, and writes nothing, when the record
 * does not fit in `maxSize`; the caller decides between TC and starting a new message.
 */
export class MessageWriter {
  private readonly buf: Buffer;
  private pos = HEADER_SIZE;
  private readonly counts = [0, 0, 0, 0];
  private readonly offsets = new Map<string, number>();
  private ednsSize = 0;
  private ednsDnssecOk = false;
  private truncated = false;

  constructor(private readonly maxSize: number) {
    this.buf = Buffer.allocUnsafe(maxSize);
  }

  /** Bytes written so far; lets a transfer decide when a message is full enough. */
  get size(): number {
    return this.pos;
  }

  get recordCount(): number {
    return this.counts[1]! + this.counts[2]! + this.counts[3]!;
  }

  /**
   * Keeps room for an OPT record, written by `finish`, so answers never crowd it out. A reply
   * passes the query's DO bit, which RFC 3225 §3 says is copied into the response.
   */
  reserveEdns(udpSize: number, dnssecOk = false): void {
    this.ednsSize = udpSize;
    this.ednsDnssecOk = dnssecOk;
  }

  setTruncated(): void {
    this.truncated = true;
  }

  addQuestion(question: Question): void {
    this.writeName(question.name);
    this.pos = this.buf.writeUInt16BE(question.type, this.pos);
    this.pos = this.buf.writeUInt16BE(question.class, this.pos);
    this.counts[0]!++;
  }

  addRecord(section: Section, owner: Name, type: number, ttl: number, rdata: Buffer): boolean {
    const limit = this.maxSize - (this.ednsSize > 0 ? OPT_RECORD_SIZE : 0);
    // Worst case (no compression at all) fits: skip the bounds checks on the way.
    const worst = owner.length + 10 + rdata.length;
    if (this.pos + worst > limit && !this.fitsCompressed(owner, type, rdata, limit)) return false;

    this.writeName(owner);
    this.pos = this.buf.writeUInt16BE(type, this.pos);
    this.pos = this.buf.writeUInt16BE(1, this.pos);
    this.pos = this.buf.writeUInt32BE(ttl >>> 0, this.pos);
    const lengthAt = this.pos;
    this.pos += 2;
    this.writeRdata(type, rdata);
    this.buf.writeUInt16BE(this.pos - lengthAt - 2, lengthAt);
    this.counts[section + 1]!++;
    return true;
  }

  /** Measures the compressed size; used only near the size limit, where it matters. */
  private fitsCompressed(owner: Name, type: number, rdata: Buffer, limit: number): boolean {
    const size = this.compressedNameSize(owner) + 10 + this.compressedRdataSize(type, rdata);
    return this.pos + size <= limit;
  }

  private compressedNameSize(name: Name): number {
    for (let i = 0; name[i] !== 0; i += name[i]! + 1) {
      if (this.offsets.has(suffixKey(name, i))) return i + 2;
    }
    return name.length;
  }

  private compressedRdataSize(type: number, rdata: Buffer): number {
    let size = rdata.length;
    for (const field of rdataNameFields(type, rdata)) {
      const name = rdata.subarray(field.start, field.end);
      size -= name.length - this.compressedNameSize(name);
    }
    return size;
  }

  private writeRdata(type: number, rdata: Buffer): void {
    let copied = 0;
    for (const field of rdataNameFields(type, rdata)) {
      this.pos += rdata.copy(this.buf, this.pos, copied, field.start);
      this.writeName(rdata.subarray(field.start, field.end));
      copied = field.end;
    }
    this.pos += rdata.copy(this.buf, this.pos, copied);
  }

  /** Writes a name, pointing at the longest suffix already in the message. */
  private writeName(name: Name): void {
    for (let i = 0; name[i] !== 0; i += name[i]! + 1) {
      const key = suffixKey(name, i);
      const target = this.offsets.get(key);
      if (target !== undefined) {
        this.pos = this.buf.writeUInt16BE(0xc000 | target, this.pos);
        return;
      }
      if (this.pos <= MAX_POINTER_TARGET) {
        this.offsets.set(key, this.pos);
      }
      const len = name[i]!;
      this.pos += name.copy(this.buf, this.pos, i, i + len + 1);
    }
    this.buf[this.pos++] = 0;
  }

  /** Writes header and OPT record and returns the finished message (a view of the buffer). */
  finish(flags: ResponseFlags): Buffer {
    if (this.ednsSize > 0) {
      // OPT: root owner, type 41, class = our UDP payload size, TTL = ext-rcode/version/flags.
      const ttl = (((flags.rcode >> 4) & 0xff) << 24) | (this.ednsDnssecOk ? 0x8000 : 0);
      this.buf[this.pos++] = 0;
      this.pos = this.buf.writeUInt16BE(41, this.pos);
      this.pos = this.buf.writeUInt16BE(this.ednsSize, this.pos);
      this.pos = this.buf.writeUInt32BE(ttl >>> 0, this.pos);
      this.pos = this.buf.writeUInt16BE(0, this.pos);
      this.counts[3]!++;
    }
    this.buf.writeUInt16BE(flags.id, 0);
    const word = encodeFlags({ ...flags, qr: flags.qr ?? true, tc: this.truncated, ra: false });
    this.buf.writeUInt16BE(word, 2);
    for (let i = 0; i < 4; i++) this.buf.writeUInt16BE(this.counts[i]!, 4 + 2 * i);
    return this.buf.subarray(0, this.pos);
  }
}

/** Case-insensitive key of the suffix of `name` that starts at byte `from`. */
function suffixKey(name: Name, from: number): string {
  return name.toString('latin1', from).toLowerCase();
}
