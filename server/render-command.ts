import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Archive } from '../src/core/archive.ts';
import type { ShowEvent } from '../src/core/events.ts';
import { assetsFlag, numberFlag, parseArgs, readArchiveFile } from './command-args.ts';
import { RenderError, renderFrame } from './render.ts';

const USAGE = `usage: meshwork render <folder | archive.json> --t <seconds> --out <file.png> [--display <wall>] [--width 1280] [--height 720]
                      [--events log.json | archive.json] [--assets <folder>]
  an archive (the console's Export archive) holds the installation, its data and the log: it renders alone;
  --assets names the folder of its models and audio files, if it has any`;
const VALUED = new Set(['--t', '--out', '--display', '--width', '--height', '--events', '--assets']);

/** `meshwork render`: parses the arguments, renders, prints where the PNG went. Returns the exit code. */
export async function renderCommand(args: readonly string[]): Promise<number> {
  const parsed = parseArgs(args, { valued: VALUED });
  if (!parsed.ok) return fail(parsed.error);
  const { flags, positional } = parsed;
  const source = positional[0];
  if (!source || positional.length > 1)
    return fail(
      positional.length > 1
        ? `one installation folder or archive, not ${positional.length}`
        : 'which installation? e.g. meshwork render installations/upcycling-rite --t 95 --out frame.png',
    );
  let folder: string | undefined = source;
  let archive: Archive | undefined;
  if (/\.json$/i.test(source) && existsSync(source) && statSync(source).isFile()) {
    const read = readArchiveFile(source);
    if (!read.ok) return fail(read.error);
    archive = read.archive;
    const assets = assetsFlag(flags);
    if (!assets.ok) return fail(assets.error);
    folder = assets.folder;
  } else if (flags.has('--assets')) return fail('--assets is for an archive: a folder serves its own models and audio files');
  const t = numberFlag(flags, '--t');
  const out = flags.get('--out');
  if (t === undefined) return fail('--t is required: the show time to render, in seconds');
  if (out === undefined) return fail('--out is required: the PNG file to write');
  if (!/\.png$/i.test(out)) return fail(`--out must name a .png file (got ${out})`);
  const num = (name: string) => numberFlag(flags, name);
  let events: readonly ShowEvent[] | undefined;
  const eventsFile = flags.get('--events');
  if (eventsFile !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(eventsFile, 'utf8'));
    } catch (err) {
      return fail(`cannot read ${eventsFile}: ${(err as Error).message}`);
    }
    if (Array.isArray(parsed)) events = parsed as ShowEvent[];
    else {
      // An exported archive given as the events of a folder: its log replays over the folder's installation.
      const read = readArchiveFile(eventsFile);
      if (!read.ok) return fail(`${eventsFile} must hold a JSON array of show events (as GET /api/show's "events") or an archive: ${read.error}`);
      events = read.archive.events;
    }
  }
  try {
    const result = await renderFrame({
      ...(folder !== undefined ? { folder } : {}),
      ...(archive ? { archive } : {}),
      out,
      t,
      display: flags.get('--display'),
      width: num('--width'),
      height: num('--height'),
      events,
      log: (msg) => console.error(msg),
    });
    console.log(`wrote ${result.file} (${Math.round(result.totalMs)} ms)`);
    return 0;
  } catch (err) {
    if (err instanceof RenderError) return fail(err.message);
    console.error(`render failed: ${(err as Error).message}`);
    return 1;
  }
}

function fail(message: string): number {
  console.error(`meshwork render: ${message}\n${USAGE}`);
  return 1;
}
