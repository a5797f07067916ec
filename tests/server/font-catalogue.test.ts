import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fontCatalogue, FONT_FAMILIES, HAN_ORDER } from '../../server/font-catalogue.ts';
import type { FontFacesInfo } from '../../src/scene/font-faces.ts';
import { fontFor, guessedLang, pageKey, type IndexPage } from '../../src/scene/font-index.ts';
import { covers, undrawable, type CodeRanges } from '../../src/scene/story-text.ts';
import { offlineFiles, RESOLVER_CDN, withoutFontCdn } from '../../server/offline-assets.ts';
import { FONT_COVERAGE_PATH, FONT_FACES_PATH, FONT_FALLBACK_PATH, FONT_WOFF2_PATH } from '../../src/app/display/offline-paths.ts';

/**
 * The served fonts as troika-three-text's own fallback resolver reads them: its real client code (the copy
 * troika ships), fetching from the files Meshwork serves, must pick for every character DejaVu Sans lacks
 * a file that has it, ask only for files that exist, and prefer each language's Han font.
 */

interface Resolver {
  getFontsForString(text: string, options: { lang?: string; dataUrl: string }): Promise<{ fontUrls: string[]; chars: Uint8Array }>;
}

const require = createRequire(import.meta.url);
const BASE = `http://venue.local${FONT_FALLBACK_PATH}`;
const files = offlineFiles();
const catalogue = fontCatalogue();
const byId = new Map(catalogue.files.map((f) => [f.id, f]));
const asked: string[] = [];
let resolver: Resolver;

beforeAll(async () => {
  // The resolver fetches with the global fetch: answered here from the served files, as the server would.
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(url);
    const read = files.get(new URL(url).pathname.slice(1));
    return read ? new Response(new Uint8Array(read())) : new Response('not found', { status: 404, statusText: 'Not Found' });
  });
  const factory = (await import(require.resolve('troika-three-text/libs/unicode-font-resolver-client.factory.js'))) as { default: () => Resolver };
  resolver = factory.default();
});
afterAll(() => void vi.unstubAllGlobals());

/** The id of the file the resolver chose for each code point of `text` (not for whitespace). */
async function resolve(text: string, lang?: string): Promise<{ ch: string; id: string }[]> {
  const { fontUrls, chars } = await resolver.getFontsForString(text, { lang, dataUrl: BASE });
  const out: { ch: string; id: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = String.fromCodePoint(text.codePointAt(i) as number);
    const url = fontUrls[chars[i] as number] as string;
    if (!/\s/u.test(ch)) out.push({ ch, id: url.match(/font-files\/([^/]+)\//)?.[1] ?? url });
    if (ch.length === 2) i++;
  }
  return out;
}

/** Code points some fallback file draws and DejaVu Sans does not: what troika asks the resolver for. */
function fallbackOnly(): number[] {
  const out: number[] = [];
  for (const f of catalogue.files)
    for (const [a, b] of f.coverage) for (let c = a; c <= b; c += Math.max(1, Math.floor((b - a) / 7))) if (!covers(catalogue.primary.coverage, c)) out.push(c);
  return [...new Set(out)];
}

/** The served index page of a code point, parsed once (the property below reads one per character). */
const pages = new Map<string, [1, IndexPage]>();
function indexPage(code: number): [1, IndexPage] {
  const key = pageKey(code);
  let page = pages.get(key);
  if (!page) {
    page = JSON.parse((files.get(`${FONT_FALLBACK_PATH.slice(1)}/${key}`) as () => Buffer)().toString()) as [1, IndexPage];
    pages.set(key, page);
  }
  return page;
}

describe('the fallback fonts Meshwork serves', () => {
  it('are WOFF 1.0 files (troika reads no WOFF2), every family of FONT_FAMILIES present, none over 200 KB', () => {
    for (const f of catalogue.files) {
      expect(readFileSync(f.path).toString('latin1', 0, 4), f.id).toBe('wOFF');
      expect(f.bytes, f.id).toBeLessThan(200_000);
    }
    expect(new Set(catalogue.files.map((f) => f.family))).toEqual(new Set(FONT_FAMILIES.map((f) => f.pkg)));
    expect(new Set(catalogue.files.map((f) => f.id)).size).toBe(catalogue.files.length);
  });

  it('serve every font as WOFF2 too, which the display loads, and what the display needs to choose among them', () => {
    for (const f of [...catalogue.files, { id: 'latin' }]) {
      const woff2 = files.get(`${FONT_FALLBACK_PATH.slice(1)}/font-files/${f.id}/sans-serif.normal.400.woff2`);
      expect(woff2, f.id).toBeDefined();
      expect((woff2 as () => Buffer)().toString('latin1', 0, 4), f.id).toBe('wOF2');
    }
    expect((files.get(FONT_WOFF2_PATH.slice(1)) as () => Buffer)().toString('latin1', 0, 4)).toBe('wOF2');
    const faces = JSON.parse((files.get(FONT_FACES_PATH.slice(1)) as () => Buffer)().toString()) as FontFacesInfo;
    expect(faces.primary).toEqual(catalogue.primary.coverage);
    expect(faces.families).toEqual(FONT_FAMILIES.map((f) => f.pkg));
    expect(faces.han.map((h) => h.pattern)).toEqual(HAN_ORDER.map((h) => h.pattern));
  });

  it('serve the coverage of every font together', () => {
    const served = JSON.parse((files.get(FONT_COVERAGE_PATH.slice(1)) as () => Buffer)().toString()) as CodeRanges;
    expect(served).toEqual(catalogue.coverage);
    for (const ch of ['é', 'ש', 'ع', '水', 'あ', '한', 'क', 'ক', 'த', 'ก', 'ក', 'ሀ', '😀', '🌊', '\ufffd'])
      expect(covers(served, ch.codePointAt(0) as number), ch).toBe(true);
    for (const ch of ['\ue000', '\u{10ffff}']) expect(covers(served, ch.codePointAt(0) as number), ch).toBe(false);
  });

  it('resolve every character DejaVu Sans lacks to a served file that draws it, asking only for served files', async () => {
    const codes = fallbackOnly();
    const text = fc.array(
      fc.constantFrom(...codes).map((c) => String.fromCodePoint(c)),
      { minLength: 1, maxLength: 24 },
    );
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom(undefined, 'en', 'ja', 'ko', 'zh-TW', 'hi', 'th', 'ar'), async (chars, lang) => {
        asked.length = 0;
        const text = chars.join('');
        for (const { ch, id } of await resolve(text, lang)) {
          // The display's own reading of the index (src/scene/font-index.ts) picks the file troika picks for
          // the character alone (troika also keeps a character in the font before it when that one has it).
          const code = ch.codePointAt(0) as number;
          const page = indexPage(code);
          const tag = lang ?? guessedLang(text);
          expect(fontFor(page[1], code, tag), ch).toBe((await resolve(ch, tag))[0]?.id);
          const file = byId.get(id);
          expect(file, `${ch} resolved to ${id}`).toBeDefined();
          expect(covers((file as { coverage: CodeRanges }).coverage, ch.codePointAt(0) as number), `${ch} in ${id}`).toBe(true);
        }
        for (const url of asked) expect(files.has(new URL(url).pathname.slice(1)), url).toBe(true);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it("draws Han characters with the story language's font, Chinese when it names none", async () => {
    const family = async (text: string, lang?: string) => byId.get(((await resolve(text, lang))[0] as { id: string }).id)?.family;
    expect(await family('水', 'ja')).toBe('noto-sans-jp');
    expect(await family('水', 'ja-JP')).toBe('noto-sans-jp');
    expect(await family('水', 'ko')).toBe('noto-sans-kr');
    expect(await family('水', 'zh-CN')).toBe('noto-sans-sc');
    expect(await family('水', 'pt')).toBe('noto-sans-sc');
    for (const tag of ['zh-TW', 'zh-Hant', 'zh-hant-tw', 'zh-HK', 'zh-MO', 'ZH-TW']) expect(await family('水', tag), tag).toBe('noto-sans-tc');
    // Simplified script in Taiwan is still Simplified; a tag that only starts alike is not Chinese.
    expect(await family('水', 'zh-Hans-TW')).toBe('noto-sans-sc');
    expect(await family('水', 'zhx-TW')).toBe('noto-sans-sc');
    // No language given: kana make it Japanese, as troika's resolver guesses.
    expect(await family('水のあと')).toBe('noto-sans-jp');
    expect(await family('क')).toBe('noto-sans-devanagari');
    expect(await family('😀')).toBe('noto-emoji');
  });

  it('draw a Traditional Chinese story with Hong Kong characters only the Traditional Chinese font has', async () => {
    // 𨋢 (a lift) and 𡃁 (a youngster) are Cantonese: no other served font draws them.
    const story = '搭𨋢上樓，個𡃁仔話河水好臭。';
    const tcOnly = ['𨋢', '𡃁'];
    const others = catalogue.files.filter((f) => f.family !== 'noto-sans-tc');
    for (const ch of tcOnly)
      expect(
        others.some((f) => covers(f.coverage, ch.codePointAt(0) as number)),
        ch,
      ).toBe(false);
    expect(undrawable(story, catalogue.coverage)).toEqual([]);
    // In Traditional Chinese every Han character takes its font; with no language, at least these two do.
    for (const lang of ['zh-HK', 'zh-Hant'])
      for (const { ch, id } of await resolve(story, lang))
        if (/\p{Script=Han}/u.test(ch)) expect(byId.get(id)?.family, `${ch} in ${lang}`).toBe('noto-sans-tc');
    for (const { ch, id } of await resolve(story)) if (tcOnly.includes(ch)) expect(byId.get(id)?.family, ch).toBe('noto-sans-tc');
  });

  it("are never looked for on a CDN: troika's resolver is built with Meshwork's address in place of its CDN", () => {
    // The string replaced must be the one troika ships, or the replacement silently does nothing.
    const shipped = readFileSync(require.resolve('troika-three-text/libs/unicode-font-resolver-client.factory.js'), 'utf8');
    expect(shipped).toContain(RESOLVER_CDN);
    const patched = withoutFontCdn(shipped) as string;
    expect(patched).not.toContain('cdn.jsdelivr');
    expect(patched).toContain(`"${FONT_FALLBACK_PATH}"`);
    // The build takes troika's ES module (its package's "module"), which inlines the same client.
    const esm = require.resolve('troika-three-text').replace(/troika-three-text\.umd\.js$/, 'troika-three-text.esm.js');
    expect(readFileSync(esm, 'utf8')).toContain(RESOLVER_CDN);
  });
});
