import { RRType } from '../rr-types.js';
import { saltField, trailingBlob } from './blob-fields.js';
import { hashedOwnerField, typedDigest } from './digest-field.js';
import type { RdataCodec } from './field.js';
import { DNSSEC_ALGORITHMS } from './mnemonics.js';
import { nameField } from './name-field.js';
import { mnemonicNumber, period, rrTypeField, uint16, uint32, uint8 } from './numbers.js';
import { sigTimeField } from './sig-time.js';
import { nxtBitmapField, typeBitmapField } from './type-bitmap.js';

// Digest lengths of the digest types in use: SHA-1 (RFC 4034 §5.1.4), SHA-256 (RFC 4509 §2.2),
// SHA-384 (RFC 6605 §4).
const DS_DIGEST_LENGTHS = new Map([
  [1, 20],
  [2, 32],
  [4, 48],
]);
// ZONEMD SHA384 and SHA512 (RFC 8976 §2.2.3).
const ZONEMD_DIGEST_LENGTHS = new Map([
  [1, 48],
  [2, 64],
]);

/** Algorithms may be written as mnemonics (`RSASHA256`) but print as numbers, as BIND does. */
const algorithm = (what: string) => mnemonicNumber(what, 1, DNSSEC_ALGORITHMS, false);

function dsCodec(prefix: string): RdataCodec {
  return [
    uint16(`${prefix} key tag`),
    algorithm(`${prefix} algorithm`),
    typedDigest(`${prefix} digest type`, `${prefix} digest`, DS_DIGEST_LENGTHS),
  ];
}

function keyCodec(prefix: string, optionalKey: boolean): RdataCodec {
  return [
    uint16(`${prefix} flags`),
    uint8(`${prefix} protocol`),
    algorithm(`${prefix} algorithm`),
    trailingBlob(`${prefix} public key`, 'base64', optionalKey),
  ];
}

// RFC 4034 §3.2; SIG (RFC 2535 §4.1) has the same layout.
function sigCodec(prefix: string): RdataCodec {
  return [
    rrTypeField(`${prefix} type covered`),
    algorithm(`${prefix} algorithm`),
    uint8(`${prefix} labels`),
    period(`${prefix} original ttl`),
    sigTimeField(`${prefix} expiration`),
    sigTimeField(`${prefix} inception`),
    uint16(`${prefix} key tag`),
    nameField(`${prefix} signer`, 'canonical'),
    trailingBlob(`${prefix} signature`, 'base64'),
  ];
}

/** DNSSEC and the record types that carry or summarise zone contents. */
export const DNSSEC_CODECS: ReadonlyArray<readonly [number, RdataCodec]> = [
  [RRType.DS, dsCodec('ds')],
  [RRType.CDS, dsCodec('cds')],
  [RRType.DLV, dsCodec('dlv')],
  [RRType.TA, dsCodec('ta')],
  [RRType.DNSKEY, keyCodec('dnskey', false)],
  [RRType.CDNSKEY, keyCodec('cdnskey', false)],
  // RFC 2535 §3.1.2: a KEY with the "no key" flags has an empty key field.
  [RRType.KEY, keyCodec('key', true)],
  [RRType.RRSIG, sigCodec('rrsig')],
  [RRType.SIG, sigCodec('sig')],
  // RFC 6840 §5.1: the NSEC next name keeps its case in canonical form.
  [RRType.NSEC, [nameField('nsec next name', 'plain'), typeBitmapField('nsec type')]],
  [
    RRType.NSEC3,
    [
      uint8('nsec3 hash algorithm'),
      uint8('nsec3 flags'),
      uint16('nsec3 iterations'),
      saltField('nsec3 salt'),
      hashedOwnerField('nsec3 next hashed owner'),
      typeBitmapField('nsec3 type'),
    ],
  ],
  [
    RRType.NSEC3PARAM,
    [
      uint8('nsec3param hash algorithm'),
      uint8('nsec3param flags'),
      uint16('nsec3param iterations'),
      saltField('nsec3param salt'),
    ],
  ],
  [RRType.NXT, [nameField('nxt next name', 'canonical'), nxtBitmapField('nxt type')]],
  [RRType.CSYNC, [uint32('csync serial'), uint16('csync flags'), typeBitmapField('csync type')]],
  [
    RRType.ZONEMD,
    [
      uint32('zonemd serial'),
      uint8('zonemd scheme'),
      typedDigest('zonemd hash algorithm', 'zonemd digest', ZONEMD_DIGEST_LENGTHS),
    ],
  ],
];
