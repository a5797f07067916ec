import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { showAt, MAX_BURSTS } from '../../src/core/show.ts';
import { EventLog } from '../../src/core/event-log.ts';
import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import { syntheticInstallation } from '../fixtures/synthetic.ts';

// Phases of the synthetic installation: gathering 60 s (form 0.2) -> glitch 30 s (glitch 0.8, transition 1)
// -> crisis 60 s (advance: cue, form 0.4) -> transformation 60 s (transition 10) -> resilience 120 s (helix).
const inst = syntheticInstallation(12);
const logOf = (...items: [number, EventBody][]): ShowEvent[] => items.map(([t, body], i) => ({ ...body, seq: i + 1, t }) as ShowEvent);
const story = (id: string, material = 'm3', emotion = 'hope'): EventBody => ({
  type: 'story',
  id,
  text: `text of ${id}`,
  emotion,
  material,
  lang: 'en',
  consent: true,
});

describe('showAt: phases', () => {
  const table: { t: number; log: ShowEvent[]; phase: string; progress?: number; holding?: boolean }[] = [
    { t: 0, log: [], phase: 'gathering', progress: 0 },
    { t: 30, log: [], phase: 'gathering', progress: 0.5 },
    { t: 60, log: [], phase: 'glitch', progress: 0 },
    { t: 75, log: [], phase: 'glitch', progress: 0.5 },
    { t: 90, log: [], phase: 'crisis', progress: 0 },
    // crisis waits for a cue: past its duration it holds.
    { t: 500, log: [], phase: 'crisis', progress: 1, holding: true },
    { t: 410, log: logOf([400, { type: 'cue', phase: 'transformation' }]), phase: 'transformation', progress: 1 / 6 },
    // auto-advance after a cue: transformation (60 s) then resilience.
    { t: 470, log: logOf([400, { type: 'cue', phase: 'transformation' }]), phase: 'resilience', progress: 10 / 120 },
    // the last phase holds at its end.
    { t: 9999, log: logOf([400, { type: 'cue', phase: 'transformation' }]), phase: 'resilience', progress: 1, holding: true },
    // a cue to an unknown phase is ignored.
    { t: 30, log: logOf([10, { type: 'cue', phase: 'nope' }]), phase: 'gathering', progress: 0.5 },
    // a cue back to the start restarts the timeline from the cue.
    { t: 230, log: logOf([200, { type: 'cue', phase: 'gathering' }]), phase: 'gathering', progress: 0.5 },
  ];
  for (const row of table) {
    it(`at t=${row.t} with ${row.log.length} cue(s) is ${row.phase}`, () => {
      const s = showAt(inst, row.log, row.t);
      expect(s.phase.id).toBe(row.phase);
      if (row.progress !== undefined) expect(s.phase.progress).toBeCloseTo(row.progress, 9);
      expect(s.phase.holding).toBe(row.holding ?? false);
    });
  }
});

describe('showAt: morphs', () => {
  it('morphs from the previous phase over the transition, eased', () => {
    const log = logOf([100, { type: 'cue', phase: 'transformation' }]);
    const at = (t: number) => showAt(inst, log, t);
    // crisis (form 0.4) -> transformation (form 1) over 10 s.
    expect(at(100).morph.progress).toBe(0);
    expect(at(100).look.form).toBeCloseTo(0.4, 9);
    expect(at(105).morph.progress).toBeCloseTo(0.5, 9);
    expect(at(105).look.form).toBeCloseTo(0.7, 9);
    expect(at(110).morph.progress).toBe(1);
    expect(at(110).look.form).toBeCloseTo(1, 9);
    // eased: slow at the start
    expect(at(101).morph.progress).toBeLessThan(0.1);
  });

  it('starts a morph from what was on screen when a cue interrupts a transition', () => {
    // transformation starts at 100 (10 s transition from form 0.4); at 105 (form 0.7) a cue jumps to gathering
    // (form 0.2, transition 4): the morph starts from 0.7, not from 1.
    const log = logOf([100, { type: 'cue', phase: 'transformation' }], [105, { type: 'cue', phase: 'gathering' }]);
    const s = showAt(inst, log, 105);
    expect(s.phase.id).toBe('gathering');
    expect(s.morph.from.form).toBeCloseTo(0.7, 9);
    expect(s.look.form).toBeCloseTo(0.7, 9);
  });

  it('never jumps at a cue, an undo (a cue with an offset) included: what is on screen morphs into the phase', () => {
    const ids = ['gathering', 'glitch', 'crisis', 'transformation', 'resilience'];
    const cueArb = fc.array(
      fc.record({
        gap: fc.double({ min: 0.5, max: 80, noNaN: true }),
        phase: fc.constantFrom(...ids),
        offset: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.999, noNaN: true })),
      }),
      { minLength: 1, maxLength: 6 },
    );
    const numbers = (t: number, log: EventLog) => {
      const { look } = showAt(inst, log, t);
      return [look.form, look.agitation, look.glitch, look.brightness];
    };
    fc.assert(
      fc.property(cueArb, (cues) => {
        let t = 0;
        // An undo's offset is where its phase had got to: within the phase (a fraction of its duration here).
        const items = cues.map(({ gap, phase, offset }): [number, EventBody] => {
          const seconds = offset * (inst.spec.phases.find((p) => p.id === phase)?.duration ?? 0);
          return [(t += gap), { type: 'cue', phase, ...(seconds > 0 ? { offset: seconds } : {}) }];
        });
        const log = EventLog.from(logOf(...items));
        for (const [at] of items) {
          const before = numbers(at - 1e-6, log);
          const after = numbers(at, log);
          after.forEach((v, i) => expect(Math.abs(v - (before[i] as number))).toBeLessThan(1e-3));
        }
      }),
      { numRuns: 300 },
    );
    // An undo 40 s back into gathering (transition 4 s) morphs over 4 s, and is 40 s into the phase at once.
    const undo = EventLog.from(logOf([40, { type: 'cue', phase: 'transformation' }], [45, { type: 'cue', phase: 'gathering', offset: 40 }]));
    expect(showAt(inst, undo, 45).morph.progress).toBe(0);
    expect(showAt(inst, undo, 45).phase.elapsed).toBeCloseTo(40, 9);
    expect(showAt(inst, undo, 47).morph.progress).toBeGreaterThan(0);
    expect(showAt(inst, undo, 47).morph.progress).toBeLessThan(1);
    expect(showAt(inst, undo, 49.5).morph.progress).toBe(1);
  });

  it('switches the shape override halfway through the morph', () => {
    // transformation -> resilience (shape helix, transition 4 by default) at 400 + 60.
    const log = logOf([400, { type: 'cue', phase: 'transformation' }]);
    expect(showAt(inst, log, 461).look.shape).toBeNull();
    expect(showAt(inst, log, 463).look.shape).toBe('helix');
  });
});

describe('showAt: glitch', () => {
  it('takes the phase glitch and the operator glitch, whichever is stronger, and lets it decay', () => {
    const log = logOf([10, { type: 'glitch', intensity: 1, seconds: 4 }]);
    expect(showAt(inst, log, 9.9).glitch).toBe(0);
    expect(showAt(inst, log, 10.15).glitch).toBeCloseTo(1, 6);
    const mid = showAt(inst, log, 12).glitch;
    expect(mid).toBeGreaterThan(0.3);
    expect(mid).toBeLessThan(0.8);
    expect(showAt(inst, log, 14.01).glitch).toBe(0);
    // The glitch phase (0.8 once its 1 s transition is over).
    expect(showAt(inst, [], 70).glitch).toBeCloseTo(0.8, 9);
  });
});

describe('showAt: stories and bursts', () => {
  it('holds a story under moderation before, shows it from its approval, and hides it when hidden', () => {
    const log = logOf([10, story('story-aaaaaa')], [20, { type: 'story-approved', id: 'story-aaaaaa' }], [30, { type: 'story-hidden', id: 'story-aaaaaa' }]);
    expect(showAt(inst, log, 15).stories).toEqual([]);
    const shown = showAt(inst, log, 25);
    expect(shown.stories.map((s) => s.id)).toEqual(['story-aaaaaa']);
    expect(shown.stories[0]!.age).toBe(5);
    expect(shown.stories[0]!.row).toBe(3);
    expect(shown.tints).toHaveLength(1);
    expect(showAt(inst, log, 30).stories).toEqual([]);
    expect(showAt(inst, log, 30).bursts).toEqual([]);
  });

  it('shows a story at once under moderation after', () => {
    const after = syntheticInstallation(12, 'after');
    const log = logOf([10, story('story-bbbbbb')]);
    expect(showAt(after, log, 10).stories.map((s) => s.id)).toEqual(['story-bbbbbb']);
  });

  it('lets a burst decay with age and end after its lifetime', () => {
    // Default story burst: 6 s; reaction burst: 3 s.
    const log = logOf(
      [10, story('story-cccccc')],
      [10, { type: 'story-approved', id: 'story-cccccc' }],
      [11, { type: 'reaction', kind: 'heart', material: 'm1' }],
    );
    const env = (t: number) => showAt(inst, log, t).bursts.map((b) => [b.kind, Number(b.envelope.toFixed(4))]);
    expect(env(10)).toEqual([['story', 1]]);
    expect(env(11)).toEqual([
      ['reaction', 1],
      ['story', Number(((5 / 6) ** 2).toFixed(4))],
    ]);
    expect(env(13)).toEqual([
      ['reaction', Number(((1 / 3) ** 2).toFixed(4))],
      ['story', Number(((3 / 6) ** 2).toFixed(4))],
    ]);
    expect(env(16.5)).toEqual([]);
  });

  it('keeps at most MAX_BURSTS bursts, the newest', () => {
    const items: [number, EventBody][] = Array.from({ length: 40 }, (_, i) => [10 + i * 0.01, { type: 'reaction', kind: 'fire' }]);
    const s = showAt(inst, logOf(...items), 11);
    expect(s.bursts).toHaveLength(MAX_BURSTS);
    expect(s.bursts[0]!.seq).toBe(40);
    expect(s.recentReactions).toBe(40);
  });

  it('shows at most display.max stories, the newest first, fading out', () => {
    const items: [number, EventBody][] = [];
    for (let i = 0; i < 9; i++) items.push([i, story(`story-${i}xxxxx`)], [i + 0.5, { type: 'story-approved', id: `story-${i}xxxxx` }]);
    const s = showAt(inst, logOf(...items), 20);
    expect(s.stories.map((x) => x.id)).toEqual(['story-8xxxxx', 'story-7xxxxx', 'story-6xxxxx', 'story-5xxxxx', 'story-4xxxxx', 'story-3xxxxx']);
    const late = showAt(inst, logOf(...items), 8.5 + 39);
    expect(late.stories[0]!.opacity).toBeGreaterThan(0);
    expect(late.stories[0]!.opacity).toBeLessThan(1);
  });
});

describe('showAt: installation versions in the log', () => {
  it('plays the installation version in force at t', () => {
    const other = syntheticInstallation(5);
    const log = logOf([50, { type: 'installation', installation: other }]);
    expect(showAt(inst, log, 49).sculptures[0]!.rows).toHaveLength(12);
    expect(showAt(inst, log, 50).sculptures[0]!.rows).toHaveLength(5);
    expect(showAt(inst, log, 50).version).toBe(other.version);
  });
});

describe('EventLog', () => {
  it('refuses gaps in seq and time running back, with a message that says what is expected', () => {
    const log = new EventLog();
    log.append({ type: 'reaction', kind: 'x', seq: 1, t: 5 });
    expect(() => log.append({ type: 'reaction', kind: 'x', seq: 3, t: 6 })).toThrow(/needs seq 2/);
    expect(() => log.append({ type: 'reaction', kind: 'x', seq: 2, t: 4 })).toThrow(/time never runs back/);
    expect(log.length).toBe(1);
  });

  it('returns what a reconnecting client misses', () => {
    const log = EventLog.from(logOf([1, { type: 'reaction', kind: 'a' }], [2, { type: 'reaction', kind: 'b' }], [3, { type: 'reaction', kind: 'c' }]));
    expect(log.since(1).map((e) => e.seq)).toEqual([2, 3]);
    expect(log.since(0)).toHaveLength(3);
    expect(log.since(3)).toEqual([]);
  });
});
