import { configureTextBuilder, preloadFont } from 'troika-three-text';
import type { StoryFont } from '../../scene/Stories.tsx';
import type { CodeRanges } from '../../scene/story-text.ts';
import { FONT_COVERAGE_PATH, FONT_PATH } from './offline-paths.ts';

/** Characters laid out ahead so the first story does not wait for its glyphs (troika builds glyph SDFs
 * on demand, in a worker). */
const PRELOAD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?\'"-()';

/**
 * The story font (DejaVu Sans, served by Meshwork): its coverage, and the font parsed once by troika.
 * DejaVu Sans covers Latin (with Vietnamese), Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic, Lao,
 * Tifinagh and many symbols; not Devanagari and the other Indic scripts, Thai, or Chinese, Japanese and
 * Korean, whose characters show as U+FFFD.
 */
export async function loadStoryFont(): Promise<StoryFont> {
  const url = new URL(FONT_PATH, location.href).href;
  // troika's workers rebuild their code from strings, which the server's Content-Security-Policy (no
  // 'unsafe-eval') forbids: lay text out on the main thread (one font parse at load, then a few ms per
  // story). The default font is ours, so nothing ever falls back to a font on the internet.
  configureTextBuilder({ useWorker: false, defaultFontURL: url });
  const res = await fetch(FONT_COVERAGE_PATH);
  if (!res.ok) throw new Error(`the story font's coverage is missing (${res.status} for ${FONT_COVERAGE_PATH}): rebuild the client`);
  const coverage = (await res.json()) as CodeRanges;
  await new Promise<void>((done) => preloadFont({ font: url, characters: PRELOAD }, done));
  return { url, coverage };
}
