import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellNumber, csvSeparator, parseCsv, parseJsonTable, type CsvSeparator } from '../../src/core/data.ts';
import { compileFromMap, type Installation } from '../../src/core/installation.ts';
import { encodeSculptures } from '../../src/core/encode.ts';

// Data as artists export it, not as the demo writes it: found on the tour (issue 11, "any installation,
// any data"). A semicolon CSV with decimal commas (a spreadsheet in a German, French or Portuguese locale)
// was read as one column and refused row by row; one "n/a" among 3,000 measurements made the column text
// with no word of where it was; a JSON export that quotes its numbers was text.

const fieldName = fc.stringMatching(/^[a-z][a-z_]{0,7}$/);
const words = fc
  .stringMatching(/^[A-Za-zÀ-ÿ\u0590-\u05ff\u0600-\u06ff ]{1,12}$/)
  .filter((w) => w.trim() === w && w !== '' && cellNumber(w, true) === undefined);
const measure = fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }).map((x) => Math.round(x * 1000) / 1000 || 0);

/** A table of numeric and text columns with some empty cells, as the rows parseCsv should give back. */
const table = fc.uniqueArray(fc.tuple(fieldName, fc.boolean()), { minLength: 1, maxLength: 6, selector: ([n]) => n }).chain((columns) =>
  fc.record({
    columns: fc.constant(columns),
    rows: fc.array(fc.tuple(...columns.map(([, numeric]) => fc.option<string | number>(numeric ? measure : words, { freq: 6 }))), {
      minLength: 1,
      maxLength: 30,
    }),
  }),
);

function write(columns: readonly (readonly [string, boolean])[], rows: readonly (readonly (string | number | null)[])[], sep: CsvSeparator): string {
  const cell = (v: string | number | null) => {
    if (v === null) return '';
    // The locale's way: decimal commas in a semicolon file.
    const s = typeof v === 'number' ? (sep === ';' ? String(v).replace('.', ',') : String(v)) : v;
    return s.includes(sep) || s.includes('"') ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.map(([n]) => n).join(sep), ...rows.map((r) => r.map(cell).join(sep))].join('\n') + '\n';
}

describe('CSV separators', () => {
  it('reads comma, semicolon (with decimal commas) and tab files alike (fast-check, 150 cases)', () => {
    fc.assert(
      fc.property(table, fc.constantFrom<CsvSeparator>(',', ';', '\t'), ({ columns, rows }, sep) => {
        const text = write(columns, rows, sep);
        expect(csvSeparator(text)).toBe(columns.length > 1 ? sep : ';');
        const parsed = parseCsv('d', 'd.csv', text);
        expect(parsed.diagnostics).toEqual([]);
        // A row of one empty cell in a one-column file is a blank line, which CSV skips.
        const expected = rows.filter((r) => columns.length > 1 || r[0] !== null).map((r) => Object.fromEntries(columns.map(([n], k) => [n, r[k] ?? null])));
        expect(parsed.table?.rows).toEqual(expected);
        columns.forEach(([n, numeric], k) => {
          const any = rows.some((r) => r[k] !== null);
          expect(parsed.table?.fields.find((f) => f.name === n)?.type).toBe(numeric && any ? 'number' : 'text');
        });
      }),
      { numRuns: 150 },
    );
  });

  it('says which separator the header uses when a row does not match it', () => {
    const bad = parseCsv('d', 'd.csv', 'a;b\n1;2\n1;2;3\n');
    expect(bad.diagnostics[0]).toMatchObject({ line: 3, message: 'this row has 3 fields, the header has 2' });
    expect(bad.diagnostics[0]?.hint).toBe('quote fields that contain ";" (the separator of the header row), and give every row one value per column');
  });

  it('keeps a decimal comma as text in a comma file, and never reads Infinity as a number', () => {
    expect(parseCsv('d', 'd.csv', 'a,b\n"1,5",x\n').table?.fields[0]?.type).toBe('text');
    expect(cellNumber('1e400')).toBeUndefined();
    expect(parseCsv('d', 'd.csv', 'a\n1\n1e400\n').table?.fields[0]?.type).toBe('text');
    expect(parseJsonTable('d', 'd.json', '[{"a":1},{"a":1e400}]').table?.fields[0]?.type).toBe('text');
  });
});

describe('JSON numbers written as text', () => {
  it('types a field whose values are numbers or numeric strings as numbers (fast-check, 100 cases)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(measure, fc.boolean()), { minLength: 1, maxLength: 20 }), (values) => {
        const json = JSON.stringify(values.map(([v, quoted]) => ({ v: quoted ? String(v) : v })));
        const t = parseJsonTable('d', 'd.json', json).table;
        expect(t?.fields[0]?.type).toBe('number');
        expect(t?.rows.map((r) => r.v)).toEqual(values.map(([v]) => v));
      }),
      { numRuns: 100 },
    );
  });
});

describe('a non-number in a column of numbers', () => {
  const compile = (csv: string, channel: string) =>
    compileFromMap({
      'installation.yaml': `title: T\ndata:\n  d: { file: d.csv }\nsculptures:\n  - id: s\n    data: d\n    ${channel}\nphases:\n  - { id: p, duration: 10 }\n`,
      'd.csv': csv,
    });

  it('names the first odd value, its data row and how many there are (fast-check, 80 cases)', () => {
    const odd = fc.constantFrom('n/a', 'NA', '-', 'about 400', '12 kg', '?', '1e400', 'null');
    fc.assert(
      fc.property(
        fc.array(measure, { minLength: 2, maxLength: 40 }),
        fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 3 }),
        odd,
        fc.constantFrom('count: { field: v, scale: { type: sqrt } }', 'size: { field: v }', 'agitation: { field: v, scale: { type: linear } }'),
        (values, at, word, channel) => {
          const rows = values.map(String);
          const places = [...new Set(at.map((a) => a % rows.length))].sort((a, b) => a - b);
          // Some value stays a number: a column of nothing but words is a column of words.
          fc.pre(places.length < rows.length);
          for (const p of places) rows[p] = word;
          const result = compile(`v\n${rows.join('\n')}\n`, channel);
          const error = result.diagnostics.find((d) => d.severity === 'error');
          expect(error?.message).toMatch(/field "v" holds text/);
          expect(error?.hint).toContain(`${JSON.stringify(word)} in data row ${(places[0] as number) + 1}`);
          expect(error?.hint).toContain(places.length === 1 ? 'one value is not a number' : `${places.length} values are not a number`);
          expect(error?.hint).toMatch(/empty the cells? to mark a missing value/);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('keeps the plain hint for a column of words', () => {
    const result = compile('v\nsand\nsilt\n', 'size: { field: v }');
    expect(result.diagnostics[0]?.hint).toBe('map a numeric field, or give an ordinal scale with a `range` of one value per category');
  });
});

describe('the tour fixture: tide gauges (tests/fixtures/tide-gauges)', () => {
  it('checks clean and draws every gauge from its own numbers', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/tide-gauges');
    const files = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const { installation, diagnostics } = compileFromMap(files);
    expect(diagnostics).toEqual([]);
    const table = installation?.data.gauges;
    expect(table?.fields.map((f) => [f.name, f.type])).toEqual([
      ['level_cm', 'number'],
      ['salinity', 'number'],
      ['temp_c', 'number'],
    ]);
    expect(table?.rows[0]).toEqual({ level_cm: 120.5, salinity: 33.1, temp_c: 12.4 });
    const [gauges] = encodeSculptures(installation as Installation);
    expect(gauges?.rows).toHaveLength(8);
    // Eight different levels and temperatures: eight different counts and sizes, none drawn as "no data".
    expect(new Set(gauges?.rows.map((r) => r.count)).size).toBe(8);
    expect(new Set(gauges?.rows.map((r) => r.size)).size).toBe(8);
    expect(gauges?.rows.every((r) => r.noData.length === 0)).toBe(true);
  });
});
