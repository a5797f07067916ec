import { describe, expect, it } from 'vitest';
import { launchChromium } from './browser.ts';
import { demoStories, hook, showAndBrowser, waitReady } from './display-server.ts';
import { colourCount, decodePng, keepArtifact, litFraction } from './png.ts';

const WIDTH = 480;
const HEIGHT = 270;
const { show, browser } = showAndBrowser({ events: demoStories(), serverTime: 95 }, { width: WIDTH, height: HEIGHT });

describe('the display page on a desktop', () => {
  it('renders the demo frozen at t=95: sculptures, floor and stories, no controls', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${show.url}/?t=95`);
    const h = await waitReady(page);
    expect(h.t).toBe(95);
    expect(h.pendingText).toBe(0);
    // Nothing but the page itself was asked for: no CDN, no missing file.
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.locator('.enter-vr').count()).toBe(0);
    expect(await page.locator('.loading').count()).toBe(0);
    const png = await page.screenshot();
    keepArtifact('display-desktop-t95', png);
    const img = decodePng(png);
    expect(litFraction(img)).toBeGreaterThan(0.05);
    expect(colourCount(img)).toBeGreaterThan(200);
    await page.close();
  }, 180_000);

  it('enters an emulated immersive-vr session and starts the sound with one click on Enter VR', async () => {
    // A visitor's browser keeps audio off until a gesture (the test browser allows it unless told not to).
    // The hint lets the click through: one click enters VR and starts the sound.
    const strict = await launchChromium({ width: WIDTH, height: HEIGHT, autoplay: false });
    const page = await strict.context.newPage();
    await page.goto(`${show.url}/`);
    await waitReady(page);
    await expect.poll(async () => (await hook(page))?.stats.soundBlocked, { timeout: 30_000 }).toBe(true);
    await page.getByRole('status').filter({ hasText: 'Tap anywhere for sound' }).waitFor();
    const button = page.getByRole('button', { name: 'Enter VR' });
    await button.click();
    await page.waitForFunction(() => (window.__meshwork?.xrFrames ?? 0) >= 5, undefined, { timeout: 60_000, polling: 100 });
    const start = await hook(page);
    const windowMs = 3000;
    await page.waitForTimeout(windowMs);
    const end = await hook(page);
    if (!start || !end || start.enterVrAtMs === undefined || end.firstXrFrameAtMs === undefined) throw new Error('the page did not record the session');
    const xrFps = ((end.xrFrames - start.xrFrames) * 1000) / windowMs;
    console.log(
      `XR (SwiftShader, ${WIDTH}x${HEIGHT} window): first XR frame ${Math.round(end.firstXrFrameAtMs - start.enterVrAtMs)} ms after the click; ${xrFps.toFixed(1)} XR frames/s over ${windowMs / 1000} s`,
    );
    expect(end.xrFrames).toBeGreaterThan(start.xrFrames);
    // Not frozen: the local clock runs on from the server's time (95 s when the page loaded).
    expect(end.t).toBeGreaterThan(start.t);
    expect(start.t).toBeGreaterThan(95);
    expect(end.error).toBeUndefined();
    expect(end.stats).toMatchObject({ soundOn: true, soundBlocked: false });
    keepArtifact('display-xr', await page.screenshot());
    await strict.close();
  }, 180_000);
});
