import type { PageStats, ShowSource } from '../../net/show-source.ts';
import type { HeadsetRate } from '../../scene/quality/xr-rate.ts';
import type { ScreenBox } from '../../scene/Stories.tsx';
import { readReloads, type WatchdogRecord } from './watchdog.ts';

/**
 * What a test (or the render command) reads to know what the page has drawn: `window.__meshwork`. Written
 * by the page, never read by it.
 */
export interface MeshworkHook {
  /** True once the data and the font are in, every story text is laid out and a frame with all the particles
   * has been drawn (the frames before draw a fraction of them under the loading screen: readiness.ts). */
  ready: boolean;
  /** Frames rendered (window and XR). */
  frames: number;
  /** Frames rendered inside an immersive session. */
  xrFrames: number;
  /** Show time of the last frame, seconds (during a hold: the held moment). */
  t: number;
  /** The last frame's phase id, blackout level (0..1) and hold (src/core/stage.ts). */
  phase?: string;
  blackout?: number;
  held?: boolean;
  /** Date.now() when the last frame was computed, ms: two pages on one machine compare `t - frameAtEpochMs
   * / 1000` to know whether they draw the same show time at the same moment. */
  frameAtEpochMs: number;
  /** What the watchdogs did (watchdog.ts): reloads of this tab, lost and restored WebGL contexts. */
  watchdog: WatchdogRecord;
  /** Story texts still being laid out (waiting for their fonts). */
  pendingText: number;
  /** Where the story, caption and legend cards are on this screen in the last frame: fractions of it, y down
   * from the top (a legend's swatches and bars too). */
  textBoxes?: readonly ScreenBox[];
  /** Adaptive quality: level index, pixel ratio multiplier, particle budget; `xr` while its headset
   * governor runs. */
  quality: { level: number; pixelRatio: number; budget: number; xr?: boolean };
  /** The headset's frame rate (asked for and granted) and foveation, once a session started. */
  xr?: Partial<HeadsetRate>;
  /** performance.now() at the Enter VR click and at the first XR frame, milliseconds. */
  enterVrAtMs?: number;
  firstXrFrameAtMs?: number;
  /** performance.now() when each loading step finished, milliseconds (what a slow start is made of); `detail`:
   * the first frame drawn with all the particles. */
  loadedAtMs: Record<string, number>;
  /** The error shown to the viewer, if any. */
  error?: string;
  /** What the page reported about itself (frame rate, sound on or blocked, ...), merged as it came: the
   * operator receives the same through a live source. */
  stats: PageStats;
  /** `meshwork kiosk` tells the page, at each probe, how often it restarted the page's browser (and why the
   * last time): the page reports it to the console (PageStats.kioskRestarts). */
  noteKiosk?: (restarts: number, reason?: string) => void;
  /** A film page (`?t=&film`): freezes the show at t; the frame is drawn when `t` reads it and text is laid out. */
  step?: (t: number) => void;
  /** A film page (FilmCapture.tsx): draws t on demand and reads the frame back: RGBA, rows top first, base64. */
  capture?: (t: number) => Promise<{ width: number; height: number; rgba: string }>;
  /** A film page: renders the sound of [from, from + seconds) offline, kept in the page for `audioChunk`;
   * resolves with the number of sample frames. */
  renderAudio?: (from: number, seconds: number, sampleRate: number) => Promise<number>;
  /** A film page: 16-bit little-endian stereo PCM of sample frames [start, start + count), base64. */
  audioChunk?: (start: number, count: number) => string;
}

declare global {
  interface Window {
    __meshwork?: MeshworkHook;
  }
}

export function testHook(): MeshworkHook {
  window.__meshwork ??= {
    ready: false,
    frames: 0,
    xrFrames: 0,
    t: 0,
    frameAtEpochMs: 0,
    watchdog: { ...readReloads(), contextLosses: 0, contextRestores: 0, contextLost: false },
    pendingText: 0,
    quality: { level: 0, pixelRatio: 1, budget: 0 },
    loadedAtMs: {},
    stats: {},
  };
  return window.__meshwork;
}

/** The source as the page's views use it: what they report (setStats) is kept in the hook as well as sent
 * on (to the operator, for a live source). */
export function reportingTo(hook: MeshworkHook, source: ShowSource): ShowSource {
  return {
    installation: () => source.installation(),
    log: () => source.log(),
    now: () => source.now(),
    subscribe: (listener) => source.subscribe(listener),
    frozen: source.frozen,
    rate: () => source.rate?.() ?? 1,
    setStats(stats) {
      hook.stats = { ...hook.stats, ...stats };
      source.setStats?.(stats);
    },
  };
}
