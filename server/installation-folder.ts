import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { compileInstallation, type CompileResult, type InstallationFiles } from '../src/core/installation.ts';

/** The installation folder on disk, as the core compiler reads it. Names outside the folder are refused. */
export function folderFiles(dir: string): InstallationFiles {
  const root = resolve(dir);
  const inside = (name: string): string | undefined => {
    const p = resolve(root, name);
    return p === root || p.startsWith(root + sep) ? p : undefined;
  };
  return {
    read(name) {
      const p = inside(name);
      if (!p || !existsSync(p) || !statSync(p).isFile()) return undefined;
      return readFileSync(p, 'utf8');
    },
    exists(name) {
      const p = inside(name);
      return p !== undefined && existsSync(p) && statSync(p).isFile();
    },
  };
}

export function compileFolder(dir: string): CompileResult {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { diagnostics: [{ severity: 'error', file: dir, line: 0, column: 0, path: '', message: 'no such installation folder', hint: `give the folder that holds installation.yaml, e.g. ${join('installations', 'upcycling-rite')}` }] };
  }
  return compileInstallation(folderFiles(dir));
}
