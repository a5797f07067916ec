import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, ensureClientBuilt } from '../../server/build-client.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { launchChromium, type Browser } from './browser.ts';

/**
 * The sound never breaks a page: the north wall (the demo's one wall with sound) gets a fault injected into
 * Web Audio itself (every source start throws after the first few), so the exception rises inside the sound
 * adapter as a real one would. The wall must keep drawing frames, throw nothing into the page, and the
 * operator's console must say "sound stopped on north: ...".
 */
const TOKEN = 'e2e-sound-fault-token';
const FAULT = 'injected audio fault';

let server: RunningServer;
let browser: Browser;
let dir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  await ensureClientBuilt();
  dir = mkdtempSync(join(tmpdir(), 'meshwork-sound-fault-'));
  cpSync(join(PROJECT_ROOT, 'installations/upcycling-rite'), join(dir, 'show'), { recursive: true, filter: (s) => !s.includes('.meshwork') });
  server = await startServer({ installationDir: join(dir, 'show'), dataDir: join(dir, 'data'), port: 0, host: '127.0.0.1', operatorToken: TOKEN, quiet: true });
  browser = await launchChromium({ width: 480, height: 270 });
  browser.context.on('weberror', (e) => pageErrors.push(e.error().message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Hook = { ready: boolean; frames: number; error?: string };

describe('a fault in the sound of a wall', () => {
  it('stops the sound only: the wall keeps drawing, and the operator reads why', async () => {
    const wall = await browser.context.newPage();
    await wall.addInitScript((fault) => {
      const start = AudioScheduledSourceNode.prototype.start;
      let calls = 0;
      AudioScheduledSourceNode.prototype.start = function (this: AudioScheduledSourceNode, ...args: Parameters<typeof start>) {
        calls++;
        (window as { __audioStarts?: number }).__audioStarts = calls;
        if (calls > 12) throw new Error(fault);
        return start.apply(this, args);
      };
    }, FAULT);
    await wall.goto(`${server.url}/?display=north`);
    await wall.waitForFunction(
      () => {
        const h = (window as { __meshwork?: Hook }).__meshwork;
        return (h?.ready && h.frames > 2) || h?.error !== undefined;
      },
      undefined,
      { timeout: 60_000 },
    );
    // The fault fired: the sound tried to start sources past the injected limit.
    await wall.waitForFunction(() => ((window as { __audioStarts?: number }).__audioStarts ?? 0) > 12, undefined, { timeout: 30_000 });

    const console_ = await browser.context.newPage();
    await console_.setViewportSize({ width: 1280, height: 800 });
    await console_.goto(`${server.url}/operator#token=${TOKEN}`);
    const warning = console_.getByText(`sound stopped on north: ${FAULT}`);
    await warning.waitFor({ timeout: 30_000 }).catch(async () => {
      throw new Error(`no sound warning in the console: ${await console_.locator('.clients').textContent()}`);
    });

    // The picture runs on after the sound stopped.
    const framesAt = async () => (await wall.evaluate(() => (window as { __meshwork?: Hook }).__meshwork))?.frames ?? 0;
    const before = await framesAt();
    await wall.waitForFunction((n) => ((window as { __meshwork?: Hook }).__meshwork?.frames ?? 0) > n + 3, before, { timeout: 30_000 });
    expect((await wall.evaluate(() => (window as { __meshwork?: Hook }).__meshwork))?.error).toBeUndefined();
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('is loaded only by a wall that plays sound: a silent wall never fetches Tone.js', async () => {
    // A string Tone's shipped code carries whatever the minifier does (tests/app/join-bundle.test.ts checks it).
    const TONE_MARKER = 'TONE_SILENCE_LOGGING';
    /** The scripts a page fetched, and whether any of them holds Tone. */
    const loadsTone = async (display: string): Promise<{ scripts: number; tone: boolean }> => {
      const page = await browser.context.newPage();
      try {
        await page.goto(`${server.url}/?display=${display}`);
        await page.waitForFunction(() => (window as { __meshwork?: Hook }).__meshwork?.ready === true, undefined, { timeout: 120_000 });
        if (display === 'north') {
          await page.waitForFunction(() => (window as { __meshwork?: { stats: { soundOn?: boolean } } }).__meshwork?.stats.soundOn === true, undefined, {
            timeout: 60_000,
          });
        }
        const urls = await page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .map((e) => e.name)
            .filter((u) => u.endsWith('.js')),
        );
        const texts = await Promise.all(urls.map(async (u) => (await fetch(u)).text()));
        return { scripts: urls.length, tone: texts.some((t) => t.includes(TONE_MARKER)) };
      } finally {
        await page.close();
      }
    };
    const south = await loadsTone('south');
    const north = await loadsTone('north');
    console.log(`scripts fetched: south (no sound) ${south.scripts}, north (sound) ${north.scripts}`);
    expect(south.scripts).toBeGreaterThan(0);
    expect(south.tone).toBe(false);
    expect(north.tone).toBe(true);
  }, 300_000);
});
