import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT_NAME } from '../../src/wire/name.js';
import { parseZoneFile, parseZoneText } from '../../src/zone/parser.js';
import type { ZoneRecord } from '../../src/zone/record.js';
import { recordSet } from '../helpers/record-set.js';
import { checkZone } from '../../src/zone/zone-check.js';
import { applyIxfr } from '../helpers/ixfr-apply.js';
import { captureLog } from '../helpers/log-capture.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';
import { dig } from '../peers/dig.js';
import { startKnotSecondary } from '../peers/knot-secondary.js';
import { startNamedSecondary } from '../peers/named-secondary.js';
import type { Secondary, SecondaryOptions } from '../peers/secondary.js';
import { describeWithTools } from '../peers/tools.js';

const ROOTZONE = 'fixtures/rootzone';
const files = readdirSync(ROOTZONE)
  .filter((f) => f.endsWith('.gz'))
  .sort()
  .map((f) => join(ROOTZONE, f));
const serialOf = (file: string): number => Number(/(\d{10})\.gz$/.exec(file)![1]);

function load(file: string): ZoneRecord[] {
  return checkZone(ROOT_NAME, parseZoneFile(file, { origin: ROOT_NAME }));
}

/** dig's answer lines read back with our parser, in the order dig printed them. */
function digRecords(stdout: string): ZoneRecord[] {
  return parseZoneText(stdout, { origin: ROOT_NAME });
}

describeWithTools(
  'IXFR from the journal (RFC 1995) over the root zone versions',
  ['dig', 'named', 'rndc', 'knotd', 'knotc'],
  () => {
    let server: TestServer;
    const logged = captureLog();
    const newest = files.at(-1)!;

    beforeAll(async () => {
      server = await startTestServer([{ name: '.', file: files[0]! }], { log: logged.log });
    });
    afterAll(async () => {
      await server?.stop();
    });

    /** Reloads versions 2..12 in order, each one journal step. */
    async function loadAllVersions(): Promise<void> {
      for (const file of files.slice(1)) {
        const result = await server.daemon.importZone({ zone: ROOT_NAME, file });
        expect(result.status).toBe('changed');
      }
    }

    async function secondaryCatchesUp(
      start: (o: SecondaryOptions) => Promise<Secondary>,
    ): Promise<void> {
      // A fresh server at version 1, so the secondary's first transfer is an AXFR of it.
      const own = captureLog();
      const primary = await startTestServer([{ name: '.', file: files[0]! }], { log: own.log });
      let secondary: Secondary | undefined;
      try {
        secondary = await start({
          zones: ['.'],
          primary: { address: '127.0.0.1', port: primary.port },
        });
        await secondary.waitForSerial('.', serialOf(files[0]!), 30_000);
        for (const file of files.slice(1))
          await primary.daemon.importZone({ zone: ROOT_NAME, file });
        await secondary.refresh('.');
        await secondary.waitForSerial('.', serialOf(newest), 30_000);

        const ixfr = own.lines.filter(
          (l) => l.op === 'ixfr' && l.msg === 'outgoing transfer finished',
        );
        expect(ixfr.map((l) => [l.plan, l.from, l.serial])).toContainEqual([
          'incremental',
          serialOf(files[0]!),
          serialOf(newest),
        ]);
        const copy = parseZoneText((await secondary.dumpZone('.')).join('\n'), {
          origin: ROOT_NAME,
        });
        expect(recordSet(copy)).toEqual(recordSet(load(newest)));
      } finally {
        await secondary?.stop();
        await primary.stop();
      }
    }

    it('brings every earlier version to the newest with dig IXFR=<serial>', async () => {
      await loadAllVersions();
      const expected = recordSet(load(newest));
      for (const file of files.slice(0, -1)) {
        const run = await dig([
          '@127.0.0.1',
          '-p',
          String(server.port),
          '.',
          `IXFR=${serialOf(file)}`,
          '+tcp',
          '+time=10',
        ]);
        const reply = digRecords(run.stdout);
        expect(recordSet(applyIxfr(load(file), reply)), `IXFR from ${serialOf(file)}`).toEqual(
          expected,
        );
      }
      const served = logged.lines.filter((l) => l.op === 'ixfr');
      expect(served.map((l) => l.plan)).toEqual(Array(files.length - 1).fill('incremental'));
    });

    it('brings a BIND secondary from version 1 (AXFR) to the newest by IXFR', async () => {
      await secondaryCatchesUp(startNamedSecondary);
    });

    it('brings a Knot secondary from version 1 (AXFR) to the newest by IXFR', async () => {
      await secondaryCatchesUp(startKnotSecondary);
    });
  },
);
