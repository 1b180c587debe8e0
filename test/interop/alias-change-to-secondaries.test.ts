import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseZoneName } from '../../src/cli/zone-spec.js';
import { UpstreamResolver } from '../../src/refresher/upstream-resolver.js';
import { captureLog } from '../helpers/log-capture.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';
import { waitFor } from '../peers/daemon.js';
import { dig } from '../peers/dig.js';
import { freePort } from '../peers/free-port.js';
import type { KnotPrimary } from '../peers/knot-primary.js';
import { startKnotPrimary } from '../peers/knot-primary.js';
import { startKnotSecondary } from '../peers/knot-secondary.js';
import { startNamedSecondary } from '../peers/named-secondary.js';
import { startNsdSecondary } from '../peers/nsd-secondary.js';
import type { Secondary } from '../peers/secondary.js';
import { describeWithTools } from '../peers/tools.js';

const TTL = 2;

/** The CDN zone the upstream Knot serves: `www` with one address per family at TTL 2. */
function cdnZone(serial: number, v4: string, v6: string): string {
  return `$ORIGIN cdn.test.\n$TTL ${TTL}\n@ SOA ns1 hostmaster ${serial} 3600 600 86400 ${TTL}
@ NS ns1\nns1 A 192.0.2.53\nwww A ${v4}\nwww AAAA ${v6}\n`;
}

const APEX = `$ORIGIN apex.test.\n$TTL 300\n@ SOA ns1 hostmaster 1 3600 600 86400 300
@ NS ns1\nns1 A 192.0.2.53\n@ 60 ALIAS www.cdn.test.\n`;

/** What `secondary` answers for the apex: sorted `address ttl` strings. */
async function apexAddresses(secondary: Secondary): Promise<string[]> {
  const out: string[] = [];
  for (const type of ['A', 'AAAA']) {
    const run = await dig([
      '@127.0.0.1',
      '-p',
      String(secondary.port),
      'apex.test',
      type,
      '+norec',
      '+noall',
      '+answer',
    ]);
    for (const line of run.stdout.trim().split('\n').filter(Boolean)) {
      const f = line.split(/\s+/);
      out.push(`${f[4]} ${f[1]}`);
    }
  }
  return out.sort();
}

describeWithTools(
  'an ALIAS target change reaches BIND, NSD and Knot secondaries by NOTIFY and IXFR',
  ['knotd', 'knotc', 'named', 'rndc', 'nsd', 'nsd-control', 'dig'],
  () => {
    let upstream: KnotPrimary | undefined;
    let server: TestServer | undefined;
    const secondaries: Secondary[] = [];
    const logged = captureLog();

    beforeAll(async () => {
      upstream = await startKnotPrimary({
        zones: [{ name: 'cdn.test', text: cdnZone(1, '192.0.2.10', '2001:db8::10') }],
      });
      // Our port is chosen first, so the secondaries can be pointed at it before we start.
      const port = await freePort();
      const primary = { address: '127.0.0.1', port } as const;
      for (const start of [startNamedSecondary, startNsdSecondary, startKnotSecondary]) {
        secondaries.push(await start({ zones: ['apex.test'], primary }));
      }
      server = await startTestServer([{ name: 'apex.test', text: APEX }], {
        port,
        log: logged.log,
        notify: secondaries.map((s) => ({ host: '127.0.0.1', port: s.port })),
        upstream: new UpstreamResolver({
          servers: [{ host: '127.0.0.1', port: upstream.port }],
          timeoutMs: 1000,
          retries: 1,
        }),
        // Default jitter: the A and AAAA families of the ALIAS share one draw, so one step.
        refresh: { aliasMinIntervalMs: 1000, aliasMaxIntervalMs: 10_000 },
      });
      for (const s of secondaries) await s.waitForSerial('apex.test', 1, 30_000);
    });

    afterAll(async () => {
      for (const s of secondaries) await s.stop();
      await server?.stop();
      await upstream?.stop();
    });

    it('has every secondary answer the new addresses within TTL + 5 s, by IXFR after a NOTIFY', async () => {
      for (const s of secondaries) {
        expect(await apexAddresses(s), s.kind).toEqual(['192.0.2.10 2', '2001:db8::10 2']);
      }
      const zone = server!.daemon.store.zoneByName(parseZoneName('apex.test'))!;
      expect(server!.daemon.store.journalSteps(zone.id)).toHaveLength(0);
      const linesBefore = logged.lines.length;

      await upstream!.setZone('cdn.test', cdnZone(2, '192.0.2.20', '2001:db8::20'));
      const changedAt = Date.now();
      for (const s of secondaries) {
        await waitFor(
          `${s.kind} to answer the new addresses`,
          async () =>
            (await apexAddresses(s)).join() === '192.0.2.20 2,2001:db8::20 2' ? true : null,
          { timeoutMs: (TTL + 5) * 1000 - (Date.now() - changedAt), intervalMs: 100, daemon: s },
        );
      }

      const steps = server!.daemon.store.journalSteps(zone.id);
      expect(steps.map((s) => [s.cause, s.serialFrom, s.serialTo])).toEqual([['alias', 1, 2]]);
      const after = logged.lines.slice(linesBefore);
      const acknowledged = after.filter((l) => l.msg === 'notify acknowledged' && l.serial === 2);
      expect(acknowledged.map((l) => l.remote).sort()).toEqual(
        secondaries.map((s) => `127.0.0.1:${s.port}`).sort(),
      );
      const transfers = after.filter((l) => l.msg === 'outgoing transfer finished');
      expect(transfers.map((l) => [l.op, l.plan, l.from, l.serial])).toEqual(
        secondaries.map(() => ['ixfr', 'incremental', 1, 2]),
      );
    });
  },
);
