import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { formatDiagnostic } from '../src/core/diagnostics.ts';
import type { Archive } from '../src/core/archive.ts';
import type { ShowEvent } from '../src/core/events.ts';
import type { Installation } from '../src/core/installation.ts';
import { wallProblem } from '../src/core/wall-geometry.ts';
import type { MeshworkHook } from '../src/app/display/test-hook.ts';
import { ensureClientBuilt } from './build-client.ts';
import { launchChromium } from './chromium.ts';
import { createHttpServer, listen } from './http.ts';
import { compileFolder } from './installation-folder.ts';

export interface RenderOptions {
  /** The installation folder (installation.yaml and its data); with `archive`, only where its models and
   * audio files are (optional: the archive holds the installation and its data). */
  readonly folder?: string;
  /** A past show (src/core/archive.ts): its installation, and its log unless `events` is given. */
  readonly archive?: Archive;
  /** Show time to render, seconds. */
  readonly t: number;
  /** The PNG to write. */
  readonly out: string;
  /** A wall id (displays.walls); default the desktop view. */
  readonly display?: string;
  /** Pixels. Default 1280 x 720. */
  readonly width?: number;
  readonly height?: number;
  /** Show events to replay up to t (e.g. an archive's log). Default none. */
  readonly events?: readonly ShowEvent[];
  /** Progress messages. Default silent. */
  readonly log?: (msg: string) => void;
  /** Give up waiting for the page, its frame or its screenshot after this many seconds each. Default 120. */
  readonly timeoutSeconds?: number;
}

export interface RenderResult {
  readonly file: string;
  /** Wall time of the whole render (build check, browser, frame), milliseconds. */
  readonly totalMs: number;
}

/** A user's mistake (bad folder, t or display id): the CLI prints the message alone, without a stack. */
export class RenderError extends Error {}

function compiledInstallation(folder: string | undefined): Installation {
  if (folder === undefined) throw new RenderError('which installation? give its folder or an archive file');
  const compiled = compileFolder(folder);
  if (compiled.installation) return compiled.installation;
  const errors = compiled.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => formatDiagnostic(d))
    .join('\n');
  throw new RenderError(`${folder} is not a valid installation:\n${errors}\n(run \`npm run check -- ${folder}\` for details)`);
}

/** One frame to render: the show time and the PNG to write. */
export interface FrameRequest {
  readonly t: number;
  readonly out: string;
}

/**
 * Renders one frame of an installation at time t to a PNG, as a screen would show it: builds the client if
 * needed, serves it with the folder's snapshot on a free port, opens the page frozen at t (`/?t=`) in
 * Chromium and waits until the page reports the frame drawn.
 */
export async function renderFrame(options: RenderOptions): Promise<RenderResult> {
  const [result] = await renderFrames(options, [{ t: options.t, out: options.out }]);
  return result as RenderResult;
}

/**
 * Renders several frames of one show with one server and one browser (stills of an archive, a film's
 * frames): each frame is the page opened afresh, frozen at its t, so a frame never depends on the ones
 * before it. `options.t` and `options.out` are ignored; each result's totalMs is the time since the start.
 */
export async function renderFrames(
  options: Omit<RenderOptions, 't' | 'out'> & Partial<Pick<RenderOptions, 't' | 'out'>>,
  frames: readonly FrameRequest[],
): Promise<RenderResult[]> {
  const started = process.hrtime.bigint();
  const log = options.log ?? (() => {});
  const width = options.width ?? 1280;
  const height = options.height ?? 720;
  for (const { t } of frames) {
    if (!Number.isFinite(t)) throw new RenderError(`--t must be a number of seconds on the show clock, e.g. --t 95 (got ${String(t)})`);
  }
  for (const [name, v] of [
    ['--width', width],
    ['--height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 16 || v > 8192) throw new RenderError(`${name} must be a whole number of pixels between 16 and 8192 (got ${v})`);
  }
  const { installation, events, name } = renderInputs(options);
  let serverTime = frames[0]?.t ?? 0;
  const served = await serveForRender({ installation, events, folder: options.folder, serverTime: () => serverTime, log });
  const address = served.address;
  const browser = await launchChromium({ width, height });
  const timeout = options.timeoutSeconds ?? 120;
  try {
    const page = await browser.context.newPage();
    // Every step (loading the page, the screenshot, which waits for a frame) gets the frame's time: under
    // load (SwiftShader on a busy machine) Playwright's own 30 s default failed renders that were on their way.
    page.setDefaultTimeout(timeout * 1000);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const results: RenderResult[] = [];
    for (const frame of frames) {
      serverTime = frame.t;
      const query = new URLSearchParams({ t: String(frame.t) });
      if (options.display !== undefined) query.set('display', options.display);
      log(`rendering ${name} at t=${frame.t}${options.display ? ` on wall ${options.display}` : ''} (${width}x${height})`);
      await page.goto(`http://127.0.0.1:${address.port}/?${query}`);
      try {
        await page.waitForFunction(
          () => {
            const h = (window as { __meshwork?: MeshworkHook }).__meshwork;
            return h?.ready === true || h?.error !== undefined;
          },
          undefined,
          { timeout: timeout * 1000, polling: 100 },
        );
      } catch {
        throw new Error(`the page did not draw a frame of t=${frame.t} in ${timeout} s${errors.length ? `: ${errors.join('; ')}` : ''}`);
      }
      const error = await page.evaluate(() => (window as { __meshwork?: MeshworkHook }).__meshwork?.error);
      if (error) throw new Error(`the page reported: ${error}`);
      const file = resolve(frame.out);
      mkdirSync(dirname(file), { recursive: true });
      await page.screenshot({ path: file, type: 'png' });
      results.push({ file, totalMs: Number(process.hrtime.bigint() - started) / 1e6 });
    }
    return results;
  } finally {
    await browser.close();
    await served.close();
  }
}

/** What renderFrames and the film (film.ts) check before anything starts: the installation of the folder
 * or archive, its events, and the wall asked for (named, and able to show anything). */
export function renderInputs(options: Pick<RenderOptions, 'folder' | 'archive' | 'events' | 'display'>): {
  readonly installation: Installation;
  readonly events: readonly ShowEvent[];
  readonly name: string;
} {
  const installation = options.archive?.installation ?? compiledInstallation(options.folder);
  const name = options.archive ? `the archive of "${installation.spec.title}"` : String(options.folder);
  const events = options.events ?? options.archive?.events ?? [];
  const walls = Object.keys(installation.spec.displays.walls);
  if (options.display !== undefined && !walls.includes(options.display)) {
    throw new RenderError(
      `there is no wall "${options.display}" in ${name}: ${walls.length ? `the walls are ${walls.join(', ')}` : 'it has no displays.walls'}`,
    );
  }
  // The same rule as `check`: a wall that cannot show anything is named at once, without a browser (an
  // archive's installation is not checked again when it is read).
  const wall = options.display !== undefined ? installation.spec.displays.walls[options.display] : undefined;
  const broken = wall ? wallProblem(wall) : undefined;
  if (broken)
    throw new RenderError(
      `wall "${options.display}" cannot show anything: ${broken.message} (displays.walls.${options.display}.${broken.field.join('.')}; ${broken.hint})`,
    );
  return { installation, events, name };
}

/** The built client and a fixed snapshot of a show on a free loopback port, for the render command and the
 * film. An archive without a folder has no models or audio files to serve: every asset answers 404. */
export async function serveForRender(options: {
  readonly installation: Installation;
  readonly events: readonly ShowEvent[];
  readonly folder: string | undefined;
  readonly serverTime: () => number;
  readonly log: (msg: string) => void;
}): Promise<{ readonly address: AddressInfo; close(): Promise<void> }> {
  const { dir } = await ensureClientBuilt({ log: options.log });
  const noAssets = options.folder === undefined ? mkdtempSync(join(tmpdir(), 'meshwork-archive-')) : undefined;
  const server = createHttpServer({
    distDir: dir,
    installationDir: resolve(options.folder ?? noAssets ?? '.'),
    snapshot: () => ({ installation: options.installation, events: options.events, serverTime: options.serverTime() }),
  });
  const address: AddressInfo = await listen(server, 0, '127.0.0.1');
  return {
    address,
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      if (noAssets) rmSync(noAssets, { recursive: true, force: true });
    },
  };
}
