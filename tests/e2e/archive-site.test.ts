import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive, type Archive } from '../../src/core/archive.ts';
import { encodeSculptures } from '../../src/core/encode.ts';
import type { Reply } from '../../src/net/protocol.ts';
import { compileFolder } from '../../server/installation-folder.ts';
import { writeArchiveSite } from '../../server/archive-site.ts';
import type { RunningServer } from '../../server/server.ts';
import { demoCopy, joinShow, operator, removeDir, startTestServer } from '../server/show-server.ts';
import { launchChromium } from './browser.ts';
import { decodePng, keepArtifact, litFraction } from './png.ts';

/** Stories as people write them, markup and other scripts included: the page must show them as text. */
const MARKUP = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '</blockquote><h1>x</h1>',
  '&amp; &lt;',
  '"quoted" \'single\'',
  '<!-- c -->',
  '<style>body{display:none}</style>',
];
const storyArb = fc.record({
  text: fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: 3, maxLength: 60 }),
      fc.tuple(fc.constantFrom(...MARKUP), fc.string({ unit: 'grapheme', maxLength: 30 })).map(([m, s]) => `${m} ${s}`),
      fc.constantFrom('Mi abuela lavaba la lana en el río.', '父の工場の煙を覚えている。', 'كانت المياه ملونة كل صباح', 'Der Fluss roch nach Farbe.'),
    )
    .filter((t) => t.trim().length > 0),
  consent: fc.boolean(),
  fate: fc.constantFrom('approve', 'approve', 'approve-then-hide', 'hide', 'held'),
  emotion: fc.constantFrom('grief', 'anger', 'fear', 'care', 'hope', 'defiance'),
  material: fc.nat(),
});

/** An operator action as a console sends it: when rate-limited, sent again after its retryAfter. */
async function act(send: () => Promise<Reply>): Promise<Reply> {
  for (;;) {
    const r = await send();
    if (r.ok || r.code !== 'rate-limited') return r;
    await new Promise((done) => setTimeout(done, (r.retryAfter ?? 1) * 1000));
  }
}

describe('the static archive page', () => {
  let dir: string;
  let server: RunningServer;
  const out = mkdtempSync(join(tmpdir(), 'meshwork-archive-site-'));
  beforeAll(async () => {
    dir = demoCopy((y) => y.replace('moderation: before', 'moderation: before\n  limits: { storiesPerMinute: 1000 }'));
    server = await startTestServer(dir);
  });
  afterAll(async () => {
    await server?.close();
    removeDir(dir);
    removeDir(out);
  });

  it('lists every kept story (and none other) as text, offline, with stills of the show', async () => {
    const compiled = compileFolder(dir);
    if (!compiled.installation) throw new Error('the demo copy does not compile');
    const keys = (encodeSculptures(compiled.installation)[0]?.rows ?? []).map((r) => r.key);
    const plans = fc.sample(storyArb, { seed: 20261201, numRuns: 24 });
    const op = await operator(server.url);
    const kept: string[] = [];
    const dropped: string[] = [];
    for (const [i, plan] of plans.entries()) {
      const { socket } = await joinShow(server.url, { role: 'audience' });
      const id = `archive-story-${i}`;
      const sent: Reply = await socket.timeout(5000).emitWithAck('story:submit', {
        id,
        text: plan.text,
        emotion: plan.emotion,
        material: keys[plan.material % keys.length] as string,
        lang: 'und',
        consent: plan.consent,
      });
      expect(sent.ok, JSON.stringify(sent)).toBe(true);
      socket.disconnect();
      const moderate = (action: 'approve' | 'hide') =>
        act(() => op.socket.timeout(5000).emitWithAck('moderate', { id, action, ...(action === 'hide' ? { reason: "private: the operator's note" } : {}) }));
      if (plan.fate === 'approve' || plan.fate === 'approve-then-hide') expect((await moderate('approve')).ok).toBe(true);
      if (plan.fate === 'hide' || plan.fate === 'approve-then-hide') expect((await moderate('hide')).ok).toBe(true);
      (plan.consent && plan.fate === 'approve' ? kept : dropped).push(plan.text.trim());
    }
    expect((await act(() => op.socket.timeout(5000).emitWithAck('glitch', { intensity: 1, seconds: 3 }))).ok).toBe(true);
    const reply: Reply<{ archive: Archive }> = await op.socket.timeout(5000).emitWithAck('archive:export');
    op.socket.disconnect();
    if (!reply.ok) throw new Error(reply.error);
    // The exported file reads back as it was written.
    expect(readArchive(JSON.stringify(reply.archive)).ok).toBe(true);

    const site = await writeArchiveSite({ archive: reply.archive, out, stills: 2, width: 480, height: 270 });
    expect(site.stills).toHaveLength(2);
    const html = readFileSync(site.page, 'utf8');
    expect(html).not.toContain("the operator's note");

    const browser = await launchChromium({ width: 390, height: 844 });
    try {
      await browser.context.setOffline(true);
      const fetched: string[] = [];
      await browser.context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        fetched.push(url);
        return route.abort();
      });
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(site.page).href);
      await page.waitForFunction(() => [...document.images].every((img) => img.complete));
      const seen = await page.evaluate(() => ({
        byMaterial: [...document.querySelectorAll('.by-material .story blockquote')].map((b) => b.textContent ?? ''),
        byEmotion: document.querySelectorAll('.by-emotion .story').length,
        injected: document.querySelectorAll('script, iframe, object, style:not(head style), h1 ~ h1, main h1').length,
        images: [...document.images].map((img) => img.naturalWidth),
        text: document.body.innerText,
      }));
      expect(seen.byMaterial.sort()).toEqual([...kept].sort());
      expect(seen.byEmotion).toBe(kept.length);
      expect(seen.injected).toBe(0);
      expect(seen.images.every((w) => w === 480)).toBe(true);
      for (const text of dropped) {
        if (text.length >= 8 && !kept.some((k) => k.includes(text))) expect(seen.text).not.toContain(text);
      }
      expect(fetched).toEqual([]);
      const shot = await page.screenshot({ fullPage: true });
      keepArtifact('archive-site', shot);
      const still = decodePng(readFileSync(join(out, site.stills[0]?.file ?? '')));
      expect(litFraction(still)).toBeGreaterThan(0.01);
    } finally {
      await browser.close();
    }
  }, 300_000);
});
