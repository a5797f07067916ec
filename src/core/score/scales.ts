import type { Mode } from '../schema/sound.ts';

/**
 * Scales as semitone steps above the root, one octave, ascending, starting with 0. Scale degree d of a scale
 * with n notes is `steps[d mod n] + 12 * floor(d / n)` semitones above the root, so degrees continue into the
 * octaves above (d >= n) and below (d < 0).
 */
export const SCALE_STEPS: Readonly<Record<Mode, readonly number[]>> = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  ionian: [0, 2, 4, 5, 7, 9, 11],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  phrygian: [0, 1, 3, 5, 7, 8, 10],
  lydian: [0, 2, 4, 6, 7, 9, 11],
  mixolydian: [0, 2, 4, 5, 7, 9, 10],
  aeolian: [0, 2, 3, 5, 7, 8, 10],
  locrian: [0, 1, 3, 5, 6, 8, 10],
  'harmonic-minor': [0, 2, 3, 5, 7, 8, 11],
  // The ascending (jazz) form: the same up and down, since the score has no melodic direction to follow.
  'melodic-minor': [0, 2, 3, 5, 7, 9, 11],
  'major-pentatonic': [0, 2, 4, 7, 9],
  'minor-pentatonic': [0, 3, 5, 7, 10],
  blues: [0, 3, 5, 6, 7, 10],
  'whole-tone': [0, 2, 4, 6, 8, 10],
  chromatic: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
};

const PITCH_CLASS: Readonly<Record<string, number>> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/** Pitch class 0..11 of a key name as the schema accepts it: a letter A-G, optionally # or b ("F#", "Bb"). */
export function pitchClass(key: string): number {
  const base = PITCH_CLASS[key.charAt(0)];
  if (base === undefined) throw new RangeError(`"${key}" is not a key: expected C, C#, Db, D ... B`);
  const accidental = key.charAt(1) === '#' ? 1 : key.charAt(1) === 'b' ? -1 : 0;
  return (base + accidental + 12) % 12;
}

/** MIDI note of the root in an octave, scientific pitch notation: C4 = 60, so D3 = 50. */
export function rootMidi(key: string, octave: number): number {
  return 12 * (octave + 1) + pitchClass(key);
}

/** Semitones above the root of an integer scale degree (any sign). */
export function degreeSemitones(steps: readonly number[], degree: number): number {
  const n = steps.length;
  const octave = Math.floor(degree / n);
  return 12 * octave + (steps[degree - octave * n] as number);
}

/** The chord tones of the scale's tonic chord, as degrees: 1-3-5 for 7-note scales, the root and the scale's
 * notes nearest a third and a fifth otherwise. The resolving and open harmonies lean on these. */
export function tonicChordDegrees(steps: readonly number[]): readonly number[] {
  if (steps.length === 7) return [0, 2, 4];
  const nearest = (semi: number) => steps.reduce((best, s, i) => (Math.abs(s - semi) < Math.abs((steps[best] as number) - semi) ? i : best), 0);
  return [...new Set([0, nearest(4), nearest(7)])].sort((a, b) => a - b);
}
