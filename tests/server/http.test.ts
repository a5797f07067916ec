import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ShowSnapshot } from '../../src/net/show-source.ts';
import { clientId, joinShow, story, showForFile } from './show-server.ts';

const SECRET = 'top-secret-do-not-serve';

/** A raw GET: the path goes out exactly as written (no client-side normalisation). */
function get(path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolveGet, reject) => {
    const req = request({ host: '127.0.0.1', port: show.server.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolveGet({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A served folder with a page and an asset, and secrets next to it and above it. */
function servedSite(dir: string): string {
  const dist = join(dir, 'site', 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>wall</title>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'site', 'secret.txt'), SECRET);
  writeFileSync(join(dir, 'secret.png'), SECRET);
  return dist;
}
const show = showForFile(undefined, (dir) => ({ distDir: servedSite(dir) }));

describe('HTTP', () => {
  it('serves the pages with the security headers on every response', async () => {
    for (const path of ['/', '/assets/app.js', '/nothing', '/api/show']) {
      const r = await get(path);
      expect(r.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(r.headers['content-security-policy']).toMatch(/worker-src 'self' blob:/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
    const page = await get('/');
    expect(page.body).toContain('<title>wall</title>');
    // The page's socket and troika's blob: workers (which importScripts blob: code) are allowed.
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${show.server.port} wss://127.0.0.1:${show.server.port}`);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval' blob:/);
  });

  it('does not let a forged Host header into the CSP', async () => {
    const csp = await new Promise<string>((done) => {
      const req = request({ host: '127.0.0.1', port: show.server.port, path: '/', headers: { host: 'x; script-src *' } }, (res) => {
        res.resume();
        done(String(res.headers['content-security-policy']));
      });
      req.end();
    });
    expect(csp).not.toContain('script-src *');
    expect(csp).toContain("connect-src 'self' data: blob:");
  });

  it('never serves a file outside the served folders, however the path is encoded', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/%252e%252e/secret.txt',
      '/..%5csecret.txt',
      '/assets\\..\\..\\secret.txt',
      '/..%2f..%2fsecret.txt',
      '/secret.txt%00.js',
      '/%00/../secret.txt',
      '/installation/../secret.png',
      '/installation/%2e%2e/secret.png',
      '/installation/..%5c..%5csecret.png',
      '/installation/.meshwork/show.db',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/installation/%252e%252e%252fsecret.png',
    ];
    for (const path of attempts) {
      const r = await get(path);
      expect(r.body, path).not.toContain(SECRET);
      expect(r.body, path).not.toContain('root:');
      expect([400, 404], path).toContain(r.status);
    }
    // The installation's own assets are served.
    expect((await get('/installation/secret.png')).status).toBe(200);
  });

  it('GET /api/show answers the public snapshot: no held story, no queue', async () => {
    const { socket } = await joinShow(show.server.url, { role: 'audience' });
    const text = 'A story that waits for the operator.';
    const r = await socket.timeout(5000).emitWithAck('story:submit', story(`api-${clientId()}`, text));
    socket.disconnect();
    expect(r).toMatchObject({ ok: true, outcome: 'held' });
    const res = await get('/api/show');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const snap = JSON.parse(res.body) as ShowSnapshot;
    expect(snap.installation.spec.title).toBe('The Upcycling Rite');
    expect(snap.serverTime).toBeGreaterThan(0);
    expect(snap.events.at(-1)).toMatchObject({ type: 'withheld' });
    expect(res.body).not.toContain(text);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const status = await new Promise<number>((done) => {
      const req = request({ host: '127.0.0.1', port: show.server.port, path: '/api/show', method: 'POST' }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.end('{}');
    });
    expect(status).toBe(405);
  });
});
