import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../src/core/event-log.ts';
import type { ShowEvent } from '../../src/core/events.ts';
import { InOrder } from '../../src/net/in-order.ts';

const events = (n: number): ShowEvent[] => Array.from({ length: n }, (_, i) => ({ type: 'glitch', intensity: 0.5, seconds: 1, seq: i + 1, t: i }));

/** Deliveries of 1..n in any order, any number of times, in batches of any size. */
const deliveries = fc
  .integer({ min: 0, max: 40 })
  .chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc.array(fc.integer({ min: 1, max: Math.max(1, n) }), { maxLength: 120 }),
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 10 }),
    ),
  );

describe('events in seq order', () => {
  it('builds the same log whatever the order, copies and batches, and waits exactly while a gap is open', () => {
    fc.assert(
      fc.property(deliveries, ([n, order, sizes]) => {
        const all = events(n);
        const into = new InOrder(new EventLog());
        // Every event at least once, after the generated (repeating, out of order) ones.
        const seqs = [...order.filter((s) => s <= n), ...all.map((e) => e.seq)];
        for (let i = 0, b = 0; i < seqs.length; b++) {
          const size = sizes[b % sizes.length] ?? 1;
          into.take(seqs.slice(i, i + size).map((s) => all[s - 1] as ShowEvent));
          i += size;
          // The log is always a prefix 1..k; what waits is exactly what arrived beyond k + 1 and was kept once.
          const k = into.log.lastSeq;
          expect(into.log.events.map((e) => e.seq)).toEqual(all.slice(0, k).map((e) => e.seq));
          const beyond = new Set(seqs.slice(0, i).filter((s) => s > k));
          expect(into.waiting).toBe(beyond.size);
        }
        expect(into.log.events).toEqual(all);
        expect(into.waiting).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('starts again on a new log after a reset, forgetting what waited', () => {
    const into = new InOrder(new EventLog());
    into.take(events(3).slice(1));
    expect(into.waiting).toBe(2);
    into.reset(new EventLog());
    expect(into.waiting).toBe(0);
    expect(into.take(events(1))).toBe(true);
    expect(into.log.lastSeq).toBe(1);
  });
});
