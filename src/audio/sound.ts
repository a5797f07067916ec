import { getContext, type BaseContext } from 'tone';
import type { Installation } from '../core/installation.ts';
import type { ShowSource } from '../net/show-source.ts';
import type { Seconds } from '../core/units.ts';
import { outputLatency } from './clock-map.ts';
import { SoundEngine, type SoundEngineOptions } from './engine.ts';
import { setListenerTarget } from './listener.ts';
import type { SoundDisplay } from './plays-sound.ts';
import { SoundScheduler } from './scheduler.ts';

export { displayPlaysSound, type SoundDisplay } from './plays-sound.ts';

export interface StartSoundOptions {
  readonly source: ShowSource;
  readonly display: SoundDisplay;
  /** Default: Tone's global context. It must be running (resumed after a gesture). */
  readonly context?: BaseContext;
  /** How often the scheduler asks the score for the next window (seconds). Default 0.1. */
  readonly interval?: Seconds;
  /** How far ahead notes are scheduled (seconds). Default 0.3. */
  readonly lookahead?: Seconds;
  /** URL of an audio file of the installation (instrument `sample`). */
  readonly sampleUrl?: (file: string) => string;
  /** For renders and tests: only these voices play, and/or no reverb and echo. See SoundEngineOptions. */
  readonly solo?: SoundEngineOptions['solo'];
  readonly dry?: boolean;
  /** Called once when anything in the sound's path throws (scheduling a tick or a refresh, the listener's
   * update in the frame loop): by then the sound has stopped, and the page goes on without it. Without it,
   * the error is thrown on (a render wants to fail). */
  readonly onError?: (error: Error) => void;
}

export interface SoundHandle {
  readonly engine: SoundEngine;
  readonly scheduler: SoundScheduler;
  setMuted(muted: boolean): void;
  /** The display changed (e.g. a desktop entered VR): HRTF on headsets, equal-power elsewhere. */
  setDisplay(display: SoundDisplay): void;
  /** Stops scheduling, releases the graph. */
  stop(): void;
}

/**
 * Plays a ShowSource's score on this device: builds the graph, ticks the scheduler on the audio context's own
 * timer (a worker, so a throttled tab keeps time), re-scans the scheduled horizon when the log changes, and
 * lets the listener follow the camera (see updateListener).
 */
export function startSound(options: StartSoundOptions): SoundHandle {
  const { source } = options;
  const context = options.context ?? getContext();
  const raw = context.rawContext as AudioContext | OfflineAudioContext;
  const engine = new SoundEngine({
    context,
    panning: options.display.kind === 'headset' ? 'HRTF' : 'equalpower',
    ...(options.sampleUrl ? { sampleUrl: options.sampleUrl } : {}),
    ...(options.solo ? { solo: options.solo } : {}),
    dry: options.dry ?? false,
  });
  const scheduler = new SoundScheduler(engine, source, { lookahead: options.lookahead ?? 0.3 });
  const latency = () => ('outputLatency' in raw ? outputLatency(raw) : 0);
  let stopped = false;
  let timer = -1;
  let unsubscribe = (): void => {};
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (timer >= 0) context.clearInterval(timer);
    unsubscribe();
    setListenerTarget(null);
    // A graph that failed may fail again while it is released: what matters now is that nothing runs.
    try {
      engine.dispose();
    } catch {
      // nothing is left to stop
    }
  };
  // Every entry into the sound's path (the context's timer, the log's listener, the frame loop's listener
  // update) goes through here: an exception stops the sound, once, and never reaches the page's loop.
  const fail = (e: unknown) => {
    if (stopped) return;
    stop();
    const error = e instanceof Error ? e : new Error(String(e));
    if (!options.onError) throw error;
    options.onError(error);
  };
  const guarded = (f: () => void) => () => {
    if (stopped) return;
    try {
      f();
    } catch (e) {
      fail(e);
    }
  };
  // Tone's currentTime: the raw context's, or the emulated clock of an OfflineContext while it schedules.
  // A replay's speed: its score is heard at the replay's t (the music at that speed, src/audio/clock-map.ts).
  const tick = guarded(() => void scheduler.tick(source.now(), context.currentTime, latency() + engine.latency, source.rate?.() ?? 1));
  tick();
  if (!stopped) {
    timer = context.setInterval(tick, options.interval ?? 0.1);
    unsubscribe = source.subscribe(guarded(() => void scheduler.refresh(source.now(), context.currentTime, latency() + engine.latency)));
    setListenerTarget(raw.listener, fail);
  }
  return {
    engine,
    scheduler,
    setMuted: (muted) => {
      if (!stopped) guarded(() => void (context.destination.mute = muted))();
    },
    setDisplay: (display) => {
      if (!stopped) guarded(() => void (engine.panning = display.kind === 'headset' ? 'HRTF' : 'equalpower'))();
    },
    stop,
  };
}
