import type { ByteWriter } from './byte-writer.js';
import type { TextCursor } from './text-cursor.js';
import type { NameUse, WireCursor } from './wire-cursor.js';

/**
 * One RDATA field in both directions, or a group of fields that only make sense together (a
 * length followed by its data, a type byte that decides what follows).
 */
export interface RdataField {
  /** Consumes this field's tokens and appends its wire bytes. */
  parse(text: TextCursor, out: ByteWriter): void;
  /** Consumes this field's bytes and returns its presentation text; '' prints nothing. */
  read(wire: WireCursor): string;
  /**
   * Set on fields that can hold a domain name, with the strongest rule that applies to it, so
   * that types without such names skip decoding in `canonicalRdata` and `rdataNameFields`.
   */
  readonly nameUse?: NameUse;
}

/** The RDATA layout of one RR type: its fields in wire order. */
export type RdataCodec = readonly RdataField[];
