import type { Seconds } from '../src/core/units.ts';

/**
 * What `meshwork kiosk` decides from what it hears of the page, kept apart from processes and timers so that
 * its rules can be tested with generated probe sequences.
 *
 * Every `probeSeconds` the kiosk asks the page for `window.__meshwork` (src/app/display/test-hook.ts): the
 * frames it has drawn (0 until its first complete frame, `ready`) and the error it shows, if any. The rules:
 * - a probe whose frame count differs from the last one is progress (fewer frames: the page reloaded
 *   itself, e.g. its own watchdog; it gets the start grace again);
 * - a page that shows an error (server unreachable, a wall that does not exist) is not stalled: it says
 *   why on the wall and to the console, and retries by itself, which a new browser would not do better;
 * - no progress for `stallSeconds` once the page has drawn, or for `startSeconds` before its first frame
 *   (loading, compiling shaders), restarts the browser. A probe not answered (a hung renderer, a page
 *   that is not Meshwork's, Chromium's own error page) is no progress.
 */

export interface WatchOptions {
  /** Seconds without a new frame, once drawing, before the browser is restarted. Default 15. */
  readonly stallSeconds?: Seconds;
  /** Seconds the page has to draw its first frame after a start or a reload. Default 120. */
  readonly startSeconds?: Seconds;
}

export const WATCH_DEFAULTS = { stallSeconds: 15, startSeconds: 120 } as const satisfies Required<WatchOptions>;

/** What the page answered: `undefined` when it did not answer at all (or had no Meshwork hook). */
export interface PageProbe {
  readonly frames: number;
  readonly error?: string;
}

export type WatchEvent =
  { readonly type: 'drawing' } | { readonly type: 'page-error'; readonly error: string } | { readonly type: 'restart'; readonly reason: string };

export class DrawWatch {
  private readonly stall: Seconds;
  private readonly start: Seconds;
  private lastFrames: number | undefined;
  private progressAt: Seconds;
  private drawing = false;
  private shownError: string | undefined;

  /** `startedAt`: when the browser was started, seconds on the caller's clock. */
  constructor(startedAt: Seconds, options: WatchOptions = {}) {
    this.stall = options.stallSeconds ?? WATCH_DEFAULTS.stallSeconds;
    this.start = options.startSeconds ?? WATCH_DEFAULTS.startSeconds;
    this.progressAt = startedAt;
  }

  /** One probe at time `at` (same clock as `startedAt`). Returns what changed, if anything. */
  observe(at: Seconds, probe: PageProbe | undefined): WatchEvent | undefined {
    if (probe?.error !== undefined) {
      this.progressAt = at;
      this.lastFrames = probe.frames;
      if (probe.error === this.shownError) return undefined;
      this.shownError = probe.error;
      return { type: 'page-error', error: probe.error };
    }
    this.shownError = undefined;
    if (probe !== undefined && probe.frames !== this.lastFrames) {
      const reloaded = this.lastFrames !== undefined && probe.frames < this.lastFrames;
      this.lastFrames = probe.frames;
      this.progressAt = at;
      if (reloaded || probe.frames === 0) this.drawing = false;
      else if (!this.drawing) {
        this.drawing = true;
        return { type: 'drawing' };
      }
      return undefined;
    }
    const limit = this.drawing ? this.stall : this.start;
    if (at - this.progressAt < limit) return undefined;
    const reason = this.drawing
      ? probe === undefined
        ? `the page stopped answering for ${limit} s`
        : `the page drew no frame for ${limit} s`
      : probe === undefined
        ? `no Meshwork page answered within ${limit} s (is the address right, and the server running?)`
        : `the page drew no frame within ${limit} s of loading`;
    return { type: 'restart', reason };
  }
}

/** How long to wait before starting the browser again after it died: doubles while it keeps dying young. */
export interface KioskBackoff {
  readonly firstSeconds: Seconds;
  readonly maxSeconds: Seconds;
  /** A browser that ran this long resets the wait to firstSeconds. */
  readonly resetAfterSeconds: Seconds;
}

export const KIOSK_BACKOFF: KioskBackoff = { firstSeconds: 1, maxSeconds: 30, resetAfterSeconds: 60 };

/** The wait before the next start, given how many quick deaths came in a row (0 for the first). */
export function restartDelaySeconds(quickDeaths: number, backoff: KioskBackoff = KIOSK_BACKOFF): Seconds {
  return Math.min(backoff.maxSeconds, backoff.firstSeconds * 2 ** Math.max(0, Math.min(30, Math.floor(quickDeaths))));
}
