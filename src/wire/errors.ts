/**
 * Error raised by the wire layer for text or bytes that are not valid DNS data. The zone-file
 * parser catches it and adds `file:line`; the server turns it into FORMERR.
 */
export class WireFormatError extends Error {
  readonly code = 'ERR_WIRE_FORMAT';

  /** @param token the offending token or value, quoted in the message so users can find it. */
  constructor(
    message: string,
    readonly token?: string,
  ) {
    super(token === undefined ? message : `${message}: ${token}`);
    this.name = 'WireFormatError';
  }
}
