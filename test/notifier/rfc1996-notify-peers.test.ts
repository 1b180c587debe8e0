import { afterAll, beforeAll, expect, it } from 'vitest';
import { Notifier } from '../../src/notifier/notifier.js';
import { waitFor } from '../peers/daemon.js';
import { freePort } from '../peers/free-port.js';
import { startKnotSecondary } from '../peers/knot-secondary.js';
import { startNamedSecondary } from '../peers/named-secondary.js';
import { logTail } from '../peers/peer.js';
import type { Secondary, SecondaryOptions } from '../peers/secondary.js';
import type { ToolName } from '../peers/tools.js';
import { describeWithTools } from '../peers/tools.js';
import { ZONE, captureLog, soaAt } from './notify-fixtures.js';

// The secondaries pull from a loopback port where nothing listens: they never get the zone,
// which is enough to see how they answer a NOTIFY for a zone they are secondary for.
const PEERS: ReadonlyArray<{
  kind: string;
  tools: readonly ToolName[];
  start: (options: SecondaryOptions) => Promise<Secondary>;
  /** The line the peer logs on taking our NOTIFY (seen with BIND 9.18 and Knot 3.x). */
  logged: RegExp;
}> = [
  {
    kind: 'BIND',
    tools: ['named', 'rndc', 'dig'],
    start: startNamedSecondary,
    logged: /127\.0\.0\.1#\d+: received notify for zone 'example\.test'/,
  },
  {
    kind: 'Knot',
    tools: ['knotd', 'knotc', 'dig'],
    start: startKnotSecondary,
    logged: /\[example\.test\.\] notify, incoming, remote 127\.0\.0\.1@\d+, serial 2026010101/,
  },
];

for (const peer of PEERS) {
  describeWithTools(`RFC 1996 NOTIFY to a ${peer.kind} secondary`, peer.tools, () => {
    let secondary: Secondary;

    beforeAll(async () => {
      const nowhere = await freePort();
      secondary = await peer.start({
        zones: ['example.test'],
        primary: { address: '127.0.0.1', port: nowhere },
      });
    });

    afterAll(async () => {
      await secondary?.stop();
    });

    it('acknowledges our NOTIFY with NOERROR after one try', async () => {
      const capture = captureLog();
      // Short waits: a peer that stays silent fails the test in seconds, not in a minute.
      const notifier = new Notifier({ log: capture.log, retryDelaysMs: [1000, 1000, 1000] });
      try {
        const end = capture.next([
          'notify acknowledged',
          'notify answered with error',
          'notify gave up',
        ]);
        notifier.notify(ZONE, soaAt(2026010101), [{ host: '127.0.0.1', port: secondary.port }]);
        const line = await end;

        const context = `${JSON.stringify(capture.lines)}\n${logTail(secondary.log())}`;
        expect(line, context).toMatchObject({
          msg: 'notify acknowledged',
          zone: 'example.test.',
          remote: `127.0.0.1:${secondary.port}`,
          serial: 2026010101,
          tries: 1,
        });
        // The peer's own log says it took the NOTIFY (Knot also read the serial we sent).
        await waitFor(
          `${peer.kind} logging our notify`,
          async () => peer.logged.exec(secondary.log()),
          {
            timeoutMs: 5000,
            daemon: secondary,
          },
        );
      } finally {
        await notifier.close();
      }
    });
  });
}
