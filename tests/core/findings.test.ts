import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINDINGS, HINTS, fillTemplate, isFindingCode, isHintCode, type Template } from '../../src/core/findings.ts';
import { compileFromMap } from '../../src/core/installation.ts';

/**
 * Every finding the checker reports about installation.yaml carries a stable code, and its English message
 * is its code's template filled with its params, also after the trip through JSON (the protocol): so a
 * page that words the code from its catalogue says what `check` says. Generated broken installations: a
 * small valid file with a random set of defects, each with generated names and numbers.
 */
const CSV = 'id,name,category,level,mass_kg\na,Alpha,textile,2.5,10\nb,Beta,wood,7,200\nc,Gamma,textile,9.1,40\n';
const name = fc.stringMatching(/^[a-z]{2,10}$/);
const num = fc.integer({ min: -50, max: 50 });
const vec = fc.tuple(num, num, num).map((v) => `[${v.join(', ')}]`);

/** Lines added to the first sculpture (indented 4), each one defect. */
const sculptureDefects: fc.Arbitrary<string>[] = [
  name.map((n) => `zz${n}: 1`),
  name.map((n) => `shape: q${n}`),
  name.map((n) => `size: { field: no_${n} }`),
  fc.constantFrom('linear', 'log', 'sqrt').map((t) => `agitation: { field: category, scale: { type: ${t} } }`),
  fc.integer({ min: -5, max: 0 }).map((lo) => `size: { field: level, scale: { type: log, domain: [${lo}, 5] } }`),
  fc.integer({ min: 3, max: 5 }).map((n) => `size: { field: level, scale: { domain: [${Array.from({ length: n }, (_, i) => i).join(', ')}] } }`),
  fc.constant('size: { field: level, value: 0.1 }'),
  fc.constant('size: { scale: { range: [1, 2] } }'),
  name.map((n) => `shape: { model: ${n}.glb }`),
  fc.constant('shape: { primitive: vase, field: category }'),
  name.map((n) => `shape: { field: category, map: { x${n}: vase } }`),
  fc.integer({ min: -1000, max: 0 }).map((n) => `count: { value: ${n} }`),
];
/** Top-level blocks, each one defect (or a few of one kind). */
const topDefects: fc.Arbitrary<string>[] = [
  fc.constantFrom('[1, 2]', 'seven', '{ a: 1 }').map((v) => `seed: ${v}`),
  fc.integer({ min: -100, max: -1 }).map((d) => `phases:\n  - { id: a, duration: ${d} }\n  - { id: a, duration: 5 }`),
  name.map((n) => `audience:\n  stories:\n    attachTo: s${n}`),
  fc
    .tuple(vec, num)
    .map(
      ([eye, x]) =>
        `displays:\n  walls:\n    north:\n      frustum: { eye: ${eye}, bottomLeft: [${x}, 0, 0], bottomRight: [${x}, 0, 0], topLeft: [${x}, 2, 0] }`,
    ),
  fc
    .tuple(num, num)
    .map(
      ([x, y]) =>
        `displays:\n  walls:\n    north:\n      frustum: { eye: [${x}, ${y}, 0], bottomLeft: [-2, 0, 0], bottomRight: [2, 0, 0], topLeft: [-2, 2, 0] }`,
    ),
  vec.map((p) => `displays:\n  walls:\n    north:\n      camera: { position: ${p}, target: ${p}, fov: 50 }`),
  fc
    .tuple(fc.integer({ min: 100, max: 4000 }), fc.integer({ min: 1, max: 3000 }))
    .map(
      ([w, x]) =>
        `displays:\n  walls:\n    north:\n      camera: { position: [0, 1, 8], target: [0, 1, 0], fov: 50 }\n      tile: { fullSize: [${w}, 1080], offset: [${x}, 0, ${w}, 1080] }`,
    ),
  name.map((n) => `displays:\n  desktop:\n    camera: { position: [1, 1, 1], target: [1, 1, 1], fov: 50 }\n  zz${n}: true`),
];
/** A few defects, at most one per key (a key written twice is a YAML duplicate, not the finding meant;
 * that one is generated on purpose, once in a while). */
const keyOf = (line: string) => line.split(':')[0] as string;
const pick = (arbs: fc.Arbitrary<string>[], allowDuplicate: boolean) =>
  fc
    .subarray(arbs)
    .chain((chosen) => fc.tuple(fc.tuple(...chosen), fc.boolean()))
    .map(([lines, dup]) => (allowDuplicate && dup ? lines : lines.filter((l, i) => lines.findIndex((m) => keyOf(m) === keyOf(l)) === i)));
const installationArb = fc
  .record({
    sculpture: pick(sculptureDefects, true),
    top: pick(topDefects, false),
    noTitle: fc.boolean(),
  })
  .map(
    ({ sculpture, top, noTitle }) =>
      `${noTitle ? '' : 'title: First light\n'}data:\n  materials: { file: m.csv }\nsculptures:\n  - id: materials\n    data: materials\n` +
      `    count: { field: mass_kg, scale: { range: [500, 5000] } }\n    color: { field: category }\n` +
      sculpture.map((l) => `    ${l}\n`).join('') +
      `  - id: materials\n    data: materials\n` +
      top.map((b) => `${b}\n`).join(''),
  );

describe('the checker names each finding by a stable code', () => {
  it('gives every finding in installation.yaml, and its hint, a code whose template, filled with its params, is its text', () => {
    const seen = new Set<string>();
    const hinted = new Set<string>();
    fc.assert(
      fc.property(installationArb, (yaml) => {
        const r = compileFromMap({ 'installation.yaml': yaml, 'm.csv': CSV });
        expect(r.diagnostics.length).toBeGreaterThan(0);
        for (const d of r.diagnostics) {
          if (d.file !== 'installation.yaml') continue;
          expect(d.code, `no code for ${d.path}: ${d.message}`).toBeDefined();
          expect(isFindingCode(d.code)).toBe(true);
          const wire = JSON.parse(JSON.stringify(d)) as typeof d;
          expect(fillTemplate(FINDINGS[wire.code as keyof typeof FINDINGS], wire.params ?? {})).toBe(d.message);
          seen.add(d.code as string);
          // Its hint has a code too, except the schema's hints that quote a field's description (English, as
          // the installation reference is); a coded hint's template, filled, is the hint `check` prints.
          const described = /^schema\./.test(d.code as string) && d.code !== 'schema.unknown-field' && d.code !== 'schema.value-not-allowed';
          if (!described) expect(isHintCode(wire.hintCode), `no hint code for ${d.code}: ${d.hint}`).toBe(true);
          if (wire.hintCode !== undefined) {
            expect(fillTemplate(HINTS[wire.hintCode as keyof typeof HINTS], wire.hintParams ?? {})).toBe(d.hint);
            hinted.add(wire.hintCode);
          }
        }
      }),
      { numRuns: 300 },
    );
    // The generator reaches most kinds (a guard against a generator that tests nothing).
    expect(seen.size).toBeGreaterThanOrEqual(20);
    expect(hinted.size).toBeGreaterThanOrEqual(12);
  });

  it('server/FINDINGS.md lists every finding code and hint code with its English, and no other', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../server/FINDINGS.md'), 'utf8');
    const [findings, hints] = doc.split('## Hint codes');
    // A message by count is written `one: … · other: …`; prettier may pad the cells.
    const template = (cell: string): Template => {
      const forms = /^one: (.*) · other: (.*)$/.exec(cell);
      return forms ? { one: forms[1] ?? '', other: forms[2] ?? '' } : cell;
    };
    const table = (part: string | undefined) =>
      Object.fromEntries([...(part ?? '').matchAll(/^\| `([a-z0-9.-]+)` +\| (.*?) +\|$/gm)].map((m) => [m[1], template((m[2] ?? '').replace(/\\\|/g, '|'))]));
    expect(table(findings)).toEqual(FINDINGS);
    expect(table(hints)).toEqual(HINTS);
  });
});
