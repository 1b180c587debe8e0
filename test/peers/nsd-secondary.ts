import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchPeer, runControl } from './peer.js';
import type { Secondary, SecondaryOptions } from './secondary.js';
import { absoluteZone, assertLoopbackPrimary, makeSecondary } from './secondary.js';
import { findTool } from './tools.js';

/**
 * Starts NSD as a secondary of `options.zones`, pulling from `options.primary`. nsd-control
 * reaches it through a unix socket in its folder: no TLS keys, no control port.
 */
export async function startNsdSecondary(options: SecondaryOptions): Promise<Secondary> {
  assertLoopbackPrimary(options.primary);
  const nsd = findTool('nsd');
  const nsdControl = findTool('nsd-control');
  if (nsd === null || nsdControl === null) {
    throw new Error('nsd/nsd-control missing (apt-get install nsd)');
  }
  const first = options.zones[0];
  if (first === undefined) throw new Error('startNsdSecondary needs at least one zone');

  const peer = await launchPeer(
    'nsd',
    async (dir, port) => {
      const configFile = join(dir, 'nsd.conf');
      await writeFile(configFile, nsdConfig(dir, port, options));
      // -d: stay in the foreground, so our child's PID is the one NSD writes to its pidfile;
      // SIGTERM to it stops the xfrd and server processes NSD forks as well.
      return { file: nsd, args: ['-d', '-c', configFile], logFile: join(dir, 'nsd.log') };
    },
    absoluteZone(first),
  );

  const refresh = async (zone: string): Promise<void> => {
    await runControl(nsdControl, [
      '-c',
      join(peer.dir, 'nsd.conf'),
      'transfer',
      absoluteZone(zone),
    ]);
  };
  return makeSecondary('nsd', peer, refresh);
}

function nsdConfig(dir: string, port: number, options: SecondaryOptions): string {
  const primary = `127.0.0.1@${options.primary.port}`;
  const zones = options.zones
    .map(
      (zone, index) => `zone:
    name: "${absoluteZone(zone)}"
    zonefile: "zone-${index}.db"
    request-xfr: ${primary} NOKEY
    allow-notify: 127.0.0.1 NOKEY
    provide-xfr: 127.0.0.1 NOKEY
`,
    )
    .join('\n');

  // database "": no nsd.db, zones live in memory (and zone files, written on transfer).
  // username "" and chroot "": we run as whoever runs the tests, in the temp folder.
  // xfrdir: NSD stages incoming transfers in /tmp by default. verbosity 2 logs every
  // NOTIFY and transfer. xfrd-reload-timeout 0: serve a transfer at once; the default
  // throttles reloads to one a second, which slows every serial step of a test. The control socket is a path, so nsd-control needs no keys.
  return `server:
    ip-address: 127.0.0.1@${port}
    port: ${port}
    do-ip4: yes
    do-ip6: no
    server-count: 1
    zonesdir: "${dir}"
    database: ""
    zonelistfile: "${join(dir, 'zone.list')}"
    pidfile: "${join(dir, 'nsd.pid')}"
    xfrdfile: "${join(dir, 'xfrd.state')}"
    xfrdir: "${dir}"
    logfile: "${join(dir, 'nsd.log')}"
    username: ""
    chroot: ""
    verbosity: 2
    hide-version: yes
    xfrd-reload-timeout: 0

remote-control:
    control-enable: yes
    control-interface: "${join(dir, 'nsd.ctl')}"

${zones}`;
}
