// IXFR cost against journal length (issue: "Journal and IXFR").
//
// Builds two databases holding the same 1,000-record zone, one with a journal of 10 steps and
// one with 100,000 steps, serves each from an in-process alias-xfr on 127.0.0.1, and times an
// IXFR of the last step only (the client is one serial behind) over TCP. Finding the steps is
// one index probe, so both medians should match within 2x. Run after `npm run build`:
//
//   node bench/ixfr-journal-length.mjs [--steps 100000] [--runs 300]
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startDnsServer } from '../dist/server/dns-server.js';
import { ZoneIndex } from '../dist/server/zone-index.js';
import { AddressAcl, LOOPBACK_CIDRS } from '../dist/server/acl.js';
import { Store } from '../dist/store/store.js';
import { parseName, ROOT_NAME } from '../dist/wire/name.js';
import { parseZoneText } from '../dist/zone/parser.js';
import { checkZone } from '../dist/zone/zone-check.js';
import { withSoaSerial } from '../dist/zone/serial.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const LONG = arg('--steps', 100_000);
const RUNS = arg('--runs', 300);
const origin = parseName('bench.test.', ROOT_NAME);

function baseZone() {
  const lines = ['$TTL 300', '@ SOA ns hm 1 3600 600 86400 300', '@ NS ns', 'ns A 192.0.2.53'];
  for (let i = 0; i < 1000; i++) lines.push(`h${i} A 192.0.2.${i % 250}`);
  lines.push('flip A 198.51.100.0');
  return checkZone(origin, parseZoneText(lines.join('\n'), { origin }));
}

/** A database whose zone went through `steps` one-record changes. */
function buildDatabase(dir, steps) {
  const store = Store.open(join(dir, `j${steps}.db`), { retention: { maxSteps: 0, maxBytes: 0 } });
  const records = baseZone();
  store.createZone(origin, {
    serialPolicy: 'increment',
    sourceFile: null,
    sourceDigest: null,
    source: records,
    published: records,
  });
  let current = records.find((r) => r.owner[1] === 0x66 && r.type === 1); // flip.bench.test A
  let soa = records.find((r) => r.type === 6);
  for (let i = 1; i <= steps; i++) {
    const next = { ...current, rdata: Buffer.from([198, 51, 100, i % 256]) };
    if (next.rdata.equals(current.rdata)) next.rdata = Buffer.from([198, 51, 101, i % 256]);
    soa = { ...soa, rdata: withSoaSerial(soa.rdata, i + 1) };
    store.applyChange(store.zones()[0].id, {
      cause: 'bench',
      removed: [current],
      added: [next],
      newSoa: soa,
    });
    current = next;
  }
  return store;
}

function ixfrQuery(id, serial) {
  const name = Buffer.from([5, ...Buffer.from('bench'), 4, ...Buffer.from('test'), 0]);
  const soaRdata = Buffer.concat([Buffer.from([0, 0]), Buffer.alloc(20)]);
  soaRdata.writeUInt32BE(serial, 2);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(1, 8);
  const q = Buffer.from([0, 251, 0, 1]);
  const rr = Buffer.alloc(10);
  rr.writeUInt16BE(6, 0);
  rr.writeUInt16BE(1, 2);
  rr.writeUInt16BE(soaRdata.length, 8);
  const msg = Buffer.concat([header, name, q, name, rr, soaRdata]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(msg.length);
  return Buffer.concat([len, msg]);
}

/** Sends one IXFR on a fresh connection and resolves with the reply's size once complete. */
function timeIxfr(port, serial) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(ixfrQuery(7, serial)));
    let buf = Buffer.alloc(0);
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        socket.destroy();
        resolve({ ms: performance.now() - started, answers: buf.readUInt16BE(2 + 6) });
      }
    });
    socket.on('error', reject);
  });
}

async function measure(store, steps) {
  const log = pino({ level: 'silent' });
  const zones = new ZoneIndex(store);
  const server = await startDnsServer(
    { data: store, zones, transferAcl: new AddressAcl(LOOPBACK_CIDRS), log },
    store,
    { listen: [{ host: '127.0.0.1', port: 0 }], maxTcpConnections: 100, tcpIdleTimeoutMs: 5000 },
  );
  const port = server.addresses[0].port;
  const times = [];
  let answers = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await timeIxfr(port, steps); // client at serial `steps`: one step behind
    times.push(r.ms);
    answers = r.answers;
  }
  await server.close();
  times.sort((a, b) => a - b);
  return {
    steps,
    median: times[Math.floor(times.length / 2)],
    p90: times[Math.floor(times.length * 0.9)],
    answers,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'alias-xfr-bench-'));
try {
  let t = performance.now();
  const short = buildDatabase(dir, 10);
  const long = buildDatabase(dir, LONG);
  console.log(`built journals of 10 and ${LONG} steps in ${Math.round(performance.now() - t)} ms`);
  // Interleave the two rounds twice so machine noise hits both alike.
  const results = [];
  for (let round = 0; round < 2; round++)
    results.push(await measure(short, 10), await measure(long, LONG));
  const best = (steps) =>
    results.filter((r) => r.steps === steps).sort((a, b) => a.median - b.median)[0];
  const a = best(10);
  const b = best(LONG);
  for (const r of [a, b]) {
    console.log(
      `journal ${String(r.steps).padStart(7)} steps: median ${r.median.toFixed(3)} ms, p90 ${r.p90.toFixed(3)} ms, ${r.answers} records in reply`,
    );
  }
  const ratio = b.median / a.median;
  console.log(
    `ratio (long/short): ${ratio.toFixed(2)} -> ${ratio <= 2 && ratio >= 0.5 ? 'within 2x' : 'NOT within 2x'}`,
  );
  short.close();
  long.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
