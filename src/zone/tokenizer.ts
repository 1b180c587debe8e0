import type { Token } from '../wire/token.js';

/**
 * One logical entry of a master file (RFC 1035 §5.1): a directive or a record, possibly spread
 * over several physical lines by parentheses.
 */
export interface Entry {
  readonly tokens: readonly Token[];
  /** The entry's first line starts with blank space, so the owner is the previous one. */
  readonly ownerOmitted: boolean;
  readonly line: number;
}

/** Syntax error found while splitting the text into tokens; `line` is 1-based. */
export class TokenizeError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * Splits master-file text into entries. Comments start at `;` outside quotes; parentheses join
 * lines; quotes are removed (the token is marked `quoted`); backslash escapes are kept raw so
 * that each RDATA field can decode them by its own rules.
 */
export function* tokenize(text: string): Generator<Entry> {
  let line = 1;
  let depth = 0;
  let tokens: Token[] = [];
  let entryLine = 1;
  let ownerOmitted = false;
  let atLineStart = true;
  let i = 0;

  while (i < text.length) {
    const ch = text[i]!;

    if (ch === '\n') {
      line++;
      i++;
      atLineStart = true;
      if (depth === 0) {
        if (tokens.length > 0) yield { tokens, ownerOmitted, line: entryLine };
        tokens = [];
      }
      continue;
    }

    if (atLineStart && depth === 0 && tokens.length === 0) {
      entryLine = line;
      ownerOmitted = ch === ' ' || ch === '\t';
    }
    atLineStart = false;

    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === ';') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '(') {
      depth++;
      i++;
    } else if (ch === ')') {
      if (depth === 0) throw new TokenizeError('unbalanced parentheses: )', line);
      depth--;
      i++;
    } else if (ch === '"') {
      const end = scanQuoted(text, i + 1, line);
      tokens.push({ text: text.slice(i + 1, end), quoted: true, line });
      i = end + 1;
    } else {
      const end = scanWord(text, i);
      tokens.push({ text: text.slice(i, end), quoted: false, line });
      i = end;
    }
  }

  if (depth > 0) throw new TokenizeError('unbalanced parentheses: missing )', line);
  if (tokens.length > 0) yield { tokens, ownerOmitted, line: entryLine };
}

/** Returns the index of the closing quote; escapes (`\"`) are skipped over, not decoded. */
function scanQuoted(text: string, start: number, line: number): number {
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '"') return i;
    else if (ch === '\n') break;
  }
  throw new TokenizeError('unterminated quoted string', line);
}

const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '(', ')', '"']);

function scanWord(text: string, start: number): number {
  let i = start;
  while (i < text.length && !WORD_END.has(text[i]!)) {
    // An escaped character never ends the word, even a blank or a semicolon.
    i += text[i] === '\\' && i + 1 < text.length && text[i + 1] !== '\n' ? 2 : 1;
  }
  return i;
}
