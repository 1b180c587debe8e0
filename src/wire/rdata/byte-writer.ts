/**
 * Collects the wire bytes of one RDATA while its fields are parsed. One growing buffer rather
 * than a list of small ones: zone loading calls this for every record, and most RDATA is short.
 */
export class ByteWriter {
  private buf = Buffer.allocUnsafe(64);
  private size = 0;

  get length(): number {
    return this.size;
  }

  u8(value: number): void {
    this.reserve(1);
    this.buf[this.size++] = value;
  }

  u16(value: number): void {
    this.reserve(2);
    this.size = this.buf.writeUInt16BE(value, this.size);
  }

  u32(value: number): void {
    this.reserve(4);
    this.size = this.buf.writeUInt32BE(value, this.size);
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.size);
    this.size += data.length;
  }

  /** A copy holding exactly the bytes written. */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.size));
  }

  private reserve(extra: number): void {
    if (this.size + extra <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.size + extra));
    this.buf.copy(grown, 0, 0, this.size);
    this.buf = grown;
  }
}
