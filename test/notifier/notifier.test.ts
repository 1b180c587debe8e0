import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_NOTIFY_RETRY_DELAYS_MS, Notifier } from '../../src/notifier/notifier.js';
import { Opcode, Rcode, decodeMessage } from '../../src/wire/message.js';
import { parseName } from '../../src/wire/name.js';
import { RRType } from '../../src/wire/rr-types.js';
import type { LogLine } from './notify-fixtures.js';
import {
  FakeTransport,
  LEVEL,
  ZONE,
  captureLog,
  linesWith,
  notifyResponse,
  soaAt,
} from './notify-fixtures.js';

const SECONDARY = { host: '127.0.0.1', port: 5301 } as const;
const OTHER_SECONDARY = { host: '::1', port: 5302 } as const;

let transport: FakeTransport;
let lines: LogLine[];
let notifier: Notifier;

beforeEach(() => {
  vi.useFakeTimers();
  transport = new FakeTransport();
  const capture = captureLog();
  lines = capture.lines;
  notifier = new Notifier({ log: capture.log, transport: transport.factory });
});

afterEach(async () => {
  await notifier.close();
  vi.useRealTimers();
});

const idOf = (bytes: Buffer): number => bytes.readUInt16BE(0);
const serialOf = (bytes: Buffer): number => {
  const rdata = decodeMessage(bytes).answers[0]!.rdata;
  return rdata.readUInt32BE(rdata.length - 20);
};
const notifyLines = (): LogLine[] => lines.filter((l) => l.op === 'notify');

describe('NOTIFY retries (RFC 1996 §3.6)', () => {
  it('sends the first try at once and retries after 2, 4, 8 and 16 s, reusing the ID', () => {
    const start = Date.now();
    notifier.notify(ZONE, soaAt(10), [SECONDARY]);
    vi.advanceTimersByTime(60_000);

    const sent = transport.sentTo(SECONDARY);
    expect(sent.map((d) => d.at - start)).toEqual([0, 2000, 6000, 14000, 30000]);
    expect(new Set(sent.map((d) => idOf(d.bytes))).size).toBe(1);
    const header = decodeMessage(sent[0]!.bytes).header;
    expect(header).toMatchObject({ qr: false, opcode: Opcode.NOTIFY, aa: true });
  });

  it('gives up after five tries with exactly five datagrams and one warn line at 60 s', () => {
    notifier.notify(ZONE, soaAt(10), [SECONDARY]);

    vi.advanceTimersByTime(59_999);
    expect(linesWith(lines, 'notify gave up')).toHaveLength(0);
    expect(notifier.pending()).toBe(1);
    vi.advanceTimersByTime(1);

    expect(transport.sent).toHaveLength(DEFAULT_NOTIFY_RETRY_DELAYS_MS.length);
    expect(notifyLines().filter((l) => l.level >= LEVEL.info)).toEqual([
      expect.objectContaining({
        level: LEVEL.warn,
        msg: 'notify gave up',
        op: 'notify',
        zone: 'example.test.',
        remote: '127.0.0.1:5301',
        serial: 10,
        tries: 5,
      }),
    ]);
    expect(notifier.pending()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(600_000);
    expect(transport.sent).toHaveLength(5);
  });

  it('follows a configured schedule: one try per delay', () => {
    const fake = new FakeTransport();
    const capture = captureLog();
    const counted = new Notifier({
      log: capture.log,
      transport: fake.factory,
      retryDelaysMs: [100, 200],
    });
    counted.notify(ZONE, soaAt(1), [SECONDARY]);
    vi.advanceTimersByTime(10_000);

    expect(fake.sent).toHaveLength(2);
    expect(linesWith(capture.lines, 'notify gave up')[0]).toMatchObject({ tries: 2 });
    void counted.close();
  });

  it('refuses an empty retry schedule', () => {
    expect(() => new Notifier({ log: captureLog().log, retryDelaysMs: [] })).toThrow(RangeError);
  });
});

describe('NOTIFY responses', () => {
  it('stops retrying on a matching reply and logs one info line with the try count', () => {
    notifier.notify(ZONE, soaAt(11), [SECONDARY]);
    vi.advanceTimersByTime(2000);
    const id = idOf(transport.sent[1]!.bytes);

    transport.deliver(notifyResponse({ id }), SECONDARY);
    vi.advanceTimersByTime(120_000);

    expect(transport.sent).toHaveLength(2);
    expect(notifyLines().filter((l) => l.level >= LEVEL.info)).toEqual([
      expect.objectContaining({
        level: LEVEL.info,
        msg: 'notify acknowledged',
        op: 'notify',
        zone: 'example.test.',
        remote: '127.0.0.1:5301',
        serial: 11,
        tries: 2,
      }),
    ]);
    expect(notifier.pending()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('matches the question name without regard to case', () => {
    notifier.notify(ZONE, soaAt(11), [SECONDARY]);
    const id = idOf(transport.sent[0]!.bytes);
    transport.deliver(notifyResponse({ id, zone: parseName('EXAMPLE.Test.', null) }), SECONDARY);
    expect(linesWith(lines, 'notify acknowledged')).toHaveLength(1);
  });

  it.each([
    ['NOTAUTH', Rcode.NOTAUTH],
    ['REFUSED', Rcode.REFUSED],
  ])(
    'takes a %s reply as the answer: one warn line naming the rcode, no more retries',
    (name, rcode) => {
      notifier.notify(ZONE, soaAt(12), [SECONDARY]);
      transport.deliver(notifyResponse({ id: idOf(transport.sent[0]!.bytes), rcode }), SECONDARY);
      vi.advanceTimersByTime(120_000);

      expect(transport.sent).toHaveLength(1);
      expect(notifyLines().filter((l) => l.level >= LEVEL.info)).toEqual([
        expect.objectContaining({
          level: LEVEL.warn,
          msg: 'notify answered with error',
          rcode: name,
          serial: 12,
          tries: 1,
        }),
      ]);
    },
  );

  it.each([
    ['a wrong ID', (id: number) => notifyResponse({ id: id ^ 1 }), SECONDARY],
    ['a wrong source port', (id: number) => notifyResponse({ id }), { ...SECONDARY, port: 5399 }],
    [
      'a wrong source address',
      (id: number) => notifyResponse({ id }),
      { ...SECONDARY, host: '127.0.0.2' },
    ],
    ['a wrong opcode', (id: number) => notifyResponse({ id, opcode: Opcode.QUERY }), SECONDARY],
    ['QR clear', (id: number) => notifyResponse({ id, qr: false }), SECONDARY],
    [
      'another zone in the question',
      (id: number) => notifyResponse({ id, zone: parseName('other.test.', null) }),
      SECONDARY,
    ],
    ['a question of type A', (id: number) => notifyResponse({ id, type: RRType.A }), SECONDARY],
    ['garbage', () => Buffer.from('not dns at all'), SECONDARY],
  ])('ignores a reply with %s, logging it at debug, and keeps retrying', (_what, build, from) => {
    notifier.notify(ZONE, soaAt(13), [SECONDARY]);
    transport.deliver(build(idOf(transport.sent[0]!.bytes)), from);

    const ignored = linesWith(lines, 'notify reply ignored');
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toMatchObject({ level: LEVEL.debug, op: 'notify' });
    expect(typeof ignored[0]!.reason).toBe('string');
    vi.advanceTimersByTime(60_000);
    expect(transport.sent).toHaveLength(5);
    expect(linesWith(lines, 'notify gave up')).toHaveLength(1);
  });

  it('ignores a late duplicate reply after the round has ended', () => {
    notifier.notify(ZONE, soaAt(14), [SECONDARY]);
    const reply = notifyResponse({ id: idOf(transport.sent[0]!.bytes) });
    transport.deliver(reply, SECONDARY);
    transport.deliver(reply, SECONDARY);

    expect(linesWith(lines, 'notify acknowledged')).toHaveLength(1);
    expect(linesWith(lines, 'notify reply ignored')).toHaveLength(1);
  });
});

describe('superseding and independence', () => {
  it('replaces a pending round when a newer serial arrives: old timers gone, new ID, one debug line', () => {
    notifier.notify(ZONE, soaAt(20), [SECONDARY]);
    vi.advanceTimersByTime(2000);
    const oldId = idOf(transport.sent[0]!.bytes);

    notifier.notify(ZONE, soaAt(21), [SECONDARY]);
    expect(notifier.pending()).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    const fresh = transport.sent[2]!;
    expect(idOf(fresh.bytes)).not.toBe(oldId);
    expect(serialOf(fresh.bytes)).toBe(21);
    expect(linesWith(lines, 'notify superseded')).toEqual([
      expect.objectContaining({ level: LEVEL.debug, serial: 20, by: 21, tries: 2 }),
    ]);

    // The old ID no longer counts as an answer; the new round runs its full five tries.
    transport.deliver(notifyResponse({ id: oldId }), SECONDARY);
    vi.advanceTimersByTime(60_000);
    expect(transport.sent.slice(2).map((d) => serialOf(d.bytes))).toEqual([21, 21, 21, 21, 21]);
    expect(linesWith(lines, 'notify gave up')).toEqual([
      expect.objectContaining({ serial: 21, tries: 5 }),
    ]);
    expect(linesWith(lines, 'notify acknowledged')).toHaveLength(0);
  });

  it('runs the rounds of two secondaries independently', () => {
    notifier.notify(ZONE, soaAt(30), [SECONDARY, OTHER_SECONDARY]);
    expect(notifier.pending()).toBe(2);
    const first = transport.sentTo(SECONDARY)[0]!;
    transport.deliver(notifyResponse({ id: idOf(first.bytes) }), SECONDARY);
    vi.advanceTimersByTime(60_000);

    expect(transport.sentTo(SECONDARY)).toHaveLength(1);
    expect(transport.sentTo(OTHER_SECONDARY)).toHaveLength(5);
    expect(linesWith(lines, 'notify acknowledged')).toEqual([
      expect.objectContaining({ remote: '127.0.0.1:5301', tries: 1 }),
    ]);
    expect(linesWith(lines, 'notify gave up')).toEqual([
      expect.objectContaining({ remote: '[::1]:5302', tries: 5 }),
    ]);
  });

  it('keeps rounds of two zones to the same secondary apart', () => {
    const other = parseName('other.test.', null);
    notifier.notify(ZONE, soaAt(40), [SECONDARY]);
    notifier.notify(other, soaAt(41, other), [SECONDARY]);
    expect(notifier.pending()).toBe(2);
    expect(idOf(transport.sent[0]!.bytes)).not.toBe(idOf(transport.sent[1]!.bytes));

    transport.deliver(
      notifyResponse({ id: idOf(transport.sent[1]!.bytes), zone: other }),
      SECONDARY,
    );
    expect(linesWith(lines, 'notify acknowledged')).toEqual([
      expect.objectContaining({ zone: 'other.test.', serial: 41 }),
    ]);
    expect(notifier.pending()).toBe(1);
  });

  it('matches replies from an IPv6 secondary written in a long form', () => {
    const longForm = { host: '0:0:0:0:0:0:0:1', port: 5302 };
    notifier.notify(ZONE, soaAt(50), [longForm]);
    transport.deliver(notifyResponse({ id: idOf(transport.sent[0]!.bytes) }), OTHER_SECONDARY);
    expect(linesWith(lines, 'notify acknowledged')).toEqual([
      expect.objectContaining({ remote: '[::1]:5302', tries: 1 }),
    ]);
  });
});

describe('lifecycle', () => {
  it('cancels every pending round on close and sends nothing afterwards', async () => {
    notifier.notify(ZONE, soaAt(60), [SECONDARY, OTHER_SECONDARY]);
    await notifier.close();

    expect(transport.closed).toBe(true);
    expect(notifier.pending()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(linesWith(lines, 'notify cancelled')).toHaveLength(2);
    notifier.notify(ZONE, soaAt(61), [SECONDARY]);
    vi.advanceTimersByTime(60_000);
    expect(transport.sent).toHaveLength(2);
  });

  it('refuses a list with a target that is not an IP address, sending nothing at all', () => {
    const named = { host: 'ns1.example.test', port: 53 };
    expect(() => notifier.notify(ZONE, soaAt(70), [SECONDARY, named])).toThrow(
      /not an IP address: ns1.example.test/,
    );
    expect(transport.sent).toHaveLength(0);
    expect(notifier.pending()).toBe(0);
  });

  it('keeps retrying when sends fail and names the error when it gives up', async () => {
    transport.failWith = new Error('send EHOSTUNREACH 127.0.0.1:5301');
    notifier.notify(ZONE, soaAt(71), [SECONDARY]);
    await vi.advanceTimersByTimeAsync(60_000);

    expect(transport.sent).toHaveLength(5);
    expect(linesWith(lines, 'notify send failed')).toHaveLength(5);
    expect(linesWith(lines, 'notify gave up')).toEqual([
      expect.objectContaining({
        level: LEVEL.warn,
        tries: 5,
        error: 'send EHOSTUNREACH 127.0.0.1:5301',
      }),
    ]);
  });

  it('draws message IDs from the injected source', () => {
    const fake = new FakeTransport();
    const ids = [0x1234, 0x1234, 0x4321];
    const seeded = new Notifier({
      log: captureLog().log,
      transport: fake.factory,
      randomId: () => ids.shift() ?? 0,
    });
    seeded.notify(ZONE, soaAt(80), [SECONDARY]);
    seeded.notify(ZONE, soaAt(81), [SECONDARY]);
    expect(fake.sent.map((d) => idOf(d.bytes))).toEqual([0x1234, 0x4321]);
    void seeded.close();
  });
});
