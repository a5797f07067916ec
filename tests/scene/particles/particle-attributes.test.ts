import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apportion, buildParticleAttributes, drawCount, ROW_BLOCK } from '../../../src/scene/particles/particle-attributes.ts';

/** Particles of each row among the first `prefix` of the buffer. */
function perRow(particle: Float32Array, rows: number, prefix: number): number[] {
  const out = new Array<number>(rows).fill(0);
  for (let j = 0; j < prefix; j++) out[particle[2 * j] as number]! += 1;
  return out;
}

describe('apportion', () => {
  it('splits a total in proportion, summing exactly, ties to the lower index', () => {
    expect(apportion([1, 1, 1], 10)).toEqual([4, 3, 3]);
    expect(apportion([1, 3], 8)).toEqual([2, 6]);
    expect(apportion([0, 5], 3)).toEqual([0, 3]);
    expect(apportion([], 5)).toEqual([]);
    expect(apportion([0, 0], 5)).toEqual([0, 0]);
  });

  it('always sums to the total and stays within 1 of the exact share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 2_000_000 }), (w, total) => {
        const sum = w.reduce((a, b) => a + b, 0);
        const parts = apportion(w, total);
        if (sum === 0) return parts.every((p) => p === 0);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        parts.forEach((p, i) => expect(Math.abs(p - ((w[i] as number) / sum) * total)).toBeLessThan(1));
        return true;
      }),
      { numRuns: 200 },
    );
  });
});

describe('buildParticleAttributes', () => {
  const counts = [1500, 12000, 4000, 1, 0, 7321];

  it('gives each row exactly its count, with indices 0..n-1 in order', () => {
    const a = buildParticleAttributes(counts);
    expect(a.count).toBe(counts.reduce((x, y) => x + y, 0));
    expect(a.particle).toHaveLength(a.count * 2);
    expect(perRow(a.particle, counts.length, a.count)).toEqual(counts);
    const next = counts.map(() => 0);
    for (let j = 0; j < a.count; j++) {
      const r = a.particle[2 * j] as number;
      expect(a.particle[2 * j + 1]).toBe(next[r]);
      next[r]! += 1;
    }
  });

  it('interleaves rows so that every prefix (a lower budget) keeps each row in proportion, within a block', () => {
    const a = buildParticleAttributes(counts);
    for (const prefix of [1, 17, 100, 999, 5000, 12345, a.count - 1]) {
      const got = perRow(a.particle, counts.length, prefix);
      counts.forEach((n, r) => expect(Math.abs((got[r] as number) - (prefix * n) / a.count)).toBeLessThanOrEqual(ROW_BLOCK));
    }
    // Particle by particle (blocks of 1), within one particle.
    const b = buildParticleAttributes(counts, 1);
    for (const prefix of [1, 17, 100, 999, 5000, 12345, b.count - 1]) {
      const got = perRow(b.particle, counts.length, prefix);
      counts.forEach((n, r) => expect(Math.abs((got[r] as number) - (prefix * n) / b.count)).toBeLessThanOrEqual(1));
    }
  });

  it("keeps a row's particles together in blocks, so neighbouring vertices take the same shape branch", () => {
    const a = buildParticleAttributes(counts);
    let runs = 0;
    for (let j = 1; j < a.count; j++) if (a.particle[2 * j] !== a.particle[2 * j - 2]) runs++;
    // One change of row per block at most (rows shorter than a block are one block).
    const blocks = counts.reduce((s, n) => s + Math.ceil(n / ROW_BLOCK), 0);
    expect(runs).toBeLessThan(blocks);
    expect(runs).toBeGreaterThan(blocks / 2);
  });

  it('is deterministic: the same counts give the same bytes', () => {
    const a = buildParticleAttributes(counts);
    const b = buildParticleAttributes([...counts]);
    expect(a.particle).toEqual(b.particle);
    expect(Buffer.from(a.particle.buffer).equals(Buffer.from(b.particle.buffer))).toBe(true);
  });

  it('builds a million particles over 29 rows', () => {
    const weights = Array.from({ length: 29 }, (_, i) => 1500 + 377 * i);
    const a = buildParticleAttributes(apportion(weights, 1_000_000));
    expect(a.count).toBe(1_000_000);
    expect(a.particle[2 * 999_999 + 1]).toBeGreaterThan(0);
  });
});

describe('drawCount', () => {
  it('shares a display budget among sculptures by their particles', () => {
    expect(drawCount(100_000, 150_000, Infinity)).toBe(100_000);
    expect(drawCount(100_000, 150_000, 150_000)).toBe(100_000);
    expect(drawCount(100_000, 150_000, 75_000)).toBe(50_000);
    expect(drawCount(50_000, 150_000, 75_000)).toBe(25_000);
    expect(drawCount(100_000, 150_000, 0)).toBe(0);
    expect(drawCount(100_000, 0, 10)).toBe(0);
  });
});
