import { describe, expect, it } from 'vitest';
import { compileFromMap } from '../../src/core/installation.ts';
import { encodeSculptures } from '../../src/core/encode.ts';
import { createRandom, hashString, seedOf } from '../../src/core/random.ts';
import { interpolateStops, parseHex, toHex } from '../../src/core/color.ts';
import { makeScale, toNumberRange } from '../../src/core/scale.ts';
import type { FieldInfo } from '../../src/core/data.ts';

const CSV = 'id,category,level,mass_kg\na,textile,0,1\nb,wood,5,4\nc,textile,10,100\n';
const compile = (sculpture: string) => {
  const r = compileFromMap({
    'installation.yaml': `title: T\ndata:\n  m: { file: m.csv }\nsculptures:\n  - id: s\n    data: m\n${sculpture}`,
    'm.csv': CSV,
  });
  if (!r.installation) throw new Error(JSON.stringify(r.diagnostics));
  return encodeSculptures(r.installation)[0]!;
};

describe('encodings', () => {
  it('maps a numeric field through a sqrt scale onto the count range', () => {
    const s = compile('    count: { field: mass_kg, scale: { type: sqrt, range: [100, 1100] } }\n');
    // sqrt(1)=1, sqrt(4)=2, sqrt(100)=10 -> (x-1)/9
    expect(s.rows.map((r) => r.count)).toEqual([100, 100 + Math.round(1000 / 9), 1100]);
    expect(s.particles).toBe(s.rows.reduce((a, r) => a + r.count, 0));
  });

  it('colours categories with a categorical scheme and numbers along a sequential one', () => {
    const cat = compile('    color: { field: category, scale: { scheme: tableau10 } }\n');
    expect(toHex(cat.rows[0]!.color)).toBe('#4e79a7');
    expect(toHex(cat.rows[1]!.color)).toBe('#f28e2c');
    expect(cat.rows[2]!.color).toEqual(cat.rows[0]!.color);
    const seq = compile('    color: { field: level, scale: { scheme: viridis } }\n');
    expect(toHex(seq.rows[0]!.color)).toBe('#440154');
    expect(toHex(seq.rows[2]!.color)).toBe('#fde725');
    const explicit = compile('    color: { field: level, scale: { range: ["#000000", "#ffffff"] } }\n');
    expect(toHex(explicit.rows[1]!.color)).toBe('#808080');
  });

  it('gives each category its primitive, a default for the others, and places rows on a ring', () => {
    const s = compile(
      '    shape: { field: category, map: { textile: ribbon }, default: sphere }\n    placement: { layout: ring, radius: 2, center: [0, 1, 0] }\n',
    );
    expect(s.rows.map((r) => r.shape)).toEqual(['ribbon', 'sphere', 'ribbon']);
    for (const r of s.rows) {
      expect(Math.hypot(r.position[0], r.position[2])).toBeCloseTo(2, 9);
      expect(r.position[1]).toBe(1);
    }
  });

  it('maps an ordinal scale with one value per category', () => {
    const s = compile('    size: { field: category, scale: { type: ordinal, range: [0.01, 0.05] } }\n');
    expect(s.rows.map((r) => r.size)).toEqual([0.01, 0.05, 0.01]);
  });

  it('is computed once per installation (cached) and seeded per row', () => {
    const r = compileFromMap({ 'installation.yaml': 'title: T\ndata:\n  m: { file: m.csv }\nsculptures:\n  - { id: s, data: m }\n', 'm.csv': CSV });
    expect(encodeSculptures(r.installation!)).toBe(encodeSculptures(r.installation!));
    const seeds = encodeSculptures(r.installation!)[0]!.rows.map((x) => x.seed);
    expect(new Set(seeds).size).toBe(3);
  });
});

describe('scales', () => {
  const num: FieldInfo = { name: 'x', type: 'number', extent: [1, 100], categories: [] };
  it('maps linear, log and pow, clamps unless told not to, and reverses', () => {
    const at = (spec: Parameters<typeof makeScale>[0], v: number) => toNumberRange(makeScale(spec, num)(v), [0, 1]);
    expect(at(undefined, 50.5)).toBeCloseTo(0.5, 9);
    expect(at({ type: 'log' }, 10)).toBeCloseTo(0.5, 9);
    expect(at({ type: 'pow', exponent: 2, domain: [0, 10] }, 5)).toBeCloseTo(0.25, 9);
    expect(at(undefined, 1000)).toBe(1);
    expect(at({ clamp: false }, 199)).toBeCloseTo(2, 9);
    expect(at({ reverse: true }, 1)).toBe(1);
  });
});

describe('random and colour helpers', () => {
  it('repeats the same sequence for the same seed, and differs for another', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(createRandom(43).next()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(hashString('materials')).toBe(hashString('materials'));
    expect(seedOf('a', 1)).not.toBe(seedOf('a1'));
  });

  it('is roughly uniform', () => {
    const r = createRandom(7);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) bins[Math.floor(r.next() * 10)]!++;
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it('parses and interpolates colours', () => {
    expect(parseHex('#f80')).toEqual([1, 0x88 / 255, 0]);
    expect(toHex(interpolateStops(['#000000', '#ffffff', '#ff0000'], 0.75))).toBe('#ff8080');
  });
});
