import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { startTestServer, demoCopy, removeDir, TOKEN } from './show-server.ts';

const dir = demoCopy();
const dataDir = join(dir, 'data');
afterAll(() => removeDir(dir));

/** GET over HTTPS trusting only the server's own certificate: the name must match its SANs. */
function fetchTrusting(ca: string, port: number, servername?: string): Promise<number> {
  return new Promise((done, reject) => {
    get({ host: '127.0.0.1', port, path: '/api/show', ca, ...(servername ? { servername } : {}) }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('HTTPS', () => {
  it('serves HTTPS (and plain HTTP on the same port) with a self-signed certificate for localhost and 127.0.0.1, kept in dataDir and reused', async () => {
    const server = await startTestServer(dir, { dataDir, https: true, watch: false });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const cert = readFileSync(join(dataDir, 'tls-cert.pem'), 'utf8');
      expect(await fetchTrusting(cert, server.port, 'localhost')).toBe(200);
      expect(await fetchTrusting(cert, server.port)).toBe(200); // checked against the IP SAN
      await expect(fetchTrusting(cert, server.port, 'example.com')).rejects.toThrow(/altnames/);
      // The same port answers plain HTTP too (http://localhost:PORT through adb reverse).
      const plain = await new Promise<number>((done, reject) => {
        httpGet({ host: '127.0.0.1', port: server.port, path: '/api/show' }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        }).on('error', reject);
      });
      expect(plain).toBe(200);
      // socket.io over wss with the same trust.
      const socket = io(server.url, { forceNew: true, transports: ['websocket'], ca: cert, reconnection: false });
      const r = await socket.timeout(5000).emitWithAck('hello', { role: 'operator', clientId: 'tls-operator-1', token: TOKEN });
      socket.disconnect();
      expect(r.ok).toBe(true);
    } finally {
      await server.close();
    }
    const first = readFileSync(join(dataDir, 'tls-cert.pem'), 'utf8');
    const again = await startTestServer(dir, { dataDir, https: true, watch: false });
    await again.close();
    expect(readFileSync(join(dataDir, 'tls-cert.pem'), 'utf8')).toBe(first);
  });
});
