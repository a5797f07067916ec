import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventLog } from '../../src/core/event-log.ts';
import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import { viewLog } from '../../src/core/projection.ts';
import { blackoutAt, heldBefore, holdStartAt, realTimeAt, runningTime } from '../../src/core/stage.ts';
import { showAt, type ShowState } from '../../src/core/show.ts';
import { mixAt, scoreBetween } from '../../src/core/score/score.ts';
import { syntheticInstallation } from '../fixtures/synthetic.ts';
import { scoreInstallation } from './score/fixture.ts';

// Phases of the synthetic installation: gathering 60 s -> glitch 30 s -> crisis 60 s (advance: cue) -> ...
const inst = syntheticInstallation(12, 'after');
const logOf = (...items: [number, EventBody][]): ShowEvent[] => items.map(([t, body], i) => ({ ...body, seq: i + 1, t }) as ShowEvent);
const story = (id: string): EventBody => ({ type: 'story', id, text: `text of ${id}`, emotion: 'hope', material: 'm3', lang: 'en', consent: true });

/** Stage events at increasing (sometimes equal) times, as an operator would send them (and some a server
 * would answer without storing: a hold while held, a blackout off while off). */
const stageArb = fc
  .array(
    fc.tuple(
      fc.constantFrom(0, 0.25, 1, 5, 30),
      fc.oneof(
        fc.record({ type: fc.constant('blackout' as const), on: fc.boolean(), seconds: fc.constantFrom(0, 0.5, 1, 4) }),
        fc.record({ type: fc.constant('hold' as const), on: fc.boolean() }),
      ),
    ),
    { maxLength: 12 },
  )
  .map((items) => {
    let t = 1;
    return items.map(([dt, b], i) => ({ ...b, seq: i + 1, t: (t += dt) }) as ShowEvent);
  });

describe('blackout (src/core/stage.ts)', () => {
  it('fades linearly to black and back, from wherever it stood', () => {
    const log = EventLog.from(
      logOf(
        [10, { type: 'blackout', on: true, seconds: 2 }],
        [20, { type: 'blackout', on: false, seconds: 4 }],
        [21, { type: 'blackout', on: true, seconds: 0 }],
      ),
    );
    expect(blackoutAt(log, 9)).toBe(0);
    expect(blackoutAt(log, 11)).toBeCloseTo(0.5);
    expect(blackoutAt(log, 12)).toBe(1);
    expect(blackoutAt(log, 19)).toBe(1);
    expect(blackoutAt(log, 21 - 1e-9)).toBeCloseTo(0.75);
    // A cut: black at once.
    expect(blackoutAt(log, 21)).toBe(1);
  });

  it('stays within 0..1, never jumps across a fade, and ends at the last event target', () => {
    fc.assert(
      fc.property(stageArb, fc.double({ min: 0, max: 200, noNaN: true }), (events, t) => {
        const log = EventLog.from(events);
        const level = blackoutAt(log, t);
        expect(level).toBeGreaterThanOrEqual(0);
        expect(level).toBeLessThanOrEqual(1);
        // The fastest fade generated (other than a cut) is 0.5 s: the level moves at most 2 per second.
        const cuts = log.blackouts.some((b) => b.seconds === 0 && Math.abs(b.t - t) <= 0.01);
        if (!cuts) expect(Math.abs(blackoutAt(log, t + 0.01) - level)).toBeLessThanOrEqual(0.02 + 1e-9);
        const last = log.blackouts.at(-1);
        if (last) expect(blackoutAt(log, last.t + 10)).toBe(last.on ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });

  it('blacks every screen out and silences the sound: showAt, the mix and the score agree', () => {
    const sound = scoreInstallation('tempo: 120\nvoices:\n  - { id: v, sculpture: materials, density: 3 }', { moderation: 'after' });
    const log = EventLog.from(logOf([10, { type: 'blackout', on: true, seconds: 1 }], [20, { type: 'blackout', on: false, seconds: 1 }]));
    expect(showAt(sound, log, 15).blackout).toBe(1);
    expect(mixAt(sound, log, 15).level).toBe(0);
    expect(mixAt(sound, log, 5).level).toBe(1);
    expect(scoreBetween(sound, log, 11, 20)).toEqual([]);
    expect(scoreBetween(sound, log, 2, 9).length).toBeGreaterThan(0);
    // Half way into the fade, notes sound at half their velocity at most.
    const early = scoreBetween(sound, [], 10.4, 10.6);
    const fading = scoreBetween(sound, log, 10.4, 10.6);
    expect(fading.map((n) => n.id)).toEqual(early.map((n) => n.id));
    fading.forEach((n, i) => expect(n.velocity).toBeLessThan((early[i]?.velocity ?? 0) * 0.61));
  });
});

describe('hold (src/core/stage.ts)', () => {
  it('freezes the frame on the hold first moment; hidings and the blackout still act', () => {
    const events = logOf(
      [5, story('story-aaaaaa')],
      [6, { type: 'glitch', intensity: 1, seconds: 20 }],
      [8, { type: 'hold', on: true }],
      [12, { type: 'story-hidden', id: 'story-aaaaaa' }],
      [14, { type: 'blackout', on: true, seconds: 2 }],
      [30, { type: 'hold', on: false }],
    );
    const log = EventLog.from(events);
    const frozen = showAt(inst, log, 8);
    const later = showAt(inst, log, 11);
    expect(later.held).toBe(true);
    expect(later.t).toBe(8);
    const { held: _a, ...a } = frozen;
    const { held: _b, ...b } = later;
    expect(b).toEqual(a);
    expect(later.stories.map((s) => s.id)).toEqual(['story-aaaaaa']);
    expect(showAt(inst, log, 12).stories).toEqual([]);
    expect(showAt(inst, log, 15).blackout).toBeCloseTo(0.5);
    expect(showAt(inst, log, 31).held).toBe(false);
    expect(showAt(inst, log, 31).t).toBe(31);
  });

  it('stops the phase timers: an auto phase keeps the time it had left', () => {
    // gathering lasts 60 s; held for 25 s from t=50, it ends at t=85 instead of 60.
    const log = EventLog.from(logOf([50, { type: 'hold', on: true }], [75, { type: 'hold', on: false }]));
    expect(showAt(inst, log, 84).phase.id).toBe('gathering');
    expect(showAt(inst, log, 84).phase.elapsed).toBeCloseTo(59);
    const glitch = showAt(inst, log, 86).phase;
    expect(glitch.id).toBe('glitch');
    expect(glitch.start).toBeCloseTo(85);
    expect(glitch.elapsed).toBeCloseTo(1);
    // A cue during a hold: its phase starts at the cue, its timer runs from the release.
    const cued = EventLog.from(logOf([10, { type: 'hold', on: true }], [12, { type: 'cue', phase: 'crisis' }], [20, { type: 'hold', on: false }]));
    expect(showAt(inst, cued, 19).phase.id).toBe('gathering');
    expect(showAt(inst, cued, 25).phase).toMatchObject({ id: 'crisis', start: 12, elapsed: 5 });
  });

  it('running time and its inverse agree over any holds', () => {
    fc.assert(
      fc.property(stageArb, fc.double({ min: 0, max: 200, noNaN: true }), (events, t) => {
        const log = EventLog.from(events);
        const r = runningTime(log, t);
        expect(r).toBeCloseTo(t - heldBefore(log, t), 9);
        expect(r).toBeLessThanOrEqual(t + 1e-9);
        expect(runningTime(log, t + 1)).toBeGreaterThanOrEqual(r - 1e-9);
        const back = realTimeAt(log, r);
        expect(back).toBeLessThanOrEqual(t + 1e-9);
        expect(runningTime(log, back)).toBeCloseTo(r, 9);
        // While held, the running time stands still and the frame is the hold's first moment.
        const start = holdStartAt(log, t);
        if (start !== undefined) {
          expect(runningTime(log, start)).toBeCloseTo(r, 9);
          expect(showAt(inst, log, t).t).toBe(start);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('motion goes on from the frame a hold froze: after the release, the show is the unheld one, later by the seconds held', () => {
    // The same stories, glitches and reactions, once without a hold and once held for H seconds at h (what
    // came after h arriving H later): from the release on, everything that moves must match the unheld
    // show H seconds earlier. Before the fix the particles' time, burst and glitch ages jumped ahead by H.
    const bodyArb = fc.oneof(
      fc.constantFrom('a', 'b', 'c', 'd').map((id) => story(`story-${id}aaaaa`)),
      fc.record({ type: fc.constant('glitch' as const), intensity: fc.constantFrom(0.3, 1), seconds: fc.constantFrom(2, 8) }),
      fc.record({ type: fc.constant('reaction' as const), kind: fc.constantFrom('heart', 'fire'), material: fc.constantFrom('m1', 'm3') }),
    );
    const moving = (s: ShowState) => [
      s.running,
      s.glitch,
      s.morph.progress,
      s.phase.elapsed,
      ...s.bursts.flatMap((b) => [b.age, b.envelope, b.strength]),
      ...s.stories.flatMap((x) => [x.age, x.opacity]),
      ...s.captions.flatMap((c) => [c.opacity]),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 60, noNaN: true }), bodyArb), { maxLength: 10 }),
        fc.double({ min: 1, max: 50, noNaN: true }),
        fc.double({ min: 0.5, max: 40, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        (items, h, held, after) => {
          const sorted = [...items].sort((a, b) => a[0] - b[0]).filter(([t]) => Math.abs(t - h) > 1e-6);
          const plain = logOf(...sorted);
          const shifted: [number, EventBody][] = [
            ...sorted.filter(([t]) => t < h),
            [h, { type: 'hold', on: true }],
            [h + held, { type: 'hold', on: false }],
            ...sorted.filter(([t]) => t > h).map(([t, b]): [number, EventBody] => [t + held, b]),
          ];
          const withHold = EventLog.from(logOf(...shifted));
          const t = h + after;
          const a = showAt(inst, EventLog.from(plain), t);
          const b = showAt(inst, withHold, t + held);
          expect(b.held).toBe(false);
          expect(b.stories.map((x) => x.id)).toEqual(a.stories.map((x) => x.id));
          expect(b.bursts.map((x) => x.kind)).toEqual(a.bursts.map((x) => x.kind));
          const [ma, mb] = [moving(a), moving(b)];
          expect(mb.length).toBe(ma.length);
          mb.forEach((v, i) => expect(v).toBeCloseTo(ma[i] as number, 6));
          // And while held, the particles' time stands at the hold's first moment.
          expect(showAt(inst, withHold, h + held / 2).running).toBeCloseTo(showAt(inst, withHold, h).running, 9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('plays no note during a hold', () => {
    const sound = scoreInstallation('tempo: 120\nvoices:\n  - { id: v, sculpture: materials, density: 3 }', { moderation: 'after' });
    const log = EventLog.from(logOf([10, { type: 'hold', on: true }], [20, { type: 'hold', on: false }]));
    expect(scoreBetween(sound, log, 10, 20)).toEqual([]);
    expect(mixAt(sound, log, 15).level).toBe(0);
    expect(scoreBetween(sound, log, 20, 25).length).toBeGreaterThan(0);
  });
});

describe('blackout and hold in every view', () => {
  it('a viewer and the archive render them as the operator does; a phone is not sent them', () => {
    const noSnapshot = (s: ShowState) => ({ blackout: s.blackout, held: s.held, t: s.t, phase: s.phase.id });
    fc.assert(
      fc.property(stageArb, fc.double({ min: 0, max: 200, noNaN: true }), (events, t) => {
        const log = EventLog.from(events);
        const truth = noSnapshot(showAt(inst, log, t));
        expect(noSnapshot(showAt(inst, viewLog('viewer', log, inst), t))).toEqual(truth);
        expect(noSnapshot(showAt(inst, viewLog('archive', log, inst), t))).toEqual(truth);
        expect(viewLog('audience', log, inst).every((e) => e.type === 'withheld')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
