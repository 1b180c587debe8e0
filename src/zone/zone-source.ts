import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ZoneFileError } from '../errors.js';

/**
 * Reads a zone file's text. Gzip-compressed files (recognised by their magic bytes, not their
 * name) are inflated, since zone dumps such as the root zone are often kept compressed.
 */
export function readZoneSource(path: string, shown = path): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ZoneFileError(shown, 0, `cannot read zone file (${reason})`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
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
