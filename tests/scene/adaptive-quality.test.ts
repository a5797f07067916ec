import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AdaptiveQuality, LEVELS, particleBudget, XR_LEVELS, xrQualityOptions } from '../../src/scene/quality/adaptive-quality.ts';
import { chooseFrameRate } from '../../src/scene/quality/xr-rate.ts';

/** Feeds `seconds` worth of frames of `frame` seconds each; returns how many level changes happened. */
function run(q: AdaptiveQuality, frame: number, seconds: number): number {
  let changes = 0;
  for (let t = 0; t < seconds; t += frame) if (q.frame(frame)) changes++;
  return changes;
}

describe('adaptive quality', () => {
  it('steps down on slow frames, one level per window, skipping the window after a change', () => {
    const q = new AdaptiveQuality({ targetSeconds: 1 / 60 });
    run(q, 1 / 20, 1.01);
    expect(q.state.level).toBe(1);
    run(q, 1 / 20, 1.01); // the window after a change holds frames of the old level: ignored
    expect(q.state.level).toBe(1);
    run(q, 1 / 20, 1.01);
    expect(q.state.level).toBe(2);
    expect(q.state.pixelRatio).toBeLessThan(1);
  });

  it('bottoms out at the cheapest level', () => {
    const q = new AdaptiveQuality();
    run(q, 0.2, 60);
    expect(q.state.level).toBe(LEVELS.length - 1);
  });

  it('does not oscillate around the target (hysteresis): frames just over the target keep the level', () => {
    const q = new AdaptiveQuality({ targetSeconds: 1 / 60, level: 2 });
    expect(run(q, 1.1 / 60, 30)).toBe(0);
    expect(run(q, 0.8 / 60, 30)).toBe(0);
  });

  it('steps up only after several fast windows in a row', () => {
    const q = new AdaptiveQuality({ targetSeconds: 1 / 60, level: 3, upWindows: 3 });
    run(q, 0.5 / 60, 2.01);
    expect(q.state.level).toBe(3);
    run(q, 0.5 / 60, 1.01);
    expect(q.state.level).toBe(2);
  });

  it('does not count its warm-up frames: after them it decides as a new governor fed only the frames since', () => {
    const frame = fc.double({ min: 0.001, max: 5, noNaN: true });
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 20 }), fc.array(frame, { maxLength: 200 }), (first, rest) => {
        const warm = new AdaptiveQuality({ warmupFrames: first.length });
        const fresh = new AdaptiveQuality();
        for (const f of first) expect(warm.frame(f)).toBe(false);
        expect(warm.state.level).toBe(0);
        for (const f of rest) expect(warm.frame(f)).toBe(fresh.frame(f));
        expect(warm.state).toEqual(fresh.state);
      }),
      { numRuns: 300 },
    );
  });

  it('ignores stalls (a hidden tab, a long load)', () => {
    const q = new AdaptiveQuality();
    expect(q.frame(5)).toBe(false);
    expect(q.frame(0)).toBe(false);
    expect(q.state.level).toBe(0);
  });

  it('steps down when frames over a second keep coming (slow, not a stall)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1.01, max: 5, noNaN: true }), { minLength: 2, maxLength: 20 }), (frames) => {
        const q = new AdaptiveQuality();
        for (const f of frames) q.frame(f);
        // The first is a stall; each later one is a slow window, and every change skips the next window.
        expect(q.state.level).toBe(Math.min(LEVELS.length - 1, Math.ceil((frames.length - 1) / 2)));
      }),
    );
  });

  it("caps the particle budget by the display's", () => {
    expect(particleBudget(100_000, undefined, 1)).toBe(100_000);
    expect(particleBudget(100_000, 40_000, 1)).toBe(40_000);
    expect(particleBudget(100_000, 40_000, 0.5)).toBe(20_000);
    expect(particleBudget(10_000, 40_000, 0.25)).toBe(2_500);
  });
});

describe('adaptive quality in a headset', () => {
  it('aims at the session frame rate and trades foveation before particles, never the resolution', () => {
    const q = new AdaptiveQuality(xrQualityOptions(90));
    expect(q.state).toMatchObject({ level: 0, foveation: 0.5, budget: 1, targetSeconds: 1 / 90 });
    // Every tenth frame missed (twice the interval): 10% over the target, which is slow in a headset.
    const late = () => {
      for (let i = 0; i < 90; i++) if (q.frame(i % 10 === 0 ? 2 / 90 : 1 / 90)) return true;
      return false;
    };
    const seen: number[] = [];
    for (let w = 0; w < 40; w++) if (late()) seen.push(q.state.level);
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
    expect(q.state.level).toBe(XR_LEVELS.length - 1);
    for (const l of XR_LEVELS) expect(l.pixelRatio).toBe(1);
    expect(XR_LEVELS[1]).toMatchObject({ foveation: 1, budget: 1 });
  });

  it('holds a level where no frame is missed (frames never come faster than the refresh rate)', () => {
    fc.assert(
      fc.property(fc.constantFrom(72, 80, 90, 120), fc.integer({ min: 0, max: XR_LEVELS.length - 1 }), (rate, level) => {
        const q = new AdaptiveQuality({ ...xrQualityOptions(rate), level });
        // Exactly at the refresh rate: fast enough to try a level up after upWindows windows, never down.
        for (let i = 0; i < rate * 30; i++) q.frame(1 / rate);
        expect(q.state.level).toBeLessThanOrEqual(level);
      }),
    );
  });

  it('after a step up that is slow at once, steps back and waits twice as long before trying again', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), (up) => {
        // Powers of two: a window of frames sums to exactly one second, so every call below is one window.
        const target = 1 / 64;
        const q = new AdaptiveQuality({ targetSeconds: target, level: 3, upWindows: up });
        const windowOf = (frame: number) => {
          let changed = false;
          for (let i = 0; i < 1 / frame; i++) changed = q.frame(frame) || changed;
          return changed;
        };
        // A display at the edge: fast at level 3, slow at level 2.
        const frameAt = () => (q.state.level >= 3 ? target / 2 : target * 2);
        const ups: number[] = [];
        let windows = 0;
        for (let w = 0; w < 400 && ups.length < 3; w++) {
          const level = q.state.level;
          windows++;
          if (windowOf(frameAt()) && q.state.level < level) {
            ups.push(windows);
            windows = 0;
          }
        }
        // The first try after `up` fast windows; each next one after twice the fast windows of the last, plus
        // three: the skipped window after the step up, the slow one, the skipped one after the step back.
        expect(ups.length).toBe(3);
        const [a = 0, b = 0, c = 0] = ups;
        expect(a).toBe(up);
        expect(b - 3).toBe(2 * a);
        expect(c - 3).toBe(2 * (b - 3));
      }),
    );
  });
});

describe('the frame rate a headset is asked for', () => {
  it('is 90 Hz where offered, else 72, else the best up to 90, never one not offered', () => {
    expect(chooseFrameRate([72, 80, 90, 120])).toBe(90);
    expect(chooseFrameRate([72, 120])).toBe(72);
    expect(chooseFrameRate([60, 75, 144])).toBe(75);
    expect(chooseFrameRate([120, 144])).toBe(120);
    expect(chooseFrameRate([])).toBe(false);
    expect(chooseFrameRate(undefined)).toBe(false);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 30, max: 240 }), { minLength: 1, maxLength: 8 }), (rates) => {
        const chosen = chooseFrameRate(new Float32Array(rates));
        expect(rates).toContain(chosen);
        if (rates.includes(90)) expect(chosen).toBe(90);
        else if (rates.includes(72)) expect(chosen).toBe(72);
        else if (rates.some((r) => r <= 90)) expect(chosen).toBe(Math.max(...rates.filter((r) => r <= 90)));
        else expect(chosen).toBe(Math.min(...rates));
      }),
    );
  });
});
