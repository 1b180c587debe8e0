import { pino } from 'pino';
import type { Logger } from 'pino';

/**
 * The process logger: JSON lines on stderr, so that commands whose output is data (`zone
 * export`, `journal --json`) keep stdout clean.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { name: 'alias-xfr' } }, pino.destination({ fd: 2, sync: true }));
}
