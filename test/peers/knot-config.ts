import { join } from 'node:path';

/**
 * The server, control, database and log sections every knotd of the harness shares: listen
 * on one loopback port, keep every file (PID, control socket, journal, timers, log) inside
 * `dir`, one worker of each kind, and small database map sizes so the LMDB files stay small.
 * Knot has no update check and sends NOTIFY only to remotes a zone lists, so nothing else is
 * needed to keep it on loopback.
 */
export function knotServerSections(dir: string, port: number): string {
  return `server:
    rundir: "${dir}"
    pidfile: "${join(dir, 'knot.pid')}"
    listen: 127.0.0.1@${port}
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
    identity: ""
    version: ""

control:
    listen: "${join(dir, 'knot.sock')}"

database:
    storage: "${dir}"
    journal-db-max-size: 64M
    kasp-db-max-size: 16M
    timer-db-max-size: 16M
    catalog-db-max-size: 16M

log:
  - target: "${join(dir, 'knot.log')}"
    any: info
`;
}
