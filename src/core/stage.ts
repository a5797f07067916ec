import { EventLog } from './event-log.ts';
import type { BlackoutBody, ShowEvent } from './events.ts';
import { clamp, type Seconds } from './units.ts';

/**
 * The operator's two stage controls, blackout and hold, as functions of the log and t (like showAt). Every
 * screen and the sound read them from the log, so a screen that joins during a blackout, one that
 * reconnects, and a replay of the archive agree with the screens that were there all along.
 *
 * Blackout: a level from 0 (the show as it is) to 1 (black and silent). A blackout event fades linearly
 * from the level at its t to its target (1 for `on`, 0 for `off`) over its `seconds`; an event during a
 * fade starts from where the fade stood, so the picture never jumps.
 *
 * Hold: from a hold `on` to the next `off` the show stands still. showAt gives the state of the hold's
 * first moment (the frame freezes), the score plays nothing, and phase timers stop: a phase counts running
 * seconds only (`runningTime`), so after the release an auto-advancing phase has the time it had left.
 * Hidings and the blackout still act during a hold: the operator can take a story out of a frozen room,
 * and black it out.
 *
 * Cost: the blackout reads the last few blackout events (bisection); holds keep a prefix sum of the seconds
 * held, so `heldBefore` is a bisection too. `realTimeAt` walks the holds (a handful per show).
 */

/** Chained fades followed back at most this far; further back, the earlier event is taken as settled. */
const MAX_FADE_CHAIN = 8;

/** The blackout level at t: 0 the show as it is .. 1 black and silent. */
export function blackoutAt(log: EventLog, t: Seconds): number {
  return levelAfter(log.blackouts, EventLog.lastAtOrBefore(log.blackouts, t), t, 0);
}

function levelAfter(list: readonly ShowEvent<BlackoutBody>[], i: number, t: Seconds, depth: number): number {
  const e = list[i];
  if (!e) return 0;
  const target = e.on ? 1 : 0;
  const k = e.seconds > 0 ? clamp((t - e.t) / e.seconds, 0, 1) : 1;
  if (k >= 1) return target;
  const from = depth >= MAX_FADE_CHAIN ? (list[i - 1]?.on ? 1 : 0) : levelAfter(list, i - 1, e.t, depth + 1);
  return from + (target - from) * k;
}

/** Is the blackout on at t (its last event says `on`, whether or not the fade is complete)? */
export function blackoutOn(log: EventLog, t: Seconds): boolean {
  return log.blackouts[EventLog.lastAtOrBefore(log.blackouts, t)]?.on ?? false;
}

/** When the hold in force at t began, or undefined when the show runs at t. */
export function holdStartAt(log: EventLog, t: Seconds): Seconds | undefined {
  const h = log.holds[EventLog.lastAtOrBefore(log.holds, t)];
  return h?.on ? h.t : undefined;
}

/** Per log: held[i] = seconds held before holds[i].t. The list only grows (the log is append-only). */
const prefixes = new WeakMap<EventLog, number[]>();
function heldPrefix(log: EventLog): readonly number[] {
  let p = prefixes.get(log);
  if (!p) {
    p = [];
    prefixes.set(log, p);
  }
  const list = log.holds;
  while (p.length < list.length) {
    const i = p.length;
    const prev = list[i - 1];
    const at = (list[i] as ShowEvent).t;
    p.push(prev === undefined ? 0 : (p[i - 1] as number) + (prev.on ? at - prev.t : 0));
  }
  return p;
}

/** Seconds the show stood still (held) in [0, t]. */
export function heldBefore(log: EventLog, t: Seconds): Seconds {
  const i = EventLog.lastAtOrBefore(log.holds, t);
  const h = log.holds[i];
  if (!h) return 0;
  return (heldPrefix(log)[i] as number) + (h.on ? t - h.t : 0);
}

/** The show's running time at t: t less the seconds held before it. Equal to t in a show without holds. */
export function runningTime(log: EventLog, t: Seconds): Seconds {
  return log.holds.length === 0 ? t : t - heldBefore(log, t);
}

/** The first moment the running time reaches `r` (the inverse of runningTime, which stands still during a
 * hold: the earliest such moment). Infinity when a hold that never ends comes first. */
export function realTimeAt(log: EventLog, r: Seconds): Seconds {
  const list = log.holds;
  if (list.length === 0) return r;
  const held = heldPrefix(log);
  for (let i = 0; i < list.length; i += 2) {
    const on = list[i] as ShowEvent;
    const before = held[i] as number;
    if (on.t - before >= r) return r + before;
    if (list[i + 1] === undefined) return Infinity;
  }
  return r + heldBefore(log, log.holds.at(-1)?.t ?? 0);
}
