import { describe, expect, it } from 'vitest';
import { showAndBrowser, waitReady } from './display-server.ts';
import { keepArtifact } from './png.ts';

// 20 s into the show: the first phase.
const { show, browser } = showAndBrowser({ serverTime: 20 }, { width: 800, height: 450 });

describe("the desktop preview's help", () => {
  it('names the installation and the phase, says how to move, goes full screen, and hides with H', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${show.url}/`);
      await waitReady(page);
      const help = page.getByRole('region', { name: 'About this view' });
      await help.waitFor();
      await expect(help.getByRole('heading').textContent()).resolves.toBe('The Upcycling Rite');
      await expect(help.locator('.help-phase').textContent()).resolves.toMatch(/Now: Gathering: the materials arrive/);
      const moves = (await help.locator('.help-moves').textContent()) ?? '';
      for (const word of ['Drag', 'Scroll', 'arrow keys', 'F', 'H']) expect(moves).toContain(word);
      keepArtifact('help-overlay', await page.screenshot());

      await help.getByRole('button', { name: 'Full screen' }).click();
      await page.waitForFunction(() => document.fullscreenElement !== null, undefined, { timeout: 10_000 });
      await page.getByRole('button', { name: 'Leave full screen' }).waitFor();
      await page.keyboard.press('f');
      await page.waitForFunction(() => document.fullscreenElement === null, undefined, { timeout: 10_000 });

      await page.keyboard.press('h');
      await expect(page.locator('.help-moves').count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'Show help (H)' }).waitFor();
      await page.keyboard.press('h');
      await help.waitFor();
    } finally {
      await page.close();
    }
  }, 180_000);

  it('is not on a wall, nor in a ?t= still', async () => {
    for (const query of ['display=north', 't=20']) {
      const page = await browser.context.newPage();
      try {
        await page.goto(`${show.url}/?${query}`);
        await waitReady(page);
        expect(await page.locator('.help').count(), query).toBe(0);
      } finally {
        await page.close();
      }
    }
  }, 180_000);
});
