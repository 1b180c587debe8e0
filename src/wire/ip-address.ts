import { isIP } from 'node:net';
import { parseIPv4, parseIPv6 } from './rdata/ip.js';

/**
 * The bytes of an IP address (4 or 16), or undefined when the text is not one. IPv4-mapped
 * IPv6 addresses (`::ffff:127.0.0.1`, as dual-stack sockets report peers) give the IPv4 bytes.
 */
export function addressBytes(address: string): Buffer | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const text = mapped ? mapped[1]! : address;
  const family = isIP(text);
  if (family === 4) return parseIPv4(text, 'address');
  if (family === 6) return parseIPv6(text, 'address');
  return undefined;
}
