import { WireFormatError } from '../errors.js';
import type { RdataField } from './field.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip.js';

/** An IPv4 address (A, L32, WKS). */
export function ipv4Field(what: string): RdataField {
  return {
    parse(text, out) {
      out.bytes(parseIPv4(text.next(what).text, what));
    },
    read(wire) {
      return formatIPv4(wire.bytes(4, what));
    },
  };
}

/** An IPv6 address (AAAA). */
export function ipv6Field(what: string): RdataField {
  return {
    parse(text, out) {
      out.bytes(parseIPv6(text.next(what).text, what));
    },
    read(wire) {
      return formatIPv6(wire.bytes(16, what));
    },
  };
}

/** EUI-48 or EUI-64 as `xx-xx-…` (RFC 7043 §3.2, §4.2); printed in lowercase. */
export function euiField(what: string, octets: 6 | 8): RdataField {
  const pattern = new RegExp(`^[0-9a-fA-F]{2}(-[0-9a-fA-F]{2}){${octets - 1}}$`);
  return {
    parse(text, out) {
      const token = text.next(what).text;
      if (!pattern.test(token)) throw new WireFormatError(`bad ${what}`, token);
      out.bytes(Buffer.from(token.replaceAll('-', ''), 'hex'));
    },
    read(wire) {
      return Array.from(wire.bytes(octets, what), (b) => b.toString(16).padStart(2, '0')).join('-');
    },
  };
}

/**
 * 64 bits as four colon-separated groups of hex digits: the NID node identifier and the L64
 * locator (RFC 6742 §2.1.2, §2.3.2). Printed with four lowercase digits per group.
 */
export function hex64Field(what: string): RdataField {
  return {
    parse(text, out) {
      const token = text.next(what).text;
      if (!/^[0-9a-fA-F]{1,4}(:[0-9a-fA-F]{1,4}){3}$/.test(token)) {
        throw new WireFormatError(`bad ${what}`, token);
      }
      for (const group of token.split(':')) out.u16(parseInt(group, 16));
    },
    read(wire) {
      return wire.bytes(8, what).toString('hex').match(/.{4}/g)!.join(':');
    },
  };
}
