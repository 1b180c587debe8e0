import { parseName } from '../name.js';
import type { RdataField } from './field.js';
import type { NameUse } from './wire-cursor.js';

/** A domain name; relative names in the text are completed with the origin. */
export function nameField(what: string, use: NameUse): RdataField {
  return {
    nameUse: use,
    parse(text, out) {
      out.bytes(parseName(text.next(what).text, text.origin));
    },
    read(wire) {
      return wire.formatName(wire.name(use));
    },
  };
}
