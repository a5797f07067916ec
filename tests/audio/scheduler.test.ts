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
});
