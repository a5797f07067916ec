import { configureTextBuilder, preloadFont } from 'troika-three-text';
import type { StoryFont } from '../../scene/Stories.tsx';
import type { CodeRanges } from '../../scene/story-text.ts';
import { FONT_COVERAGE_PATH, FONT_FALLBACK_PATH, FONT_PATH } from './offline-paths.ts';

/** Characters laid out ahead so the first story does not wait for its glyphs (troika builds glyph SDFs
 * on demand, in a worker). */
const PRELOAD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?\'"-()';

/**
 * The story fonts, served by Meshwork: DejaVu Sans, parsed once by troika, for Latin (with Vietnamese),
 * Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic, Lao and many symbols; and for every other character
 * troika's own fallback resolver, pointed at Meshwork's Noto files (server/font-resolver-data.ts), which
 * fetches only the small file holding that character when a story first needs it. `coverage` is what all
 * of them draw together; anything else shows as U+FFFD.
 */
export async function loadStoryFont(): Promise<StoryFont> {
  const url = new URL(FONT_PATH, location.href).href;
  // troika's workers rebuild their code from strings, which the server's Content-Security-Policy (no
  // 'unsafe-eval') forbids: lay text out on the main thread (one font parse at load, then a few ms per
  // story). The default font and the fallbacks are ours, so nothing ever falls back to a font on the internet.
  configureTextBuilder({ useWorker: false, defaultFontURL: url, unicodeFontsURL: new URL(FONT_FALLBACK_PATH, location.href).href });
  const res = await fetch(FONT_COVERAGE_PATH);
  if (!res.ok) throw new Error(`the story fonts' coverage is missing (${res.status} for ${FONT_COVERAGE_PATH}): rebuild the client`);
  const coverage = (await res.json()) as CodeRanges;
  await new Promise<void>((done) => preloadFont({ font: url, characters: PRELOAD }, done));
  return { url, coverage };
}
