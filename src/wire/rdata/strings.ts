import { WireFormatError } from '../errors.js';
import { RRType } from '../rr-types.js';
import { decodeText } from './char-string.js';
import type { RdataCodec, RdataField } from './field.js';
import { nameField } from './name-field.js';
import { uint16, uint8 } from './numbers.js';
import { charString, charStrings, readCharString, trailingText } from './string-fields.js';

/** Types whose RDATA is mostly text. */
export const STRING_CODECS: ReadonlyArray<readonly [number, RdataCodec]> = [
  [RRType.TXT, [charStrings('txt string', 1)]],
  [RRType.SPF, [charStrings('spf string', 1)]],
  [RRType.AVC, [charStrings('avc string', 1)]],
  [RRType.RESINFO, [charStrings('resinfo string', 1)]],
  [RRType.WALLET, [charStrings('wallet string', 1)]],
  [RRType.HINFO, [charString('hinfo cpu'), charString('hinfo os')]],
  [RRType.X25, [charString('x25 address')]],
  // RFC 1183 §3.2: the ISDN address and an optional subaddress.
  [RRType.ISDN, [charStrings('isdn string', 1, 2)]],
  [
    RRType.GPOS,
    [gposNumber('gpos longitude'), gposNumber('gpos latitude'), gposNumber('gpos altitude')],
  ],
  [
    RRType.NAPTR,
    [
      uint16('naptr order'),
      uint16('naptr preference'),
      charString('naptr flags'),
      charString('naptr services'),
      charString('naptr regexp'),
      nameField('naptr replacement', 'canonical'),
    ],
  ],
  [RRType.CAA, [uint8('caa flags'), caaTag(), trailingText('caa value', false)]],
  [RRType.URI, [uint16('uri priority'), uint16('uri weight'), trailingText('uri target', true)]],
];

const DECIMAL = /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)$/;

/**
 * A GPOS coordinate: a character-string holding a decimal number (RFC 1712 §3). Ranges are not
 * checked, as widely deployed data (dnspython's test zone among it) swaps the first two fields.
 * Printed without quotes, since a number needs none; so wire data must hold numbers too.
 */
function gposNumber(what: string): RdataField {
  return {
    parse(text, out) {
      const token = text.next(what);
      const bytes = decodeText(token.text);
      if (!DECIMAL.test(bytes.toString('latin1'))) {
        throw new WireFormatError(`${what} is not a decimal number`, token.text);
      }
      if (bytes.length > 255) {
        throw new WireFormatError(`${what} longer than 255 octets`, token.text);
      }
      out.u8(bytes.length);
      out.bytes(bytes);
    },
    read(wire) {
      const plain = readCharString(wire, what).toString('latin1');
      if (!DECIMAL.test(plain)) throw new WireFormatError(`${what} is not a decimal number`);
      return plain;
    },
  };
}

/** The CAA tag: one to 255 ASCII letters and digits after its length octet (RFC 8659 §4.1). */
function caaTag(): RdataField {
  const what = 'caa tag';
  const valid = (tag: string): boolean => /^[a-zA-Z0-9]{1,255}$/.test(tag);
  return {
    parse(text, out) {
      const tag = text.next(what).text;
      if (!valid(tag)) throw new WireFormatError('caa tag must be letters and digits', tag);
      out.u8(tag.length);
      out.bytes(Buffer.from(tag, 'latin1'));
    },
    read(wire) {
      const tag = readCharString(wire, what).toString('latin1');
      if (!valid(tag)) throw new WireFormatError('caa tag must be letters and digits');
      return tag;
    },
  };
}
