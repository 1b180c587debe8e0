import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { launchPeer, runControl } from './peer.js';
import type { Secondary, SecondaryOptions } from './secondary.js';
import { absoluteZone, assertLoopbackPrimary, makeSecondary } from './secondary.js';
import { findTool } from './tools.js';

/**
 * Starts BIND's named as a secondary of `options.zones`, pulling from `options.primary`. It
 * listens on a free loopback port for DNS and a second one for rndc (key made up per run).
 */
export async function startNamedSecondary(options: SecondaryOptions): Promise<Secondary> {
  assertLoopbackPrimary(options.primary);
  const named = findTool('named');
  const rndc = findTool('rndc');
  if (named === null || rndc === null) {
    throw new Error('named/rndc missing (apt-get install bind9 bind9-utils)');
  }
  const first = options.zones[0];
  if (first === undefined) throw new Error('startNamedSecondary needs at least one zone');

  const peer = await launchPeer(
    'named',
    async (dir, port) => {
      const rndcPort = await freePort();
      const secret = randomBytes(32).toString('base64');
      const configFile = join(dir, 'named.conf');
      await writeFile(configFile, namedConfig(dir, port, rndcPort, secret, options));
      await writeFile(join(dir, 'rndc.conf'), rndcConfig(rndcPort, secret));
      const logFile = join(dir, 'named.log');
      // -f: foreground, so our child's PID is named's. -L: log to a file from the first line
      // on; with -f alone, startup errors go to syslog, which a container lacks. -4: no IPv6
      // sockets at all. -n 1: one worker thread is plenty and kinder to a two-core CI machine.
      return {
        file: named,
        args: ['-f', '-4', '-n', '1', '-L', logFile, '-c', configFile],
        logFile,
        checkStarted: checkControlChannel,
      };
    },
    absoluteZone(first),
  );

  const refresh = async (zone: string): Promise<void> => {
    await runControl(rndc, ['-c', join(peer.dir, 'rndc.conf'), 'refresh', absoluteZone(zone)]);
  };
  return makeSecondary('named', peer, refresh);
}

// named keeps running when the rndc port is taken; only its log tells.
function checkControlChannel(log: string): void {
  const failure = /couldn't add command channel.*/.exec(log);
  if (failure !== null) throw new Error(`named has no rndc channel: ${failure[0]}`);
}

function namedConfig(
  dir: string,
  port: number,
  rndcPort: number,
  secret: string,
  options: SecondaryOptions,
): string {
  // Each zone accepts NOTIFY from loopback, whatever source port the primary sends it from.
  const zones = options.zones
    .map(
      (zone, index) => `zone "${absoluteZone(zone)}" {
  type secondary;
  primaries port ${options.primary.port} { 127.0.0.1; };
  file "zone-${index}.db";
  masterfile-format text;
  allow-notify { 127.0.0.1; };
};
`,
    )
    .join('');

  // notify no: a secondary would otherwise NOTIFY the NS names of the zone, which may be
  // real hosts. recursion no: named then has no use for root hints, and zone "." is a
  // secondary zone like any other (nothing more was needed to serve the root). check-names
  // ignore: the secondary takes the primary's names as they are. min-refresh-time and
  // min-retry-time 1: tests may use short SOA timers (named's floors are 300 s and 500 s).
  // automatic-interface-scan no: named watches routing sockets for new interfaces otherwise.
  // reuseport no: a second server bound to the same port by mistake then fails instead of
  // silently sharing the queries.
  // No logging statement: with -L everything, xfer-in and notify included, goes to the file.
  return `key "harness-rndc" {
  algorithm hmac-sha256;
  secret "${secret}";
};

controls {
  inet 127.0.0.1 port ${rndcPort} allow { 127.0.0.1; } keys { "harness-rndc"; };
};

options {
  directory "${dir}";
  pid-file "${join(dir, 'named.pid')}";
  session-keyfile "${join(dir, 'session.key')}";
  managed-keys-directory "${dir}";
  dump-file "${join(dir, 'named_dump.db')}";
  statistics-file "${join(dir, 'named.stats')}";
  memstatistics-file "${join(dir, 'named.memstats')}";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  query-source address 127.0.0.1;
  transfer-source 127.0.0.1;
  notify no;
  recursion no;
  dnssec-validation no;
  allow-new-zones no;
  empty-zones-enable no;
  automatic-interface-scan no;
  reuseport no;
  check-names primary ignore;
  check-names secondary ignore;
  allow-query { 127.0.0.1; };
  allow-transfer { 127.0.0.1; };
  min-refresh-time 1;
  min-retry-time 1;
};

${zones}`;
}

function rndcConfig(rndcPort: number, secret: string): string {
  return `key "harness-rndc" {
  algorithm hmac-sha256;
  secret "${secret}";
};

options {
  default-key "harness-rndc";
  default-server 127.0.0.1;
  default-port ${rndcPort};
};
`;
}
