import { Convolver, CrossFade, Delay, Filter, Gain, Limiter, ToneAudioBuffer, Volume, WaveShaper, type BaseContext } from 'tone';
import type { Installation } from '../core/installation.ts';
import type { SoundSpec } from '../core/schema/sound.ts';
import { soundVoices, type SoundVoice } from '../core/score/voices.ts';
import type { ScoreNote, SoundMix } from '../core/score/score.ts';
import type { Seconds } from '../core/units.ts';
import { InstrumentPool, midiToHz } from './instruments.ts';
import { noiseImpulse } from './impulse.ts';

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
  /** Synths per instrument, all voices together. Default: the instrument's (12 for fm, am, synth). */
  readonly polyphony?: number;
}

interface VoiceEntry {
  readonly pool: InstrumentPool;
  readonly gainDb: number;
}

/** Time constant of effect changes (seconds): fast enough for a glitch's attack, slow enough not to click. */
const MIX_SMOOTHING: Seconds = 0.03;
/** Lowpass cutoff at brightness 1 (Hz); brightness scales it by octaves. */
const CUTOFF_HZ = 9000;
const LIMITER_LOOKAHEAD_FRAMES = 256;
/** Time constant of the master level (seconds): a blackout's sound fades about as fast as its default picture fade. */
const LEVEL_SMOOTHING: Seconds = 0.25;
/** Levels of the glitch's crusher: 4 bits. */
const CRUSH_LEVELS = 16;
/** Reverb tail (seconds). */
export const REVERB_DECAY: Seconds = 3.5;

/**
 * The Tone.js graph that sounds the score:
 *
 *   pooled synth -> its Panner3D (moved to the note's voice) -> bus -> lowpass (phase brightness)
 *   -> crusher (crossfaded in by the glitch) -> volume (sound.volume) -> master (blackout, hold) -> limiter
 *   -> destination
 *                                            \-> reverb send, echo send -> volume
 *
 * Everything is made when an installation is configured; playing a note only triggers a pooled synth.
 */
export class SoundEngine {
  private readonly context: BaseContext;
  private readonly voices = new Map<string, VoiceEntry>();
  /** One pool per instrument (per file for samples), shared by the voices that play it. */
  private readonly pools = new Map<string, InstrumentPool>();
  private readonly bus: Gain;
  private readonly filter: Filter;
  private readonly crusher: CrossFade;
  private readonly shaper: WaveShaper;
  private readonly volume: Volume;
  private readonly master: Gain;
  private readonly limiter: Limiter;
  private readonly reverbSend: Gain;
  private readonly delaySend: Gain;
  private readonly reverb: Convolver | null;
  private readonly delay: Delay | null;
  private readonly feedback: Gain | null;
  private panningModel: PanningModel;
  private spec: SoundSpec | null = null;
  /** Resolves when the graph is ready to sound (kept for samples and future asynchronous parts). */
  readonly ready: Promise<void>;

  constructor(private readonly options: SoundEngineOptions) {
    const context = options.context;
    this.context = context;
    this.panningModel = options.panning ?? 'equalpower';
    this.limiter = new Limiter({ context, threshold: -1.5 }).connect(context.destination);
    // The show's master level (blackout and hold: src/core/stage.ts), after everything that rings on.
    this.master = new Gain({ context, gain: 1 }).connect(this.limiter);
    this.volume = new Volume({ context, volume: -6 }).connect(this.master);
    // The glitch's crusher: a staircase waveshaper (amplitude quantised to 4 bits), crossfaded in by the
    // glitch. Tone's BitCrusher is an AudioWorklet, which costs more than the rest of the graph together
    // in an offline render.
    this.crusher = new CrossFade({ context, fade: 0 }).connect(this.volume);
    this.shaper = new WaveShaper({ context, mapping: (x) => Math.round(x * (CRUSH_LEVELS / 2)) / (CRUSH_LEVELS / 2), length: 4096 }).connect(this.crusher.b);
    this.filter = new Filter({ context, type: 'lowpass', frequency: CUTOFF_HZ, rolloff: -12, Q: 0.5 });
    this.filter.connect(this.crusher.a);
    this.filter.connect(this.shaper);
    this.bus = new Gain({ context }).connect(this.filter);
    this.reverbSend = new Gain({ context, gain: 0 });
    this.delaySend = new Gain({ context, gain: 0 });
    this.crusher.connect(this.reverbSend);
    this.crusher.connect(this.delaySend);
    this.ready = Promise.resolve();
    if (options.dry) {
      this.reverb = null;
      this.delay = null;
      this.feedback = null;
    } else {
      // Sends into a bare convolver and a delay loop rather than Tone's Reverb and FeedbackDelay effects:
      // the sends are already wet-only, and the effects' dry/wet crossfades and the Reverb's nested offline
      // render of its impulse response cost CPU for nothing here.
      this.reverb = new Convolver({ context, url: reverbImpulse(context, REVERB_DECAY), normalize: true }).connect(this.volume);
      this.delay = new Delay({ context, delayTime: 0.5, maxDelay: 4 }).connect(this.volume);
      this.feedback = new Gain({ context, gain: 0.35 });
      this.delay.connect(this.feedback);
      this.feedback.connect(this.delay);
      this.reverbSend.connect(this.reverb);
      this.delaySend.connect(this.delay);
    }
  }

  /** Builds (or rebuilds, after a live edit) the voices and master levels of an installation. Pools of
   * instruments still in use keep their synths; a pool no voice plays any more is released. */
  configure(installation: Installation): void {
    const spec = installation.spec.sound ?? null;
    this.spec = spec;
    this.voices.clear();
    const used = new Set<string>();
    for (const v of soundVoices(installation)) {
      if (!(this.options.solo?.(v.id) ?? true)) continue;
      const key = v.instrument === 'sample' ? `sample:${v.sample ?? ''}` : v.instrument;
      let pool = this.pools.get(key);
      if (!pool) {
        const url = v.sample ? (this.options.sampleUrl ?? ((f: string) => `/installation/${encodeURIComponent(f)}`))(v.sample) : null;
        pool = new InstrumentPool(v.instrument, this.context, this.bus, {
          panning: this.panningModel,
          ...(url ? { sample: new ToneAudioBuffer(url) } : {}),
          ...(this.options.polyphony ? { polyphony: this.options.polyphony } : {}),
        });
        this.pools.set(key, pool);
      }
      used.add(key);
      this.voices.set(v.id, { pool, gainDb: v.gain });
    }
    for (const [key, pool] of this.pools) {
      if (used.has(key)) continue;
      pool.dispose();
      this.pools.delete(key);
    }
    if (spec) {
      this.volume.volume.value = spec.volume;
      if (this.delay) this.delay.delayTime.value = (0.75 * 60) / spec.tempo;
    }
  }

  /** Starts a note at a context time. Notes of a voice this engine does not play (solo) are ignored. */
  play(note: ScoreNote, time: Seconds): void {
    const voice = this.voices.get(note.voice);
    if (!voice) return;
    voice.pool.play(midiToHz(note.midi), note.detune, note.duration, time, note.velocity, voice.gainDb, note.position);
  }

  /** Sets the effects from the show at a context time. */
  mix(mix: SoundMix, time: Seconds): void {
    this.crusher.fade.setTargetAtTime(Math.min(1, mix.glitch * 1.2), time, MIX_SMOOTHING);
    this.filter.frequency.setTargetAtTime(CUTOFF_HZ * 2 ** (2 * (mix.brightness - 1)) * (1 - 0.4 * mix.glitch), time, MIX_SMOOTHING);
    if (this.reverb) this.reverbSend.gain.setTargetAtTime(mix.reverb, time, 0.3);
    if (this.delay) this.delaySend.gain.setTargetAtTime(mix.delay, time, 0.3);
    // Notes that start in a hold or a blackout are not in the score; this takes what still rings down.
    this.master.gain.setTargetAtTime(mix.level, time, LEVEL_SMOOTHING);
  }

  /**
   * Delay the graph itself adds before sound leaves it (seconds): the limiter is a DynamicsCompressorNode,
   * which looks 256 frames ahead in Chromium and Firefox (their shared implementation's pre-delay). The
   * scheduler starts notes this much earlier so they are heard on time.
   */
  get latency(): Seconds {
    return LIMITER_LOOKAHEAD_FRAMES / this.context.sampleRate;
  }

  get panning(): PanningModel {
    return this.panningModel;
  }

  set panning(model: PanningModel) {
    this.panningModel = model;
    for (const pool of this.pools.values()) pool.panning = model;
  }

  get voiceIds(): readonly string[] {
    return [...this.voices.keys()];
  }

  get sound(): SoundSpec | null {
    return this.spec;
  }

  dispose(): void {
    for (const pool of this.pools.values()) pool.dispose();
    this.pools.clear();
    this.voices.clear();
    for (const node of [
      this.bus,
      this.filter,
      this.shaper,
      this.crusher,
      this.volume,
      this.master,
      this.limiter,
      this.reverbSend,
      this.delaySend,
      this.reverb,
      this.delay,
      this.feedback,
    ])
      node?.dispose();
  }
}

const impulses = new Map<string, ToneAudioBuffer>();

/** The reverb's impulse response (src/audio/impulse.ts), made once per sample rate and decay. */
function reverbImpulse(context: BaseContext, decay: Seconds): ToneAudioBuffer {
  const key = `${context.sampleRate}:${decay}`;
  let ir = impulses.get(key);
  if (!ir) {
    ir = new ToneAudioBuffer(noiseImpulse(context, decay));
    impulses.set(key, ir);
  }
  return ir;
}
