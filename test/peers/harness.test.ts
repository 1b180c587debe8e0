import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { digAxfr, kdigAxfr } from './dig.js';
import { knotServerSections } from './knot-config.js';
import type { KnotPrimary } from './knot-primary.js';
import { startKnotPrimary } from './knot-primary.js';
import { startKnotSecondary } from './knot-secondary.js';
import { startNamedSecondary } from './named-secondary.js';
import { startNsdSecondary } from './nsd-secondary.js';
import { launchPeer } from './peer.js';
import type { Secondary, SecondaryOptions } from './secondary.js';
import type { ToolName } from './tools.js';
import { describeWithTools } from './tools.js';

// Addresses are documentation ranges used as data only: nothing is ever sent to them.
function harnessZone(serial: number, extra = ''): string {
  return `$ORIGIN harness.example.
$TTL 300
@           IN SOA ns1 hostmaster ${serial} 3600 600 86400 300
@           IN NS  ns1
ns1         IN A   192.0.2.1
www         IN A   192.0.2.10
www         IN AAAA 2001:db8::10
txt         IN TXT "two  spaces" "semi;colon"
Mixed.Case  IN A   192.0.2.11
${extra}`;
}

// A tiny root zone: enough to show each peer can be a secondary of ".".
const ROOT_ZONE = `$ORIGIN .
$TTL 86400
.           IN SOA a.root.example. hostmaster.root.example. 7 1800 900 604800 86400
.           IN NS  a.root.example.
example.    IN NS  ns.example.
ns.example. IN A   192.0.2.53
`;

const ZONE = 'harness.example.';

interface Kind {
  readonly name: Secondary['kind'];
  readonly tools: readonly ToolName[];
  readonly start: (options: SecondaryOptions) => Promise<Secondary>;
}

const KINDS: readonly Kind[] = [
  { name: 'named', tools: ['named', 'rndc'], start: startNamedSecondary },
  { name: 'knot', tools: ['knotd', 'knotc'], start: startKnotSecondary },
  { name: 'nsd', tools: ['nsd', 'nsd-control'], start: startNsdSecondary },
];

/** Holds `port` on 127.0.0.1 for both UDP and TCP, as another program would. */
async function occupy(port: number): Promise<() => Promise<void>> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
  return async () => {
    await new Promise<void>((resolve) => socket.close(resolve));
    await new Promise((resolve) => server.close(resolve));
  };
}

describeWithTools('launchPeer', ['knotd', 'dig'], (tools) => {
  it('starts again on a new port when another program takes the first one', async () => {
    const ports: number[] = [];
    const releases: Array<() => Promise<void>> = [];

    const peer = await launchPeer(
      'knot-retry',
      async (dir, port) => {
        ports.push(port);
        if (ports.length === 1) releases.push(await occupy(port));
        const configFile = join(dir, 'knot.conf');
        await writeFile(configFile, knotServerSections(dir, port));
        return { file: tools.knotd, args: ['-c', configFile], logFile: join(dir, 'knot.log') };
      },
      'harness.example.',
    );

    try {
      expect(ports).toHaveLength(2);
      expect(peer.port).toBe(ports[1]);
    } finally {
      await peer.stop();
      for (const release of releases) await release();
    }
  });
});

describeWithTools('Knot primary', ['knotd', 'knotc', 'dig', 'kdig'], () => {
  let primary: KnotPrimary | undefined;

  beforeAll(async () => {
    primary = await startKnotPrimary({
      zones: [{ name: 'harness.example', text: harnessZone(1) }],
    });
  });

  afterAll(async () => {
    await primary?.stop();
  });

  const knot = (): KnotPrimary => {
    if (primary === undefined) throw new Error('primary not started');
    return primary;
  };

  it('serves the zone text it was given, read alike by dig and kdig', async () => {
    const records = await digAxfr('127.0.0.1', knot().port, ZONE);

    expect(records).toHaveLength(7);
    expect(records).toContain('www.harness.example. 300 IN AAAA 2001:db8::10');
    expect(await kdigAxfr('127.0.0.1', knot().port, ZONE)).toEqual(records);
  });

  it('keeps serving the old text when a new one does not load', async () => {
    const broken = harnessZone(5, 'bad IN A not-an-address\n');
    await expect(knot().setZone(ZONE, broken)).rejects.toThrow(/zone-reload/);
    expect(await knot().serial(ZONE)).toBe(1);
  });

  it('refuses to start with a zone that does not load, showing the log', async () => {
    const broken = startKnotPrimary({ zones: [{ name: 'broken.example', text: 'garbage\n' }] });
    await expect(broken).rejects.toThrow(/could not load broken\.example\./);
  });
});

for (const kind of KINDS) {
  describeWithTools(
    `${kind.name} secondary of a Knot primary`,
    ['knotd', 'knotc', 'dig', ...kind.tools],
    () => {
      let primary: KnotPrimary | undefined;
      let secondary: Secondary | undefined;

      beforeAll(async () => {
        primary = await startKnotPrimary({
          zones: [
            { name: ZONE, text: harnessZone(1) },
            { name: '.', text: ROOT_ZONE },
          ],
        });
        secondary = await kind.start({
          zones: [ZONE, '.'],
          primary: { address: '127.0.0.1', port: primary.port },
        });
        await primary.setNotify([{ address: '127.0.0.1', port: secondary.port }]);
      });

      afterAll(async () => {
        await secondary?.stop();
        await primary?.stop();
      });

      const peers = (): { primary: KnotPrimary; secondary: Secondary } => {
        if (primary === undefined || secondary === undefined) throw new Error('peers not started');
        return { primary, secondary };
      };

      it('transfers the zone and holds the same records as the primary', async () => {
        const { primary, secondary } = peers();
        expect(await secondary.waitForSerial(ZONE, 1)).toBe(1);

        const copy = await secondary.dumpZone(ZONE);
        expect(copy).toEqual(await primary.axfr(ZONE));
        expect(copy).toContain('mixed.case.harness.example. 300 IN A 192.0.2.11');
        expect(copy).toContain('txt.harness.example. 300 IN TXT "two  spaces" "semi;colon"');
      });

      it('is a secondary of the root zone', async () => {
        const { primary, secondary } = peers();
        expect(await secondary.waitForSerial('.', 7)).toBe(7);
        expect(await secondary.dumpZone('.')).toEqual(await primary.axfr('.'));
      });

      it('follows a NOTIFY from the primary to the new serial', async () => {
        const { primary, secondary } = peers();
        const added = 'new         IN A   192.0.2.20\n';
        expect(await primary.setZone(ZONE, harnessZone(2, added))).toBe(2);

        // The SOA refresh is an hour: only the NOTIFY can bring serial 2 this quickly.
        expect(await secondary.waitForSerial(ZONE, 2, 15_000)).toBe(2);
        const copy = await secondary.dumpZone(ZONE);
        expect(copy).toEqual(await primary.axfr(ZONE));
        expect(copy).toContain('new.harness.example. 300 IN A 192.0.2.20');
      });

      it('pulls a change when its control tool asks for a refresh', async () => {
        const { primary, secondary } = peers();
        await primary.setNotify([]);
        expect(await primary.setZone(ZONE, harnessZone(3))).toBe(3);

        await secondary.refresh(ZONE);
        expect(await secondary.waitForSerial(ZONE, 3, 15_000)).toBe(3);
        const copy = await secondary.dumpZone(ZONE);
        expect(copy).toEqual(await primary.axfr(ZONE));
        expect(copy.some((line) => line.startsWith('new.'))).toBe(false);
      });

      it('keeps a log that names the zone it transferred', () => {
        expect(peers().secondary.log()).toContain('harness.example');
      });

      it('stops by PID and removes its folder', async () => {
        const { secondary } = peers();
        await secondary.stop();

        expect(() => process.kill(secondary.pid, 0)).toThrow();
        expect(existsSync(secondary.dir)).toBe(false);
      });
    },
  );
}
