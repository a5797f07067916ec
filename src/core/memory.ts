import { readArchive } from './archive.ts';
import { archiveContents } from './archive-contents.ts';
import type { Diagnostic, PathSegment } from './diagnostics.ts';
import { formatPath } from './diagnostics.ts';
import { finding, hint } from './findings.ts';
import type { MemorySpec } from './schema/memory.ts';
import type { PhaseSpec } from './schema/installation.ts';
import type { Seconds } from './units.ts';
import type { YamlSource } from './yaml-source.ts';

/**
 * Memories: the kept stories of past shows (their archives, named by `memory.archives`) returning in this
 * one. They are part of the installation, not of the log: they are not new submissions, every screen
 * derives them from the installation alone, and an archive of this show carries them in its installation.
 * Only stories that were in the room and may be kept (src/core/archive-contents.ts) return.
 */
export interface Memory {
  /** Unique in the installation: `memory-<archive index>-<story id>`. */
  readonly id: string;
  readonly text: string;
  readonly emotion: string;
  readonly lang: string;
  /** The material key the story was told about; it lands on this installation's row of that key, if any. */
  readonly material: string;
  /** The tag shown with it: the archive's label, e.g. "2026". */
  readonly tag: string;
}

/** Reads an archive file of the folder for `memory.archives[i]`: its text, or the diagnostic for it. */
export type ArchiveFileReader = (file: string, path: readonly PathSegment[]) => { readonly text: string } | { readonly diagnostic: Diagnostic };

export interface LoadedMemories {
  readonly memories: readonly Memory[];
  /** Each archive file's text, in order (they are part of the installation's version). */
  readonly texts: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

export function loadMemories(spec: MemorySpec | undefined, source: YamlSource, read: ArchiveFileReader): LoadedMemories {
  if (!spec) return { memories: [], texts: [], diagnostics: [] };
  const memories: Memory[] = [];
  const texts: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [i, entry] of spec.archives.entries()) {
    const file = typeof entry === 'string' ? entry : entry.file;
    const path: PathSegment[] = typeof entry === 'string' ? ['memory', 'archives', i] : ['memory', 'archives', i, 'file'];
    const got = read(file, path);
    if ('diagnostic' in got) {
      diagnostics.push(got.diagnostic);
      continue;
    }
    texts.push(got.text);
    const archive = readArchive(got.text, file);
    if (!archive.ok) {
      diagnostics.push({ severity: 'error', file: source.file, ...source.locate(path), path: formatPath(path), message: archive.error, hint: archive.hint });
      continue;
    }
    const year = archive.archive.exportedOn?.slice(0, 4);
    const tag =
      (typeof entry === 'string' ? undefined : entry.label) ?? (year && /^\d{4}$/.test(year) ? year : archive.archive.installation.spec.title.slice(0, 32));
    const kept = archiveContents(archive.archive).stories;
    if (kept.length === 0) {
      diagnostics.push({
        severity: 'warning',
        file: source.file,
        ...source.locate(path),
        path: formatPath(path),
        ...finding('memory.no-story', { file }),
        ...hint('memory.other-archive'),
      });
    }
    for (const s of kept) memories.push({ id: `memory-${i}-${s.id}`, text: s.text, emotion: s.emotion, lang: s.lang, material: s.material, tag });
  }
  return { memories, texts, diagnostics };
}

/** The phase memories appear in: the one the file names, else the last. */
export function memoryPhase(spec: MemorySpec, phases: readonly PhaseSpec[]): string | undefined {
  return spec.phase ?? phases[phases.length - 1]?.id;
}

/**
 * Which memories are on display `elapsed` seconds into the memory phase: memory k appears at k * every and
 * stays `seconds`; newest first, at most `max`. O(seconds / every), not O(memories).
 */
export function memoriesAt(count: number, every: Seconds, seconds: Seconds, elapsed: Seconds, max: number): { index: number; age: Seconds }[] {
  const out: { index: number; age: Seconds }[] = [];
  if (elapsed < 0 || count === 0) return out;
  for (let k = Math.min(count - 1, Math.floor(elapsed / every)); k >= 0 && out.length < max; k--) {
    const age = elapsed - k * every;
    if (age > seconds) break;
    out.push({ index: k, age });
  }
  return out;
}
