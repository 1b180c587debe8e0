import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ZoneFileError } from '../errors.js';

/**
 * Reads a zone file's text. Gzip-compressed files (recognised by their magic bytes, not their
 * name) are inflated, since zone dumps such as the root zone are often kept compressed.
 */
export function readZoneSource(path: string, shown = path): string {
  let bytes: Buffer;
  try {
    // A device such as /dev/zero would be read until memory runs out.
    const stat = statSync(path);
    if (!stat.isFile()) throw new ZoneFileError(shown, 0, 'not a regular file');
    if (stat.size > MAX_ZONE_BYTES) throw new ZoneFileError(shown, 0, 'larger than 256 MiB');
    bytes = readFileSync(path);
  } catch (err) {
    if (err instanceof ZoneFileError) throw err;
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ZoneFileError(shown, 0, `cannot read zone file (${reason})`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_ZONE_BYTES });
    } catch (err) {
      throw new ZoneFileError(
        shown,
        0,
        `cannot inflate gzip zone file (${(err as Error).message})`,
      );
    }
  }
  return bytes.toString('utf8');
}

// Far above any zone alias-xfr is meant for (a million records is about 50 MiB of text), and
// below the 512 MiB a Node string can hold.
const MAX_ZONE_BYTES = 256 * 1024 ** 2;
