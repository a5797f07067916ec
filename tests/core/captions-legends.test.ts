import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFromMap, type CompileResult } from '../../src/core/installation.ts';
import { encodeSculptures, NO_DATA_COLOR } from '../../src/core/encode.ts';
import { captionsAt, CAPTION_FADE } from '../../src/core/captions.ts';
import { formatTick, legendsOf, type CategoriesEntry, type ColorScaleEntry, type SizesEntry } from '../../src/core/legends.ts';
import { showAt } from '../../src/core/show.ts';
import { parseHex } from '../../src/core/color.ts';

const NOTES = ['川底の泥、黒い', 'lama escura 🐟', 'huele a gasolina', '', 'Schlamm, ölig', 'vase noire', 'clear water'];
const csv = (n: number) =>
  `id,kind,hg,note\n${Array.from({ length: n }, (_, i) => `r${i},${['sand', 'silt', 'clay'][i % 3]},${i % 5 === 4 ? '' : (i * 0.7).toFixed(2)},"${NOTES[i % NOTES.length]}"`).join('\n')}\n`;
const compile = (n: number, sculpture: string, extra = ''): CompileResult =>
  compileFromMap({ 'installation.yaml': `title: T\ndata:\n  s: { file: s.csv }\nsculptures:\n  - id: a\n    data: s\n${sculpture}${extra}`, 's.csv': csv(n) });
const ok = (r: CompileResult) => {
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.installation || errors.length) throw new Error(JSON.stringify(errors));
  return r.installation;
};

describe('captions', () => {
  it('shows every captioned row at once when they fit, under its row, in any language', () => {
    const inst = ok(compile(7, '    caption: note\n'));
    const rows = encodeSculptures(inst)[0]!.rows;
    const captions = captionsAt(inst.spec.sculptures, encodeSculptures(inst), 100);
    // Row 3's note is empty: no caption (check warns about it).
    expect(captions.map((c) => c.text)).toEqual(NOTES.filter((n) => n !== ''));
    for (const c of captions) {
      const r = rows[c.row]!;
      expect(c.key).toBe(r.key);
      expect(c.anchor[1]).toBeLessThan(r.position[1] - r.extent / 2);
      expect(c.opacity).toBe(1);
      expect(c.size).toBe(0.09);
    }
    expect(showAt(inst, [], 5).captions).toEqual(captionsAt(inst.spec.sculptures, encodeSculptures(inst), 5));
  });

  it('takes turns, max at a time, so every row gets its turn and equal t agree (fast-check, 60 cases)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 8 }), fc.double({ min: 0, max: 5000, noNaN: true }), (n, max, t) => {
        const inst = ok(compile(n, `    caption: { field: kind, max: ${max}, seconds: 10 }\n`));
        const encoded = encodeSculptures(inst);
        const now = captionsAt(inst.spec.sculptures, encoded, t);
        expect(now.length).toBe(Math.min(n, max));
        expect(new Set(now.map((c) => c.key)).size).toBe(now.length);
        expect(captionsAt(inst.spec.sculptures, encoded, t)).toEqual(now);
        const into = t - Math.floor(t / 10) * 10;
        for (const c of now) expect(c.opacity).toBe(n <= max ? 1 : Math.max(0, Math.min(1, into / CAPTION_FADE, (10 - into) / CAPTION_FADE)));
        // Over ceil(n / max) consecutive turns, every row is captioned.
        const seen = new Set<string>();
        const first = Math.floor(t / 10);
        for (let k = 0; k < Math.ceil(n / max); k++) for (const c of captionsAt(inst.spec.sculptures, encoded, (first + k) * 10 + 5)) seen.add(c.key);
        expect(seen.size).toBe(n);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a caption field that is not in the data', () => {
    const r = compile(3, '    caption: notes\n');
    expect(r.diagnostics.find((d) => d.severity === 'error')).toMatchObject({
      path: 'sculptures[0].caption',
      hint: expect.stringMatching(/did you mean "note"/),
    });
  });
});

describe('legends', () => {
  it('explains a numeric colour with a gradient whose ends are the colours of the extreme rows', () => {
    const inst = ok(compile(10, '    color: { field: hg, scale: { scheme: viridis } }\n    legend: true\n'));
    const [legend] = legendsOf(inst);
    const entry = legend!.entries[0] as ColorScaleEntry;
    expect(entry.kind).toBe('color-scale');
    expect(entry.ticks.map((t) => t.label)).toEqual(['0', '2.8', '5.6']);
    const rows = encodeSculptures(inst)[0]!.rows;
    expect(entry.stops[0]!.color).toEqual(rows[0]!.color);
    expect(entry.stops.at(-1)!.color).toEqual(rows[8]!.color);
    // Row 4 and 9 have no hg: the legend has the "no data" swatch they are drawn with.
    expect(legend!.noData).toEqual({ label: 'no data', color: parseHex(NO_DATA_COLOR) });
    expect(legend).toMatchObject({ sculpture: 'a', title: 'a', place: 'corner', corner: 'bottom-right', walls: null });
    expect(showAt(inst, [], 3).legends).toBe(legendsOf(inst));
  });

  it('lists categories with the colours the rows have, and sizes at the ends and middle (fast-check, 40 scales)', () => {
    fc.assert(
      fc.property(fc.constantFrom('tableau10', 'set2', 'viridis', 'ember'), fc.constantFrom('linear', 'sqrt', 'log'), fc.boolean(), (scheme, type, reverse) => {
        const inst = ok(
          compile(
            12,
            `    color: { field: kind, scale: { scheme: ${scheme} } }\n    size: { field: hg, missing: 0.001, scale: { type: ${type}, reverse: ${reverse}, domain: [0.5, 7], range: [0.01, 0.04] } }\n    legend: { title: Sediment, titles: { size: "Hg (mg/kg)" }, place: room, noData: sin datos }\n`,
          ),
        );
        const [legend] = legendsOf(inst);
        const [cats, sizes] = legend!.entries as [CategoriesEntry, SizesEntry];
        const rows = encodeSculptures(inst)[0]!.rows;
        expect(cats.items.map((i) => i.label)).toEqual(['sand', 'silt', 'clay']);
        cats.items.forEach((item, k) => expect(item.color).toEqual(rows[k]!.color));
        expect(sizes).toMatchObject({ kind: 'sizes', title: 'Hg (mg/kg)', unit: 'metres' });
        const values = sizes.items.map((i) => i.value);
        expect(values[0]).toBeCloseTo(0.01, 9);
        expect(values[1]).toBeCloseTo(0.025, 9);
        expect(values[2]).toBeCloseTo(0.04, 9);
        expect(sizes.items[0]!.label).toBe(reverse ? '7' : '0.5');
        // `missing` is given on size: no row is in the "no data" style, so no swatch.
        expect(legend!.noData).toBeUndefined();
        expect(legend).toMatchObject({ title: 'Sediment', place: 'room', position: [0, 1.4 + 2.4, 0] });
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a legend with nothing to explain, a channel not mapped, and an unknown wall', () => {
    const r = compile(
      3,
      '    legend: { channels: [size], walls: [nort] }\n',
      'displays:\n  walls:\n    north: { camera: { position: [0, 1.6, 6], target: [0, 1.4, 0] } }\n',
    );
    const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`);
    expect(errors).toEqual([
      'sculptures[0].legend.channels[0]: `size` is not mapped from a field, a legend has nothing to explain',
      'sculptures[0].legend.walls[0]: no wall named "nort"',
    ]);
  });

  it('refuses `legend: true` on a sculpture with no field-mapped channel', () => {
    expect(compile(3, '    legend: true\n').diagnostics.find((d) => d.severity === 'error')?.message).toBe(
      'sculpture "a" maps no channel from a field: its legend would be empty',
    );
  });

  it('writes ticks with three significant digits', () => {
    expect([0, 1, 0.5, 12345, 0.000012, 3.14159, -2.5e7].map(formatTick)).toEqual(['0', '1', '0.5', '12300', '1.2e-5', '3.14', '-2.5e+7']);
  });
});
