import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSculptures, NO_DATA_COLOR } from '../../src/core/encode.ts';
import { compileFromMap } from '../../src/core/installation.ts';
import { parseHex } from '../../src/core/color.ts';
import { legendsOf } from '../../src/core/legends.ts';

/** A column `hg` with no value in any row, next to a numeric `pb` and a text `kind`. */
const csv = (n: number) => `id,kind,hg,pb\n${Array.from({ length: n }, (_, i) => `r${i},${['sand', 'silt'][i % 2]},,${i}`).join('\n')}\n`;

/** Ways of reading the empty column, with the type it must take from them. */
const USES = [
  { yaml: 'size: { field: hg }', type: 'number', channel: 'size' },
  { yaml: 'count: { field: hg, scale: { range: [100, 900] } }', type: 'number', channel: 'count' },
  { yaml: 'extent: { field: hg }', type: 'number', channel: 'extent' },
  { yaml: 'agitation: { field: hg, scale: { type: sqrt } }', type: 'number', channel: 'agitation' },
  { yaml: 'color: { field: hg, scale: { domain: [0, 4], range: ["#000000", "#ffffff"] } }', type: 'number', channel: 'color' },
  { yaml: 'color: { field: hg, scale: { type: log } }', type: 'number', channel: 'color' },
  { yaml: 'color: { field: hg }', type: 'text', channel: 'color' },
  { yaml: 'caption: hg', type: 'text', channel: undefined },
  { yaml: 'size: { field: hg, scale: { type: ordinal, range: [0.01, 0.02] } }', type: 'text', channel: 'size' },
] as const;

const hasLegend = (channel: string | undefined) => channel !== undefined && ['color', 'size', 'extent', 'count'].includes(channel);

function compile(n: number, uses: readonly (typeof USES)[number][], sound = false) {
  const lines = uses.map((u) => `    ${u.yaml}\n`).join('');
  // A legend needs a colour or size mapped from a field to explain.
  const legend = uses.some((u) => hasLegend(u.channel)) ? '    legend: true\n' : '';
  const voice = sound ? 'sound:\n  voices:\n    - sculpture: a\n      pitch: { field: hg }\n' : '';
  return compileFromMap({
    'installation.yaml': `title: T\ndata:\n  s: { file: s.csv, key: id }\nsculptures:\n  - id: a\n    data: s\n${lines}${legend}${voice}`,
    's.csv': csv(n),
  });
}

describe('a column with no value in any row', () => {
  it('takes its type from the channels that read it: no "holds text" error, every row drawn as no data (generated uses)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        // At most one use per channel (a channel is written once).
        fc.uniqueArray(fc.constantFrom(...USES), { minLength: 1, maxLength: 4, selector: (u) => u.channel ?? 'caption' }),
        fc.boolean(),
        (n, uses, sound) => {
          const r = compile(n, uses, sound);
          const errors = r.diagnostics.filter((d) => d.severity === 'error');
          expect(errors.map((e) => e.message).filter((m) => /holds text/.test(m))).toEqual([]);
          expect(errors).toEqual([]);
          const inst = r.installation!;
          const field = inst.data.s!.fields.find((f) => f.name === 'hg')!;
          const numeric = sound || uses.some((u) => u.type === 'number');
          expect(field.type).toBe(numeric ? 'number' : 'text');
          // The other columns keep the types their values give.
          expect(inst.data.s!.fields.find((f) => f.name === 'pb')?.type).toBe('number');
          expect(inst.data.s!.fields.find((f) => f.name === 'kind')?.type).toBe('text');
          const rows = encodeSculptures(inst)[0]!.rows;
          expect(rows).toHaveLength(n);
          const styled = uses.filter((u) => u.channel !== undefined);
          for (const row of rows) {
            for (const u of styled) expect(row.noData).toContain(u.channel);
            if (styled.some((u) => u.channel === 'color')) expect(row.color).toEqual(parseHex(NO_DATA_COLOR));
          }
          // And check says so: every row is named as missing the value.
          const warning = r.diagnostics.find((d) => d.severity === 'warning' && /have no "hg"/.test(d.message));
          if (styled.length > 0) expect(warning?.message).toContain(`${n} of ${n} rows`);
          // A legend of it says the rows are drawn as no data.
          if (uses.some((u) => hasLegend(u.channel))) expect(legendsOf(inst)[0]?.noData).toBeDefined();
        },
      ),
      { numRuns: 120 },
    );
  });

  it('is still refused where a text column would be, once it has values', () => {
    const r = compileFromMap({
      'installation.yaml': 'title: T\ndata:\n  s: { file: s.csv, key: id }\nsculptures:\n  - id: a\n    data: s\n    size: { field: kind }\n',
      's.csv': csv(3),
    });
    expect(r.diagnostics.some((d) => d.severity === 'error' && /field "kind" holds text, this channel needs numbers/.test(d.message))).toBe(true);
  });
});
