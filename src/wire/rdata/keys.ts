import { WireFormatError } from '../errors.js';
import { parseName } from '../name.js';
import { RRType } from '../rr-types.js';
import { trailingBlob } from './blob-fields.js';
import { decodeBase64, decodeHex } from './encodings.js';
import type { RdataCodec, RdataField } from './field.js';
import { readGateway, writeGateway } from './gateway.js';
import { CERT_TYPES, DNSSEC_ALGORITHMS } from './mnemonics.js';
import { mnemonicNumber, parseUint, uint16, uint8 } from './numbers.js';

/** Keys, certificates, fingerprints and other blobs that are not DNSSEC proper. */
export const KEY_CODECS: ReadonlyArray<readonly [number, RdataCodec]> = [
  [
    RRType.CERT,
    [
      // RFC 4398 §2.2: both may be written as mnemonics; they also print that way.
      mnemonicNumber('cert type', 2, CERT_TYPES, true),
      uint16('cert key tag'),
      mnemonicNumber('cert algorithm', 1, DNSSEC_ALGORITHMS, true),
      trailingBlob('cert data', 'base64'),
    ],
  ],
  [
    RRType.SSHFP,
    [uint8('sshfp algorithm'), uint8('sshfp type'), trailingBlob('sshfp fingerprint', 'hex')],
  ],
  [RRType.TLSA, daneCodec('tlsa')],
  [RRType.SMIMEA, daneCodec('smimea')],
  [RRType.DHCID, [trailingBlob('dhcid data', 'base64')]],
  [RRType.OPENPGPKEY, [trailingBlob('openpgpkey data', 'base64')]],
  [RRType.HHIT, [trailingBlob('hhit data', 'base64')]],
  [RRType.BRID, [trailingBlob('brid data', 'base64')]],
  [
    RRType.IPSECKEY,
    [uint8('ipseckey precedence'), ipseckeyGateway(), trailingBlob('ipseckey key', 'base64', true)],
  ],
  [RRType.AMTRELAY, [uint8('amtrelay precedence'), amtRelay()]],
  [RRType.HIP, [hipField()]],
];

// RFC 6698 §2.2 (TLSA) and RFC 8162 §2 (SMIMEA).
function daneCodec(prefix: string): RdataCodec {
  return [
    uint8(`${prefix} usage`),
    uint8(`${prefix} selector`),
    uint8(`${prefix} matching type`),
    trailingBlob(`${prefix} data`, 'hex'),
  ];
}

/** Gateway type, algorithm and gateway (RFC 4025 §2): the type decides the gateway's form. */
function ipseckeyGateway(): RdataField {
  const what = 'ipseckey gateway';
  return {
    nameUse: 'plain',
    parse(text, out) {
      const kind = parseUint(text.next(`${what} type`).text, 0xff, `${what} type`);
      const algorithm = parseUint(text.next('ipseckey algorithm').text, 0xff, 'ipseckey algorithm');
      out.u8(kind);
      out.u8(algorithm);
      writeGateway(kind, text.next(what).text, text.origin, out, what);
    },
    read(wire) {
      const kind = wire.u8(`${what} type`);
      const algorithm = wire.u8('ipseckey algorithm');
      return `${kind} ${algorithm} ${readGateway(kind, wire, what)}`;
    },
  };
}

/** Discovery-optional bit, relay type and relay (RFC 8777 §4): one octet holds bit and type. */
function amtRelay(): RdataField {
  const what = 'amtrelay relay';
  return {
    nameUse: 'plain',
    parse(text, out) {
      const discovery = parseUint(text.next('amtrelay d-bit').text, 1, 'amtrelay d-bit');
      const kind = parseUint(text.next(`${what} type`).text, 0x7f, `${what} type`);
      out.u8((discovery << 7) | kind);
      writeGateway(kind, text.next(what).text, text.origin, out, what);
    },
    read(wire) {
      const byte = wire.u8(`${what} type`);
      const kind = byte & 0x7f;
      return `${byte >> 7} ${kind} ${readGateway(kind, wire, what)}`;
    },
  };
}

/**
 * HIP (RFC 8005 §3): the wire form puts both lengths before the HIT and key, so the fields are
 * handled as one. Text: algorithm, HIT in hex, key in base64, rendezvous servers.
 */
function hipField(): RdataField {
  return {
    nameUse: 'plain',
    parse(text, out) {
      const algorithm = parseUint(text.next('hip algorithm').text, 0xff, 'hip algorithm');
      const hitText = text.next('hip hit').text;
      const hit = decodeHex(hitText, 'hip hit');
      if (hit.length === 0 || hit.length > 255) {
        throw new WireFormatError('hip hit must be 1 to 255 octets', hitText);
      }
      const keyText = text.next('hip public key').text;
      const key = decodeBase64(keyText, 'hip public key');
      if (key.length === 0 || key.length > 0xffff) {
        throw new WireFormatError('hip public key must be 1 to 65535 octets', keyText);
      }
      out.u8(hit.length);
      out.u8(algorithm);
      out.u16(key.length);
      out.bytes(hit);
      out.bytes(key);
      for (const server of text.rest()) out.bytes(parseName(server.text, text.origin));
    },
    read(wire) {
      const hitLength = wire.u8('hip hit length');
      const algorithm = wire.u8('hip algorithm');
      const keyLength = wire.u16('hip public key length');
      const hit = wire.bytes(hitLength, 'hip hit').toString('hex');
      const key = wire.bytes(keyLength, 'hip public key').toString('base64');
      if (hitLength === 0 || keyLength === 0) throw new WireFormatError('empty hip hit or key');
      const parts = [String(algorithm), hit, key];
      while (wire.remaining > 0) parts.push(wire.formatName(wire.name('plain')));
      return parts.join(' ');
    },
  };
}
