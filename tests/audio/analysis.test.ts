import { describe, expect, it } from 'vitest';
import { onsetNear, peak, rms } from './analysis.ts';

const sr = 48000;
/** A 220 Hz tone with a 20 ms linear attack starting at `at` frames, like the synths' envelopes. */
function tone(length: number, at: number, amplitude = 0.3): Float32Array {
  const out = new Float32Array(length);
  for (let i = at; i < length; i++) out[i] = amplitude * Math.min(1, (i - at) / (0.02 * sr)) * Math.sin((2 * Math.PI * 220 * (i - at)) / sr);
  return out;
}

describe('audio analysis', () => {
  it('measures RMS and peak', () => {
    const s = tone(sr, 0);
    expect(peak(s)).toBeCloseTo(0.3, 2);
    expect(rms(s)).toBeGreaterThan(0.2);
    expect(rms(new Float32Array(100))).toBe(0);
  });

  it('finds an onset within a few frames of where it starts, and not where it does not', () => {
    const s = tone(sr, 20000);
    const found = onsetNear(s, 20000);
    expect(found).toBeGreaterThanOrEqual(20000);
    expect(found - 20000).toBeLessThan(16);
    // Expecting it 200 frames later still finds the true start: the search begins before the expected frame.
    expect(onsetNear(s, 20200)).toBe(found);
    // A tone that starts 300 frames late is found 300 frames late.
    expect(onsetNear(tone(sr, 20300), 20000) - 20000).toBeGreaterThan(290);
    expect(onsetNear(new Float32Array(sr), 20000)).toBe(-1);
  });

  it('finds an onset over the quiet tail of an earlier note', () => {
    const s = tone(sr, 20000);
    for (let i = 0; i < 20000; i++) s[i] = 1e-4 * Math.sin(i / 7);
    expect(onsetNear(s, 20000) - 20000).toBeLessThan(64);
  });
});
