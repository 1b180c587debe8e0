import { isIP } from 'node:net';
import { ConfigError } from '../errors.js';

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
    const bytes = addressBytes(unmapIpv4(address));
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

function unmapIpv4(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

/** Address bytes (4 or 16) or undefined when the text is not an IP address. */
export function addressBytes(address: string): Buffer | undefined {
  const family = isIP(address);
  if (family === 4) return Buffer.from(address.split('.').map(Number));
  if (family !== 6) return undefined;
  const [head = '', tail] = address.split('::');
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  let left = groups(head);
  let right = tail === undefined ? [] : groups(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4) stands for two groups.
  const expand = (list: string[]): string[] =>
    list.flatMap((g) => {
      if (!g.includes('.')) return [g];
      const b = g.split('.').map(Number);
      return [((b[0]! << 8) | b[1]!).toString(16), ((b[2]! << 8) | b[3]!).toString(16)];
    });
  left = expand(left);
  right = expand(right);
  const fill =
    tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  const all = [...left, ...fill, ...right];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}
