import { WireFormatError } from '../errors.js';
import type { RdataField } from './field.js';
import { numberField, parseUint } from './numbers.js';

/**
 * RRSIG expiration and inception (RFC 4034 §3.2): `YYYYMMDDHHmmSS` in UTC, or plain seconds since
 * 1970. Printed as a date. Dates must fall between 1970 and 2106, where the 32-bit value does not
 * wrap; the serial-number arithmetic of §3.1.5 is left to whoever compares the times.
 */
export function sigTimeField(what: string): RdataField {
  return numberField(what, 4, (text) => parseSigTime(text, what), formatSigTime);
}

/** Seconds since 1970 from either text form. */
export function parseSigTime(text: string, what: string): number {
  const match = /^([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})$/.exec(text);
  if (match === null) return parseUint(text, 0xffffffff, what);
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as number[];
  const ms = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const date = new Date(ms);
  // Date.UTC rolls 31 April over into 1 May; a date that does not survive the round trip is bad.
  if (date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day! || hour! > 23) {
    throw new WireFormatError(`bad ${what}`, text);
  }
  if (minute! > 59 || second! > 59) throw new WireFormatError(`bad ${what}`, text);
  const seconds = ms / 1000;
  // Date.UTC reads years below 100 as 19xx, hence the explicit year check.
  if (year! < 1970 || seconds > 0xffffffff) throw new WireFormatError(`${what} out of range`, text);
  return seconds;
}

/** `YYYYMMDDHHmmSS` in UTC. */
export function formatSigTime(seconds: number): string {
  return new Date(seconds * 1000)
    .toISOString()
    .replace(/\.[0-9]{3}Z$/, '')
    .replace(/[-T:]/g, '');
}
