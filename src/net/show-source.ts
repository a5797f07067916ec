import { EventLog } from '../core/event-log.ts';
import type { ShowEvent } from '../core/events.ts';
import type { Installation } from '../core/installation.ts';
import type { Transport } from '../core/transport.ts';
import type { Seconds } from '../core/units.ts';

/**
 * Where a screen gets its show from: the installation, the log and the shared clock. The scene and the
 * sound read a ShowSource every frame and never change it. Implementations: `frozenSource` (a fixed t, for
 * previews, posters, tests), `localSource` (a local clock, before or without a server), and the live
 * socket.io source (src/net), which keeps the log in step with the server and the clock in sync with it.
 */
export interface ShowSource {
  /** The installation to start from (a live edit also arrives as an `installation` event in the log). */
  installation(): Installation;
  log(): EventLog;
  /** Now on the shared clock, seconds. */
  now(): Seconds;
  /** Called when the installation or the log changes. Returns its cleanup. */
  subscribe(listener: () => void): () => void;
  /** True when t does not advance (a frozen display: adaptive quality off). */
  readonly frozen: boolean;
  /** How fast t runs against real time: 1 in a live show, a replay's speed, 0 while a replay is paused (the
   * screen then shows one still: adaptive quality goes back to full and holds; sound plays only at 1).
   * Default 1. */
  rate?(): number;
  /** A live source passes what the page says about itself (frame rate, sound on, particles drawn) on to the
   * operator console; other sources have nowhere to send it. Values merge with the ones given before. */
  setStats?(stats: PageStats): void;
}

export interface PageStats {
  readonly fps?: number;
  readonly soundOn?: boolean;
  /** Why the sound stopped on this page (an exception in its path), for the operator. */
  readonly soundError?: string;
  /** The page should play sound but its browser blocks it until a gesture. */
  readonly soundBlocked?: boolean;
  /** Why the page cannot draw the show, for the operator (shown on the page too); undefined clears it. */
  readonly displayError?: string | undefined;
  readonly particles?: number;
  /** The page's own reloads (watchdog.ts) in this tab, and the last one's reason. */
  readonly reloads?: number;
  readonly reloadReason?: string;
  /** Restarts of the page's browser by `meshwork kiosk`, and the last one's reason. */
  readonly kioskRestarts?: number;
  readonly kioskReason?: string;
}

/** What `GET /api/show` answers, and what a socket client receives on joining: the installation, the public
 * log (viewers never see the moderation queue) and the server's clock at the time of the answer. */
export interface ShowSnapshot {
  readonly installation: Installation;
  readonly events: readonly ShowEvent[];
  /** The shared clock when the snapshot was taken (seconds). */
  readonly serverTime: Seconds;
  /** True when the server plays the show live (socket.io: clock sync, new events). A static server (the
   * render command, `vite` in development) leaves it out: the screen then runs a local clock. */
  readonly live?: boolean;
  /** A replay server (`meshwork replay`): the transport when the snapshot was taken (Welcome.transport). */
  readonly transport?: Transport;
}

export function frozenSource(installation: Installation, events: readonly ShowEvent[], t: Seconds): ShowSource {
  const log = EventLog.from(events);
  return { installation: () => installation, log: () => log, now: () => t, subscribe: () => () => {}, frozen: true };
}

/** A frozen source whose t can be stepped (a film: every frame drawn at its exact t, in one page). */
export interface SteppedSource extends ShowSource {
  /** Freezes the show at t; listeners hear of it. */
  step(t: Seconds): void;
}

export function steppedSource(installation: Installation, events: readonly ShowEvent[], t: Seconds): SteppedSource {
  const log = EventLog.from(events);
  const listeners = new Set<() => void>();
  let now = t;
  return {
    installation: () => installation,
    log: () => log,
    now: () => now,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    frozen: true,
    step(next) {
      now = next;
      for (const l of [...listeners]) l();
    },
  };
}

/** A local clock that starts at `startT` now. `clockMs` is the browser's monotonic clock (performance.now). */
export function localSource(installation: Installation, events: readonly ShowEvent[], startT: Seconds, clockMs: () => number): ShowSource {
  const log = EventLog.from(events);
  const origin = clockMs();
  return {
    installation: () => installation,
    log: () => log,
    now: () => startT + (clockMs() - origin) / 1000,
    subscribe: () => () => {},
    frozen: false,
  };
}
