import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { failedOnBusyPort } from './daemon.js';
import { dig, normalizeRecordLine, recordsFromAxfr } from './dig.js';
import { freePort } from './free-port.js';
import { serialReached } from './secondary.js';
import type { ToolName } from './tools.js';
import { TOOL_PACKAGES, checkTools, findTool, isCi, requireTool } from './tools.js';

describe('normalizeRecordLine', () => {
  it('joins the fields with single spaces and lower-cases the owner', () => {
    expect(normalizeRecordLine('Mixed.Example.\t\t300\tIN\tA\t192.0.2.1')).toBe(
      'mixed.example. 300 IN A 192.0.2.1',
    );
  });

  it('keeps blanks inside quoted strings and escaped quotes', () => {
    expect(normalizeRecordLine('t.example.  60  IN  TXT  "a  b" "say \\"hi  there\\""')).toBe(
      't.example. 60 IN TXT "a  b" "say \\"hi  there\\""',
    );
  });

  it('skips blank and comment lines', () => {
    expect(normalizeRecordLine('')).toBeNull();
    expect(normalizeRecordLine(';; AXFR for example.')).toBeNull();
  });
});

describe('recordsFromAxfr', () => {
  const soa = 'example. 300 IN SOA ns. host. 1 3600 600 86400 300';

  it('drops the closing SOA and sorts the records', () => {
    const lines = [soa, 'www.example. 300 IN A 192.0.2.2', 'a.example. 300 IN A 192.0.2.1', soa];
    expect(recordsFromAxfr(lines, 'test')).toEqual([
      'a.example. 300 IN A 192.0.2.1',
      soa,
      'www.example. 300 IN A 192.0.2.2',
    ]);
  });

  it('keeps a duplicated record visible', () => {
    const dup = 'a.example. 300 IN A 192.0.2.1';
    expect(recordsFromAxfr([soa, dup, dup, soa], 'test')).toHaveLength(3);
  });

  it('rejects a stream that does not end with the opening SOA', () => {
    expect(() => recordsFromAxfr([soa, 'a.example. 300 IN A 192.0.2.1'], 'test')).toThrow(
      /same SOA/,
    );
    expect(() => recordsFromAxfr([], 'test')).toThrow(/0 records/);
  });
});

describe('serialReached (RFC 1982 §3.2)', () => {
  it('counts equal and newer serials, also across the wrap', () => {
    expect(serialReached(5, 5)).toBe(true);
    expect(serialReached(6, 5)).toBe(true);
    expect(serialReached(4, 5)).toBe(false);
    expect(serialReached(1, 2 ** 32 - 1)).toBe(true);
    expect(serialReached(2 ** 32 - 1, 1)).toBe(false);
  });
});

describe('failedOnBusyPort', () => {
  it('recognizes the messages of named, knotd and nsd', () => {
    expect(failedOnBusyPort('general: error: unable to listen on any configured interfaces')).toBe(
      true,
    );
    expect(failedOnBusyPort("couldn't add command channel 127.0.0.1#953: address in use")).toBe(
      true,
    );
    expect(failedOnBusyPort('cannot bind address 127.0.0.1@53 UDP (address already in use)')).toBe(
      true,
    );
    expect(failedOnBusyPort("error: can't bind udp socket: Address already in use")).toBe(true);
    expect(failedOnBusyPort('failed to parse zone file')).toBe(false);
  });
});

describe('freePort', () => {
  it('returns a port that both UDP and TCP can bind on 127.0.0.1', async () => {
    const port = await freePort();

    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));

    await new Promise<void>((resolve) => socket.close(resolve));
    await new Promise((resolve) => server.close(resolve));
  });

  it('does not hand out the same port twice', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(new Set(ports).size).toBe(20);
  });
});

describe('dig', () => {
  it('refuses to query anything but loopback', async () => {
    await expect(dig(['@192.0.2.1', 'example.', 'SOA'])).rejects.toThrow(/non-loopback/);
    await expect(dig(['example.', 'SOA'])).rejects.toThrow(/no @server/);
    await expect(dig(['@127.0.0.1', 'example.', '+trace'])).rejects.toThrow(/leaves loopback/);
    await expect(dig(['@127.0.0.1', '-f', 'queries.txt'])).rejects.toThrow(/leaves loopback/);
  });
});

describe('tools', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  // A name no machine has stands in for a missing peer.
  const missing = 'no-such-tool-alias-xfr' as ToolName;

  it('finds executables and reports missing ones', () => {
    expect(findTool('sh')).toMatch(/\/sh$/);
    expect(findTool(missing)).toBeNull();

    const check = checkTools(['dig', missing]);
    expect(check.paths).toBeNull();
    expect(check.missing).toBe(`${missing} (apt-get install undefined)`);
  });

  it('treats CI as set unless it is empty, 0 or false', () => {
    vi.stubEnv('CI', 'true');
    expect(isCi()).toBe(true);
    vi.stubEnv('CI', 'false');
    expect(isCi()).toBe(false);
    vi.stubEnv('CI', '');
    expect(isCi()).toBe(false);
  });

  it('makes a missing tool skip the test locally and fail it under CI', () => {
    const skip = vi.fn((note?: string) => {
      throw new Error(`skipped: ${note}`);
    });

    vi.stubEnv('CI', '');
    expect(() => requireTool(missing, { skip })).toThrow(/skipped: missing no-such-tool/);
    vi.stubEnv('CI', 'true');
    expect(() => requireTool(missing, { skip })).toThrow(/under CI/);
    expect(skip).toHaveBeenCalledTimes(1);
  });

  it('returns the path of an installed tool from inside a test', (ctx) => {
    expect(requireTool('dig', ctx)).toMatch(/\/dig$/);
  });

  it('names the Debian package of each peer program', () => {
    expect(TOOL_PACKAGES.named).toBe('bind9');
    expect(TOOL_PACKAGES.kdig).toBe('knot-dnsutils');
  });
});
