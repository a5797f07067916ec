import { describe, expect, it } from 'vitest';
import { parseCsv, parseJsonTable } from '../../src/core/data.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and newlines, CRLF and a BOM', () => {
    const text = '\uFEFFid,story,level\r\na,"I said ""no"", then left",3.5\r\nb,"two\nlines",-2e1\r\n';
    const { table, diagnostics } = parseCsv('m', 'm.csv', text);
    expect(diagnostics).toEqual([]);
    expect(table!.rows).toEqual([
      { id: 'a', story: 'I said "no", then left', level: 3.5 },
      { id: 'b', story: 'two\nlines', level: -20 },
    ]);
    expect(table!.fields.map((f) => [f.name, f.type])).toEqual([
      ['id', 'text'],
      ['story', 'text'],
      ['level', 'number'],
    ]);
    expect(table!.fields[2]!.extent).toEqual([-20, 3.5]);
    expect(table!.fields[0]!.categories).toEqual(['a', 'b']);
  });

  it('types a column as text when one cell is not a number, and empty cells as null', () => {
    const { table } = parseCsv('m', 'm.csv', 'a,b\n1,\n2,x\n');
    expect(table!.rows).toEqual([
      { a: 1, b: null },
      { a: 2, b: 'x' },
    ]);
    expect(table!.fields[1]!.type).toBe('text');
  });

  it('reports the line of a row with the wrong number of fields, and an unclosed quote', () => {
    const bad = parseCsv('m', 'm.csv', 'a,b\n1,2\n3\n');
    expect(bad.diagnostics[0]).toMatchObject({ file: 'm.csv', line: 3, message: 'this row has 1 fields, the header has 2' });
    const open = parseCsv('m', 'm.csv', 'a,b\n1,"oops\n');
    expect(open.diagnostics[0]).toMatchObject({ line: 2, message: 'a quoted field is never closed' });
    const dup = parseCsv('m', 'm.csv', 'a,a\n1,2\n');
    expect(dup.diagnostics[0]!.message).toMatch(/names "a" twice/);
  });
});

describe('parseJsonTable', () => {
  it('reads an array of flat objects and reports JSON errors with their line', () => {
    expect(parseJsonTable('m', 'm.json', '[{"a":1},{"a":2,"b":"x"}]').table!.rows).toEqual([
      { a: 1, b: null },
      { a: 2, b: 'x' },
    ]);
    const bad = parseJsonTable('m', 'm.json', '[\n{"a":1},\n{"a":}\n]');
    expect(bad.diagnostics[0]).toMatchObject({ file: 'm.json', line: 3, column: 6, message: 'not valid JSON: expected a value, found "}"' });
    expect(parseJsonTable('m', 'm.json', '[{"a":1},]').diagnostics[0]).toMatchObject({ line: 1, column: 10 });
    expect(parseJsonTable('m', 'm.json', '{"a":1}').diagnostics[0]!.message).toBe('expected an array of objects');
  });
});
