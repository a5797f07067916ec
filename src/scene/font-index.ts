/**
 * The index of the served fallback fonts, shared by the server that writes it (server/font-resolver-data.ts)
 * and the display that reads it (font-faces.ts). It keeps the layout of @unicode-font-resolver's data (v1,
 * schema 1), which troika-three-text reads too:
 *
 *     codepoint-index/plane<p>/<first>-<last>.json   one per 256 code points: [1, {langPattern: {fontId: bits}}]
 *     font-files/<fontId>/sans-serif.normal.400.woff  the font (and .woff2 beside it, the same font smaller)
 *     codepoint-index/all.json                        every page: [1, {pageKey: page}] (INDEX_BUNDLE)
 *
 * Within a page the fonts of a pattern are listed in the order that language prefers them (first wins);
 * the first pattern matching the text's language is searched first, then the others. A `bits` string
 * holds 6 code points per character, offset from "0".
 */

/** Every page of the index in one file, below the index's folder: what a display fetches once it has drawn
 * (font-faces.ts `preloadIndex`), so that a new script's text then waits for one round of fetches (its font
 * files), not two (the pages naming them, then the files). */
export const INDEX_BUNDLE = 'codepoint-index/all.json';

/** One page of the index: for each language pattern, the fonts in order with the code points they draw. */
export type IndexPage = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** The page holding a code point, as a path below the index's folder. */
export function pageKey(code: number): string {
  const first = code & ~0xff;
  return `codepoint-index/plane${code >> 16}/${first.toString(16)}-${(first + 0xff).toString(16)}.json`;
}

/** Whether a page's `bits` string holds the code point. */
export function hasCode(bits: string, code: number): boolean {
  const r = code & 0xff;
  const c = bits.charCodeAt((r / 6) | 0);
  return !Number.isNaN(c) && ((c - 48) & (1 << (r % 6))) !== 0;
}

/** The font a page names for a code point in a language (the tag, or "en" when none is given, as troika's
 * resolver does), or undefined when the page names none. */
export function fontFor(page: IndexPage, code: number, lang: string | null): string | undefined {
  const tag = lang ?? 'en';
  const patterns = Object.keys(page);
  const first = patterns.find((p) => new RegExp(p).test(tag));
  for (const p of first === undefined ? patterns : [first, ...patterns.filter((q) => q !== first)]) {
    const fonts = page[p] ?? {};
    for (const id of Object.keys(fonts)) if (hasCode(fonts[id] ?? '', code)) return id;
  }
  return undefined;
}

/** How a language prefers its Han fonts: the first entry whose pattern matches its tag decides. */
export interface HanOrder {
  readonly pattern: string;
  /** The CJK families, first to last. */
  readonly order: readonly string[];
}

/**
 * The fallback families in the order a language prefers them: the families' own order, with the Han
 * families swapped among themselves into the order the first matching `han` entry gives (every other family
 * keeps its place). No entry matching: the families' own order.
 */
export function familyOrder(families: readonly string[], han: readonly string[] | undefined): string[] {
  const out = [...families];
  if (han) {
    let next = 0;
    for (let i = 0; i < out.length; i++) if (han.includes(out[i] as string)) out[i] = han[next++] as string;
  }
  return out;
}

/** The Han order of the first entry matching the language tag ("en" when none is given). */
export function hanOrderFor(han: readonly HanOrder[], lang: string | null): readonly string[] | undefined {
  const tag = lang ?? 'en';
  return han.find((h) => new RegExp(h.pattern).test(tag))?.order;
}

/** The language a text without one is taken to be in, for its Han characters (as troika's resolver
 * guesses): Korean with Hangul, Japanese with kana, else English (Simplified Chinese forms). */
export function guessedLang(text: string): string {
  return /\p{Script=Hangul}/u.test(text) ? 'ko' : /\p{Script=Hiragana}|\p{Script=Katakana}/u.test(text) ? 'ja' : 'en';
}
