import { pino } from 'pino';
import type { Logger } from 'pino';
import { ConfigError } from '../errors.js';

/**
 * The process logger: JSON lines on stderr, so that commands whose output is data (`zone
 * export`, `journal --json`) keep stdout clean.
 */
export function createLogger(level: string): Logger {
  if (!(level in pino.levels.values)) {
    const known = Object.keys(pino.levels.values).join(', ');
    throw new ConfigError(`--log-level: expected one of ${known}, got ${level}`);
  }
  return pino({ level, base: { name: 'alias-xfr' } }, pino.destination({ fd: 2, sync: true }));
}
