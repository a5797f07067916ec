import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../server/build-client.ts';
import { startReplayServer, type ReplayServer } from '../../server/replay-server.ts';
import { createArchive } from '../../src/core/archive.ts';
import { en } from '../../src/app/operator/strings/en.ts';
import { demoInstallation, demoStories } from './display-server.ts';
import { launchChromium, type Browser } from './browser.ts';
import { keepArtifact } from './png.ts';
import { TOKEN, until } from '../server/show-server.ts';

/**
 * The console driving a replay (`meshwork replay`) in a real Chromium: the server refuses every write but
 * the transport, so GO, the phase jumps, the glitch, blackout, hold, and Hide are all disabled, each says
 * why (its title, and the note above the controls it points at), and the transport still plays. Space
 * (GO) does nothing either. Screenshot: test-artifacts/console-replay.png.
 */
let server: ReplayServer;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuilt();
  const installation = demoInstallation();
  const events = [{ type: 'installation' as const, installation, seq: 1, t: 0 }, ...demoStories().map((e) => ({ ...e, seq: e.seq + 1 }))];
  server = await startReplayServer({ archive: createArchive(installation, events, 200), port: 0, operatorToken: TOKEN, start: { playing: false, t: 100 } });
  browser = await launchChromium({ width: 1280, height: 900 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the console in a replay', () => {
  it('disables every write button, with the reason shown, and keeps the transport', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${server.url}/operator#token=${encodeURIComponent(TOKEN)}`);
      await page.getByRole('heading', { name: en['replay.heading'] }).waitFor({ timeout: 60_000 });
      const note = page.getByTestId('read-only');
      await note.waitFor({ timeout: 60_000 });
      expect(await note.textContent()).toBe(en['replay.readOnly']);
      // Stories of the archive are on display at t=100: their Hide is a write too.
      await page.getByTestId('room-now').locator('li.story').first().waitFor({ timeout: 60_000 });

      const writes = page.locator(
        ['[data-testid="go"]', '[data-testid="blackout"]', '[data-testid="hold"]', '[data-testid^="jump-"]', '.glitch button', '.story-actions button'].join(
          ', ',
        ),
      );
      const found = await writes.evaluateAll((els) =>
        els.map((el) => ({
          what: el.getAttribute('data-testid') ?? el.textContent ?? '',
          disabled: (el as HTMLButtonElement).disabled,
          title: el.getAttribute('title'),
          describedBy: el.getAttribute('aria-describedby'),
        })),
      );
      const kinds = new Set(found.map((b) => (b.what.startsWith('jump-') ? 'jump' : b.what)));
      for (const k of ['go', 'blackout', 'hold', 'jump', en['glitch.trigger'], en['story.hide']]) expect(kinds, k).toContain(k);
      for (const b of found) expect(b, b.what).toMatchObject({ disabled: true, title: en['replay.readOnly'], describedBy: 'replay-read-only' });

      // Space is GO on a live console; here it fires nothing (the phase stays as the replay has it).
      const phase = await page.getByTestId('phase').textContent();
      await page.locator('body').press('Space');
      expect(await page.getByTestId('go').isDisabled()).toBe(true);
      expect(await page.getByTestId('phase').textContent()).toBe(phase);

      // The transport is the one control a replay takes: Play reaches the server.
      await page.getByRole('button', { name: 'Play the replay' }).click();
      await until(() => server.transport().playing, 30_000);
      keepArtifact('console-replay', await page.screenshot({ fullPage: true }));
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 240_000);
});
