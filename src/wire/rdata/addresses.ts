import { WireFormatError } from '../errors.js';
import { parseName } from '../name.js';
import { RRType } from '../rr-types.js';
import { euiField, hex64Field, ipv4Field, ipv6Field } from './address-fields.js';
import { decodeHex } from './encodings.js';
import type { RdataCodec, RdataField } from './field.js';
import { formatIPv6, parseIPv6 } from './ip.js';
import { mnemonicNumber, parseUint, uint16 } from './numbers.js';

const IP_PROTOCOLS = new Map([
  ['TCP', 6],
  ['UDP', 17],
]);

/** Types whose RDATA is an address of some kind. */
export const ADDRESS_CODECS: ReadonlyArray<readonly [number, RdataCodec]> = [
  [RRType.A, [ipv4Field('a address')]],
  [RRType.AAAA, [ipv6Field('aaaa address')]],
  [
    RRType.WKS,
    [ipv4Field('wks address'), mnemonicNumber('wks protocol', 1, IP_PROTOCOLS, false), wksPorts()],
  ],
  [RRType.NSAP, [nsapField()]],
  [RRType.A6, [a6Field()]],
  [RRType.NID, [uint16('nid preference'), hex64Field('nid node id')]],
  [RRType.L32, [uint16('l32 preference'), ipv4Field('l32 locator')]],
  [RRType.L64, [uint16('l64 preference'), hex64Field('l64 locator')]],
  [RRType.EUI48, [euiField('eui48 address', 6)]],
  [RRType.EUI64, [euiField('eui64 address', 8)]],
];

/**
 * The WKS port bitmap (RFC 1035 §3.4.2): bit N stands for port N. Ports are written as numbers;
 * service names would need a services database, which the wire layer does not read.
 */
function wksPorts(): RdataField {
  const what = 'wks port';
  return {
    parse(text, out) {
      const bits: number[] = [];
      for (const token of text.rest()) {
        const port = parseUint(token.text, 0xffff, what);
        while (bits.length <= port >> 3) bits.push(0);
        bits[port >> 3]! |= 0x80 >> (port & 7);
      }
      out.bytes(Buffer.from(bits));
    },
    read(wire) {
      const bits = wire.rest();
      // The text form cannot keep trailing zero octets, so RDATA with them has no text form.
      if (bits[bits.length - 1] === 0) throw new WireFormatError(`${what} bitmap ends in zero`);
      if (bits.length > 8192) throw new WireFormatError(`${what} bitmap beyond port 65535`);
      const ports: number[] = [];
      for (let i = 0; i < bits.length * 8; i++) {
        if (bits[i >> 3]! & (0x80 >> (i & 7))) ports.push(i);
      }
      return ports.join(' ');
    },
  };
}

/** NSAP (RFC 1706 §6): `0x` and hex digits, with dots allowed anywhere for readability. */
function nsapField(): RdataField {
  const what = 'nsap address';
  return {
    parse(text, out) {
      const token = text.next(what).text;
      if (!/^0x/i.test(token)) throw new WireFormatError('nsap address must start with 0x', token);
      const bytes = decodeHex(token.slice(2).replaceAll('.', ''), what);
      if (bytes.length === 0) throw new WireFormatError(`empty ${what}`, token);
      out.bytes(bytes);
    },
    read(wire) {
      const bytes = wire.rest();
      if (bytes.length === 0) throw new WireFormatError(`empty ${what}`);
      return '0x' + bytes.toString('hex');
    },
  };
}

/**
 * A6 (RFC 2874 §3.1): prefix length, the address bits after the prefix in as few octets as
 * hold them, then the prefix name when the prefix length is not zero.
 */
function a6Field(): RdataField {
  return {
    nameUse: 'canonical',
    parse(text, out) {
      const prefix = parseUint(text.next('a6 prefix length').text, 128, 'a6 prefix length');
      out.u8(prefix);
      if (prefix < 128) {
        const address = parseIPv6(text.next('a6 address suffix').text, 'a6 address suffix');
        out.bytes(address.subarray(prefix >> 3));
      }
      if (prefix > 0) out.bytes(parseName(text.next('a6 prefix name').text, text.origin));
    },
    read(wire) {
      const prefix = wire.u8('a6 prefix length');
      if (prefix > 128) throw new WireFormatError('a6 prefix length out of range');
      const parts = [String(prefix)];
      if (prefix < 128) {
        const address = Buffer.alloc(16);
        wire.bytes(16 - (prefix >> 3), 'a6 address suffix').copy(address, prefix >> 3);
        parts.push(formatIPv6(address));
      }
      if (prefix > 0) parts.push(wire.formatName(wire.name('canonical')));
      return parts.join(' ');
    },
  };
}
