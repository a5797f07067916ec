import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimiter, TokenBucket, type BucketSpec } from '../../server/rate-limit.ts';

const spec = fc.record({ burst: fc.integer({ min: 1, max: 50 }), perSecond: fc.double({ min: 0.01, max: 50, noNaN: true }) });
/** Gaps between takes, seconds. */
const gaps = fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 1, maxLength: 200 });

describe('rate limits', () => {
  it("never allow more than burst + elapsed x rate; a bucket and a keyed one agree; a wait is at most one token's refill", () => {
    fc.assert(
      fc.property(spec, gaps, (s: BucketSpec, steps) => {
        let t = 0;
        const limiter = new RateLimiter(() => t);
        const bucket = new TokenBucket(s, () => t);
        let allowed = 0;
        for (const dt of steps) {
          t += dt;
          const wait = limiter.take('k', s);
          expect(bucket.take()).toBeCloseTo(wait, 9);
          if (wait === 0) allowed++;
          else expect(wait).toBeLessThanOrEqual(1 / s.perSecond + 1e-9);
          expect(allowed).toBeLessThanOrEqual(s.burst + t * s.perSecond + 1e-9);
        }
      }),
    );
  });

  it('takeAll takes from every bucket or none, and names the one that refused', () => {
    let t = 0;
    const limiter = new RateLimiter(() => t);
    const device: BucketSpec = { burst: 3, perSecond: 0.05 };
    const address: BucketSpec = { burst: 5, perSecond: 0.05 };
    const results = Array.from({ length: 4 }, (_, i) =>
      limiter.takeAll([
        [`d${i % 2}`, device],
        ['a', address],
      ]),
    );
    expect(results.map((r) => r.wait)).toEqual([0, 0, 0, 0]);
    expect(
      limiter.takeAll([
        ['d0', device],
        ['a', address],
      ]),
    ).toEqual({ wait: 0, which: -1 });
    // d0 has 0 left, the address 0: the longer wait wins; d2 is untouched by a refusal.
    expect(
      limiter.takeAll([
        ['d2', device],
        ['a', address],
      ]).which,
    ).toBe(1);
    expect(limiter.take('d2', device)).toBe(0);
    t = 1000;
    expect(
      limiter.takeAll([
        ['d0', device],
        ['a', address],
      ]).wait,
    ).toBe(0);
  });

  it('stays within its bound on keys, whatever arrives, and forgets buckets that have refilled', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 500 }), (keys) => {
        let t = 0;
        const limiter = new RateLimiter(() => t, 50);
        for (const k of keys) {
          limiter.take(k, { burst: 2, perSecond: 1 });
          expect(limiter.size).toBeLessThanOrEqual(50);
          t += 0.01;
        }
        t += 3;
        limiter.sweep();
        expect(limiter.size).toBe(0);
      }),
    );
  });
});
