import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { compileFromMap } from '../../src/core/installation.ts';

// Sculptures that share their channels write them once: an `x-` key anchors the shared part, and each
// sculpture merges it (`<<: *name`) and sets what differs. The compiled show must be the one the artist
// would get by writing every sculpture out, and an error in the shared part must point where it is written.

const CSV =
  'id,site,kind,mass,level\n' +
  Array.from({ length: 12 }, (_, i) => `r${i},s${i % 4},${['a', 'b', 'c'][i % 3]},${10 + i * 7},${(i * 0.37) % 3}`).join('\n') +
  '\n';
const compile = (yaml: string) => compileFromMap({ 'installation.yaml': yaml, 'm.csv': CSV });

/** A channel line the sculptures may share or set for themselves. */
const channel = fc.oneof(
  fc.constantFrom('count: { field: mass, scale: { range: [100, 900] } }', 'count: 300', 'count: { field: level, scale: { type: sqrt, range: [50, 500] } }'),
  fc.constantFrom('color: { field: kind, scale: { scheme: set2 } }', 'color: "#f80"', 'color: { field: level, scale: { scheme: viridis } }'),
  fc.constantFrom('size: 0.02', 'size: { field: mass, scale: { range: [0.01, 0.03] } }'),
  fc.constantFrom('shape: helix', 'shape: { field: kind, map: { a: ring, b: vase }, default: cloud }', 'shape: sphere'),
  fc.constantFrom('agitation: 0.4', 'extent: 0.6', 'label: kind'),
);
const keyOf = (line: string) => line.slice(0, line.indexOf(':'));

/** Shared channels (distinct keys), and for each sculpture its own site and the channels it overrides. */
const arbShow = fc.record({
  shared: fc.uniqueArray(channel, { minLength: 1, maxLength: 5, selector: keyOf }),
  sculptures: fc.array(fc.record({ site: fc.integer({ min: 0, max: 3 }), own: fc.uniqueArray(channel, { maxLength: 3, selector: keyOf }) }), {
    minLength: 1,
    maxLength: 6,
  }),
});

type Show = { shared: string[]; sculptures: { site: number; own: string[] }[] };

/** The installation with every sculpture written out, or with the shared part anchored once and merged. */
function written(show: Show, merged: boolean): string {
  const head = 'title: Merged\ndata:\n  m: { file: m.csv }\n';
  const base = merged ? `x-base: &base\n  data: m\n${show.shared.map((l) => `  ${l}\n`).join('')}` : '';
  const sculptures = show.sculptures.map((s, i) => {
    const own = new Set(s.own.map(keyOf));
    const lines = merged ? s.own : [...show.shared.filter((l) => !own.has(keyOf(l))), ...s.own];
    const first = merged ? '  - <<: *base\n    id: ' : '  - data: m\n    id: ';
    return `${first}s${i}\n    filter: { field: site, equals: s${s.site} }\n${lines.map((l) => `    ${l}\n`).join('')}`;
  });
  return `${head}${base}sculptures:\n${sculptures.join('')}`;
}

describe('sculptures that merge a shared part (YAML merge keys and x- keys)', () => {
  it('compile to the same show as the sculptures written out (120 generated installations)', () => {
    fc.assert(
      fc.property(arbShow, (show) => {
        const out = compile(written(show, false));
        const merged = compile(written(show, true));
        expect(merged.diagnostics).toEqual(out.diagnostics);
        expect(out.installation).toBeDefined();
        // The same spec, data and seed; only the version differs (it hashes the file's text).
        expect({ ...merged.installation!, version: '' }).toEqual({ ...out.installation!, version: '' });
      }),
      { numRuns: 120 },
    );
  }, 120_000);

  it('an error in the shared part is reported for every sculpture that merges it, at the line it is written on', () => {
    const yaml = [
      'title: Merged',
      'data:',
      '  m: { file: m.csv }',
      'x-base: &base',
      '  data: m',
      '  count: { field: weight, scale: { range: [100, 900] } }',
      'sculptures:',
      '  - <<: *base',
      '    id: one',
      '  - <<: *base',
      '    id: two',
      '',
    ].join('\n');
    const errors = compile(yaml).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.path, d.line, d.column])).toEqual([
      ['sculptures[0].count.field', 6, 19],
      ['sculptures[1].count.field', 6, 19],
    ]);
    expect(errors[0]!.message).toContain('"weight"');
    expect(errors[0]!.hint).toContain('mass');
  });

  it('a key that only looks like an extension is still an unknown field', () => {
    const r = compile('title: T\ndata:\n  m: { file: m.csv }\nxbase: 1\nsculptures:\n  - { id: a, data: m }\n');
    const e = r.diagnostics.find((d) => d.severity === 'error');
    expect(e?.message).toContain('xbase');
    expect([e?.line, e?.column]).toEqual([4, 1]);
  });

  it('the river-sediment installation, written with one shared part, is what its six sculptures spell out', () => {
    const folder = 'installations/river-sediment';
    const text = readFileSync(`${folder}/installation.yaml`, 'utf8');
    const r = compileFromMap({ 'installation.yaml': text, 'samples.csv': readFileSync(`${folder}/samples.csv`, 'utf8') });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const rivers = r.installation!.spec.sculptures.filter((s) => s.id !== 'hotspots');
    expect(rivers.map((s) => s.id)).toEqual(['tejo', 'ebro', 'rhein', 'loire', 'thames', 'tama']);
    for (const s of rivers) {
      expect(s.color).toEqual(rivers[0]!.color);
      expect(s.caption).toEqual(rivers[0]!.caption);
      expect(s.filter).toEqual({ field: 'river', equals: s.id === 'rhein' ? 'Rhein' : s.id[0]!.toUpperCase() + s.id.slice(1) });
    }
    // Only the Tejo asks for the legend of the shared scales.
    expect(rivers.filter((s) => s.legend !== undefined).map((s) => s.id)).toEqual(['tejo']);
  });
});
