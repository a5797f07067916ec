import {
  AMSynth, Filter, FMSynth, MembraneSynth, MetalSynth, NoiseSynth, PluckSynth, Sampler, Synth,
  type BaseContext, type InputNode,
} from 'tone';
import type { Instrument } from '../core/schema/sound.ts';
import type { Seconds } from '../core/units.ts';

/** One synth of a pool: starts a note at a context time. */
interface Member {
  trigger(frequency: number, detune: number, duration: Seconds, time: Seconds, velocity: number): void;
  dispose(): void;
}

interface Kind {
  /** Synths kept per voice: how many of its notes may sound at once before the oldest is taken over. */
  readonly polyphony: number;
  /** How long a note rings after its duration (the envelope's release), seconds. */
  readonly release: Seconds;
  create(context: BaseContext, output: InputNode, sampleUrl: string | null): Member;
}

/** Presets per instrument of the schema. Envelopes start from silence with a linear attack, so an onset is
 * heard exactly at its scheduled time. */
const KINDS: Readonly<Record<Instrument, Kind>> = {
  fm: {
    polyphony: 4,
    release: 1.2,
    create: (context, output) => {
      const s = new FMSynth({
        context, harmonicity: 2, modulationIndex: 3, volume: -8,
        oscillator: { type: 'sine' }, modulation: { type: 'triangle' },
        envelope: { attack: 0.02, decay: 0.4, sustain: 0.35, release: 1.2 },
        modulationEnvelope: { attack: 0.05, decay: 0.3, sustain: 0.25, release: 0.8 },
      }).connect(output);
      return monophonic(s);
    },
  },
  am: {
    polyphony: 4,
    release: 1.5,
    create: (context, output) => monophonic(new AMSynth({
      context, harmonicity: 1.5, volume: -8, envelope: { attack: 0.03, decay: 0.3, sustain: 0.4, release: 1.5 },
    }).connect(output)),
  },
  synth: {
    polyphony: 4,
    release: 1,
    create: (context, output) => monophonic(new Synth({
      context, volume: -8, oscillator: { type: 'triangle' }, envelope: { attack: 0.02, decay: 0.2, sustain: 0.3, release: 1 },
    }).connect(output)),
  },
  pluck: {
    polyphony: 3,
    release: 1,
    create: (context, output) => {
      // Karplus-Strong has no velocity in Tone: every pluck is as loud.
      const s = new PluckSynth({ context, attackNoise: 1, dampening: 3200, resonance: 0.92, release: 1, volume: -6 }).connect(output);
      return {
        trigger: (f, _detune, duration, time) => {
          s.triggerAttack(f, time);
          s.triggerRelease(time + duration);
        },
        dispose: () => void s.dispose(),
      };
    },
  },
  metal: {
    polyphony: 2,
    release: 0.4,
    create: (context, output) => monophonic(new MetalSynth({
      context, volume: -22, harmonicity: 5.1, modulationIndex: 16, resonance: 2400, octaves: 1.2,
      envelope: { attack: 0.001, decay: 0.8, release: 0.4 },
    }).connect(output)),
  },
  membrane: {
    polyphony: 2,
    release: 0.8,
    create: (context, output) => monophonic(new MembraneSynth({
      context, volume: -6, pitchDecay: 0.04, octaves: 3, envelope: { attack: 0.001, decay: 0.5, sustain: 0.02, release: 0.8 },
    }).connect(output)),
  },
  noise: {
    polyphony: 2,
    release: 0.6,
    create: (context, output) => {
      // Pitched noise: a band-pass at the note's frequency.
      const band = new Filter({ context, type: 'bandpass', Q: 6, frequency: 440 }).connect(output);
      const s = new NoiseSynth({ context, volume: 4, noise: { type: 'pink' }, envelope: { attack: 0.01, decay: 0.2, sustain: 0.3, release: 0.6 } }).connect(band);
      return {
        trigger: (f, _detune, duration, time, velocity) => {
          band.frequency.setValueAtTime(f, time);
          s.triggerAttackRelease(duration, time, velocity);
        },
        dispose: () => {
          s.dispose();
          band.dispose();
        },
      };
    },
  },
  sample: {
    // A Sampler is polyphonic by itself: one per voice.
    polyphony: 1,
    release: 1,
    create: (context, output, url) => {
      if (url === null) throw new Error('instrument "sample" needs a `sample` file beside installation.yaml');
      const s = new Sampler({ context, urls: { C4: url }, release: 1, volume: -6 }).connect(output);
      return {
        trigger: (f, _detune, duration, time, velocity) => {
          // Until the file has loaded, the sampler stays silent rather than throwing inside the scheduler.
          if (s.loaded) s.triggerAttackRelease(f, duration, time, velocity);
        },
        dispose: () => void s.dispose(),
      };
    },
  },
};

function monophonic(s: FMSynth | AMSynth | Synth | MetalSynth | MembraneSynth): Member {
  return {
    trigger: (f, detune, duration, time, velocity) => {
      s.detune.setValueAtTime(detune, time);
      s.triggerAttackRelease(f, duration, time, velocity);
    },
    dispose: () => void s.dispose(),
  };
}

/**
 * A voice's synths, made once when the voice is built and reused note after note: a note takes the synth
 * that is free (its last note and release are over) or, if none is, the one that frees up soonest. Nothing is
 * allocated per note here (Tone's oscillators themselves are one-shot Web Audio nodes, as in any player).
 */
export class InstrumentPool {
  private readonly members: Member[] = [];
  /** Context time at which each member's last note has fully rung out. */
  private readonly busyUntil: Float64Array;
  readonly kind: Instrument;

  constructor(kind: Instrument, context: BaseContext, output: InputNode, sampleUrl: string | null = null) {
    const k = KINDS[kind];
    this.kind = kind;
    for (let i = 0; i < k.polyphony; i++) this.members.push(k.create(context, output, sampleUrl));
    this.busyUntil = new Float64Array(k.polyphony).fill(-Infinity);
  }

  /** Starts a note at context time `time`. Notes must be given in time order per pool for the choice of synth
   * to be right (the scheduler does). */
  play(frequency: number, detune: number, duration: Seconds, time: Seconds, velocity: number): void {
    let best = 0;
    for (let i = 1; i < this.busyUntil.length; i++) if ((this.busyUntil[i] as number) < (this.busyUntil[best] as number)) best = i;
    this.busyUntil[best] = time + duration + KINDS[this.kind].release;
    (this.members[best] as Member).trigger(frequency, detune, duration, time, velocity);
  }

  dispose(): void {
    for (const m of this.members) m.dispose();
    this.members.length = 0;
  }
}

/** MIDI note to Hz (A4 = 69 = 440 Hz). */
export const midiToHz = (midi: number): number => 440 * 2 ** ((midi - 69) / 12);
