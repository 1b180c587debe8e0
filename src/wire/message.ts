import { WireFormatError } from './errors.js';
import type { Name } from './name.js';
import { readName } from './name.js';

export const HEADER_SIZE = 12;

export const Opcode = { QUERY: 0, IQUERY: 1, STATUS: 2, NOTIFY: 4, UPDATE: 5 } as const;

export const Rcode = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  NOTAUTH: 9,
  BADVERS: 16,
} as const;

/** Header fields (RFC 1035 §4.1.1), flags unpacked. */
export interface Header {
  readonly id: number;
  readonly qr: boolean;
  readonly opcode: number;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  readonly ad: boolean;
  readonly cd: boolean;
  readonly rcode: number;
  readonly qdcount: number;
  readonly ancount: number;
  readonly nscount: number;
  readonly arcount: number;
}

export interface Question {
  readonly name: Name;
  readonly type: number;
  readonly class: number;
}

/** A resource record as read from a message; RDATA is copied out uncompressed for known names. */
export interface WireRecord {
  readonly owner: Name;
  readonly type: number;
  readonly class: number;
  readonly ttl: number;
  readonly rdata: Buffer;
}

/** EDNS(0) parameters from an OPT record (RFC 6891 §6.1.3). */
export interface Edns {
  readonly udpSize: number;
  readonly version: number;
  readonly dnssecOk: boolean;
}

export interface Message {
  readonly header: Header;
  readonly questions: readonly Question[];
  readonly answers: readonly WireRecord[];
  readonly authority: readonly WireRecord[];
  readonly additional: readonly WireRecord[];
  /** Present when the additional section held exactly one OPT record. */
  readonly edns: Edns | undefined;
}

const TYPE_OPT = 41;

/** Reads the fixed header; the one part of a malformed message we still need to reply. */
export function decodeHeader(buf: Buffer): Header {
  if (buf.length < HEADER_SIZE) throw new WireFormatError('message shorter than a header');
  const flags = buf.readUInt16BE(2);
  return {
    id: buf.readUInt16BE(0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    ad: (flags & 0x0020) !== 0,
    cd: (flags & 0x0010) !== 0,
    rcode: flags & 0xf,
    qdcount: buf.readUInt16BE(4),
    ancount: buf.readUInt16BE(6),
    nscount: buf.readUInt16BE(8),
    arcount: buf.readUInt16BE(10),
  };
}

/**
 * Decodes a whole message. Throws WireFormatError for anything malformed, including bytes left
 * over after the last record and more than one OPT record (RFC 6891 §6.1.1).
 */
export function decodeMessage(buf: Buffer): Message {
  const header = decodeHeader(buf);
  let pos = HEADER_SIZE;
  const questions: Question[] = [];
  for (let i = 0; i < header.qdcount; i++) {
    const { name, end } = readName(buf, pos);
    if (end + 4 > buf.length) throw new WireFormatError('question runs past the end');
    questions.push({ name, type: buf.readUInt16BE(end), class: buf.readUInt16BE(end + 2) });
    pos = end + 4;
  }
  const sections: WireRecord[][] = [[], [], []];
  const counts = [header.ancount, header.nscount, header.arcount];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s]!; i++) {
      const { record, end } = readRecord(buf, pos);
      sections[s]!.push(record);
      pos = end;
    }
  }
  if (pos !== buf.length) throw new WireFormatError('trailing bytes after the last record');
  return {
    header,
    questions,
    answers: sections[0]!,
    authority: sections[1]!,
    additional: sections[2]!,
    edns: readEdns(sections[2]!),
  };
}

function readRecord(buf: Buffer, offset: number): { record: WireRecord; end: number } {
  const { name, end } = readName(buf, offset);
  if (end + 10 > buf.length) throw new WireFormatError('record header runs past the end');
  const rdlength = buf.readUInt16BE(end + 8);
  const rdataStart = end + 10;
  if (rdataStart + rdlength > buf.length) throw new WireFormatError('rdata runs past the end');
  const type = buf.readUInt16BE(end);
  const record: WireRecord = {
    owner: name,
    type,
    class: buf.readUInt16BE(end + 2),
    ttl: buf.readUInt32BE(end + 4),
    rdata: expandRdata(buf, type, rdataStart, rdlength),
  };
  return { record, end: rdataStart + rdlength };
}

// RFC 3597 §4: only the RFC 1035 types may carry compressed names in RDATA. The layout says
// how many names come first and how many fixed bytes sit before/after them.
const COMPRESSED_LAYOUT = new Map<number, { before: number; names: number; after: number }>([
  [2, { before: 0, names: 1, after: 0 }], // NS
  [3, { before: 0, names: 1, after: 0 }], // MD
  [4, { before: 0, names: 1, after: 0 }], // MF
  [5, { before: 0, names: 1, after: 0 }], // CNAME
  [6, { before: 0, names: 2, after: 20 }], // SOA
  [7, { before: 0, names: 1, after: 0 }], // MB
  [8, { before: 0, names: 1, after: 0 }], // MG
  [9, { before: 0, names: 1, after: 0 }], // MR
  [12, { before: 0, names: 1, after: 0 }], // PTR
  [14, { before: 0, names: 2, after: 0 }], // MINFO
  [15, { before: 2, names: 1, after: 0 }], // MX
]);

/** Copies RDATA out of the message, expanding compression pointers in well-known types. */
function expandRdata(buf: Buffer, type: number, start: number, length: number): Buffer {
  const layout = COMPRESSED_LAYOUT.get(type);
  const stop = start + length;
  if (!layout) return Buffer.from(buf.subarray(start, stop));

  const parts: Buffer[] = [buf.subarray(start, start + layout.before)];
  let pos = start + layout.before;
  for (let i = 0; i < layout.names; i++) {
    const { name, end } = readName(buf, pos);
    parts.push(name);
    pos = end;
  }
  if (pos + layout.after !== stop) throw new WireFormatError('rdata length does not match');
  parts.push(buf.subarray(pos, stop));
  return Buffer.concat(parts);
}

function readEdns(additional: readonly WireRecord[]): Edns | undefined {
  const opts = additional.filter((r) => r.type === TYPE_OPT);
  if (opts.length === 0) return undefined;
  if (opts.length > 1) throw new WireFormatError('more than one OPT record');
  const opt = opts[0]!;
  if (opt.owner.length !== 1) throw new WireFormatError('OPT record not owned by the root');
  return {
    udpSize: opt.class,
    version: (opt.ttl >>> 16) & 0xff,
    dnssecOk: (opt.ttl & 0x8000) !== 0,
  };
}

/** Encodes the flags word of a header. */
export function encodeFlags(h: {
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra?: boolean;
  cd?: boolean;
  rcode: number;
}): number {
  return (
    (h.qr ? 0x8000 : 0) |
    ((h.opcode & 0xf) << 11) |
    (h.aa ? 0x0400 : 0) |
    (h.tc ? 0x0200 : 0) |
    (h.rd ? 0x0100 : 0) |
    (h.ra ? 0x0080 : 0) |
    (h.cd ? 0x0010 : 0) |
    (h.rcode & 0xf)
  );
}
