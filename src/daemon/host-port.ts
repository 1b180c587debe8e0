import { isIP } from 'node:net';
import { ConfigError } from '../errors.js';

/**
 * Parses `ADDR:PORT`, `[V6ADDR]:PORT`, or a bare address (then `defaultPort`). Only IP
 * addresses are accepted: a host name would need a lookup the operator did not ask for.
 */
export function parseHostPort(
  text: string,
  defaultPort: number | undefined,
  option: string,
): { host: string; port: number } {
  let host = text;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
  } else if (isIP(text) !== 6) {
    const colon = text.lastIndexOf(':');
    if (colon >= 0) {
      host = text.slice(0, colon);
      portText = text.slice(colon + 1);
    }
  }
  if (isIP(host) === 0) throw new ConfigError(`${option}: not an IP address: ${text}`);
  if (portText === undefined) {
    if (defaultPort === undefined) throw new ConfigError(`${option}: missing port in ${text}`);
    return { host, port: defaultPort };
  }
  const port = Number(portText);
  if (!/^[0-9]+$/.test(portText) || port > 65535) {
    throw new ConfigError(`${option}: bad port in ${text}`);
  }
  // Port 0 means "any free port" for a listener; as a destination nothing could answer.
  if (port === 0 && option !== '--listen') throw new ConfigError(`${option}: port 0 in ${text}`);
  return { host, port };
}
