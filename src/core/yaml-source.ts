import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { Diagnostic, PathSegment } from './diagnostics.ts';
import { positionAt } from './text-file.ts';
import { finding, hint, type Finding, type HintCode } from './findings.ts';

/** Deepest nesting (maps, lists, flow brackets) a YAML file may have. The schema's deepest is under ten
 * levels; the YAML library itself overflows the stack at a few thousand, slowly. Default 64. */
export const MAX_YAML_DEPTH = 64;
/** Aliases (`*name`) expanded at most, all together: a "billion laughs" file expands exponentially. An
 * installation needs few, if any. Default 100. */
export const MAX_YAML_ALIASES = 100;

/** A parsed YAML file that remembers where every value came from, so errors can name line and column. */
export interface YamlSource {
  readonly file: string;
  readonly value: unknown;
  /** Syntax errors (the value is still as much as could be read). */
  readonly diagnostics: readonly Diagnostic[];
  /** Line and column of the value at `path` (or of its key when `at` is 'key'); falls back to the nearest
   * existing parent, so a missing field points at the object that should hold it. */
  locate(path: readonly PathSegment[], at?: 'key' | 'value'): { line: number; column: number };
}

export function parseYaml(file: string, text: string): YamlSource {
  const failed = (offset: number, found: Finding, advice: HintCode): YamlSource => {
    const at = positionAt(text, offset);
    return {
      file,
      value: undefined,
      diagnostics: [{ severity: 'error', file, line: at.line, column: at.column, path: '', ...found, ...hint(advice) }],
      locate: () => at,
    };
  };
  const deep = tooDeep(text, MAX_YAML_DEPTH);
  if (deep !== undefined) {
    return failed(deep, finding('yaml.too-deep', { depth: MAX_YAML_DEPTH }), 'yaml.fewer-levels');
  }
  try {
    return parseChecked(file, text, failed);
  } catch (e) {
    // The library's own limits (a stack overflow on a pathological file) as one error, not a crash.
    return failed(0, finding('yaml.unreadable', { detail: firstLine(e instanceof Error ? e.message : String(e)) }), 'yaml.simplify');
  }
}

function parseChecked(file: string, text: string, failed: (offset: number, found: Finding, advice: HintCode) => YamlSource): YamlSource {
  const lineCounter = new LineCounter();
  // `merge`: YAML's merge key (`<<: *name`), so sculptures that share their channels write them once:
  // the first is anchored (`- &river {...}`), the others merge it and set what differs.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  const diagnostics: Diagnostic[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = lineCounter.linePos(e.pos[0]);
    diagnostics.push({
      severity: doc.errors.includes(e as never) ? 'error' : 'warning',
      file,
      line: pos.line,
      column: pos.col,
      path: '',
      ...finding(e.code === 'DUPLICATE_KEY' ? 'yaml.duplicate-key' : 'yaml.syntax', { detail: firstLine(e.message) }),
      ...hint(yamlHint(e.code)),
    });
  }
  let aliases = 0;
  let firstAlias = -1;
  visit(doc, {
    Alias(_, node) {
      if (firstAlias < 0) firstAlias = node.range?.[0] ?? 0;
      aliases++;
    },
  });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    if (doc.errors.length) value = undefined;
    else if (aliases > 0) {
      return failed(Math.max(0, firstAlias), finding('yaml.too-many-aliases', { limit: MAX_YAML_ALIASES }), 'yaml.fewer-aliases');
    } else throw e;
  }

  const locate = (path: readonly PathSegment[], at: 'key' | 'value' = 'value') => {
    let node: unknown = doc.contents;
    let best: [number, number] | undefined = rangeOf(node);
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = pairIn(doc, node, String(seg));
        if (!pair) break;
        if (last && at === 'key') {
          best = rangeOf(pair.key) ?? best;
          break;
        }
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
      } else break;
      best = rangeOf(node) ?? best;
    }
    const offset = best ? best[0] : 0;
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return { file, value, diagnostics, locate };
}

type MapPair = YAMLMap['items'][number];

/** The pair for `key` in a map: its own, else the one it merges (`<<: *name` or `<<: [*a, *b]`, the first
 * that has it, as YAML merges), so an error in a merged value points where that value is written. */
function pairIn(doc: Document, map: YAMLMap, key: string, depth = 0): MapPair | undefined {
  const own = map.items.find((p) => isPair(p) && isScalar(p.key) && !isMergeKey(p.key.value) && String(p.key.value) === key);
  if (own || depth > 8) return own;
  for (const p of map.items) {
    if (!isPair(p) || !isScalar(p.key) || !isMergeKey(p.key.value)) continue;
    const sources = isSeq(p.value) ? p.value.items : [p.value];
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(doc) : source;
      if (!isMap(target)) continue;
      const found = pairIn(doc, target, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The library keeps a merge key as a symbol described '<<' (a quoted "<<" stays a plain string key). */
function isMergeKey(value: unknown): boolean {
  return typeof value === 'symbol' && value.description === '<<';
}

function rangeOf(node: unknown): [number, number] | undefined {
  const r = (node as YamlNode | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

/**
 * The offset at which the nesting first goes deeper than `max`, or undefined. Counts block levels (each
 * deeper indentation and each `- ` of a list item) and flow levels (`[`, `{`), outside quotes and comments.
 * It errs on the side of counting less (it does not follow block scalars' text), so a file it lets through
 * may still fail in the parser, which is then caught as an error too.
 */
function tooDeep(text: string, max: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    let col = 0;
    while (text[i] === ' ') {
      i++;
      col++;
    }
    const first = text[i];
    if (first !== '\n' && first !== '\r' && first !== '#' && first !== undefined && flow === 0) {
      while (indents.length > 0 && (indents[indents.length - 1] as number) >= col) indents.pop();
      indents.push(col);
      while (text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\n')) {
        i++;
        col++;
        while (text[i] === ' ') {
          i++;
          col++;
        }
        indents.push(col);
      }
      if (indents.length > max) return i;
    }
    for (; i < n && text[i] !== '\n'; i++) {
      const c = text[i];
      const prev = i > 0 ? text[i - 1] : '\n';
      const startsScalar = prev === ' ' || prev === '\n' || prev === '\t' || prev === '[' || prev === '{' || prev === ',' || prev === ':';
      if ((c === '"' || c === "'") && startsScalar) {
        for (i++; i < n && text[i] !== c; i++) if (c === '"' && text[i] === '\\') i++;
      } else if (c === '#' && (prev === ' ' || prev === '\t' || prev === '\n')) {
        while (i < n && text[i] !== '\n') i++;
        break;
      } else if (c === '[' || c === '{') {
        if (++flow > max) return i;
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
    i++;
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function yamlHint(code: string): HintCode {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'yaml.one-key';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'yaml.indent';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'yaml.colon';
    case 'TAB_AS_INDENT':
      return 'yaml.tabs';
    case 'UNEXPECTED_TOKEN':
      return 'yaml.quote';
    default:
      return 'yaml.fix-syntax';
  }
}
