import { unhandled } from './never.ts';
import { clamp, type Seconds } from './units.ts';

/**
 * The transport of a replay: which show time every screen plays, kept by the server as a map from its own
 * clock (the shared clock the screens synchronise to, as in a live show) to the archive's show t:
 *
 *     t(serverNow) = clamp(t0 + (playing ? rate * (serverNow - at) : 0), from, to)
 *
 * Every change (play, pause, seek, speed) re-anchors the map at the server's now, so t is continuous across
 * a speed change and a pause stops it where it is. The server broadcasts the map; each screen reads t from
 * its synchronised clock through the same function, so all screens follow together (to within their clock
 * error, as in a live show) and a paused screen shows exactly the frame at `t0`.
 */
export interface Transport {
  readonly playing: boolean;
  /** Show seconds per second of the server's clock: 0.25 .. 4. */
  readonly rate: number;
  /** Show time at the anchor, seconds. */
  readonly t0: Seconds;
  /** The server's clock at the anchor, seconds. */
  readonly at: Seconds;
  /** The span of the archive: t stays within [from, to] (it stops at `to`). */
  readonly from: Seconds;
  readonly to: Seconds;
}

export const MIN_RATE = 0.25;
export const MAX_RATE = 4;

/** Show time at the server's clock `serverNow`. */
export function transportAt(tr: Transport, serverNow: Seconds): Seconds {
  const t = tr.playing ? tr.t0 + tr.rate * (serverNow - tr.at) : tr.t0;
  return clamp(t, tr.from, tr.to);
}

/** How fast show time runs now: the rate while playing short of the end, 0 while paused or at the end. */
export function runningRate(tr: Transport, serverNow: Seconds): number {
  return tr.playing && transportAt(tr, serverNow) < tr.to ? tr.rate : 0;
}

/** A change asked of the transport (the operator's console, the desktop page's bar). */
export type TransportAction =
  | { readonly action: 'play' }
  | { readonly action: 'pause' }
  | { readonly action: 'seek'; readonly t: Seconds }
  | { readonly action: 'speed'; readonly rate: number };

/** A replay's transport at its start: paused at `from`, at 1x. */
export function initialTransport(from: Seconds, to: Seconds, serverNow: Seconds): Transport {
  return { playing: false, rate: 1, t0: from, at: serverNow, from, to: Math.max(from, to) };
}

/** The transport after an action at the server's clock `serverNow`, or why it cannot be done. Playing at the
 * end starts again from the beginning (what a person pressing play there means). */
export function applyTransport(tr: Transport, change: TransportAction, serverNow: Seconds): Transport | { readonly error: string; readonly hint: string } {
  const here = transportAt(tr, serverNow);
  switch (change.action) {
    case 'play':
      return { ...tr, playing: true, t0: here >= tr.to ? tr.from : here, at: serverNow };
    case 'pause':
      return { ...tr, playing: false, t0: here, at: serverNow };
    case 'seek':
      if (!Number.isFinite(change.t)) return { error: 'seek needs a time in seconds', hint: `give t between ${tr.from} and ${tr.to}` };
      return { ...tr, t0: clamp(change.t, tr.from, tr.to), at: serverNow };
    case 'speed':
      if (!Number.isFinite(change.rate) || change.rate < MIN_RATE || change.rate > MAX_RATE) {
        return { error: `speed ${String(change.rate)} is out of range`, hint: `give a rate from ${MIN_RATE} to ${MAX_RATE} (1 is the show's own pace)` };
      }
      return { ...tr, rate: change.rate, t0: here, at: serverNow };
    default:
      return unhandled(change, { error: 'unknown transport action', hint: 'play, pause, seek or speed' });
  }
}
