import { WireFormatError } from '../errors.js';
import { parseName } from '../name.js';
import type { Name } from '../name.js';
import type { ByteWriter } from './byte-writer.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip.js';
import type { WireCursor } from './wire-cursor.js';

// The gateway of IPSECKEY (RFC 4025 §2.3) and the relay of AMTRELAY (RFC 8777 §4.2) share one
// scheme: a type number chooses between nothing (written "."), IPv4, IPv6 and a domain name.

/** Appends the gateway of type `kind` written as `text`. */
export function writeGateway(
  kind: number,
  text: string,
  origin: Name,
  out: ByteWriter,
  what: string,
): void {
  if (kind === 0) {
    if (text !== '.') throw new WireFormatError(`${what} must be "." when its type is 0`, text);
  } else if (kind === 1) {
    out.bytes(parseIPv4(text, what));
  } else if (kind === 2) {
    out.bytes(parseIPv6(text, what));
  } else if (kind === 3) {
    out.bytes(parseName(text, origin));
  } else {
    throw new WireFormatError(`unknown ${what} type`, String(kind));
  }
}

/** Reads and prints the gateway of type `kind`. */
export function readGateway(kind: number, wire: WireCursor, what: string): string {
  if (kind === 0) return '.';
  if (kind === 1) return formatIPv4(wire.bytes(4, what));
  if (kind === 2) return formatIPv6(wire.bytes(16, what));
  if (kind === 3) return wire.formatName(wire.name('plain'));
  throw new WireFormatError(`unknown ${what} type`, String(kind));
}
