import type { ShowEvent } from '../src/core/events.ts';
import { changesQueue, heldStories } from '../src/core/stories.ts';
import type { ShowLog } from './show-log.ts';
import { AUDIENCE_ROOM, eventsFor, OPERATOR_ROOM, PUBLIC_ROOM, type ShowServer } from './sockets.ts';

/** Longest a phone's push of nothing but `withheld` markers waits for the next push (seconds). Phones do
 * not render the log: they need its seq run without gaps, not its timing. @default 1 */
export const AUDIENCE_HOLD_SECONDS = 1;

/**
 * Pushes the log to this process's own clients (io.local), every event its mirror applies, appended here
 * or by another process sharing the store: the mirror applies them in seq order without gaps, so each
 * connection gets the log in seq order. Sending through the adapter from the appending process instead
 * would reorder them across processes (see redis-scale.ts).
 *
 * What a push costs is one WebSocket write per client: the fan-out is bound by those writes (a syscall
 * each), not by encoding. So:
 * - Events applied together go in one `events` push per room, in seq order. The flush is a microtask
 *   queued at the first event: the appends one store commit resolves (every event that arrived during the
 *   previous fsync) all land before it, so a busy server sends one frame for many events, and catches up
 *   instead of falling further behind. Being a microtask, no I/O callback runs between an event's apply
 *   and its push: a hello (which joins its room and reads the log in one callback) never finds in the log
 *   an event that a push will then bring again.
 * - Each push is encoded once per room: socket.io's broadcast encodes the packet and precomputes its
 *   WebSocket frame once (socket.io-adapter's `_encode`, `wsPreEncodedFrame`), and engine.io writes that
 *   frame as is to every client (without permessage-deflate, engine.io's default and ours).
 * - Phones (AUDIENCE_ROOM) get the audience view, in which most events are `withheld` markers; a push of
 *   markers only is held (up to AUDIENCE_HOLD_SECONDS) and goes with the next push a phone needs, so a
 *   phone gets about one frame a second however busy the show. Held markers are pushed before a phone
 *   joins (to every phone but that one, which reads them in its welcome), so none is sent twice.
 *
 * Returns the cleanup.
 */
export function broadcastLog(io: ShowServer, show: ShowLog, warn: (message: string) => void): () => void {
  let pending: ShowEvent[] = [];
  let queued = false;
  let held: ShowEvent[] = [];
  let holdTimer: ReturnType<typeof setTimeout> | undefined;

  const pushHeld = (exceptSocket?: string) => {
    if (holdTimer) clearTimeout(holdTimer);
    holdTimer = undefined;
    if (held.length === 0) return;
    const events = held;
    held = [];
    const phones = io.local.to(AUDIENCE_ROOM);
    (exceptSocket ? phones.except(exceptSocket) : phones).emit('events', events);
  };

  const flush = () => {
    queued = false;
    const events = pending;
    pending = [];
    try {
      push(events);
    } catch (e) {
      // A client that missed these sees the gap at the next push and says hello again (PROTOCOL.md).
      warn(`could not push events ${events[0]?.seq}..${events[events.length - 1]?.seq}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const push = (events: readonly ShowEvent[]) => {
    io.local.to(OPERATOR_ROOM).emit('events', events);
    io.local.to(PUBLIC_ROOM).emit('events', eventsFor('viewer', events, show));
    const forPhones = eventsFor('audience', events, show);
    held.push(...forPhones);
    if (forPhones.some((e) => e.type !== 'withheld')) pushHeld();
    else holdTimer ??= setTimeout(() => pushHeld(), AUDIENCE_HOLD_SECONDS * 1000);
    if (events.some(changesQueue)) io.local.to(OPERATOR_ROOM).emit('queue', heldStories(show.log, show.base()));
  };

  const unsubscribe = show.subscribe((events) => {
    pending.push(...events);
    if (queued) return;
    queued = true;
    queueMicrotask(flush);
  });
  // Emitted by the adapter inside socket.join, before the hello reads the log for its welcome.
  const onJoin = (room: string, socketId: string) => {
    if (room === AUDIENCE_ROOM) pushHeld(socketId);
  };
  const adapter = io.of('/').adapter;
  adapter.on('join-room', onJoin);
  return () => {
    unsubscribe();
    adapter.off('join-room', onJoin);
    if (holdTimer) clearTimeout(holdTimer);
  };
}
