import { WireFormatError } from '../errors.js';
import type { Name } from '../name.js';
import { formatName, formatRelativeName, readUncompressedName } from '../name.js';

/**
 * How a domain name inside RDATA is treated: `compress` names may be compressed in messages
 * (RFC 3597 §4) and are lowercased in canonical form; `canonical` names are only lowercased
 * (RFC 4034 §6.2, RFC 6840 §5.1); `plain` names are neither.
 */
export type NameUse = 'compress' | 'canonical' | 'plain';

/** Where a name sits in the RDATA, end exclusive. */
export interface NameRange {
  readonly start: number;
  readonly end: number;
  readonly use: NameUse;
}

/** Reads the fields of one RDATA in order and records where its names are. */
export class WireCursor {
  private pos = 0;
  readonly names: NameRange[] = [];

  constructor(
    readonly data: Buffer,
    /** When set, names print relative to it. */
    readonly origin?: Name,
  ) {}

  get remaining(): number {
    return this.data.length - this.pos;
  }

  u8(what: string): number {
    this.need(1, what);
    return this.data[this.pos++]!;
  }

  u16(what: string): number {
    this.need(2, what);
    const value = this.data.readUInt16BE(this.pos);
    this.pos += 2;
    return value;
  }

  u32(what: string): number {
    this.need(4, what);
    const value = this.data.readUInt32BE(this.pos);
    this.pos += 4;
    return value;
  }

  bytes(length: number, what: string): Buffer {
    this.need(length, what);
    const value = this.data.subarray(this.pos, this.pos + length);
    this.pos += length;
    return value;
  }

  /** Everything up to the end of the RDATA. */
  rest(): Buffer {
    return this.bytes(this.remaining, '');
  }

  /** An uncompressed name; `use` is recorded for canonical form and compression. */
  name(use: NameUse): Name {
    const start = this.pos;
    const { name, end } = readUncompressedName(this.data, start);
    this.pos = end;
    this.names.push({ start, end, use });
    return name;
  }

  /** Presentation form of a name read from this RDATA. */
  formatName(name: Name): string {
    return this.origin === undefined ? formatName(name) : formatRelativeName(name, this.origin);
  }

  private need(length: number, what: string): void {
    if (this.pos + length > this.data.length) {
      throw new WireFormatError(`rdata too short for ${what}`);
    }
  }
}
