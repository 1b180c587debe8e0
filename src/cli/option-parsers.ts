import { ConfigError } from '../errors.js';
import type { JournalRetention } from '../store/journal.js';
import { DEFAULT_RETENTION } from '../store/store.js';
import type { NxdomainPolicy } from '../refresher/refresh-options.js';
import type { SerialPolicy } from '../zone/serial-policy.js';
import { isSerialPolicy, SERIAL_POLICIES } from '../zone/serial-policy.js';
import { parseTtl } from '../zone/ttl.js';

/** A whole number ≥ `min`, from an option value. */
export function wholeNumber(
  text: string,
  option: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    const range =
      max < Number.MAX_SAFE_INTEGER
        ? ` from ${min} to ${max}`
        : min > 0
          ? ` of at least ${min}`
          : '';
    throw new ConfigError(`${option}: expected a whole number${range}, got ${text}`);
  }
  return n;
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** A byte count such as `1048576`, `512k`, `64M` or `1G`. */
export function byteSize(text: string, option: string): number {
  const m = /^([0-9]+)([kmg]?)i?b?$/i.exec(text);
  if (!m) throw new ConfigError(`${option}: expected a size such as 64M, got ${text}`);
  return Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase()]!;
}

export function serialPolicy(text: string, option: string): SerialPolicy {
  if (!isSerialPolicy(text)) {
    throw new ConfigError(`${option}: expected one of ${SERIAL_POLICIES.join(', ')}, got ${text}`);
  }
  return text;
}

export interface RetentionOptions {
  journalMaxSteps?: string;
  journalMaxBytes?: string;
}

/** Journal bounds from `--journal-max-steps` / `--journal-max-bytes` (0 = no bound). */
export function retentionFrom(options: RetentionOptions): JournalRetention {
  return {
    maxSteps:
      options.journalMaxSteps === undefined
        ? DEFAULT_RETENTION.maxSteps
        : wholeNumber(options.journalMaxSteps, '--journal-max-steps'),
    maxBytes:
      options.journalMaxBytes === undefined
        ? DEFAULT_RETENTION.maxBytes
        : byteSize(options.journalMaxBytes, '--journal-max-bytes'),
  };
}

/** A duration in seconds or with units (`30`, `30s`, `5m`, `1h30m`), returned in milliseconds. */
export function durationMs(text: string, option: string): number {
  let seconds: number | undefined;
  try {
    seconds = parseTtl(text);
  } catch {
    seconds = undefined;
  }
  if (seconds === undefined || seconds < 1) {
    throw new ConfigError(`${option}: expected a duration such as 30s or 5m, got ${text}`);
  }
  return seconds * 1000;
}

export function nxdomainPolicy(text: string, option: string): NxdomainPolicy {
  if (text !== 'keep' && text !== 'withdraw') {
    throw new ConfigError(`${option}: expected keep or withdraw, got ${text}`);
  }
  return text;
}
