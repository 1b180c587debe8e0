import { WireFormatError } from '../errors.js';
import { RRType } from '../rr-types.js';
import type { Token } from '../token.js';
import { decodeText } from './char-string.js';
import type { RdataCodec, RdataField } from './field.js';
import { nameField } from './name-field.js';
import { uint16 } from './numbers.js';
import { SvcKey, checkSvcKey, formatSvcKey, parseSvcKey } from './svcb-keys.js';
import { OPAQUE_VALUE, SVC_VALUE_CODECS, readMandatoryKeys } from './svcb-values.js';

interface SvcParam {
  readonly key: number;
  readonly value: Buffer;
}

/** SVCB and HTTPS (RFC 9460 §2.2): priority, target name (never compressed), parameters. */
export const SVCB_CODECS: ReadonlyArray<readonly [number, RdataCodec]> = [
  [RRType.SVCB, [uint16('svcb priority'), nameField('svcb target', 'plain'), svcParams()]],
  [RRType.HTTPS, [uint16('https priority'), nameField('https target', 'plain'), svcParams()]],
];

/**
 * The SvcParams: `key`, `key=value` or `key="value"` in any order in the text, sorted by key on
 * the wire (RFC 9460 §2.2). Values print quoted, except for keys that take none.
 */
function svcParams(): RdataField {
  return {
    parse(text, out) {
      const params = parseParams(text.rest()).sort((a, b) => a.key - b.key);
      const repeated = params.find((p, i) => i > 0 && params[i - 1]!.key === p.key);
      if (repeated) throw new WireFormatError('svcb key repeated', formatSvcKey(repeated.key));
      checkConsistency(params);
      for (const { key, value } of params) {
        if (value.length > 0xffff) {
          throw new WireFormatError('svcb value too long', formatSvcKey(key));
        }
        out.u16(key);
        out.u16(value.length);
        out.bytes(value);
      }
    },
    read(wire) {
      const params: SvcParam[] = [];
      while (wire.remaining > 0) {
        const key = wire.u16('svcb key');
        const value = wire.bytes(wire.u16('svcb value length'), 'svcb value');
        checkSvcKey(key);
        if (params.length > 0 && params[params.length - 1]!.key >= key) {
          throw new WireFormatError('svcb keys out of order', formatSvcKey(key));
        }
        params.push({ key, value });
      }
      checkConsistency(params);
      return params.map(formatParam).join(' ');
    },
  };
}

function parseParams(tokens: readonly Token[]): SvcParam[] {
  const params: SvcParam[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.quoted) throw new WireFormatError('svcb value without a key', token.text);
    const eq = token.text.indexOf('=');
    const key = parseSvcKey(eq < 0 ? token.text : token.text.slice(0, eq));
    let value = eq < 0 ? undefined : token.text.slice(eq + 1);
    // The zone tokenizer ends a word at a quote: `alpn="h2"` arrives as `alpn=` and `h2` quoted.
    if (value === '' && tokens[i + 1]?.quoted) value = tokens[++i]!.text;
    params.push(parseParam(key, value));
  }
  return params;
}

/** One parameter from its key and the raw text of its value, if it has one. */
function parseParam(key: number, raw: string | undefined): SvcParam {
  // Words built without a tokenizer may still carry their quotes.
  const text = raw !== undefined && /^".*"$/.test(raw) ? raw.slice(1, -1) : raw;
  const codec = SVC_VALUE_CODECS.get(key) ?? OPAQUE_VALUE;
  const value = codec.parse(text === undefined ? undefined : decodeText(text), formatSvcKey(key));
  return { key, value };
}

/** RFC 9460 §8: keys named as mandatory must be present; no-default-alpn needs alpn (§7.1.1). */
function checkConsistency(params: readonly SvcParam[]): void {
  const keys = new Set(params.map((p) => p.key));
  const mandatory = params.find((p) => p.key === SvcKey.mandatory);
  if (mandatory !== undefined) {
    for (const key of readMandatoryKeys(mandatory.value, 'mandatory')) {
      if (!keys.has(key)) {
        throw new WireFormatError('svcb mandatory key missing from the record', formatSvcKey(key));
      }
    }
  }
  if (keys.has(SvcKey['no-default-alpn']) && !keys.has(SvcKey.alpn)) {
    throw new WireFormatError('svcb no-default-alpn without alpn');
  }
}

function formatParam({ key, value }: SvcParam): string {
  const name = formatSvcKey(key);
  const text = (SVC_VALUE_CODECS.get(key) ?? OPAQUE_VALUE).format(value, name);
  return text === undefined ? name : `${name}=${text}`;
}
