import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { answerNotify } from '../../src/server/answer-notify.js';
import { Notifier } from '../../src/notifier/notifier.js';
import { Opcode, decodeMessage } from '../../src/wire/message.js';
import type { Message } from '../../src/wire/message.js';
import { captureLog, linesWith, soaAt, ZONE } from './notify-fixtures.js';

// Safety rule of this repository: the only peer here is a socket this test binds on loopback.
const LOOPBACK = '127.0.0.1';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A stand-in secondary on 127.0.0.1: answers each NOTIFY it gets with NOERROR. */
async function startStubSecondary(): Promise<{
  port: number;
  received: Message[];
  sources: number[];
}> {
  const socket: Socket = createSocket('udp4');
  const received: Message[] = [];
  const sources: number[] = [];
  socket.on('message', (bytes, rinfo) => {
    const request = decodeMessage(bytes);
    received.push(request);
    sources.push(rinfo.port);
    socket.send(
      answerNotify(request, () => true),
      rinfo.port,
      rinfo.address,
    );
  });
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
  cleanup.push(() => new Promise((resolve) => socket.close(() => resolve())));
  return { port: socket.address().port, received, sources };
}

describe('NOTIFY over real UDP sockets on loopback', () => {
  it('is acknowledged after one try by a secondary that answers', async () => {
    const secondary = await startStubSecondary();
    const capture = captureLog();
    const notifier = new Notifier({ log: capture.log });
    cleanup.push(() => notifier.close());

    const acknowledged = capture.next('notify acknowledged');
    notifier.notify(ZONE, soaAt(77), [{ host: LOOPBACK, port: secondary.port }]);

    expect(await acknowledged).toMatchObject({
      op: 'notify',
      zone: 'example.test.',
      remote: `127.0.0.1:${secondary.port}`,
      serial: 77,
      tries: 1,
    });
    expect(secondary.received).toHaveLength(1);
    expect(secondary.received[0]!.header).toMatchObject({ opcode: Opcode.NOTIFY, aa: true });
    expect(notifier.pending()).toBe(0);
    expect(linesWith(capture.lines, 'notify reply ignored')).toHaveLength(0);
  });

  it('releases its socket on close: its source port can be bound again', async () => {
    const secondary = await startStubSecondary();
    const capture = captureLog();
    const notifier = new Notifier({ log: capture.log });
    const acknowledged = capture.next('notify acknowledged');
    notifier.notify(ZONE, soaAt(78), [{ host: LOOPBACK, port: secondary.port }]);
    await acknowledged;
    const sourcePort = secondary.sources[0]!;

    expect(await canBind(sourcePort)).toBe(false);
    await notifier.close();
    expect(await canBind(sourcePort)).toBe(true);
  });
});

/** True when a UDP socket can be bound on the wildcard address at `port` (then closed). */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind({ port, address: '0.0.0.0', exclusive: true }, () =>
      socket.close(() => resolve(true)),
    );
  });
}
