import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { Gain, Offline, getContext, getDestination } from 'tone';
import { EventLog } from '../../../src/core/event-log.ts';
import type { ShowEvent } from '../../../src/core/events.ts';
import type { Installation } from '../../../src/core/installation.ts';
import { scoreBetween } from '../../../src/core/score/score.ts';
import { soundVoices } from '../../../src/core/score/voices.ts';
import type { Vec3 } from '../../../src/core/units.ts';
import { localSource, type PageStats, type ShowSource } from '../../../src/net/show-source.ts';
import { startSound, type SoundDisplay, type SoundHandle } from '../../../src/audio/sound.ts';
import { SoundGate } from '../../../src/audio/SoundGate.tsx';
import { displayEnglish, soundWords } from '../../../src/app/display/strings.ts';
import { updateListener } from '../../../src/audio/listener.ts';
import { InstrumentPool } from '../../../src/audio/instruments.ts';
import type { Instrument } from '../../../src/core/schema/sound.ts';
import { onsetNear, peak, rms } from '../analysis.ts';
import { renderBare } from './bare-graph.ts';

/** What the Node side asks the page to render: a stretch of a show, through the real adapter or the bare graph. */
export interface RenderRequest {
  readonly installation: Installation;
  readonly events: readonly ShowEvent[];
  /** Shared time of the render's first frame. */
  readonly t0: number;
  readonly seconds: number;
  readonly sampleRate: number;
  readonly solo?: string;
  readonly dry?: boolean;
  /** Shared times at which notes should start: the page finds the onset near each. */
  readonly onsets?: readonly number[];
}

export interface RenderResult {
  readonly wallSeconds: number;
  readonly frames: number;
  readonly rms: number;
  readonly peak: number;
  /** Per requested onset: the expected frame and the frame where sound rose (-1 if none). */
  readonly onsets: readonly { readonly expected: number; readonly found: number }[];
  readonly notes: number;
  /** Of wallSeconds, the time spent in JavaScript deciding and scheduling notes (score, scheduler, Tone's
   * trigger calls); the rest is building the graph and Web Audio rendering. */
  readonly scheduleSeconds: number;
}

function analyse(buffer: AudioBuffer, req: RenderRequest, wallSeconds: number, notes: number, scheduleSeconds: number): RenderResult {
  const left = buffer.getChannelData(0);
  const right = buffer.numberOfChannels > 1 ? buffer.getChannelData(1) : left;
  const mono = new Float32Array(left.length);
  for (let i = 0; i < mono.length; i++) mono[i] = 0.5 * ((left[i] as number) + (right[i] as number));
  const onsets = (req.onsets ?? []).map((t) => {
    const expected = Math.round((t - req.t0) * buffer.sampleRate);
    return { expected, found: onsetNear(mono, expected) };
  });
  return { wallSeconds, frames: buffer.length, rms: Math.max(rms(left), rms(right)), peak: Math.max(peak(left), peak(right)), onsets, notes, scheduleSeconds };
}

/** Renders through startSound, in a Tone.Offline context: its emulated clock drives the real scheduler's
 * interval, so the render exercises exactly what a display runs. */
async function renderTone(req: RenderRequest): Promise<RenderResult> {
  const log = EventLog.from(req.events);
  const began = performance.now();
  let handle: SoundHandle | undefined;
  let scheduled = 0;
  let scheduleMs = 0;
  const buffer = await Offline(
    async (context) => {
      const source: ShowSource = {
        installation: () => req.installation,
        log: () => log,
        now: () => req.t0 + context.currentTime,
        subscribe: () => () => {},
        frozen: false,
      };
      const solo = req.solo;
      handle = startSound({ source, display: { kind: 'desktop' }, context, dry: req.dry ?? false, ...(solo ? { solo: (id: string) => id === solo } : {}) });
      const sink = handle.engine;
      const play = sink.play.bind(sink);
      sink.play = (note, time) => {
        scheduled++;
        play(note, time);
      };
      const scheduler = handle.scheduler;
      const tick = scheduler.tick.bind(scheduler);
      scheduler.tick = (...args) => {
        const t = performance.now();
        const n = tick(...args);
        scheduleMs += performance.now() - t;
        return n;
      };
      await handle.engine.ready;
    },
    req.seconds,
    2,
    req.sampleRate,
  );
  const wallSeconds = (performance.now() - began) / 1000;
  handle?.stop();
  return analyse(buffer.get() as AudioBuffer, req, wallSeconds, scheduled, scheduleMs / 1000);
}

/** The same stretch through the bare Web Audio graph (the benchmark's baseline), scored the same way: windows
 * of 0.1 s asked of scoreBetween. */
async function renderBareGraph(req: RenderRequest): Promise<RenderResult> {
  const log = EventLog.from(req.events);
  const began = performance.now();
  const notes = [];
  const scoring = performance.now();
  for (let k = 0; k * 0.1 < req.seconds; k++)
    notes.push(...scoreBetween(req.installation, log, req.t0 + k * 0.1, req.t0 + Math.min(req.seconds, (k + 1) * 0.1)));
  const scheduleSeconds = (performance.now() - scoring) / 1000;
  const positions = new Map<string, Vec3>(soundVoices(req.installation).map((v) => [v.id, v.position]));
  const buffer = await renderBare(notes, positions, req.t0, req.seconds, req.sampleRate);
  const wallSeconds = (performance.now() - began) / 1000;
  return analyse(buffer, req, wallSeconds, notes.length, scheduleSeconds);
}

/** A burst of triggers on the real pools of the running context, as the scheduler gives them: `at` is the
 * requested time relative to the context's clock when the op runs (negative: already past, Tone clamps it);
 * `pauseMs` lets the clock move on before the next op. */
export interface TriggerOp {
  readonly at: number;
  readonly duration: number;
  readonly midi: number;
  readonly pauseMs: number;
}

export interface ScheduleRequest {
  readonly instruments: readonly Exclude<Instrument, 'sample'>[];
  readonly polyphony: number;
  readonly ops: readonly TriggerOp[];
}

/** Plays a schedule through real InstrumentPools (Tone's synths) into a silent gain; returns what threw. */
async function playSchedule(req: ScheduleRequest): Promise<{ readonly triggers: number; readonly errors: readonly string[] }> {
  const context = getContext();
  if (context.state !== 'running') await context.resume();
  const silent = new Gain({ context, gain: 0 }).connect(context.destination);
  const pools = req.instruments.map((kind) => new InstrumentPool(kind, context, silent, { panning: 'equalpower', polyphony: req.polyphony }));
  const errors: string[] = [];
  let triggers = 0;
  for (const op of req.ops) {
    for (const pool of pools) {
      try {
        pool.play(440 * 2 ** ((op.midi - 69) / 12), 0, op.duration, context.currentTime + op.at, 0.5, 0, [0, 1, 0]);
        triggers++;
      } catch (e) {
        errors.push(`${pool.kind}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (op.pauseMs > 0) await new Promise((r) => setTimeout(r, op.pauseMs));
  }
  for (const pool of pools) pool.dispose();
  silent.dispose();
  return { triggers, errors };
}

let root: Root | null = null;
/** Mounts the SoundGate for a local show, as a display page would. */
/** What the mounted gate reported through its source's stats (to the operator, on a live source). */
let gateStats: PageStats = {};
function mountGate(installation: Installation, display: SoundDisplay, startT: number, indicator = true): void {
  const source: ShowSource = { ...localSource(installation, [], startT, () => performance.now()), setStats: (s) => void (gateStats = { ...gateStats, ...s }) };
  gateStats = {};
  root?.unmount();
  root = createRoot(document.getElementById('root') as HTMLElement);
  root.render(createElement(SoundGate, { source, display, indicator, words: soundWords(displayEnglish) }));
}

const api = {
  renderTone,
  renderBare: renderBareGraph,
  playSchedule,
  mountGate,
  /** Moves the real AudioListener like a scene would each frame, and reads it back. */
  moveListener: (elements: readonly number[]) => {
    updateListener({ matrixWorld: { elements } });
    const l = (getContext().rawContext as AudioContext).listener;
    return [l.positionX.value, l.positionY.value, l.positionZ.value, l.forwardX.value, l.forwardY.value, l.forwardZ.value];
  },
  suspendAudio: async () => {
    await (getContext().rawContext as AudioContext).suspend();
  },
  audioState: () => ({ context: getContext().state, muted: getDestination().mute }),
  gateStats: () => gateStats,
};
declare global {
  interface Window {
    soundTest: typeof api;
  }
}
window.soundTest = api;
document.body.dataset.ready = 'true';
