// ALIAS refresh throughput (issue: "ALIAS refresher and NOTIFY").
//
// Serves a zone holding N ALIAS records (default 10,000) from an in-process alias-xfr whose
// upstream is a small authoritative responder in a child process on 127.0.0.1, then makes the
// refresher re-resolve every ALIAS at once (A and AAAA: 2N resolutions) while a probe sends
// one UDP query to alias-xfr every 10 ms. Reports resolutions per second, the CPU alias-xfr
// used, and the probe's latencies (the event loop must keep answering). Every target's
// addresses change between rounds, so the round also writes the change as journal steps.
// Run after `npm run build`:
//
//   node bench/refresh-aliases.mjs [--aliases 10000]
import { fork } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startDaemon } from '../dist/daemon/daemon.js';
import { UpstreamResolver } from '../dist/refresher/upstream-resolver.js';
import { parseName, ROOT_NAME } from '../dist/wire/name.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

if (process.argv[2] === '--responder') runResponder();
else await runBench(arg('--aliases', 10_000));

/**
 * The upstream: answers `hN.cdn.test.` A/AAAA with an address derived from N and the current
 * round (bumped by a message from the parent), TTL 300. Loopback only.
 */
function runResponder() {
  let round = 0;
  const socket = createSocket('udp4');
  process.on('message', (m) => {
    if (m === 'next-round') round++;
  });
  socket.on('message', (msg, rinfo) => {
    let pos = 12;
    const labels = [];
    while (msg[pos] !== 0) {
      labels.push(msg.toString('latin1', pos + 1, pos + 1 + msg[pos]));
      pos += msg[pos] + 1;
    }
    const qEnd = pos + 5;
    const type = msg.readUInt16BE(pos + 1);
    const n = Number(labels[0].slice(1));
    const rdata =
      type === 1
        ? Buffer.from([10, round % 256, (n >> 8) & 255, n & 255])
        : Buffer.concat([
            Buffer.from([0x20, 0x01, 0x0d, 0xb8, 0, round % 256]),
            Buffer.alloc(8),
            Buffer.from([(n >> 8) & 255, n & 255]),
          ]);
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0);
    rr.writeUInt16BE(type, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(300, 6);
    rr.writeUInt16BE(rdata.length, 10);
    const header = Buffer.from(msg.subarray(0, 12));
    header.writeUInt16BE(0x8400, 2); // QR, AA
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(1, 6);
    header.writeUInt16BE(0, 8);
    header.writeUInt16BE(0, 10);
    socket.send(
      Buffer.concat([header, msg.subarray(12, qEnd), rr, rdata]),
      rinfo.port,
      rinfo.address,
    );
  });
  socket.bind(0, '127.0.0.1', () => process.send({ port: socket.address().port }));
}

async function runBench(count) {
  const responder = fork(new URL(import.meta.url).pathname, ['--responder']);
  const upstreamPort = await new Promise((resolve) =>
    responder.once('message', (m) => resolve(m.port)),
  );
  const dir = mkdtempSync(join(tmpdir(), 'alias-xfr-bench-refresh-'));
  const lines = ['$TTL 300', '@ SOA ns hm 1 3600 600 86400 300', '@ NS ns', 'ns A 192.0.2.53'];
  for (let i = 0; i < count; i++) lines.push(`a${i} 300 ALIAS h${i}.cdn.test.`);
  writeFileSync(join(dir, 'zone.db'), lines.join('\n') + '\n');

  const upstream = new UpstreamResolver({
    servers: [{ host: '127.0.0.1', port: upstreamPort }],
    timeoutMs: 2000,
    retries: 2,
  });
  let t = performance.now();
  const daemon = await startDaemon({
    dbPath: join(dir, 'bench.db'),
    listen: [{ host: '127.0.0.1', port: 0 }],
    zones: [{ zone: parseName('bench.test.', ROOT_NAME), file: join(dir, 'zone.db') }],
    upstream,
    allowTransfer: ['127.0.0.0/8'],
    notify: [],
    maxTcpConnections: 10,
    tcpIdleTimeoutMs: 5000,
    pollIntervalMs: 250,
    log: pino({ level: 'silent' }),
    // Long intervals: only the explicit refresh below resolves anything.
    refresh: { aliasMinIntervalMs: 3_600_000, aliasMaxIntervalMs: 7_200_000 },
  });
  console.log(
    `import with initial resolution of ${2 * count} families: ${Math.round(performance.now() - t)} ms`,
  );

  const zone = daemon.store.zoneByName(parseName('bench.test.', ROOT_NAME));
  responder.send('next-round');
  await new Promise((r) => setTimeout(r, 100));
  const probe = startProbe(daemon.addresses[0].port);
  const before = { ...daemon.refresher.counters };
  const cpu = process.cpuUsage();
  t = performance.now();
  await daemon.refresher.refreshZone(zone.id);
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const latencies = await probe.stop();
  const resolutions = daemon.refresher.counters.resolutions - before.resolutions;
  const steps = daemon.refresher.counters.steps - before.steps;

  const cpuMs = (used.user + used.system) / 1000;
  console.log(
    `refresh round: ${resolutions} resolutions in ${Math.round(ms)} ms = ${Math.round((resolutions / ms) * 1000)}/s`,
  );
  console.log(
    `alias-xfr CPU: ${Math.round(cpuMs)} ms (${((cpuMs / ms) * 100).toFixed(0)}% of one core), ${((cpuMs * 1000) / resolutions).toFixed(0)} µs per resolution`,
  );
  console.log(
    `journal steps written: ${steps}; serial now ${daemon.store.zoneByName(zone.name).serial}`,
  );
  const sorted = [...latencies.answered].sort((a, b) => a - b);
  const pct = (p) =>
    sorted.length
      ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))].toFixed(1)
      : 'n/a';
  console.log(
    `probe queries during the round: ${latencies.sent} sent, ${sorted.length} answered, median ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${pct(1)} ms`,
  );

  await daemon.stop();
  responder.kill();
  rmSync(dir, { recursive: true, force: true });
}

/** Sends one A query for the apex-level `ns` name every 10 ms and records reply latencies. */
function startProbe(port) {
  const socket = createSocket('udp4');
  const pending = new Map();
  const answered = [];
  let sent = 0;
  socket.on('message', (msg) => {
    const started = pending.get(msg.readUInt16BE(0));
    if (started !== undefined) answered.push(performance.now() - started);
  });
  const query = Buffer.from(
    '000001000001000000000000026e730562656e636804746573740000010001',
    'hex',
  );
  const timer = setInterval(() => {
    const id = sent++ & 0xffff;
    query.writeUInt16BE(id, 0);
    pending.set(id, performance.now());
    socket.send(query, port, '127.0.0.1');
  }, 10);
  return {
    async stop() {
      clearInterval(timer);
      await new Promise((r) => setTimeout(r, 200));
      socket.close();
      return { sent, answered };
    },
  };
}
