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
    super(token === undefined ? message : `${message}: ${shownToken(token)}`);
    this.name = 'WireFormatError';
  }
}

// A token quoted in an error is cut short: a 70,000-character TXT field helps nobody.
const MAX_SHOWN = 80;

/**
 * The token as an error message shows it: control characters escaped as `\DDD`, so that a
 * hostile zone file cannot send escape sequences to the operator's terminal, and long tokens
 * shortened.
 */
function shownToken(token: string): string {
  const cut = token.length > MAX_SHOWN ? `${token.slice(0, MAX_SHOWN)}…` : token;
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return cut.replace(/[\x00-\x1f\x7f]/g, (c) => `\\${String(c.charCodeAt(0)).padStart(3, '0')}`);
}
