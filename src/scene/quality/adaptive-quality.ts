/**
 * Adaptive quality: lowers the pixel ratio and then the particle budget when frames take too long, and
 * raises them again when there is room, with hysteresis so that it does not oscillate. Pure: the caller
 * passes each frame's duration; nothing here reads a clock.
 *
 * Rules it relies on: a step down needs one slow window (the average over `windowSeconds` above
 * `slowFactor` x target); a step up needs `upWindows` fast windows in a row (below `fastFactor` x target);
 * after any change the next window is ignored, since it holds frames drawn at the old level; a step up
 * whose first measured window is slow is undone at once and doubles the fast windows the next step up
 * needs (up to MAX_UP_WINDOWS), so a display at the edge of a level settles below it instead of trying
 * every few seconds.
 *
 * In a headset (XR_QUALITY) frames come at the display's refresh rate or a whole fraction of it, never
 * faster: the interval between XR frames tells a missed frame, not spare time. So there the target is the
 * session's frame rate, a window is slow a little above it, "fast" means no frame missed, and the levels
 * keep the resolution (the XR framebuffer is fixed for the session) and trade peripheral detail (fixed
 * foveation, where the browser offers it) before particles.
 */

export interface QualityLevel {
  /** Multiplier of the device pixel ratio, 0..1. */
  readonly pixelRatio: number;
  /** Fraction of the display's particle budget, 0..1. */
  readonly budget: number;
  /** Fixed foveation of a headset's layer, 0 (none) .. 1 (most); left alone when undefined. */
  readonly foveation?: number;
}

/** From best to cheapest: resolution goes first (cheap to lose on a dense display), then particles. */
export const LEVELS: readonly QualityLevel[] = [
  { pixelRatio: 1, budget: 1 },
  { pixelRatio: 0.85, budget: 1 },
  { pixelRatio: 0.7, budget: 1 },
  { pixelRatio: 0.7, budget: 0.7 },
  { pixelRatio: 0.6, budget: 0.5 },
  { pixelRatio: 0.5, budget: 0.35 },
  { pixelRatio: 0.5, budget: 0.25 },
];

/** A headset's levels: the framebuffer stays, foveation goes up first, then particles go. */
export const XR_LEVELS: readonly QualityLevel[] = [
  { pixelRatio: 1, budget: 1, foveation: 0.5 },
  { pixelRatio: 1, budget: 1, foveation: 1 },
  { pixelRatio: 1, budget: 0.75, foveation: 1 },
  { pixelRatio: 1, budget: 0.55, foveation: 1 },
  { pixelRatio: 1, budget: 0.4, foveation: 1 },
  { pixelRatio: 1, budget: 0.3, foveation: 1 },
  { pixelRatio: 1, budget: 0.2, foveation: 1 },
];

/** The headset's governor, for a session at `frameRate` Hz: slow when 10% of the frames are late (a missed
 * frame at 72 Hz takes twice the interval), fast when next to none is. */
export function xrQualityOptions(frameRate: number): QualityOptions {
  return { levels: XR_LEVELS, targetSeconds: 1 / frameRate, slowFactor: 1.1, fastFactor: 1.03, upWindows: 5 };
}

/** The most fast windows a step up may come to need after failed tries. */
export const MAX_UP_WINDOWS = 64;

export interface QualityOptions {
  /** From best to cheapest. Default LEVELS. */
  readonly levels?: readonly QualityLevel[];
  /** Frame time aimed at, seconds. Default 1/60. */
  readonly targetSeconds?: number;
  /** Length of a measuring window, seconds. Default 1. */
  readonly windowSeconds?: number;
  /** Default 1.25. */
  readonly slowFactor?: number;
  /** Default 0.7. */
  readonly fastFactor?: number;
  /** Default 3. */
  readonly upWindows?: number;
  /** Start at this level (index in `levels`). Default 0. */
  readonly level?: number;
  /** The first frames, not counted: a canvas's first frames compile programs, upload buffers and lay out
   * the first texts, so they measure the loading, not the scene. Default 0. */
  readonly warmupFrames?: number;
}

export interface QualityState {
  readonly level: number;
  readonly pixelRatio: number;
  readonly budget: number;
  readonly foveation?: number;
  /** The frame time aimed at, seconds. */
  readonly targetSeconds: number;
  /** Average frame time of the last full window, seconds (0 before the first). */
  readonly averageSeconds: number;
}

export class AdaptiveQuality {
  private level: number;
  private sum = 0;
  private frames = 0;
  private fastWindows = 0;
  private skipNext = false;
  private average = 0;
  private upNeeded: number;
  private probation = false;
  private readonly levels: readonly QualityLevel[];
  private readonly target: number;
  private readonly window: number;
  /** The last frame was over a second (see frame()). */
  private lastLong = false;
  private readonly slow: number;
  private readonly fast: number;
  private readonly up: number;
  private warmup: number;

  constructor(options: QualityOptions = {}) {
    this.target = options.targetSeconds ?? 1 / 60;
    this.window = options.windowSeconds ?? 1;
    this.slow = options.slowFactor ?? 1.25;
    this.fast = options.fastFactor ?? 0.7;
    this.up = options.upWindows ?? 3;
    this.upNeeded = this.up;
    this.levels = options.levels && options.levels.length > 0 ? options.levels : LEVELS;
    this.level = Math.min(this.levels.length - 1, Math.max(0, options.level ?? 0));
    this.warmup = Math.max(0, options.warmupFrames ?? 0);
  }

  /** Records one frame's duration (seconds). Returns true when the level changed. */
  frame(seconds: number): boolean {
    // A frame longer than a second on its own is a stall (tab hidden, a GC, loading), not the scene's cost;
    // the second in a row is: a display that slow (a headset's emulation on a loaded machine, a weak GPU)
    // must step down, not be ignored. It counts as one whole window.
    if (!(seconds > 0)) return false;
    if (this.warmup > 0) {
      this.warmup--;
      return false;
    }
    const long = seconds > 1;
    const stall = long && !this.lastLong;
    this.lastLong = long;
    if (stall) return false;
    if (long) seconds = Math.max(this.window, this.target * this.slow * 2);
    this.sum += seconds;
    this.frames++;
    if (this.sum < this.window) return false;
    const average = this.sum / this.frames;
    this.sum = 0;
    this.frames = 0;
    this.average = average;
    if (this.skipNext) {
      this.skipNext = false;
      return false;
    }
    const tried = this.probation;
    this.probation = false;
    if (average > this.target * this.slow && this.level < this.levels.length - 1) {
      if (tried) this.upNeeded = Math.min(MAX_UP_WINDOWS, this.upNeeded * 2);
      this.level++;
      this.fastWindows = 0;
      this.skipNext = true;
      return true;
    }
    if (average < this.target * this.fast && this.level > 0) {
      if (++this.fastWindows >= this.upNeeded) {
        this.level--;
        this.fastWindows = 0;
        this.skipNext = true;
        this.probation = true;
        return true;
      }
      return false;
    }
    this.fastWindows = 0;
    return false;
  }

  get state(): QualityState {
    const l = this.levels[this.level] as QualityLevel;
    return {
      level: this.level,
      pixelRatio: l.pixelRatio,
      budget: l.budget,
      ...(l.foveation !== undefined ? { foveation: l.foveation } : {}),
      targetSeconds: this.target,
      averageSeconds: this.average,
    };
  }
}

/** The particles a display may draw: the installation's total, capped by the display's particleBudget,
 * times the adaptive fraction. */
export function particleBudget(total: number, displayCap: number | undefined, fraction: number): number {
  const cap = displayCap === undefined ? total : Math.min(total, displayCap);
  return Math.max(0, Math.floor(cap * fraction));
}
