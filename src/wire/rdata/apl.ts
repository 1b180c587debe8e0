import { WireFormatError } from '../errors.js';
import type { Token } from '../token.js';
import type { ByteWriter } from './byte-writer.js';
import type { RdataField } from './field.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip.js';
import { parseUint } from './numbers.js';
import type { WireCursor } from './wire-cursor.js';

const WHAT = 'apl item';

/** Address families APL can write in text (RFC 3123 §4): IPv4 and IPv6. */
const FAMILIES: Record<
  number,
  { octets: number; parse: typeof parseIPv4; format: typeof formatIPv4 }
> = {
  1: { octets: 4, parse: parseIPv4, format: formatIPv4 },
  2: { octets: 16, parse: parseIPv6, format: formatIPv6 },
};

/**
 * APL (RFC 3123): zero or more `[!]family:address/prefix` items. On the wire each address loses
 * its trailing zero octets (§4), so `1:192.168.32.0/21` carries three address octets.
 */
export function aplItems(): RdataField {
  return {
    parse(text, out) {
      for (const token of text.rest()) writeItem(token, out);
    },
    read(wire) {
      const items: string[] = [];
      while (wire.remaining > 0) items.push(readItem(wire));
      return items.join(' ');
    },
  };
}

function writeItem(token: Token, out: ByteWriter): void {
  const match = /^(!?)([0-9]+):([^/]+)\/([0-9]+)$/.exec(token.text);
  if (match === null) throw new WireFormatError('bad apl item', token.text);
  const [, negate, familyText, addressText, prefixText] = match;
  const family = FAMILIES[parseUint(familyText!, 0xffff, 'apl address family')];
  if (family === undefined) throw new WireFormatError('unsupported apl address family', token.text);
  const prefix = parseUint(prefixText!, family.octets * 8, 'apl prefix length');
  const address = family.parse(addressText!, WHAT);
  let length = address.length;
  while (length > 0 && address[length - 1] === 0) length--;

  out.u16(Number(familyText));
  out.u8(prefix);
  out.u8((negate === '!' ? 0x80 : 0) | length);
  out.bytes(address.subarray(0, length));
}

function readItem(wire: WireCursor): string {
  const familyCode = wire.u16(WHAT);
  const prefix = wire.u8(WHAT);
  const flags = wire.u8(WHAT);
  const family = FAMILIES[familyCode];
  if (family === undefined) throw new WireFormatError('unsupported apl address family');
  const length = flags & 0x7f;
  if (length > family.octets || prefix > family.octets * 8) {
    throw new WireFormatError('apl item longer than its address family allows');
  }
  const afd = wire.bytes(length, WHAT);
  if (afd[length - 1] === 0) throw new WireFormatError('apl address ends in zero octets');
  const address = Buffer.alloc(family.octets);
  afd.copy(address);
  const negate = flags & 0x80 ? '!' : '';
  return `${negate}${familyCode}:${family.format(address)}/${prefix}`;
}
