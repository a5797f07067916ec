import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fontCoverage, mergeRanges, type CodeRanges } from './font-coverage.ts';

/**
 * Every font Meshwork serves for text in the room, each as the small per-range files the @fontsource
 * packages ship (a CJK family is about 120 files of 15-60 KB, one per slice of its characters), so a screen
 * downloads only the files holding the characters its stories use. DejaVu Sans draws what it covers (Latin,
 * Greek, Cyrillic, Hebrew, Arabic...); these fill in the rest. Only the regular weight. Coverage is read
 * from the WOFF 1.0 files (font-coverage.ts reads no WOFF2); the display loads the WOFF2 beside each.
 */

/** One family of fallback fonts: its @fontsource package and the languages that prefer it where families
 * overlap (only Han characters do: Chinese, Japanese and Korean fonts each draw them their own way). */
export interface FontFamily {
  readonly pkg: string;
  /** Subsets left out: those DejaVu Sans already draws, and the whole-font files beside the slices. */
  readonly skip?: readonly string[];
}

const LATIN = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese'];

/** Fallback order after DejaVu Sans, for text whose language prefers no family (see HAN_ORDER). */
export const FONT_FAMILIES: readonly FontFamily[] = [
  { pkg: 'noto-sans-arabic', skip: LATIN },
  { pkg: 'noto-sans-hebrew', skip: LATIN },
  { pkg: 'noto-sans-devanagari', skip: LATIN },
  { pkg: 'noto-sans-bengali', skip: LATIN },
  { pkg: 'noto-sans-gurmukhi', skip: LATIN },
  { pkg: 'noto-sans-gujarati', skip: LATIN },
  { pkg: 'noto-sans-oriya', skip: LATIN },
  { pkg: 'noto-sans-tamil', skip: LATIN },
  { pkg: 'noto-sans-telugu', skip: LATIN },
  { pkg: 'noto-sans-kannada', skip: LATIN },
  { pkg: 'noto-sans-malayalam', skip: LATIN },
  { pkg: 'noto-sans-sinhala', skip: LATIN },
  { pkg: 'noto-sans-thai', skip: LATIN },
  { pkg: 'noto-sans-khmer', skip: LATIN },
  { pkg: 'noto-sans-myanmar', skip: LATIN },
  { pkg: 'noto-sans-ethiopic', skip: LATIN },
  { pkg: 'noto-sans-sc', skip: LATIN },
  { pkg: 'noto-sans-tc', skip: LATIN },
  { pkg: 'noto-sans-jp', skip: [...LATIN, 'japanese'] },
  { pkg: 'noto-sans-kr', skip: [...LATIN, 'korean'] },
  { pkg: 'noto-emoji' },
];

/** A language tag's pattern for the font index (src/scene/font-index.ts; matched with `new RegExp(pattern).test(lang)`, so case
 * sensitive: each letter is written as both cases). */
function tagPattern(tag: string): string {
  return tag.replace(/[a-z]/gi, (c) => `[${c.toUpperCase()}${c.toLowerCase()}]`);
}

/** Han preferences, in the order they are tried: the first whose pattern matches a story's language tag
 * decides. */
export interface HanPreference {
  /** What the pattern means, for people. */
  readonly tags: string;
  readonly pattern: string;
  /** The CJK families, first to last. */
  readonly order: readonly string[];
}

/**
 * Which CJK family a language draws Han characters with, first to last. Traditional Chinese (a `Hant`
 * script subtag, or Taiwan, Hong Kong, Macao) comes before any other Chinese, since `zh` alone would match
 * it; any other language (or none) takes the Simplified Chinese font first, as troika's resolver guesses
 * Japanese or Korean itself from kana or hangul in the text.
 */
export const HAN_ORDER: readonly HanPreference[] = [
  {
    tags: 'zh-Hant, zh-TW, zh-HK, zh-MO',
    pattern: `^${tagPattern('zh')}-(?:${['hant', 'tw', 'hk', 'mo'].map(tagPattern).join('|')})(?:-|$)`,
    order: ['noto-sans-tc', 'noto-sans-sc', 'noto-sans-jp', 'noto-sans-kr'],
  },
  { tags: 'ja', pattern: `^${tagPattern('ja')}(?:-|$)`, order: ['noto-sans-jp', 'noto-sans-tc', 'noto-sans-sc', 'noto-sans-kr'] },
  { tags: 'ko', pattern: `^${tagPattern('ko')}(?:-|$)`, order: ['noto-sans-kr', 'noto-sans-tc', 'noto-sans-jp', 'noto-sans-sc'] },
  { tags: 'zh', pattern: `^${tagPattern('zh')}(?:-|$)`, order: ['noto-sans-sc', 'noto-sans-tc', 'noto-sans-jp', 'noto-sans-kr'] },
];

/** One served font file. */
export interface FontFile {
  /** Unique and URL-safe: `<family>-<subset>`, e.g. `noto-sans-jp-57`. */
  readonly id: string;
  readonly family: string;
  /** Absolute path of the .woff file. */
  readonly path: string;
  readonly bytes: number;
  readonly coverage: CodeRanges;
}

export interface FontCatalogue {
  /** The fallback files in FONT_FAMILIES order. */
  readonly files: readonly FontFile[];
  /** DejaVu Sans, the font every text starts with. */
  readonly primary: FontFile;
  /** Every code point some served font draws. */
  readonly coverage: CodeRanges;
}

const require = createRequire(import.meta.url);

function packageDir(pkg: string): string {
  return dirname(require.resolve(`@fontsource/${pkg}/package.json`));
}

/**
 * Each font's coverage, kept on disk by path, size and modification time: reading the cmaps of the
 * 370-odd files costs about 0.5 s of CPU, which every `meshwork check` and server start would pay again.
 * An unwritable cache only means reading them each time.
 */
interface CoverageCache {
  readonly version: 1;
  readonly files: Record<string, { size: number; mtimeMs: number; coverage: CodeRanges }>;
}

function cacheFile(): string {
  // node_modules/@fontsource/dejavu-sans -> node_modules/.cache/meshwork
  return join(dirname(dirname(packageDir('dejavu-sans'))), '.cache', 'meshwork', 'font-coverage.json');
}

function readCache(): CoverageCache['files'] {
  try {
    const c = JSON.parse(readFileSync(cacheFile(), 'utf8')) as CoverageCache;
    return c.version === 1 && typeof c.files === 'object' ? c.files : {};
  } catch {
    return {};
  }
}

function writeCache(files: CoverageCache['files']): void {
  try {
    mkdirSync(dirname(cacheFile()), { recursive: true });
    // Written whole, then renamed: a reader in another process never sees half a file.
    const tmp = `${cacheFile()}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, files } satisfies CoverageCache));
    renameSync(tmp, cacheFile());
  } catch {
    // Read-only or full: the next process reads the fonts again.
  }
}

let cached: FontCatalogue | undefined;

/** The served fonts and what each covers (read once per process, from the coverage cache when it holds the
 * same files). */
export function fontCatalogue(): FontCatalogue {
  if (cached) return cached;
  const known = readCache();
  const seen: CoverageCache['files'] = {};
  let changed = false;
  const readFile = (id: string, family: string, path: string): FontFile => {
    const st = statSync(path);
    const hit = known[path];
    let coverage: CodeRanges;
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) coverage = hit.coverage;
    else {
      coverage = fontCoverage(readFileSync(path));
      changed = true;
    }
    seen[path] = { size: st.size, mtimeMs: st.mtimeMs, coverage };
    return { id, family, path, bytes: st.size, coverage };
  };
  const primary = readFile('dejavu-sans', 'dejavu-sans', join(packageDir('dejavu-sans'), 'files', 'dejavu-sans-latin-400-normal.woff'));
  const files: FontFile[] = [];
  for (const family of FONT_FAMILIES) {
    const dir = packageDir(family.pkg);
    // unicode.json names the package's subsets: "[57]" for a numbered slice, "devanagari" for a script.
    const subsets = Object.keys(JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8')) as Record<string, string>);
    for (const key of subsets) {
      const subset = key.replace(/^\[(\d+)\]$/, '$1');
      if (family.skip?.includes(subset)) continue;
      files.push(readFile(`${family.pkg}-${subset}`, family.pkg, join(dir, 'files', `${family.pkg}-${subset}-400-normal.woff`)));
    }
    if (!files.some((f) => f.family === family.pkg))
      throw new Error(`@fontsource/${family.pkg} has no subsets left: check FONT_FAMILIES in server/font-catalogue.ts`);
  }
  const coverage = mergeRanges([primary, ...files].flatMap((f) => f.coverage.map(([a, b]) => [a, b] as [number, number])));
  if (changed || Object.keys(known).length !== Object.keys(seen).length) writeCache(seen);
  cached = { files, primary, coverage };
  return cached;
}
