import { readFileSync } from 'node:fs';
import type { ShowEvent } from '../src/core/events.ts';
import { RenderError, renderFrame } from './render.ts';

const USAGE = 'usage: meshwork render <folder> --t <seconds> --out <file.png> [--display <wall>] [--width 1280] [--height 720] [--events log.json]';
const VALUED = new Set(['--t', '--out', '--display', '--width', '--height', '--events']);

/** `meshwork render`: parses the arguments, renders, prints where the PNG went. Returns the exit code. */
export async function renderCommand(args: readonly string[]): Promise<number> {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--')) {
      if (!VALUED.has(a)) return fail(`unknown option ${a}`);
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) return fail(`${a} needs a value`);
      flags.set(a, v);
      i++;
    } else positional.push(a);
  }
  const folder = positional[0];
  if (!folder || positional.length > 1) return fail(positional.length > 1 ? `one installation folder, not ${positional.length}` : 'which installation? e.g. meshwork render installations/upcycling-rite --t 95 --out frame.png');
  const t = flags.get('--t');
  const out = flags.get('--out');
  if (t === undefined) return fail('--t is required: the show time to render, in seconds');
  if (out === undefined) return fail('--out is required: the PNG file to write');
  if (!/\.png$/i.test(out)) return fail(`--out must name a .png file (got ${out})`);
  const num = (name: string): number | undefined => (flags.has(name) ? Number(flags.get(name)) : undefined);
  let events: readonly ShowEvent[] | undefined;
  const eventsFile = flags.get('--events');
  if (eventsFile !== undefined) {
    try {
      const parsed = JSON.parse(readFileSync(eventsFile, 'utf8')) as unknown;
      if (!Array.isArray(parsed)) return fail(`${eventsFile} must hold a JSON array of show events (as GET /api/show's "events")`);
      events = parsed as ShowEvent[];
    } catch (err) {
      return fail(`cannot read ${eventsFile}: ${(err as Error).message}`);
    }
  }
  try {
    const result = await renderFrame({
      folder, out, t: t.trim() === '' ? Number.NaN : Number(t),
      display: flags.get('--display'), width: num('--width'), height: num('--height'), events,
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
