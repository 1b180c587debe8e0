/** Largest TTL a zone may hold; RFC 2181 §8 treats values with the top bit set as zero. */
export const MAX_TTL = 0x7fffffff;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * True when the token has the shape of a TTL (`3600`, `1h30m`, `2W`); in a record line that
 * shape decides whether a field is the TTL or the class/type.
 */
export function looksLikeTtl(text: string): boolean {
  return /^[0-9]+$/.test(text) || /^([0-9]+[smhdwSMHDW])+$/.test(text);
}

/**
 * Parses a TTL in seconds or with BIND-style units. Returns undefined for text that is not a
 * TTL at all and throws RangeError for a TTL that does not fit.
 */
export function parseTtl(text: string): number | undefined {
  if (!looksLikeTtl(text)) return undefined;
  let total = 0;
  if (/^[0-9]+$/.test(text)) {
    total = Number(text);
  } else {
    for (const [, digits, unit] of text.matchAll(/([0-9]+)([a-zA-Z])/g)) {
      total += Number(digits) * UNIT_SECONDS[unit!.toLowerCase()]!;
    }
  }
  if (!Number.isSafeInteger(total) || total > MAX_TTL) throw new RangeError('ttl out of range');
  return total;
}
