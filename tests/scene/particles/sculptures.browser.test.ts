import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../../e2e/browser.ts';
import { serveVitePages, type VitePages } from '../../e2e/vite-page.ts';
import type { SceneInfo, ScenePage } from '../../../src/app/bench/scene-page.tsx';
import { DEMO_TIMES } from '../../../src/app/bench/demo-show.ts';

/**
 * The demo's sculptures in real Chromium (WebGL2 through SwiftShader), through the <Sculptures> component:
 * the shaders compile, frames are drawn in one call, and the glitch looks clearly unlike resilience.
 * Screenshots go to test-artifacts/particles-*.png for a person to look at.
 */
const ARTIFACTS = 'test-artifacts';

let pages: VitePages;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  pages = await serveVitePages();
  browser = await launchChromium({ width: 480, height: 270 });
  page = await browser.context.newPage();
  page.on('console', (m) => {
    // A missing favicon is the only error a bare test page may show.
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(m.text());
    if (m.type() === 'warning' && /shader|webgl|GL_/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  // The first page of a Vite dev server waits for its dependencies to be optimised: long on a loaded machine.
  await page.goto(`${pages.url}/bench.html`, { timeout: 150_000 });
  await page.waitForFunction(() => window.meshworkScene !== undefined || document.body.dataset.error, null, { timeout: 90_000 });
  const error = await page.evaluate(() => document.body.dataset.error);
  if (error) throw new Error(`the bench page failed to start: ${error}`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
});

const render = (t: number): Promise<SceneInfo> => page.evaluate((t) => (window.meshworkScene as ScenePage).render(t), t);

/** Mean absolute difference of two frames' thumbnails, 0..255. */
const difference = (a: SceneInfo, b: SceneInfo) =>
  a.pixels.thumb.reduce((s, v, i) => s + Math.abs(v - (b.pixels.thumb[i] as number)), 0) / a.pixels.thumb.length;

/** How far the frame's colour strays from grey, averaged over lit cells: the chromatic split raises it. */
const chroma = (a: SceneInfo) => {
  let sum = 0;
  let n = 0;
  const t = a.pixels.thumb;
  for (let i = 0; i < t.length; i += 3) {
    const [r, g, b] = [t[i] as number, t[i + 1] as number, t[i + 2] as number];
    if (Math.max(r, g, b) < 8) continue;
    sum += (Math.max(r, g, b) - Math.min(r, g, b)) / Math.max(r, g, b);
    n++;
  }
  return n ? sum / n : 0;
};

/** Rows of the thumbnail that hold light: how tall the picture is (the glitch scatters and tears it). */
const litRows = (a: SceneInfo) => {
  let rows = 0;
  for (let y = 0; y < 27; y++) {
    let m = 0;
    for (let x = 0; x < 48; x++)
      m = Math.max(
        m,
        a.pixels.thumb[3 * (y * 48 + x)] as number,
        a.pixels.thumb[3 * (y * 48 + x) + 1] as number,
        a.pixels.thumb[3 * (y * 48 + x) + 2] as number,
      );
    if (m > 6) rows++;
  }
  return rows;
};

describe('Sculptures in Chromium', () => {
  it('compiles the shaders and draws each sculpture in one call with no GL error', async () => {
    const info = await render(DEMO_TIMES.resilience);
    expect(problems).toEqual([]);
    expect(info.glError).toBe(0);
    expect(info.drawCalls).toBe(1);
    expect(info.points).toBeGreaterThan(100_000);
    expect(info.phase).toBe('resilience');
  });

  it('renders the glitch clearly unlike resilience, both non-blank, and the same frame again for the same t', async () => {
    const glitch = await render(DEMO_TIMES.glitch);
    await page.screenshot({ path: `${ARTIFACTS}/particles-glitch-105s.png` });
    const resilience = await render(DEMO_TIMES.resilience);
    await page.screenshot({ path: `${ARTIFACTS}/particles-resilience-420s.png` });
    expect(glitch.phase).toBe('glitch');
    expect(glitch.glitch).toBeGreaterThan(0.8);
    expect(glitch.bursts).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    // Non-blank: light on a real share of the frame, not a few stray pixels.
    expect(glitch.pixels.lit).toBeGreaterThan(0.02);
    expect(resilience.pixels.lit).toBeGreaterThan(0.005);
    // Clearly different pictures: the glitch scatters particles over more of the frame and splits colours.
    expect(difference(glitch, resilience)).toBeGreaterThan(3);
    expect(glitch.pixels.lit).toBeGreaterThan(2 * resilience.pixels.lit);
    expect(litRows(glitch)).toBeGreaterThan(litRows(resilience));
    expect(chroma(glitch)).toBeGreaterThan(1.4 * chroma(resilience));
    // Determinism: the same t draws the same frame, whatever was drawn before.
    const again = await render(DEMO_TIMES.resilience);
    expect(again.pixels.thumb).toEqual(resilience.pixels.thumb);
  });

  it('keeps its Points across frames of one version and rebuilds them once for a live edit', async () => {
    const a = await render(430);
    const b = await render(431);
    expect(b.objects).toEqual(a.objects);
    expect(a.objects).toHaveLength(1);
    await page.evaluate(() => (window.meshworkScene as ScenePage).liveEdit(432));
    const edited = await render(433);
    expect(edited.version).not.toBe(a.version);
    expect(edited.objects).toHaveLength(1);
    expect(edited.objects).not.toEqual(a.objects);
    const next = await render(434);
    expect(next.objects).toEqual(edited.objects);
    // Resilience's helices became vases: a different picture.
    expect(difference(edited, a)).toBeGreaterThan(1);
    expect(problems).toEqual([]);
  });

  it('reads row data from uniforms for a few rows and from the row texture for many, both without GL errors', async () => {
    const few = await page.evaluate(() => (window.meshworkScene as ScenePage).renderRows(12, 420));
    const many = await page.evaluate(() => (window.meshworkScene as ScenePage).renderRows(300, 420));
    expect(few.rowTexture).toBe(false);
    expect(many.rowTexture).toBe(true);
    for (const r of [few, many]) {
      expect(r.glError).toBe(0);
      expect(r.lit).toBeGreaterThan(0.001);
    }
    expect(problems).toEqual([]);
  });
});
