import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseZoneName } from '../../src/cli/zone-spec.js';
import { importZoneFile } from '../../src/daemon/import-zone.js';
import { Refresher } from '../../src/refresher/refresher.js';
import { UpstreamResolver } from '../../src/refresher/upstream-resolver.js';
import { Store } from '../../src/store/store.js';
import type { ZoneInfo } from '../../src/store/store.js';
import { waitFor } from '../peers/daemon.js';
import type { KnotPrimary } from '../peers/knot-primary.js';
import { startKnotPrimary } from '../peers/knot-primary.js';
import { describeWithTools } from '../peers/tools.js';
import { captureLog } from '../helpers/log-capture.js';
import { publishedAddresses } from './refresher-fixtures.js';

/** The CDN's zone as Knot serves it: `www` with one address per family, TTL 2 s. */
function cdnZone(serial: number, v4: string, v6: string): string {
  return [
    '$ORIGIN cdn.test.',
    '$TTL 2',
    `@ SOA ns1 hostmaster ${serial} 3600 600 86400 2`,
    '@ NS ns1',
    'ns1 A 192.0.2.53',
    `www A ${v4}`,
    `www AAAA ${v6}`,
    '',
  ].join('\n');
}

const APEX = [
  '$TTL 300',
  '@ SOA ns1 hostmaster 1 3600 600 86400 300',
  '@ NS ns1',
  'ns1 A 192.0.2.53',
  '@ 300 ALIAS www.cdn.test.',
  '',
].join('\n');

describeWithTools(
  'ALIAS refresher against a real upstream (Knot)',
  ['knotd', 'knotc', 'dig'],
  () => {
    let knot: KnotPrimary | undefined;
    let dir = '';
    let store: Store | undefined;
    let refresher: Refresher | undefined;

    beforeAll(async () => {
      knot = await startKnotPrimary({
        zones: [{ name: 'cdn.test', text: cdnZone(1, '192.0.2.10', '2001:db8::10') }],
      });
      dir = mkdtempSync(join(tmpdir(), 'alias-xfr-refresher-knot-'));
    });

    afterAll(async () => {
      await refresher?.stop();
      store?.close();
      await knot?.stop();
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
    });

    it('publishes the addresses Knot now serves as one journal step within TTL + a few seconds', async () => {
      // Loopback only: the one upstream is the Knot this test started.
      const upstream = new UpstreamResolver({
        servers: [{ host: '127.0.0.1', port: knot!.port }],
        timeoutMs: 1_000,
        retries: 1,
      });
      const { log } = captureLog();
      store = Store.open(join(dir, 'alias-xfr.db'));
      const file = join(dir, 'apex.test.db');
      writeFileSync(file, APEX);
      const { zone } = await importZoneFile(
        { zone: parseZoneName('apex.test'), file },
        { store, upstream, log },
      );

      const changed: ZoneInfo[] = [];
      refresher = new Refresher({
        store,
        upstream,
        log,
        onZoneChanged: (z) => changed.push(z),
        // No jitter: both families keep firing together, so one window holds both changes.
        options: { aliasMinIntervalMs: 1_000, aliasMaxIntervalMs: 10_000, jitter: 0 },
      });
      refresher.start();
      const published = (): string[] => publishedAddresses(store!, zone, 'apex.test.');
      expect(published()).toEqual(['192.0.2.10 2', '2001:db8::10 2']);

      // A few unchanged rounds write nothing.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(store.journalSteps(zone.id)).toHaveLength(0);

      await knot!.setZone('cdn.test', cdnZone(2, '192.0.2.20', '2001:db8::20'));
      await waitFor(
        'the new addresses in the store',
        async () =>
          published().includes('192.0.2.20 2') && published().includes('2001:db8::20 2')
            ? true
            : null,
        { timeoutMs: 2_000 + 10_000, intervalMs: 100, daemon: knot },
      );

      expect(published()).toEqual(['192.0.2.20 2', '2001:db8::20 2']);
      expect(store.journalSteps(zone.id)).toEqual([
        expect.objectContaining({
          cause: 'alias',
          serialFrom: 1,
          serialTo: 2,
          removedCount: 3,
          addedCount: 3,
        }),
      ]);
      expect(changed.map((z) => z.serial)).toEqual([2]);
    });
  },
);
