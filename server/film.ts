import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { Archive } from '../src/core/archive.ts';
import type { MeshworkHook } from '../src/app/display/test-hook.ts';
import { launchChromium } from './chromium.ts';
import { RenderError, renderInputs, serveForRender } from './render.ts';

export interface FilmOptions {
  readonly archive: Archive;
  /** Where its models and audio files are, if it has any. */
  readonly folder?: string;
  /** The span, show seconds: frame k is drawn at from + k / fps, for every k with from + k / fps < to. */
  readonly from: number;
  readonly to: number;
  /** Frames per second. Default 30. */
  readonly fps?: number;
  readonly width?: number;
  readonly height?: number;
  /** A wall id; default the desktop view. */
  readonly display?: string;
  /** The .webm to write (VP9 video, Opus sound). */
  readonly out: string;
  /** Also keep every frame as a PNG here (frame-000000.png ...): what was encoded, before compression. */
  readonly keepFrames?: string;
  /** Leave the sound out. Default false. */
  readonly silent?: boolean;
  /** Sample rate of the sound. Default 48000. */
  readonly sampleRate?: number;
  /** Told after every frame (progress bars). */
  readonly onProgress?: (p: FilmProgress) => void;
  readonly log?: (message: string) => void;
  /** The ffmpeg to run. Default `ffmpeg` on the PATH (Debian's package). */
  readonly ffmpeg?: string;
}

export interface FilmProgress {
  readonly frame: number;
  readonly frames: number;
  /** Frames rendered per second so far (wall time). */
  readonly fps: number;
  /** Estimated seconds left. */
  readonly secondsLeft: number;
}

export interface FilmResult {
  readonly file: string;
  readonly frames: number;
  /** Wall time spent rendering the frames (from the first step to the last capture), seconds. */
  readonly renderSeconds: number;
  readonly audioSeconds: number;
  readonly totalSeconds: number;
}

/** How many frames a span holds: frame k at from + k / fps, k = 0 .. n - 1, every one before `to`. */
export function filmFrames(from: number, to: number, fps: number): number {
  return Math.max(0, Math.ceil((to - from) * fps - 1e-9));
}

/** The page's hook, typed for evaluate(). */
type W = { __meshwork?: MeshworkHook };

/**
 * `meshwork film`: a film of a past show, the same on any machine. One page (`/?t=<from>&film`) frozen at
 * each frame's exact t in turn (film-hook.ts steps it; nothing runs on real time), each frame drawn on demand
 * with every text laid out and read back in the page (FilmCapture.tsx), piped as raw RGBA into Debian's ffmpeg; the sound of the same span
 * rendered offline in the page from the same score (Tone.Offline through the display's sound adapter) and
 * muxed with it (VP9 + Opus in WebM).
 */
export async function renderFilm(options: FilmOptions): Promise<FilmResult> {
  const started = performance.now();
  const fps = options.fps ?? 30;
  const width = options.width ?? 1920;
  const height = options.height ?? 1080;
  const log = options.log ?? (() => {});
  if (!Number.isFinite(options.from) || !Number.isFinite(options.to) || options.to <= options.from) {
    throw new RenderError(`--from and --to must be show seconds with --to after --from (got ${options.from} and ${options.to})`);
  }
  if (!(fps > 0 && fps <= 240)) throw new RenderError(`--fps must be between 0 and 240 frames per second (got ${fps})`);
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    // VP9 in 4:2:0 wants even sizes.
    if (!Number.isInteger(v) || v < 16 || v > 8192 || v % 2 !== 0)
      throw new RenderError(`--size: the ${name} must be an even number of pixels, 16 to 8192 (got ${v})`);
  }
  if (!/\.webm$/i.test(options.out)) throw new RenderError(`--out must name a .webm file (got ${options.out})`);
  const { installation, events, name } = renderInputs({ archive: options.archive, ...(options.display !== undefined ? { display: options.display } : {}) });
  const frames = filmFrames(options.from, options.to, fps);
  const work = mkdtempSync(join(tmpdir(), 'meshwork-film-'));
  const served = await serveForRender({ installation, events, folder: options.folder, serverTime: () => options.from, log });
  const browser = await launchChromium({ width, height });
  let ffmpeg: ChildProcess | undefined;
  try {
    const page = await browser.context.newPage();
    // As for a still (render.ts): loading the page under load may take longer than Playwright's 30 s default.
    page.setDefaultTimeout(120_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const query = new URLSearchParams({ t: String(options.from), film: '' });
    if (options.display !== undefined) query.set('display', options.display);
    log(
      `filming ${name} from t=${options.from} to t=${options.to} at ${fps} fps, ${width}x${height}${options.display ? ` on wall ${options.display}` : ''}: ${frames} frames`,
    );
    await page.goto(`http://127.0.0.1:${served.address.port}/?${query}`);
    await page.waitForFunction(() => (window as W).__meshwork?.ready === true || (window as W).__meshwork?.error !== undefined, undefined, {
      timeout: 120_000,
      polling: 100,
    });
    const error = await page.evaluate(() => (window as W).__meshwork?.error);
    if (error) throw new Error(`the page reported: ${error}`);

    let audioFile: string | undefined;
    const audioStart = performance.now();
    if (!options.silent) {
      audioFile = join(work, 'sound.wav');
      await renderAudio(page, options.from, options.to - options.from, options.sampleRate ?? 48_000, audioFile);
    }
    const audioSeconds = (performance.now() - audioStart) / 1000;

    mkdirSync(dirname(resolve(options.out)), { recursive: true });
    if (options.keepFrames) mkdirSync(options.keepFrames, { recursive: true });
    const ff = spawn(
      options.ffmpeg ?? 'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgba',
        '-video_size',
        `${width}x${height}`,
        '-framerate',
        String(fps),
        '-i',
        '-',
        ...(audioFile ? ['-i', audioFile] : []),
        '-map',
        '0:v',
        ...(audioFile ? ['-map', '1:a', '-c:a', 'libopus', '-b:a', '160k'] : []),
        '-c:v',
        'libvpx-vp9',
        '-pix_fmt',
        'yuv420p',
        '-crf',
        '30',
        '-b:v',
        '0',
        '-deadline',
        'good',
        '-cpu-used',
        '4',
        '-row-mt',
        '1',
        resolve(options.out),
        // The frames as they came from the page, before compression: ffmpeg writes them (lossless PNG, the
        // alpha left out: the frame is opaque) while Node only pipes raw pixels.
        ...(options.keepFrames
          ? ['-map', '0:v', '-f', 'image2', '-start_number', '0', '-pix_fmt', 'rgb24', join(resolve(options.keepFrames), 'frame-%06d.png')]
          : []),
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    ffmpeg = ff;
    let ffErrors = '';
    ff.stderr?.on('data', (d: Buffer) => (ffErrors = (ffErrors + d.toString()).slice(-4000)));
    const exited = new Promise<number>((done, fail) => {
      ff.once('error', (e) => fail(new Error(`cannot run ffmpeg (${e.message}): install Debian's ffmpeg (apt-get install ffmpeg)`)));
      ff.once('exit', (code) => done(code ?? 1));
    });
    exited.catch(() => {});
    const renderStart = performance.now();
    for (let k = 0; k < frames; k++) {
      const t = options.from + k / fps;
      const pixels = await frameAt(page, t, width, height, errors);
      if (!ff.stdin?.write(pixels)) await new Promise<void>((done) => ff.stdin?.once('drain', () => done()));
      const elapsed = (performance.now() - renderStart) / 1000;
      const rate = (k + 1) / Math.max(1e-6, elapsed);
      options.onProgress?.({ frame: k + 1, frames, fps: rate, secondsLeft: (frames - k - 1) / rate });
    }
    const renderSeconds = (performance.now() - renderStart) / 1000;
    ff.stdin?.end();
    const code = await exited;
    if (code !== 0) throw new Error(`ffmpeg failed (exit ${code}): ${ffErrors.trim() || 'no message'}`);
    return { file: resolve(options.out), frames, renderSeconds, audioSeconds, totalSeconds: (performance.now() - started) / 1000 };
  } finally {
    if (ffmpeg && ffmpeg.exitCode === null) ffmpeg.kill('SIGKILL');
    await browser.close();
    await served.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The frame at t, read back in the page (FilmCapture.tsx: drawn on demand at t with every text laid out, its
 * pixels read from the drawing buffer): raw RGBA, rows top first, for ffmpeg's rawvideo input.
 */
async function frameAt(page: Page, t: number, width: number, height: number, errors: readonly string[]): Promise<Buffer> {
  let frame: { width: number; height: number; rgba: string } | undefined;
  try {
    frame = await page.evaluate((at) => (window as W).__meshwork?.capture?.(at), t);
  } catch (e) {
    throw new Error(`the page could not draw t=${t}: ${(e as Error).message}${errors.length ? `; ${errors.join('; ')}` : ''}`);
  }
  if (!frame) throw new Error('the page cannot capture frames (no film canvas): is the client build current?');
  if (frame.width !== width || frame.height !== height)
    throw new Error(`the page drew ${frame.width}x${frame.height} pixels, not ${width}x${height} (a device pixel ratio other than 1?)`);
  const pixels = Buffer.from(frame.rgba, 'base64');
  if (pixels.length !== width * height * 4) throw new Error(`the page sent ${pixels.length} bytes for a ${width}x${height} frame`);
  return pixels;
}

/** Renders the span's sound in the page and writes it as a 16-bit stereo WAV. */
async function renderAudio(page: Page, from: number, seconds: number, sampleRate: number, file: string): Promise<void> {
  const length = await page.evaluate(([f, s, r]) => ((window as W).__meshwork as MeshworkHook).renderAudio?.(f, s, r) ?? -1, [
    from,
    seconds,
    sampleRate,
  ] as const);
  if (length < 0) throw new Error('the page cannot render sound (no film hook)');
  const chunks: Buffer[] = [];
  const CHUNK = sampleRate * 10;
  for (let start = 0; start < length; start += CHUNK) {
    const b64 = await page.evaluate(([s, n]) => ((window as W).__meshwork as MeshworkHook).audioChunk?.(s, n) ?? '', [start, CHUNK] as const);
    chunks.push(Buffer.from(b64, 'base64'));
  }
  const data = Buffer.concat(chunks);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(2, 22); // stereo
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(file, Buffer.concat([header, data]));
}
