import { installationSchema, type InstallationSpec } from './schema/installation.ts';
import { typeEmptyFields } from './empty-fields.ts';
import { issuesToDiagnostics } from './schema/issues.ts';
import { salvage } from './schema/salvage.ts';
import { parseYaml, type YamlSource } from './yaml-source.ts';
import { parseCsv, parseJsonTable, type DataTable } from './data.ts';
import { checkReferences } from './references.ts';
import { checkRows } from './rows-check.ts';
import { checkParticles } from './particle-check.ts';
import { hashString, seedOf } from './random.ts';
import { formatPath, type Diagnostic, type PathSegment } from './diagnostics.ts';
import { finding, hint, type FindingCode } from './findings.ts';
import { loadMemories, type Memory } from './memory.ts';
import { checkText, MAX_DATA_BYTES, MAX_INSTALLATION_BYTES, type LoadedText } from './text-file.ts';

export const INSTALLATION_FILE = 'installation.yaml';

/** A validated installation with its data: the first argument of showAt. Plain JSON, so it can be sent to
 * every screen, stored in the log and archived. */
export interface Installation {
  readonly spec: InstallationSpec;
  readonly data: Readonly<Record<string, DataTable>>;
  /** Seed of every random choice (from `seed`, default the title). */
  readonly seed: number;
  /** Content hash of the installation file, its data files and remembered archives: equal versions play
   * equal shows. */
  readonly version: string;
  /** Stories of past shows returning in this one (`memory` in the file); absent when it names none. */
  readonly memories?: readonly Memory[];
}

/** How the compiler reads the installation's folder. In Node this is the file system; in a browser or a
 * test, a map of file names to contents. Names are relative to the folder. */
export interface InstallationFiles {
  read(name: string): string | undefined;
  exists(name: string): boolean;
  /** A file as text with what decoding it found (encoding, size, binary: see text-file.ts), undefined when
   * there is no such file. Optional: without it, `read`'s text goes through the same text checks. */
  load?(name: string, limitBytes: number): LoadedText | undefined;
}

/** A file of the installation as checked text (or why it is not), undefined when it does not exist. */
function loadText(files: InstallationFiles, name: string, limit: number): LoadedText | undefined {
  if (files.load) return files.load(name, limit);
  const text = files.read(name);
  return text === undefined ? undefined : checkText(name, text, limit);
}

/**
 * Why a data file name leaves the installation folder, or undefined: absolute names (`/x`, `\\x`, `C:x`),
 * `..` segments, and control characters are refused, so every reader of the folder (disk, browser, archive)
 * keeps to it. The Node reader also refuses links that lead out of it.
 */
export function outsideFolder(name: string): 'absolute' | 'goes-up' | 'control-character' | undefined {
  if (/^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return 'absolute';
  if (name.split(/[\\/]/).includes('..')) return 'goes-up';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control-character';
  return undefined;
}

/** The finding for a file name outsideFolder refuses. */
const OUTSIDE: { readonly [K in NonNullable<ReturnType<typeof outsideFolder>>]: FindingCode } = {
  absolute: 'file.outside-absolute',
  'goes-up': 'file.outside-goes-up',
  'control-character': 'file.control-character',
};

export interface CompileResult {
  readonly installation?: Installation;
  /** Every problem found, errors and warnings, in file order. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses, validates and resolves an installation. Collects every error instead of stopping at the first;
 * returns an installation only when there is no error. */
export function compileInstallation(files: InstallationFiles): CompileResult {
  const loaded = loadText(files, INSTALLATION_FILE, MAX_INSTALLATION_BYTES);
  const text = loaded?.text;
  if (loaded && text === undefined) return { diagnostics: loaded.diagnostics };
  if (text === undefined) {
    return {
      diagnostics: [
        {
          severity: 'error',
          file: INSTALLATION_FILE,
          line: 0,
          column: 0,
          path: '',
          ...finding('file.no-installation'),
          ...hint('file.create-installation'),
        },
      ],
    };
  }
  const source = parseYaml(INSTALLATION_FILE, text);
  const diagnostics: Diagnostic[] = [...(loaded?.diagnostics ?? []), ...source.diagnostics];
  if (source.diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    diagnostics.push({
      severity: 'error',
      file: INSTALLATION_FILE,
      line: 1,
      column: 1,
      path: '',
      ...finding('file.not-fields'),
      ...hint('file.start-with-title'),
    });
    return { diagnostics };
  }
  const value = withoutExtensions(source.value as Record<string, unknown>);
  const parsed = installationSchema.safeParse(value);
  if (!parsed.success) {
    diagnostics.push(...issuesToDiagnostics(parsed.error.issues, source, installationSchema));
    // Check the references of whatever is valid on its own too, so the artist sees every error at once.
    const partial = (salvage(installationSchema, value) ?? {}) as Partial<InstallationSpec>;
    const loaded = loadData(source, partial.data ?? {}, files);
    const { lines, diagnostics: dataDiagnostics } = loaded;
    const tables = typeEmptyFields(partial, loaded.tables);
    diagnostics.push(...dataDiagnostics, ...checkReferences(partial, tables, source, files), ...checkRows(partial, tables, lines, source));
    return { diagnostics: sortDiagnostics(diagnostics) };
  }
  const spec = parsed.data;
  const data = loadData(source, spec.data, files);
  const { texts, lines, diagnostics: dataDiagnostics } = data;
  // An empty column is typed from the channels that read it (empty-fields.ts), before anything checks it.
  const tables = typeEmptyFields(spec, data.tables);
  diagnostics.push(...dataDiagnostics);
  diagnostics.push(...checkReferences(spec, tables, source, files), ...checkRows(spec, tables, lines, source));
  const remembered = loadMemories(spec.memory, source, (file, path) => readArchiveFile(source, files, file, path));
  diagnostics.push(...remembered.diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics: sortDiagnostics(diagnostics) };
  const versionParts = [text, ...Object.values(spec.data).map((d) => texts.get(d.file) ?? ''), ...remembered.texts];
  const version = versionParts
    .reduce((h, part) => hashString(part, h), 0x811c9dc5)
    .toString(16)
    .padStart(8, '0');
  const installation: Installation = {
    spec,
    data: tables,
    seed: typeof spec.seed === 'number' ? spec.seed >>> 0 : seedOf(spec.seed ?? spec.title),
    version,
    ...(remembered.memories.length > 0 ? { memories: remembered.memories } : {}),
  };
  diagnostics.push(...checkParticles(installation, source));
  return { installation, diagnostics: sortDiagnostics(diagnostics) };
}

/** Compiles from an in-memory map of files (tests, the browser, the archive). */
export function compileFromMap(map: Readonly<Record<string, string>>): CompileResult {
  return compileInstallation({ read: (n) => map[n], exists: (n) => n in map });
}

function loadData(source: YamlSource, data: Readonly<Record<string, { file?: unknown }>>, files: InstallationFiles) {
  const tables: Record<string, DataTable> = {};
  // The line of each data row, for diagnostics only: kept out of the tables, which travel to every screen.
  const lines: Record<string, readonly number[]> = {};
  const texts = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const [name, { file }] of Object.entries(data)) {
    // A salvaged (invalid) source may have lost its name: the schema's error already says why.
    if (typeof file !== 'string') continue;
    const at = { file: source.file, ...source.locate(['data', name, 'file']), path: `data.${name}.file` };
    const outside = outsideFolder(file);
    if (outside) {
      diagnostics.push({
        severity: 'error',
        ...at,
        ...finding(OUTSIDE[outside], { file: printable(file) }),
        ...hint('file.data-inside'),
      });
      continue;
    }
    const loaded = loadText(files, file, MAX_DATA_BYTES);
    if (loaded === undefined) {
      diagnostics.push({
        severity: 'error',
        ...at,
        ...finding('file.data-not-found', { file: printable(file) }),
        ...hint('file.put-data-beside'),
      });
      continue;
    }
    diagnostics.push(...loaded.diagnostics);
    if (loaded.text === undefined) continue;
    texts.set(file, loaded.text);
    const parsed = /\.json$/i.test(file) ? parseJsonTable(name, file, loaded.text) : parseCsv(name, file, loaded.text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.table) tables[name] = parsed.table;
    if (parsed.lines) lines[name] = parsed.lines;
  }
  return { tables, texts, lines, diagnostics };
}

/** A file name as it can be printed in a message: control characters shown as \uXXXX. */
const printable = (name: string): string => name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A remembered archive's text, with the same folder rule and text checks as data files. */
function readArchiveFile(
  source: YamlSource,
  files: InstallationFiles,
  file: string,
  path: readonly PathSegment[],
): { text: string } | { diagnostic: Diagnostic } {
  const at = { severity: 'error' as const, file: source.file, ...source.locate(path), path: formatPath(path) };
  const outside = outsideFolder(file);
  if (outside) return { diagnostic: { ...at, ...finding(OUTSIDE[outside], { file: printable(file) }), ...hint('file.copy-archive-beside') } };
  const loaded = loadText(files, file, MAX_DATA_BYTES);
  if (loaded === undefined)
    return {
      diagnostic: {
        ...at,
        ...finding('file.archive-not-found', { file: printable(file) }),
        ...hint('file.put-archive-beside'),
      },
    };
  const problem = loaded.diagnostics.find((d) => d.severity === 'error');
  if (loaded.text === undefined || problem)
    return { diagnostic: problem ?? { ...at, ...finding('file.archive-unreadable', { file: printable(file) }), ...hint('file.export-again') } };
  return { text: loaded.text };
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file === INSTALLATION_FILE ? -1 : 1));
}

/** Top-level keys that begin with `x-` are the artist's own (as in Compose files): a place to anchor what
 * several sculptures share (`x-river: &river {...}`, then `<<: *river` in each), ignored by the schema. */
export const EXTENSION_KEY = /^x-/;

function withoutExtensions(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !EXTENSION_KEY.test(key)));
}
