import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF_DEFAULTS, backoffMs } from '../../src/net/backoff.ts';

const random = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const attempt = fc.integer({ min: 0, max: 10_000 });
const options = fc.record({ baseMs: fc.integer({ min: 1, max: 5000 }), capMs: fc.integer({ min: 1, max: 120_000 }) });
const RUNS = 2000;

describe('the reconnect back-off', () => {
  it('waits between half the step and the step, the step doubling per attempt up to the cap', () => {
    fc.assert(
      fc.property(attempt, random, options, (n, r, o) => {
        const step = Math.min(o.capMs, o.baseMs * 2 ** n);
        const wait = backoffMs(n, r, undefined, o);
        expect(wait).toBeGreaterThanOrEqual(step / 2);
        expect(wait).toBeLessThanOrEqual(step);
        expect(Number.isFinite(wait)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('never waits less than retryAfter, and at most half a step more than it (capped like the step)', () => {
    fc.assert(
      fc.property(attempt, random, options, fc.double({ min: 0.001, max: 1e6, noNaN: true }), (n, r, o, retryAfter) => {
        const step = Math.min(o.capMs, o.baseMs * 2 ** n);
        const asked = Math.min(retryAfter, BACKOFF_DEFAULTS.maxRetryAfter) * 1000;
        const wait = backoffMs(n, r, retryAfter, o);
        expect(wait).toBeGreaterThanOrEqual(asked);
        expect(wait).toBeGreaterThanOrEqual(step / 2);
        expect(wait).toBeLessThanOrEqual(Math.max(asked, step / 2) + step / 2);
        expect(wait).toBeLessThanOrEqual(BACKOFF_DEFAULTS.maxRetryAfter * 1000 + o.capMs);
      }),
      { numRuns: RUNS },
    );
  });

  it('ignores a retryAfter that is not a positive number', () => {
    fc.assert(
      fc.property(attempt, random, fc.constantFrom(0, -1, Number.NaN, -Infinity, Infinity), (n, r, bad) => {
        expect(backoffMs(n, r, bad)).toBe(backoffMs(n, r));
      }),
      { numRuns: 200 },
    );
  });

  it('is monotonic in the jitter and spreads a room over the whole upper half of the step', () => {
    fc.assert(
      fc.property(attempt, random, random, (n, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(backoffMs(n, lo)).toBeLessThanOrEqual(backoffMs(n, hi));
      }),
      { numRuns: RUNS },
    );
    // The jitter really spreads: 1000 clients drawing evenly spread randoms at the same attempt land evenly
    // over [step/2, step] (100 in each tenth), not on one moment.
    const step = Math.min(BACKOFF_DEFAULTS.capMs, BACKOFF_DEFAULTS.baseMs * 2 ** 3);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 1000; i++) {
      const tenth = Math.floor(((backoffMs(3, (i + 0.5) / 1000) - step / 2) / (step / 2)) * 10);
      counts[tenth] = (counts[tenth] ?? 0) + 1;
    }
    expect(counts).toEqual(new Array<number>(10).fill(100));
  });
});
