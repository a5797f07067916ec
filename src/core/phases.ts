import type { PhaseSpec } from './schema/installation.ts';
import type { Primitive } from './schema/common.ts';
import { EventLog } from './event-log.ts';
import { realTimeAt, runningTime } from './stage.ts';
import { clamp, ease, lerp, type Seconds } from './units.ts';

/** What a phase asks of the particles. A morph blends two of these. */
export interface Look {
  /** 0 chaos .. 1 the sculpture's form. */
  readonly form: number;
  /** Shape override for every sculpture, if the phase sets one. */
  readonly shape: Primitive | null;
  readonly agitation: number;
  readonly glitch: number;
  readonly brightness: number;
}

export interface PhaseState {
  readonly index: number;
  readonly id: string;
  readonly label: string;
  /** When this phase began on the shared clock (elapsed counts from it, less the seconds of any hold). */
  readonly start: Seconds;
  readonly elapsed: Seconds;
  readonly duration: Seconds;
  /** elapsed / duration, clamped to 0..1. */
  readonly progress: number;
  /** True when the phase is over but waits for the operator's cue (advance: cue, or the last phase). */
  readonly holding: boolean;
  readonly next: string | null;
  readonly harmony: PhaseSpec['harmony'];
}

export interface MorphState {
  readonly from: Look;
  readonly to: Look;
  /** Eased 0..1 across the phase's `transition`. */
  readonly progress: number;
}

const lookOf = (p: PhaseSpec): Look => ({ form: p.form, shape: p.shape ?? null, agitation: p.agitation, glitch: p.glitch, brightness: p.brightness });

/** Blends two looks; the shape override switches at the middle of the morph (the shader morphs positions,
 * a shape name cannot be half of two). */
export function blendLooks(a: Look, b: Look, k: number): Look {
  return {
    form: lerp(a.form, b.form, k),
    shape: k < 0.5 ? a.shape : b.shape,
    agitation: lerp(a.agitation, b.agitation, k),
    glitch: lerp(a.glitch, b.glitch, k),
    brightness: lerp(a.brightness, b.brightness, k),
  };
}

interface Anchor {
  readonly index: number;
  /** When the phase began, in running time (src/core/stage.ts: holds do not count). */
  readonly start: Seconds;
  /** Its cue's t, or the moment its running start was reached, on the shared clock. */
  readonly at: Seconds;
  /** Seconds into the phase its cue started it at (a cue's `offset`), 0 otherwise. */
  readonly offset: Seconds;
  /** Index into log.cues of the cue that started it, -1 for the show's start. */
  readonly cue: number;
}

/** Where the phase timeline stands at t: the last cue at or before t (or the show's start at t = 0), then
 * phases with `advance: auto` follow each other by their durations, counted in running time (a hold stops
 * them). A cue naming an unknown phase (e.g. one removed by a live edit) is skipped. */
function anchorAt(phases: readonly PhaseSpec[], log: EventLog, t: Seconds, beforeCue = log.cues.length): Anchor {
  const r = runningTime(log, t);
  let ci = Math.min(beforeCue - 1, EventLog.lastAtOrBefore(log.cues, t));
  let anchor: Anchor = { index: 0, start: 0, at: 0, offset: 0, cue: -1 };
  for (; ci >= 0; ci--) {
    const cue = log.cues[ci];
    const index = phases.findIndex((p) => p.id === cue?.phase);
    if (cue && index >= 0) {
      const offset = cue.offset ?? 0;
      anchor = { index, start: runningTime(log, cue.t) - offset, at: cue.t, offset, cue: ci };
      break;
    }
  }
  let { index, start } = anchor;
  for (;;) {
    const p = phases[index] as PhaseSpec;
    if (p.advance !== 'auto' || index === phases.length - 1 || r < start + p.duration) break;
    start += p.duration;
    index++;
  }
  if (start === anchor.start && index === anchor.index) return anchor;
  return { index, start, at: realTimeAt(log, start), offset: 0, cue: -1 };
}

/** The look in force just before `anchor` began, so a morph always starts from what was on screen. Recursion
 * follows a chain of cues fired during each other's transitions, to a bounded depth. */
function lookBefore(phases: readonly PhaseSpec[], log: EventLog, anchor: Anchor, depth: number): Look {
  if (anchor.index === 0 && anchor.cue < 0) return lookOf(phases[0] as PhaseSpec);
  if (anchor.cue < 0) return lookOf(phases[anchor.index - 1] as PhaseSpec); // auto-advance: previous phase, settled
  const prev = anchorAt(phases, log, anchor.at, anchor.cue);
  const p = phases[prev.index] as PhaseSpec;
  // How far the previous morph had come when this anchor's cue came (morphSeconds, at that moment).
  const k = p.transition > 0 ? morphSeconds(prev, anchor.start + anchor.offset) / p.transition : 1;
  if (k >= 1 || depth >= 8) return lookOf(p);
  return blendLooks(lookBefore(phases, log, prev, depth + 1), lookOf(p), ease(k));
}

/**
 * Running seconds of the morph into the anchor's look at running time `r`: counted from its cue (or its
 * auto start), not from the phase's start. A cue with an offset (an Undo puts the phase back 40 s in) is
 * 40 s into its phase at once, but what was on screen still morphs into it over `transition`, as any jump
 * does, instead of snapping. Without an offset the two counts are the same.
 */
function morphSeconds(anchor: Anchor, r: Seconds): Seconds {
  return Math.max(0, r - anchor.start - anchor.offset);
}

export function phaseAt(phases: readonly PhaseSpec[], log: EventLog, t: Seconds): { phase: PhaseState; morph: MorphState; look: Look } {
  const anchor = anchorAt(phases, log, t);
  const p = phases[anchor.index] as PhaseSpec;
  const r = runningTime(log, t);
  const elapsed = Math.max(0, r - anchor.start);
  const from = lookBefore(phases, log, anchor, 0);
  const to = lookOf(p);
  const k = p.transition > 0 ? ease(morphSeconds(anchor, r) / p.transition) : 1;
  const next = phases[anchor.index + 1];
  return {
    phase: {
      index: anchor.index,
      id: p.id,
      label: p.label ?? p.id,
      start: anchor.at - anchor.offset,
      elapsed,
      duration: p.duration,
      progress: clamp(elapsed / p.duration, 0, 1),
      holding: elapsed >= p.duration,
      next: next ? next.id : null,
      harmony: p.harmony,
    },
    morph: { from, to, progress: k },
    look: blendLooks(from, to, k),
  };
}
