/** Time in seconds. Meshwork measures all time in seconds; a value in milliseconds is named `...Ms`. */
export type Seconds = number;
/** A position or direction in the room, in metres: x to the right, y up, z towards the audience. */
export type Vec3 = readonly [number, number, number];
/** A linear colour, each channel 0..1. */
export type Rgb = readonly [number, number, number];

export const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
export const lerp = (a: number, b: number, k: number): number => a + (b - a) * k;
/** Smoothstep easing 0..1 -> 0..1, used for morphs so that shapes leave and arrive gently. */
export const ease = (k: number): number => {
  const x = clamp(k, 0, 1);
  return x * x * (3 - 2 * x);
};
