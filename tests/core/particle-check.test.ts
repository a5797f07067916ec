import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { compileFromMap } from '../../src/core/installation.ts';
import { encodeSculptures } from '../../src/core/encode.ts';
import { MANY_PARTICLES } from '../../src/core/particle-check.ts';
import { compileFolder } from '../../server/installation-folder.ts';

// An artist's data of thousands of rows at the default count is millions of particles, which every display
// without a particleBudget draws: `check` says so, which displays, and what count keeps it drawable.

const budget = fc.option(fc.constantFrom(500_000, MANY_PARTICLES, MANY_PARTICLES + 1, 20_000_000), { nil: undefined });
const arbCase = fc.record({
  sculptures: fc.array(fc.record({ rows: fc.integer({ min: 1, max: 3000 }), count: fc.option(fc.integer({ min: 0, max: 9000 }), { nil: undefined }) }), {
    minLength: 1,
    maxLength: 3,
  }),
  desktop: budget,
  headset: budget,
  walls: fc.array(budget, { maxLength: 3 }),
});

describe('check: how many particles', () => {
  it('warns exactly when some display would draw more than MANY_PARTICLES, naming those displays and a count that fits (200 generated cases)', () => {
    const seen = { warned: 0, quiet: 0 };
    fc.assert(
      fc.property(arbCase, ({ sculptures, desktop, headset, walls }) => {
        const files: Record<string, string> = {};
        const lines = ['title: T', 'data:'];
        sculptures.forEach((s, i) => {
          files[`d${i}.csv`] = 'id,v\n' + Array.from({ length: s.rows }, (_, r) => `r${r},${r}`).join('\n') + '\n';
          lines.push(`  d${i}: { file: d${i}.csv }`);
        });
        lines.push('sculptures:');
        sculptures.forEach((s, i) => lines.push(`  - id: s${i}`, `    data: d${i}`, ...(s.count === undefined ? [] : [`    count: ${s.count}`])));
        const cap = (b: number | undefined) => (b === undefined ? '{}' : `{ particleBudget: ${b} }`);
        lines.push('displays:', `  desktop: ${cap(desktop)}`, `  headset: ${cap(headset)}`, '  walls:');
        walls.forEach((b, i) => lines.push(`    w${i}: ${cap(b)}`));
        if (walls.length === 0) lines.pop();
        const r = compileFromMap({ ...files, 'installation.yaml': lines.join('\n') + '\n' });
        expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const encoded = encodeSculptures(r.installation!);
        const total = encoded.reduce((a, s) => a + s.particles, 0);
        const over = (b: number | undefined) => b === undefined || b > MANY_PARTICLES;
        const named = [
          ...(over(desktop) ? ['the desktop preview'] : []),
          ...(over(headset) ? ['a headset'] : []),
          ...walls.flatMap((b, i) => (over(b) ? [`wall w${i}`] : [])),
        ];
        const warnings = r.diagnostics.filter((d) => d.code === 'perf.many-particles');
        if (total <= MANY_PARTICLES || named.length === 0) {
          expect(warnings).toEqual([]);
          seen.quiet++;
          return;
        }
        seen.warned++;
        expect(warnings).toHaveLength(1);
        const w = warnings[0]!;
        expect(w.severity).toBe('warning');
        expect(w.params?.total).toBe(total);
        expect(w.params?.displays).toBe(named.join(', '));
        // It points at the sculpture with the most particles.
        const most = Math.max(...encoded.map((s) => s.particles));
        expect(w.path).toBe(`sculptures[${encoded.findIndex((s) => s.particles === most)}].count`);
        expect(w.params?.particles).toBe(most);
        // The count it proposes, a row, keeps every row under the limit.
        const rows = encoded.reduce((a, s) => a + s.rows.length, 0);
        const count = Number(w.hintParams?.count);
        expect(count).toBeGreaterThanOrEqual(1);
        expect(count * rows).toBeLessThanOrEqual(Math.max(MANY_PARTICLES, rows));
        expect(w.hint).toContain(`about ${count} a row keeps the ${rows} rows under ${MANY_PARTICLES}`);
      }),
      { numRuns: 200 },
    );
    // Both sides of the rule are reached (a guard against a generator that tests one).
    expect(seen.warned).toBeGreaterThan(20);
    expect(seen.quiet).toBeGreaterThan(20);
  });

  it('says nothing of the demo and the river installation', () => {
    for (const name of ['upcycling-rite', 'river-sediment']) {
      const r = compileFolder(join(import.meta.dirname, '../../installations', name));
      expect(r.diagnostics.filter((d) => d.code === 'perf.many-particles')).toEqual([]);
    }
  });
});
