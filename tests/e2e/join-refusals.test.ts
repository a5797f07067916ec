import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../server/build-client.ts';
import type { RunningServer } from '../../server/server.ts';
import ar from '../../src/app/join/catalogue/ar.ts';
import en from '../../src/app/join/catalogue/en.ts';
import ja from '../../src/app/join/catalogue/ja.ts';
import { launchChromium, type Browser } from './browser.ts';
import { keepArtifact } from './png.ts';
import { demoCopy, removeDir, startTestServer } from '../server/show-server.ts';

/**
 * The server's refusals in the phone's language: a show with a join code, a phone in Japanese and one in
 * Arabic (right to left) at 390x844. The phone asks for the code; a wrong one is refused by the server
 * (`unauthorized`, reason `join-code-wrong`) and the phone says so from its own catalogue, not in the
 * server's English; the right one lets it in. Screenshots: test-artifacts/join-refusal-{ja,ar}.png.
 */
const CODE = 'kawa-2026';
let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuilt();
  dir = demoCopy((yaml) => yaml.replace('audience:\n', `audience:\n  joinCode: ${CODE}\n`));
  server = await startTestServer(dir);
  browser = await launchChromium({ width: 390, height: 844 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) removeDir(dir);
});

describe('the phone says the server’s refusals in its own language', () => {
  for (const [tag, words] of [
    ['ja', ja],
    ['ar', ar],
  ] as const) {
    it(`${tag}: a wrong join code is refused in ${tag}, the right one gets in`, async () => {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        // The language as a phone's user picks it (kept in localStorage), before the page runs.
        await page.addInitScript((lang) => localStorage.setItem('meshwork.language', lang), tag);
        await page.goto(`${server.url}/join`);
        await page.locator('#code-panel').waitFor({ state: 'visible', timeout: 60_000 });
        expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([tag, tag === 'ar' ? 'rtl' : 'ltr']);

        await page.locator('#code-input').fill('not-the-code');
        await page.locator('#code-input').press('Enter');
        const error = page.locator('#code-error');
        await page.waitForFunction((want) => document.getElementById('code-error')?.textContent === want, words.codeWrong, { timeout: 30_000 });
        expect(await error.textContent()).not.toContain('wrong join code');
        expect(words.codeWrong).not.toBe(en.codeWrong);
        keepArtifact(`join-refusal-${tag}`, await page.screenshot());

        await page.locator('#code-input').fill(CODE);
        await page.locator('#code-input').press('Enter');
        await page.locator('#code-panel').waitFor({ state: 'hidden', timeout: 30_000 });
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    }, 120_000);
  }
});
