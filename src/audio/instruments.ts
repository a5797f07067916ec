import { Filter, MembraneSynth, MetalSynth, NoiseSynth, Panner3D, PluckSynth, Sampler, Synth, ToneAudioBuffer, type BaseContext, type InputNode } from 'tone';
import type { Instrument } from '../core/schema/sound.ts';
import type { Seconds, Vec3 } from '../core/units.ts';
import { VoiceAllocator } from './voice-allocator.ts';

/** One synth of a pool, with its own panner: it takes the position of each note's voice as it starts. */
interface Member {
  trigger(frequency: number, detune: number, duration: Seconds, time: Seconds, velocity: number, gainDb: number): void;
  readonly panner: Panner3D;
  dispose(): void;
}

interface Kind {
  /** Synths in the pool: how many notes of this instrument may sound at once, all voices together, before
   * the one that frees up soonest is taken over. Every synth that has played keeps costing CPU (its Tone
   * signals stay connected), so this is the main knob of the render cost: 8 FM synths cost about what the
   * whole bare Web Audio graph of the benchmark does. */
  readonly polyphony: number;
  /** How long a note rings after its duration (the envelope's release), seconds. */
  readonly release: Seconds;
  create(context: BaseContext, output: InputNode, sample: ToneAudioBuffer | null): Omit<Member, 'panner'>;
}

type Pitched = Synth | MetalSynth | MembraneSynth;

/** A synth whose level is the note's voice gain on top of its preset volume, set at the note's time. */
function pitched(s: Pitched, volume: number): Omit<Member, 'panner'> {
  return {
    trigger: (f, detune, duration, time, velocity, gainDb) => {
      s.volume.setValueAtTime(volume + gainDb, time);
      s.detune.setValueAtTime(detune, time);
      s.triggerAttackRelease(f, duration, time, velocity);
    },
    dispose: () => void s.dispose(),
  };
}

/**
 * Presets per instrument of the schema. FM and AM are Tone Synths with FM / AM oscillators (one envelope
 * each; Tone's FMSynth and AMSynth carry a second synth and envelope per voice, which costs more than a
 * whole pool of these at idle). Envelopes start from silence with a linear attack, so an onset is heard
 * exactly at its scheduled time.
 */
const KINDS: Readonly<Record<Instrument, Kind>> = {
  fm: {
    polyphony: 8,
    release: 1,
    create: (context, output) =>
      pitched(
        new Synth({
          context,
          volume: -10,
          oscillator: { type: 'fmsine', harmonicity: 2, modulationIndex: 3, modulationType: 'triangle' },
          envelope: { attack: 0.02, decay: 0.4, sustain: 0.35, release: 1 },
        }).connect(output),
        -10,
      ),
  },
  am: {
    polyphony: 8,
    release: 1.5,
    create: (context, output) =>
      pitched(
        new Synth({
          context,
          volume: -10,
          oscillator: { type: 'amsine', harmonicity: 1.5, modulationType: 'sine' },
          envelope: { attack: 0.03, decay: 0.3, sustain: 0.4, release: 1.5 },
        }).connect(output),
        -10,
      ),
  },
  synth: {
    polyphony: 8,
    release: 1,
    create: (context, output) =>
      pitched(
        new Synth({
          context,
          volume: -10,
          oscillator: { type: 'triangle' },
          envelope: { attack: 0.02, decay: 0.2, sustain: 0.3, release: 1 },
        }).connect(output),
        -10,
      ),
  },
  pluck: {
    polyphony: 8,
    release: 1,
    create: (context, output) => {
      // Karplus-Strong has no velocity in Tone: the voice's gain sets its level.
      const s = new PluckSynth({ context, attackNoise: 1, dampening: 3200, resonance: 0.92, release: 1, volume: -6 }).connect(output);
      return {
        trigger: (f, _detune, duration, time, _velocity, gainDb) => {
          s.volume.setValueAtTime(-6 + gainDb, time);
          s.triggerAttack(f, time);
          s.triggerRelease(time + duration);
        },
        dispose: () => void s.dispose(),
      };
    },
  },
  metal: {
    polyphony: 4,
    release: 0.4,
    create: (context, output) =>
      pitched(
        new MetalSynth({
          context,
          volume: -24,
          harmonicity: 5.1,
          modulationIndex: 16,
          resonance: 2400,
          octaves: 1.2,
          envelope: { attack: 0.001, decay: 0.8, release: 0.4 },
        }).connect(output),
        -24,
      ),
  },
  membrane: {
    polyphony: 4,
    release: 0.8,
    create: (context, output) =>
      pitched(
        new MembraneSynth({
          context,
          volume: -8,
          pitchDecay: 0.04,
          octaves: 3,
          envelope: { attack: 0.001, decay: 0.5, sustain: 0.02, release: 0.8 },
        }).connect(output),
        -8,
      ),
  },
  noise: {
    polyphony: 4,
    release: 0.6,
    create: (context, output) => {
      // Pitched noise: a band-pass at the note's frequency.
      const band = new Filter({ context, type: 'bandpass', Q: 6, frequency: 440 }).connect(output);
      const s = new NoiseSynth({ context, volume: 2, noise: { type: 'pink' }, envelope: { attack: 0.01, decay: 0.2, sustain: 0.3, release: 0.6 } }).connect(
        band,
      );
      return {
        trigger: (f, _detune, duration, time, velocity, gainDb) => {
          s.volume.setValueAtTime(2 + gainDb, time);
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
    polyphony: 6,
    release: 1,
    create: (context, output, sample) => {
      if (sample === null) throw new Error('instrument "sample" needs a `sample` file beside installation.yaml');
      const s = new Sampler({ context, urls: { C4: sample }, release: 1, volume: -6 }).connect(output);
      return {
        trigger: (f, _detune, duration, time, velocity, gainDb) => {
          // Until the file has loaded, the sampler stays silent rather than throwing inside the scheduler.
          if (!s.loaded) return;
          s.volume.setValueAtTime(-6 + gainDb, time);
          s.triggerAttackRelease(f, duration, time, velocity);
        },
        dispose: () => void s.dispose(),
      };
    },
  },
};

export interface PoolOptions {
  readonly panning: PanningModelType;
  /** Overrides the instrument's polyphony. */
  readonly polyphony?: number;
  /** With instrument `sample`: the loaded (or loading) audio file, shared by the pool's samplers. */
  readonly sample?: ToneAudioBuffer | null;
}

/**
 * The synths of one instrument, shared by every voice that plays it, made once and reused note after note.
 * A note takes the synth that is free (its last note and release are over) or else the one that frees up
 * soonest, moves that synth's panner to the note's voice, and starts. The cost of the graph is therefore
 * bounded by the polyphony, not by the number of voices (an installation may group its data into dozens),
 * and nothing is allocated per note here (Tone's oscillators are one-shot Web Audio nodes, as in any player).
 */
export class InstrumentPool {
  private readonly members: Member[] = [];
  /** Which member plays each note and when: every trigger goes through it, so the starts on each synth are
   * strictly increasing (see voice-allocator.ts). */
  private readonly allocator: VoiceAllocator;

  constructor(
    readonly kind: Instrument,
    private readonly context: BaseContext,
    output: InputNode,
    options: PoolOptions,
  ) {
    const k = KINDS[kind];
    const n = Math.max(1, options.polyphony ?? k.polyphony);
    for (let i = 0; i < n; i++) {
      const panner = new Panner3D({
        context,
        panningModel: options.panning,
        distanceModel: 'inverse',
        refDistance: 2,
        rolloffFactor: 0.8,
        maxDistance: 50,
      }).connect(output);
      this.members.push({ ...k.create(context, panner, options.sample ?? null), panner });
    }
    this.allocator = new VoiceAllocator(n, k.release);
  }

  /** Starts a note at context time `time` (or just after, see VoiceAllocator) from `position`. Returns the
   * context time it starts at. Notes may come in any order. */
  play(frequency: number, detune: number, duration: Seconds, time: Seconds, velocity: number, gainDb: number, position: Vec3): Seconds {
    // The clock Tone clamps starts to, read at the trigger itself.
    const { member, start } = this.allocator.take(time, duration, this.context.currentTime);
    const m = this.members[member] as Member;
    m.panner.positionX.setValueAtTime(position[0], start);
    m.panner.positionY.setValueAtTime(position[1], start);
    m.panner.positionZ.setValueAtTime(position[2], start);
    m.trigger(frequency, detune, duration, start, velocity, gainDb);
    return start;
  }

  set panning(model: PanningModelType) {
    for (const m of this.members) m.panner.panningModel = model;
  }

  dispose(): void {
    for (const m of this.members) {
      m.dispose();
      m.panner.dispose();
    }
    this.members.length = 0;
  }
}

/** MIDI note to Hz (A4 = 69 = 440 Hz). */
export const midiToHz = (midi: number): number => 440 * 2 ** ((midi - 69) / 12);
