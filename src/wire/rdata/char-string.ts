import { decodeEscape } from '../name.js';

/**
 * Decodes the text of a character-string field (RFC 1035 §5.1): `\X` is X, `\DDD` is the octet
 * DDD. Zone files are read as UTF-8, so any other non-ASCII character becomes its UTF-8 octets.
 */
export function decodeText(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5c /* \ */) {
      const [byte, used] = decodeEscape(text, i);
      bytes.push(byte);
      i += used - 1;
    } else if (ch < 0x80) {
      bytes.push(ch);
    } else {
      const cp = text.codePointAt(i)!;
      bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      if (cp > 0xffff) i++;
    }
  }
  return Buffer.from(bytes);
}

/**
 * Octets as the inside of a quoted string: `"` and `\` escaped, printable ASCII as is, every
 * other octet as `\DDD` so the output is plain ASCII and survives any editor.
 */
function escapeText(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\' + String(b).padStart(3, '0');
  }
  return out;
}

/** Octets as a quoted presentation string. */
export function quoteText(bytes: Uint8Array): string {
  return `"${escapeText(bytes)}"`;
}
