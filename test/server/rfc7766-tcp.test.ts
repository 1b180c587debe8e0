import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage } from '../../src/wire/message.js';
import { RRType } from '../../src/wire/rr-types.js';
import { DnsTcpClient, encodeQuery, readReply, receiveAxfr } from '../helpers/raw-dns.js';
import { startTestServer } from '../helpers/test-server.js';
import type { TestServer } from '../helpers/test-server.js';

const ZONE = `$ORIGIN example.org.
$TTL 3600
@    SOA  ns1 hostmaster 1 3600 600 86400 300
@    NS   ns1
ns1  A    192.0.2.1
www  A    192.0.2.10
www  AAAA 2001:db8::10
mail A    192.0.2.25
`;

const WWW_A = 'www.example.org. 3600 A 192.0.2.10';

function query(name: string, type: number, id: number): Buffer {
  return encodeQuery({ name, type, id });
}

describe('RFC 7766 §6.2.1 several queries on one connection', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer([{ name: 'example.org', text: ZONE }]);
  });

  afterAll(async () => {
    await server.stop();
  });

  it('answers queries sent back to back on one connection, in order', async () => {
    const client = await DnsTcpClient.connect(server.port);
    try {
      client.send(query('www.example.org', RRType.A, 1));
      client.send(query('www.example.org', RRType.AAAA, 2));
      client.send(query('mail.example.org', RRType.A, 3));
      client.send(query('missing.example.org', RRType.A, 4));

      const replies = [];
      for (let i = 0; i < 4; i++) replies.push(readReply(await client.receive()));
      expect(replies.map((r) => r.message.header.id)).toEqual([1, 2, 3, 4]);
      expect(replies[0]?.answer).toEqual([WWW_A]);
      expect(replies[1]?.answer).toEqual(['www.example.org. 3600 AAAA 2001:db8::10']);
      expect(replies[2]?.answer).toEqual(['mail.example.org. 3600 A 192.0.2.25']);
      expect(replies[3]?.rcode).toBe(3);
    } finally {
      client.destroy();
    }
  });

  it('answers a burst of 500 pipelined queries, all of them, in order', async () => {
    const client = await DnsTcpClient.connect(server.port);
    try {
      const burst = [];
      for (let id = 0; id < 500; id++) burst.push(query('www.example.org', RRType.A, 1000 + id));
      for (const message of burst) client.send(message);

      for (let id = 0; id < 500; id++) {
        expect(readReply(await client.receive()).message.header.id).toBe(1000 + id);
      }
    } finally {
      client.destroy();
    }
  });

  it('answers an A query sent right behind an AXFR on the same connection', async () => {
    const client = await DnsTcpClient.connect(server.port);
    try {
      client.send(query('example.org', RRType.AXFR, 10));
      client.send(query('www.example.org', RRType.A, 11));

      const transfer = (await receiveAxfr(client)).map((bytes) => decodeMessage(bytes));
      const after = readReply(await client.receive());
      expect(transfer.every((m) => m.header.id === 10)).toBe(true);
      expect(transfer.flatMap((m) => m.answers)).toHaveLength(7);
      expect(after.message.header.id).toBe(11);
      expect(after.answer).toEqual([WWW_A]);
    } finally {
      client.destroy();
    }
  });

  it('answers a query split across several TCP segments', async () => {
    const client = await DnsTcpClient.connect(server.port);
    try {
      const message = query('www.example.org', RRType.A, 21);
      const framed = Buffer.concat([Buffer.from([0, message.length]), message]);
      for (const part of [framed.subarray(0, 1), framed.subarray(1, 9), framed.subarray(9)]) {
        client.writeRaw(part);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      const reply = readReply(await client.receive());
      expect(reply.message.header.id).toBe(21);
      expect(reply.answer).toEqual([WWW_A]);
    } finally {
      client.destroy();
    }
  });

  it('still answers a client that half-closes right after sending its query', async () => {
    const client = await DnsTcpClient.connect(server.port);
    try {
      client.send(query('www.example.org', RRType.A, 31));
      client.halfClose();

      const reply = readReply(await client.receive());
      expect(reply.message.header.id).toBe(31);
      expect(reply.answer).toEqual([WWW_A]);
      // Having answered everything, the server closes its side too.
      expect(await client.closesWithin(2000)).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('still answers every pipelined query of a client that half-closes, AXFR included', async () => {
    const client = await DnsTcpClient.connect(server.port);
    try {
      client.send(query('example.org', RRType.AXFR, 41));
      client.send(query('www.example.org', RRType.A, 42));
      client.halfClose();

      const transfer = await receiveAxfr(client);
      const after = readReply(await client.receive());
      expect(transfer.length).toBeGreaterThan(0);
      expect(after.message.header.id).toBe(42);
      expect(await client.closesWithin(2000)).toBe(true);
    } finally {
      client.destroy();
    }
  });
});

describe('RFC 7766 §6.2.3 idle connections', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer([{ name: 'example.org', text: ZONE }], {
      tcpIdleTimeoutMs: 300,
    });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('closes a connection that sends nothing for the idle timeout', async () => {
    const client = await DnsTcpClient.connect(server.port);
    try {
      expect(await client.closesWithin(3000)).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('closes a connection that goes quiet after a query, once the answer is sent', async () => {
    const client = await DnsTcpClient.connect(server.port);
    try {
      client.send(query('www.example.org', RRType.A, 51));
      expect(readReply(await client.receive()).answer).toEqual([WWW_A]);
      expect(await client.closesWithin(3000)).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('keeps a connection open while it keeps sending queries', async () => {
    const client = await DnsTcpClient.connect(server.port);
    try {
      // Five queries 150 ms apart: 750 ms in all, each gap under the 300 ms timeout.
      for (let id = 60; id < 65; id++) {
        client.send(query('www.example.org', RRType.A, id));
        expect(readReply(await client.receive()).message.header.id).toBe(id);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    } finally {
      client.destroy();
    }
  });
});

/**
 * A connection on which a query was answered. The server notices a closed connection a moment
 * after the client does, so a slot freed just before may need a few attempts to be seen.
 */
async function answeredConnection(port: number, id: number): Promise<DnsTcpClient> {
  for (let attempt = 0; ; attempt++) {
    const client = await DnsTcpClient.connect(port);
    client.send(query('www.example.org', RRType.A, id));
    try {
      if (readReply(await client.receive(1000)).message.header.id === id) return client;
    } catch (err) {
      client.destroy();
      if (attempt >= 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('the TCP connection limit', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer([{ name: 'example.org', text: ZONE }], {
      maxTcpConnections: 2,
    });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('closes the connection that went longest without a query to make room for a third', async () => {
    const first = await DnsTcpClient.connect(server.port);
    const second = await DnsTcpClient.connect(server.port);
    // One after the other, so the server saw the first one's last query earlier.
    first.send(query('www.example.org', RRType.A, 71));
    await first.receive();
    second.send(query('www.example.org', RRType.A, 72));
    await second.receive();

    const third = await DnsTcpClient.connect(server.port);
    try {
      third.send(query('www.example.org', RRType.A, 73));
      expect(readReply(await third.receive()).message.header.id).toBe(73);
      expect(await first.closesWithin(2000)).toBe(true);

      second.send(query('mail.example.org', RRType.A, 75));
      expect(readReply(await second.receive()).message.header.id).toBe(75);
    } finally {
      first.destroy();
      second.destroy();
      third.destroy();
    }
  });

  it('accepts a new connection once one of the two has closed', async () => {
    // The connections of the test before may take a moment to leave the server's count.
    const first = await answeredConnection(server.port, 81);
    const second = await answeredConnection(server.port, 82);
    first.destroy();

    const next = await answeredConnection(server.port, 83);
    next.destroy();
    second.destroy();
  });
});

describe('shutting down with clients connected', () => {
  it('stops promptly, closing a connection a client keeps open', async () => {
    const server = await startTestServer([{ name: 'example.org', text: ZONE }]);
    const client = await DnsTcpClient.connect(server.port);
    try {
      client.send(query('www.example.org', RRType.A, 91));
      await client.receive();

      const started = performance.now();
      await server.stop();
      // The idle timeout is 10 s here; stopping must not wait for it.
      expect(performance.now() - started).toBeLessThan(3000);
      expect(await client.closesWithin(1000)).toBe(true);
    } finally {
      client.destroy();
    }
  });
});
