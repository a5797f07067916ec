import type { Diagnostic } from './diagnostics.ts';
import { finding, hint } from './findings.ts';
import { jsonErrorOffset } from './json-locate.ts';

/** Data sources: rows of fields. Kept JSON-serialisable, because the installation travels to every screen
 * and into the archive. */
export type FieldValue = string | number | null;
export type Row = Readonly<Record<string, FieldValue>>;
export type FieldType = 'number' | 'text';

export interface FieldInfo {
  readonly name: string;
  readonly type: FieldType;
  /** Numbers: [min, max] over the data; text: [] */
  readonly extent: readonly [number, number] | readonly [];
  /** Text: distinct values in order of first appearance; numbers: []. */
  readonly categories: readonly string[];
}

export interface DataTable {
  readonly name: string;
  readonly file: string;
  readonly fields: readonly FieldInfo[];
  readonly rows: readonly Row[];
}

export interface ParsedTable {
  readonly table?: DataTable;
  /** The line (1-based) where each data row starts in the file, for diagnostics that name a row. */
  readonly lines?: readonly number[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Rows a data source may have. Default 100,000: every row travels to every screen with the installation,
 * and the compiler checks each; a file with more is refused where the limit is crossed, without reading on. */
export const MAX_ROWS = 100_000;
/** Columns a data source may have. Default 256. */
export const MAX_COLUMNS = 256;
/** Values (rows times columns) a data source may have. Default 2,000,000. */
export const MAX_CELLS = 2_000_000;
/** Problems reported per data file; the rest are counted in one last diagnostic. Default 20. */
export const MAX_REPORTED = 20;

/** Field names that would change what every row object is (a JavaScript prototype) rather than name a field. */
const RESERVED_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);

/** Collects a file's diagnostics, keeping the first MAX_REPORTED and counting the rest. */
function reporter(file: string) {
  const diagnostics: Diagnostic[] = [];
  let more = 0;
  let last: Diagnostic | undefined;
  return {
    add(d: Diagnostic) {
      if (diagnostics.length < MAX_REPORTED) diagnostics.push(d);
      else {
        more++;
        last = d;
      }
    },
    done(): Diagnostic[] {
      if (more === 0 || !last) return diagnostics;
      return [
        ...diagnostics,
        {
          ...last,
          file,
          ...finding('data.more-problems', { count: more }),
          ...hint('data.fix-first'),
        },
      ];
    },
    get errors() {
      return diagnostics.length > 0 || more > 0;
    },
  };
}

/** RFC 4180 CSV: a header row, quoted fields with "" escapes, CRLF or LF, optional BOM. Numbers are numbers
 * when every non-empty cell of the column is one. At most MAX_ROWS rows, MAX_COLUMNS columns, MAX_CELLS values. */
export function parseCsv(name: string, file: string, text: string): ParsedTable {
  const report = reporter(file);
  const records: { cells: string[]; line: number }[] = [];
  let cellCount = 0;
  /** Set when a limit is crossed: the scan stops there. */
  let limit: Diagnostic | undefined;
  const tooMuch = (line: number, what: ReturnType<typeof finding>) => {
    limit = { severity: 'error', file, line, column: 1, path: '', ...what, ...hint('data.keep-csv-smaller') };
  };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let cells: string[] = [];
  let cell = '';
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) {
      records.push({ cells, line: recordLine });
      cellCount += cells.length;
      // The header is a record too: MAX_ROWS rows after it.
      if (records.length > MAX_ROWS + 1) tooMuch(recordLine, finding('data.too-many-rows', { limit: MAX_ROWS.toLocaleString('en') }));
      else if (cellCount > MAX_CELLS) tooMuch(recordLine, finding('data.too-many-values', { limit: MAX_CELLS.toLocaleString('en') }));
    }
    cells = [];
    cell = '';
  };
  for (; i < text.length && !limit; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
      if (cells.length >= MAX_COLUMNS) tooMuch(recordLine, finding('data.too-many-columns', { limit: MAX_COLUMNS }));
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (limit) return { diagnostics: [limit] };
  const diagnostics: Diagnostic[] = [];
  if (quoted) {
    diagnostics.push({
      severity: 'error',
      file,
      line: quoteLine,
      column: 1,
      path: '',
      ...finding('data.quote-not-closed'),
      ...hint('data.close-quote'),
    });
    return { diagnostics };
  }
  if (cell !== '' || cells.length) endRecord();
  const header = records.shift();
  if (!header) {
    diagnostics.push({
      severity: 'error',
      file,
      line: 1,
      column: 1,
      path: '',
      ...finding('data.empty'),
      ...hint('data.csv-header'),
    });
    return { diagnostics };
  }
  const names = header.cells.map((c) => c.trim());
  const seen = new Set<string>();
  names.forEach((n, k) => {
    const at = { severity: 'error', file, line: header.line, column: 1, path: '' } as const;
    if (n === '') report.add({ ...at, ...finding('data.column-no-name', { column: k + 1 }), ...hint('data.name-columns') });
    else if (seen.has(n)) report.add({ ...at, ...finding('data.column-twice', { name: n }), ...hint('data.rename-one-column') });
    else if (RESERVED_FIELDS.has(n)) report.add({ ...at, ...finding('data.column-reserved', { name: n }), ...hint('data.rename-column') });
    seen.add(n);
  });
  const raw: Record<string, string>[] = [];
  const lines: number[] = [];
  for (const r of records) {
    if (r.cells.length !== names.length) {
      report.add({
        severity: 'error',
        file,
        line: r.line,
        column: 1,
        path: '',
        ...finding('data.row-length', { count: r.cells.length, columns: names.length }),
        ...hint('data.one-value-per-column'),
      });
      continue;
    }
    const o: Record<string, string> = {};
    names.forEach((n, k) => (o[n] = (r.cells[k] as string).trim()));
    raw.push(o);
    lines.push(r.line);
  }
  if (report.errors) return { diagnostics: report.done() };
  return { table: typeTable(name, file, names, raw), lines, diagnostics: [] };
}

/** JSON: an array of flat objects (numbers, text, booleans as text, null). */
export function parseJsonTable(name: string, file: string, text: string): ParsedTable {
  const bad = jsonErrorOffset(text);
  if (bad) {
    const before = text.slice(0, bad.offset);
    const line = before.split('\n').length;
    const column = bad.offset - before.lastIndexOf('\n');
    const found = bad.offset < text.length ? JSON.stringify(text[bad.offset]) : 'the end of the file';
    return {
      diagnostics: [
        {
          severity: 'error',
          file,
          line,
          column,
          path: '',
          ...finding('data.json-syntax', { expected: bad.expected, found }),
          ...hint('data.json-syntax'),
        },
      ],
    };
  }
  const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (!Array.isArray(value) || value.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
    return {
      diagnostics: [
        {
          severity: 'error',
          file,
          line: 1,
          column: 1,
          path: '',
          ...finding('data.json-not-rows'),
          ...hint('data.json-rows'),
        },
      ],
    };
  }
  const refuse = (what: ReturnType<typeof finding>): ParsedTable => ({
    diagnostics: [{ severity: 'error', file, line: 1, column: 1, path: '', ...what, ...hint('data.keep-json-smaller') }],
  });
  if (value.length > MAX_ROWS)
    return refuse(finding('data.json-too-many-rows', { count: value.length.toLocaleString('en'), limit: MAX_ROWS.toLocaleString('en') }));
  const names: string[] = [];
  const known = new Set<string>();
  for (const r of value as Record<string, unknown>[]) {
    for (const k of Object.keys(r)) {
      if (known.has(k)) continue;
      if (RESERVED_FIELDS.has(k)) return refuse(finding('data.json-field-reserved', { name: k }));
      known.add(k);
      names.push(k);
      if (names.length > MAX_COLUMNS) return refuse(finding('data.json-too-many-fields', { limit: MAX_COLUMNS }));
    }
  }
  if (value.length * names.length > MAX_CELLS)
    return refuse(finding('data.json-too-many-values', { count: (value.length * names.length).toLocaleString('en'), limit: MAX_CELLS.toLocaleString('en') }));
  const rows = (value as Record<string, unknown>[]).map((r) => {
    const o: Record<string, FieldValue> = {};
    for (const n of names) {
      const v = r[n];
      o[n] = v === undefined || v === null ? null : typeof v === 'number' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    return o;
  });
  return { table: typeFields(name, file, names, rows), lines: objectLines(text), diagnostics: [] };
}

/** The line each element of a (valid) top-level JSON array starts on: one scan, strings skipped. */
function objectLines(text: string): number[] {
  const out: number[] = [];
  let line = 1;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    else if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n') line++;
      }
    } else if (ch === '{' || ch === '[') {
      if (depth === 1) out.push(line);
      depth++;
    } else if (ch === '}' || ch === ']') depth--;
  }
  return out;
}

function typeTable(name: string, file: string, names: string[], raw: Record<string, string>[]): DataTable {
  const numeric = new Set(names.filter((n) => raw.every((r) => r[n] === '' || isNumeric(r[n] as string))));
  const rows = raw.map((r) => {
    const o: Record<string, FieldValue> = {};
    for (const n of names) {
      const v = r[n] as string;
      o[n] = v === '' ? null : numeric.has(n) ? Number(v) : v;
    }
    return o;
  });
  return typeFields(name, file, names, rows);
}

function typeFields(name: string, file: string, names: string[], rows: Record<string, FieldValue>[]): DataTable {
  const fields = names.map((n): FieldInfo => {
    const values = rows.map((r) => r[n]).filter((v): v is string | number => v !== null && v !== undefined);
    if (values.length > 0 && values.every((v) => typeof v === 'number')) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of values as number[]) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      return { name: n, type: 'number', extent: [lo, hi], categories: [] };
    }
    const categories: string[] = [];
    const seen = new Set<string>();
    for (const v of values) {
      const s = String(v);
      if (!seen.has(s)) {
        seen.add(s);
        categories.push(s);
      }
    }
    return { name: n, type: 'text', extent: [], categories };
  });
  return { name, file, fields, rows };
}

function isNumeric(s: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s);
}
