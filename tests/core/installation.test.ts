import { describe, expect, it } from 'vitest';
import { compileFromMap } from '../../src/core/installation.ts';
import { formatDiagnostic, type Diagnostic } from '../../src/core/diagnostics.ts';

const CSV = 'id,name,category,level,mass_kg\na,Alpha,textile,2.5,10\nb,Beta,wood,7,200\nc,Gamma,textile,9.1,40\n';
const compile = (yaml: string, extra: Record<string, string> = {}) => compileFromMap({ 'installation.yaml': yaml, 'm.csv': CSV, ...extra });
const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error');

const MINIMAL = `title: First light
data:
  materials: { file: m.csv }
sculptures:
  - id: materials
    data: materials
    count: { field: mass_kg, scale: { range: [500, 5000] } }
    color: { field: category }
`;

describe('compileInstallation', () => {
  it('accepts a first installation in a few lines and fills every default', () => {
    const r = compile(MINIMAL);
    expect(errors(r.diagnostics)).toEqual([]);
    const inst = r.installation!;
    expect(inst.spec.phases).toHaveLength(1);
    expect(inst.spec.audience.moderation).toBe('before');
    expect(inst.spec.audience.stories.emotions).toHaveProperty('hope');
    expect(inst.spec.displays.headset.spawn).toEqual([0, 0, 5]);
    expect(inst.data.materials!.rows).toHaveLength(3);
    expect(inst.data.materials!.fields.find((f) => f.name === 'level')!.type).toBe('number');
    expect(inst.version).toMatch(/^[0-9a-f]{8}$/);
  });

  it('gives the same version for the same files and another for changed data', () => {
    expect(compile(MINIMAL).installation!.version).toBe(compile(MINIMAL).installation!.version);
    const other = compileFromMap({ 'installation.yaml': MINIMAL, 'm.csv': `${CSV}d,Delta,wood,1,5\n` });
    expect(other.installation!.version).not.toBe(compile(MINIMAL).installation!.version);
  });

  // Each broken file: the line:column, the path and words the message and hint must hold.
  const cases: { name: string; yaml: string; line: number; column: number; path: string; message: RegExp; hint?: RegExp }[] = [
    { name: 'YAML syntax error', yaml: 'title: x\ndata:\n  materials: { file: m.csv\n', line: 4, column: 1, path: '', message: /YAML syntax error/, hint: /./ },
    {
      name: 'misspelled key',
      yaml: MINIMAL.replace('color:', 'colour:'),
      line: 8,
      column: 5,
      path: 'sculptures[0].colour',
      message: /unknown field "colour"/,
      hint: /did you mean "color"/,
    },
    {
      name: 'wrong type',
      yaml: MINIMAL.replace('title: First light', 'title: First light\nseed: [1, 2]'),
      line: 2,
      column: 7,
      path: 'seed',
      message: /expected/,
    },
    {
      name: 'field missing from the data',
      yaml: MINIMAL.replace('field: mass_kg', 'field: mass'),
      line: 7,
      column: 21,
      path: 'sculptures[0].count.field',
      message: /field "mass" is not in m\.csv/,
      hint: /did you mean "mass_kg"\?.*fields in m\.csv: id, name, category, level, mass_kg/,
    },
    {
      name: 'unknown enum value',
      yaml: `${MINIMAL}    shape: vse\n`,
      line: 9,
      column: 12,
      path: 'sculptures[0].shape',
      message: /"vse" is not allowed/,
      hint: /did you mean "vase"/,
    },
    {
      name: 'missing required field',
      yaml: MINIMAL.replace('title: First light\n', ''),
      line: 1,
      column: 1,
      path: 'title',
      message: /missing required field "title"/,
      hint: /add `title: \.\.\.`/,
    },
    {
      name: 'unknown data source',
      yaml: MINIMAL.replace('data: materials', 'data: materils'),
      line: 6,
      column: 11,
      path: 'sculptures[0].data',
      message: /no data source named "materils"/,
      hint: /did you mean "materials"/,
    },
    {
      name: 'missing data file',
      yaml: MINIMAL.replace('file: m.csv', 'file: missing.csv'),
      line: 3,
      column: 22,
      path: 'data.materials.file',
      message: /data file "missing.csv" not found/,
    },
    {
      name: 'text field on a linear scale',
      yaml: MINIMAL.replace('field: mass_kg, scale: { range', 'field: category, scale: { type: linear, range'),
      line: 7,
      column: 46,
      path: 'sculptures[0].count.scale.type',
      message: /holds text/,
    },
    { name: 'negative duration', yaml: `${MINIMAL}phases:\n  - { id: a, duration: -1 }\n`, line: 10, column: 24, path: 'phases[0].duration', message: /-1|0/ },
  ];
  for (const c of cases) {
    it(`reports ${c.name} with line, column, path and hint`, () => {
      const r = compile(c.yaml);
      expect(r.installation).toBeUndefined();
      const d = errors(r.diagnostics).find((x) => x.path === c.path);
      expect(d, `no error at ${c.path}; got:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`).toBeDefined();
      expect(d!.file).toBe('installation.yaml');
      expect([d!.line, d!.column]).toEqual([c.line, c.column]);
      expect(d!.message).toMatch(c.message);
      if (c.hint) expect(d!.hint ?? '').toMatch(c.hint);
    });
  }

  it('reports every error at once, schema and references together', () => {
    const yaml = MINIMAL.replace('color:', 'colour:').replace('field: mass_kg', 'field: mass').replace('data: materials', 'data: materials\n    shape: blob');
    const r = compile(yaml);
    const paths = errors(r.diagnostics).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['sculptures[0].colour', 'sculptures[0].shape', 'sculptures[0].count.field']));
    // In file order.
    const lines = r.diagnostics.map((d) => d.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it('formats a diagnostic as file:line:column with path and hint', () => {
    const r = compile(MINIMAL.replace('color:', 'colour:'));
    expect(formatDiagnostic(errors(r.diagnostics)[0]!)).toBe(
      'installation.yaml:8:5 error sculptures[0].colour: unknown field "colour"\n    hint: did you mean "color"? (allowed: id, data, label, count, color, size, agitation, extent, shape, placement, filter, caption, ...)',
    );
  });

  it('reports CSV problems in the data file with its line', () => {
    const r = compileFromMap({ 'installation.yaml': MINIMAL, 'm.csv': 'id,name,category,level,mass_kg\na,Alpha,textile,2,10\nb,"Beta, the second",wood,7\n' });
    const d = errors(r.diagnostics)[0]!;
    expect(d.file).toBe('m.csv');
    expect(d.line).toBe(3);
    expect(d.message).toMatch(/4 fields, the header has 5/);
  });

  it('checks references in sound, audience and phases', () => {
    const yaml = `${MINIMAL}sound:
  voices:
    - { sculpture: materals, instrument: fm }
audience:
  stories: { attachTo: nothing }
phases:
  - { id: a, duration: 10 }
  - { id: a, duration: 10 }
`;
    const paths = errors(compile(yaml).diagnostics).map((d) => `${d.path}: ${d.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'sound.voices[0].sculpture: no sculpture named "materals"',
        'audience.stories.attachTo: no sculpture named "nothing"',
        'phases[1].id: phase id "a" is used twice',
      ]),
    );
  });

  it('reads JSON data as well as CSV', () => {
    const json = JSON.stringify([
      { id: 'a', mass_kg: 3, category: 'x' },
      { id: 'b', mass_kg: 9, category: 'y' },
    ]);
    const r = compileFromMap({ 'installation.yaml': MINIMAL.replace('m.csv', 'm.json'), 'm.json': json });
    expect(errors(r.diagnostics)).toEqual([]);
    expect(r.installation!.data.materials!.rows[1]).toEqual({ id: 'b', mass_kg: 9, category: 'y' });
  });
});
