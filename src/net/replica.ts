import { showIdentity } from '../core/event-log.ts';
import { io } from 'socket.io-client';
import { replicaLog } from '../core/projection.ts';
import type { ShowEvent, StoryBody } from '../core/events.ts';
import type { Installation } from '../core/installation.ts';
import type { Seconds } from '../core/units.ts';
import { backoffMs } from './backoff.ts';
import { createClockSync } from './clock.ts';
import { helloOf } from './hello.ts';
import { InOrder } from './in-order.ts';
import type { ErrorCode, ErrorReply, Reply, Welcome } from './protocol.ts';
import { noAnswer, type Answer, type Replica, type ReplicaOptions, type ReplicaSocket, type ReplicaState, type ReplicaStatus } from './replica-types.ts';
import type { PageStats } from './show-source.ts';

export type * from './replica-types.ts';

/**
 * The one client replica of the show: every page (display, phone, console) keeps its copy through it.
 * Plain TypeScript over socket.io-client, no React, no three, no Tone (the phone bundle stays small).
 *
 * Rules it keeps:
 * - Never connected but unwelcomed: a connection whose hello is refused or not answered in
 *   `helloTimeoutMs` is closed, and a new one is tried after a back-off with jitter (src/net/backoff.ts) that
 *   honours the server's `retryAfter`. A wrong token or join code is not retried blindly: the replica says
 *   so (`unauthorized`) and tries again when the page calls `rejoin()` with a new one.
 * - Events are applied strictly in seq order, each once: duplicates are skipped, ones that arrive early wait
 *   (src/net/in-order.ts). A gap that `gapWaitMs` does not fill is fetched by a second connection's hello
 *   with the last seq held (the server answers one hello per connection); once welcomed it replaces the
 *   first, so the page stays connected throughout. Pushes from a connection already given up are ignored.
 * - Every hello carries the last seq, the installation version held and the device identity the server
 *   issued (`Welcome.device`, kept through `device`); a `reset` welcome (a new show) drops the log.
 * - The clock (src/net/clock.ts) syncs at the first welcome and again after every lost connection (a
 *   restarted server re-anchors its clock).
 */

/** One connection and its hello. `main` is the one requests go through; a resync becomes main when welcomed. */
interface Conn {
  readonly socket: ReplicaSocket;
  /** Asks for the whole log (lastSeq 0) and replaces the one held: the log held is another show's. */
  readonly full: boolean;
  /** The last seq held when the hello was sent: the one event the welcome must bring again. */
  held: number;
  main: boolean;
  welcomed: boolean;
  done: boolean;
  /** Requests sent on it and not answered yet: a connection replaced by another is closed only after. */
  inFlight: number;
  retiring: boolean;
}

/** Codes for which trying the same hello again cannot succeed: wait for the page (rejoin). */
const FINAL: ReadonlySet<ErrorCode | undefined> = new Set<ErrorCode | undefined>(['unauthorized', 'invalid', 'forbidden']);

export function createReplica(options: ReplicaOptions): Replica {
  const nowMs = options.nowMs ?? (() => performance.now());
  const random = options.random ?? Math.random;
  const helloTimeoutMs = options.helloTimeoutMs ?? 10_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const gapWaitMs = options.gapWaitMs ?? 500;
  const open =
    options.connect ??
    ((url: string) => io(url, { forceNew: true, reconnection: false, ...(options.transports ? { transports: [...options.transports] } : {}) }));
  const urlOf = typeof options.url === 'function' ? options.url : () => options.url as string;

  let state: ReplicaState = {
    status: 'connecting',
    attempt: 0,
    reconnects: 0,
    log: replicaLog(options.role),
    revision: 0,
    clients: [],
    queue: [],
    diagnostics: [],
  };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<ReplicaState>) => {
    state = { ...state, ...patch };
    for (const l of [...listeners]) l();
  };
  let main: Conn | undefined;
  let resync: Conn | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let gapTimer: ReturnType<typeof setTimeout> | undefined;
  let gapTries = 0;
  /** Set when the log held turned out to be another show's, until a whole log has arrived. */
  let needFull = false;
  let device = options.device?.load();
  let welcomeOffsetMs = 0;
  /** True after the first welcome: later losses are reconnections (and re-sync the clock). */
  let everWelcomed = false;
  let closed = false;
  let pageStats: PageStats = {};
  let resolveReady = () => {};
  const readyPromise = new Promise<void>((r) => (resolveReady = r));
  if (options.snapshot) {
    // Off by the one-way delay of the snapshot's answer until the clock's first sample.
    welcomeOffsetMs = options.snapshot.serverTime * 1000 - nowMs();
    state = {
      ...state,
      installation: options.snapshot.installation,
      log: replicaLog(options.role, options.snapshot.events),
      ...(options.snapshot.transport ? { transport: options.snapshot.transport } : {}),
    };
    resolveReady();
  }
  const order = new InOrder(state.log);

  // A screen sends no requests, so its clock pings are what tells a connection that answers nothing (its
  // heartbeat would only after tens of seconds): three unanswered in a row, and it is joined again.
  let unansweredPings = 0;
  const clock = createClockSync({
    nowMs,
    ping: (sendMs) => {
      const c = main;
      if (!c?.welcomed) return Promise.reject(new Error('not joined'));
      return c.socket
        .timeout(3000)
        .emitWithAck('clock:ping', sendMs)
        .then(
          (t) => ((unansweredPings = 0), t),
          (e: unknown) => {
            if (++unansweredPings >= 3 && c === main) lost(c, 'the server did not answer three clock pings in a row');
            throw e;
          },
        );
    },
  });
  const syncClock = options.syncClock ?? true;

  const current = (): Installation | undefined => (state.installation ? state.log.installationAt(state.installation, Infinity) : undefined);

  /** True when an event seen again is not the one held at its seq: another show's. (Seq and t identify an
   * event: t is the server's clock at its append, and a withheld marker keeps both.) */
  const disagrees = (events: readonly ShowEvent[]): boolean => {
    const held = state.log.events;
    return events.some((e) => e.seq <= held.length && held[e.seq - 1]?.t !== e.t);
  };

  /** Takes events in seq order; returns true when the log grew. Arms the gap fetch while some wait. */
  const take = (events: readonly ShowEvent[]): boolean => {
    // While the whole log is being fetched, the one held is another show's: nothing continues it.
    if (needFull || disagrees(events)) {
      fetchAll();
      return false;
    }
    let grew: boolean;
    try {
      grew = order.take(events);
    } catch {
      // The events do not continue this log (t runs back at the seq that follows): they are another show's.
      fetchAll();
      return false;
    }
    if (order.waiting === 0 && !needFull) {
      clearTimeout(gapTimer);
      gapTimer = undefined;
      gapTries = 0;
    } else if (!gapTimer) {
      gapTimer = setTimeout(fetchGap, gapWaitMs);
    }
    return grew;
  };

  const fetchGap = () => {
    gapTimer = undefined;
    if (needFull) return fetchAll();
    if (closed || order.waiting === 0) return;
    if (!main?.welcomed) return; // the next welcome brings what is missing
    if (!resync) resync = attach(false);
  };

  /** The log held is not the server's show: fetch the whole of it (the log is kept until it arrives). */
  const fetchAll = () => {
    needFull = true;
    if (closed || resync?.full) return;
    if (resync) drop(resync);
    resync = attach(false, true);
  };

  const drop = (c: Conn) => {
    c.done = true;
    c.socket.off();
    c.socket.disconnect();
  };
  const retire = (c: Conn) => {
    c.main = false;
    c.retiring = true;
    if (c.inFlight === 0) drop(c);
  };

  const schedule = (retryAfter?: Seconds) => {
    clearTimeout(retryTimer);
    // state.attempt counts this failure already: the first retry waits backoffMs(0).
    const wait = backoffMs(state.attempt - 1, random(), retryAfter, options.backoff);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (!closed && !main) main = attach(true, needFull);
    }, wait);
  };

  /** A connection ended without a welcome, or lost after one. */
  const lost = (c: Conn, message: string, reply?: ErrorReply) => {
    if (c.done) return;
    drop(c);
    if (closed || c.retiring) return;
    if (!c.main) {
      // A gap fetch failed: the main connection still runs; try again later.
      resync = undefined;
      gapTries++;
      // Re-armed even when a gap timer runs: that one was set before this fetch failed.
      clearTimeout(gapTimer);
      gapTimer = needFull || order.waiting > 0 ? setTimeout(fetchGap, backoffMs(gapTries, random(), reply?.retryAfter, options.backoff)) : undefined;
      return;
    }
    main = undefined;
    if (resync) {
      // The gap fetch in flight takes over as the main connection.
      resync.main = true;
      main = resync;
      resync = undefined;
      if (main.welcomed) return;
    }
    const final = reply !== undefined && FINAL.has(reply.code);
    const status: ReplicaStatus = final ? (reply.code === 'unauthorized' ? 'unauthorized' : 'refused') : everWelcomed ? 'reconnecting' : 'connecting';
    set({ status, message, refusal: reply, attempt: state.attempt + 1 });
    if (!final && !main) schedule(reply?.retryAfter);
  };

  const welcome = (c: Conn, w: Welcome) => {
    if (w.device) {
      device = w.device;
      options.device?.save(w.device);
    }
    const fresh = w.reset === true || c.full;
    // The hello asked from one before the last seq held, so the welcome brings that event again: if the
    // server has no such event, or another one at a seq held, its log is another show's that outgrew this
    // one (the server says `reset` only when lastSeq is ahead of its log, so it could not tell). Its events
    // do not continue this log: the whole of it is fetched.
    const missing = c.held > 0 && c.held <= state.log.lastSeq && !w.events.some((e) => e.seq === c.held);
    // And the log held must be of the show the server plays (a mixed log fails this at its first event).
    const otherShow = w.show !== undefined && state.log.length > 0 && showIdentity(state.log) !== w.show;
    const foreign = !fresh && (missing || otherShow || disagrees(w.events));
    if (fresh) {
      order.reset(replicaLog(options.role));
      needFull = false;
    }
    const patch: { -readonly [K in keyof ReplicaState]?: ReplicaState[K] } = { log: order.log };
    if (w.installation) patch.installation = w.installation;
    if (w.transport) patch.transport = w.transport;
    state = { ...state, ...patch };
    const grew = !foreign && take(w.events);
    c.welcomed = true;
    if (c.main) unansweredPings = 0;
    welcomeOffsetMs = w.serverTime * 1000 - nowMs();
    const wasLost = c.main && state.status !== 'joined';
    if (!c.main) {
      // A gap fetch welcomed: it becomes the main connection, and the old one goes once its requests are
      // answered (closing it at once would lose their answers).
      if (main) retire(main);
      c.main = true;
      main = c;
      resync = undefined;
    }
    set({
      status: 'joined',
      message: undefined,
      refusal: undefined,
      attempt: 0,
      reconnects: state.reconnects + (wasLost && everWelcomed ? 1 : 0),
      revision: state.revision + (grew || fresh ? 1 : 0),
    });
    // Until a whole log has arrived, every welcome asks for one again (a full fetch may have been lost, and a
    // connection that took over meanwhile asked only for what followed the mixed log).
    if (foreign || (needFull && !fresh)) fetchAll();
    if (syncClock && wasLost) void (everWelcomed ? clock.restart() : clock.start());
    everWelcomed ||= wasLost;
    resolveReady();
  };

  function attach(isMain: boolean, full = false): Conn {
    const c: Conn = { socket: open(urlOf()), full, held: 0, main: isMain, welcomed: false, done: false, inFlight: 0, retiring: false };
    const s = c.socket;
    s.on('connect', () => {
      c.held = c.full ? 0 : state.log.lastSeq;
      // A callback, not emitWithAck: the welcome must be taken before the pushes that follow it in the same
      // read (a promise would only settle after them, and they would be refused as unwelcomed).
      s.timeout(helloTimeoutMs).emit(
        'hello',
        helloOf(options, { lastSeq: c.full ? 0 : Math.max(0, c.held - 1), version: current()?.version, device }),
        (err: Error | null, r: Reply<Welcome>) => {
          if (c.done) return;
          if (err) return lost(c, `the server did not answer the hello within ${helloTimeoutMs / 1000} s`);
          if (r.ok) return welcome(c, r);
          lost(c, r.hint ? `${r.error}. ${r.hint}` : r.error, r);
        },
      );
    });
    s.on('connect_error', (e) => lost(c, `cannot reach the server (${e.message})`));
    // The server says why it closes a connection (not welcomed in time, dropped for flooding) and when to
    // come back: that retryAfter, not the plain back-off, paces the reconnection.
    s.on('bye', (reason) => lost(c, reason.hint ? `${reason.error}. ${reason.hint}` : reason.error, reason));
    s.on('disconnect', () => lost(c, 'the connection to the server was lost'));
    // The server sends pushes only after the welcome; one seen before it (or after the connection was given
    // up) is not trusted: after a reset it would belong to the new show while the log is still the old one.
    const live = () => c.welcomed && !c.done;
    s.on('events', (events) => {
      if (live() && take(events)) set({ revision: state.revision + 1 });
    });
    s.on('clients', (clients) => live() && set({ clients }));
    s.on('queue', (stories) => live() && set({ queue: stories.filter((e): e is ShowEvent<StoryBody> => e.type === 'story') }));
    s.on('installation:errors', (diagnostics) => live() && set({ diagnostics }));
    s.on('transport', (transport) => live() && set({ transport }));
    return c;
  }

  const ask = async <T extends object>(send: (s: ReturnType<ReplicaSocket['timeout']>) => Promise<Reply<T>>): Promise<Answer<T>> => {
    if (!main?.welcomed || state.status !== 'joined') return noAnswer.notJoined();
    const c = main;
    c.inFlight++;
    try {
      return await send(c.socket.timeout(requestTimeoutMs));
    } catch {
      if (c.done) return noAnswer.lost();
      // A connection that answers nothing for this long is taken as lost (its heartbeat would tell only
      // after tens of seconds): join again.
      lost(c, `the server did not answer a request within ${requestTimeoutMs / 1000} s`);
      return noAnswer.timeout(requestTimeoutMs / 1000);
    } finally {
      c.inFlight--;
      if (c.retiring && c.inFlight === 0 && !c.done) drop(c);
    }
  };

  const now = (): Seconds => (nowMs() + (clock.synced() ? clock.offsetMs() : welcomeOffsetMs)) / 1000;
  const statsIntervalMs = options.statsIntervalMs ?? 3000;
  const statsTimer =
    statsIntervalMs > 0
      ? setInterval(() => {
          if (!main?.welcomed) return;
          main.socket.emit('stats', {
            ...pageStats,
            ...(clock.synced() ? { rttMs: clock.rttMs(), offsetMs: clock.offsetMs() } : {}),
            // The t a screen renders, for the console's drift check; only viewers render the show.
            ...(options.role === 'viewer' ? { t: now() } : {}),
          });
        }, statsIntervalMs)
      : undefined;

  main = attach(true);

  return {
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    installation: current,
    ready: () => readyPromise,
    now,
    clock: () => ({ synced: clock.synced(), offsetMs: clock.offsetMs(), rttMs: clock.rttMs(), uncertaintyMs: clock.uncertaintyMs() }),
    setStats(stats) {
      pageStats = { ...pageStats, ...stats };
    },
    rejoin() {
      if (closed) return;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      if (main) {
        const old = main;
        main = undefined;
        drop(old);
      }
      set({ status: everWelcomed ? 'reconnecting' : 'connecting', attempt: 0 });
      main = attach(true, needFull);
    },
    submitStory: (msg) => ask((s) => s.emitWithAck('story:submit', msg)),
    react: (msg) => ask((s) => s.emitWithAck('reaction', msg)),
    cue: (msg) => ask((s) => s.emitWithAck('cue', msg)),
    glitch: (msg) => ask((s) => s.emitWithAck('glitch', msg)),
    blackout: (msg) => ask((s) => s.emitWithAck('blackout', msg)),
    hold: (msg) => ask((s) => s.emitWithAck('hold', msg)),
    moderate: (msg) => ask((s) => s.emitWithAck('moderate', msg)),
    exportArchive: () => ask((s) => s.emitWithAck('archive:export')),
    transport: (msg) => ask((s) => s.emitWithAck('transport', msg)),
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(retryTimer);
      clearTimeout(gapTimer);
      clearInterval(statsTimer);
      clock.stop();
      for (const c of [main, resync]) if (c) drop(c);
      main = resync = undefined;
      set({ status: 'closed' });
      listeners.clear();
    },
  };
}
