import type { ScoreNote } from '../../../src/core/score/score.ts';
import type { Vec3 } from '../../../src/core/units.ts';
import { REVERB_DECAY } from '../../../src/audio/engine.ts';
import { noiseImpulse } from '../../../src/audio/impulse.ts';

/**
 * The baseline of the sound benchmark: the same notes through a bare Web Audio graph, built by hand. Per note
 * a carrier and a modulator OscillatorNode with GainNode envelopes (the FM voice's structure); per voice an
 * equal-power PannerNode; then the same master chain as the Tone adapter where Web Audio has the node:
 * lowpass, convolution reverb and feedback echo sends, volume, a DynamicsCompressor as the limiter. The bit
 * crusher has no native node and is left out.
 */
export async function renderBare(
  notes: readonly ScoreNote[],
  positions: ReadonlyMap<string, Vec3>,
  t0: number,
  seconds: number,
  sampleRate: number,
): Promise<AudioBuffer> {
  const ctx = new OfflineAudioContext(2, Math.round(seconds * sampleRate), sampleRate);
  const limiter = new DynamicsCompressorNode(ctx, { threshold: -1.5, ratio: 20, attack: 0.003, release: 0.01, knee: 0 });
  limiter.connect(ctx.destination);
  const volume = new GainNode(ctx, { gain: 10 ** (-6 / 20) });
  volume.connect(limiter);
  const filter = new BiquadFilterNode(ctx, { type: 'lowpass', frequency: 9000, Q: 0.5 });
  filter.connect(volume);
  const reverb = new ConvolverNode(ctx, { buffer: noiseImpulse(ctx, REVERB_DECAY) });
  const reverbSend = new GainNode(ctx, { gain: 0.35 });
  filter.connect(reverbSend).connect(reverb).connect(volume);
  const delay = new DelayNode(ctx, { delayTime: 0.68, maxDelayTime: 2 });
  const feedback = new GainNode(ctx, { gain: 0.35 });
  const delaySend = new GainNode(ctx, { gain: 0.12 });
  filter.connect(delaySend).connect(delay).connect(volume);
  delay.connect(feedback).connect(delay);
  const panners = new Map<string, PannerNode>();
  for (const [id, p] of positions) {
    const panner = new PannerNode(ctx, {
      panningModel: 'equalpower',
      distanceModel: 'inverse',
      refDistance: 2,
      rolloffFactor: 0.8,
      positionX: p[0],
      positionY: p[1],
      positionZ: p[2],
    });
    panner.connect(filter);
    panners.set(id, panner);
  }
  for (const n of notes) {
    const panner = panners.get(n.voice);
    if (!panner) continue;
    const at = n.t - t0;
    const f = 440 * 2 ** ((n.midi - 69) / 12);
    const end = at + n.duration + 1.2;
    const carrier = new OscillatorNode(ctx, { frequency: f, detune: n.detune });
    const modulator = new OscillatorNode(ctx, { type: 'triangle', frequency: 2 * f });
    const depth = new GainNode(ctx, { gain: 0 });
    depth.gain.setValueAtTime(0, at);
    depth.gain.linearRampToValueAtTime(3 * 2 * f, at + 0.05);
    depth.gain.setTargetAtTime(0.75 * f, at + 0.05, 0.1);
    modulator.connect(depth).connect(carrier.frequency);
    const env = new GainNode(ctx, { gain: 0 });
    const level = 0.4 * n.velocity;
    env.gain.setValueAtTime(0, at);
    env.gain.linearRampToValueAtTime(level, at + 0.02);
    env.gain.setTargetAtTime(0.35 * level, at + 0.02, 0.13);
    env.gain.setTargetAtTime(0, at + n.duration, 0.3);
    carrier.connect(env).connect(panner);
    carrier.start(at);
    modulator.start(at);
    carrier.stop(end);
    modulator.stop(end);
  }
  return ctx.startRendering();
}
