import { WireFormatError } from '../errors.js';
import { typeFromMnemonic, typeToMnemonic } from '../rr-types.js';
import type { RdataField } from './field.js';

/** Width in octets of an unsigned number field. */
export type NumberSize = 1 | 2 | 4;

const MAX: Record<NumberSize, number> = { 1: 0xff, 2: 0xffff, 4: 0xffffffff };

/** Parses a plain decimal number (no sign, no hex) of at most `max`. */
export function parseUint(text: string, max: number, what: string): number {
  if (!/^[0-9]+$/.test(text)) throw new WireFormatError(`${what} is not a number`, text);
  const value = Number(text);
  if (value > max) throw new WireFormatError(`${what} out of range`, text);
  return value;
}

/** A number field whose text form is given by `parse` and `format`. */
export function numberField(
  what: string,
  size: NumberSize,
  parse: (text: string) => number,
  format: (value: number) => string = String,
): RdataField {
  return {
    parse(text, out) {
      const value = parse(text.next(what).text);
      if (size === 1) out.u8(value);
      else if (size === 2) out.u16(value);
      else out.u32(value);
    },
    read(wire) {
      if (size === 1) return format(wire.u8(what));
      return format(size === 2 ? wire.u16(what) : wire.u32(what));
    },
  };
}

/** Unsigned decimal fields of 8, 16 and 32 bits. */
export function uint8(what: string): RdataField {
  return numberField(what, 1, (text) => parseUint(text, MAX[1], what));
}

export function uint16(what: string): RdataField {
  return numberField(what, 2, (text) => parseUint(text, MAX[2], what));
}

export function uint32(what: string): RdataField {
  return numberField(what, 4, (text) => parseUint(text, MAX[4], what));
}

const PERIOD_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * A 32-bit period in seconds. SOA timers are commonly written with BIND's units (`1h30m`, `2w`),
 * so those are accepted too; they print as plain seconds.
 */
export function period(what: string): RdataField {
  return numberField(what, 4, (text) => parsePeriod(text, what));
}

function parsePeriod(text: string, what: string): number {
  if (!/^([0-9]+[smhdw])+$/i.test(text)) return parseUint(text, MAX[4], what);
  let total = 0;
  for (const [, digits, unit] of text.matchAll(/([0-9]+)([a-z])/gi)) {
    total += Number(digits) * PERIOD_UNITS[unit!.toLowerCase()]!;
  }
  if (total > MAX[4]) throw new WireFormatError(`${what} out of range`, text);
  return total;
}

/**
 * A number that may also be written as a mnemonic (`RSASHA256`, `PKIX`); `printNames` decides
 * whether known values print as their mnemonic or as the number.
 */
export function mnemonicNumber(
  what: string,
  size: NumberSize,
  names: ReadonlyMap<string, number>,
  printNames: boolean,
): RdataField {
  const byValue = new Map([...names].map(([name, value]) => [value, name]));
  return numberField(
    what,
    size,
    (text) => parseMnemonic(text, size, names, what),
    (value) => (printNames ? (byValue.get(value) ?? String(value)) : String(value)),
  );
}

/** A value given as a mnemonic (case-insensitively) or as a number. */
function parseMnemonic(
  text: string,
  size: NumberSize,
  names: ReadonlyMap<string, number>,
  what: string,
): number {
  const value = names.get(text.toUpperCase());
  if (value !== undefined) return value;
  if (!/^[0-9]+$/.test(text)) throw new WireFormatError(`unknown ${what}`, text);
  return parseUint(text, MAX[size], what);
}

/** An RR type code, written as its mnemonic or `TYPEnnn` (RRSIG type covered, DSYNC). */
export function rrTypeField(what: string): RdataField {
  return numberField(what, 2, (text) => parseRRType(text, what), typeToMnemonic);
}

/** A type mnemonic or `TYPEnnn`; `what` names the field in the error. */
export function parseRRType(text: string, what: string): number {
  const type = typeFromMnemonic(text);
  if (type === undefined) throw new WireFormatError(`unknown ${what}`, text);
  return type;
}
