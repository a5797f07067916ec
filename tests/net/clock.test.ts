import { describe, expect, it } from 'vitest';
import { DRIFT_PPM, estimateOffset, type ClockSample } from '../../src/net/clock.ts';

/** A sample as a round trip with `upMs` out and `downMs` back would give, for a true offset `trueMs`. */
const sample = (atMs: number, trueMs: number, upMs: number, downMs: number): ClockSample => ({
  atMs,
  rttMs: upMs + downMs,
  offsetMs: trueMs + (upMs - downMs) / 2,
});

describe('estimateOffset', () => {
  it('is exact for a symmetric round trip, and bounded by half the round trip otherwise', () => {
    expect(estimateOffset([sample(0, 500, 3, 3)], 0)).toMatchObject({ offsetMs: 500, rttMs: 6 });
    const one = estimateOffset([sample(0, 500, 9, 1)], 0);
    expect(one.offsetMs).toBe(504);
    expect(one.uncertaintyMs).toBeCloseTo(5, 3);
  });

  it('takes its edges from the fastest request and the fastest answer, even from different round trips', () => {
    // Neither sample is good alone (errors of +4 and -2.5 ms); together they bound the truth to 1.5 ms.
    const samples = [sample(0, -250, 9, 1), sample(10, -250, 0.5, 5.5)];
    const e = estimateOffset(samples, 10);
    expect(Math.abs(e.offsetMs - -250)).toBeLessThan(0.3);
    expect(e.uncertaintyMs).toBeLessThan(0.8);
    expect(e.rttMs).toBe(6);
    // The mean of the samples' offsets is further off than the estimate.
    const mean = (samples[0]!.offsetMs + samples[1]!.offsetMs) / 2;
    expect(Math.abs(mean - -250)).toBeGreaterThan(Math.abs(e.offsetMs - -250));
  });

  it('widens old samples by the drift allowance, and drops them when the clock stepped', () => {
    const old = sample(0, 100, 1, 1);
    const widened = estimateOffset([old], 60_000);
    expect(widened.uncertaintyMs).toBeCloseTo(1 + 60_000 * DRIFT_PPM * 1e-6 + 2 * DRIFT_PPM * 1e-6, 6);
    // The local clock jumped by 50 ms: the bounds disagree, the newest samples decide.
    const stepped = [sample(0, 100, 1, 1), sample(1000, 100, 1, 1), sample(2000, 150, 2, 2), sample(3000, 150, 1, 1)];
    const e = estimateOffset(stepped, 3000);
    expect(e.offsetMs).toBe(150);
    expect(e.dropOlderThanMs).toBe(2000);
  });

  it('says nothing before the first sample', () => {
    expect(estimateOffset([], 0)).toMatchObject({ offsetMs: 0, uncertaintyMs: Infinity });
  });
});
