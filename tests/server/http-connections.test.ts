import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcp, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHttpServer, listen } from '../../server/http.ts';
import { demoCopy, removeDir, startTestServer, showForFile } from './show-server.ts';
import { statusesOf } from './raw-http.ts';

/** A hostile visitor's other tricks (the request fuzz is http-fuzz.test.ts): holding connections open,
 * trickling a request in, asking to upgrade where there is no socket. */

const show = showForFile();

/** Retries `attempt` until `check` holds (the server counts a closed connection once its close event ran). */
async function until(check: () => boolean, timeoutMs: number, attempt: () => Promise<void>): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await attempt();
  }
}

describe('connections per address', () => {
  it('answers 503 over the ceiling, with the reason, and accepts again once one closes', async () => {
    const capDir = demoCopy();
    const capped = await startTestServer(capDir, { watch: false, maxConnectionsPerAddress: 8 });
    const held: Socket[] = [];
    try {
      const open = () =>
        new Promise<Socket>((done) => {
          const s = tcp({ host: '127.0.0.1', port: capped.port }, () => done(s));
          s.on('error', () => {});
        });
      for (let i = 0; i < 8; i++) held.push(await open());
      const answer = async () => {
        const s = await open();
        const got: Buffer[] = [];
        s.on('data', (d) => got.push(d));
        s.write('GET /api/show HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
        await new Promise((r) => s.on('close', r));
        return Buffer.concat(got).toString('utf8');
      };
      const refused = await answer();
      expect(refused).toMatch(/^HTTP\/1\.1 503 /);
      expect(refused).toContain('too many connections from this address (8 at most at once)');
      held.pop()?.destroy();
      // The ceiling counts open connections: one closed, one more is served.
      let served = '';
      await until(
        () => served.startsWith('HTTP/1.1 200'),
        10_000,
        async () => void (served = await answer()),
      );
      expect(served).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      for (const s of held) s.destroy();
      await capped.close();
      removeDir(capDir);
    }
  });
});

describe('slow requests', () => {
  it('cuts off a request whose head trickles in, with 408 and the error shape', async () => {
    const served = mkdtempSync(join(tmpdir(), 'meshwork-slow-'));
    const logged: string[] = [];
    const http = createHttpServer(
      {
        distDir: served,
        installationDir: served,
        snapshot: () => {
          throw new Error('not asked');
        },
      },
      (m) => logged.push(m),
    );
    // The show's limits are 15 s / 30 s; the same code path with shorter ones.
    http.headersTimeout = 800;
    http.requestTimeout = 1200;
    const { port } = await listen(http, 0, '127.0.0.1');
    try {
      const socket = tcp({ host: '127.0.0.1', port });
      socket.on('error', () => {});
      const got: Buffer[] = [];
      socket.on('data', (d) => got.push(d));
      socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n');
      // A header line every 100 ms, never the blank line that ends the head.
      const drip = setInterval(() => socket.writable && socket.write('X-Slow: yes\r\n'), 100);
      await new Promise((r) => socket.on('close', r));
      clearInterval(drip);
      const text = Buffer.concat(got).toString('utf8');
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual({ error: 'the request took too long to arrive', hint: expect.any(String) });
      expect(logged).toEqual([expect.stringMatching(/^malformed HTTP request from 127\.0\.0\.1 \(ERR_HTTP_REQUEST_TIMEOUT\), answered and closed$/)]);
    } finally {
      await new Promise((r) => http.close(r));
      rmSync(served, { recursive: true, force: true });
    }
  });
});

describe('upgrades', () => {
  it("refuses an upgrade anywhere but the show's socket, even after a response on the same connection, and closes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.webPath().filter((p) => !p.startsWith('/socket.io')),
        fc.boolean(),
        async (path, afterResponse) => {
          const first = afterResponse ? 'GET /api/show HTTP/1.1\r\nHost: localhost\r\n\r\n' : '';
          const upgrade = `GET ${path || '/'} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;
          const statuses = await new Promise<number[]>((done, reject) => {
            const socket = tcp({ host: '127.0.0.1', port: show.server.port });
            const got: Buffer[] = [];
            const guard = setTimeout(() => {
              socket.destroy();
              reject(new Error(`the connection stayed open after an upgrade to ${path}`));
            }, 15_000);
            socket.on('data', (d) => got.push(d));
            socket.on('error', () => {});
            socket.on('close', () => {
              clearTimeout(guard);
              done(statusesOf(Buffer.concat(got)));
            });
            socket.on('connect', () => socket.end(first + upgrade));
          });
          expect(statuses).toEqual(afterResponse ? [200, 404] : [404]);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
