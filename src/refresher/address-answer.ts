/**
 * The outcome of resolving one address family (A or AAAA) of an ALIAS target. DESIGN §2 maps
 * each kind to a policy: `ok` publishes, `nodata` withdraws that family, `nxdomain` follows the
 * operator's policy, `error` (timeout, SERVFAIL, loop) keeps the last good records.
 */
export type AddressAnswer =
  | { readonly kind: 'ok'; readonly ttl: number; readonly rdatas: readonly Buffer[] }
  | { readonly kind: 'nodata' }
  | { readonly kind: 'nxdomain' }
  | { readonly kind: 'error'; readonly reason: string };

/** Anything that can answer "what are the A (or AAAA) records of this name". */
export interface AddressSource {
  resolveAddresses(target: Buffer, type: number): Promise<AddressAnswer>;
}
