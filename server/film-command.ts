import { assetsFlag, numberFlag, parseArgs, readArchiveFile } from './command-args.ts';
import { filmFrames, renderFilm, type FilmProgress } from './film.ts';
import { RenderError } from './render.ts';

export const FILM_USAGE = `usage: meshwork film <archive.json> --from 0 --to 540 [--fps 30] [--size 1920x1080] [--display <wall>] --out rite.webm
                     [--assets <folder>] [--silent] [--frames <folder>]
  a film of a past show: every frame drawn at its exact t (from + k / fps) in Chromium, the sound of the same
  span rendered offline from the same score, muxed by ffmpeg into WebM (VP9, Opus); the same on any machine.
  --frames keeps every frame as a PNG too; --silent leaves the sound out; needs Debian's ffmpeg`;
const VALUED = new Set(['--from', '--to', '--fps', '--size', '--display', '--out', '--assets', '--frames']);
const SWITCHES = new Set(['--silent']);

/** `meshwork film`. Returns the exit code. */
export async function filmCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(FILM_USAGE);
    return 0;
  }
  const parsed = parseArgs(args, { valued: VALUED, switches: SWITCHES });
  if (!parsed.ok) return fail(parsed.error);
  const { flags, positional } = parsed;
  const [file, ...extra] = positional;
  if (!file || extra.length > 0)
    return fail(file ? 'one archive at a time' : 'which archive? e.g. meshwork film rite-archive.json --from 0 --to 540 --out rite.webm');
  const read = readArchiveFile(file);
  if (!read.ok) return fail(read.error);
  const assets = assetsFlag(flags);
  if (!assets.ok) return fail(assets.error);
  const num = (name: string) => numberFlag(flags, name);
  const out = flags.get('--out');
  if (!out) return fail('--out is required: the .webm file to write');
  const from = num('--from');
  const to = num('--to');
  if (from === undefined || to === undefined) return fail('--from and --to are required: the span of the show to film, in show seconds');
  const size = /^(\d+)x(\d+)$/.exec(flags.get('--size') ?? '1920x1080');
  if (!size) return fail(`--size ${flags.get('--size')}: expected WIDTHxHEIGHT, e.g. 1920x1080`);
  const fps = num('--fps') ?? 30;
  const isTty = process.stderr.isTTY === true;
  let lastLine = 0;
  const progress = (p: FilmProgress) => {
    const now = performance.now();
    if (!isTty && p.frame < p.frames && now - lastLine < 5000) return;
    lastLine = now;
    const width = 30;
    const done = Math.round((p.frame / p.frames) * width);
    const line = `[${'#'.repeat(done)}${'.'.repeat(width - done)}] frame ${p.frame}/${p.frames}, ${p.fps.toFixed(1)} fps, ${formatLeft(p.secondsLeft)} left`;
    process.stderr.write(isTty ? `\r${line}` : `${line}\n`);
    if (isTty && p.frame === p.frames) process.stderr.write('\n');
  };
  try {
    const frames = filmFrames(from, to, fps);
    if (frames === 0) return fail(`the span ${from} to ${to} holds no frame`);
    const display = flags.get('--display');
    const keep = flags.get('--frames');
    const result = await renderFilm({
      archive: read.archive,
      from,
      to,
      fps,
      width: Number(size[1]),
      height: Number(size[2]),
      out,
      silent: flags.has('--silent'),
      ...(display !== undefined ? { display } : {}),
      ...(assets.folder !== undefined ? { folder: assets.folder } : {}),
      ...(keep !== undefined ? { keepFrames: keep } : {}),
      onProgress: progress,
      log: (m) => console.error(m),
    });
    console.log(
      `wrote ${result.file}: ${result.frames} frames (${(result.frames / fps).toFixed(2)} s), frames at ${(result.frames / result.renderSeconds).toFixed(1)} fps, sound in ${result.audioSeconds.toFixed(1)} s, ${result.totalSeconds.toFixed(1)} s in all`,
    );
    return 0;
  } catch (err) {
    if (err instanceof RenderError) return fail(err.message);
    console.error(`meshwork film: ${(err as Error).message}`);
    return 1;
  }
}

function formatLeft(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.ceil(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

function fail(message: string): number {
  console.error(`meshwork film: ${message}\n${FILM_USAGE}`);
  return 1;
}
