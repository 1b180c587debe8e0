import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flattenZone } from '../../src/refresher/flatten.js';
import { Refresher } from '../../src/refresher/refresher.js';
import type { RefresherDeps } from '../../src/refresher/refresher.js';
import type { RefreshOptions } from '../../src/refresher/refresh-options.js';
import { Store } from '../../src/store/store.js';
import type { ZoneInfo } from '../../src/store/store.js';
import { parseName, ROOT_NAME } from '../../src/wire/name.js';
import { formatIPv4, formatIPv6 } from '../../src/wire/rdata/ip.js';
import { RRType } from '../../src/wire/rr-types.js';
import { parseZoneText } from '../../src/zone/parser.js';
import { checkZone } from '../../src/zone/zone-check.js';
import type { CapturedLog } from '../helpers/log-capture.js';
import { captureLog } from '../helpers/log-capture.js';
import { FakeUpstream } from './fake-upstream.js';

export { FakeUpstream, NODATA, NXDOMAIN, TIMEOUT, ok } from './fake-upstream.js';

/** A small deterministic PRNG (mulberry32), so that spreads are the same on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Zone-file text with an SOA (serial 1), an NS and the given lines. */
export function zoneText(...lines: string[]): string {
  return [
    '$TTL 3600',
    '@ SOA ns1 hostmaster 1 3600 600 86400 300',
    '@ NS ns1',
    'ns1 A 192.0.2.53',
    ...lines,
    '',
  ].join('\n');
}

/** The addresses published at `owner` (of one type, or both), sorted, as `ADDRESS TTL`. */
export function publishedAddresses(
  store: Store,
  zone: ZoneInfo,
  owner: string,
  type?: 'A' | 'AAAA',
): string[] {
  const wanted: number[] = type === undefined ? [RRType.A, RRType.AAAA] : [RRType[type]];
  return store
    .publishedAt(zone.id, parseName(owner, ROOT_NAME))
    .filter((r) => wanted.includes(r.type))
    .map((r) => `${r.type === RRType.A ? formatIPv4(r.rdata) : formatIPv6(r.rdata)} ${r.ttl}`)
    .sort();
}

/** A store in a temp folder, a fake upstream, a captured log and a refresher to build. */
export class RefresherFixture {
  readonly dir = mkdtempSync(join(tmpdir(), 'alias-xfr-refresher-'));
  readonly store = Store.open(join(this.dir, 'test.db'));
  readonly upstream = new FakeUpstream();
  readonly log: CapturedLog = captureLog();
  readonly changed: ZoneInfo[] = [];
  refresher: Refresher | null = null;

  /** Stores a zone as import would: parsed, checked, flattened through the fake upstream. */
  async createZone(name: string, text: string): Promise<ZoneInfo> {
    const origin = parseName(name, ROOT_NAME);
    const source = checkZone(origin, parseZoneText(text, { origin, fileName: `${name}.db` }));
    const { published } = await flattenZone(source, this.upstream);
    const zone = this.store.createZone(origin, {
      serialPolicy: 'increment',
      sourceFile: `${name}.db`,
      sourceDigest: 'v1',
      source,
      published,
    });
    if (!zone) throw new Error(`zone ${name} exists already`);
    return zone;
  }

  /**
   * Stores `example.test` with `lines`, forgets the lookups its import made and starts the
   * refresher: the common opening of the scheduling and failure tests.
   */
  async startWith(
    lines: readonly string[],
    options: Partial<RefreshOptions> = {},
  ): Promise<ZoneInfo> {
    const zone = await this.createZone('example.test', zoneText(...lines));
    this.upstream.forget();
    this.start(options);
    return zone;
  }

  /** Starts a refresher with no jitter unless the options or `deps` ask for it. */
  start(options: Partial<RefreshOptions> = {}, deps: Partial<RefresherDeps> = {}): Refresher {
    this.refresher = new Refresher({
      store: this.store,
      upstream: this.upstream,
      log: this.log.log,
      onZoneChanged: (zone) => this.changed.push(zone),
      options: { jitter: 0, ...options },
      ...deps,
    });
    this.refresher.start();
    return this.refresher;
  }

  /** The A or AAAA addresses published at `owner`: see `publishedAddresses`. */
  published(zone: ZoneInfo, owner: string, type: 'A' | 'AAAA'): string[] {
    return publishedAddresses(this.store, zone, owner, type);
  }

  serial(zone: ZoneInfo): number {
    return this.store.zoneByName(zone.name)!.serial;
  }

  aliasSteps(zone: ZoneInfo): number {
    return this.store.journalSteps(zone.id).filter((s) => s.cause === 'alias').length;
  }

  /** Log lines at warn (40) or info (30) with the given message. */
  lines(msg: string): Record<string, unknown>[] {
    return this.log.lines.filter((l) => l.msg === msg);
  }

  async close(): Promise<void> {
    await this.refresher?.stop();
    this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
