import { WireFormatError } from '../errors.js';
import { typeToMnemonic } from '../rr-types.js';
import type { RdataField } from './field.js';
import { parseRRType } from './numbers.js';
import type { WireCursor } from './wire-cursor.js';

/**
 * Type bitmap in windows (RFC 4034 §4.1.2) up to the end of the RDATA: NSEC, NSEC3, CSYNC.
 * The text lists mnemonics or `TYPEnnn` in any order; they print in ascending order.
 */
export function typeBitmapField(what: string): RdataField {
  return {
    parse(text, out) {
      out.bytes(encodeTypeBitmap(text.rest().map((t) => parseRRType(t.text, what))));
    },
    read(wire) {
      return readTypeBitmap(wire, what).map(typeToMnemonic).join(' ');
    },
  };
}

/** Window blocks for a set of types; windows without types are left out, as the RFC requires. */
export function encodeTypeBitmap(types: readonly number[]): Buffer {
  const windows = new Map<number, number[]>();
  for (const type of types) {
    const bits = windows.get(type >> 8) ?? [];
    const index = (type & 0xff) >> 3;
    while (bits.length <= index) bits.push(0);
    bits[index]! |= 0x80 >> (type & 7);
    windows.set(type >> 8, bits);
  }
  const parts: Buffer[] = [];
  for (const window of [...windows.keys()].sort((a, b) => a - b)) {
    const bits = windows.get(window)!;
    parts.push(Buffer.from([window, bits.length, ...bits]));
  }
  return Buffer.concat(parts);
}

function readTypeBitmap(wire: WireCursor, what: string): number[] {
  const types: number[] = [];
  let previous = -1;
  while (wire.remaining > 0) {
    const window = wire.u8(what);
    const length = wire.u8(what);
    if (window <= previous) throw new WireFormatError(`${what} windows out of order`);
    if (length < 1 || length > 32) throw new WireFormatError(`bad ${what} window length`);
    const bits = wire.bytes(length, what);
    if (bits[length - 1] === 0) throw new WireFormatError(`${what} window ends in zero`);
    for (let i = 0; i < length * 8; i++) {
      if (bits[i >> 3]! & (0x80 >> (i & 7))) types.push(window * 256 + i);
    }
    previous = window;
  }
  return types;
}

/**
 * The older NXT bitmap (RFC 2535 §5.2): one bit per type code below 128, bit 0 unused, trailing
 * zero octets left out.
 */
export function nxtBitmapField(what: string): RdataField {
  return {
    parse(text, out) {
      const bits = new Array<number>(16).fill(0);
      for (const token of text.rest()) {
        const type = parseRRType(token.text, what);
        if (type === 0 || type > 127) throw new WireFormatError(`${what} out of range`, token.text);
        bits[type >> 3]! |= 0x80 >> (type & 7);
      }
      while (bits.length > 0 && bits[bits.length - 1] === 0) bits.pop();
      out.bytes(Buffer.from(bits));
    },
    read(wire) {
      const bits = wire.rest();
      if (bits.length > 16) throw new WireFormatError(`${what} longer than 16 octets`);
      if (bits[bits.length - 1] === 0) throw new WireFormatError(`${what} bitmap ends in zero`);
      // Bit 0 announced an extended bitmap format that was never defined.
      if ((bits[0] ?? 0) & 0x80) throw new WireFormatError(`${what} bitmap sets bit 0`);
      const types: number[] = [];
      for (let i = 1; i < bits.length * 8; i++) {
        if (bits[i >> 3]! & (0x80 >> (i & 7))) types.push(i);
      }
      return types.map(typeToMnemonic).join(' ');
    },
  };
}
