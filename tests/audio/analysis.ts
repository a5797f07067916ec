/** Measurements of rendered audio, shared by the browser page (which runs them on the rendered buffer) and
 * their own unit tests in Node. Plain functions over Float32Array: no Web Audio here. */

export function rms(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] as number) ** 2;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

export function peak(samples: Float32Array): number {
  let p = 0;
  for (let i = 0; i < samples.length; i++) p = Math.max(p, Math.abs(samples[i] as number));
  return p;
}

/**
 * The frame at which a note starts near an expected frame: the first frame in [expected - before, expected +
 * after) whose level exceeds `ratio` times the loudest frame of the quiet stretch just before the search
 * (and an absolute floor). Returns -1 if nothing rises there.
 */
export function onsetNear(
  samples: Float32Array,
  expected: number,
  opts: { before?: number; after?: number; quiet?: number; ratio?: number; floor?: number } = {},
): number {
  const { before = 1024, after = 2048, quiet = 1024, ratio = 8, floor = 1e-4 } = opts;
  const start = Math.max(0, expected - before);
  let noise = 0;
  for (let i = Math.max(0, start - quiet); i < start; i++) noise = Math.max(noise, Math.abs(samples[i] as number));
  const threshold = Math.max(floor, noise * ratio);
  const end = Math.min(samples.length, expected + after);
  for (let i = start; i < end; i++) if (Math.abs(samples[i] as number) > threshold) return i;
  return -1;
}
