import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STALL_SECONDS, watchFrames } from '../../../src/app/display/watchdog.ts';

/**
 * The frame watchdog against a browser of numbers: a clock, animation frames the "browser" offers at some
 * rate, and a page loop that draws some of them. It must reload only when the page stops drawing while the
 * browser still offers frames, never for frames that are merely slow.
 */
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function run(steps: readonly { readonly ms: number; readonly offered: boolean; readonly drawn: boolean }[], paused = () => false) {
  let nowMs = 0;
  let frames = 1;
  let pending: (() => void) | undefined;
  const stalls: { atMs: number; reason: string }[] = [];
  const stop = watchFrames({
    frames: () => frames,
    paused,
    onStall: (reason) => stalls.push({ atMs: nowMs, reason }),
    clockMs: () => nowMs,
    requestFrame: (cb) => {
      pending = cb;
      return 1;
    },
    cancelFrame: () => (pending = undefined),
  });
  for (const s of steps) {
    nowMs += s.ms;
    vi.advanceTimersByTime(s.ms);
    if (s.offered) {
      const cb = pending;
      pending = undefined;
      cb?.();
      if (s.drawn) frames++;
    }
  }
  stop();
  return stalls;
}

describe('the frame watchdog', () => {
  it('never fires while every offered frame is drawn, however slow they come', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 30_000 }), { maxLength: 60 }), (gaps) => {
        expect(run(gaps.map((ms) => ({ ms, offered: true, drawn: true })))).toEqual([]);
      }),
    );
  });

  it('fires once, within 1.25 x the stall time, when the page stops drawing what the browser offers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 100 }), fc.integer({ min: 0, max: 20 }), (frameMs, drawnFirst) => {
        const steps = [
          ...Array.from({ length: drawnFirst }, () => ({ ms: frameMs, offered: true, drawn: true })),
          ...Array.from({ length: Math.ceil((STALL_SECONDS * 2000) / frameMs) }, () => ({ ms: frameMs, offered: true, drawn: false })),
        ];
        const stalls = run(steps);
        expect(stalls.length).toBe(1);
        const stoppedAt = drawnFirst * frameMs;
        const after = (stalls[0]?.atMs ?? 0) - stoppedAt;
        expect(after).toBeGreaterThanOrEqual(STALL_SECONDS * 1000 - frameMs);
        expect(after).toBeLessThanOrEqual(STALL_SECONDS * 1250 + frameMs);
        expect(stalls[0]?.reason).toMatch(new RegExp(`^no frame drawn for ${STALL_SECONDS} s while the browser offered \\d+$`));
      }),
    );
  });

  it('does not fire when the browser offers nothing (a wedged GPU is not the page loop) or while paused', () => {
    expect(run([{ ms: STALL_SECONDS * 5000, offered: false, drawn: false }])).toEqual([]);
    const steps = Array.from({ length: 400 }, () => ({ ms: 50, offered: true, drawn: false }));
    expect(run(steps, () => true)).toEqual([]);
  });
});
