import { z } from 'zod';
import { formatPath, type Diagnostic, type PathSegment } from '../diagnostics.ts';
import { choiceHint, finding, type Finding, type Hint } from '../findings.ts';
import type { YamlSource } from '../yaml-source.ts';

/** Turns zod's issues into diagnostics an artist can act on: line and column from the YAML source, the
 * field path, what was expected, and a hint ("did you mean ...?", the allowed values, the field's purpose). */

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

export function issuesToDiagnostics(issues: readonly Issue[], source: YamlSource, root: AnySchema): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) out.push(...describe(issue, source, root, []));
  return out;
}

function describe(issue: Issue, source: YamlSource, root: AnySchema, prefix: readonly PathSegment[]): Diagnostic[] {
  const path = [...prefix, ...(issue.path as PathSegment[])];
  const value = valueAt(source.value, path);
  const at = (p: readonly PathSegment[], where: 'key' | 'value' = 'value') => source.locate(p, where);
  const schema = schemaAt(root, path);
  const about = schema ? descriptionOf(schema) : undefined;
  // A finding with a code (src/core/findings.ts), or zod's own words for an issue this does not know.
  // A hint with a code (a choice among names), or English: the field's description in the schema.
  const base = (p: readonly PathSegment[], found: Finding | string, hint?: Hint | string, where: 'key' | 'value' = 'value'): Diagnostic => ({
    severity: 'error',
    file: source.file,
    ...at(p, where),
    path: formatPath(p),
    ...(typeof found === 'string' ? { message: found } : found),
    // Every error says how to fix it: where the field has no description, the reference that has one.
    ...(typeof hint === 'object' ? hint : {}),
    hint:
      (typeof hint === 'object' ? hint.hint : hint) ||
      `see what \`${formatPath(p) || 'the file'}\` takes in the installation reference (README), or in your editor's completion from installation.schema.json`,
  });

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysAt(root, path);
      return issue.keys.map((k) => base([...path, k], finding('schema.unknown-field', { field: k }), choiceHint(k, allowed, 'allowed'), 'key'));
    }
    case 'invalid_type': {
      if (value === undefined) {
        const name = path[path.length - 1];
        return [base(path, finding('schema.missing-field', { field: String(name) }), `add \`${String(name)}: ...\`${about ? ` (${about})` : ''}`)];
      }
      return [
        base(
          path,
          finding('schema.wrong-type', {
            expected: article(issue.expected),
            got: `${kindOf(value)}${value !== null && typeof value !== 'object' ? ` (${JSON.stringify(value)})` : ''}`,
          }),
          about,
        ),
      ];
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      return [
        base(path, finding('schema.value-not-allowed', { value: JSON.stringify(value) ?? String(value) }), choiceHint(String(value), allowed, 'allowed')),
      ];
    }
    case 'invalid_union': {
      const branches = issue.errors as Issue[][];
      // A branch that failed only because the whole value had another type is not what the artist meant.
      const plausible = branches.filter((b) => !b.some((i) => i.path.length === 0 && i.code === 'invalid_type'));
      const best = plausible.length > 0 ? plausible.reduce((a, b) => (b.length < a.length ? b : a)) : undefined;
      if (best) return best.flatMap((i) => describe(i, source, root, path));
      const expected = branches
        .map((b) => b.find((i) => i.path.length === 0 && i.code === 'invalid_type'))
        .map((i) => (i && i.code === 'invalid_type' ? i.expected : 'object'));
      return [
        base(
          path,
          finding('schema.wrong-type', { expected: [...new Set(expected)].map(article).join(' or '), got: kindOf(value) }),
          about ?? unionHint(schema),
        ),
      ];
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = small ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive ?? true;
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        const code = small
          ? inclusive
            ? 'schema.number-too-small'
            : 'schema.number-not-above'
          : inclusive
            ? 'schema.number-too-big'
            : 'schema.number-not-below';
        return [base(path, finding(code, { limit: String(limit), value: JSON.stringify(value) ?? String(value) }), about)];
      }
      const text = issue.origin === 'string';
      const count = Array.isArray(value) || typeof value === 'string' ? value.length : '?';
      const code = text ? (small ? 'schema.too-few-characters' : 'schema.too-many-characters') : small ? 'schema.too-few-items' : 'schema.too-many-items';
      return [base(path, finding(code, { limit: String(limit), count }), about)];
    }
    case 'invalid_key': {
      // A record's key (a language tag, an emotion's name) broke its rule: say which key and the rule.
      const key = path[path.length - 1];
      const rule = (issue.issues as Issue[]).map((i) => i.message).join('; ');
      return [base(path, finding('schema.name-not-allowed', { key: String(key), rule }), about, 'key')];
    }
    default:
      return [base(path, issue.message, about)];
  }
}

function unionHint(schema: AnySchema | undefined): string | undefined {
  if (!schema) return undefined;
  return 'write a constant (e.g. `size: 0.02`) or map a field: `{ field: name, scale: { range: [low, high] } }`';
}

function article(t: string): string {
  if (t === 'array') return 'a list';
  if (t === 'object') return 'an object (fields indented below)';
  if (t === 'tuple') return 'a list';
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function kindOf(v: unknown): string {
  if (v === null) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'string' ? 'text' : `a ${typeof v}`;
}

export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  innerType?: AnySchema;
  options?: AnySchema[];
  items?: AnySchema[];
  in?: AnySchema;
}
const defOf = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Strips optional/default/nullable wrappers. */
function unwrap(s: AnySchema): AnySchema {
  let cur = s;
  for (let i = 0; i < 10; i++) {
    const d = defOf(cur);
    if ((d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'prefault') && d.innerType) cur = d.innerType;
    else if (d.type === 'pipe' && d.in) cur = d.in;
    else break;
  }
  return cur;
}

/** The schema that validates the value at `path` (the object branch of a union, when there is one). */
export function schemaAt(root: AnySchema, path: readonly PathSegment[]): AnySchema | undefined {
  let cur: AnySchema | undefined = root;
  for (const seg of path) {
    if (!cur) return undefined;
    cur = child(unwrap(cur), seg);
  }
  return cur;
}

function child(s: AnySchema, seg: PathSegment): AnySchema | undefined {
  const d = defOf(s);
  if (d.type === 'object' && d.shape) return d.shape[String(seg)];
  if (d.type === 'array' && d.element) return d.element;
  if (d.type === 'tuple' && d.items) return d.items[Number(seg)];
  if (d.type === 'record' && d.valueType) return d.valueType;
  if (d.type === 'union' && d.options) {
    for (const o of d.options) {
      const c = child(unwrap(o), seg);
      if (c) return c;
    }
  }
  return undefined;
}

/** The keys an object at `path` may have. */
export function keysAt(root: AnySchema, path: readonly PathSegment[]): string[] {
  const s = schemaAt(root, path);
  if (!s) return [];
  const u = unwrap(s);
  const d = defOf(u);
  if (d.type === 'object' && d.shape) return Object.keys(d.shape);
  if (d.type === 'union' && d.options) {
    for (const o of d.options) {
      const od = defOf(unwrap(o));
      if (od.type === 'object' && od.shape) return Object.keys(od.shape);
    }
  }
  return [];
}

export function descriptionOf(s: AnySchema): string | undefined {
  const direct = z.globalRegistry.get(s as z.ZodType)?.description;
  if (direct) return direct;
  const u = unwrap(s);
  return u === s ? undefined : z.globalRegistry.get(u as z.ZodType)?.description;
}
