import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseZoneName } from '../../src/cli/zone-spec.js';
import { rdataToText } from '../../src/wire/rdata.js';
import { RRType } from '../../src/wire/rr-types.js';
import { startTestServer } from '../helpers/test-server.js';

const NET = (address: string, serial: number) =>
  `$TTL 3600\n@ SOA ns hm ${serial} 3600 600 86400 300\n@ NS ns\nns A 192.0.2.53\nlb 3600 A ${address}\n`;
const COM = `$TTL 3600\n@ SOA ns.example.net. hm 1 3600 600 86400 300\n@ NS ns.example.net.\n@ ALIAS lb.example.net.\n`;

it('re-resolves an ALIAS into our own zone as soon as that zone is reloaded, not at its TTL', async () => {
  const server = await startTestServer([
    { name: 'example.net', text: NET('192.0.2.10', 1) },
    { name: 'example.com', text: COM },
  ]);
  try {
    const { store } = server.daemon;
    const com = store.zoneByName(parseZoneName('example.com'))!;
    const apexA = () =>
      store
        .publishedAt(com.id, com.name)
        .filter((r) => r.type === RRType.A)
        .map((r) => rdataToText(r.type, r.rdata));
    expect(apexA()).toEqual(['192.0.2.10']);

    const file = join(server.dir, 'net-v2.db');
    writeFileSync(file, NET('192.0.2.20', 2));
    await server.daemon.importZone({ zone: parseZoneName('example.net'), file });

    // The TTL is an hour; the change must arrive within the coalescing window instead.
    const started = Date.now();
    while (apexA()[0] !== '192.0.2.20' && Date.now() - started < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(apexA()).toEqual(['192.0.2.20']);
    expect(store.journalSteps(com.id).map((s) => s.cause)).toEqual(['alias']);
  } finally {
    await server.stop();
  }
});
