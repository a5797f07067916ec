import { existsSync, readFileSync } from 'node:fs';
import { familyOrder, INDEX_BUNDLE, pageKey } from '../src/scene/font-index.ts';
import { FONT_FAMILIES, HAN_ORDER, type FontCatalogue, type FontFile } from './font-catalogue.ts';
import type { CodeRanges } from './font-coverage.ts';

/**
 * The served fonts laid out as the data of troika-three-text's fallback resolver (@unicode-font-resolver
 * v1, schema 1), so troika itself finds, for a character DejaVu Sans lacks, the one small file that draws it
 * and fetches only that file, from Meshwork:
 *
 *     codepoint-index/plane<p>/<first>-<last>.json   one per 256 code points: [1, {langRegex: {fontId: bits}}]
 *     font-meta/<fontId>.json                          [1, {id, typeforms, ranges}]
 *     font-files/<fontId>/sans-serif.normal.400.woff   the font (.woff2 beside it: what the display loads)
 *     codepoint-index/all.json                         every page at once (INDEX_BUNDLE), for the display
 *
 * A `bits` string holds 6 code points per character, offset from "0". Within a page the first language
 * pattern matching the text's language is searched first (its fonts in order), then the others. The
 * resolver answers "latin" for a character no page lists: that id is served too, as DejaVu Sans, so no
 * answer is ever missing (a missing file would send it to its CDN, which the page's CSP blocks anyway, and
 * the text would never be drawn).
 */

/** Characters the display passes through without asking any font (story-text.ts): their pages must exist. */
const ALWAYS_PAGES = [0x0000, 0x1600, 0x1800, 0x2000, 0x3000, 0xfe00];

/** Fallback id of the resolver for a code point no page names. */
const LAST_RESORT = 'latin';

/** The fallback files in the order a language prefers them (familyOrder); the files of one family keep
 * their subset order. */
function orderFor(files: readonly FontFile[], han: readonly string[] | undefined): FontFile[] {
  const families = familyOrder(
    FONT_FAMILIES.map((f) => f.pkg),
    han,
  );
  return [...files].sort((a, b) => families.indexOf(a.family) - families.indexOf(b.family));
}

function pageBits(coverage: CodeRanges, first: number): string {
  const bits = new Array<number>(Math.ceil(256 / 6)).fill(0);
  for (const [a, b] of coverage) {
    if (b < first || a > first + 0xff) continue;
    for (let c = Math.max(a, first); c <= Math.min(b, first + 0xff); c++) {
      const r = c - first;
      bits[(r / 6) | 0] = (bits[(r / 6) | 0] as number) | (1 << (r % 6));
    }
  }
  return String.fromCharCode(...bits.map((v) => 48 + v)).replace(/0+$/, '');
}

function rangesText(coverage: CodeRanges): string {
  return coverage.map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`)).join(',');
}

/** The WOFF2 file @fontsource ships beside a .woff. */
export function woff2Of(path: string): string {
  return path.replace(/\.woff$/, '.woff2');
}

/** Every file of the resolver's data: path below the data folder, and how to make it. */
export function resolverData(catalogue: FontCatalogue): Map<string, () => Buffer> {
  const out = new Map<string, () => Buffer>();
  const json = (value: unknown) => () => Buffer.from(JSON.stringify(value));
  const pages = new Set<number>(ALWAYS_PAGES);
  for (const f of catalogue.files) for (const [a, b] of f.coverage) for (let p = a & ~0xff; p <= b; p += 0x100) pages.add(p);
  const orders: [string, FontFile[]][] = HAN_ORDER.map((p) => [p.pattern, orderFor(catalogue.files, p.order)]);
  const fallback = orderFor(catalogue.files, undefined);
  const pageOf = new Map<string, () => Record<string, Record<string, string>>>();
  for (const first of pages) {
    pageOf.set(pageKey(first), () => {
      const byLang: Record<string, Record<string, string>> = {};
      const list = (files: readonly FontFile[]) => {
        const fonts: Record<string, string> = {};
        for (const f of files) {
          const bits = pageBits(f.coverage, first);
          if (bits !== '') fonts[f.id] = bits;
        }
        return fonts;
      };
      const catchAll = list(fallback);
      for (const [pattern, files] of orders) {
        const fonts = list(files);
        // Only where the order differs, i.e. where several Han fonts cover this page.
        if (JSON.stringify(Object.keys(fonts)) !== JSON.stringify(Object.keys(catchAll))) byLang[pattern] = fonts;
      }
      // An empty pattern matches every language: the catch-all comes last.
      if (Object.keys(catchAll).length > 0) byLang[''] = catchAll;
      return byLang;
    });
  }
  for (const [key, make] of pageOf) out.set(key, () => Buffer.from(JSON.stringify([1, make()])));
  // The same pages in one file (about 52 KB brotli), which the display fetches once it has drawn, so that a
  // story in a new script waits for its font files only, not for index pages first.
  out.set(INDEX_BUNDLE, () => Buffer.from(JSON.stringify([1, Object.fromEntries([...pageOf].map(([key, make]) => [key, make()]))])));
  const typeforms = { 'sans-serif': { normal: [400] } };
  for (const f of [...catalogue.files, { ...catalogue.primary, id: LAST_RESORT }]) {
    out.set(`font-meta/${f.id}.json`, json([1, { id: f.id, typeforms, ranges: rangesText(f.coverage) }]));
    out.set(`font-files/${f.id}/sans-serif.normal.400.woff`, () => readFileSync(f.path));
    // The same font as WOFF2 (about a quarter smaller), which the display's canvas text loads; the .woff
    // stays for reading coverage (font-coverage.ts reads no WOFF2) and for troika.
    const woff2 = woff2Of(f.path);
    if (existsSync(woff2)) out.set(`font-files/${f.id}/sans-serif.normal.400.woff2`, () => readFileSync(woff2));
  }
  return out;
}
