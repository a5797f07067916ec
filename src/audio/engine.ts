import {
  BitCrusher, FeedbackDelay, Filter, Gain, Limiter, Panner3D, Reverb, Volume,
  type BaseContext,
} from 'tone';
import type { Installation } from '../core/installation.ts';
import type { SoundSpec } from '../core/schema/sound.ts';
import { soundVoices, type SoundVoice } from '../core/score/voices.ts';
import type { ScoreNote, SoundMix } from '../core/score/score.ts';
import type { Seconds } from '../core/units.ts';
import { InstrumentPool, midiToHz } from './instruments.ts';

export type PanningModel = 'HRTF' | 'equalpower';

export interface SoundEngineOptions {
  readonly context: BaseContext;
  /** HRTF (binaural, for headsets) or equalpower (cheaper, for speakers). Default equalpower. */
  readonly panning?: PanningModel;
  /** URL of an installation's audio file (instrument `sample`). Default: the file name under /installation/. */
  readonly sampleUrl?: (file: string) => string;
  /** Only voices for which this is true play (a test isolates a voice). Default: all. */
  readonly solo?: (voiceId: string) => boolean;
  /** Leave out the reverb and echo (a dry render, to measure onsets). Default false. */
  readonly dry?: boolean;
}

interface VoiceChain {
  readonly instrument: string;
  readonly sample: string | null;
  readonly pool: InstrumentPool;
  readonly level: Gain;
  readonly panner: Panner3D;
}

/** Time constant of effect changes (seconds): fast enough for a glitch's attack, slow enough not to click. */
const MIX_SMOOTHING: Seconds = 0.03;
/** Lowpass cutoff at brightness 1 (Hz); brightness scales it by octaves. */
const CUTOFF_HZ = 9000;

/**
 * The Tone.js graph that sounds the score:
 *
 *   voice synths -> voice level -> Panner3D (at the voice's sculpture) -> bus -> lowpass (phase brightness)
 *   -> bit crusher (wet = glitch) -> volume (sound.volume) -> limiter -> destination
 *                                  \-> reverb send, echo send -> volume
 *
 * Everything is made when an installation is configured; playing a note only triggers a pooled synth.
 */
export class SoundEngine {
  private readonly context: BaseContext;
  private readonly voices = new Map<string, VoiceChain>();
  private readonly bus: Gain;
  private readonly filter: Filter;
  private readonly crusher: BitCrusher;
  private readonly volume: Volume;
  private readonly limiter: Limiter;
  private readonly reverbSend: Gain;
  private readonly delaySend: Gain;
  private readonly reverb: Reverb | null;
  private readonly delay: FeedbackDelay | null;
  private panningModel: PanningModel;
  private spec: SoundSpec | null = null;
  /** Resolves when the reverb's impulse response is generated. */
  readonly ready: Promise<void>;

  constructor(private readonly options: SoundEngineOptions) {
    const context = options.context;
    this.context = context;
    this.panningModel = options.panning ?? 'equalpower';
    this.limiter = new Limiter({ context, threshold: -1.5 }).connect(context.destination);
    this.volume = new Volume({ context, volume: -6 }).connect(this.limiter);
    this.crusher = new BitCrusher({ context, bits: 6 }).connect(this.volume);
    this.crusher.wet.value = 0;
    this.filter = new Filter({ context, type: 'lowpass', frequency: CUTOFF_HZ, rolloff: -12, Q: 0.5 }).connect(this.crusher);
    this.bus = new Gain({ context }).connect(this.filter);
    this.reverbSend = new Gain({ context, gain: 0 });
    this.delaySend = new Gain({ context, gain: 0 });
    this.crusher.connect(this.reverbSend);
    this.crusher.connect(this.delaySend);
    if (options.dry) {
      this.reverb = null;
      this.delay = null;
      this.ready = Promise.resolve();
    } else {
      this.reverb = new Reverb({ context, decay: 4.5, preDelay: 0.02, wet: 1 }).connect(this.volume);
      this.delay = new FeedbackDelay({ context, delayTime: 0.5, feedback: 0.35, wet: 1 }).connect(this.volume);
      this.reverbSend.connect(this.reverb);
      this.delaySend.connect(this.delay);
      this.ready = this.reverb.ready;
    }
  }

  /** Builds (or rebuilds, after a live edit) the voices and master levels of an installation. Voices that did
   * not change keep their synths; notes already scheduled on a removed voice are cut. */
  configure(installation: Installation): void {
    const spec = installation.spec.sound ?? null;
    this.spec = spec;
    const wanted = new Map<string, SoundVoice>();
    for (const v of soundVoices(installation)) if (this.options.solo?.(v.id) ?? true) wanted.set(v.id, v);
    for (const [id, chain] of this.voices) {
      const v = wanted.get(id);
      if (!v || v.instrument !== chain.instrument || v.sample !== chain.sample) {
        disposeChain(chain);
        this.voices.delete(id);
      }
    }
    for (const v of wanted.values()) {
      let chain = this.voices.get(v.id);
      if (!chain) {
        const context = this.context;
        const panner = new Panner3D({ context, panningModel: this.panningModel, distanceModel: 'inverse', refDistance: 2, rolloffFactor: 0.8, maxDistance: 50 }).connect(this.bus);
        const level = new Gain({ context }).connect(panner);
        const url = v.sample ? (this.options.sampleUrl ?? ((f: string) => `/installation/${encodeURIComponent(f)}`))(v.sample) : null;
        chain = { instrument: v.instrument, sample: v.sample, pool: new InstrumentPool(v.instrument, context, level, url), level, panner };
        this.voices.set(v.id, chain);
      }
      chain.level.gain.value = 10 ** (v.gain / 20);
      chain.panner.setPosition(v.position[0], v.position[1], v.position[2]);
    }
    if (spec) {
      this.volume.volume.value = spec.volume;
      if (this.delay) this.delay.delayTime.value = (0.75 * 60) / spec.tempo;
    }
  }

  /** Starts a note at a context time. Notes of a voice this engine does not play (solo) are ignored. */
  play(note: ScoreNote, time: Seconds): void {
    const chain = this.voices.get(note.voice);
    if (!chain) return;
    chain.pool.play(midiToHz(note.midi), note.detune, note.duration, time, note.velocity);
  }

  /** Sets the effects from the show at a context time. */
  mix(mix: SoundMix, time: Seconds): void {
    this.crusher.wet.setTargetAtTime(Math.min(1, mix.glitch * 1.2), time, MIX_SMOOTHING);
    this.crusher.bits.setTargetAtTime(8 - 5 * mix.glitch, time, MIX_SMOOTHING);
    this.filter.frequency.setTargetAtTime(CUTOFF_HZ * 2 ** (2 * (mix.brightness - 1)) * (1 - 0.4 * mix.glitch), time, MIX_SMOOTHING);
    if (this.reverb) this.reverbSend.gain.setTargetAtTime(mix.reverb, time, 0.3);
    if (this.delay) this.delaySend.gain.setTargetAtTime(mix.delay, time, 0.3);
  }

  get panning(): PanningModel {
    return this.panningModel;
  }

  set panning(model: PanningModel) {
    this.panningModel = model;
    for (const chain of this.voices.values()) chain.panner.panningModel = model;
  }

  get voiceIds(): readonly string[] {
    return [...this.voices.keys()];
  }

  get sound(): SoundSpec | null {
    return this.spec;
  }

  dispose(): void {
    for (const chain of this.voices.values()) disposeChain(chain);
    this.voices.clear();
    for (const node of [this.bus, this.filter, this.crusher, this.volume, this.limiter, this.reverbSend, this.delaySend, this.reverb, this.delay]) node?.dispose();
  }
}

function disposeChain(chain: VoiceChain): void {
  chain.pool.dispose();
  chain.level.dispose();
  chain.panner.dispose();
}
