import { ConfigError } from '../errors.js';
import { WireFormatError } from '../wire/errors.js';
import type { Name } from '../wire/name.js';
import { parseName, ROOT_NAME } from '../wire/name.js';

/**
 * A zone name from the command line. Names are taken as absolute whether or not they end in a
 * dot; `.` is the root zone.
 */
export function parseZoneName(text: string): Name {
  try {
    return parseName(text.endsWith('.') ? text : `${text}.`, ROOT_NAME);
  } catch (err) {
    if (err instanceof WireFormatError)
      throw new ConfigError(`bad zone name ${text}: ${err.message}`);
    throw err;
  }
}

/** `NAME=FILE`, as given to `--zone` and `zone import`. */
export function parseZoneSpec(spec: string): { zone: Name; file: string } {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1) {
    throw new ConfigError(`expected NAME=FILE, got ${spec}`);
  }
  return { zone: parseZoneName(spec.slice(0, eq)), file: spec.slice(eq + 1) };
}

/**
 * Commander helper: collects a repeatable option into an array. No default is given to
 * commander (its help would print `(default: [])`); commands read a missing option as empty.
 */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
