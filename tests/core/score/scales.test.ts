import { describe, expect, it } from 'vitest';
import { MODES } from '../../../src/core/schema/sound.ts';
import { SCALE_STEPS, degreeSemitones, pitchClass, rootMidi, tonicChordDegrees } from '../../../src/core/score/scales.ts';

// Intervals between neighbouring notes (W = 2, H = 1), written out from the textbook definition of each scale.
const INTERVALS: Record<(typeof MODES)[number], string> = {
  major: '2212221',
  minor: '2122122',
  ionian: '2212221',
  dorian: '2122212',
  phrygian: '1222122',
  lydian: '2221221',
  mixolydian: '2212212',
  aeolian: '2122122',
  locrian: '1221222',
  'harmonic-minor': '2122131',
  'melodic-minor': '2122221',
  'major-pentatonic': '22323',
  'minor-pentatonic': '32232',
  blues: '321132',
  'whole-tone': '222222',
  chromatic: '111111111111',
};

describe('scales', () => {
  it('defines every mode the schema lists, and nothing else', () => {
    expect(Object.keys(SCALE_STEPS).sort()).toEqual([...MODES].sort());
  });

  for (const mode of MODES) {
    it(`${mode}: intervals ${INTERVALS[mode]}, spanning one octave`, () => {
      const steps = SCALE_STEPS[mode];
      const gaps = [...steps.slice(1), 12].map((s, i) => s - (steps[i] as number)).join('');
      expect(gaps).toBe(INTERVALS[mode]);
      expect(steps[0]).toBe(0);
    });
  }

  it('degrees continue into the octaves above and below', () => {
    const dorian = SCALE_STEPS.dorian;
    expect([0, 1, 2, 6, 7, 8, 14].map((d) => degreeSemitones(dorian, d))).toEqual([0, 2, 3, 10, 12, 14, 24]);
    expect([-1, -2, -7, -8].map((d) => degreeSemitones(dorian, d))).toEqual([-2, -3, -12, -14]);
    const penta = SCALE_STEPS['major-pentatonic'];
    expect([4, 5, 6, -1].map((d) => degreeSemitones(penta, d))).toEqual([9, 12, 14, -3]);
  });

  it('reads keys with sharps and flats; C4 is MIDI 60', () => {
    const keys = { C: 0, 'C#': 1, Db: 1, D: 2, 'D#': 3, Eb: 3, E: 4, F: 5, 'F#': 6, Gb: 6, G: 7, 'G#': 8, Ab: 8, A: 9, 'A#': 10, Bb: 10, B: 11, Cb: 11 };
    for (const [k, pc] of Object.entries(keys)) expect(pitchClass(k), k).toBe(pc);
    expect(rootMidi('C', 4)).toBe(60);
    expect(rootMidi('D', 3)).toBe(50);
    expect(rootMidi('A', 4)).toBe(69);
    expect(() => pitchClass('H')).toThrow(/not a key/);
  });

  it('the tonic chord: 1-3-5 of seven-note scales, root, third and fifth of the others', () => {
    expect(tonicChordDegrees(SCALE_STEPS.dorian)).toEqual([0, 2, 4]);
    expect(tonicChordDegrees(SCALE_STEPS['major-pentatonic']).map((d) => SCALE_STEPS['major-pentatonic'][d])).toEqual([0, 4, 7]);
    expect(tonicChordDegrees(SCALE_STEPS.chromatic).map((d) => SCALE_STEPS.chromatic[d])).toEqual([0, 4, 7]);
  });
});
