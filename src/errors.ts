/**
 * The one home of alias-xfr's operational errors. Each has a stable `code` that tests and
 * scripts can rely on; the message is one lower-case line that names the bad value and where
 * it came from. DNS outcomes (NXDOMAIN, REFUSED, …) are not errors and never appear here.
 */
export class AliasXfrError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A zone file that cannot be loaded; the message starts with `file:line:` (`file:` when the
 * whole file is at fault, e.g. unreadable). */
export class ZoneFileError extends AliasXfrError {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super('ERR_ZONE_FILE', line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
  }
}

/** Zone content that parses but breaks a rule (CNAME beside data, ALIAS beside A, …). */
export class ZoneContentError extends AliasXfrError {
  constructor(message: string) {
    super('ERR_ZONE_CONTENT', message);
  }
}

/** An ALIAS needs the network but the operator named no resolver. */
export class NoResolverError extends AliasXfrError {
  constructor(target: string) {
    super(
      'ERR_NO_RESOLVER',
      `alias target ${target} is outside the zones served here and no upstream resolver is ` +
        `configured: pass --resolver ADDR:PORT (repeatable) or --resolver system`,
    );
  }
}

/** A command-line value or configuration entry that is not usable. */
export class ConfigError extends AliasXfrError {
  constructor(message: string) {
    super('ERR_CONFIG', message);
  }
}

/** A listener that could not be opened (port in use, address not local, no permission). */
export class ListenError extends AliasXfrError {
  constructor(address: string, reason: string) {
    super('ERR_LISTEN', `cannot listen on ${address}: ${reason}`);
  }
}

/** A zone or record asked for by name that the database does not hold. */
export class NotFoundError extends AliasXfrError {
  constructor(message: string) {
    super('ERR_NOT_FOUND', message);
  }
}

/** A database that cannot be opened or that this version cannot use. */
export class DatabaseError extends AliasXfrError {
  constructor(message: string) {
    super('ERR_DATABASE', message);
  }
}

/** A request for a running server (`alias-xfr refresh`) that no server took. */
export class NoServerError extends AliasXfrError {
  constructor(message: string) {
    super('ERR_NO_SERVER', message);
  }
}
