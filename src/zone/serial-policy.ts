import type { Serial } from './serial.js';
import { serialAdd, serialGreater, toSerial } from './serial.js';

/** How a zone's serial moves when alias-xfr itself changes the zone (as Knot offers). */
export type SerialPolicy = 'increment' | 'unixtime' | 'dateserial';

export const SERIAL_POLICIES: readonly SerialPolicy[] = ['increment', 'unixtime', 'dateserial'];

export function isSerialPolicy(text: string): text is SerialPolicy {
  return (SERIAL_POLICIES as readonly string[]).includes(text);
}

/**
 * The serial of the next change. The policy proposes a value (current + 1, the Unix time, or
 * today's YYYYMMDD00); when that would not move forward in RFC 1982 terms (several changes in
 * one second or day, or a clock behind the serial), current + 1 is used, so the serial only
 * ever moves forward, wrap-around included.
 */
export function nextPolicySerial(current: Serial, policy: SerialPolicy, now: Date): Serial {
  const proposed = proposedSerial(current, policy, now);
  return serialGreater(proposed, current) ? proposed : serialAdd(current, 1);
}

function proposedSerial(current: Serial, policy: SerialPolicy, now: Date): Serial {
  switch (policy) {
    case 'increment':
      return serialAdd(current, 1);
    case 'unixtime':
      return toSerial(Math.floor(now.getTime() / 1000) % 2 ** 32);
    case 'dateserial': {
      const day = now.getUTCFullYear() * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
      return toSerial((day * 100) % 2 ** 32);
    }
  }
}

/**
 * The serial for a zone reload: the file's own serial when it is ahead of ours, else the
 * policy's next serial. A file whose serial is behind never moves the zone backwards.
 */
export function reloadSerial(
  current: Serial,
  fromFile: Serial,
  policy: SerialPolicy,
  now: Date,
): Serial {
  return serialGreater(fromFile, current) ? fromFile : nextPolicySerial(current, policy, now);
}
