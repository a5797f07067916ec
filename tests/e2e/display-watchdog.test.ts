import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, ensureClientBuilt } from '../../server/build-client.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { STALL_SECONDS } from '../../src/app/display/watchdog.ts';
import type { ClientInfo } from '../../src/net/protocol.ts';
import { joinShow } from '../server/show-server.ts';
import { launchChromium, type Browser } from './browser.ts';
import { demoStories, hook, showAndBrowser, waitReady } from './display-server.ts';
import { compare, decodePng, keepArtifact, litFraction } from './png.ts';

/**
 * The in-page watchdogs of a wall (src/app/display/watchdog.ts), each made to act by the fault it is for:
 * a WebGL context lost through WEBGL_lose_context (as a GPU reset loses it), with and without its restore;
 * a frame loop that stops (requestAnimationFrame no longer calls back); and a wall page killed outright (its
 * renderer crashed), opened again as the kiosk would, next to another wall that kept running.
 */

const { show, browser } = showAndBrowser({ events: demoStories(), serverTime: 95 }, { width: 480, height: 270 });

/** Loses the page's WebGL context; `restore` gives it back (the browser's own path after a GPU reset). */
async function loseContext(page: Page, restore: boolean): Promise<void> {
  await page.evaluate(async (restore) => {
    const canvas = document.querySelector('canvas');
    const gl = canvas?.getContext('webgl2') ?? canvas?.getContext('webgl');
    const ext = gl?.getExtension('WEBGL_lose_context');
    if (!ext) throw new Error('no WEBGL_lose_context on the wall');
    ext.loseContext();
    if (restore) {
      // The browser restores only after the lost event ran; a task later is after it.
      await new Promise((r) => setTimeout(r, 50));
      ext.restoreContext();
    }
  }, restore);
}

const framesAbove = (page: Page, n: number) => page.waitForFunction((n) => (window.__meshwork?.frames ?? 0) > n, n, { timeout: 90_000, polling: 100 });

describe('the watchdogs of a wall', () => {
  it('rebuilds a lost and restored WebGL context: the same frame as before, without a reload', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${show.url}/?display=north&t=95`);
    await waitReady(page);
    await page.locator('.loading').waitFor({ state: 'detached', timeout: 60_000 });
    const before = await page.screenshot();
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    const drawn = (await hook(page))?.frames ?? 0;
    await loseContext(page, true);
    await page.waitForFunction(() => window.__meshwork?.watchdog.contextRestores === 1, undefined, { timeout: 30_000, polling: 100 });
    // Frames after the rebuild: the new canvas's own (a few, for the first compiles them).
    await framesAbove(page, drawn + 3);
    // The new context's first frames may still be compiling (in parallel) under load: wait for a lit one.
    let after = await page.screenshot();
    for (let i = 0; i < 60 && litFraction(decodePng(after)) <= 0.05; i++) {
      await page.waitForTimeout(1000);
      after = await page.screenshot();
    }
    keepArtifact('watchdog-context-restored', after);
    const h = await hook(page);
    expect(h?.watchdog).toMatchObject({ contextLosses: 1, contextRestores: 1, contextLost: false, reloads: 0 });
    expect(navigations).toEqual([]);
    expect(h?.error).toBeUndefined();
    const diff = compare(decodePng(before), decodePng(after));
    expect(litFraction(decodePng(after))).toBeGreaterThan(0.05);
    // Frozen at t=95: the rebuilt canvas draws the very frame it drew before.
    expect(diff.maxDiff).toBeLessThanOrEqual(1);
    await page.close();
  }, 180_000);

  it('reloads a page whose frame loop stopped', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${show.url}/?display=north`);
    await waitReady(page);
    // From now on the page's loop gets no animation frame (it asks window.requestAnimationFrame for each):
    // it stops, while the browser goes on offering frames (to the watchdog's own callback) and timers run.
    await page.evaluate(() => {
      window.requestAnimationFrame = () => 0;
    });
    await page.waitForFunction(() => window.__meshwork?.watchdog.reloads === 1 && window.__meshwork.ready, undefined, { timeout: 90_000, polling: 100 });
    const h = await hook(page);
    expect(h?.watchdog.lastReload).toMatch(new RegExp(`^no frame drawn for ${STALL_SECONDS} s while the browser offered \\d+$`));
    const frames = h?.frames ?? 0;
    await framesAbove(page, frames + 5);
    await page.close();
  }, 180_000);
});

describe('a wall of a live show: a lost context not restored, a killed page', () => {
  const TOKEN = 'e2e-watchdog-token';
  let server: RunningServer;
  let dir: string;
  let other: Browser;

  beforeAll(async () => {
    await ensureClientBuilt();
    dir = mkdtempSync(join(tmpdir(), 'meshwork-watchdog-'));
    cpSync(join(PROJECT_ROOT, 'installations/upcycling-rite'), join(dir, 'show'), { recursive: true, filter: (s) => !s.includes('.meshwork') });
    server = await startServer({
      installationDir: join(dir, 'show'),
      dataDir: join(dir, 'data'),
      port: 0,
      host: '127.0.0.1',
      operatorToken: TOKEN,
      quiet: true,
    });
    other = await launchChromium({ width: 480, height: 270 });
  }, 120_000);
  afterAll(async () => {
    await other?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The show time this page draws at wall-clock time 0: equal on two pages = the same frame at the same moment. */
  const clockOrigin = async (page: Page): Promise<number> => {
    await framesAbove(page, ((await hook(page))?.frames ?? 0) + 1);
    const h = await hook(page);
    if (!h) throw new Error('no hook');
    return h.t - h.frameAtEpochMs / 1000;
  };

  it('reloads when a lost context does not come back, and plays on from the current t', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/?display=south`);
    const first = await waitReady(page);
    await loseContext(page, false);
    await page.waitForFunction(() => window.__meshwork?.watchdog.reloads === 1 && window.__meshwork.ready, undefined, { timeout: 90_000, polling: 100 });
    const h = await hook(page);
    expect(h?.watchdog.lastReload).toMatch(/the WebGL context was lost and not restored within 5 s/);
    // A new page, at the show clock (the live show's clock), not from its start.
    expect(h?.t).toBeGreaterThan(first.t);
    // The console hears of it: the wall's stats carry the reload and its reason.
    const { socket: op } = await joinShow(server.url, { role: 'operator', token: TOKEN });
    try {
      const south = await new Promise<ClientInfo>((resolve) =>
        op.on('clients', (clients) => {
          const c = clients.find((x) => x.display === 'south' && x.stats.reloads !== undefined);
          if (c) resolve(c);
        }),
      );
      expect(south.stats).toMatchObject({ reloads: 1, reloadReason: 'the WebGL context was lost and not restored within 5 s' });
    } finally {
      op.close();
    }
    await page.close();
  }, 180_000);

  it('is back on the same frame as the other wall', async () => {
    const north = await other.context.newPage();
    await north.goto(`${server.url}/?display=north`);
    await waitReady(north, 240_000);
    let south = await browser.context.newPage();
    await south.goto(`${server.url}/?display=south`);
    await waitReady(south, 240_000);
    // Killed: its renderer process crashes, as a tab does when the machine runs out of memory.
    const crashed = new Promise<void>((resolve) => south.once('crash', () => resolve()));
    const cdp = await south.context().newCDPSession(south);
    void cdp.send('Page.crash').catch(() => {});
    await crashed;
    await south.close().catch(() => {});
    // Opened again, as the kiosk does after a crash.
    const reopenedAt = Date.now();
    south = await browser.context.newPage();
    await south.goto(`${server.url}/?display=south`);
    await waitReady(south, 240_000);
    const backSeconds = (Date.now() - reopenedAt) / 1000;
    // Two frames on each, a few times: the clock sync settles within its first round trips.
    let gap = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5 && gap > 1 / 60; i++) gap = Math.abs((await clockOrigin(south)) - (await clockOrigin(north)));
    const h = await hook(south);
    console.log(
      `killed wall back: loading steps at (ms) ${JSON.stringify(h?.loadedAtMs)} (the other wall's first load: ${JSON.stringify((await hook(north))?.loadedAtMs)});`,
      `the first complete frame ${backSeconds.toFixed(2)} s after it was opened again; its show clock ${(gap * 1000).toFixed(1)} ms from the other wall's`,
    );
    keepArtifact('watchdog-killed-wall-back', await south.screenshot());
    expect(h?.error).toBeUndefined();
    // The same frame: the same show time at the same moment, within one frame at 60 Hz.
    expect(gap).toBeLessThan(1 / 60);
    // How long it took is printed, not asserted (a timed assertion fails under load; the figure goes to the
    // report): on SwiftShader most of it is compiling the shaders for the first frames.
    await south.close();
    await north.close();
  }, 600_000);
});
