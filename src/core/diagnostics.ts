/**
 * Errors an artist reads. Every diagnostic names the file, line and column, the field path, what was
 * expected and a hint on how to fix it. Checks collect all of them instead of stopping at the first.
 */
import type { FindingCode, FindingParams, HintCode } from './findings.ts';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  /** File name relative to the installation folder, e.g. `installation.yaml`. */
  readonly file: string;
  /** 1-based line and column; 0 when the problem has no place in a file (e.g. a missing file). */
  readonly line: number;
  readonly column: number;
  /** Field path in the file, e.g. `sculptures[0].color.field`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
  /** The finding's stable code, when it has one (src/core/findings.ts): a page words it from its catalogue
   * with `params`; without one (or a code it does not know) it shows `message`. */
  readonly code?: FindingCode;
  readonly params?: FindingParams;
  /** The hint's stable code, when it has one (HINTS in src/core/findings.ts), and the values it was filled
   * with: a page words the hint from its catalogue; without one it shows `hint`. */
  readonly hintCode?: HintCode;
  readonly hintParams?: FindingParams;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** `installation.yaml:12:5 error sculptures[0].color.field: ... \n    hint: ...` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const path = d.path ? ` ${d.path}:` : '';
  const hint = d.hint ? `\n    hint: ${d.hint}` : '';
  return `${where} ${d.severity}${path} ${d.message}${hint}`;
}

/** Damerau-Levenshtein distance (optimal string alignment), for "did you mean ...?" hints. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => {
    const row = new Array<number>(n + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= n; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= m; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = v;
    }
  }
  return (d[m] as number[])[n] as number;
}

/** The closest candidate to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = editDistance(w, c.toLowerCase());
    if (dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
  if (bestD <= limit) return best;
  // A word that starts another (or the other way round) is a likely abbreviation: "mass" for "mass_kg".
  if (w.length < 3) return undefined;
  return candidates.find((c) => c.toLowerCase().startsWith(w) || (c.length >= 3 && w.startsWith(c.toLowerCase())));
}

/** The names a choice offers, as a hint lists them: the first 12. */
export function choiceList(candidates: readonly string[]): string {
  return candidates.length <= 12 ? candidates.join(', ') : `${candidates.slice(0, 12).join(', ')}, ...`;
}

/** The English of choiceHint (src/core/findings.ts), for messages that carry no code (the server's refusals). */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const near = closest(word, candidates);
  const list = choiceList(candidates);
  return near ? `did you mean "${near}"? (allowed: ${list})` : `allowed: ${list}`;
}
