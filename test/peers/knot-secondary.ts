import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { knotServerSections } from './knot-config.js';
import { launchPeer, runControl } from './peer.js';
import type { Secondary, SecondaryOptions } from './secondary.js';
import { absoluteZone, assertLoopbackPrimary, makeSecondary } from './secondary.js';
import { findTool } from './tools.js';

/**
 * Starts knotd as a secondary of `options.zones`, pulling from `options.primary`; knotc
 * reaches it through a control socket in its folder.
 */
export async function startKnotSecondary(options: SecondaryOptions): Promise<Secondary> {
  assertLoopbackPrimary(options.primary);
  const knotd = findTool('knotd');
  const knotc = findTool('knotc');
  if (knotd === null || knotc === null) {
    throw new Error('knotd/knotc missing (apt-get install knot)');
  }
  const first = options.zones[0];
  if (first === undefined) throw new Error('startKnotSecondary needs at least one zone');

  const peer = await launchPeer(
    'knot-secondary',
    async (dir, port) => {
      const configFile = join(dir, 'knot.conf');
      await mkdir(join(dir, 'zones'));
      await writeFile(configFile, knotSecondaryConfig(dir, port, options));
      return { file: knotd, args: ['-c', configFile], logFile: join(dir, 'knot.log') };
    },
    absoluteZone(first),
  );

  const refresh = async (zone: string): Promise<void> => {
    const socket = join(peer.dir, 'knot.sock');
    await runControl(knotc, [
      '-c',
      join(peer.dir, 'knot.conf'),
      '-s',
      socket,
      'zone-refresh',
      absoluteZone(zone),
    ]);
  };
  return makeSecondary('knot', peer, refresh);
}

function knotSecondaryConfig(dir: string, port: number, options: SecondaryOptions): string {
  const zones = options.zones
    .map((zone, index) => `  - domain: "${absoluteZone(zone)}"\n    file: "zone-${index}.db"\n`)
    .join('');

  // zonefile-sync -1: the copy lives in memory and the journal; the folder is thrown away
  // anyway. Semantic checks stay at the mandatory ones: the secondary should take whatever
  // a primary serves, as production secondaries do. Knot's refresh-min-interval (default 2 s)
  // already allows short SOA timers.
  return `${knotServerSections(dir, port)}
remote:
  - id: primary
    address: 127.0.0.1@${options.primary.port}

acl:
  - id: notify-from-loopback
    address: 127.0.0.1
    action: notify
  - id: transfer-to-loopback
    address: [127.0.0.1, ::1]
    action: transfer

template:
  - id: default
    storage: "${join(dir, 'zones')}"
    master: primary
    acl: [notify-from-loopback, transfer-to-loopback]
    zonefile-sync: -1
    journal-content: changes
    semantic-checks: off

zone:
${zones}`;
}
