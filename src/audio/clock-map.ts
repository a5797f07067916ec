import type { Seconds } from '../core/units.ts';

/**
 * Maps a time on the shared show clock to the AudioContext's clock, so a note the score puts at shared time t
 * reaches the ears at t on every device.
 *
 * The show clock runs at `rate` show seconds per context second: 1 in a live show, the replay's speed
 * (0.25x to 4x) in a replay, where the score is heard at the replay's t, i.e. the music at that speed. Each
 * reading of the pair is noisy (the audio clock advances in 128-frame quanta, the main thread reads it late
 * by a varying amount), so the map keeps one offset and slews it gently toward each new reading instead of
 * jumping, so notes of consecutive windows keep their spacing; a large disagreement (the show clock was
 * resynchronised or seeked, the device slept, the context was suspended) or a new rate re-anchors it at once.
 *
 * Latency compensation: a sample scheduled at context time c leaves the speakers at about
 * c + baseLatency + outputLatency, so notes are scheduled that much earlier.
 */
export class ClockMap {
  /** shared - rate * context, seconds; NaN until the first observation. */
  private offset = Number.NaN;
  private speed = 1;

  constructor(
    /** How much of each reading's error is taken in (0..1). Default 0.1: jitter averages out over ~1 s of ticks. */
    private readonly slew = 0.1,
    /** A disagreement beyond this, in context seconds, re-anchors the map at once. Default 0.05. */
    private readonly resync: Seconds = 0.05,
  ) {}

  /**
   * Takes in one reading of both clocks, made as close together as possible, and the rate the show clock
   * runs at (show seconds per context second, above 0; default 1). Returns true if it re-anchored.
   */
  observe(sharedNow: Seconds, contextNow: Seconds, rate = 1): boolean {
    const reading = sharedNow - rate * contextNow;
    // Compared in context seconds: at 4x a quantum of jitter is four times as many show seconds.
    const error = (reading - this.offset) / rate;
    if (!Number.isFinite(error) || rate !== this.speed || Math.abs(error) > this.resync) {
      this.offset = reading;
      this.speed = rate;
      return true;
    }
    this.offset += error * rate * this.slew;
    return false;
  }

  get ready(): boolean {
    return Number.isFinite(this.offset);
  }

  /** Show seconds per context second, as last observed. */
  get rate(): number {
    return this.speed;
  }

  /** Context time at which to schedule something meant to be heard at shared time t. */
  toContext(t: Seconds, latency: Seconds = 0): Seconds {
    return (t - this.offset) / this.speed - latency;
  }

  /** Shared time heard when the context time is c (inverse of toContext). */
  toShared(c: Seconds, latency: Seconds = 0): Seconds {
    return (c + latency) * this.speed + this.offset;
  }
}

/** What the device adds between scheduling and hearing: the context's processing latency plus the output's
 * (0 where a browser does not report it). */
export function outputLatency(context: { readonly baseLatency?: number; readonly outputLatency?: number }): Seconds {
  const base = Number.isFinite(context.baseLatency) ? (context.baseLatency as number) : 0;
  const out = Number.isFinite(context.outputLatency) ? (context.outputLatency as number) : 0;
  return Math.max(0, base) + Math.max(0, out);
}
