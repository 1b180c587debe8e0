import { WireFormatError } from '../errors.js';
import { decodeBase64, decodeHex } from './encodings.js';
import type { RdataField } from './field.js';

/** How the blob is written; both may be split over several tokens (RFC 4034 §2.2 and others). */
export type BlobEncoding = 'base64' | 'hex';

/**
 * Opaque octets up to the end of the RDATA: keys, signatures, digests. `optional` blobs may be
 * empty (IPSECKEY without a key); the others must hold at least one octet, as their text form
 * has no way to write nothing.
 */
export function trailingBlob(what: string, encoding: BlobEncoding, optional = false): RdataField {
  const decode = encoding === 'base64' ? decodeBase64 : decodeHex;
  return {
    parse(text, out) {
      const joined = text
        .rest()
        .map((t) => t.text)
        .join('');
      if (joined === '' && !optional) throw new WireFormatError(`missing ${what}`);
      out.bytes(decode(joined, what));
    },
    read(wire) {
      const bytes = wire.rest();
      if (bytes.length === 0 && !optional) throw new WireFormatError(`empty ${what}`);
      return bytes.toString(encoding);
    },
  };
}

/** Hex octets after a one-octet length, `-` when empty: the NSEC3 salt (RFC 5155 §3.3). */
export function saltField(what: string): RdataField {
  return {
    parse(text, out) {
      const token = text.next(what).text;
      if (token === '') throw new WireFormatError(`empty ${what}`);
      const salt = token === '-' ? Buffer.alloc(0) : decodeHex(token, what);
      if (salt.length > 255) throw new WireFormatError(`${what} longer than 255 octets`, token);
      out.u8(salt.length);
      out.bytes(salt);
    },
    read(wire) {
      const salt = wire.bytes(wire.u8(what), what);
      return salt.length === 0 ? '-' : salt.toString('hex');
    },
  };
}
