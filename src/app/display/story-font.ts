import { createFontFaces, type FontFacesInfo, type StoryFont } from '../../scene/font-faces.ts';
import type { CodeRanges } from '../../scene/story-text.ts';
import { FONT_COVERAGE_PATH, FONT_FACES_PATH, FONT_FALLBACK_PATH, FONT_PATH, FONT_WOFF2_PATH } from './offline-paths.ts';

async function json<T>(path: string, what: string): Promise<T> {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${what} is missing (${res.status} for ${path}): rebuild the client`);
  return (await res.json()) as T;
}

/**
 * The story fonts, served by Meshwork: DejaVu Sans for Latin (with Vietnamese), Greek, Cyrillic, Armenian,
 * Georgian, Hebrew, Arabic, Lao and many symbols, and the Noto files for every other character, each loaded
 * by the browser when a story first needs it (src/scene/font-faces.ts). `coverage` is what all of them draw
 * together; anything else shows as U+FFFD.
 */
export async function loadStoryFont(): Promise<StoryFont> {
  const url = new URL(FONT_PATH, location.href).href;
  const indexUrl = new URL(FONT_FALLBACK_PATH, location.href).href;
  const [coverage, info] = await Promise.all([
    json<CodeRanges>(FONT_COVERAGE_PATH, "the story fonts' coverage"),
    json<FontFacesInfo>(FONT_FACES_PATH, 'the story fonts'),
  ]);
  const faces = await createFontFaces({ info, primaryUrl: new URL(FONT_WOFF2_PATH, location.href).href, indexUrl });
  return { url, coverage, faces };
}
