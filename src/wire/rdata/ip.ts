import { WireFormatError } from '../errors.js';

/**
 * Dotted-quad IPv4 text to 4 octets. Leading zeros are refused, as BIND does: `010` would be
 * octal to some tools and decimal to others.
 */
export function parseIPv4(text: string, what: string): Buffer {
  const bytes = tryIPv4(text);
  if (bytes === undefined) throw new WireFormatError(`${what} is not an ipv4 address`, text);
  return bytes;
}

function tryIPv4(text: string): Buffer | undefined {
  // A hand-written scan: this runs for every A record of a zone being loaded.
  const bytes = Buffer.alloc(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (ch === 0x2e /* . */) {
      if (digits === 0 || part > 3) return undefined;
      bytes[part++] = value;
      value = 0;
      digits = 0;
    } else if (ch >= 0x30 && ch <= 0x39) {
      if (digits > 0 && value === 0) return undefined;
      value = value * 10 + ch - 0x30;
      if (value > 255) return undefined;
      digits++;
    } else {
      return undefined;
    }
  }
  return part === 4 ? bytes : undefined;
}

/** Dotted-quad text of 4 octets. */
export function formatIPv4(bytes: Uint8Array): string {
  return Array.from(bytes).join('.');
}

/** IPv6 text (RFC 4291 §2.2, including `::` and a trailing dotted quad) to 16 octets. */
export function parseIPv6(text: string, what: string): Buffer {
  const groups = tryIPv6Groups(text);
  if (groups === undefined) throw new WireFormatError(`${what} is not an ipv6 address`, text);
  const bytes = Buffer.alloc(16);
  groups.forEach((g, i) => bytes.writeUInt16BE(g, i * 2));
  return bytes;
}

function tryIPv6Groups(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  if (halves.length === 1) {
    const groups = parseGroups(text, true);
    return groups?.length === 8 ? groups : undefined;
  }
  const head = parseGroups(halves[0]!, false);
  const tail = parseGroups(halves[1]!, true);
  if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

function parseGroups(part: string, allowDottedQuad: boolean): number[] | undefined {
  if (part === '') return [];
  const pieces = part.split(':');
  const groups: number[] = [];
  for (const [i, piece] of pieces.entries()) {
    if (allowDottedQuad && i === pieces.length - 1 && piece.includes('.')) {
      const v4 = tryIPv4(piece);
      if (v4 === undefined) return undefined;
      groups.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
      groups.push(parseInt(piece, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

/**
 * RFC 5952 text: lowercase, no leading zeros, the longest run of two or more zero groups (the
 * first on a tie) as `::`, and IPv4-mapped addresses with a dotted quad (§5).
 */
export function formatIPv6(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes);
  const groups = Array.from({ length: 8 }, (_, i) => buf.readUInt16BE(i * 2));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIPv4(buf.subarray(12))}`;
  }
  const [start, length] = longestZeroRun(groups);
  const hex = groups.map((g) => g.toString(16));
  if (length < 2) return hex.join(':');
  return `${hex.slice(0, start).join(':')}::${hex.slice(start + length).join(':')}`;
}

function longestZeroRun(groups: readonly number[]): [number, number] {
  let best: [number, number] = [0, 0];
  let start = -1;
  for (let i = 0; i <= groups.length; i++) {
    if (i < groups.length && groups[i] === 0) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start > best[1]) best = [start, i - start];
      start = -1;
    }
  }
  return best;
}
