import type { Name } from '../wire/name.js';
import { lowerName, nameLabels } from '../wire/name.js';

/**
 * The key records are stored and looked up by: the owner's labels from the root down, each
 * with its length byte, lowercased. Every name below `example.com.` then has the key of
 * `example.com.` as a prefix, so "does anything exist below this name" (empty non-terminals,
 * RFC 4592 closest encloser) is one range scan on an index.
 */
export function ownerKey(name: Name): Buffer {
  const labels = nameLabels(lowerName(name));
  const parts: Buffer[] = [];
  for (let i = labels.length - 1; i >= 0; i--) {
    parts.push(Buffer.from([labels[i]!.length]), labels[i]!);
  }
  return Buffer.concat(parts);
}

/**
 * Exclusive upper bound of the keys strictly below `key`: the byte after a key's end is always
 * a label length (at most 63), so appending 64 is past every descendant.
 */
export function descendantsUpperBound(key: Buffer): Buffer {
  return Buffer.concat([key, Buffer.from([64])]);
}
