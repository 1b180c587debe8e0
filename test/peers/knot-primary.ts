import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { digAxfr, digSerial } from './dig.js';
import { waitFor } from './daemon.js';
import { knotServerSections } from './knot-config.js';
import type { Peer } from './peer.js';
import { launchPeer, logTail, runControl } from './peer.js';
import type { PrimaryAddress } from './secondary.js';
import { absoluteZone } from './secondary.js';
import { findTool } from './tools.js';

/** A zone the primary serves: its name and its complete zone-file text. */
export interface ZoneText {
  readonly name: string;
  readonly text: string;
}

/** A secondary the primary sends NOTIFY to; loopback only. */
export type NotifyTarget = PrimaryAddress;

export interface KnotPrimaryOptions {
  readonly zones: readonly ZoneText[];
  /** Where to send NOTIFY when a zone changes; none by default. */
  readonly notify?: readonly NotifyTarget[];
}

/**
 * Knot serving fixed zone texts on loopback: the primary the secondary helpers are tested
 * against, and the upstream "resolver" whose records a test changes. Reloads compute the
 * difference to the previous text (Knot's `zonefile-load: difference`), so the primary also
 * answers IXFR for every serial step made through `setZone`.
 */
export interface KnotPrimary extends Peer {
  /**
   * Replaces a zone's text, reloads it and returns the serial now served. A changed text
   * should carry a higher serial; if it does not, Knot bumps the serial itself.
   */
  setZone(name: string, text: string): Promise<number>;
  /** Replaces the NOTIFY targets of every zone and reloads the configuration. */
  setNotify(targets: readonly NotifyTarget[]): Promise<void>;
  /** The zone as the primary serves it, transferred with dig: see `digAxfr`. */
  axfr(zone: string): Promise<string[]>;
  /** The serial the primary answers for `zone`, or null. */
  serial(zone: string): Promise<number | null>;
}

const LOAD_TIMEOUT_MS = 30_000;

// What the primary's handle needs to rewrite its files after the start.
interface PrimaryFiles {
  configFile: string;
  port: number;
  notify: NotifyTarget[];
  readonly zones: readonly ZoneText[];
  readonly zoneFiles: Map<string, string>;
}

/** Starts knotd as an authoritative primary of `zones` in a temp folder. */
export async function startKnotPrimary(options: KnotPrimaryOptions): Promise<KnotPrimary> {
  const knotd = findTool('knotd');
  const knotc = findTool('knotc');
  if (knotd === null || knotc === null) {
    throw new Error('knotd/knotc missing (apt-get install knot)');
  }
  const first = options.zones[0];
  if (first === undefined) throw new Error('startKnotPrimary needs at least one zone');

  const files: PrimaryFiles = {
    configFile: '',
    port: 0,
    notify: [...(options.notify ?? [])],
    zones: options.zones,
    zoneFiles: new Map(),
  };
  const peer = await launchPeer(
    'knot-primary',
    async (dir, port) => {
      await writePrimaryFiles(dir, port, files);
      return { file: knotd, args: ['-c', files.configFile], logFile: join(dir, 'knot.log') };
    },
    absoluteZone(first.name),
  );

  try {
    for (const zone of options.zones) await waitForLoad(peer, absoluteZone(zone.name));
  } catch (error) {
    await peer.stop();
    throw error;
  }
  return makeKnotPrimary(peer, knotc, files);
}

async function writePrimaryFiles(dir: string, port: number, files: PrimaryFiles): Promise<void> {
  files.port = port;
  files.configFile = join(dir, 'knot.conf');
  await mkdir(join(dir, 'zones'));

  for (const [index, zone] of files.zones.entries()) {
    const file = join(dir, 'zones', `zone-${index}.db`);
    files.zoneFiles.set(absoluteZone(zone.name), file);
    await writeFile(file, zone.text);
  }
  await writeFile(files.configFile, knotPrimaryConfig(dir, port, files.zones, files.notify));
}

function makeKnotPrimary(peer: Peer, knotc: string, files: PrimaryFiles): KnotPrimary {
  // -b: wait until Knot has finished the reload, and report its failure.
  const control = async (...args: string[]): Promise<void> => {
    const socket = join(peer.dir, 'knot.sock');
    try {
      await runControl(knotc, ['-c', files.configFile, '-s', socket, '-b', ...args]);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${logTail(peer.log())}`);
    }
  };

  return {
    ...peer,
    serial: (zone) => digSerial('127.0.0.1', peer.port, absoluteZone(zone)),
    axfr: (zone) => digAxfr('127.0.0.1', peer.port, absoluteZone(zone)),
    async setZone(name, text) {
      const zone = absoluteZone(name);
      const file = files.zoneFiles.get(zone);
      if (file === undefined) throw new Error(`knot primary does not serve ${zone}`);

      await writeFile(file, text);
      await control('zone-reload', zone);
      const serial = await digSerial('127.0.0.1', peer.port, zone);
      if (serial === null) throw new Error(`knot primary serves no SOA for ${zone} after reload`);
      return serial;
    },
    async setNotify(targets) {
      files.notify = [...targets];
      const config = knotPrimaryConfig(peer.dir, files.port, files.zones, files.notify);
      await writeFile(files.configFile, config);
      await control('reload');
    },
  };
}

/** Waits until Knot serves `zone`, failing at once if its log reports the load failed. */
async function waitForLoad(peer: Peer, zone: string): Promise<void> {
  const loaded = async (): Promise<number | null> => {
    if (peer.log().includes(`[${zone}] zone event 'load' failed`)) throw new Error('load failed');
    return digSerial('127.0.0.1', peer.port, zone);
  };

  try {
    await waitFor(`knot primary loading ${zone}`, loaded, {
      timeoutMs: LOAD_TIMEOUT_MS,
      daemon: peer,
    });
  } catch (error) {
    const reason = (error as Error).message;
    throw new Error(`knot primary could not load ${zone} (${reason}):\n${logTail(peer.log())}`);
  }
}

function knotPrimaryConfig(
  dir: string,
  port: number,
  zones: readonly ZoneText[],
  notify: readonly NotifyTarget[],
): string {
  for (const target of notify) {
    if (target.address !== '127.0.0.1') {
      throw new Error(`notify target not on loopback: ${String(target.address)}`);
    }
  }
  const remotes = notify
    .map((target, index) => `  - id: secondary-${index}\n    address: 127.0.0.1@${target.port}\n`)
    .join('');
  const notifyList = notify.map((_, index) => `secondary-${index}`).join(', ');
  const zoneList = zones
    .map(
      (zone, index) => `  - domain: "${absoluteZone(zone.name)}"\n    file: "zone-${index}.db"\n`,
    )
    .join('');

  // zonefile-sync -1: Knot never rewrites the files the test wrote. Semantic checks stay at
  // the mandatory ones, so tests may serve deliberately odd zones.
  return `${knotServerSections(dir, port)}
${remotes === '' ? '' : `remote:\n${remotes}\n`}acl:
  - id: transfer-to-loopback
    address: [127.0.0.1, ::1]
    action: transfer

template:
  - id: default
    storage: "${join(dir, 'zones')}"
    zonefile-sync: -1
    zonefile-load: difference
    journal-content: changes
    semantic-checks: off
    acl: transfer-to-loopback
${notifyList === '' ? '' : `    notify: [${notifyList}]\n`}
zone:
${zoneList}`;
}
