import { WireFormatError } from './errors.js';
import type { Name } from './name.js';
import { ByteWriter } from './rdata/byte-writer.js';
import { decodeHex } from './rdata/encodings.js';
import type { RdataCodec } from './rdata/field.js';
import { parseUint } from './rdata/numbers.js';
import { codecFor } from './rdata/registry.js';
import { TextCursor } from './rdata/text-cursor.js';
import type { NameRange } from './rdata/wire-cursor.js';
import { WireCursor } from './rdata/wire-cursor.js';
import { RRType, typeToMnemonic } from './rr-types.js';
import type { Token } from './token.js';

const MAX_RDATA = 0xffff;

// Types that only exist in messages (RFC 6895 §3.1): they never have RDATA in a zone file.
const META_TYPES: ReadonlySet<number> = new Set([
  RRType.OPT,
  RRType.NXNAME,
  RRType.TKEY,
  RRType.TSIG,
  RRType.IXFR,
  RRType.AXFR,
  RRType.MAILB,
  RRType.MAILA,
  RRType.ANY,
]);

/**
 * Wire RDATA from the RDATA tokens of one zone-file record. Relative names are completed with
 * `origin`. Any type may use the RFC 3597 generic form `\# <length> <hex>…`; for a type this
 * codec knows, the generic bytes must then be valid RDATA of that type.
 */
export function rdataFromText(type: number, tokens: readonly Token[], origin: Name): Buffer {
  if (META_TYPES.has(type)) {
    throw new WireFormatError('meta type cannot appear in zone data', typeToMnemonic(type));
  }
  const first = tokens[0];
  const generic = first !== undefined && !first.quoted && first.text === '\\#';
  const rdata = generic ? parseGeneric(type, tokens) : parseFields(type, tokens, origin);
  if (rdata.length > MAX_RDATA) {
    throw new WireFormatError('rdata longer than 65535 octets', typeToMnemonic(type));
  }
  return rdata;
}

function parseFields(type: number, tokens: readonly Token[], origin: Name): Buffer {
  const codec = codecFor(type);
  if (codec === undefined) {
    throw new WireFormatError(`rdata of ${typeToMnemonic(type)} must use the generic \\# form`);
  }
  const text = new TextCursor(tokens, origin);
  const out = new ByteWriter();
  for (const field of codec) field.parse(text, out);
  const extra = text.peek();
  if (extra !== undefined) {
    throw new WireFormatError(`too many fields for ${typeToMnemonic(type)}`, extra.text);
  }
  return out.toBuffer();
}

/** RFC 3597 §5: `\#`, the length in octets, then hex that may be split over several tokens. */
function parseGeneric(type: number, tokens: readonly Token[]): Buffer {
  const [, lengthToken, ...hexTokens] = tokens;
  if (lengthToken === undefined) throw new WireFormatError('missing generic rdata length');
  const length = parseUint(lengthToken.text, MAX_RDATA, 'generic rdata length');
  const data = decodeHex(hexTokens.map((t) => t.text).join(''), 'generic rdata');
  if (data.length !== length) {
    throw new WireFormatError(
      `generic rdata has ${data.length} octets, not the stated length`,
      lengthToken.text,
    );
  }
  validateRdata(type, data);
  return data;
}

/**
 * Presentation form of wire RDATA: names absolute, or relative to `origin` when one is given.
 * Types without a codec print in the generic form `\# <length> <hex>`.
 */
export function rdataToText(type: number, rdata: Buffer, origin?: Name): string {
  const codec = codecFor(type);
  if (codec === undefined) return formatGeneric(rdata);
  return decode(type, codec, rdata, origin).text;
}

function formatGeneric(rdata: Buffer): string {
  return rdata.length === 0 ? '\\# 0' : `\\# ${rdata.length} ${rdata.toString('hex')}`;
}

/** Throws WireFormatError when RDATA of a type with a codec is malformed; others always pass. */
export function validateRdata(type: number, rdata: Buffer): void {
  const codec = codecFor(type);
  if (rdata.length > MAX_RDATA) throw new WireFormatError('rdata longer than 65535 octets');
  if (codec !== undefined) decode(type, codec, rdata);
}

/**
 * Canonical form (RFC 4034 §6.2 as corrected by RFC 6840 §5.1): the embedded names of the listed
 * types in lowercase. Other types, the NSEC next name among them, come back unchanged.
 */
export function canonicalRdata(type: number, rdata: Buffer): Buffer {
  const codec = codecFor(type);
  if (codec === undefined || !codec.some((f) => f.nameUse && f.nameUse !== 'plain')) return rdata;
  const out = Buffer.from(rdata);
  for (const range of decode(type, codec, rdata).names) {
    if (range.use === 'plain') continue;
    for (let i = range.start; i < range.end; i++) {
      // Length octets are at most 63, below 'A', so only letters change.
      if (out[i]! >= 0x41 && out[i]! <= 0x5a) out[i] = out[i]! | 0x20;
    }
  }
  return out;
}

/**
 * Byte ranges (end exclusive) of the names a message may compress: only the RFC 1035 types
 * (RFC 3597 §4), e.g. both SOA names and the MX exchange. Empty for every other type.
 */
export function rdataNameFields(
  type: number,
  rdata: Buffer,
): Array<{ start: number; end: number }> {
  const codec = codecFor(type);
  if (codec === undefined || !codec.some((f) => f.nameUse === 'compress')) return [];
  return decode(type, codec, rdata)
    .names.filter((range) => range.use === 'compress')
    .map(({ start, end }) => ({ start, end }));
}

function decode(
  type: number,
  codec: RdataCodec,
  rdata: Buffer,
  origin?: Name,
): { text: string; names: readonly NameRange[] } {
  const wire = new WireCursor(rdata, origin);
  const parts = codec.map((field) => field.read(wire));
  if (wire.remaining > 0) {
    const mnemonic = typeToMnemonic(type);
    throw new WireFormatError(`trailing octets in ${mnemonic} rdata`, String(wire.remaining));
  }
  return { text: parts.filter((p) => p !== '').join(' '), names: wire.names };
}
