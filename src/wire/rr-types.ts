/**
 * RR TYPE and CLASS codes with their mnemonics, as registered by IANA ("Domain Name System (DNS)
 * Parameters"), plus alias-xfr's ALIAS pseudo-type.
 */
export const RRType = {
  A: 1,
  NS: 2,
  MD: 3,
  MF: 4,
  CNAME: 5,
  SOA: 6,
  MB: 7,
  MG: 8,
  MR: 9,
  NULL: 10,
  WKS: 11,
  PTR: 12,
  HINFO: 13,
  MINFO: 14,
  MX: 15,
  TXT: 16,
  RP: 17,
  AFSDB: 18,
  X25: 19,
  ISDN: 20,
  RT: 21,
  NSAP: 22,
  NSAP_PTR: 23,
  SIG: 24,
  KEY: 25,
  PX: 26,
  GPOS: 27,
  AAAA: 28,
  LOC: 29,
  NXT: 30,
  EID: 31,
  NIMLOC: 32,
  SRV: 33,
  ATMA: 34,
  NAPTR: 35,
  KX: 36,
  CERT: 37,
  A6: 38,
  DNAME: 39,
  SINK: 40,
  OPT: 41,
  APL: 42,
  DS: 43,
  SSHFP: 44,
  IPSECKEY: 45,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  DHCID: 49,
  NSEC3: 50,
  NSEC3PARAM: 51,
  TLSA: 52,
  SMIMEA: 53,
  HIP: 55,
  NINFO: 56,
  RKEY: 57,
  TALINK: 58,
  CDS: 59,
  CDNSKEY: 60,
  OPENPGPKEY: 61,
  CSYNC: 62,
  ZONEMD: 63,
  SVCB: 64,
  HTTPS: 65,
  DSYNC: 66,
  HHIT: 67,
  BRID: 68,
  SPF: 99,
  UINFO: 100,
  UID: 101,
  GID: 102,
  UNSPEC: 103,
  NID: 104,
  L32: 105,
  L64: 106,
  LP: 107,
  EUI48: 108,
  EUI64: 109,
  NXNAME: 128,
  TKEY: 249,
  TSIG: 250,
  IXFR: 251,
  AXFR: 252,
  MAILB: 253,
  MAILA: 254,
  ANY: 255,
  URI: 256,
  CAA: 257,
  AVC: 258,
  DOA: 259,
  AMTRELAY: 260,
  RESINFO: 261,
  WALLET: 262,
  CLA: 263,
  IPN: 264,
  TA: 32768,
  DLV: 32769,
  /** Private-use code (the one PowerDNS uses); RDATA is one uncompressed domain name. */
  ALIAS: 65401,
} as const;

export const RRClass = {
  IN: 1,
  CS: 2,
  CH: 3,
  HS: 4,
  NONE: 254,
  ANY: 255,
} as const;

// `NSAP_PTR` is spelled with a hyphen in zone files; no other mnemonic has one.
const TYPE_BY_CODE = new Map<number, string>(
  Object.entries(RRType).map(([name, code]) => [code, name.replace('_', '-')]),
);
const TYPE_BY_NAME = new Map<string, number>([...TYPE_BY_CODE].map(([code, name]) => [name, code]));
const CLASS_BY_CODE = new Map<number, string>(
  Object.entries(RRClass).map(([name, code]) => [code, name]),
);
const CLASS_BY_NAME = new Map<string, number>(Object.entries(RRClass));

/**
 * Type code for a mnemonic (`MX`, `nsap-ptr`) or the RFC 3597 §5 generic form (`TYPE65401`),
 * case-insensitively; undefined for anything else.
 */
export function typeFromMnemonic(text: string): number | undefined {
  const upper = text.toUpperCase();
  return TYPE_BY_NAME.get(upper) ?? genericCode(upper, 'TYPE');
}

/** The mnemonic of a type code, or `TYPE<n>` for codes without one. */
export function typeToMnemonic(code: number): string {
  return TYPE_BY_CODE.get(code) ?? `TYPE${code}`;
}

/** Class code for `IN`, `CH`, … or `CLASS<n>`, case-insensitively; undefined otherwise. */
export function classFromMnemonic(text: string): number | undefined {
  const upper = text.toUpperCase();
  return CLASS_BY_NAME.get(upper) ?? genericCode(upper, 'CLASS');
}

/** The mnemonic of a class code, or `CLASS<n>` for codes without one. */
export function classToMnemonic(code: number): string {
  return CLASS_BY_CODE.get(code) ?? `CLASS${code}`;
}

function genericCode(upper: string, prefix: string): number | undefined {
  if (!upper.startsWith(prefix)) return undefined;
  const digits = upper.slice(prefix.length);
  if (!/^[0-9]{1,5}$/.test(digits)) return undefined;
  const code = Number(digits);
  return code <= 0xffff ? code : undefined;
}
