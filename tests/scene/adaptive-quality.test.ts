import { describe, expect, it } from 'vitest';
import { AdaptiveQuality, LEVELS, particleBudget } from '../../src/scene/quality/adaptive-quality.ts';

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

  it('ignores stalls (a hidden tab, a long load)', () => {
    const q = new AdaptiveQuality();
    expect(q.frame(5)).toBe(false);
    expect(q.frame(0)).toBe(false);
    expect(q.state.level).toBe(0);
  });

  it("caps the particle budget by the display's", () => {
    expect(particleBudget(100_000, undefined, 1)).toBe(100_000);
    expect(particleBudget(100_000, 40_000, 1)).toBe(40_000);
    expect(particleBudget(100_000, 40_000, 0.5)).toBe(20_000);
    expect(particleBudget(10_000, 40_000, 0.25)).toBe(2_500);
  });
});
