/**
 * Adaptive quality: lowers the pixel ratio and then the particle budget when frames take too long, and
 * raises them again when there is room, with hysteresis so that it does not oscillate. Pure: the caller
 * passes each frame's duration; nothing here reads a clock.
 *
 * Rules it relies on: a step down needs one slow window (the average over `windowSeconds` above
 * `slowFactor` x target); a step up needs `upWindows` fast windows in a row (below `fastFactor` x target);
 * after any change the next window is ignored, since it holds frames drawn at the old level.
 */

export interface QualityLevel {
  /** Multiplier of the device pixel ratio, 0..1. */
  readonly pixelRatio: number;
  /** Fraction of the display's particle budget, 0..1. */
  readonly budget: number;
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

export interface QualityOptions {
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
  /** Start at this level (index in LEVELS). Default 0. */
  readonly level?: number;
}

export interface QualityState {
  readonly level: number;
  readonly pixelRatio: number;
  readonly budget: number;
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
  private readonly target: number;
  private readonly window: number;
  private readonly slow: number;
  private readonly fast: number;
  private readonly up: number;

  constructor(options: QualityOptions = {}) {
    this.target = options.targetSeconds ?? 1 / 60;
    this.window = options.windowSeconds ?? 1;
    this.slow = options.slowFactor ?? 1.25;
    this.fast = options.fastFactor ?? 0.7;
    this.up = options.upWindows ?? 3;
    this.level = Math.min(LEVELS.length - 1, Math.max(0, options.level ?? 0));
  }

  /** Records one frame's duration (seconds). Returns true when the level changed. */
  frame(seconds: number): boolean {
    // A frame longer than a second is a stall (tab hidden, a GC, loading), not the scene's cost.
    if (!(seconds > 0) || seconds > 1) return false;
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
    if (average > this.target * this.slow && this.level < LEVELS.length - 1) {
      this.level++;
      this.fastWindows = 0;
      this.skipNext = true;
      return true;
    }
    if (average < this.target * this.fast && this.level > 0) {
      if (++this.fastWindows >= this.up) {
        this.level--;
        this.fastWindows = 0;
        this.skipNext = true;
        return true;
      }
      return false;
    }
    this.fastWindows = 0;
    return false;
  }

  get state(): QualityState {
    const l = LEVELS[this.level] as QualityLevel;
    return { level: this.level, pixelRatio: l.pixelRatio, budget: l.budget, averageSeconds: this.average };
  }
}

/** The particles a display may draw: the installation's total, capped by the display's particleBudget,
 * times the adaptive fraction. */
export function particleBudget(total: number, displayCap: number | undefined, fraction: number): number {
  const cap = displayCap === undefined ? total : Math.min(total, displayCap);
  return Math.max(0, Math.floor(cap * fraction));
}
