import { RRType } from '../rr-types.js';
import type { RdataCodec } from './field.js';
import { nameField } from './name-field.js';
import { mnemonicNumber, period, rrTypeField, uint16, uint32 } from './numbers.js';

// RFC 3597 §4 lets only the RFC 1035 types compress their names ('compress'); RFC 4034 §6.2
// with RFC 6840 §5.1 lists the types whose names are lowercased in canonical form ('canonical').
// ALIAS joins the canonical list: it is a name-valued type like CNAME and sorts the same way.

const DSYNC_SCHEMES = new Map([['NOTIFY', 1]]);

/** Types whose RDATA is made of domain names, possibly after a few numbers. */
export const NAME_CODECS: ReadonlyArray<readonly [number, RdataCodec]> = [
  [RRType.NS, [nameField('ns host', 'compress')]],
  [RRType.MD, [nameField('md host', 'compress')]],
  [RRType.MF, [nameField('mf host', 'compress')]],
  [RRType.CNAME, [nameField('cname target', 'compress')]],
  [RRType.MB, [nameField('mb host', 'compress')]],
  [RRType.MG, [nameField('mg mailbox', 'compress')]],
  [RRType.MR, [nameField('mr mailbox', 'compress')]],
  [RRType.PTR, [nameField('ptr target', 'compress')]],
  [RRType.DNAME, [nameField('dname target', 'canonical')]],
  [RRType.NSAP_PTR, [nameField('nsap-ptr target', 'plain')]],
  [RRType.ALIAS, [nameField('alias target', 'canonical')]],
  [
    RRType.SOA,
    [
      nameField('soa mname', 'compress'),
      nameField('soa rname', 'compress'),
      uint32('soa serial'),
      period('soa refresh'),
      period('soa retry'),
      period('soa expire'),
      period('soa minimum'),
    ],
  ],
  [RRType.MINFO, [nameField('minfo rmailbx', 'compress'), nameField('minfo emailbx', 'compress')]],
  [RRType.RP, [nameField('rp mailbox', 'canonical'), nameField('rp txt name', 'canonical')]],
  [RRType.MX, [uint16('mx preference'), nameField('mx exchange', 'compress')]],
  [RRType.AFSDB, [uint16('afsdb subtype'), nameField('afsdb hostname', 'canonical')]],
  [RRType.RT, [uint16('rt preference'), nameField('rt host', 'canonical')]],
  [RRType.KX, [uint16('kx preference'), nameField('kx exchanger', 'canonical')]],
  [
    RRType.PX,
    [
      uint16('px preference'),
      nameField('px map822', 'canonical'),
      nameField('px mapx400', 'canonical'),
    ],
  ],
  [
    RRType.SRV,
    [
      uint16('srv priority'),
      uint16('srv weight'),
      uint16('srv port'),
      nameField('srv target', 'canonical'),
    ],
  ],
  [RRType.LP, [uint16('lp preference'), nameField('lp fqdn', 'plain')]],
  [
    RRType.DSYNC,
    [
      rrTypeField('dsync rrtype'),
      mnemonicNumber('dsync scheme', 1, DSYNC_SCHEMES, true),
      uint16('dsync port'),
      nameField('dsync target', 'plain'),
    ],
  ],
];
