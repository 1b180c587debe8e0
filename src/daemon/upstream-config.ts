import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ConfigError } from '../errors.js';
import type { UpstreamServer } from '../refresher/upstream-client.js';
import { UpstreamResolver } from '../refresher/upstream-resolver.js';
import { parseHostPort } from './host-port.js';

export const UPSTREAM_TIMEOUT_MS = 2000;
export const UPSTREAM_RETRIES = 2;

/**
 * Builds the upstream resolver from `--resolver` values: `ADDR[:PORT]` or `system` for the
 * nameservers in /etc/resolv.conf. No values means no upstream at all: ALIAS targets outside
 * our zones are then an error, never a query to an address the operator did not name.
 */
export function upstreamFromSpecs(
  specs: readonly string[],
  resolvConf = '/etc/resolv.conf',
): UpstreamResolver | null {
  if (specs.length === 0) return null;
  const servers: UpstreamServer[] = [];
  for (const spec of specs) {
    if (spec === 'system') servers.push(...systemResolvers(resolvConf));
    else servers.push(parseHostPort(spec, 53, '--resolver'));
  }
  return new UpstreamResolver({
    servers,
    timeoutMs: UPSTREAM_TIMEOUT_MS,
    retries: UPSTREAM_RETRIES,
  });
}

/** `nameserver` lines of resolv.conf (resolv.conf(5)); the port is always 53. */
export function systemResolvers(path: string): UpstreamServer[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `--resolver system: cannot read ${path} (${(err as NodeJS.ErrnoException).code})`,
    );
  }
  const servers = [...text.matchAll(/^\s*nameserver\s+(\S+)/gm)]
    .map((m) => m[1]!.replace(/%.*$/, ''))
    .filter((host) => isIP(host) !== 0)
    .map((host) => ({ host, port: 53 }));
  if (servers.length === 0)
    throw new ConfigError(`--resolver system: no nameserver lines in ${path}`);
  return servers;
}
