import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SoundScheduler, type NoteSink } from '../../src/audio/scheduler.ts';
import { EventLog } from '../../src/core/event-log.ts';
import type { Installation } from '../../src/core/installation.ts';
import type { ShowEvent } from '../../src/core/events.ts';
import { scoreBetween, type ScoreNote, type SoundMix } from '../../src/core/score/score.ts';
import { compileFolder } from '../../server/installation-folder.ts';

const demo = compileFolder('installations/upcycling-rite').installation as Installation;

/** A sink that records what the scheduler decided: the scheduler's contract is these calls. */
class Recorder implements NoteSink {
  readonly played: { note: ScoreNote; at: number }[] = [];
  readonly mixes: { mix: SoundMix; at: number }[] = [];
  configured = 0;
  configure(): void {
    this.configured++;
  }
  play(note: ScoreNote, at: number): void {
    this.played.push({ note, at });
  }
  mix(mix: SoundMix, at: number): void {
    this.mixes.push({ mix, at });
  }
}

const sourceOf = (log: EventLog) => ({ installation: () => demo, log: () => log });

describe('SoundScheduler', () => {
  it('schedules every note of the score once, at its shared time mapped to the context clock minus latency', () => {
    const sink = new Recorder();
    const s = new SoundScheduler(sink, sourceOf(new EventLog()), { lookahead: 0.3 });
    // The context clock started 1000 s before the show's; ticks every 100 ms, a little irregular.
    for (let k = 0; k <= 100; k++) {
      const shared = 30 + k * 0.1 + (k % 3) * 0.004;
      s.tick(shared, shared - 30 + 2, 0.02);
    }
    const expected = scoreBetween(demo, [], 30, 40.3);
    expect(sink.played.map((p) => p.note.id)).toEqual(expected.map((n) => n.id));
    // Notes due before the first tick's context time (the latency ate into the window) play at once.
    for (const p of sink.played) expect(Math.abs(p.at - Math.max(2, p.note.t - 28 - 0.02))).toBeLessThan(0.005);
    expect(sink.configured).toBe(1);
    expect(sink.mixes.length).toBeGreaterThan(90);
  });

  it('a device that joins late starts from its now, in time with the others', () => {
    const sink = new Recorder();
    const s = new SoundScheduler(sink, sourceOf(new EventLog()));
    s.tick(500, 0);
    expect(sink.played.length).toBeGreaterThan(0);
    expect(Math.min(...sink.played.map((p) => p.note.t))).toBeGreaterThanOrEqual(500);
    expect(sink.played.map((p) => p.note.id)).toEqual(scoreBetween(demo, [], 500, 500.3).map((n) => n.id));
  });

  it('after a stall (a sleeping tab) it skips what was missed instead of playing it all at once', () => {
    const sink = new Recorder();
    const s = new SoundScheduler(sink, sourceOf(new EventLog()));
    s.tick(100, 0);
    const before = sink.played.length;
    s.tick(110, 10);
    const late = sink.played.slice(before);
    expect(late.every((p) => p.note.t >= 110)).toBe(true);
  });

  it('a story approved inside the scheduled horizon is scheduled on refresh, without repeating notes', () => {
    const log = new EventLog();
    const sink = new Recorder();
    const s = new SoundScheduler(sink, sourceOf(log), { lookahead: 2 });
    s.tick(100, 0);
    const story = {
      type: 'story',
      id: 'story-late-1',
      text: 'x',
      emotion: 'hope',
      material: 'pfas-carpet',
      lang: 'en',
      consent: true,
      seq: 1,
      t: 99,
    } as ShowEvent;
    log.append(story);
    log.append({ type: 'story-approved', id: 'story-late-1', seq: 2, t: 100.05 } as ShowEvent);
    const added = s.refresh(100.1, 0.1);
    expect(added).toBeGreaterThan(0);
    const ids = sink.played.map((p) => p.note.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith('story:story-late-1')).length).toBe(added);
    // The next tick does not schedule them again.
    s.tick(100.2, 0.2);
    const after = sink.played.map((p) => p.note.id);
    expect(new Set(after).size).toBe(after.length);
  });

  it('a replay at 0.25x to 4x plays the score at its t: every note once, at (t - t0) / rate on the context clock, lasting duration / rate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.25, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 0.003, noNaN: true }),
        (rate, t0, jitter) => {
          const sink = new Recorder();
          const s = new SoundScheduler(sink, sourceOf(new EventLog()), { lookahead: 0.3 });
          // Ten context seconds of ticks every 100 ms, read a little late on odd ticks (jitter on the context side).
          const ticks = 100;
          for (let k = 0; k <= ticks; k++) {
            const context = 5 + k * 0.1;
            // A latency under the grace (0.02 s): the first tick's notes are due, not late.
            s.tick(t0 + rate * (context - 5), context + (k % 2) * jitter, 0.01, rate);
          }
          const end = t0 + rate * (ticks * 0.1 + 0.3);
          const expected = scoreBetween(demo, [], t0, end);
          const ids = sink.played.map((p) => p.note.id);
          expect(ids).toEqual(expected.map((n) => n.id));
          for (const [i, p] of sink.played.entries()) {
            const want = 5 + (p.note.t - t0) / rate - 0.01;
            // Notes due before the first tick (the latency ate into the window) play at once.
            expect(Math.abs(p.at - Math.max(5, want))).toBeLessThan(0.005);
            expect(p.note.duration).toBeCloseTo((expected[i] as ScoreNote).duration / rate, 9);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a pause (rate 0) schedules nothing, and playing again starts from its now', () => {
    const sink = new Recorder();
    const s = new SoundScheduler(sink, sourceOf(new EventLog()));
    s.tick(100, 0, 0, 2);
    const before = sink.played.length;
    expect(s.tick(100.6, 0.3, 0, 0)).toBe(0);
    expect(sink.played.length).toBe(before);
    s.tick(200, 10, 0, 0.5);
    expect(sink.played.slice(before).every((p) => p.note.t >= 200 && p.at >= 10)).toBe(true);
  });
});
