import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOADING_DETAIL, READY_FRAMES, Readiness, type FrameStart } from '../../../src/app/display/readiness.ts';

/** A page's frames as they begin: the fonts arrive at some frame (or never) and texts are pending now and then. */
const frameStarts = fc
  .record({
    fontAt: fc.option(fc.nat({ max: 12 }), { nil: undefined }),
    pending: fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.nat({ max: 3 })), { minLength: 1, maxLength: 40 }),
  })
  .map(({ fontAt, pending }): FrameStart[] => pending.map((p, i) => ({ fontIn: fontAt !== undefined && i >= fontAt, pendingText: p })));

/** Drives a Readiness as the page does: each frame's detail for its budget, then the frame. */
function play(frames: readonly FrameStart[]): { details: number[]; readyAt: number[] } {
  const r = new Readiness();
  const details: number[] = [];
  const readyAt: number[] = [];
  frames.forEach((at, i) => {
    details.push(r.detail(at));
    if (r.frame(at)) readyAt.push(i);
  });
  return { details, readyAt };
}

/** The frames at which the texts are settled: READY_FRAMES frames begun with the fonts, none pending. */
function settledAt(frames: readonly FrameStart[]): boolean[] {
  let withFont = 0;
  return frames.map((at) => {
    if (at.fontIn) withFont++;
    return withFont >= READY_FRAMES && at.pendingText === 0;
  });
}

describe('a page loading: light frames, then one complete frame, then ready', () => {
  it('is ready once, at a settled frame right after one drawn at full detail, and full from then on', () => {
    fc.assert(
      fc.property(frameStarts, (frames) => {
        const { details, readyAt } = play(frames);
        const settled = settledAt(frames);
        expect(readyAt.length).toBeLessThanOrEqual(1);
        for (const d of details) expect([LOADING_DETAIL, 1]).toContain(d);
        const r = readyAt[0];
        // Before ready, only a settled frame draws every particle.
        details.forEach((d, i) => {
          if (r === undefined || i < r) expect(d === 1).toBe(settled[i]);
          else expect(d).toBe(1);
        });
        if (r === undefined) return;
        expect(settled[r]).toBe(true);
        expect(r).toBeGreaterThan(0);
        expect(details[r - 1]).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('costs exactly one frame over the rule without light frames, when the texts stay settled', () => {
    fc.assert(
      fc.property(frameStarts, (frames) => {
        const settled = settledAt(frames);
        // The old rule: ready at the first settled frame (every frame was drawn at full detail).
        const before = settled.indexOf(true);
        const { readyAt } = play(frames);
        if (before < 0) {
          expect(readyAt).toEqual([]);
          return;
        }
        const r = readyAt[0];
        if (r !== undefined) expect(r).toBeGreaterThan(before);
        if (before + 1 < frames.length && settled[before + 1]) expect(r).toBe(before + 1);
      }),
      { numRuns: 500 },
    );
  });
});
