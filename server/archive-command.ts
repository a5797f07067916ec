import { writeArchiveSite } from './archive-site.ts';
import { numberFlag, parseArgs, readArchiveFile } from './command-args.ts';
import { RenderError } from './render.ts';

const USAGE = `usage: meshwork archive <archive.json> --out <folder> [--stills 6] [--display <wall>] [--width 960] [--height 540]
  writes index.html (the show's title, data, phases and every kept story, grouped by material and by
  emotion), stills of key moments and the archive itself into <folder>; the page opens offline`;
const VALUED = new Set(['--out', '--stills', '--display', '--width', '--height']);

/** `meshwork archive`: the static archive page. Returns the exit code. */
export async function archiveCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const parsed = parseArgs(args, { valued: VALUED });
  if (!parsed.ok) return fail(parsed.error);
  const { flags, positional } = parsed;
  const [file, ...extra] = positional;
  if (!file || extra.length > 0) return fail(file ? 'one archive file at a time' : 'which archive? e.g. meshwork archive rite-archive.json --out rite-2026');
  const out = flags.get('--out');
  if (!out) return fail('--out is required: the folder to write the page into');
  const whole = (name: string, fallback: number, min: number) => {
    const v = numberFlag(flags, name) ?? fallback;
    if (!Number.isInteger(v) || v < min) throw new RenderError(`${name} must be a whole number of at least ${min} (got ${flags.get(name)})`);
    return v;
  };
  const read = readArchiveFile(file);
  if (!read.ok) return fail(read.error);
  try {
    const display = flags.get('--display');
    const result = await writeArchiveSite({
      archive: read.archive,
      out,
      stills: whole('--stills', 6, 0),
      width: whole('--width', 960, 16),
      height: whole('--height', 540, 16),
      ...(display !== undefined ? { display } : {}),
      log: (m) => console.error(m),
    });
    console.log(`wrote ${result.page} with ${result.stills.length} still(s): open it in any browser, no network needed`);
    return 0;
  } catch (err) {
    if (err instanceof RenderError) return fail(err.message);
    console.error(`meshwork archive: ${(err as Error).message}`);
    return 1;
  }
}

function fail(message: string): number {
  console.error(`meshwork archive: ${message}\n${USAGE}`);
  return 1;
}
