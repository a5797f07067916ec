import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SoundScheduler, type NoteSink } from '../../src/audio/scheduler.ts';
import { MIN_START_GAP, VoiceAllocator } from '../../src/audio/voice-allocator.ts';
import { EventLog } from '../../src/core/event-log.ts';
import type { ShowEvent } from '../../src/core/events.ts';
import type { Installation } from '../../src/core/installation.ts';
import type { ScoreNote } from '../../src/core/score/score.ts';
import { compileFolder } from '../../server/installation-folder.ts';

const demo = compileFolder('installations/upcycling-rite').installation as Installation;
const materials = (demo.data.materials?.rows ?? []).map((r) => String(r.id));
/** Tone's equality tolerance: a restart must be later than the previous start by more than this. */
const TONE_EPSILON = 1e-6;

/**
 * One synth as Tone.js sees it: it clamps each start to the context's current time as Tone reads it (at or
 * after the moment the pool read it), and throws as Tone does when a start is not strictly after the previous.
 */
class ToneSynthModel {
  readonly starts: number[] = [];
  start(time: number, toneNow: number): void {
    const computed = Math.max(time, toneNow);
    const last = this.starts[this.starts.length - 1];
    if (last !== undefined && !(computed > last + TONE_EPSILON)) {
      throw new Error(`Start time must be strictly greater than previous start time (${computed} after ${last})`);
    }
    this.starts.push(computed);
  }
}

/** The engine's pools, with the real allocator and Tone's rules per synth; the audio clock moves on by
 * itself while notes are triggered (`drift` per trigger), as a real AudioContext's does. */
class PoolsModel implements NoteSink {
  private readonly pools = new Map<string, { allocator: VoiceAllocator; synths: ToneSynthModel[] }>();
  contextNow = 0;
  played = 0;
  constructor(
    private readonly polyphony: number,
    private readonly drift: () => number,
  ) {}
  configure(): void {}
  mix(): void {}
  play(note: ScoreNote, time: number): void {
    let pool = this.pools.get(note.instrument);
    if (!pool) {
      pool = { allocator: new VoiceAllocator(this.polyphony, 1), synths: Array.from({ length: this.polyphony }, () => new ToneSynthModel()) };
      this.pools.set(note.instrument, pool);
    }
    this.contextNow += this.drift();
    const readNow = this.contextNow;
    const { member, start } = pool.allocator.take(time, note.duration, readNow);
    expect(start).toBeGreaterThanOrEqual(time);
    expect(start).toBeGreaterThan(readNow);
    // Tone reads the clock a moment later still.
    this.contextNow += this.drift();
    (pool.synths[member] as ToneSynthModel).start(start, this.contextNow);
    this.played++;
  }
  synths(): ToneSynthModel[] {
    return [...this.pools.values()].flatMap((p) => p.synths);
  }
}

type Step =
  | { readonly kind: 'tick'; readonly dt: number; readonly jump: number }
  | { readonly kind: 'story'; readonly at: number; readonly material: number }
  | { readonly kind: 'reaction'; readonly material: number }
  | { readonly kind: 'reset' };

const step: fc.Arbitrary<Step> = fc.oneof(
  // Ticks every ~100 ms, some late (a loaded page), some very late (a sleeping tab); the shared clock sometimes
  // jumps against the context's (a clock resync re-anchors the map, backwards or forwards).
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('tick' as const),
      dt: fc.oneof(fc.double({ min: 0, max: 0.25, noNaN: true }), fc.double({ min: 0.25, max: 3, noNaN: true })),
      jump: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.double({ min: -0.6, max: 0.6, noNaN: true }) }),
    }),
  },
  // A story approved inside the scheduled horizon: refresh schedules its notes before ones already scheduled.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('story' as const), at: fc.double({ min: -0.2, max: 0.2, noNaN: true }), material: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reaction' as const), material: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
);

describe('VoiceAllocator: notes on one synth are strictly ordered by construction', () => {
  it('any requests, in any order, any clamp: starts per synth strictly increase, never before the request or now', () => {
    const request = fc.record({
      time: fc.double({ min: -5, max: 50, noNaN: true }),
      duration: fc.double({ min: 0, max: 3, noNaN: true }),
      advance: fc.double({ min: 0, max: 0.5, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(request, { minLength: 1, maxLength: 200 }), (size, requests) => {
        const a = new VoiceAllocator(size, 0.8);
        const last = new Array<number>(size).fill(-Infinity);
        let now = 0;
        for (const r of requests) {
          now += r.advance;
          const { member, start } = a.take(r.time, r.duration, now);
          expect(member).toBeGreaterThanOrEqual(0);
          expect(member).toBeLessThan(size);
          expect(start).toBeGreaterThanOrEqual(Math.max(r.time, now + MIN_START_GAP));
          expect(start).toBeGreaterThanOrEqual((last[member] as number) + MIN_START_GAP);
          last[member] = start;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a note due when a synth is free starts exactly on time', () => {
    const a = new VoiceAllocator(2, 1);
    expect(a.take(10, 0.5, 9)).toEqual({ member: 0, start: 10 });
    expect(a.take(10, 0.5, 9)).toEqual({ member: 1, start: 10 });
    // Both busy, a third note at the same instant: the synth whose last start is earliest, just after it.
    expect(a.take(10, 0.5, 9).start).toBe(10 + MIN_START_GAP);
  });

  it('refuses non-finite times clearly', () => {
    expect(() => new VoiceAllocator(4, 1).take(Number.NaN, 1, 0)).toThrow(/finite times/);
  });

  it('the real scheduler over generated shows (ticks, stalls, clock jumps, refreshes, resets, stealing): Tone never throws', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.array(step, { minLength: 5, maxLength: 80 }),
        fc.array(fc.double({ min: 0, max: 0.004, noNaN: true }), { minLength: 1, maxLength: 16 }),
        (polyphony, t0, steps, drifts) => {
          let d = 0;
          const sink = new PoolsModel(polyphony, () => drifts[d++ % drifts.length] as number);
          const log = new EventLog();
          const scheduler = new SoundScheduler(sink, { installation: () => demo, log: () => log });
          let shared = t0;
          let offset = 1000 - t0;
          let seq = 0;
          let lastT = 0;
          // Time never runs back in a log.
          const append = (body: Record<string, unknown>, t: number) => log.append({ ...body, seq: ++seq, t: (lastT = Math.max(lastT, t)) } as ShowEvent);
          for (const s of steps) {
            switch (s.kind) {
              case 'tick': {
                shared += s.dt;
                offset += s.jump;
                sink.contextNow = Math.max(sink.contextNow, shared + offset - 1000);
                scheduler.tick(shared, sink.contextNow, 0.01);
                break;
              }
              case 'story': {
                const id = `story-fuzz-${seq + 1}`;
                append(
                  { type: 'story', id, text: 'x', emotion: 'hope', material: materials[s.material % materials.length], lang: 'en', consent: true },
                  shared + s.at,
                );
                append({ type: 'story-approved', id }, Math.max(shared + s.at, shared));
                scheduler.refresh(shared, sink.contextNow, 0.01);
                break;
              }
              case 'reaction': {
                append({ type: 'reaction', kind: 'heart', material: materials[s.material % materials.length] }, shared);
                scheduler.refresh(shared, sink.contextNow, 0.01);
                break;
              }
              case 'reset':
                scheduler.reset();
                break;
              default:
                return s satisfies never;
            }
          }
          for (const synth of sink.synths()) {
            for (let i = 1; i < synth.starts.length; i++) expect(synth.starts[i] as number).toBeGreaterThan((synth.starts[i - 1] as number) + TONE_EPSILON);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
