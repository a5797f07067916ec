import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFromMap, type CompileResult } from '../../src/core/installation.ts';
import { DEFAULT_RANGES, encodeSculptures, NO_DATA_COLOR } from '../../src/core/encode.ts';
import { parseHex } from '../../src/core/color.ts';
import { soundVoices } from '../../src/core/score/voices.ts';
import type { Diagnostic } from '../../src/core/diagnostics.ts';

/** Rows of a sediment table: a station, a depth (maybe empty) and a mercury value (maybe empty). */
const STATIONS = ['Tejo', 'Rhein', 'Loire', 'Ebro'] as const;
const sample = fc.record({
  station: fc.constantFrom(...STATIONS),
  depth: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
  hg: fc.option(fc.double({ min: 0.01, max: 9, noNaN: true }), { nil: null }),
});
const table = fc.array(sample, { minLength: 1, maxLength: 40 });
type Sample = { station: string; depth: number | null; hg: number | null };

const csvOf = (rows: readonly Sample[]) =>
  `id,station,depth,hg\n${rows.map((r, i) => `s${i},${r.station},${r.depth ?? ''},${r.hg === null ? '' : r.hg.toFixed(3)}`).join('\n')}\n`;
const compile = (rows: readonly Sample[], sculptures: string, extra = ''): CompileResult =>
  compileFromMap({ 'installation.yaml': `title: T\ndata:\n  s: { file: s.csv }\nsculptures:\n${sculptures}${extra}`, 's.csv': csvOf(rows) });
const ok = (r: CompileResult) => {
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.installation || errors.length) throw new Error(JSON.stringify(errors));
  return r.installation;
};
const warnings = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'warning');

describe('filter', () => {
  it('draws exactly the rows meeting every condition, keyed as in the file, one sculpture per station (fast-check, 100 tables)', () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (rows, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const per = STATIONS.map((st) => `  - { id: ${st.toLowerCase()}, data: s, filter: { field: station, equals: ${st} } }\n`).join('');
        const deep = `  - { id: deep, data: s, filter: [{ field: station, oneOf: [Tejo, Ebro] }, { field: depth, range: [${lo}, ${hi}] }] }\n`;
        const encoded = encodeSculptures(ok(compile(rows, per + deep)));
        STATIONS.forEach((st, k) => {
          const want = rows.flatMap((r, i) => (r.station === st ? [`s${i}`] : []));
          expect(encoded[k]!.rows.map((r) => r.key)).toEqual(want);
          expect(encoded[k]!.rows.map((r) => r.index)).toEqual(want.map((_, i) => i));
        });
        // Every row is in exactly one station's sculpture.
        expect(encoded.slice(0, 4).reduce((n, s) => n + s.rows.length, 0)).toBe(rows.length);
        const want = rows.flatMap((r, i) => ((r.station === 'Tejo' || r.station === 'Ebro') && r.depth !== null && r.depth >= lo && r.depth <= hi ? [i] : []));
        expect(encoded[4]!.rows.map((r) => r.source)).toEqual(want);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps scales on the whole file, so equal values look alike in every sculpture', () => {
    const rows: Sample[] = [
      { station: 'Tejo', depth: 1, hg: 1 },
      { station: 'Rhein', depth: 2, hg: 5 },
      { station: 'Tejo', depth: 3, hg: 9 },
    ];
    const color = 'color: { field: hg, scale: { scheme: viridis } }';
    const [tejo, rhein] = encodeSculptures(
      ok(
        compile(
          rows,
          `  - { id: a, data: s, ${color}, filter: { field: station, equals: Tejo } }\n  - { id: b, data: s, ${color}, filter: { field: station, equals: Rhein } }\n`,
        ),
      ),
    );
    expect(tejo!.rows.map((r) => r.key)).toEqual(['s0', 's2']);
    // Rhein's only row is the middle of the file's extent, not the top of its own.
    expect(rhein!.rows[0]!.color).not.toEqual(tejo!.rows[1]!.color);
    expect(rhein!.rows[0]!.color).not.toEqual(tejo!.rows[0]!.color);
  });

  it('says what is wrong with a filter: unknown field, a range over text, a value no row has, no row left', () => {
    const rows: Sample[] = [{ station: 'Tejo', depth: 1, hg: 1 }];
    const r1 = compile(rows, '  - { id: a, data: s, filter: { field: statoin, equals: Tejo } }\n');
    expect(r1.diagnostics.find((d) => d.severity === 'error')).toMatchObject({
      path: 'sculptures[0].filter.field',
      hint: expect.stringMatching(/did you mean "station"/),
    });
    const r2 = compile(rows, '  - { id: a, data: s, filter: { field: station, range: [0, 1] } }\n');
    expect(r2.diagnostics.find((d) => d.severity === 'error')?.message).toMatch(/holds text, a range needs numbers/);
    const r3 = compile(rows, '  - { id: a, data: s, filter: { field: station, equals: Teju } }\n');
    expect(r3.installation).toBeDefined();
    const w = warnings(r3.diagnostics);
    expect(w.map((d) => d.message).sort()).toEqual([
      expect.stringMatching(/no row of s.csv has station = "Teju"/),
      expect.stringMatching(/^sculpture "a" draws no row/),
    ]);
    expect(w.find((d) => d.path === 'sculptures[0].filter.equals')!.hint).toMatch(/did you mean "Tejo"/);
    const r4 = compile(rows, '  - { id: a, data: s, filter: { field: depth } }\n');
    expect(r4.diagnostics.find((d) => d.severity === 'error')?.message).toMatch(/needs `equals`, `oneOf`, `range`/);
  });
});

describe('missing values', () => {
  const sized = (missing: string) => `  - id: a\n    data: s\n    size: { field: hg, scale: { range: [0.01, 0.05] }${missing} }\n`;

  it('draws an empty value grey at the middle of the range by default, never as the minimum (fast-check, 100 tables)', () => {
    fc.assert(
      fc.property(table, (rows) => {
        fc.pre(rows.some((r) => r.hg !== null));
        const s = encodeSculptures(ok(compile(rows, sized(''))))[0]!;
        rows.forEach((r, i) => {
          const e = s.rows[i]!;
          if (r.hg === null) {
            expect(e.size).toBeCloseTo(0.03, 12);
            expect(e.color).toEqual(parseHex(NO_DATA_COLOR));
            expect(e.noData).toEqual(['size']);
          } else expect(e.noData).toEqual([]);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('leaves the row out with `missing: hide`, and gives it the value with `missing: <value>` (fast-check, 100 tables)', () => {
    fc.assert(
      fc.property(table, (rows) => {
        fc.pre(rows.some((r) => r.hg !== null));
        const hidden = encodeSculptures(ok(compile(rows, sized(', missing: hide'))))[0]!;
        expect(hidden.rows.map((r) => r.source)).toEqual(rows.flatMap((r, i) => (r.hg === null ? [] : [i])));
        const valued = encodeSculptures(ok(compile(rows, sized(', missing: 0.002'))))[0]!;
        rows.forEach((r, i) => {
          if (r.hg === null) expect(valued.rows[i]!.size).toBe(0.002);
          expect(valued.rows[i]!.noData).toEqual([]);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('gives a colour channel its missing colour, a shape its missing primitive, every number channel its middle', () => {
    const rows: Sample[] = [
      { station: 'Tejo', depth: null, hg: null },
      { station: 'Tejo', depth: 4, hg: 2 },
    ];
    const s = encodeSculptures(
      ok(
        compile(
          rows,
          '  - id: a\n    data: s\n    color: { field: hg, missing: "#ff00ff" }\n    shape: { field: station, map: { Tejo: ring }, missing: vase }\n    count: { field: depth }\n    placement: { y: { field: depth, scale: { range: [0, 2] } } }\n',
        ),
      ),
    )[0]!;
    const [empty] = s.rows;
    // count and y are missing without `missing`: the row is in the "no data" style, grey over its magenta.
    expect(empty!.noData).toEqual(['count', 'placement.y']);
    expect(empty!.color).toEqual(parseHex(NO_DATA_COLOR));
    expect(empty!.count).toBe((DEFAULT_RANGES.count[0] + DEFAULT_RANGES.count[1]) / 2);
    expect(empty!.position[1]).toBe(1);
  });

  it('warns in check with the data file, the row and how the rows are drawn', () => {
    const rows: Sample[] = [
      { station: 'Tejo', depth: 1, hg: 1 },
      { station: 'Tejo', depth: 2, hg: null },
      { station: 'Rhein', depth: null, hg: null },
      ...Array.from({ length: 6 }, () => ({ station: 'Ebro', depth: 3, hg: null })),
    ];
    const r = compile(rows, `${sized('')}    caption: station\n  - { id: b, data: s, size: { field: hg, missing: hide } }\n`);
    const w = warnings(r.diagnostics);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ file: 's.csv', line: 3, column: 1, path: 'sculptures[0].size.field' });
    expect(w[0]!.message).toBe(
      '8 of 9 rows have no "hg" (data rows 2, 3, 4, 5, 6 and 3 more), used by size: sculpture "a" draws them in the "no data" style (grey #7a7a7a, the middle of the size range), not as the lowest value',
    );
    expect(w[0]!.hint).toMatch(/missing: hide/);
  });

  it('warns once per field with the count, the first rows and the line of the first, for every table (fast-check, 100 tables)', () => {
    fc.assert(
      fc.property(table, (rows) => {
        fc.pre(rows.some((r) => r.hg !== null) && rows.some((r) => r.depth !== null));
        const r = compile(
          rows,
          '  - { id: a, data: s, size: { field: hg }, agitation: { field: hg }, count: { field: depth, missing: hide } }\n',
          'sound:\n  voices:\n    - { sculpture: a, pitch: { field: hg } }\n',
        );
        const drawn = rows.flatMap((x, i) => (x.depth === null ? [] : [{ ...x, i }]));
        const empty = drawn.filter((x) => x.hg === null);
        const w = warnings(r.diagnostics);
        if (empty.length === 0) {
          expect(w).toEqual([]);
          return;
        }
        const named = empty.slice(0, 5).map((x) => x.i + 1);
        const list = `data row${named.length === 1 ? '' : 's'} ${named.join(', ')}${empty.length > 5 ? ` and ${empty.length - 5} more` : ''}`;
        expect(w.map((d) => [d.file, d.line, d.path, d.message])).toEqual([
          [
            's.csv',
            empty[0]!.i + 2,
            'sculptures[0].size.field',
            `${empty.length} of ${drawn.length} rows have no "hg" (${list}), used by size and agitation: sculpture "a" draws them in the "no data" style (grey #7a7a7a, the middle of the size range, the middle of the agitation range), not as the lowest value`,
          ],
          [
            's.csv',
            empty[0]!.i + 2,
            'sound.voices[0].pitch.field',
            `${empty.length} of ${drawn.length} rows have no "hg" (${list}), used by the pitch of sound voice 1: they play at the middle of its pitch range, not the lowest`,
          ],
        ]);
      }),
      { numRuns: 100 },
    );
  });

  it('names the line of a row in a CSV with quoted line breaks, and of an object in JSON', () => {
    const csv = 'id,note,hg\na,"two\nlines",1\nb,x,\n';
    const r = compileFromMap({
      'installation.yaml': 'title: T\ndata:\n  s: { file: s.csv }\nsculptures:\n  - { id: a, data: s, size: { field: hg } }\n',
      's.csv': csv,
    });
    expect(warnings(r.diagnostics)[0]).toMatchObject({ file: 's.csv', line: 4 });
    const json = '[\n  { "id": "a", "hg": 1, "note": "a \\"{\\" brace" },\n  {\n    "id": "b",\n    "hg": null\n  }\n]\n';
    const j = compileFromMap({
      'installation.yaml': 'title: T\ndata:\n  s: { file: s.json }\nsculptures:\n  - { id: a, data: s, size: { field: hg } }\n',
      's.json': json,
    });
    expect(warnings(j.diagnostics)[0]).toMatchObject({ file: 's.json', line: 3, message: expect.stringMatching(/data row 2\)/) });
  });

  it('keeps a sound voice silent for rows its `missing: hide` channel finds empty, and groups by the drawn rows', () => {
    const rows: Sample[] = [
      { station: 'Tejo', depth: 1, hg: 1 },
      { station: 'Rhein', depth: 2, hg: null },
      { station: 'Tejo', depth: 3, hg: 3 },
    ];
    const inst = ok(
      compile(
        rows,
        '  - { id: a, data: s, filter: { field: station, equals: Tejo } }\n  - { id: b, data: s }\n',
        'sound:\n  voices:\n    - { sculpture: b, pitch: { field: hg, missing: hide } }\n    - { sculpture: a, groupBy: depth, pitch: { field: hg } }\n',
      ),
    );
    const voices = soundVoices(inst);
    expect(voices[0]!.rows.map((r) => r.key)).toEqual(['s0', 's2']);
    expect(voices.slice(1).map((v) => v.id)).toEqual(['a/1', 'a/3']);
  });
});
