import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive, createArchive, type Archive } from '../../src/core/archive.ts';
import { startReplayServer, type ReplayServer } from '../../server/replay-server.ts';
import { demoInstallation, demoStories } from '../e2e/display-server.ts';
import { TOKEN } from './show-server.ts';

/** The console's "Download archive page": POST /api/archive-site with the token answers the static page as
 * a zip (here without stills: they need Chromium, which tests/e2e/archive-site.test.ts covers). */
let server: ReplayServer;
let archive: Archive;
beforeAll(async () => {
  const installation = demoInstallation();
  const events = [{ type: 'installation' as const, installation, seq: 1, t: 0 }, ...demoStories().map((e) => ({ ...e, seq: e.seq + 1 }))];
  archive = createArchive(installation, events, 120);
  server = await startReplayServer({ archive, port: 0, operatorToken: TOKEN, distDir: '/nonexistent' });
});
afterAll(() => server.close());

const post = (path: string, token?: string, method = 'POST') =>
  fetch(`${server.url}${path}`, { method, headers: token ? { Authorization: `Bearer ${token}` } : {} });

describe('POST /api/archive-site', () => {
  it('answers a zip of the page and the archive, with every kept story on the page', async () => {
    const res = await post('/api/archive-site?stills=0', TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="the-upcycling-rite-archive-page.zip"');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['archive.json', 'index.html']);
    const page = new TextDecoder().decode(files['index.html']);
    for (const e of archive.events) if (e.type === 'story') expect(page).toContain(e.text.replace(/'/g, '&#39;'));
    const read = readArchive(new TextDecoder().decode(files['archive.json']));
    expect(read.ok && read.archive.contentHash).toBe(archive.contentHash);
  });

  it('refuses a missing or wrong token, another method and a bad still count, each with a hint', async () => {
    for (const [res, status] of [
      [await post('/api/archive-site'), 401],
      [await post('/api/archive-site', 'wrong-token'), 401],
      [await post('/api/archive-site', TOKEN, 'GET'), 405],
      [await post('/api/archive-site?stills=99', TOKEN), 400],
      [await post('/api/archive-site?stills=-1', TOKEN), 400],
    ] as const) {
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ error: expect.any(String), hint: expect.any(String) });
    }
  });
});
