import { WireFormatError } from '../errors.js';

// Buffer.from(…, 'base64') skips characters it does not know, so the text is checked first.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Base64 text (RFC 4648 §4) with its padding; anything else is refused. */
export function decodeBase64(text: string, what: string): Buffer {
  if (!BASE64.test(text)) throw new WireFormatError(`bad base64 in ${what}`, text);
  return Buffer.from(text, 'base64');
}

/** Hex digits in either case, an even number of them. */
export function decodeHex(text: string, what: string): Buffer {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) throw new WireFormatError(`bad hex in ${what}`, text);
  return Buffer.from(text, 'hex');
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/**
 * Base32 with the extended hex alphabet, without padding (RFC 4648 §7, as NSEC3 uses it in
 * RFC 5155 §3.3). Leftover bits must be zero, so every text has exactly one wire form.
 */
export function decodeBase32Hex(text: string, what: string): Buffer {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of text.toLowerCase()) {
    const value = BASE32HEX.indexOf(ch);
    if (value < 0) throw new WireFormatError(`bad base32hex in ${what}`, text);
    acc = ((acc << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) {
    throw new WireFormatError(`bad base32hex in ${what}`, text);
  }
  return Buffer.from(bytes);
}

/** Lowercase base32hex without padding, as NSEC3 hashes are usually printed. */
export function encodeBase32Hex(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32HEX[(acc >> bits) & 0x1f];
    }
  }
  if (bits > 0) out += BASE32HEX[(acc << (5 - bits)) & 0x1f];
  return out;
}
