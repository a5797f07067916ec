import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../server/build-client.ts';
import { startReplayServer, type ReplayServer } from '../../server/replay-server.ts';
import type { RunningServer } from '../../server/server.ts';
import { readArchive, type Archive } from '../../src/core/archive.ts';
import type { MeshworkHook } from '../../src/app/display/test-hook.ts';
import type { ShowEvent } from '../../src/core/events.ts';
import { connect, demoCopy, editYaml, hello, operator, removeDir, startTestServer, story, TOKEN, until, type Client } from '../server/show-server.ts';
import { launchChromium, type Browser } from './browser.ts';
import { compare, decodePng, keepArtifact, type Pixels } from './png.ts';

/**
 * Replay is exact: a live show in a real server (stories approved, one hidden, one held without consent, a
 * cue, a live edit and a glitch), its archive exported by the operator and served by `meshwork replay`.
 * A wall of the live show at t and a replay wall paused at the same t are the same image; seeking back and
 * forth lands on the same frames; two replay walls agree; the desktop bar and the console drive it.
 */
const SIZE = { width: 320, height: 180 };

let dir: string;
let live: RunningServer;
let replay: ReplayServer;
let browser: Browser;
let archive: Archive;
const sockets: Client[] = [];
/** The glitch's peak (after the edit), and a moment when the first stories were on display. */
let tGlitch: number;
let tStories: number;

async function wall(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url, { timeout: 120_000 });
  await page.waitForFunction(() => window.__meshwork?.ready === true || window.__meshwork?.error !== undefined, undefined, { timeout: 120_000, polling: 100 });
  const error = await page.evaluate(() => window.__meshwork?.error);
  if (error) throw new Error(`the page reported: ${error}`);
  return page;
}

/** A screenshot once the page has drawn t with every text laid out and the loading screen gone. */
async function frameAt(page: Page, t: number): Promise<Buffer> {
  await page.waitForFunction((want) => window.__meshwork?.t === want && window.__meshwork.pendingText === 0, t, { timeout: 60_000, polling: 50 });
  await page.locator('.loading').waitFor({ state: 'detached', timeout: 30_000 });
  // Frames drawn after t was reached: quality back at full (a paused replay), text meshes in place.
  const start = await page.evaluate(() => (window.__meshwork as MeshworkHook).frames);
  await page.waitForFunction((n) => (window.__meshwork as MeshworkHook).frames >= n + 4 && window.__meshwork?.pendingText === 0, start, {
    timeout: 60_000,
    polling: 50,
  });
  return page.screenshot({ type: 'png' });
}

function same(a: Pixels, b: Pixels, what: string): void {
  const diff = compare(a, b);
  expect(diff.maxDiff, `${what}: ${diff.differing} pixels differ, mean ${diff.meanDiff.toFixed(4)}`).toBeLessThanOrEqual(1);
}

beforeAll(async () => {
  await ensureClientBuilt();
  dir = demoCopy();
  live = await startTestServer(dir, { dataDir: mkdtempSync(join(tmpdir(), 'meshwork-replay-data-')) });
  const op = (await operator(live.url)).socket;
  sockets.push(op);
  const log: ShowEvent[] = [];
  op.on('events', (es) => log.push(...es));
  // One phone per story, as in the room (a phone's own limit is three at once).
  const submit = async (id: string, text: string, extra: Record<string, unknown> = {}) => {
    const phone = connect(live.url);
    sockets.push(phone);
    expect(await hello(phone, { role: 'audience' })).toMatchObject({ ok: true });
    const r = await phone.timeout(5000).emitWithAck('story:submit', story(id, text, extra));
    expect(r.ok, JSON.stringify(r)).toBe(true);
  };
  const moderate = async (id: string, action: 'approve' | 'hide') => expect((await op.timeout(5000).emitWithAck('moderate', { id, action })).ok).toBe(true);
  await submit('replay-kept-1', 'The dye ran into the river the year I was born.');
  await moderate('replay-kept-1', 'approve');
  await submit('replay-kept-2', 'Wir haben die Fliesen selbst verlegt.', { emotion: 'anger', lang: 'de' });
  await moderate('replay-kept-2', 'approve');
  await submit('replay-hidden', 'This one the operator hides.', { emotion: 'fear' });
  await moderate('replay-hidden', 'hide');
  await submit('replay-no-consent', 'Held, never shown, not to be kept.', { consent: false });
  tStories = Math.round((live.now() + 0.5) * 1000) / 1000;
  expect((await op.timeout(5000).emitWithAck('cue', { next: true })).ok).toBe(true);
  // A live edit: the colours change for the rest of the show.
  const versions = () => log.filter((e) => e.type === 'installation').length;
  editYaml(dir, (y) => y.replace(/color: \{ field: category, scale: \{.*\} \}/, 'color: { field: category, scale: { scheme: set2 } }'));
  await until(() => versions() === 1, 10_000);
  const g = await op.timeout(5000).emitWithAck('glitch', { intensity: 1, seconds: 4 });
  expect(g.ok).toBe(true);
  await until(() => log.some((e) => e.type === 'glitch'), 5000);
  // A third into the glitch, rounded so that ?t= carries it exactly.
  tGlitch = Math.round(((log.find((e) => e.type === 'glitch')?.t ?? 0) + 1.2) * 1000) / 1000;
  await until(() => live.now() > tGlitch + 0.3, 10_000);
  const exported = await op.timeout(10_000).emitWithAck('archive:export');
  if (!exported.ok) throw new Error(exported.error);
  // Through its text, as a file would carry it.
  const read = readArchive(JSON.stringify(exported.archive));
  if (!read.ok) throw new Error(read.error);
  archive = read.archive;
  replay = await startReplayServer({ archive, port: 0, operatorToken: TOKEN, start: { playing: true } });
  browser = await launchChromium(SIZE);
}, 180_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await browser?.close();
  await replay?.close();
  await live?.close();
  if (dir) removeDir(dir);
});

describe('meshwork replay', () => {
  it('the archive keeps what the room saw: two kept stories, the hidden and the unconsented withheld', () => {
    const stories = archive.events.filter((e) => e.type === 'story');
    expect(stories.map((s) => (s as { id: string }).id).sort()).toEqual(['replay-kept-1', 'replay-kept-2']);
    expect(archive.events.filter((e) => e.type === 'installation')).toHaveLength(2);
    expect(archive.events.some((e) => e.type === 'glitch')).toBe(true);
  });

  it('a live wall at t and a paused replay wall at t are the same image, on two replay walls; seeking back and forth lands on the same frames', async () => {
    // Pages are closed as soon as they are done: every open page draws, and the machine has two cores.
    const still = async (url: string, t: number) => {
      const page = await wall(url);
      try {
        return await frameAt(page, t);
      } finally {
        await page.close();
      }
    };
    const liveGlitchPng = await still(`${live.url}/?display=north&t=${tGlitch}`, tGlitch);
    keepArtifact('replay-live-glitch', liveGlitchPng);
    const liveGlitch = decodePng(liveGlitchPng);
    const liveStories = decodePng(await still(`${live.url}/?display=north&t=${tStories}`, tStories));
    const a = await wall(`${replay.url}/?display=north`);
    const b = await wall(`${replay.url}/?display=north`);
    const op = (await operator(replay.url)).socket;
    sockets.push(op);
    const send = async (msg: Parameters<Client['emitWithAck']>[1]) => {
      const r = await op.timeout(5000).emitWithAck('transport', msg as never);
      expect(r.ok, JSON.stringify(r)).toBe(true);
    };
    await send({ action: 'pause' });
    await send({ action: 'seek', t: tGlitch });
    const aGlitch = await frameAt(a, tGlitch);
    const bGlitch = await frameAt(b, tGlitch);
    keepArtifact('replay-wall-glitch', aGlitch);
    same(decodePng(aGlitch), liveGlitch, 'replay wall A vs the live wall at the glitch');
    same(decodePng(bGlitch), decodePng(aGlitch), 'replay walls A and B at the glitch');

    await send({ action: 'seek', t: tStories });
    const aStories = await frameAt(a, tStories);
    keepArtifact('replay-wall-stories', aStories);
    same(decodePng(aStories), liveStories, 'replay wall vs the live wall with the stories');
    same(decodePng(await frameAt(b, tStories)), decodePng(aStories), 'replay walls A and B with the stories');
    // The glitch frame differs from the stories frame: the comparison can fail.
    expect(compare(decodePng(aStories), decodePng(aGlitch)).maxDiff).toBeGreaterThan(40);

    await send({ action: 'seek', t: tGlitch });
    same(decodePng(await frameAt(a, tGlitch)), decodePng(aGlitch), 'seeking back to the glitch');
    await send({ action: 'seek', t: tStories });
    same(decodePng(await frameAt(a, tStories)), decodePng(aStories), 'seeking forth to the stories');
    await a.close();
    await b.close();
  }, 600_000);

  it("the desktop page's bar, opened with the printed link, plays and pauses every screen; without the token it only shows", async () => {
    const desktop = await wall(`${replay.url}/#token=${encodeURIComponent(TOKEN)}`);
    await desktop.getByTestId('transport').waitFor();
    // The token left the address at once.
    expect(desktop.url()).not.toContain(TOKEN);
    // The test's show is a few seconds long: at a quarter of its pace from the start it plays long enough.
    await desktop.getByLabel('Replay speed').selectOption('0.25');
    await until(() => replay.transport().rate === 0.25, 10_000);
    await desktop.getByRole('slider', { name: 'Replay position' }).press('Home');
    await until(() => replay.transport().t0 === replay.transport().from, 10_000);
    await desktop.getByRole('button', { name: 'Play the replay' }).click();
    await until(() => replay.transport().playing, 10_000);
    // Paused at once (a screenshot under load can outlast the show, which then pauses by itself at its end).
    await desktop.getByRole('button', { name: 'Pause the replay' }).click();
    await until(() => !replay.transport().playing, 10_000);
    keepArtifact('replay-desktop-bar', await desktop.screenshot());
    // At a quarter of the pace the sound plays too (the score at the replay's t); paused, it stops. The show
    // lasts two seconds (eight at 0.25x): played from the start again each time it ends, until the page says so.
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (!replay.transport().playing) {
        replay.apply({ action: 'seek', t: replay.transport().from });
        replay.apply({ action: 'play' });
      }
      expect(replay.transport().rate).toBe(0.25);
      const on = await desktop.evaluate(() => window.__meshwork?.stats.soundOn === true && window.__meshwork.stats.soundBlocked !== true);
      if (on) break;
      if (Date.now() > deadline) throw new Error('the desktop page played no sound at 0.25x in 90 s');
      await new Promise((done) => setTimeout(done, 100));
    }
    replay.apply({ action: 'pause' });
    await desktop.waitForFunction(() => window.__meshwork?.stats.soundOn === false, undefined, { timeout: 60_000, polling: 100 });
    await desktop.close();

    // Another tab of the same browser shares the session's token: a fresh browser is a visitor without it.
    const visitor = await launchChromium(SIZE);
    try {
      const viewer = await visitor.context.newPage();
      await viewer.goto(`${replay.url}/`);
      await viewer.getByTestId('transport').waitFor({ timeout: 120_000 });
      expect(await viewer.getByRole('button', { name: 'Play the replay' }).isDisabled()).toBe(true);
    } finally {
      await visitor.close();
    }
  }, 240_000);

  it('the console shows the replay with its timeline and drives it', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1100, height: 800 });
    await page.goto(`${replay.url}/operator#token=${encodeURIComponent(TOKEN)}`);
    await page.getByRole('heading', { name: 'Replay of an archive' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('.transport-mark.mark-story').count()).toBe(2);
    expect(await page.locator('.transport-mark.mark-glitch').count()).toBe(1);
    expect(await page.locator('.transport-mark.mark-cue').count()).toBe(1);
    await page.getByRole('slider', { name: 'Replay position' }).click({ position: { x: 5, y: 5 } });
    await until(() => replay.transport().t0 < tStories, 10_000);
    keepArtifact('replay-console', await page.screenshot());
    await page.close();
    // Writes are refused: the show is over.
    const r = await sockets[0]?.timeout(5000).emitWithAck('cue', { next: true });
    expect(r?.ok).toBe(true); // the live server still takes cues
    const op = (await operator(replay.url)).socket;
    sockets.push(op);
    const refused = await op.timeout(5000).emitWithAck('cue', { next: true });
    expect(refused).toMatchObject({ ok: false, code: 'rejected' });
  }, 120_000);
});
