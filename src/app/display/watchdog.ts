import type { Seconds } from '../../core/units.ts';

/**
 * A wall has no one to press reload. Two watchdogs keep it drawing, each a plain function returning its
 * cleanup (the page wires them):
 * - `watchContext`: the GPU dropped the WebGL context (driver reset, sleep, too many contexts). When the
 *   browser gives it back, the caller rebuilds its canvas, which draws at the show's current t like any new
 *   one (the show is a function of t: nothing is lost with the old context). If it is not given back within
 *   RESTORE_SECONDS, the page reloads.
 * - `watchFrames`: the frame loop stopped (an exception in a frame, a wedged driver) while timers still run:
 *   no new frame for STALL_SECONDS once the page has drawn, while it is visible, reloads the page.
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
}

export function watchFrames(options: FrameWatchOptions): () => void {
  const stall = options.stallSeconds ?? STALL_SECONDS;
  const clockMs = options.clockMs ?? (() => performance.now());
  let last = options.frames();
  let changedAtMs = clockMs();
  let fired = false;
  const check = () => {
    const now = clockMs();
    const frames = options.frames();
    if (frames !== last || frames === 0 || options.paused()) {
      last = frames;
      changedAtMs = now;
      return;
    }
    if (!fired && now - changedAtMs >= stall * 1000) {
      fired = true;
      options.onStall(`no frame drawn for ${stall} s`);
    }
  };
  // Four checks per stall period: a stall is caught within 1.25 x stallSeconds.
  const interval = setInterval(check, (stall * 1000) / 4);
  return () => clearInterval(interval);
}

function safeSession(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}
