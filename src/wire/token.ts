/**
 * One field of presentation-format text (RFC 1035 §5.1), as the zone-file tokenizer found it.
 *
 * `text` keeps backslash escapes exactly as written (`\.`, `\032`): whether an escape means a
 * literal dot inside a label or a byte in a character-string depends on the field, so only the
 * RDATA codec that knows the field may decode it. Quotes are removed and recorded in `quoted`.
 */
export interface Token {
  readonly text: string;
  readonly quoted: boolean;
  /** 1-based line of the zone file the token started on, for error messages. */
  readonly line: number;
}

/** Builds tokens from plain strings; used by code that has no zone file behind it. */
export function tokensFromWords(words: readonly string[], line = 0): Token[] {
  return words.map((text) => ({ text, quoted: false, line }));
}
