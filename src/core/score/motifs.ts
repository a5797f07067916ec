/**
 * Story motifs: a short figure a story plays on its material's voice when it appears, shaped by its emotion.
 * Steps are semitones above the material's own note (so every emotion keeps its colour in any mode), times
 * and lengths are in beats, `velocity` multiplies the material's loudness.
 */
export interface MotifStep {
  readonly semitones: number;
  readonly beat: number;
  readonly beats: number;
  readonly velocity: number;
}

const step = (semitones: number, beat: number, beats: number, velocity: number): MotifStep => ({ semitones, beat, beats, velocity });

export const MOTIFS: Readonly<Record<string, readonly MotifStep[]>> = {
  // Falling through a minor third to the fifth below, slow and fading.
  grief: [step(7, 0, 1, 0.9), step(5, 1, 1, 0.8), step(3, 2, 1, 0.7), step(0, 3, 2, 0.6)],
  // Rising major arpeggio that lands high and holds.
  hope: [step(0, 0, 0.5, 0.7), step(4, 0.5, 0.5, 0.8), step(7, 1, 0.5, 0.9), step(12, 1.5, 2, 1)],
  // Short, loud stabs and a tritone.
  anger: [step(0, 0, 0.125, 1), step(0, 0.25, 0.125, 1), step(6, 0.5, 0.125, 1), step(0, 1, 0.25, 1)],
  // A trembling semitone, quiet.
  fear: [step(0, 0, 0.25, 0.5), step(1, 0.25, 0.25, 0.45), step(0, 0.5, 0.25, 0.5), step(1, 0.75, 0.25, 0.45), step(0, 1, 0.5, 0.4)],
  // A lullaby's rocking step, soft.
  care: [step(0, 0, 0.75, 0.55), step(2, 0.75, 0.75, 0.5), step(4, 1.5, 0.75, 0.55), step(2, 2.25, 1, 0.45)],
  // Bold leaps up and the octave below, accented.
  defiance: [step(-12, 0, 0.5, 1), step(7, 0.5, 0.5, 1), step(12, 1, 1, 1)],
};

/** Any other emotion the artist names: a plain rising triad, so every story is heard. */
export const DEFAULT_MOTIF: readonly MotifStep[] = [step(0, 0, 0.5, 0.7), step(4, 0.5, 0.5, 0.7), step(7, 1, 1, 0.7)];

export function motifOf(emotion: string): readonly MotifStep[] {
  return Object.hasOwn(MOTIFS, emotion) ? (MOTIFS[emotion] as readonly MotifStep[]) : DEFAULT_MOTIF;
}

/** The latest onset in any motif, in beats after the motif starts. */
export const MAX_MOTIF_ONSET_BEATS = Math.max(...[...Object.values(MOTIFS), DEFAULT_MOTIF].map((m) => Math.max(...m.map((s) => s.beat))));
