import type { Seconds } from '../../core/units.ts';

/**
 * A wall has no one to press reload. Two watchdogs keep it drawing, each a plain function returning its
 * cleanup (the page wires them):
 * - `watchContext`: the GPU dropped the WebGL context (driver reset, sleep, too many contexts). When the
 *   browser gives it back, the caller rebuilds its canvas, which draws at the show's current t like any new
 *   one (the show is a function of t: nothing is lost with the old context). If it is not given back within
 *   RESTORE_SECONDS, the page reloads.
 * - `watchFrames`: the page's frame loop stopped (an exception that broke it, a loop left stopped) while the
 *   browser still offers frames: no new frame for STALL_SECONDS once the page has drawn, while it is
 *   visible, reloads the page.
 * What a browser hung as a whole cannot do for itself, `meshwork kiosk` does from outside (server/kiosk.ts).
 */

/** Seconds a lost context may take to come back before the page reloads. */
export const RESTORE_SECONDS: Seconds = 5;
/** Seconds without a frame, on a page that has drawn and is visible, before it reloads. */
export const STALL_SECONDS: Seconds = 8;

const RELOADS_KEY = 'meshwork.watchdog.reloads';

export interface WatchdogRecord {
  /** Reloads the watchdogs made in this tab (kept across them in sessionStorage). */
  reloads: number;
  /** Why the last one reloaded. */
  lastReload?: string;
  contextLosses: number;
  contextRestores: number;
  /** True from a loss until its restore. */
  contextLost: boolean;
}

/** The reloads this tab has had, read once at the start of a page. */
export function readReloads(storage: Pick<Storage, 'getItem'> | undefined = safeSession()): { reloads: number; lastReload?: string } {
  try {
    const kept = JSON.parse(storage?.getItem(RELOADS_KEY) ?? 'null') as { reloads?: unknown; lastReload?: unknown } | null;
    if (kept && typeof kept.reloads === 'number' && typeof kept.lastReload === 'string') return { reloads: kept.reloads, lastReload: kept.lastReload };
  } catch {
    // A damaged entry counts as none.
  }
  return { reloads: 0 };
}

/** Reloads the page, noting why (the next page reports it in its hook). */
export function reloadPage(reason: string, record: WatchdogRecord): void {
  try {
    safeSession()?.setItem(RELOADS_KEY, JSON.stringify({ reloads: record.reloads + 1, lastReload: reason }));
  } catch {
    // Without sessionStorage the reload still happens; only its count is lost.
  }
  console.warn(`meshwork: reloading: ${reason}`);
  location.reload();
}

export interface ContextWatchOptions {
  readonly record: WatchdogRecord;
  /** The context is back: rebuild the canvas. */
  readonly onRestored: () => void;
  /** The context did not come back in time. Default: reloadPage. */
  readonly onGiveUp?: (reason: string) => void;
  /** Default RESTORE_SECONDS. */
  readonly restoreSeconds?: Seconds;
}

export function watchContext(canvas: HTMLCanvasElement, options: ContextWatchOptions): () => void {
  const { record } = options;
  const giveUp = options.onGiveUp ?? ((reason: string) => reloadPage(reason, record));
  const wait = options.restoreSeconds ?? RESTORE_SECONDS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onLost = (event: Event) => {
    // Without preventDefault the browser never restores the context.
    event.preventDefault();
    record.contextLosses++;
    record.contextLost = true;
    clearTimeout(timer);
    timer = setTimeout(() => giveUp(`the WebGL context was lost and not restored within ${wait} s`), wait * 1000);
  };
  const onRestored = () => {
    clearTimeout(timer);
    record.contextRestores++;
    record.contextLost = false;
    options.onRestored();
  };
  canvas.addEventListener('webglcontextlost', onLost);
  canvas.addEventListener('webglcontextrestored', onRestored);
  return () => {
    clearTimeout(timer);
    canvas.removeEventListener('webglcontextlost', onLost);
    canvas.removeEventListener('webglcontextrestored', onRestored);
  };
}

export interface FrameWatchOptions {
  /** Frames drawn so far; 0 while the page has not drawn (loading is not a stall). */
  readonly frames: () => number;
  /** True while no frames are expected: the page hidden, an immersive session (it has its own loop and a
   * person in it), a lost context (watchContext's case). */
  readonly paused: () => boolean;
  readonly onStall: (reason: string) => void;
  /** Default STALL_SECONDS. */
  readonly stallSeconds?: Seconds;
  /** The page's monotonic clock, ms. Default performance.now. */
  readonly clockMs?: () => number;
  /** The browser's animation frame, taken once at the start (the page's own loop may lose it later).
   * Default window.requestAnimationFrame. */
  readonly requestFrame?: (callback: () => void) => number;
  readonly cancelFrame?: (handle: number) => void;
}

/** Animation frames the browser must have offered, with none drawn, before it counts as a stall. */
const OFFERED_FRAMES = 3;

/**
 * A stall is the page's loop not drawing while the browser offers it frames: the watchdog keeps its own
 * animation-frame callback and counts what the browser gives it. Slow frames are not a stall (an
 * overloaded machine, a software GPU): then the browser offers no frames either, and the page's loop draws
 * each one it gets. A browser that offers none at all for long (a wedged GPU) is Chromium's GPU watchdog's
 * case (a lost context, watchContext) and the kiosk's (server/kiosk.ts).
 */
export function watchFrames(options: FrameWatchOptions): () => void {
  const stall = options.stallSeconds ?? STALL_SECONDS;
  const clockMs = options.clockMs ?? (() => performance.now());
  const requestFrame = options.requestFrame ?? window.requestAnimationFrame.bind(window);
  const cancelFrame = options.cancelFrame ?? window.cancelAnimationFrame.bind(window);
  let offered = 0;
  let handle = 0;
  let last = options.frames();
  let changedAtMs = clockMs();
  let offeredThen = 0;
  let fired = false;
  // A new frame resets the count, seen at the next offered frame (or check, without any).
  const seen = () => {
    const frames = options.frames();
    if (frames !== last || frames === 0 || options.paused()) {
      last = frames;
      changedAtMs = clockMs();
      offeredThen = offered;
    }
  };
  const tick = () => {
    offered++;
    seen();
    handle = requestFrame(tick);
  };
  handle = requestFrame(tick);
  const check = () => {
    seen();
    const missed = offered - offeredThen;
    if (!fired && clockMs() - changedAtMs >= stall * 1000 && missed >= OFFERED_FRAMES) {
      fired = true;
      options.onStall(`no frame drawn for ${stall} s while the browser offered ${missed}`);
    }
  };
  // Four checks per stall period: a stall is caught within 1.25 x stallSeconds.
  const interval = setInterval(check, (stall * 1000) / 4);
  return () => {
    clearInterval(interval);
    cancelFrame(handle);
  };
}

function safeSession(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}
