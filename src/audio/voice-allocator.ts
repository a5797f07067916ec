import type { Seconds } from '../core/units.ts';

/**
 * The smallest step between two starts on one synth (seconds). Tone.js refuses a start that is not after the
 * synth's previous one by more than its equality tolerance (1e-6 s: "Start time must be strictly greater than
 * previous start time"), and a source's state timeline refuses an event before its last one. 0.1 ms is a
 * hundred times that tolerance, a few samples, and far below what an ear separates.
 */
export const MIN_START_GAP: Seconds = 1e-4;

/** Where a note goes: which synth of the pool, and the context time it really starts at. */
export interface Allocation {
  readonly member: number;
  readonly start: Seconds;
}

/**
 * Which synth of a pool plays each note, and when, such that the starts on every synth are strictly
 * increasing by construction, whatever order the notes come in. Every trigger of an InstrumentPool goes
 * through `take`, the one place the rule lives:
 *
 *   start = max(requested, now + MIN_START_GAP, lastStart(member) + MIN_START_GAP)
 *
 * Why each term: notes may arrive out of time order (a refresh schedules a late story's notes before notes
 * already scheduled; the clock map re-anchors after a resync), several may be due at one instant (a chord, or
 * notes of a late tick clamped to now), and Tone clamps a start in the past to the context's current time by
 * itself. `now` must be read from the same clock Tone clamps to (the context's currentTime) at the moment of
 * the trigger: that clock only moves forward, so Tone's own clamp of the previous note on a synth is at most
 * this `now`, and the next start is strictly after it.
 *
 * The synth chosen is, among those whose last start leaves room for the note at its requested time, the one
 * that frees up soonest (its last note and release over, or nearest to it); when none leaves room (a burst of
 * notes earlier than every synth's last start), the one whose last start is earliest, so the note is moved
 * as little as possible.
 */
export class VoiceAllocator {
  private readonly lastStart: Float64Array;
  private readonly busyUntil: Float64Array;

  constructor(
    /** Synths in the pool (at least 1). */
    readonly size: number,
    /** How long a note rings after its duration (seconds). */
    private readonly release: Seconds,
  ) {
    const n = Math.max(1, Math.floor(size));
    this.lastStart = new Float64Array(n).fill(-Infinity);
    this.busyUntil = new Float64Array(n).fill(-Infinity);
  }

  /** Takes a synth for a note wanted at context time `time` lasting `duration`, with the context's clock at
   * `now`. Non-finite times are refused (Tone would throw on them further down, less clearly). */
  take(time: Seconds, duration: Seconds, now: Seconds): Allocation {
    if (!Number.isFinite(time) || !Number.isFinite(now) || !Number.isFinite(duration)) {
      throw new Error(`a note needs finite times (time ${time}, duration ${duration}, now ${now})`);
    }
    const n = this.lastStart.length;
    let best = -1;
    for (let i = 0; i < n; i++) {
      if ((this.lastStart[i] as number) + MIN_START_GAP > time) continue;
      if (best < 0 || (this.busyUntil[i] as number) < (this.busyUntil[best] as number)) best = i;
    }
    if (best < 0) {
      best = 0;
      for (let i = 1; i < n; i++) if ((this.lastStart[i] as number) < (this.lastStart[best] as number)) best = i;
    }
    const start = Math.max(time, now + MIN_START_GAP, (this.lastStart[best] as number) + MIN_START_GAP);
    this.lastStart[best] = start;
    this.busyUntil[best] = start + Math.max(0, duration) + this.release;
    return { member: best, start };
  }
}
