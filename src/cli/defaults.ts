import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The project folder: this file lives in src/cli or dist/cli. */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const DEFAULT_DB = 'data/alias-xfr.db';
export const DEFAULT_LISTEN = '127.0.0.1:5300';

/**
 * The zones `serve` runs with when given neither `--zone` nor `--db`. Their order matters:
 * example.com's apex ALIAS points into example.net, which must be in the database first so
 * the first answer comes from our own data, with no network at all.
 */
export const DEFAULT_ZONES: readonly string[] = [
  `example.net=${join(PROJECT_ROOT, 'fixtures', 'example.net.zone')}`,
  `example.com=${join(PROJECT_ROOT, 'fixtures', 'example.com.zone')}`,
];
