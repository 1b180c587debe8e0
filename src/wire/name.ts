import { WireFormatError } from './errors.js';

/**
 * Domain names are kept in uncompressed wire form (RFC 1035 §3.1): length-prefixed labels ending
 * with the zero-length root label. Case is preserved; comparisons are ASCII case-insensitive
 * (RFC 4343).
 */
export type Name = Buffer;

export const ROOT_NAME: Name = Buffer.from([0]);

const MAX_LABEL = 63;
const MAX_NAME = 255;
const MAX_POINTER_HOPS = 128;

/**
 * Parses a name in presentation form. `text` still holds its escapes (`\.`, `\DDD`); `@` means
 * the origin and a name without a trailing dot is relative to the origin.
 */
export function parseName(text: string, origin: Name | null): Name {
  if (text === '@') {
    if (origin === null) throw new WireFormatError('"@" used without an origin', text);
    return origin;
  }
  if (text === '.') return ROOT_NAME;
  if (text === '') throw new WireFormatError('empty name', text);

  const labels: Buffer[] = [];
  let label: number[] = [];
  let absolute = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x2e /* . */) {
      if (label.length === 0) throw new WireFormatError('empty label in name', text);
      labels.push(Buffer.from(label));
      label = [];
      if (i === text.length - 1) absolute = true;
      continue;
    }
    if (ch === 0x5c /* \ */) {
      const [byte, used] = decodeEscape(text, i);
      label.push(byte);
      i += used - 1;
    } else if (ch < 0x80) {
      label.push(ch);
    } else {
      // Zone files are read as UTF-8; a raw non-ASCII character stands for its UTF-8 bytes,
      // as it does inside character-strings.
      const char = String.fromCodePoint(text.codePointAt(i)!);
      label.push(...Buffer.from(char, 'utf8'));
      i += char.length - 1;
    }
    if (label.length > MAX_LABEL) throw new WireFormatError('label longer than 63 octets', text);
  }
  if (label.length > 0) labels.push(Buffer.from(label));

  const parts: Buffer[] = [];
  for (const l of labels) parts.push(Buffer.from([l.length]), l);
  if (absolute) {
    parts.push(ROOT_NAME);
  } else {
    if (origin === null) throw new WireFormatError('relative name without an origin', text);
    parts.push(origin);
  }
  const name = Buffer.concat(parts);
  if (name.length > MAX_NAME) throw new WireFormatError('name longer than 255 octets', text);
  return name;
}

/**
 * Decodes one `\X` or `\DDD` escape starting at `text[at]` (the backslash). Returns the byte and
 * how many characters the escape used. Shared with character-string parsing.
 */
export function decodeEscape(text: string, at: number): [number, number] {
  const next = text.charCodeAt(at + 1);
  if (Number.isNaN(next)) throw new WireFormatError('backslash at end of field', text);
  if (next >= 0x30 && next <= 0x39) {
    const digits = text.slice(at + 1, at + 4);
    if (!/^[0-9]{3}$/.test(digits)) throw new WireFormatError('bad \\DDD escape', text);
    const value = Number(digits);
    if (value > 255) throw new WireFormatError('\\DDD escape above 255', text);
    return [value, 4];
  }
  if (next > 0xff) throw new WireFormatError('non-ASCII character', text);
  return [next, 2];
}

/** Presentation form of a wire name, absolute (with the trailing dot), escaped where needed. */
export function formatName(name: Name): string {
  if (name.length === 1) return '.';
  let out = '';
  let i = 0;
  while (name[i] !== 0) {
    const len = name[i]!;
    out += formatLabel(name, i + 1, i + 1 + len) + '.';
    i += len + 1;
  }
  return out;
}

/**
 * Presentation form relative to `origin`: `@` for the origin itself, the leading labels for a
 * name below it, the absolute form otherwise.
 */
export function formatRelativeName(name: Name, origin: Name): string {
  if (nameEquals(name, origin)) return '@';
  if (!isSubdomainOf(name, origin) || origin.length === 1) return formatName(name);
  const keep = name.length - origin.length;
  let out = '';
  let i = 0;
  while (i < keep) {
    const len = name[i]!;
    out += (out === '' ? '' : '.') + formatLabel(name, i + 1, i + 1 + len);
    i += len + 1;
  }
  return out;
}

function formatLabel(buf: Buffer, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b <= 0x20 || b >= 0x7f) out += '\\' + String(b).padStart(3, '0');
    else if (SPECIAL_IN_LABEL.has(b)) out += '\\' + String.fromCharCode(b);
    else out += String.fromCharCode(b);
  }
  return out;
}

// Characters that have a meaning in zone files and so are escaped inside a label.
const SPECIAL_IN_LABEL = new Set([0x2e, 0x3b, 0x5c, 0x28, 0x29, 0x22, 0x40, 0x24]);

/**
 * Reads a possibly compressed name from a message (RFC 1035 §4.1.4). Returns the name in
 * uncompressed form and the offset just past it in the message.
 */
export function readName(msg: Buffer, offset: number): { name: Name; end: number } {
  const parts: number[] = [];
  let pos = offset;
  let end = -1;
  for (let hops = 0; ;) {
    if (pos >= msg.length) throw new WireFormatError('name runs past the end of the message');
    const len = msg[pos]!;
    if (len === 0) {
      parts.push(0);
      if (end < 0) end = pos + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= msg.length) throw new WireFormatError('truncated compression pointer');
      if (end < 0) end = pos + 2;
      if (++hops > MAX_POINTER_HOPS) throw new WireFormatError('compression pointer loop');
      const target = ((len & 0x3f) << 8) | msg[pos + 1]!;
      // Pointers must point backwards; forward pointers are how loops are usually built.
      if (target >= pos) throw new WireFormatError('compression pointer points forward');
      pos = target;
      continue;
    }
    if ((len & 0xc0) !== 0) throw new WireFormatError('unknown label type');
    if (pos + 1 + len > msg.length) throw new WireFormatError('label runs past the end');
    parts.push(len);
    for (let i = 1; i <= len; i++) parts.push(msg[pos + i]!);
    if (parts.length > MAX_NAME - 1) throw new WireFormatError('name longer than 255 octets');
    pos += len + 1;
  }
  return { name: Buffer.from(parts), end };
}

/** Reads an uncompressed name inside RDATA; compression is not allowed there for new types. */
export function readUncompressedName(buf: Buffer, offset: number): { name: Name; end: number } {
  let pos = offset;
  for (;;) {
    if (pos >= buf.length) throw new WireFormatError('name runs past the end of the data');
    const len = buf[pos]!;
    if (len === 0) break;
    if (len > MAX_LABEL) throw new WireFormatError('bad label length in name');
    pos += len + 1;
  }
  if (pos + 1 - offset > MAX_NAME) throw new WireFormatError('name longer than 255 octets');
  return { name: buf.subarray(offset, pos + 1), end: pos + 1 };
}

/** ASCII-lowercased copy; the key under which names are stored and compared. */
export function lowerName(name: Name): Name {
  const out = Buffer.from(name);
  let i = 0;
  while (out[i] !== 0) {
    const len = out[i]!;
    for (let j = i + 1; j <= i + len; j++) {
      const b = out[j]!;
      if (b >= 0x41 && b <= 0x5a) out[j] = b | 0x20;
    }
    i += len + 1;
  }
  return out;
}

export function nameEquals(a: Name, b: Name): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (lowerByte(a[i]!) !== lowerByte(b[i]!)) return false;
  }
  return true;
}

function lowerByte(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

/** Number of labels, not counting the root label. */
export function labelCount(name: Name): number {
  let n = 0;
  for (let i = 0; name[i] !== 0; i += name[i]! + 1) n++;
  return n;
}

/** The name without its first label; the root's parent is an error in the caller. */
export function parentName(name: Name): Name {
  if (name.length === 1) throw new RangeError('the root name has no parent');
  return name.subarray(name[0]! + 1);
}

/** True when `name` equals `zone` or lies below it. */
export function isSubdomainOf(name: Name, zone: Name): boolean {
  if (zone.length > name.length) return false;
  // The suffix must start on a label boundary, not in the middle of a label.
  let i = 0;
  while (name.length - i > zone.length) i += name[i]! + 1;
  if (name.length - i !== zone.length) return false;
  return nameEquals(name.subarray(i), zone);
}

/** The labels of a name, leftmost first, without the root label. */
export function nameLabels(name: Name): Buffer[] {
  const labels: Buffer[] = [];
  for (let i = 0; name[i] !== 0; i += name[i]! + 1) {
    labels.push(name.subarray(i + 1, i + 1 + name[i]!));
  }
  return labels;
}
