import { ConfigError } from '../errors.js';
import { addressBytes } from '../wire/ip-address.js';

interface Prefix {
  readonly bytes: Buffer;
  readonly bits: number;
}

// TODO: transfers are authorised by address only; TSIG (RFC 8945) keys for transfers and
// NOTIFY (HMAC-SHA256 and the other HMACs secondaries use) are not implemented yet.

/**
 * An address list from `--allow-transfer CIDR` options. IPv4-mapped IPv6 client addresses
 * (`::ffff:127.0.0.1`, as dual-stack sockets report them) match IPv4 entries.
 */
export class AddressAcl {
  private readonly prefixes: readonly Prefix[];

  constructor(readonly entries: readonly string[]) {
    this.prefixes = entries.map(parsePrefix);
  }

  allows(address: string): boolean {
    const bytes = addressBytes(address);
    if (!bytes) return false;
    return this.prefixes.some((p) => p.bytes.length === bytes.length && matches(p, bytes));
  }
}

/** The default transfer ACL: the loopback addresses of both families. */
export const LOOPBACK_CIDRS: readonly string[] = ['127.0.0.0/8', '::1/128'];

function parsePrefix(cidr: string): Prefix {
  const [address = '', bitsText] = cidr.split('/');
  const bytes = addressBytes(address);
  if (!bytes) throw new ConfigError(`--allow-transfer: not an IP address or CIDR prefix: ${cidr}`);
  const max = bytes.length * 8;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > max || bitsText === '') {
    throw new ConfigError(`--allow-transfer: bad prefix length in ${cidr} (0-${max})`);
  }
  return { bytes, bits };
}

function matches(prefix: Prefix, bytes: Buffer): boolean {
  for (let bit = 0; bit < prefix.bits; bit += 8) {
    const i = bit / 8;
    const mask = prefix.bits - bit >= 8 ? 0xff : (0xff << (8 - (prefix.bits - bit))) & 0xff;
    if ((prefix.bytes[i]! & mask) !== (bytes[i]! & mask)) return false;
  }
  return true;
}
