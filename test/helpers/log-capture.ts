import { pino } from 'pino';
import type { Logger } from 'pino';

/** A logger whose lines the test can read back, parsed from pino's JSON. */
export interface CapturedLog {
  readonly log: Logger;
  readonly lines: Array<Record<string, unknown>>;
  /** How many lines with this `msg` were logged so far. */
  count(msg: string): number;
}

export function captureLog(level: 'debug' | 'info' = 'info'): CapturedLog {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino(
    { level },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { log, lines, count: (msg) => lines.filter((line) => line.msg === msg).length };
}
