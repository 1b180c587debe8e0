import { WireFormatError } from '../errors.js';
import { decodeBase32Hex, decodeHex, encodeBase32Hex } from './encodings.js';
import type { RdataField } from './field.js';
import { parseUint } from './numbers.js';

/**
 * A digest-type octet and the hex digest after it, with the digest length checked for the types
 * whose length is fixed (`lengths`), so a truncated copy-and-paste is caught at load time.
 */
export function typedDigest(
  typeWhat: string,
  digestWhat: string,
  lengths: ReadonlyMap<number, number>,
): RdataField {
  const check = (type: number, length: number): void => {
    const expected = lengths.get(type);
    if (length === 0) throw new WireFormatError(`missing ${digestWhat}`);
    if (expected !== undefined && length !== expected) {
      throw new WireFormatError(`${digestWhat} must be ${expected} octets for type ${type}`);
    }
  };
  return {
    parse(text, out) {
      const type = parseUint(text.next(typeWhat).text, 0xff, typeWhat);
      const digest = decodeHex(
        text
          .rest()
          .map((t) => t.text)
          .join(''),
        digestWhat,
      );
      check(type, digest.length);
      out.u8(type);
      out.bytes(digest);
    },
    read(wire) {
      const type = wire.u8(typeWhat);
      const digest = wire.rest();
      check(type, digest.length);
      return `${type} ${digest.toString('hex')}`;
    },
  };
}

/** The NSEC3 next hashed owner (RFC 5155 §3.3): a length octet, then base32hex in the text. */
export function hashedOwnerField(what: string): RdataField {
  return {
    parse(text, out) {
      const token = text.next(what).text;
      const hash = decodeBase32Hex(token, what);
      if (hash.length === 0 || hash.length > 255) {
        throw new WireFormatError(`${what} must be 1 to 255 octets`, token);
      }
      out.u8(hash.length);
      out.bytes(hash);
    },
    read(wire) {
      const length = wire.u8(what);
      if (length === 0) throw new WireFormatError(`empty ${what}`);
      return encodeBase32Hex(wire.bytes(length, what));
    },
  };
}
