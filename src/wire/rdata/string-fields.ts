import { WireFormatError } from '../errors.js';
import type { Token } from '../token.js';
import { decodeText, quoteText } from './char-string.js';
import type { RdataField } from './field.js';
import type { ByteWriter } from './byte-writer.js';
import type { WireCursor } from './wire-cursor.js';

const MAX_CHAR_STRING = 255;

/** One <character-string> (RFC 1035 §3.3): a length octet and up to 255 octets. */
export function charString(what: string): RdataField {
  return {
    parse(text, out) {
      writeCharString(text.next(what), what, out);
    },
    read(wire) {
      return quoteText(readCharString(wire, what));
    },
  };
}

/** Between `min` and `max` character-strings up to the end of the RDATA (TXT, ISDN). */
export function charStrings(what: string, min: number, max = Infinity): RdataField {
  return {
    parse(text, out) {
      const tokens = text.rest();
      if (tokens.length < min) throw new WireFormatError(`missing ${what}`);
      if (tokens.length > max) throw new WireFormatError(`too many ${what}s`, tokens[max]!.text);
      for (const token of tokens) writeCharString(token, what, out);
    },
    read(wire) {
      const parts: string[] = [];
      while (wire.remaining > 0) parts.push(quoteText(readCharString(wire, what)));
      if (parts.length < min) throw new WireFormatError(`rdata too short for ${what}`);
      if (parts.length > max) throw new WireFormatError(`too many ${what}s in rdata`);
      return parts.join(' ');
    },
  };
}

/** Appends a token as a length-prefixed character-string. */
export function writeCharString(token: Token, what: string, out: ByteWriter): void {
  const bytes = decodeText(token.text);
  if (bytes.length > MAX_CHAR_STRING) {
    throw new WireFormatError(`${what} longer than 255 octets`, token.text);
  }
  out.u8(bytes.length);
  out.bytes(bytes);
}

/** Reads a length-prefixed character-string. */
export function readCharString(wire: WireCursor, what: string): Buffer {
  return wire.bytes(wire.u8(what), what);
}

/**
 * Octets up to the end of the RDATA, written as one (usually quoted) string with no length
 * octet: the CAA value (RFC 8659 §4.1.1) and the URI target (RFC 7553 §4.4).
 */
export function trailingText(what: string, required: boolean): RdataField {
  return {
    parse(text, out) {
      const bytes = decodeText(text.next(what).text);
      if (required && bytes.length === 0) throw new WireFormatError(`empty ${what}`);
      out.bytes(bytes);
    },
    read(wire) {
      const bytes = wire.rest();
      if (required && bytes.length === 0) throw new WireFormatError(`empty ${what}`);
      return quoteText(bytes);
    },
  };
}
