import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderFilm } from '../../server/film.ts';
import { renderFrames } from '../../server/render.ts';
import { createArchive } from '../../src/core/archive.ts';
import { demoInstallation, demoStories } from '../e2e/display-server.ts';
import { table } from './stats.ts';

/**
 * `meshwork film`: frames per second of rendering (frames stepped in one page, captured, piped to ffmpeg;
 * the sound apart) at 640x360 and 1280x720, over a stretch of the demo with its stories on display.
 * Baseline in the same run and size: the same frames through `render` (renderFrames: the page opened afresh
 * for each frame), which is what a film cost before the stepped page.
 */
const SIZES: readonly (readonly [number, number])[] = [
  [640, 360],
  [1280, 720],
];
const FROM = 90;
const FPS = 10;
const FRAMES = 20;

export async function run(): Promise<void> {
  const installation = demoInstallation();
  const events = [{ type: 'installation' as const, installation, seq: 1, t: 0 }, ...demoStories().map((e) => ({ ...e, seq: e.seq + 1 }))];
  const archive = createArchive(installation, events, 120);
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-film-bench-'));
  const rows: (string | number)[][] = [];
  try {
    for (const [width, height] of SIZES) {
      const film = await renderFilm({ archive, from: FROM, to: FROM + FRAMES / FPS, fps: FPS, width, height, out: join(dir, `f-${width}.webm`), silent: true });
      const filmFps = film.frames / film.renderSeconds;
      const start = performance.now();
      await renderFrames(
        { archive, width, height },
        Array.from({ length: FRAMES }, (_, k) => ({ t: FROM + k / FPS, out: join(dir, `r-${width}-${k}.png`) })),
      );
      const renderFps = FRAMES / ((performance.now() - start) / 1000);
      rows.push([`${width}x${height}`, FRAMES, filmFps, renderFps, `${(filmFps / renderFps).toFixed(2)}x`]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  table(
    `meshwork film: frames per second of rendering (demo, t=${FROM}.., Chromium/SwiftShader, VP9 by ffmpeg; sound apart)`,
    ['size', 'frames', 'film fps (stepped page)', 'render fps (page per frame, baseline)', 'film / baseline'],
    rows,
  );
}
