import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { showAt, MAX_BURSTS } from '../../src/core/show.ts';
import { EventLog } from '../../src/core/event-log.ts';
import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import { syntheticInstallation } from '../fixtures/synthetic.ts';

const before = syntheticInstallation(8, 'before');
const after = syntheticInstallation(8, 'after');
const ids = ['story-aaaaaa', 'story-bbbbbb', 'story-cccccc', 'story-dddddd'];

const body: fc.Arbitrary<EventBody> = fc.oneof(
  fc.record({ type: fc.constant('cue' as const), phase: fc.constantFrom('gathering', 'glitch', 'crisis', 'transformation', 'resilience', 'unknown') }),
  fc.record({
    type: fc.constant('glitch' as const),
    intensity: fc.double({ min: 0, max: 1, noNaN: true }),
    seconds: fc.double({ min: 0.5, max: 10, noNaN: true }),
  }),
  fc.record({
    type: fc.constant('story' as const),
    id: fc.constantFrom(...ids),
    text: fc.string({ minLength: 1, maxLength: 40 }),
    emotion: fc.constantFrom('grief', 'hope', 'anger', 'unknown'),
    material: fc.constantFrom('m0', 'm3', 'm7', 'nowhere'),
    lang: fc.constantFrom('en', 'pt-BR', 'ar'),
    consent: fc.boolean(),
  }),
  fc.record({ type: fc.constant('story-approved' as const), id: fc.constantFrom(...ids) }),
  fc.record({ type: fc.constant('story-hidden' as const), id: fc.constantFrom(...ids) }),
  fc.record({
    type: fc.constant('reaction' as const),
    kind: fc.constantFrom('heart', 'fire'),
    material: fc.option(fc.constantFrom('m1', 'm2'), { nil: undefined }),
  }),
);

/** Events with increasing times (gaps 0..20 s, ties allowed) and seq 1..n. */
const logArb = (maxLength = 60) =>
  fc.array(fc.tuple(fc.double({ min: 0, max: 20, noNaN: true }), body), { maxLength }).map((items) => {
    let t = 0;
    return items.map(([dt, b], i) => {
      t += dt;
      const e = { ...b, seq: i + 1, t } as ShowEvent;
      if (e.type === 'reaction' && e.material === undefined) delete (e as { material?: string }).material;
      return e;
    });
  });

const installationArb = fc.constantFrom(before, after);

describe('showAt properties', () => {
  it('is deterministic: the same inputs give deep-equal states', () => {
    fc.assert(
      fc.property(installationArb, logArb(), fc.double({ min: -5, max: 800, noNaN: true }), (inst, events, t) => {
        expect(showAt(inst, events, t)).toEqual(showAt(inst, [...events], t));
      }),
      { numRuns: 200 },
    );
  });

  it('never lets events after t change the state at t, whatever they are and in whatever order they come', () => {
    fc.assert(
      fc.property(
        installationArb,
        logArb(),
        fc.double({ min: 0, max: 600, noNaN: true }),
        logArb(30),
        fc.integer(),
        (inst, events, t, tailSeed, shuffleSeed) => {
          const prefix = events.filter((e) => e.t <= t);
          // Another future: different events, all later than t, renumbered after the prefix, then shuffled in the array.
          const tail = tailSeed.map((e, i) => ({ ...e, seq: prefix.length + i + 1, t: t + 0.001 + e.t }) as ShowEvent);
          const shuffled = [...tail].sort((a, b) => (((a.seq * 2654435761) ^ shuffleSeed) % 97) - (((b.seq * 2654435761) ^ shuffleSeed) % 97));
          const original = showAt(inst, events, t);
          expect(showAt(inst, [...prefix, ...shuffled], t)).toEqual(original);
          expect(showAt(inst, prefix, t)).toEqual(original);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives the same state from an incrementally appended log as from the whole array', () => {
    fc.assert(
      fc.property(installationArb, logArb(), fc.double({ min: 0, max: 800, noNaN: true }), (inst, events, t) => {
        const log = new EventLog();
        for (const e of events) log.append(e);
        expect(showAt(inst, log, t)).toEqual(showAt(inst, events, t));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every value in its range', () => {
    fc.assert(
      fc.property(installationArb, logArb(), fc.double({ min: -5, max: 800, noNaN: true }), (inst, events, t) => {
        const s = showAt(inst, events, t);
        expect(s.glitch).toBeGreaterThanOrEqual(0);
        expect(s.glitch).toBeLessThanOrEqual(1);
        expect(s.morph.progress).toBeGreaterThanOrEqual(0);
        expect(s.morph.progress).toBeLessThanOrEqual(1);
        expect(s.phase.progress).toBeGreaterThanOrEqual(0);
        expect(s.phase.progress).toBeLessThanOrEqual(1);
        expect(s.look.form).toBeGreaterThanOrEqual(0);
        expect(s.look.form).toBeLessThanOrEqual(1);
        expect(s.bursts.length).toBeLessThanOrEqual(MAX_BURSTS);
        expect(s.stories.length).toBeLessThanOrEqual(inst.spec.audience.stories.display.max);
        for (const st of s.stories) {
          expect(st.opacity).toBeGreaterThanOrEqual(0);
          expect(st.opacity).toBeLessThanOrEqual(1);
          // A story on display was submitted at or before t and is not hidden at t.
          const hidden = events.find((e) => e.type === 'story-hidden' && e.id === st.id && e.t <= t);
          expect(hidden).toBeUndefined();
          if (inst.spec.audience.moderation === 'before') {
            expect(events.some((e) => e.type === 'story-approved' && e.id === st.id && e.t <= t)).toBe(true);
          }
        }
        for (const b of s.bursts) {
          expect(b.age).toBeGreaterThanOrEqual(0);
          expect(b.envelope).toBeGreaterThanOrEqual(0);
          expect(b.envelope).toBeLessThanOrEqual(1);
        }
        expect(s.seq).toBe(events.filter((e) => e.t <= t).length);
      }),
      { numRuns: 300 },
    );
  });
});
