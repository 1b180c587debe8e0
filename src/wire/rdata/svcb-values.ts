import { WireFormatError } from '../errors.js';
import { quoteText } from './char-string.js';
import { decodeBase64 } from './encodings.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip.js';
import { parseUint } from './numbers.js';
import { SvcKey, formatSvcKey, parseSvcKey } from './svcb-keys.js';

/** How one SvcParamKey's value is written (RFC 9460 §7, RFC 9461, RFC 9540). */
export interface SvcValueCodec {
  /** Wire value from the decoded octets of `key=value`; undefined when only the key is given. */
  parse(value: Buffer | undefined, key: string): Buffer;
  /** Presentation of a wire value; undefined prints the key alone. */
  format(data: Buffer, key: string): string | undefined;
}

/**
 * Splits a value-list (RFC 9460 Appendix A.1) at commas; a backslash makes the next octet
 * literal, so `foo\,bar` is one item.
 */
function splitValueList(value: Buffer): Buffer[] {
  const items: Buffer[] = [];
  let item: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const b = value[i]!;
    if (b === 0x5c /* \ */ && i + 1 < value.length) {
      item.push(value[++i]!);
    } else if (b === 0x2c /* , */) {
      items.push(Buffer.from(item));
      item = [];
    } else {
      item.push(b);
    }
  }
  items.push(Buffer.from(item));
  return items;
}

function joinValueList(items: readonly Buffer[]): Buffer {
  const escaped = items.map((item) => {
    const out: number[] = [];
    for (const b of item) out.push(...(b === 0x2c || b === 0x5c ? [0x5c, b] : [b]));
    return Buffer.from(out);
  });
  return Buffer.from(escaped.map((e) => e.toString('latin1')).join(','), 'latin1');
}

function required(value: Buffer | undefined, key: string): Buffer {
  if (value === undefined || value.length === 0) {
    throw new WireFormatError(`svcb ${key} needs a value`, key);
  }
  return value;
}

function bad(key: string): WireFormatError {
  return new WireFormatError(`bad svcb ${key} value`);
}

const mandatory: SvcValueCodec = {
  parse(value, key) {
    const keys = splitValueList(required(value, key)).map((k) => parseSvcKey(k.toString('latin1')));
    if (keys.includes(SvcKey.mandatory)) throw new WireFormatError('svcb mandatory lists itself');
    keys.sort((a, b) => a - b);
    const repeated = keys.find((k, i) => keys[i - 1] === k);
    if (repeated !== undefined) {
      throw new WireFormatError('svcb mandatory repeats a key', formatSvcKey(repeated));
    }
    const out = Buffer.alloc(keys.length * 2);
    keys.forEach((k, i) => out.writeUInt16BE(k, i * 2));
    return out;
  },
  format(data, key) {
    const keys = readMandatoryKeys(data, key);
    return quoteText(Buffer.from(keys.map(formatSvcKey).join(','), 'latin1'));
  },
};

/** The keys a `mandatory` value lists: non-empty, ascending, without `mandatory` itself. */
export function readMandatoryKeys(data: Buffer, key: string): number[] {
  if (data.length === 0 || data.length % 2 !== 0) throw bad(key);
  const keys = Array.from({ length: data.length / 2 }, (_, i) => data.readUInt16BE(i * 2));
  if (keys.some((k, i) => k === SvcKey.mandatory || (i > 0 && k <= keys[i - 1]!))) throw bad(key);
  return keys;
}

const alpn: SvcValueCodec = {
  parse(value, key) {
    const ids = splitValueList(required(value, key));
    if (ids.some((id) => id.length === 0 || id.length > 255)) {
      throw new WireFormatError('svcb alpn ids must be 1 to 255 octets', key);
    }
    return Buffer.concat(ids.flatMap((id) => [Buffer.from([id.length]), id]));
  },
  format(data, key) {
    const ids: Buffer[] = [];
    for (let i = 0; i < data.length; i += data[i]! + 1) {
      if (data[i] === 0 || i + 1 + data[i]! > data.length) throw bad(key);
      ids.push(data.subarray(i + 1, i + 1 + data[i]!));
    }
    if (ids.length === 0) throw bad(key);
    return quoteText(joinValueList(ids));
  },
};

const flag: SvcValueCodec = {
  parse(value, key) {
    if (value !== undefined && value.length > 0) {
      throw new WireFormatError(`svcb ${key} takes no value`, value.toString('latin1'));
    }
    return Buffer.alloc(0);
  },
  format(data, key) {
    if (data.length !== 0) throw bad(key);
    return undefined;
  },
};

const port: SvcValueCodec = {
  parse(value, key) {
    const out = Buffer.alloc(2);
    out.writeUInt16BE(parseUint(required(value, key).toString('latin1'), 0xffff, 'svcb port'));
    return out;
  },
  format(data, key) {
    if (data.length !== 2) throw bad(key);
    return quoteText(Buffer.from(String(data.readUInt16BE(0))));
  },
};

function addressHints(size: 4 | 16): SvcValueCodec {
  const parseOne = size === 4 ? parseIPv4 : parseIPv6;
  const formatOne = size === 4 ? formatIPv4 : formatIPv6;
  return {
    parse(value, key) {
      const items = required(value, key).toString('latin1').split(',');
      return Buffer.concat(items.map((item) => parseOne(item, `svcb ${key}`)));
    },
    format(data, key) {
      if (data.length === 0 || data.length % size !== 0) throw bad(key);
      const items: string[] = [];
      for (let i = 0; i < data.length; i += size) items.push(formatOne(data.subarray(i, i + size)));
      return quoteText(Buffer.from(items.join(','), 'latin1'));
    },
  };
}

const ech: SvcValueCodec = {
  parse: (value, key) => decodeBase64((value ?? Buffer.alloc(0)).toString('latin1'), `svcb ${key}`),
  format: (data) => quoteText(Buffer.from(data.toString('base64'), 'latin1')),
};

const text: SvcValueCodec = {
  parse: (value) => value ?? Buffer.alloc(0),
  format: (data) => quoteText(data),
};

/** Values of keys without a defined format: opaque octets; an empty one prints the key alone. */
export const OPAQUE_VALUE: SvcValueCodec = {
  parse: (value) => value ?? Buffer.alloc(0),
  format: (data) => (data.length === 0 ? undefined : quoteText(data)),
};

export const SVC_VALUE_CODECS: ReadonlyMap<number, SvcValueCodec> = new Map([
  [SvcKey.mandatory, mandatory],
  [SvcKey.alpn, alpn],
  [SvcKey['no-default-alpn'], flag],
  [SvcKey.port, port],
  [SvcKey.ipv4hint, addressHints(4)],
  [SvcKey.ech, ech],
  [SvcKey.ipv6hint, addressHints(16)],
  [SvcKey.dohpath, text],
  [SvcKey.ohttp, flag],
]);
