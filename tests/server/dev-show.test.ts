import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveVitePages, type VitePages } from '../e2e/vite-page.ts';
import { FONT_PATH, XR_PROFILES_PATH } from '../../src/app/display/offline-paths.ts';
import type { ShowSnapshot } from '../../src/net/show-source.ts';

let pages: VitePages;
beforeAll(async () => {
  pages = await serveVitePages();
}, 60_000);
afterAll(() => pages?.close());

describe('the display under `npm run dev`', () => {
  it('gets a show snapshot of the demo from GET /api/show', async () => {
    const res = await fetch(`${pages.url}/api/show`);
    expect(res.status).toBe(200);
    const snapshot = (await res.json()) as ShowSnapshot;
    expect(snapshot.installation.spec.title).toBe('The Upcycling Rite');
    expect(snapshot.events).toEqual([]);
    expect(snapshot.serverTime).toBe(0);
  });
  it('serves the story font and the XR profiles from node_modules, as the build does', async () => {
    const font = await fetch(`${pages.url}${FONT_PATH}`);
    expect(font.headers.get('content-type')).toBe('font/woff');
    expect(Buffer.from(await font.arrayBuffer()).toString('latin1', 0, 4)).toBe('wOFF');
    const list = await fetch(`${pages.url}${XR_PROFILES_PATH}profilesList.json`);
    expect(Object.keys((await list.json()) as object)).toContain('meta-quest-touch-plus');
  });
});
