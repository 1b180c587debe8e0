import { WireFormatError } from '../errors.js';

/** SvcParamKeys with a name (RFC 9460 §14.3.2; `ohttp` from RFC 9540). */
export const SvcKey = {
  mandatory: 0,
  alpn: 1,
  'no-default-alpn': 2,
  port: 3,
  ipv4hint: 4,
  ech: 5,
  ipv6hint: 6,
  dohpath: 7,
  ohttp: 8,
} as const;

const KEY_BY_NAME = new Map<string, number>(Object.entries(SvcKey));
const NAME_BY_KEY = new Map<number, string>(Object.entries(SvcKey).map(([n, k]) => [k, n]));

// RFC 9460 §14.3.2: 65535 is the "invalid key" and may not appear in a record.
const INVALID_KEY = 65535;

/** A key by name or as `keyNNNNN` (RFC 9460 §2.1). */
export function parseSvcKey(text: string): number {
  const named = KEY_BY_NAME.get(text.toLowerCase());
  if (named !== undefined) return named;
  const match = /^key([0-9]{1,5})$/i.exec(text);
  if (match === null) throw new WireFormatError('unknown svcb key', text);
  const key = Number(match[1]);
  if (key >= INVALID_KEY) throw new WireFormatError('svcb key out of range', text);
  return key;
}

/** A key's name, or `keyNNNNN` for keys without one. */
export function formatSvcKey(key: number): string {
  return NAME_BY_KEY.get(key) ?? `key${key}`;
}

/** Wire check shared by both directions: the invalid key never appears. */
export function checkSvcKey(key: number): void {
  if (key === INVALID_KEY) throw new WireFormatError('svcb key out of range', 'key65535');
}
