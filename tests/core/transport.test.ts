import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyTransport,
  initialTransport,
  MAX_RATE,
  MIN_RATE,
  runningRate,
  transportAt,
  type Transport,
  type TransportAction,
} from '../../src/core/transport.ts';

const span = fc
  .tuple(fc.double({ min: -10, max: 100, noNaN: true }), fc.double({ min: 0.5, max: 2000, noNaN: true }))
  .map(([from, len]) => [from, from + len] as const);
const action: fc.Arbitrary<TransportAction> = fc.oneof(
  fc.constant({ action: 'play' as const }),
  fc.constant({ action: 'pause' as const }),
  fc.double({ min: -100, max: 3000, noNaN: true }).map((t) => ({ action: 'seek' as const, t })),
  fc.double({ min: MIN_RATE, max: MAX_RATE, noNaN: true }).map((rate) => ({ action: 'speed' as const, rate })),
);
/** A run of actions at increasing server times. */
const run = fc.tuple(span, fc.array(fc.tuple(action, fc.double({ min: 0, max: 30, noNaN: true })), { minLength: 1, maxLength: 25 }));

function replay(
  from: number,
  to: number,
  steps: readonly (readonly [TransportAction, number])[],
): { tr: Transport; now: number; before: number; after: number }[] {
  let tr = initialTransport(from, to, 0);
  let now = 0;
  const out = [];
  for (const [a, dt] of steps) {
    now += dt;
    const before = transportAt(tr, now);
    const next = applyTransport(tr, a, now);
    if ('error' in next) throw new Error(next.error);
    tr = next;
    out.push({ tr, now, before, after: transportAt(tr, now) });
  }
  return out;
}

describe('the replay transport', () => {
  it('keeps t within the span; t is continuous across play, pause and speed; a seek lands where asked (clamped)', () => {
    fc.assert(
      fc.property(run, ([[from, to], steps]) => {
        for (const [i, { tr, before, after, now }] of replay(from, to, steps).entries()) {
          const a = (steps[i] as readonly [TransportAction, number])[0];
          expect(after).toBeGreaterThanOrEqual(from);
          expect(after).toBeLessThanOrEqual(to);
          if (a.action === 'seek') expect(after).toBeCloseTo(Math.min(to, Math.max(from, a.t)), 9);
          else if (a.action === 'play' && before >= to) expect(after).toBe(from);
          else expect(after).toBeCloseTo(before, 9);
          // Later, t runs at the rate while playing, stands still while paused, and stops at the end.
          const later = transportAt(tr, now + 1);
          if (!tr.playing) expect(later).toBe(after);
          else expect(later).toBeCloseTo(Math.min(to, after + tr.rate), 9);
          expect(runningRate(tr, now + 1)).toBe(tr.playing && later < to ? tr.rate : 0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses speeds outside 0.25..4 and a seek to no time, with a hint', () => {
    const tr = initialTransport(0, 100, 0);
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ max: MIN_RATE, maxExcluded: true }), fc.double({ min: MAX_RATE, minExcluded: true }), fc.constant(Number.NaN)),
        (rate) => {
          const r = applyTransport(tr, { action: 'speed', rate }, 1);
          expect(r).toMatchObject({ error: expect.stringContaining('out of range'), hint: expect.stringContaining('0.25') });
        },
      ),
    );
    expect(applyTransport(tr, { action: 'seek', t: Number.NaN }, 1)).toMatchObject({ error: expect.any(String) });
  });

  it('two screens reading one transport at the same server time play the same t (any anchor, any rate)', () => {
    fc.assert(
      fc.property(run, fc.double({ min: 0, max: 500, noNaN: true }), ([[from, to], steps], dt) => {
        const last = replay(from, to, steps).at(-1);
        if (!last) return;
        const copy: Transport = JSON.parse(JSON.stringify(last.tr));
        // Equal as numbers: JSON (the wire) writes -0 as 0, which is the same t.
        const [a, b] = [transportAt(copy, last.now + dt), transportAt(last.tr, last.now + dt)];
        expect(a === b, `${a} against ${b}`).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
