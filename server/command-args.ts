import { existsSync, readFileSync, statSync } from 'node:fs';
import { readArchive, type Archive } from '../src/core/archive.ts';

/**
 * The argument and archive handling that `meshwork render`, `replay` and `film` share: one rule for what a
 * flag is, what a value is, how a number is read and how an archive file is opened, so the three commands
 * answer the same mistake with the same words.
 */

export interface CommandArgs {
  /** `--name value` and `--switch` (value "true"), the last one given winning. */
  readonly flags: ReadonlyMap<string, string>;
  /** Everything else, in order. */
  readonly positional: readonly string[];
}

export type ArgsResult = ({ readonly ok: true } & CommandArgs) | { readonly ok: false; readonly error: string };

export interface ArgsSpec {
  /** Flags followed by a value. */
  readonly valued: ReadonlySet<string>;
  /** Flags that stand alone. Default none. */
  readonly switches?: ReadonlySet<string>;
}

/**
 * Splits a command's arguments. A value is the next argument unless it is missing or is itself a flag
 * ("--…"): `--out --t 5` says `--out needs a value` rather than writing a file named "--t". A negative
 * number ("-5") is a value.
 */
export function parseArgs(args: readonly string[], spec: ArgsSpec): ArgsResult {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    if (spec.switches?.has(a)) {
      flags.set(a, 'true');
      continue;
    }
    if (!spec.valued.has(a)) return { ok: false, error: `unknown option ${a}` };
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) return { ok: false, error: `${a} needs a value` };
    flags.set(a, v);
    i++;
  }
  return { ok: true, flags, positional };
}

/** A flag's number: undefined when it was not given, NaN when it is blank or not a number (the caller says
 * what it expected). */
export function numberFlag(flags: ReadonlyMap<string, string>, name: string): number | undefined {
  const v = flags.get(name);
  return v === undefined ? undefined : v.trim() === '' ? Number.NaN : Number(v);
}

export type ArchiveFileResult = { readonly ok: true; readonly archive: Archive } | { readonly ok: false; readonly error: string };

/** Reads and checks an archive file (src/core/archive.ts): a missing file, an unreadable one, a damaged or
 * foreign one each get a message that says what to give instead. */
export function readArchiveFile(file: string): ArchiveFileResult {
  if (!existsSync(file) || !statSync(file).isFile()) return { ok: false, error: `${file} is not a file: give the .json the console's Export archive wrote` };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, error: `cannot read ${file}: ${(err as Error).message} (check the path and its permissions)` };
  }
  const read = readArchive(text, file);
  return read.ok ? { ok: true, archive: read.archive } : { ok: false, error: `${read.error}\n  ${read.hint}` };
}

/** `--assets <folder>`: where an archive's models and audio files are. Undefined when not given; an error
 * when it names no folder. */
export function assetsFlag(
  flags: ReadonlyMap<string, string>,
): { readonly ok: true; readonly folder?: string } | { readonly ok: false; readonly error: string } {
  const folder = flags.get('--assets');
  if (folder === undefined) return { ok: true };
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    return { ok: false, error: `--assets ${folder} is not a folder: give the installation folder that holds the archive's models and audio files` };
  return { ok: true, folder };
}
