/**
 * SOA serial numbers with RFC 1982 arithmetic (32 bits). The brand keeps plain numbers, and so
 * `<` and `>`, away from serials: compare with `serialCompare` or `serialGreater` only.
 */
export type Serial = number & { readonly __brand: 'Serial' };

const HALF = 2 ** 31;
const MODULO = 2 ** 32;

export function toSerial(value: number): Serial {
  if (!Number.isInteger(value) || value < 0 || value >= MODULO) {
    throw new RangeError(`serial out of range: ${value}`);
  }
  return value as Serial;
}

/**
 * RFC 1982 §3.2: -1, 0 or 1, or undefined when the two serials are exactly 2^31 apart and the
 * order is undefined.
 */
export function serialCompare(a: Serial, b: Serial): -1 | 0 | 1 | undefined {
  if (a === b) return 0;
  const diff = (b - a + MODULO) % MODULO;
  if (diff === HALF) return undefined;
  return diff < HALF ? -1 : 1;
}

export function serialGreater(a: Serial, b: Serial): boolean {
  return serialCompare(a, b) === 1;
}

/** RFC 1982 §3.1 addition; `n` may be at most 2^31 - 1. */
export function serialAdd(a: Serial, n: number): Serial {
  if (n < 0 || n > HALF - 1) throw new RangeError(`serial increment out of range: ${n}`);
  return ((a + n) % MODULO) as Serial;
}

/** Reads the SERIAL field of SOA RDATA (it sits 20 bytes before the end). */
export function soaSerial(rdata: Buffer): Serial {
  return rdata.readUInt32BE(rdata.length - 20) as Serial;
}

/** A copy of SOA RDATA with another serial. */
export function withSoaSerial(rdata: Buffer, serial: Serial): Buffer {
  const copy = Buffer.from(rdata);
  copy.writeUInt32BE(serial, copy.length - 20);
  return copy;
}
