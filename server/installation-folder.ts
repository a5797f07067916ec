import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { compileInstallation, INSTALLATION_FILE, type CompileResult, type InstallationFiles } from '../src/core/installation.ts';
import { decodeText, tooLarge, type LoadedText } from '../src/core/text-file.ts';
import { fontCatalogue } from './font-catalogue.ts';
import { uncoveredTextWarnings } from './text-coverage.ts';

/**
 * The installation folder on disk, as the core compiler reads it. Names outside the folder are refused, also
 * when a link inside it leads out (the real path must stay inside the folder's real path). A file is read
 * only if it is not larger than the caller's limit, so a huge file costs a stat, not its size in memory.
 */
export function folderFiles(dir: string): InstallationFiles {
  const root = resolve(dir);
  let realRoot: string | undefined;
  const within = (base: string, p: string) => p === base || p.startsWith(base.endsWith(sep) ? base : base + sep);
  /** The file's path if it is a regular file inside the folder, else undefined. */
  const fileOf = (name: string): string | undefined => {
    if (name.includes('\0')) return undefined;
    const p = resolve(root, name);
    if (!within(root, p)) return undefined;
    try {
      realRoot ??= realpathSync(root);
      const real = realpathSync(p);
      return within(realRoot, real) && statSync(real).isFile() ? real : undefined;
    } catch {
      return undefined; // missing, or unreadable: "not found" to the compiler
    }
  };
  const load = (name: string, limitBytes: number): LoadedText | undefined => {
    const p = fileOf(name);
    if (!p) return undefined;
    try {
      const size = statSync(p).size;
      if (size > limitBytes) return tooLarge(name, size, limitBytes);
      return decodeText(name, readFileSync(p), limitBytes);
    } catch (e) {
      return {
        diagnostics: [
          {
            severity: 'error',
            file: name,
            line: 1,
            column: 1,
            path: '',
            message: `the file cannot be read: ${(e as Error).message}`,
            hint: 'check that the file is readable (permissions) and not being written',
          },
        ],
      };
    }
  };
  return {
    read: (name) => load(name, Infinity)?.text,
    exists: (name) => fileOf(name) !== undefined,
    load,
  };
}

/**
 * Compiles the folder. It never throws: a bad file is a diagnostic at its file:line:column, and anything
 * unforeseen becomes one error at installation.yaml:1:1 naming it as an internal error (the fuzz test
 * asserts that it never happens), so `check`, `serve` and a live edit go on with the last good version.
 */
export function compileFolder(dir: string): CompileResult {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return {
      diagnostics: [
        {
          severity: 'error',
          file: dir,
          line: 0,
          column: 0,
          path: '',
          message: 'no such installation folder',
          hint: `give the folder that holds installation.yaml, e.g. ${join('installations', 'upcycling-rite')}`,
        },
      ],
    };
  }
  try {
    const files = folderFiles(dir);
    const result = compileInstallation(files);
    if (!result.installation) return result;
    // Text no served font draws: warned of wherever the folder is compiled (check, serve, a live edit).
    const warnings = uncoveredTextWarnings(result.installation, fontCatalogue().coverage, (name) => files.read(name));
    return warnings.length > 0 ? { ...result, diagnostics: [...result.diagnostics, ...warnings] } : result;
  } catch (e) {
    return {
      diagnostics: [
        {
          severity: 'error',
          file: INSTALLATION_FILE,
          line: 1,
          column: 1,
          path: '',
          message: `${INTERNAL_ERROR}: ${e instanceof Error ? e.message : String(e)}`,
          hint: 'this is a bug in Meshwork: please report it with the file; the last good version keeps playing',
        },
      ],
    };
  }
}

/** How an unforeseen exception in the compiler is named in its diagnostic. */
export const INTERNAL_ERROR = 'internal error while reading the installation';
