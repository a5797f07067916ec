import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { IUniform } from 'three';
import { PRIMITIVES } from '../../../src/core/schema/common.ts';
import type { EncodedRow, EncodedSculpture } from '../../../src/core/encode.ts';
import {
  ROW_FIELDS,
  ROW_TEXELS,
  ROW_UNIFORMS,
  SCULPTURE_UNIFORMS,
  SHAPE_IDS,
  SHAPE_MODEL,
  SHAPE_OF_ROW,
  rowFieldDefine,
  sculptureDefines,
  shapeDefine,
  type GlslType,
  type RowFieldName,
  type RowSource,
  type UniformSpec,
} from '../../../src/scene/particles/gpu-contract.ts';
import { buildRowTexture, srgbToLinear } from '../../../src/scene/particles/row-texture.ts';
import { createSculptureField, MAX_UNIFORM_ROWS } from '../../../src/scene/particles/sculpture-field.ts';
import { SCULPTURE_SHADER, WARP_SHADER } from '../../../src/scene/particles/shaders.ts';
import { WARP_UNIFORMS } from '../../../src/scene/WarpPass.tsx';

/**
 * The CPU/GPU contract read from both sides in Node: what the GLSL declares and uses (parsed from the
 * resolved sources) against gpu-contract.ts, and what the TypeScript writes against what a shader reading
 * it through the generated defines gets back. gpu-contract.browser.test.ts checks the same contract
 * against the programs Chromium links.
 */

/** The code of a GLSL source without comments and #error lines (whose text is prose). */
const code = (glsl: string) =>
  glsl
    .replace(/\/\/.*$/gm, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^[ \t]*#error.*$/gm, '');
const SCULPTURE_GLSL = code(`${SCULPTURE_SHADER.vertex}\n${SCULPTURE_SHADER.fragment}`);

/** Macro-style names (upper case) the GLSL refers to, without the ones it defines itself. */
function macrosUsed(glsl: string): { used: Set<string>; ownDefines: Set<string> } {
  const ownDefines = new Set([...glsl.matchAll(/^[ \t]*#define[ \t]+(\w+)/gm)].map((m) => m[1] as string));
  const used = new Set([...glsl.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z]{2,}[0-9]*\b/g)].map((m) => m[0]).filter((n) => !ownDefines.has(n)));
  return { used, ownDefines };
}

/** `uniform <type> <name>[<length>];` declarations, with the length as written (a number or a define). */
function declaredUniforms(glsl: string): Map<string, { type: string; array?: string }> {
  const out = new Map<string, { type: string; array?: string }>();
  for (const m of glsl.matchAll(/^[ \t]*uniform[ \t]+(?:(?:highp|mediump|lowp)[ \t]+)?(\w+)[ \t]+(\w+)[ \t]*(?:\[[ \t]*(\w+)[ \t]*\])?[ \t]*;/gm)) {
    out.set(m[2] as string, { type: m[1] as string, ...(m[3] === undefined ? {} : { array: m[3] }) });
  }
  return out;
}

const specOf = (s: UniformSpec) => ({ type: s.type, ...(s.array === undefined ? {} : { array: String(s.array) }) });

describe('shape ids', () => {
  it('number the primitives in order, put models after them and keep the "row\'s own shape" marker apart', () => {
    expect(PRIMITIVES.map((p) => SHAPE_IDS[p])).toEqual(PRIMITIVES.map((_, i) => i));
    expect(SHAPE_MODEL).toBe(Math.max(...Object.values(SHAPE_IDS)) + 1);
    expect(Object.values(SHAPE_IDS)).not.toContain(SHAPE_OF_ROW);
    expect(SHAPE_OF_ROW).toBeLessThan(0);
    for (const p of PRIMITIVES) expect(sculptureDefines()[shapeDefine(p)]).toBe(SHAPE_IDS[p]);
  });
});

describe('the row layout', () => {
  it("places every field inside the row's texels without overlap", () => {
    const taken = new Set<number>();
    for (const [name, f] of Object.entries(ROW_FIELDS)) {
      for (let k = 0; k < f.floats; k++) {
        expect(taken.has(f.offset + k), `${name} overlaps`).toBe(false);
        taken.add(f.offset + k);
      }
    }
    expect(Math.max(...taken)).toBeLessThan(ROW_TEXELS * 4);
    expect(Math.max(...taken)).toBeGreaterThanOrEqual((ROW_TEXELS - 1) * 4);
  });

  const row = fc.record({
    position: fc.tuple(
      fc.double({ min: -50, max: 50, noNaN: true }),
      fc.double({ min: -50, max: 50, noNaN: true }),
      fc.double({ min: -50, max: 50, noNaN: true }),
    ),
    extent: fc.double({ min: 0.01, max: 10, noNaN: true }),
    color: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
    size: fc.double({ min: 0.001, max: 0.2, noNaN: true }),
    agitation: fc.double({ min: 0, max: 3, noNaN: true }),
    shape: fc.constantFrom(...PRIMITIVES, 'model' as const),
    model: fc.option(fc.constantFrom('a.glb', 'b.glb', 'c.glb'), { nil: undefined }),
    seed: fc.nat({ max: 0xffffffff }),
  });

  it('reads back, through the generated defines as the shader does, what buildRowTexture wrote (fast-check, 200 sculptures)', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 60 }), (rows) => {
        const encoded: EncodedRow[] = rows.map((r, i) => ({ ...r, key: String(i), label: String(i), index: i, source: i, noData: [], count: 10, data: {} }));
        const sculpture: EncodedSculpture = { id: 's', rows: encoded, particles: encoded.length * 10 };
        const slots = ['b.glb', 'c.glb'];
        const t = buildRowTexture(sculpture, (f) => (slots.includes(f) ? slots.indexOf(f) : undefined));
        const d = sculptureDefines();
        const texels = d.ROW_TEXELS as number;
        // fetchRow in rows.glsl: texel ROW_TEXELS * row + i, the float at offset o is t[o / 4][o % 4].
        const read = (r: number, define: string, k = 0) => {
          const o = (d[define] as number) + k;
          return t.data[(texels * r + Math.floor(o / 4)) * 4 + (o % 4)] as number;
        };
        const readField = (r: number, f: RowFieldName) => Array.from({ length: ROW_FIELDS[f].floats }, (_, k) => read(r, rowFieldDefine(f), k));
        encoded.forEach((e, r) => {
          expect(readField(r, 'centre')).toEqual(e.position.map(Math.fround));
          expect(readField(r, 'extent')).toEqual([Math.fround(e.extent)]);
          expect(readField(r, 'color')).toEqual(srgbToLinear(e.color).map(Math.fround));
          expect(readField(r, 'size')).toEqual([Math.fround(e.size)]);
          expect(readField(r, 'agitation')).toEqual([Math.fround(e.agitation)]);
          const slot = e.shape === 'model' && e.model !== undefined ? slots.indexOf(e.model) : -1;
          const shape = Math.round(read(r, 'ROW_SHAPE'));
          if (e.shape !== 'model') expect(shape).toBe(d[shapeDefine(e.shape)]);
          else expect(shape).toBe(slot >= 0 ? (d.SHAPE_MODEL as number) + slot : d.SHAPE_SPHERE);
          expect(((Math.round(read(r, 'ROW_SEED_HIGH')) << 16) | Math.round(read(r, 'ROW_SEED_LOW'))) >>> 0).toBe(e.seed);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('the sculpture GLSL', () => {
  it('uses every generated define, and no upper-case name that is neither generated nor its own', () => {
    const generated = Object.keys(sculptureDefines(3 * ROW_TEXELS));
    const { used } = macrosUsed(SCULPTURE_GLSL);
    expect([...used].sort()).toEqual([...generated].sort());
  });

  it('spells no copy of a contract value: it #defines none of the generated names', () => {
    const { ownDefines } = macrosUsed(SCULPTURE_GLSL);
    for (const name of Object.keys(sculptureDefines(3))) expect(ownDefines.has(name), name).toBe(false);
  });

  it("declares exactly the contract's uniforms (every row source), with its types and array lengths", () => {
    const declared = declaredUniforms(SCULPTURE_GLSL);
    const contract = new Map<string, { type: string; array?: string }>();
    for (const [name, spec] of Object.entries({ ...SCULPTURE_UNIFORMS, ...ROW_UNIFORMS.uniforms, ...ROW_UNIFORMS.texture })) contract.set(name, specOf(spec));
    // Array lengths are written with the define's name in GLSL; the contract gives the define's value.
    const d = sculptureDefines(3);
    const resolveLength = (a: string) => (a !== 'ROW_UNIFORM_TEXELS' && a in d ? String(d[a]) : a);
    const byValue = new Map([...declared].map(([n, u]) => [n, u.array === undefined ? u : { ...u, array: resolveLength(u.array) }]));
    expect(byValue).toEqual(contract);
  });

  it('declares the particle attribute as the contract does', () => {
    expect(SCULPTURE_GLSL).toMatch(/^in vec2 particle;$/m);
  });
});

describe('a sculpture material', () => {
  const demoRow = (i: number): EncodedRow => ({
    key: String(i),
    label: String(i),
    index: i,
    source: i,
    noData: [],
    count: 20,
    color: [0.5, 0.4, 0.3],
    size: 0.02,
    agitation: 0.5,
    extent: 0.6,
    shape: PRIMITIVES[i % PRIMITIVES.length] ?? 'sphere',
    position: [i, 1, 0],
    seed: 1000 + i,
    data: {},
  });
  const COMPONENTS: Readonly<Partial<Record<GlslType, number>>> = { float: 1, vec2: 2, vec3: 3, vec4: 4 };

  it.each<[RowSource, number]>([
    ['uniforms', 5],
    ['texture', MAX_UNIFORM_ROWS + 1],
  ])('sets exactly the uniforms of its row source (%s), arrays of the declared length', (source, n) => {
    const rows = Array.from({ length: n }, (_, i) => demoRow(i));
    const field = createSculptureField({ id: 's', rows, particles: n * 20 });
    const material = field.object.material as unknown as { uniforms: Record<string, IUniform>; defines: Record<string, number> };
    const specs: Readonly<Record<string, UniformSpec>> = { ...SCULPTURE_UNIFORMS, ...ROW_UNIFORMS[source] };
    expect(Object.keys(material.uniforms).sort()).toEqual(Object.keys(specs).sort());
    expect(material.defines).toEqual(sculptureDefines(source === 'uniforms' ? n * ROW_TEXELS : undefined));
    for (const [name, spec] of Object.entries(specs)) {
      if (spec.array === undefined) continue;
      const length = spec.array === 'ROW_UNIFORM_TEXELS' ? material.defines.ROW_UNIFORM_TEXELS : spec.array;
      expect((material.uniforms[name]?.value as Float32Array).length, name).toBe((length as number) * (COMPONENTS[spec.type] as number));
    }
    field.dispose();
  });
});

describe('the warp pass GLSL', () => {
  it("declares exactly the uniforms WarpPass sets, and leaves only three's own chunks for three", () => {
    const glsl = code(`${WARP_SHADER.vertex}\n${WARP_SHADER.fragment}`);
    expect(declaredUniforms(glsl)).toEqual(new Map(Object.entries(WARP_UNIFORMS).map(([n, s]) => [n, specOf(s)])));
    expect([...glsl.matchAll(/^[ \t]*#include[ \t]+<([\w-]+)>/gm)].map((m) => m[1])).toEqual(['tonemapping_fragment', 'colorspace_fragment']);
  });
});
