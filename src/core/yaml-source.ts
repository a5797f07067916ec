import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Diagnostic, PathSegment } from './diagnostics.ts';

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
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = lineCounter.linePos(e.pos[0]);
    diagnostics.push({
      severity: doc.errors.includes(e as never) ? 'error' : 'warning',
      file,
      line: pos.line,
      column: pos.col,
      path: '',
      message: `YAML ${e.code === 'DUPLICATE_KEY' ? 'duplicate key' : 'syntax error'}: ${firstLine(e.message)}`,
      hint: yamlHint(e.code),
    });
  }
  const value: unknown = doc.errors.length ? safeToJs(doc) : doc.toJS({ maxAliasCount: 100 });

  const locate = (path: readonly PathSegment[], at: 'key' | 'value' = 'value') => {
    let node: unknown = doc.contents;
    let best: [number, number] | undefined = rangeOf(node);
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
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

function rangeOf(node: unknown): [number, number] | undefined {
  const r = (node as YamlNode | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

function safeToJs(doc: ReturnType<typeof parseDocument>): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'a key may appear once per object; remove or rename one of them';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation: nested fields need two more spaces than their parent, and lists start with "- "';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a "key: value" line may be missing its colon, or a value spans lines without quotes';
    case 'TAB_AS_INDENT':
      return 'YAML indents with spaces, not tabs';
    case 'UNEXPECTED_TOKEN':
      return 'a character is out of place: quote text that contains ":", "#", "[" or "{"';
    default:
      return 'fix the YAML syntax at this position (quote text with special characters, check indentation)';
  }
}
