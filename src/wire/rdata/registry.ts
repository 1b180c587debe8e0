import { RRType } from '../rr-types.js';
import { ADDRESS_CODECS } from './addresses.js';
import { aplItems } from './apl.js';
import { DNSSEC_CODECS } from './dnssec.js';
import type { RdataCodec } from './field.js';
import { KEY_CODECS } from './keys.js';
import { locField } from './loc.js';
import { NAME_CODECS } from './names.js';
import { STRING_CODECS } from './strings.js';
import { SVCB_CODECS } from './svcb.js';

const CODECS = new Map<number, RdataCodec>([
  ...NAME_CODECS,
  ...STRING_CODECS,
  ...ADDRESS_CODECS,
  ...DNSSEC_CODECS,
  ...KEY_CODECS,
  ...SVCB_CODECS,
  [RRType.LOC, [locField()]],
  [RRType.APL, [aplItems()]],
]);

/**
 * The codec of a type with a type-specific presentation format; undefined for types that only
 * have the RFC 3597 generic form here (unknown types, NULL, and the rarely used ones).
 */
export function codecFor(type: number): RdataCodec | undefined {
  return CODECS.get(type);
}

/** Every type with a codec, for tests and documentation. */
export function typesWithCodecs(): number[] {
  return [...CODECS.keys()].sort((a, b) => a - b);
}
