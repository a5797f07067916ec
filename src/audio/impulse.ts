import type { Seconds } from '../core/units.ts';

/**
 * A stereo impulse response of exponentially decaying noise (to -60 dB at `decay`): the reverb's. The noise
 * comes from a fixed-seed generator, so every device reverberates alike. Plain Web Audio (no Tone), so the
 * sound benchmark's bare graph convolves with exactly the same response.
 */
export function noiseImpulse(
  context: { readonly sampleRate: number; createBuffer(channels: number, length: number, sampleRate: number): AudioBuffer },
  decay: Seconds,
): AudioBuffer {
  const length = Math.round(decay * context.sampleRate);
  const buffer = context.createBuffer(2, length, context.sampleRate);
  let seed = 0x2545f491;
  for (let c = 0; c < 2; c++) {
    const data = buffer.getChannelData(c);
    for (let i = 0; i < length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      data[i] = ((seed / 4294967296) * 2 - 1) * Math.exp((-6.9 * i) / length);
    }
  }
  return buffer;
}
