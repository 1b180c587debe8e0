import { WireFormatError } from '../errors.js';
import type { Name } from '../name.js';
import type { Token } from '../token.js';

/** Walks the RDATA tokens of one record, field by field. */
export class TextCursor {
  private pos = 0;

  constructor(
    private readonly tokens: readonly Token[],
    /** Relative names in the RDATA are completed with this name. */
    readonly origin: Name,
  ) {}

  get done(): boolean {
    return this.pos >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  /** The next token; `what` names the field in the error when there is none. */
  next(what: string): Token {
    const token = this.tokens[this.pos];
    if (token === undefined) throw new WireFormatError(`missing ${what}`);
    this.pos++;
    return token;
  }

  /** All remaining tokens; fields such as base64 blobs may be split across several. */
  rest(): readonly Token[] {
    const rest = this.tokens.slice(this.pos);
    this.pos = this.tokens.length;
    return rest;
  }
}
