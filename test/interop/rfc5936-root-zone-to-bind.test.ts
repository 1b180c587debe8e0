import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT_NAME } from '../../src/wire/name.js';
import { parseZoneText } from '../../src/zone/parser.js';
import { recordSet } from '../helpers/record-set.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';
import { digAxfr } from '../peers/dig.js';
import { startNamedSecondary } from '../peers/named-secondary.js';
import type { Secondary } from '../peers/secondary.js';
import { describeWithTools } from '../peers/tools.js';

const ROOT_FILE = 'fixtures/rootzone/root.zone.2018020201.gz';

/** Reads dig's AXFR lines back with our own parser, so both sides compare as wire data. */
function fromDig(lines: readonly string[]): string[] {
  return recordSet(parseZoneText(lines.join('\n'), { origin: ROOT_NAME }));
}

describeWithTools('the root zone transferred by AXFR (RFC 5936)', ['dig', 'named', 'rndc'], () => {
  let server: TestServer;
  let published: string[];

  beforeAll(async () => {
    server = await startTestServer([{ name: '.', file: ROOT_FILE }]);
    const zone = server.daemon.store.zoneByName(ROOT_NAME)!;
    published = recordSet(server.daemon.store.publishedRecords(zone.id));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reaches dig complete, record for record', async () => {
    const transferred = await digAxfr('127.0.0.1', server.port, '.');
    expect(published.length).toBeGreaterThan(19_000);
    expect(fromDig(transferred)).toEqual(published);
  });

  it('reaches a BIND secondary whose copy equals what we publish', async () => {
    let named: Secondary | undefined;
    try {
      named = await startNamedSecondary({
        zones: ['.'],
        primary: { address: '127.0.0.1', port: server.port },
      });
      await named.waitForSerial('.', 2018020201, 30_000);
      expect(fromDig(await named.dumpZone('.'))).toEqual(published);
    } finally {
      await named?.stop();
    }
  });
});
