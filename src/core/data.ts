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

/** The characters that may separate a CSV's fields, in the order a tie between them is broken. */
const SEPARATORS = [',', ';', '\t'] as const;
export type CsvSeparator = (typeof SEPARATORS)[number];

/** A CSV's field separator, read from its header row (outside quotes): the one of comma, semicolon and tab
 * it holds most (a semicolon when it holds none: see below). Spreadsheets in locales that write decimal commas (German,
 * French, Portuguese...) export with semicolons, and tab-separated files are common too: the header says
 * which, because it is the one row that has no numbers in it. */
export function csvSeparator(text: string): CsvSeparator {
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: CsvSeparator = ',';
  for (const sep of SEPARATORS) if ((counts.get(sep) ?? 0) > (counts.get(best) ?? 0)) best = sep;
  // A header of one name: one column, whose cells may hold decimal commas (`0,5`) as a spreadsheet in
  // those locales writes them, which the semicolon rules read as numbers rather than as two fields.
  return (counts.get(best) ?? 0) === 0 ? ';' : best;
}

/** RFC 4180 CSV: a header row, quoted fields with "" escapes, CRLF or LF, optional BOM, fields separated by
 * commas, semicolons or tabs (csvSeparator). Numbers are numbers when every non-empty cell of the column is
 * one; in a semicolon file a decimal comma (`12,5`) is one too. At most MAX_ROWS rows, MAX_COLUMNS columns,
 * MAX_CELLS values. */
export function parseCsv(name: string, file: string, text: string): ParsedTable {
  const sep = csvSeparator(text);
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
    } else if (ch === sep) {
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
        ...hint('data.one-value-per-column', { separator: sep === '\t' ? '\\t' : sep }),
      });
      continue;
    }
    const o: Record<string, string> = {};
    names.forEach((n, k) => (o[n] = (r.cells[k] as string).trim()));
    raw.push(o);
    lines.push(r.line);
  }
  if (report.errors) return { diagnostics: report.done() };
  return { table: typeTable(name, file, names, raw, sep === ';'), lines, diagnostics: [] };
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

function typeTable(name: string, file: string, names: string[], raw: Record<string, string>[], decimalComma: boolean): DataTable {
  const rows = raw.map((r) => {
    const o: Record<string, FieldValue> = {};
    for (const n of names) o[n] = r[n] === '' ? null : (r[n] as string);
    return o;
  });
  return typeFields(name, file, names, rows, decimalComma);
}

/** Types every column, the one rule for CSV and JSON alike: a column is numbers when every value it has is
 * a finite number or text that writes one (cellNumber: `"400"` in JSON, `12,5` in a semicolon CSV), and
 * its values become those numbers; otherwise it is text and keeps them as they were. */
function typeFields(name: string, file: string, names: string[], rows: Record<string, FieldValue>[], decimalComma = false): DataTable {
  const asNumber = (v: string | number): number | undefined => (typeof v === 'number' ? (Number.isFinite(v) ? v : undefined) : cellNumber(v, decimalComma));
  const fields = names.map((n): FieldInfo => {
    const values = rows.map((r) => r[n]).filter((v): v is string | number => v !== null && v !== undefined);
    if (values.length > 0 && values.every((v) => asNumber(v) !== undefined)) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of rows) {
        const v = r[n];
        if (v === null || v === undefined) continue;
        const x = asNumber(v) as number;
        r[n] = x;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
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

/** The number a cell's text writes, or undefined: a decimal number with an optional exponent (and with
 * `decimalComma`, a comma for the point). Never Infinity: `1e400` is not a number any scale can use, so its
 * column is text and the checker names the cell (notNumbers). */
export function cellNumber(s: string, decimalComma = false): number | undefined {
  const text = decimalComma && /^[+-]?\d*,\d+([eE][+-]?\d+)?$/.test(s) ? s.replace(',', '.') : s;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** The values of a text field that keep it from being numbers, when some of its values are numbers: a typo
 * or a placeholder (`n/a`, `about 400`) in a column of measurements. The checker names the first, with its
 * data row, where a channel needs numbers. Undefined when no value is a number (a column of words). */
export function notNumbers(table: DataTable, field: string): { readonly count: number; readonly first: string; readonly row: number } | undefined {
  let count = 0;
  let numbers = 0;
  let first: { value: string; row: number } | undefined;
  table.rows.forEach((r, i) => {
    const v = r[field];
    if (v === null || v === undefined) return;
    if (typeof v === 'number' ? Number.isFinite(v) : cellNumber(v, true) !== undefined) numbers++;
    else {
      count++;
      first ??= { value: String(v), row: i + 1 };
    }
  });
  return first && numbers > 0 ? { count, first: first.value, row: first.row } : undefined;
}
