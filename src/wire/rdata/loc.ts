import { WireFormatError } from '../errors.js';
import type { RdataField } from './field.js';
import { parseUint } from './numbers.js';
import type { TextCursor } from './text-cursor.js';
import type { WireCursor } from './wire-cursor.js';

// RFC 1876 §2: coordinates are thousandths of an arc second offset by 2^31 (the equator or the
// prime meridian); altitude is centimetres above a base 100,000 m below the WGS 84 spheroid.
const EQUATOR = 2 ** 31;
const ALTITUDE_BASE_CM = 10_000_000;
const MS_PER_DEGREE = 3_600_000;
// RFC 1876 §3: size 1 m, horizontal precision 10,000 m, vertical precision 10 m by default.
const DEFAULT_SIZE_CM = 100;
const DEFAULT_HORIZONTAL_CM = 1_000_000;
const DEFAULT_VERTICAL_CM = 1_000;
const MAX_PRECISION_CM = 9 * 10 ** 9;

/**
 * LOC (RFC 1876) in its text form `d [m [s]] N|S d [m [s]] E|W alt[m] [size[m] [hp[m] [vp[m]]]]`.
 * It prints every field, seconds with three decimals and lengths in metres with two.
 */
export function locField(): RdataField {
  return {
    parse(text, out) {
      const latitude = parseCoordinate(text, 'loc latitude', ['N', 'S'], 90);
      const longitude = parseCoordinate(text, 'loc longitude', ['E', 'W'], 180);
      const altitude = parseAltitude(text.next('loc altitude').text);
      out.u8(0);
      out.u8(parsePrecision(text, 'loc size', DEFAULT_SIZE_CM));
      out.u8(parsePrecision(text, 'loc horizontal precision', DEFAULT_HORIZONTAL_CM));
      out.u8(parsePrecision(text, 'loc vertical precision', DEFAULT_VERTICAL_CM));
      out.u32(latitude);
      out.u32(longitude);
      out.u32(altitude);
    },
    read: readLoc,
  };
}

function parseCoordinate(
  text: TextCursor,
  what: string,
  hemispheres: readonly [string, string],
  maxDegrees: number,
): number {
  const parts: string[] = [];
  let hemisphere: string;
  for (;;) {
    const token = text.next(what).text;
    hemisphere = token.toUpperCase();
    if (hemispheres.includes(hemisphere) && parts.length > 0) break;
    if (parts.length === 3) {
      throw new WireFormatError(`${what} without ${hemispheres.join('/')}`, token);
    }
    parts.push(token);
  }
  const degrees = parseUint(parts[0]!, maxDegrees, `${what} degrees`);
  const minutes = parts[1] === undefined ? 0 : parseUint(parts[1], 59, `${what} minutes`);
  const ms = parts[2] === undefined ? 0 : parseFixed(parts[2], 3, `${what} seconds`);
  if (ms >= 60_000) throw new WireFormatError(`${what} seconds out of range`, parts[2]);
  const total = (degrees * 60 + minutes) * 60_000 + ms;
  if (total > maxDegrees * MS_PER_DEGREE) {
    throw new WireFormatError(`${what} out of range`, parts[0]);
  }
  return hemisphere === hemispheres[0] ? EQUATOR + total : EQUATOR - total;
}

/** A non-negative decimal with at most `decimals` digits after the point, scaled to an integer. */
function parseFixed(text: string, decimals: number, what: string): number {
  const match = new RegExp(`^([0-9]+)(?:\\.([0-9]{0,${decimals}}))?$`).exec(text);
  if (match === null) throw new WireFormatError(`bad ${what}`, text);
  const value = Number(match[1]) * 10 ** decimals + Number((match[2] ?? '').padEnd(decimals, '0'));
  if (!Number.isSafeInteger(value)) throw new WireFormatError(`${what} out of range`, text);
  return value;
}

function parseAltitude(text: string): number {
  const metres = text.replace(/[mM]$/, '');
  const negative = metres.startsWith('-');
  const cm = parseFixed(negative ? metres.slice(1) : metres, 2, 'loc altitude');
  const value = ALTITUDE_BASE_CM + (negative ? -cm : cm);
  if (value < 0 || value > 0xffffffff) throw new WireFormatError('loc altitude out of range', text);
  return value;
}

/** Size and precisions: optional, in metres, stored as mantissa and power of ten in cm. */
function parsePrecision(text: TextCursor, what: string, defaultCm: number): number {
  const token = text.done ? undefined : text.next(what).text;
  const cm = token === undefined ? defaultCm : parseFixed(token.replace(/[mM]$/, ''), 2, what);
  if (cm > MAX_PRECISION_CM) throw new WireFormatError(`${what} out of range`, token);
  // The mantissa is truncated, as BIND and dnspython do: 25 m is stored as 2e3 cm.
  let exponent = 0;
  while (cm >= 10 ** (exponent + 1)) exponent++;
  return (Math.floor(cm / 10 ** exponent) << 4) | exponent;
}

function readLoc(wire: WireCursor): string {
  const version = wire.u8('loc version');
  if (version !== 0) {
    // RFC 1876 §2: other versions have an unknown layout; keep them in the generic form.
    const rest = wire.rest();
    return `\\# ${rest.length + 1} ${Buffer.concat([Buffer.from([version]), rest]).toString('hex')}`;
  }
  const size = readPrecision(wire, 'loc size');
  const horizontal = readPrecision(wire, 'loc horizontal precision');
  const vertical = readPrecision(wire, 'loc vertical precision');
  const latitude = formatCoordinate(wire.u32('loc latitude'), 'loc latitude', ['N', 'S'], 90);
  const longitude = formatCoordinate(wire.u32('loc longitude'), 'loc longitude', ['E', 'W'], 180);
  const altitude = formatMetres(wire.u32('loc altitude') - ALTITUDE_BASE_CM);
  return `${latitude} ${longitude} ${altitude} ${size} ${horizontal} ${vertical}`;
}

function readPrecision(wire: WireCursor, what: string): string {
  const byte = wire.u8(what);
  const mantissa = byte >> 4;
  const exponent = byte & 0x0f;
  // Zero has one spelling (0x00) so that every LOC RDATA has exactly one text form.
  if (mantissa > 9 || exponent > 9 || (mantissa === 0 && exponent > 0)) {
    throw new WireFormatError(`bad ${what}`, byte.toString(16).padStart(2, '0'));
  }
  return formatMetres(mantissa * 10 ** exponent);
}

function formatCoordinate(
  value: number,
  what: string,
  hemispheres: readonly [string, string],
  maxDegrees: number,
): string {
  const offset = value - EQUATOR;
  const ms = Math.abs(offset);
  if (ms > maxDegrees * MS_PER_DEGREE) throw new WireFormatError(`${what} out of range`);
  const degrees = Math.floor(ms / MS_PER_DEGREE);
  const minutes = Math.floor((ms % MS_PER_DEGREE) / 60_000);
  const seconds = formatFixed(ms % 60_000, 1000, 3);
  return `${degrees} ${minutes} ${seconds} ${offset < 0 ? hemispheres[1] : hemispheres[0]}`;
}

function formatMetres(cm: number): string {
  return `${cm < 0 ? '-' : ''}${formatFixed(Math.abs(cm), 100, 2)}m`;
}

function formatFixed(value: number, scale: number, decimals: number): string {
  return `${Math.floor(value / scale)}.${String(value % scale).padStart(decimals, '0')}`;
}
