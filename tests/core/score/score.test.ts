import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoreBetween, mixAt, slotSeconds, SLOTS_PER_BEAT, MAX_NOTES_PER_SLOT, EVENT_LEAD, type ScoreNote } from '../../../src/core/score/score.ts';
import { SCALE_STEPS, rootMidi, pitchClass } from '../../../src/core/score/scales.ts';
import { soundVoices } from '../../../src/core/score/voices.ts';
import { MODES } from '../../../src/core/schema/sound.ts';
import { EventLog } from '../../../src/core/event-log.ts';
import type { ShowEvent } from '../../../src/core/events.ts';
import { logOf, scoreInstallation, story } from './fixture.ts';

const GROUPED = `
key: D
mode: dorian
tempo: 90
voices:
  - sculpture: materials
    groupBy: category
    pitch: { field: level, scale: { domain: [0, 9], range: [0, 9] } }
    density: { field: mass, scale: { range: [0.2, 1] } }
    velocity: { field: level, scale: { domain: [0, 9], range: [0.3, 0.9] } }
`;
const inst = scoreInstallation(GROUPED);
const DRONE_ONLY = '- { id: drone, duration: 3600 }';
const dataNotes = (notes: readonly ScoreNote[]) => notes.filter((n) => n.source === 'data');

// A log that touches everything the score reads: cues, an operator glitch, stories under moderation,
// reactions, and a live edit that changes the tempo and mode.
const edited = scoreInstallation(GROUPED.replace('tempo: 90', 'tempo: 120').replace('mode: dorian', 'mode: lydian'));
const busyLog: ShowEvent[] = [
  ...logOf(
    [5, story('s-grief1', 'grief', 'm1')],
    [7, { type: 'story-approved', id: 's-grief1' }],
    [9, { type: 'reaction', kind: 'heart', material: 'm2' }],
    [9.01, { type: 'reaction', kind: 'fire', material: 'm2' }],
    [12, { type: 'glitch', intensity: 1, seconds: 3 }],
    [20, { type: 'cue', phase: 'resolving' }],
    [24, story('s-hope01', 'hope', 'm7')],
    [25, { type: 'story-approved', id: 's-hope01' }],
    [26, { type: 'story-hidden', id: 's-hope01' }],
  ),
  { type: 'installation', installation: edited, seq: 10, t: 30 } as ShowEvent,
  ...logOf([31, { type: 'cue', phase: 'open' }], [33, { type: 'reaction', kind: 'tear' }]).map((e, i) => ({ ...e, seq: 11 + i })),
];
const busy = EventLog.from(busyLog);

describe('scoreBetween: determinism and windows', () => {
  it('gives the same notes for the same inputs, and other notes for another seed', () => {
    const a = scoreBetween(inst, busy, 0, 40);
    expect(a.length).toBeGreaterThan(100);
    expect(scoreBetween(inst, EventLog.from(busyLog), 0, 40)).toEqual(a);
    const other = scoreInstallation(GROUPED, { seed: 12 });
    expect(scoreBetween(other, [], 0, 40)).not.toEqual(scoreBetween(inst, [], 0, 40));
  });

  it('a window is the union of its sub-windows (any cut points), and no note leaves its window', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 38, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        (t0, cuts, span) => {
          const t1 = t0 + span;
          const whole = scoreBetween(inst, busy, t0, t1);
          for (const n of whole) expect(n.t >= t0 && n.t < t1).toBe(true);
          const points = [t0, ...cuts.map((c) => t0 + c * span).sort((a, b) => a - b), t1];
          const parts = points.slice(1).flatMap((b, i) => scoreBetween(inst, busy, points[i] as number, b));
          expect(parts.map((n) => n.id)).toEqual(whole.map((n) => n.id));
          expect(parts).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a device that joins late computes the same notes; events after a note never change it', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 36, noNaN: true }), (t0) => {
        const t1 = t0 + 0.4;
        const known = EventLog.from(busyLog.filter((e) => e.t <= t0));
        // The log as a live device had it when it scheduled the window (everything up to the window's start,
        // EVENT_LEAD being what covers events that arrive during it) against the full log of a late device.
        const live = scoreBetween(inst, known, t0, t1).filter((n) => n.source === 'data');
        const late = scoreBetween(inst, busy, t0, t1).filter((n) => n.source === 'data');
        const changed = busyLog.some((e) => e.t > t0 && e.t < t1);
        if (!changed) expect(late).toEqual(live);
      }),
      { numRuns: 40 },
    );
  });

  it('returns nothing for an empty or reversed window, before the show starts, or without sound', () => {
    expect(scoreBetween(inst, [], 5, 5)).toEqual([]);
    expect(scoreBetween(inst, [], 6, 5)).toEqual([]);
    expect(scoreBetween(inst, [], -10, 0)).toEqual([]);
    const silent = scoreInstallation('voices: []');
    expect(scoreBetween(silent, [], 0, 60)).toEqual([]);
  });

  it("follows a live edit: the new tempo's grid and the new mode from the edit on", () => {
    const before = dataNotes(scoreBetween(inst, busy, 26, 30));
    const after = dataNotes(scoreBetween(inst, busy, 30, 34));
    const slotBefore = 60 / 90 / SLOTS_PER_BEAT;
    const slotAfter = 60 / 120 / SLOTS_PER_BEAT;
    for (const n of before) expect(Math.abs(n.t / slotBefore - Math.round(n.t / slotBefore))).toBeLessThan(1e-6);
    for (const n of after.filter((x) => x.harmony !== 'tense')) expect(Math.abs(n.t / slotAfter - Math.round(n.t / slotAfter))).toBeLessThan(1e-6);
    // Lydian's raised fourth (G# over D) appears only after the edit.
    expect(before.some((n) => n.midi % 12 === 8)).toBe(false);
    expect(after.some((n) => n.midi % 12 === 8)).toBe(true);
  });
});

describe('scoreBetween: voices and data mappings', () => {
  it('makes one voice per group, placed at the centre of its rows, with its instrument', () => {
    const voices = soundVoices(inst);
    expect(voices.map((v) => v.id)).toEqual(['materials/a', 'materials/b', 'materials/c']);
    const notes = scoreBetween(inst, [], 0, 30);
    for (const v of voices) {
      const mine = notes.filter((n) => n.voice === v.id);
      expect(mine.length).toBeGreaterThan(5);
      for (const n of mine) {
        expect(n.position).toEqual(v.position);
        expect(n.instrument).toBe('fm');
      }
    }
    const one = scoreInstallation('voices: [{ sculpture: materials, instrument: pluck }]');
    expect(soundVoices(one).map((v) => [v.id, v.instrument, v.rows.length])).toEqual([['materials', 'pluck', 12]]);
  });

  it('density is notes per beat of each row, up to the per-slot cap', () => {
    const beats = 2000;
    for (const density of [0.05, 0.1, 0.25]) {
      const i = scoreInstallation(`tempo: 120\nvoices: [{ sculpture: materials, density: ${density} }]`, { phases: DRONE_ONLY });
      const seconds = (beats * 60) / 120;
      const n = scoreBetween(i, [], 0, seconds).length;
      const expected = density * 12 * beats;
      expect(n / expected, `density ${density}`).toBeGreaterThan(0.9);
      expect(n / expected, `density ${density}`).toBeLessThan(1.1);
    }
    const capped = scoreInstallation('tempo: 120\nvoices: [{ sculpture: materials, density: 50 }]', { phases: DRONE_ONLY });
    expect(scoreBetween(capped, [], 0, 10).length).toBe(10 * 2 * SLOTS_PER_BEAT * MAX_NOTES_PER_SLOT);
  });

  it('a denser row plays more notes and a louder one louder (field mappings)', () => {
    const i = scoreInstallation(
      `
voices:
  - sculpture: materials
    density: { field: mass, scale: { range: [0.05, 1] } }
    velocity: { field: mass, scale: { range: [0.2, 1] } }`,
      { phases: DRONE_ONLY },
    );
    const notes = scoreBetween(i, [], 0, 600);
    const byRow = (row: number) => notes.filter((n) => n.row === row);
    expect(byRow(11).length).toBeGreaterThan(byRow(0).length * 5);
    const meanVel = (row: number) => byRow(row).reduce((a, n) => a + n.velocity, 0) / byRow(row).length;
    expect(meanVel(11)).toBeGreaterThan(meanVel(0) * 2.5);
  });

  it('pitch: a field maps to scale degrees from the key and octave', () => {
    const i = scoreInstallation(`
key: C
mode: major
octave: 4
voices:
  - sculpture: materials
    pitch: { field: level, scale: { domain: [0, 9], range: [0, 9] } }`);
    const notes = scoreBetween(i, [], 0, 59);
    // In the drone, a row's own degree is the most frequent note; level 2 -> degree 2 = E4, level 8 -> degree 8 = D5.
    const mostFrequent = (row: number) => {
      const counts = new Map<number, number>();
      for (const n of notes.filter((x) => x.row === row)) counts.set(n.midi, (counts.get(n.midi) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    };
    expect(mostFrequent(2)).toBe(64);
    expect(mostFrequent(8)).toBe(74);
    expect(mostFrequent(0)).toBe(rootMidi('C', 4));
  });

  for (const mode of MODES) {
    it(`${mode}: every data note is in the scale, in every harmony`, () => {
      const i = scoreInstallation(`key: F#\nmode: ${mode}\nvoices:\n  - { sculpture: materials, pitch: { field: level }, density: 1 }`);
      const pcs = new Set(SCALE_STEPS[mode].map((s) => (s + pitchClass('F#')) % 12));
      const notes = dataNotes(scoreBetween(i, [], 0, 400));
      expect(new Set(notes.map((n) => n.harmony))).toEqual(new Set(['drone', 'tense', 'resolving', 'open']));
      for (const n of notes) expect(pcs.has(n.midi % 12), `midi ${n.midi}`).toBe(true);
    });
  }
});

describe('scoreBetween: phases colour the sound', () => {
  const i = scoreInstallation(`key: C\nmode: major\nvoices:\n  - { sculpture: materials, pitch: { field: level }, density: 0.5 }`);
  const chordPcs = new Set([0, 4, 7]);
  const chordShare = (notes: readonly ScoreNote[]) => notes.filter((n) => chordPcs.has(n.midi % 12)).length / notes.length;

  it('the glitch detunes, crushes and stutters; the drone does not', () => {
    const drone = scoreBetween(i, [], 10, 50);
    expect(drone.every((n) => n.detune === 0 && n.glitch === 0 && n.harmony === 'drone')).toBe(true);
    const glitch = scoreBetween(i, [], 62, 89);
    expect(glitch.every((n) => n.harmony === 'tense' && n.glitch > 0.8)).toBe(true);
    expect(Math.max(...glitch.map((n) => Math.abs(n.detune)))).toBeGreaterThan(20);
    // Stutter: repeats inside a slot, off the slot grid.
    const slot = slotSeconds(i.spec.sound as NonNullable<typeof i.spec.sound>);
    expect(glitch.some((n) => n.id.endsWith(':1') && Math.abs(n.t / slot - Math.round(n.t / slot)) > 1e-6)).toBe(true);
    expect(mixAt(i, [], 70).glitch).toBeGreaterThan(0.8);
    expect(mixAt(i, [], 30).glitch).toBe(0);
  });

  it('an operator glitch colours any phase while it lasts', () => {
    const log = logOf([20, { type: 'glitch', intensity: 1, seconds: 4 }]);
    expect(scoreBetween(i, log, 20.5, 23).some((n) => Math.abs(n.detune) > 10)).toBe(true);
    expect(scoreBetween(i, log, 25, 30).every((n) => n.detune === 0)).toBe(true);
  });

  it('the transformation resolves toward the tonic chord; resilience is all consonance', () => {
    const early = chordShare(scoreBetween(i, [], 91, 105));
    const late = chordShare(scoreBetween(i, [], 135, 150));
    expect(late).toBeGreaterThan(early + 0.15);
    expect(late).toBeGreaterThan(0.8);
    const open = scoreBetween(i, [], 152, 300);
    expect(chordShare(open)).toBe(1);
    expect(open.every((n) => n.detune === 0)).toBe(true);
    expect(mixAt(i, [], 200).reverb).toBeGreaterThan(mixAt(i, [], 30).reverb);
  });

  it('honours cues and morphs: a cue to resilience turns the harmony open over its transition', () => {
    const log = logOf([20, { type: 'cue', phase: 'open' }]);
    expect(scoreBetween(i, log, 10, 20).every((n) => n.harmony === 'drone')).toBe(true);
    const during = scoreBetween(i, log, 20, 21);
    expect(new Set(during.map((n) => n.harmony))).toEqual(new Set(['drone', 'open']));
    expect(scoreBetween(i, log, 21, 40).every((n) => n.harmony === 'open')).toBe(true);
  });
});

describe('scoreBetween: stories and reactions', () => {
  // Tempo 60: slots of 0.25 s.
  const SPARSE = `key: C\nmode: major\ntempo: 60\nvoices:\n  - { sculpture: materials, groupBy: category, density: 0.01 }`;
  const i = scoreInstallation(SPARSE);
  const motif = (log: ShowEvent[], t0 = 0, t1 = 40) => scoreBetween(i, log, t0, t1).filter((n) => n.source === 'story');

  it("a story plays when it is displayed (approved under moderation before), on its material's voice", () => {
    expect(motif(logOf([5, story('s-aaaaaa', 'grief', 'm4')]))).toEqual([]);
    const notes = motif(logOf([5, story('s-aaaaaa', 'grief', 'm4')], [9, { type: 'story-approved', id: 's-aaaaaa' }]));
    expect(notes.length).toBe(4);
    // m4 is in category b; the motif starts on the first slot at least EVENT_LEAD after the approval.
    expect(notes.every((n) => n.voice === 'materials/b')).toBe(true);
    expect(EVENT_LEAD).toBeLessThan(0.25);
    expect(notes[0]?.t).toBeCloseTo(9.25, 9);
    const after = scoreInstallation(SPARSE, { moderation: 'after' });
    const immediate = scoreBetween(after, logOf([5, story('s-aaaaaa', 'grief', 'm4')]), 0, 40).filter((n) => n.source === 'story');
    // Under moderation after, at submission.
    expect(immediate[0]?.t).toBeCloseTo(5.25, 9);
  });

  it('colours the motif by emotion: grief falls, hope rises, anger stabs', () => {
    const play = (emotion: string) => motif(logOf([1, story('s-bbbbbb', emotion)], [2, { type: 'story-approved', id: 's-bbbbbb' }]));
    const grief = play('grief').map((n) => n.midi);
    const hope = play('hope').map((n) => n.midi);
    const anger = play('anger');
    for (let k = 1; k < grief.length; k++) expect(grief[k]).toBeLessThan(grief[k - 1] as number);
    for (let k = 1; k < hope.length; k++) expect(hope[k]).toBeGreaterThan(hope[k - 1] as number);
    expect(grief.at(-1)! - grief[0]!).toBe(-7);
    expect(anger.every((n) => n.duration <= 0.25)).toBe(true);
    expect(Math.min(...anger.map((n) => n.velocity))).toBeGreaterThan(Math.max(...play('fear').map((n) => n.velocity)));
    // An emotion the artist added still plays something.
    expect(play('wonder').length).toBeGreaterThan(0);
  });

  it('a hidden story stops sounding from its hiding on', () => {
    const log = logOf([1, story('s-cccccc', 'grief')], [2, { type: 'story-approved', id: 's-cccccc' }], [3.5, { type: 'story-hidden', id: 's-cccccc' }]);
    const notes = motif(log);
    expect(notes.length).toBe(2);
    expect(notes.every((n) => n.t < 3.5)).toBe(true);
  });

  it('reactions add one soft accent per voice and slot', () => {
    const log = logOf(
      [3, { type: 'reaction', kind: 'heart', material: 'm4' }],
      [3.01, { type: 'reaction', kind: 'fire', material: 'm4' }],
      [3.02, { type: 'reaction', kind: 'fire', material: 'm0' }],
    );
    const accents = scoreBetween(i, log, 0, 10).filter((n) => n.source === 'reaction');
    expect(accents.map((n) => n.voice).sort()).toEqual(['materials/a', 'materials/b']);
    for (const n of accents) expect(n.velocity).toBeLessThanOrEqual(0.35);
    const twice = accents.find((n) => n.voice === 'materials/b');
    const once = accents.find((n) => n.voice === 'materials/a');
    expect(twice!.velocity).toBeGreaterThan(once!.velocity);
  });
});
