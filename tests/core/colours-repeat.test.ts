import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileFromMap } from '../../src/core/installation.ts';
import { colorEncoder } from '../../src/core/encode.ts';

// A categorical palette starts again after its last colour: with more categories than colours, two kinds of
// material look alike in the room and in the legend. `check` says which two, and how to give each its own.

const PALETTES = { tableau10: 10, category10: 10, set2: 8, dark2: 8, pastel: 9 } as const;
type Scheme = keyof typeof PALETTES;

const arbCase = fc.record({
  categories: fc.integer({ min: 1, max: 14 }),
  colour: fc.oneof(
    fc.constant({ kind: 'default' as const }),
    fc.constantFrom(...(Object.keys(PALETTES) as Scheme[])).map((scheme) => ({ kind: 'scheme' as const, scheme })),
    fc.integer({ min: 2, max: 14 }).map((n) => ({ kind: 'range' as const, n })),
  ),
  withDomain: fc.boolean(),
});

describe('check: colours that repeat', () => {
  it('warns exactly when categories outnumber the colours, naming the two that look alike (300 generated cases)', () => {
    fc.assert(
      fc.property(arbCase, ({ categories, colour, withDomain }) => {
        const names = Array.from({ length: categories }, (_, i) => `kind${i}`);
        const csv = 'id,kind\n' + names.map((k, i) => `r${i},${k}`).join('\n') + '\n';
        const range = colour.kind === 'range' ? Array.from({ length: colour.n }, (_, i) => `"#${(i * 17 + 16).toString(16).padStart(2, '0')}8040"`) : [];
        const parts = [
          ...(colour.kind === 'scheme' ? [`scheme: ${colour.scheme}`] : []),
          ...(colour.kind === 'range' ? [`range: [${range.join(', ')}]`] : []),
          // A domain in another order: the colours go by the domain's order.
          ...(withDomain ? [`domain: [${[...names].reverse().join(', ')}]`] : []),
        ];
        const scale = parts.length ? `, scale: { ${parts.join(', ')} }` : '';
        const yaml = `title: T\ndata:\n  d: { file: d.csv }\nsculptures:\n  - id: s\n    data: d\n    color: { field: kind${scale} }\n`;
        const r = compileFromMap({ 'installation.yaml': yaml, 'd.csv': csv });
        expect(r.installation).toBeDefined();
        const colours = colour.kind === 'range' ? colour.n : colour.kind === 'scheme' ? PALETTES[colour.scheme] : 10;
        const warnings = r.diagnostics.filter((d) => d.code === 'ref.colours-repeat');
        const order = withDomain ? [...names].reverse() : names;
        if (categories <= colours) {
          expect(warnings).toEqual([]);
          return;
        }
        expect(warnings).toHaveLength(1);
        const w = warnings[0]!;
        expect([w.line, w.column, w.path]).toEqual([7, 12, 'sculptures[0].color']);
        expect(w.message).toBe(`field "kind" has ${categories} categories for ${colours} colours: "${order[colours]}" is drawn in the colour of "${order[0]}"`);
        expect(w.hint).toContain(`a \`range\` of ${categories} colours`);
        // What it says is what is drawn: the two rows it names get the same colour.
        const table = r.installation!.data.d!;
        const encode = colorEncoder(r.installation!.spec.sculptures[0]!.color!, table);
        const row = (k: string) => table.rows.find((x) => x.kind === k)!;
        expect(encode(row(order[colours]!))).toEqual(encode(row(order[0]!)));
      }),
      { numRuns: 300 },
    );
  });
});
