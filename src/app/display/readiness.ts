/** Frames drawn with the fonts before their texts count as laid out: the story texts mount with the fonts
 * and start their layouts in the frames after, so "nothing pending" means "all laid out" only then. */
export const READY_FRAMES = 3;

/**
 * Fraction of the particles drawn while the page loads, under its loading screen. The first frames of a
 * canvas build the GPU's pipelines and lay out the story texts; on a software GPU every frame costs its
 * particles' work on the CPU (a killed wall opened again beside another one: 3.2 s for a full frame, 0.3 s
 * for one at this detail, at load 35, `npm run bench -- wall`), so drawing all of them before the texts are
 * in only delays the complete frame. Above 0: each particle program is drawn, which builds its pipeline
 * before the full frame.
 */
export const LOADING_DETAIL = 0.1;

/** What the page knows at the start of a frame (the texts report in their frame callbacks, after it). */
export interface FrameStart {
  /** The story fonts are in (the texts are mounted). */
  readonly fontIn: boolean;
  /** Story texts still being laid out. */
  readonly pendingText: number;
}

/**
 * When a page is ready, and at what detail it draws until then. Rules it relies on:
 * - The texts are settled at a frame when READY_FRAMES frames (that one included) began with the fonts in
 *   and no text is pending.
 * - A frame computed while the texts are settled is drawn at full detail, and so is every frame once ready;
 *   the frames before draw LOADING_DETAIL of the particles.
 * - Ready at the start of a frame whose texts are settled and whose previous frame was drawn at full detail:
 *   a frame begins once the one before it has been drawn, so the page has shown a complete frame.
 * Pure: the page calls `detail` for a frame's budget, then `frame` once as that frame begins.
 */
export class Readiness {
  private withFont = 0;
  private lastFull = false;
  private isReady = false;

  get ready(): boolean {
    return this.isReady;
  }

  /** The detail of the frame about to begin with `at`: 1 or LOADING_DETAIL. */
  detail(at: FrameStart): number {
    return this.isReady || this.settled(this.withFont + (at.fontIn ? 1 : 0), at) ? 1 : LOADING_DETAIL;
  }

  /** A frame begins (its budget computed with `detail(at)` just before): true at the one the page is ready. */
  frame(at: FrameStart): boolean {
    const full = this.detail(at) === 1;
    if (at.fontIn) this.withFont++;
    const becomesReady = !this.isReady && this.lastFull && this.settled(this.withFont, at);
    if (becomesReady) this.isReady = true;
    this.lastFull = full;
    return becomesReady;
  }

  private settled(withFont: number, at: FrameStart): boolean {
    return withFont >= READY_FRAMES && at.pendingText === 0;
  }
}
