import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from '../e2e/browser.ts';
import { keepArtifact } from '../e2e/png.ts';
import type { DrawResult, TextPage } from './page/main.ts';
import { startTextPage } from './text-page-server.ts';
import { dataLang } from '../../src/core/text.ts';
import { cardText, type CodeRanges } from '../../src/scene/story-text.ts';

/** Every code point: cardText's replacement does not change Han text (the page draws what its fonts cover). */
const FULL: CodeRanges = [[0, 0x10ffff]];

/**
 * Story text as the display draws it (src/scene/canvas-text.ts with the served fonts, font-faces.ts), in
 * Debian's Chromium: shaped by the browser's HarfBuzz, so a Devanagari conjunct, a reph and an emoji ZWJ
 * sequence are each drawn as the one glyph they are (narrower than their parts drawn one by one); a
 * Traditional Chinese story with characters only the Traditional Chinese font has draws them (not U+FFFD);
 * and no text, however broken into lines, is clipped by its canvas.
 */

let page: Page;
let browser: Browser;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  server = await startTextPage();
  browser = await launchChromium({ width: 800, height: 600 });
  page = await browser.context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => 'textPage' in window, null, { timeout: 120_000 });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const draw = (text: string, lang: string | null, maxWidth?: number, family?: string): Promise<DrawResult> =>
  page.evaluate(([t, l, w, f]) => (window as unknown as { textPage: TextPage }).textPage.draw(t, l, w, f), [text, lang, maxWidth, family] as const);

/** The width of the text's code points drawn one at a time: what no shaping would give. */
async function unshaped(text: string, lang: string | null): Promise<number> {
  let sum = 0;
  for (const ch of text) sum += (await draw(ch, lang)).width;
  return sum;
}

describe('story text drawn by the browser', () => {
  it('shapes Devanagari conjuncts and reph, and an emoji ZWJ family, as single glyphs', async () => {
    const figures: string[] = [];
    for (const [text, lang] of [
      ['क्ष', 'hi'],
      ['र्क', 'hi'],
      ['\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', null],
    ] as const) {
      const shaped = await draw(text, lang);
      const parts = await unshaped(text, lang);
      figures.push(`${text}: ${shaped.width.toFixed(1)} shaped, ${parts.toFixed(1)} unshaped (layout units)`);
      keepArtifact(`canvas-text-${[...text][0]?.codePointAt(0)?.toString(16)}`, Buffer.from(shaped.png.split(',')[1] as string, 'base64'));
      // A conjunct or a reph is one glyph where its parts are three; a family is one emoji where its parts
      // are three people.
      expect(shaped.width, text).toBeLessThan(0.8 * parts);
    }
    console.log(figures.join('\n'));
  }, 120_000);

  it('draws a Traditional Chinese story with the Traditional Chinese font, none of it as U+FFFD', async () => {
    const story = '搭𨋢上樓，個𡃁仔話河水好臭。';
    for (const lang of ['zh-Hant', 'zh-HK']) {
      const drawn = await draw(story, lang);
      console.log(
        `${lang}: fonts ${(1000 * drawn.fontSeconds).toFixed(0)} ms (${drawn.family}), layout and drawing ${(1000 * drawn.drawSeconds).toFixed(1)} ms`,
      );
      expect(drawn.family, lang).toMatch(/"mw-noto-sans-tc-\d+"/);
      expect(drawn.family, lang).not.toMatch(/noto-sans-sc/);
      const asFffd = await draw([...story].map(() => '\ufffd').join(''), lang);
      // Not one box per character: the two pictures differ.
      expect(drawn.png, lang).not.toBe(asFffd.png);
      for (const ch of ['𨋢', '𡃁']) {
        const one = await draw(ch, lang);
        const box = await draw('\ufffd', lang);
        expect(one.png, ch).not.toBe(box.png);
        expect(one.inked, ch).toBeGreaterThan(0);
      }
    }
  }, 120_000);

  it('answers a text whose files are in at once (a card is drawn in the frame its story appears), as prepare would', async () => {
    const prepared = (text: string, lang: string | null) =>
      page.evaluate(([t, l]) => (window as unknown as { textPage: TextPage }).textPage.prepared(t, l), [text, lang] as const);
    const prepare = (text: string, lang: string | null) =>
      page.evaluate(([t, l]) => (window as unknown as { textPage: TextPage }).textPage.prepare(t, l), [text, lang] as const);
    // Ethiopic is drawn by no other test of this page: its file is not in yet.
    expect(await prepared('ሰላም ለዓለም', 'am')).toBeNull();
    expect(await prepare('ሰላም ለዓለም', 'am')).toMatch(/"mw-noto-sans-ethiopic/);
    expect(await prepared('ዓለም', 'am')).toBe(await prepare('ዓለም', 'am'));
    const words = ['river', 'नदी का पानी', 'ฤดูใบไม้ผลิ', 'البلاط آمن', '川は覚えている', '강은', '🌊🐟', 'Ữỡ'];
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...words), { minLength: 1, maxLength: 5 }),
        fc.func(fc.boolean()),
        fc.constantFrom(null, 'ja', 'ko', 'hi'),
        async (chosen, keep, lang) => {
          const text = chosen.join(' ');
          // Some of the same words, in another order: every file it needs came with the text.
          const part = chosen
            .filter((w, i) => i === 0 || keep(w))
            .reverse()
            .join(' ');
          await prepare(text, lang);
          const now = await prepared(part, lang);
          // With a language given, the part needs no file the text did not. Without one, the language is
          // guessed from each text, and the reordered part may be guessed otherwise (fast-check's seed
          // -829865326: "川は覚えている 강은" is Japanese, "강은 川は覚えている" Korean, whose Han is another file):
          // then it may wait for its files, but whenever it answers at once it answers as prepare does.
          if (lang !== null) expect(now, part).not.toBeNull();
          if (now !== null) expect(now, part).toBe(await prepare(part, lang));
        },
      ),
      { numRuns: 30 },
    );
    // DejaVu Sans alone: in from the start.
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom(...'abcxyzÄéßΩЖ -,.'), minLength: 1, maxLength: 30 }), async (t) => {
        expect(await prepared(t, 'en')).toBe('"mw-primary"');
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it('with the index preloaded, a text in a script not seen yet fetches its font files alone, in one round', async () => {
    const preloadIndex = () => page.evaluate(() => (window as unknown as { textPage: TextPage }).textPage.preloadIndex());
    const fontRequests = () => page.evaluate(() => (window as unknown as { textPage: TextPage }).textPage.fontRequests());
    await preloadIndex();
    const before = (await fontRequests()).length;
    // Gujarati, Tamil and Sinhala are drawn by no other test of this page: their pages and files are not in.
    for (const [text, lang] of [
      ['નદી યાદ રાખે છે', 'gu'],
      ['நதி நினைவில் வைத்திருக்கிறது', 'ta'],
      ['ගඟ මතක තබා ගනී', 'si'],
    ] as const) {
      expect(await page.evaluate(([t, l]) => (window as unknown as { textPage: TextPage }).textPage.prepared(t, l), [text, lang] as const)).toBeNull();
      await page.evaluate(([t, l]) => (window as unknown as { textPage: TextPage }).textPage.prepare(t, l), [text, lang] as const);
    }
    const after = (await fontRequests()).slice(before);
    expect(after.some((p) => p.includes('/font-files/'))).toBe(true);
    expect(after.filter((p) => p.includes('/codepoint-index/'))).toEqual([]);
    // The bundle was fetched once.
    expect((await fontRequests()).filter((p) => p.endsWith('/codepoint-index/all.json'))).toHaveLength(1);
  }, 120_000);

  it("draws a Han label of a Japanese installation's data with the Japanese face, not the Chinese one", async () => {
    // Characters whose Japanese and Simplified Chinese forms differ.
    const han = [...'直骨角海写画今化'];
    const spec = fc.oneof(
      // The installation is in Japanese; or only the sculpture is (the installation in Chinese or untagged).
      fc.record({ lang: fc.constant('ja'), sculptures: fc.constant([{ id: 'kawa' }]) }),
      fc.record({ lang: fc.constantFrom('zh', 'zh-Hans', undefined), sculptures: fc.constant([{ id: 'kawa', lang: 'ja' }]) }),
    );
    const figures: string[] = [];
    await fc.assert(
      fc.asyncProperty(spec, fc.array(fc.constantFrom(...han), { minLength: 1, maxLength: 4 }), async (s, chars) => {
        // The label as a card draws it (Stories.tsx): the row's language by dataLang, cardText's label rule.
        const label = cardText(chars.join(''), dataLang({ ...(s.lang ? { lang: s.lang } : {}), sculptures: s.sculptures }, 'kawa'), FULL, 'label');
        const drawn = await draw(label.text, label.lang);
        const ja = await draw(label.text, 'ja');
        const zh = await draw(label.text, 'zh-Hans');
        expect(ja.family).toMatch(/"mw-noto-sans-jp-\d+"/);
        expect(zh.family).toMatch(/"mw-noto-sans-sc-\d+"/);
        // Pixels: the Japanese face's own drawing (its family named alone), and not the Chinese one's.
        const jpOnly = `"mw-primary", ${ja.family
          .split(', ')
          .filter((f) => f.includes('noto-sans-jp'))
          .join(', ')}`;
        const reference = await draw(label.text, null, undefined, jpOnly);
        expect(drawn.png, label.text).toBe(reference.png);
        expect(drawn.png, label.text).not.toBe(zh.png);
        figures.push(label.text);
      }),
      { numRuns: 12 },
    );
    console.log(`Han labels drawn in the Japanese face: ${figures.join(' ')}`);
  }, 120_000);

  it('never clips a text: no ink on the canvas edge, whatever the scripts and line width', async () => {
    const words = [
      'river',
      'नदी का पानी',
      'क्षत्रिय',
      'ฤดูใบไม้ผลิ',
      'البلاط آمن',
      'שלום',
      '川は覚えている',
      '水裡有鉛',
      'ខ្មែរ',
      'မြန်မာ',
      'Ữỡ',
      '🌊🐟',
      '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
      'Ǻ̈́',
    ];
    const text = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
    const times: number[] = [];
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom(null, 'hi', 'ja', 'ar'), fc.integer({ min: 40, max: 600 }), async (t, lang, maxWidth) => {
        const drawn = await draw(t, lang, maxWidth);
        times.push(drawn.drawSeconds);
        expect(drawn.edgeAlpha, t).toBe(0);
        expect(drawn.inked, t).toBeGreaterThan(0);
      }),
      { numRuns: 40 },
    );
    times.sort((a, b) => a - b);
    console.log(
      `laying out and drawing a card's text (fonts loaded): median ${(1000 * (times[times.length >> 1] as number)).toFixed(1)} ms, max ${(1000 * (times[times.length - 1] as number)).toFixed(1)} ms over ${times.length} texts`,
    );
  }, 240_000);
});
