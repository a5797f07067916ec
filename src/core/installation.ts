import { installationSchema, type InstallationSpec } from './schema/installation.ts';
import { issuesToDiagnostics } from './schema/issues.ts';
import { salvage } from './schema/salvage.ts';
import { parseYaml, type YamlSource } from './yaml-source.ts';
import { parseCsv, parseJsonTable, type DataTable } from './data.ts';
import { checkReferences } from './references.ts';
import { hashString, seedOf } from './random.ts';
import { formatPath, type Diagnostic, type PathSegment } from './diagnostics.ts';
import { loadMemories, type Memory } from './memory.ts';

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
}

export interface CompileResult {
  readonly installation?: Installation;
  /** Every problem found, errors and warnings, in file order. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses, validates and resolves an installation. Collects every error instead of stopping at the first;
 * returns an installation only when there is no error. */
export function compileInstallation(files: InstallationFiles): CompileResult {
  const text = files.read(INSTALLATION_FILE);
  if (text === undefined) {
    return {
      diagnostics: [{ severity: 'error', file: INSTALLATION_FILE, line: 0, column: 0, path: '', message: 'the folder has no installation.yaml', hint: 'create installation.yaml in the installation folder (see the README for a 20-line example)' }],
    };
  }
  const source = parseYaml(INSTALLATION_FILE, text);
  const diagnostics: Diagnostic[] = [...source.diagnostics];
  if (source.diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    diagnostics.push({ severity: 'error', file: INSTALLATION_FILE, line: 1, column: 1, path: '', message: 'the file must be an object of fields (title, data, sculptures, ...)', hint: 'start with `title: My installation`' });
    return { diagnostics };
  }
  const parsed = installationSchema.safeParse(source.value);
  if (!parsed.success) {
    diagnostics.push(...issuesToDiagnostics(parsed.error.issues, source, installationSchema));
    // Check the references of whatever is valid on its own too, so the artist sees every error at once.
    const partial = (salvage(installationSchema, source.value) ?? {}) as Partial<InstallationSpec>;
    const { tables, diagnostics: dataDiagnostics } = loadData(source, partial.data ?? {}, files);
    diagnostics.push(...dataDiagnostics, ...checkReferences(partial, tables, source, files));
    return { diagnostics: sortDiagnostics(diagnostics) };
  }
  const spec = parsed.data;
  const { tables, diagnostics: dataDiagnostics } = loadData(source, spec.data, files);
  diagnostics.push(...dataDiagnostics);
  diagnostics.push(...checkReferences(spec, tables, source, files));
  const remembered = loadMemories(spec.memory, source, (file, path) => readArchiveFile(source, files, file, path));
  diagnostics.push(...remembered.diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics: sortDiagnostics(diagnostics) };
  const versionParts = [text, ...Object.values(spec.data).map((d) => files.read(d.file) ?? ''), ...remembered.texts];
  const version = versionParts.reduce((h, part) => hashString(part, h), 0x811c9dc5).toString(16).padStart(8, '0');
  const installation: Installation = {
    spec,
    data: tables,
    seed: typeof spec.seed === 'number' ? spec.seed >>> 0 : seedOf(spec.seed ?? spec.title),
    version,
    ...(remembered.memories.length > 0 ? { memories: remembered.memories } : {}),
  };
  return { installation, diagnostics: sortDiagnostics(diagnostics) };
}

/** Compiles from an in-memory map of files (tests, the browser, the archive). */
export function compileFromMap(map: Readonly<Record<string, string>>): CompileResult {
  return compileInstallation({ read: (n) => map[n], exists: (n) => n in map });
}

function loadData(source: YamlSource, data: Readonly<Record<string, { file: string }>>, files: InstallationFiles) {
  const tables: Record<string, DataTable> = {};
  const diagnostics: Diagnostic[] = [];
  for (const [name, { file }] of Object.entries(data)) {
    if (file.includes('..') || file.startsWith('/')) {
      diagnostics.push({ severity: 'error', file: source.file, ...source.locate(['data', name, 'file']), path: `data.${name}.file`, message: `"${file}" is outside the installation folder`, hint: 'data files live beside installation.yaml; give a name relative to it' });
      continue;
    }
    const text = files.read(file);
    if (text === undefined) {
      diagnostics.push({ severity: 'error', file: source.file, ...source.locate(['data', name, 'file']), path: `data.${name}.file`, message: `data file "${file}" not found`, hint: 'put the file beside installation.yaml, or fix its name (names are case-sensitive)' });
      continue;
    }
    const parsed = /\.json$/i.test(file) ? parseJsonTable(name, file, text) : parseCsv(name, file, text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.table) tables[name] = parsed.table;
  }
  return { tables, diagnostics };
}

/** A remembered archive's text, with the same folder rule as data files. */
function readArchiveFile(source: YamlSource, files: InstallationFiles, file: string, path: readonly PathSegment[]): { text: string } | { diagnostic: Diagnostic } {
  const at = { severity: 'error' as const, file: source.file, ...source.locate(path), path: formatPath(path) };
  if (file.includes('..') || file.startsWith('/')) {
    return { diagnostic: { ...at, message: `"${file}" is outside the installation folder`, hint: 'copy the archive beside installation.yaml and give its name' } };
  }
  const text = files.read(file);
  if (text === undefined) return { diagnostic: { ...at, message: `archive "${file}" not found`, hint: 'put the exported archive beside installation.yaml, or fix its name (names are case-sensitive)' } };
  return { text };
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file === INSTALLATION_FILE ? -1 : 1));
}
