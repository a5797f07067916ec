/**
 * What a test (or the render command) reads to know what the page has drawn: `window.__meshwork`. Written
 * by the page, never read by it.
 */
export interface MeshworkHook {
  /** True once the data, the font and the first scene frame are in and every story text is laid out. */
  ready: boolean;
  /** Frames rendered (window and XR). */
  frames: number;
  /** Frames rendered inside an immersive session. */
  xrFrames: number;
  /** Show time of the last frame, seconds. */
  t: number;
  /** Story texts still being laid out by troika. */
  pendingText: number;
  /** Adaptive quality: level index, pixel ratio multiplier, particle budget. */
  quality: { level: number; pixelRatio: number; budget: number };
  /** performance.now() at the Enter VR click and at the first XR frame, milliseconds. */
  enterVrAtMs?: number;
  firstXrFrameAtMs?: number;
  /** performance.now() when each loading step finished, milliseconds (what a slow start is made of). */
  loadedAtMs: Record<string, number>;
  /** The error shown to the viewer, if any. */
  error?: string;
}

declare global {
  interface Window {
    __meshwork?: MeshworkHook;
  }
}

export function testHook(): MeshworkHook {
  window.__meshwork ??= { ready: false, frames: 0, xrFrames: 0, t: 0, pendingText: 0, quality: { level: 0, pixelRatio: 1, budget: 0 }, loadedAtMs: {} };
  return window.__meshwork;
}
