import { describe, expect, it } from 'vitest';
import { serialAdd, serialCompare, serialGreater, toSerial } from '../../src/zone/serial.js';
import { nextPolicySerial, reloadSerial } from '../../src/zone/serial-policy.js';

const s = toSerial;

describe('serial arithmetic (RFC 1982)', () => {
  it.each([
    [1, 2, -1],
    [2, 1, 1],
    [7, 7, 0],
    // Across the wrap: 2^32 - 1 is followed by 0.
    [0xffffffff, 0, -1],
    [0, 0xffffffff, 1],
    [0xfffffff0, 5, -1],
    // Exactly 2^31 apart the order is undefined (§3.2).
    [0, 0x80000000, undefined],
  ])('compares %d with %d as %s', (a, b, order) => {
    expect(serialCompare(s(a), s(b))).toBe(order);
  });

  it('adds modulo 2^32 and refuses increments of 2^31 or more', () => {
    expect(serialAdd(s(0xffffffff), 1)).toBe(0);
    expect(() => serialAdd(s(1), 2 ** 31)).toThrow(RangeError);
  });
});

describe('serial policies', () => {
  const now = new Date('2026-12-04T10:00:00Z');
  const unix = Math.floor(now.getTime() / 1000);

  it.each([
    ['increment', 41, 42],
    ['increment', 0xffffffff, 0],
    ['unixtime', 1000, unix],
    ['unixtime', unix + 5, unix + 6],
    ['dateserial', 2026120301, 2026120400],
    ['dateserial', 2026120400, 2026120401],
    ['dateserial', 2026120499, 2026120500],
  ] as const)('%s moves %d to %d', (policy, current, next) => {
    expect(nextPolicySerial(s(current), policy, now)).toBe(next);
  });

  it('always moves forward in RFC 1982 terms, also across the wrap', () => {
    for (const policy of ['increment', 'unixtime', 'dateserial'] as const) {
      for (const current of [
        0,
        1,
        2 ** 31 - 1,
        2 ** 31,
        0xfffffffe,
        0xffffffff,
        unix,
        2026120400,
      ]) {
        expect(serialGreater(nextPolicySerial(s(current), policy, now), s(current))).toBe(true);
      }
    }
  });

  it('takes a reloaded file serial that is ahead, and never one that is behind', () => {
    expect(reloadSerial(s(10), s(20), 'increment', now)).toBe(20);
    expect(reloadSerial(s(10), s(5), 'increment', now)).toBe(11);
    expect(reloadSerial(s(0xfffffffe), s(3), 'increment', now)).toBe(3);
  });
});
