import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { PROJECT_ROOT, ensureClientBuilt } from '../../server/build-client.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { keptOperatorToken } from '../../server/operator-token.ts';
import type { MeshworkHook } from '../../src/app/display/test-hook.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/net/protocol.ts';
import { launchChromium, type Browser } from './browser.ts';
import { compare, decodePng, keepArtifact, litFraction } from './png.ts';
import { firstMaterial } from '../server/show-server.ts';

/**
 * The console for a live show, in a real Chromium against the real server, with the north wall open
 * beside it: under `moderation: after` a story is on the wall at once, "In the room now" lists it and Hide
 * takes it off the wall; GO (the space bar) moves the wall to the next phase; blackout blacks the wall
 * out; hold freezes it; the console fits a phone and a tablet; a wall whose sound is blocked is named; and
 * after a server restart the open console reconnects with the token it holds (kept in the data folder).
 * Screenshots go to test-artifacts/console-*.png.
 */
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const STORY = 'The dye ran into the river the year I was born; the fish turned the colour of my coat.';
const STORY_ID = 'story-console-e2e-1';

let dir: string;
let dataDir: string;
let server: RunningServer;
let browser: Browser;
/** The console in a browser of its own: a page behind another tab stops drawing, and the wall must not. */
let consoleBrowser: Browser;
let wall: Page;
let console_: Page;
const sockets: Client[] = [];
const pageErrors: string[] = [];

const start = (port = 0) =>
  startServer({ installationDir: join(dir, 'show'), dataDir, port, host: '127.0.0.1', operatorToken: keptOperatorToken(dataDir), quiet: true, watch: false });

beforeAll(async () => {
  await ensureClientBuilt();
  dir = mkdtempSync(join(tmpdir(), 'meshwork-console-'));
  dataDir = join(dir, 'data');
  cpSync(join(PROJECT_ROOT, 'installations/upcycling-rite'), join(dir, 'show'), { recursive: true, filter: (s) => !s.includes('.meshwork') });
  const yaml = join(dir, 'show', 'installation.yaml');
  // The gathering waits for GO (the demo's advances after 90 s, which a loaded machine can spend before
  // the GO test, and GO would then fire the phase after the glitch).
  writeFileSync(
    yaml,
    readFileSync(yaml, 'utf8')
      .replace('moderation: before', 'moderation: after')
      .replace(
        '{ id: gathering, label: "Gathering: the materials arrive", duration: 90,',
        '{ id: gathering, label: "Gathering: the materials arrive", duration: 90, advance: cue,',
      ),
  );
  server = await start();
  browser = await launchChromium({ width: 480, height: 270 });
  consoleBrowser = await launchChromium({ width: 1280, height: 900 });
  for (const b of [browser, consoleBrowser]) b.context.on('weberror', (e) => pageErrors.push(e.error().message));
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await browser?.close();
  await consoleBrowser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const hookOf = (page: Page) => page.evaluate(() => (window as { __meshwork?: MeshworkHook }).__meshwork);

/** Runs in the wall's page (serialised: it sees only its argument; the page's CSP forbids evaluating strings). */
type Check<A> = (arg: A) => boolean;
type W = { __meshwork?: MeshworkHook };

/** Waits until `check` holds in the wall's page, then returns its hook. */
async function wallUntil<A>(what: string, check: Check<A>, arg: A, timeoutMs = 120_000): Promise<MeshworkHook> {
  await wall.waitForFunction(check as (arg: unknown) => boolean, arg, { timeout: timeoutMs, polling: 50 }).catch(async (e: unknown) => {
    const h = await hookOf(wall);
    const seen = { t: h?.t, frames: h?.frames, ready: h?.ready, error: h?.error, phase: h?.phase, blackout: h?.blackout, held: h?.held, boxes: h?.textBoxes };
    throw new Error(`the wall never showed ${what}: ${JSON.stringify(seen)} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  });
  return (await hookOf(wall)) as MeshworkHook;
}

/** A wall screenshot a few frames after the hook says what it shows (so the picture is of that state). */
async function wallShot(name: string) {
  const frames = (await hookOf(wall))?.frames ?? 0;
  await wallUntil(`${frames + 3} frames`, (n) => ((window as W).__meshwork?.frames ?? 0) >= n, frames + 3);
  const png = await wall.screenshot();
  keepArtifact(`console-${name}`, png);
  return decodePng(png);
}

async function client(hello: Parameters<ClientToServerEvents['hello']>[0]): Promise<Client> {
  const s: Client = io(server.url, { forceNew: true, transports: ['websocket'], reconnection: false });
  sockets.push(s);
  const r = await s.timeout(5000).emitWithAck('hello', hello);
  if (!r.ok) throw new Error(`hello refused: ${r.error}`);
  return s;
}

describe('the console for a live show, with the north wall', () => {
  it('opens the wall and the console', async () => {
    wall = await browser.context.newPage();
    await wall.goto(`${server.url}/?display=north`);
    await wallUntil('its first frame', () => !!(window as W).__meshwork?.ready && ((window as W).__meshwork?.frames ?? 0) > 2, 0, 90_000);
    console_ = await consoleBrowser.context.newPage();
    await console_.setViewportSize({ width: 1280, height: 900 });
    await console_.goto(`${server.url}/operator#token=${encodeURIComponent(server.operatorToken)}`);
    await console_.getByText('Connected', { exact: true }).waitFor({ timeout: 120_000 });
    await console_.getByTestId('standby').getByText('The Network glitches').waitFor({ timeout: 120_000 });
  }, 120_000);

  it('lists a story under moderation `after` in the room, and Hide takes it off the wall', async () => {
    const phone = await client({ role: 'audience', clientId: 'e2e-console-phone' });
    const sent = await phone
      .timeout(5000)
      .emitWithAck('story:submit', { id: STORY_ID, text: STORY, emotion: 'grief', material: firstMaterial(), lang: 'en', consent: true });
    expect(sent).toMatchObject({ ok: true, outcome: 'shown' });
    const item = console_.getByTestId('room-now').locator(`li[data-story="${STORY_ID}"]`);
    await item.getByText(STORY).waitFor({ timeout: 120_000 });
    await wallUntil(
      'the story',
      (id) => ((window as W).__meshwork?.textBoxes ?? []).some((b) => b.id === `story:${id}`) && (window as W).__meshwork?.pendingText === 0,
      STORY_ID,
    );
    const shown = await wallShot('wall-story');
    keepArtifact('console-room', await console_.screenshot());
    await item.getByRole('button', { name: 'Hide' }).click();
    await item.waitFor({ state: 'detached' });
    await wallUntil('the story gone', (id) => !((window as W).__meshwork?.textBoxes ?? []).some((b) => b.id === `story:${id}`), STORY_ID);
    const hidden = await wallShot('wall-hidden');
    expect(compare(shown, hidden).differing).toBeGreaterThan(0);
  }, 240_000);

  it('GO (space) fires the standby cue and the wall moves to that phase', async () => {
    const before = await wallShot('wall-before-go');
    await console_.locator('body').click({ position: { x: 5, y: 5 } });
    // Two presses at once: the second is refused, so a double press never skips a phase.
    await console_.keyboard.press('Space');
    await console_.keyboard.press('Space');
    await wallUntil('the glitch phase', (p) => (window as W).__meshwork?.phase === p, 'glitch');
    await console_.getByTestId('phase').getByText('The Network glitches').waitFor({ timeout: 120_000 });
    await console_.getByText(/^GO ignored: pressed twice within a second/).waitFor({ timeout: 120_000 });
    await console_.getByTestId('undo').waitFor({ timeout: 120_000 });
    const after = await wallShot('wall-after-go');
    expect(compare(before, after).meanDiff).toBeGreaterThan(0.5);
    expect((await hookOf(wall))?.phase).toBe('glitch');
  }, 240_000);

  it('blackout takes the wall to black and lights up brings it back', async () => {
    await console_.getByTestId('blackout').click();
    await wallUntil('the blackout', (v) => (window as W).__meshwork?.blackout === v, 1);
    const black = await wallShot('wall-blackout');
    expect(litFraction(black, 3)).toBe(0);
    await console_.locator('[data-alert="blackout"]').waitFor({ timeout: 120_000 });
    keepArtifact('console-blackout', await console_.screenshot());
    await console_.getByTestId('blackout').click();
    await wallUntil('the lights up', (v) => (window as W).__meshwork?.blackout === v, 0);
    expect(litFraction(await wallShot('wall-lights-up'), 40)).toBeGreaterThan(0.005);
  }, 240_000);

  it('hold freezes the wall on one frame, and release lets it run on', async () => {
    await console_.getByTestId('hold').click();
    const held = await wallUntil('the hold', () => (window as W).__meshwork?.held === true, 0);
    const later = await wallUntil('frames while held', (n) => ((window as W).__meshwork?.frames ?? 0) > n, held.frames + 5);
    expect(later.t).toBe(held.t);
    // Two frames of the hold, 5 frames apart, compared at one quality level (the wall's adaptive quality
    // may change its pixel ratio meanwhile: that is the screen, not the show).
    let compared = false;
    for (let attempt = 0; attempt < 6 && !compared; attempt++) {
      const a = await wallShot('wall-held');
      const qa = (await hookOf(wall))?.quality;
      const frames = (await hookOf(wall))?.frames ?? 0;
      await wallUntil('frames while held', (n) => ((window as W).__meshwork?.frames ?? 0) > n, frames + 5);
      const b = await wallShot('wall-held-later');
      const qb = (await hookOf(wall))?.quality;
      expect((await hookOf(wall))?.t).toBe(held.t);
      if (qa?.level !== qb?.level || qa?.pixelRatio !== qb?.pixelRatio) continue;
      expect(compare(a, b).meanDiff).toBeLessThan(0.05);
      compared = true;
    }
    expect(compared).toBe(true);
    await console_.locator('[data-alert="hold"]').waitFor({ timeout: 120_000 });
    await console_.getByTestId('hold').click();
    await wallUntil('the release', (t) => (window as W).__meshwork?.held === false && ((window as W).__meshwork?.t ?? 0) > t, held.t);
  }, 240_000);

  it('names a wall whose sound is blocked, with what to do', async () => {
    const south = await client({ role: 'viewer', clientId: 'e2e-console-south', display: 'south' });
    south.emit('stats', { soundBlocked: true, soundOn: false });
    const alert = console_.locator('[data-alert="sound-south"]');
    await alert.getByText('Sound blocked on south').waitFor({ timeout: 120_000 });
    await alert.getByText(/Tap or click that screen once/).waitFor({ timeout: 120_000 });
  }, 240_000);

  it('fits a phone and a tablet: nothing wider than the screen, GO within reach', async () => {
    for (const [name, width, height] of [
      ['phone', 390, 844],
      ['tablet', 820, 1180],
    ] as const) {
      await console_.setViewportSize({ width, height });
      await console_.getByTestId('go').waitFor({ timeout: 120_000 });
      const overflow = await console_.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-wrap'))
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(el.getBoundingClientRect().right)}`);
        return { by: document.documentElement.scrollWidth - width, wide: wide.slice(0, 8) };
      });
      expect(overflow, name).toEqual({ by: 0, wide: [] });
      const go = await console_.getByTestId('go').boundingBox();
      expect(go?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect((go?.x ?? -1) + (go?.width ?? 0)).toBeLessThanOrEqual(width);
      keepArtifact(`console-${name}`, await console_.screenshot({ fullPage: true }));
    }
    await console_.setViewportSize({ width: 1280, height: 900 });
  }, 240_000);

  it('reconnects after a server restart with the token kept in the data folder', async () => {
    const port = server.port;
    const token = server.operatorToken;
    await server.close();
    await console_
      .getByRole('status')
      .getByText(/^Reconnecting…/)
      .first()
      .waitFor({ timeout: 20_000 });
    server = await start(port);
    expect(server.operatorToken).toBe(token);
    await console_.getByText('Connected', { exact: true }).waitFor({ timeout: 30_000 });
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
