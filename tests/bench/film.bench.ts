import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderFilm } from '../../server/film.ts';
import { renderFrames } from '../../server/render.ts';
import { createArchive } from '../../src/core/archive.ts';
import { demoInstallation, demoStories } from '../e2e/display-server.ts';
import { table } from './stats.ts';

/**
 * `meshwork film`: frames per second of rendering (each frame drawn on demand in one stepped page, read back
 * in the page, piped raw to ffmpeg's VP9; the sound apart) at 640x360 and 1280x720, over a stretch of the
 * demo with its stories on display. Baseline in the same run and size: frames through `render`
 * (renderFrames: the page opened afresh and screenshotted for each frame), what a film cost before the
 * stepped page. Sized to finish in a few minutes on a loaded two-core machine (a page load there takes
 * 10-30 s); each measurement prints a line as it ends, so a slow run shows where it is.
 */
const SIZES: readonly (readonly [number, number])[] = [
  [640, 360],
  [1280, 720],
];
const FROM = 90;
const FPS = 10;
/** Film frames per size (their rate excludes the page's load, as a long film's does). */
const FRAMES = 12;
/** `render` frames per size: each is a page load, the cost the baseline measures. */
const BASELINE_FRAMES = 3;

export async function run(): Promise<void> {
  const installation = demoInstallation();
  const events = [{ type: 'installation' as const, installation, seq: 1, t: 0 }, ...demoStories().map((e) => ({ ...e, seq: e.seq + 1 }))];
  const archive = createArchive(installation, events, 120);
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-film-bench-'));
  const rows: (string | number)[][] = [];
  const say = (m: string) => process.stderr.write(`film bench: ${m}\n`);
  try {
    for (const [width, height] of SIZES) {
      const film = await renderFilm({ archive, from: FROM, to: FROM + FRAMES / FPS, fps: FPS, width, height, out: join(dir, `f-${width}.webm`), silent: true });
      const filmFps = film.frames / film.renderSeconds;
      say(`${width}x${height}: ${film.frames} film frames in ${film.renderSeconds.toFixed(1)} s (${film.totalSeconds.toFixed(1)} s with the page's load)`);
      const start = performance.now();
      await renderFrames(
        { archive, width, height },
        Array.from({ length: BASELINE_FRAMES }, (_, k) => ({ t: FROM + k / FPS, out: join(dir, `r-${width}-${k}.png`) })),
      );
      const renderSeconds = (performance.now() - start) / 1000;
      const renderFps = BASELINE_FRAMES / renderSeconds;
      say(`${width}x${height}: ${BASELINE_FRAMES} render frames in ${renderSeconds.toFixed(1)} s`);
      rows.push([`${width}x${height}`, `${film.frames} / ${BASELINE_FRAMES}`, filmFps, renderFps, `${(filmFps / renderFps).toFixed(2)}x`]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  table(
    `meshwork film: frames per second of rendering (demo, t=${FROM}.., Chromium/SwiftShader, VP9 by ffmpeg; sound apart)`,
    ['size', 'frames (film / render)', 'film fps (stepped page, read back)', 'render fps (page per frame, baseline)', 'film / baseline'],
    rows,
  );
}
