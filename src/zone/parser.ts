import { dirname, resolve } from 'node:path';
import { ZoneFileError } from '../errors.js';
import { WireFormatError } from '../wire/errors.js';
import type { Name } from '../wire/name.js';
import { parseName } from '../wire/name.js';
import { rdataFromText } from '../wire/rdata.js';
import { classFromMnemonic, RRType, typeFromMnemonic } from '../wire/rr-types.js';
import type { Token } from '../wire/token.js';
import { CLASS_IN } from './record.js';
import type { SourcedRecord } from './record.js';
import { TokenizeError, tokenize } from './tokenizer.js';
import type { Entry } from './tokenizer.js';
import { looksLikeTtl, parseTtl } from './ttl.js';
import { readZoneSource } from './zone-source.js';

export interface ParseOptions {
  /** Initial `$ORIGIN`: the zone's name. */
  readonly origin: Name;
  /** Name shown in error messages for text that has no file behind it. */
  readonly fileName?: string;
  /** Told about every `$INCLUDE`d file read, e.g. to fingerprint everything a zone uses. */
  readonly onInclude?: (file: string, text: string) => void;
}

// $INCLUDE loops (a file including itself) must end in an error, not a stack overflow.
const MAX_INCLUDE_DEPTH = 16;

/** Mutable reading state of one file; `$INCLUDE` starts a fresh one for the included file. */
interface FileState {
  readonly file: string;
  readonly depth: number;
  readonly onInclude: ((file: string, text: string) => void) | undefined;
  origin: Name;
  defaultTtl: number | undefined;
  lastTtl: number | undefined;
  lastOwner: Name | undefined;
}

/** Reads a zone file from disk (RFC 1035 §5) into records; `$INCLUDE` paths are file-relative. */
export function parseZoneFile(path: string, options: ParseOptions): SourcedRecord[] {
  const text = readZoneSource(path);
  return parseZoneText(text, { ...options, fileName: path });
}

/** Parses master-file text; every error carries `file:line:` and the offending token. */
export function parseZoneText(text: string, options: ParseOptions): SourcedRecord[] {
  const records: SourcedRecord[] = [];
  const state: FileState = {
    file: options.fileName ?? '<text>',
    depth: 0,
    onInclude: options.onInclude,
    origin: options.origin,
    defaultTtl: undefined,
    lastTtl: undefined,
    lastOwner: undefined,
  };
  parseInto(text, state, records);
  return records;
}

function parseInto(text: string, state: FileState, out: SourcedRecord[]): void {
  try {
    for (const entry of tokenize(text)) {
      try {
        parseEntry(entry, state, out);
      } catch (err) {
        throw asZoneFileError(err, state.file, entry.line);
      }
    }
  } catch (err) {
    if (err instanceof TokenizeError) throw new ZoneFileError(state.file, err.line, err.message);
    throw err;
  }
}

function asZoneFileError(err: unknown, file: string, line: number): unknown {
  if (err instanceof WireFormatError || err instanceof RangeError) {
    return new ZoneFileError(file, line, err.message);
  }
  return err;
}

function parseEntry(entry: Entry, state: FileState, out: SourcedRecord[]): void {
  const first = entry.tokens[0]!;
  if (!entry.ownerOmitted && !first.quoted && first.text.startsWith('$')) {
    parseDirective(entry, state, out);
    return;
  }
  out.push(parseRecord(entry, state));
}

function parseDirective(entry: Entry, state: FileState, out: SourcedRecord[]): void {
  const [directive, arg, extra, ...rest] = entry.tokens;
  const name = directive!.text.toUpperCase();
  // TODO: BIND's $GENERATE is not supported; zone files that use it fail with this error.
  if (name !== '$ORIGIN' && name !== '$TTL' && name !== '$INCLUDE') {
    throw new WireFormatError('unsupported directive', directive!.text);
  }
  if (arg === undefined) throw new WireFormatError(`${name} needs an argument`, name);
  const tooMany = name === '$INCLUDE' ? rest[0] : extra;
  if (tooMany !== undefined) throw new WireFormatError(`extra field after ${name}`, tooMany.text);

  if (name === '$ORIGIN') {
    state.origin = parseName(arg.text, state.origin);
  } else if (name === '$TTL') {
    const ttl = parseTtl(arg.text);
    if (ttl === undefined) throw new WireFormatError('bad $TTL value', arg.text);
    state.defaultTtl = ttl;
  } else {
    includeFile(arg.text, extra, state, out);
  }
}

/**
 * `$INCLUDE file [origin]` (RFC 1035 §5.1): the included file starts with the given origin (or
 * the current one) and its own `$ORIGIN`/`$TTL` changes do not leak back into the includer.
 */
function includeFile(
  path: string,
  originToken: Token | undefined,
  state: FileState,
  out: SourcedRecord[],
): void {
  const file = resolve(dirname(state.file), path);
  const text = readZoneText(file, path, state.depth + 1);
  state.onInclude?.(file, text);
  const origin = originToken ? parseName(originToken.text, state.origin) : state.origin;
  parseInto(text, { ...state, file, depth: state.depth + 1, origin, lastOwner: undefined }, out);
}

function readZoneText(file: string, shown: string, depth: number): string {
  if (depth > MAX_INCLUDE_DEPTH) {
    throw new WireFormatError('$INCLUDE nested too deeply (a loop?)', shown);
  }
  try {
    return readZoneSource(file, shown);
  } catch (err) {
    // Reported at the $INCLUDE line of the including file, which is where the fix goes.
    if (err instanceof ZoneFileError) throw new WireFormatError(err.message);
    throw err;
  }
}

/** `[owner] [ttl] [class] type rdata…`, where TTL and class may come in either order. */
function parseRecord(entry: Entry, state: FileState): SourcedRecord {
  const tokens = entry.tokens;
  let i = 0;
  let owner: Name;
  if (entry.ownerOmitted) {
    if (state.lastOwner === undefined) {
      throw new WireFormatError('record has no owner and no previous owner', tokens[0]!.text);
    }
    owner = state.lastOwner;
  } else {
    owner = parseName(tokens[i++]!.text, state.origin);
  }

  let ttl: number | undefined;
  let cls: number | undefined;
  let clsToken: Token | undefined;
  for (let field = 0; field < 2; field++) {
    const token = tokens[i];
    if (token === undefined || token.quoted) break;
    if (ttl === undefined && looksLikeTtl(token.text)) {
      ttl = parseTtl(token.text);
      i++;
    } else if (cls === undefined && classFromMnemonic(token.text) !== undefined) {
      cls = classFromMnemonic(token.text);
      clsToken = token;
      i++;
    }
  }

  const typeToken = tokens[i++];
  if (typeToken === undefined) throw new WireFormatError('record has no type', tokens[0]!.text);
  const type = typeFromMnemonic(typeToken.text);
  if (type === undefined) throw new WireFormatError('unknown record type', typeToken.text);
  // TODO: only class IN is served; CH or HS zones (e.g. version.bind) are rejected here.
  if (cls !== undefined && cls !== CLASS_IN) {
    throw new WireFormatError('only class IN is supported', clsToken?.text ?? '');
  }

  const rdata = rdataFromText(type, tokens.slice(i), state.origin);
  const recordTtl = resolveTtl(ttl, type, rdata, state, typeToken.text);
  state.lastOwner = owner;
  return { owner, type, ttl: recordTtl, rdata, file: state.file, line: entry.line };
}

/**
 * RFC 1035 §5.1 and RFC 2308 §4: an explicit TTL wins and becomes the "last stated" one; else
 * `$TTL`; else the last stated TTL; a first SOA without any uses its own MINIMUM field.
 */
function resolveTtl(
  explicit: number | undefined,
  type: number,
  rdata: Buffer,
  state: FileState,
  typeText: string,
): number {
  if (explicit !== undefined) {
    state.lastTtl = explicit;
    return explicit;
  }
  if (state.defaultTtl !== undefined) return state.defaultTtl;
  if (state.lastTtl !== undefined) return state.lastTtl;
  if (type === RRType.SOA) {
    state.lastTtl = rdata.readUInt32BE(rdata.length - 4);
    return state.lastTtl;
  }
  throw new WireFormatError('no TTL given and no $TTL before this record', typeText);
}
