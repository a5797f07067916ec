import { io, type Socket } from 'socket.io-client';
import type { EventLog } from '../core/event-log.ts';
import { replicaLog } from '../core/projection.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import type { ShowEvent, StoryBody } from '../core/events.ts';
import type { Installation } from '../core/installation.ts';
import type { Seconds } from '../core/units.ts';
import { backoffMs, type BackoffOptions } from './backoff.ts';
import { createClockSync } from './clock.ts';
import type {
  Archive, ClientInfo, ClientToServerEvents, CueMessage, ErrorCode, ErrorReply, GlitchMessage, Hello, ModerateMessage,
  ReactionMessage, Reply, Role, ServerToClientEvents, StoryOutcome, SubmitStory, Welcome,
} from './protocol.ts';
import type { PageStats, ShowSnapshot } from './show-source.ts';

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
 *   in `pending`. A gap that `gapWaitMs` does not fill is fetched by a second connection's hello with the
 *   last seq held (the server answers one hello per connection); once welcomed it replaces the first, so
 *   the page stays connected throughout. Pushes from a connection already given up are ignored.
 * - Every hello carries the last seq, the installation version held and the device identity the server
 *   issued (`Welcome.device`, kept through `device`); a `reset` welcome (a new show) drops the log.
 * - The clock (src/net/clock.ts) syncs at the first welcome and again after every lost connection (a
 *   restarted server re-anchors its clock).
 */

export type ReplicaSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Where the page keeps the device identity (e.g. localStorage, next to the clientId). */
export interface DeviceStore {
  load(): string | undefined;
  save(device: string): void;
}

export interface ReplicaOptions {
  /** The show server, e.g. `location.origin`. A function is re-read for every connection. */
  readonly url: string | (() => string);
  readonly role: Role;
  /** Stable across reloads (kept in localStorage): the server counts reconnects by it. */
  readonly clientId: string;
  /** Operator token; re-read for every hello (the page may be given a new one, then calls rejoin()). */
  readonly token?: () => string | undefined;
  /** The installation's join code, when it sets one; re-read for every hello like the token. */
  readonly joinCode?: () => string | undefined;
  /** Viewers: desktop, headset, or a wall id (shown on the operator console). */
  readonly display?: string;
  readonly device?: DeviceStore;
  /** A snapshot already fetched (GET /api/show): ready at once from it; the hello asks for what followed. */
  readonly snapshot?: ShowSnapshot;
  /** Keep the shared clock in sync (pings). Default true; a phone, which renders no show, passes false. */
  readonly syncClock?: boolean;
  /** How often the page's stats and the clock are reported, ms; 0 never. Default 3000. */
  readonly statsIntervalMs?: number;
  /** A hello without an answer after this long is given up and tried again, ms. Default 10000. */
  readonly helloTimeoutMs?: number;
  /** A request without an answer after this long fails with `noAnswer: 'timeout'`, ms. Default 10000. */
  readonly requestTimeoutMs?: number;
  /** How long an event that arrived early waits for the ones before it before they are fetched, ms.
   * Default 500. */
  readonly gapWaitMs?: number;
  readonly backoff?: BackoffOptions;
  /** Uniform in [0, 1) for the jitter. Default Math.random. */
  readonly random?: () => number;
  /** The local monotonic clock, ms. Default performance.now. */
  readonly nowMs?: () => number;
  /** Opens one connection (never shared, never reconnecting by itself: the replica decides). Tests put a
   * fault layer here. Default: socket.io-client with `forceNew` and `reconnection: false`. */
  readonly connect?: (url: string) => ReplicaSocket;
  /** socket.io transports for the default `connect`. Default: socket.io's (polling, then websocket). */
  readonly transports?: readonly ('polling' | 'websocket')[];
}

export type ReplicaStatus = 'connecting' | 'joined' | 'reconnecting' | 'unauthorized' | 'refused' | 'closed';

/** What a page shows. A new object on every change (React compares by reference); the log is appended in
 * place and `revision` counts its changes. */
export interface ReplicaState {
  readonly status: ReplicaStatus;
  /** Why the last hello failed or the connection was lost, for people; none while joined. */
  readonly message?: string;
  /** The server's answer when it refused the last hello (its words, hint, code and retryAfter). */
  readonly refusal?: ErrorReply;
  /** Tries since the last welcome. */
  readonly attempt: number;
  /** Welcomes after a lost connection. */
  readonly reconnects: number;
  /** The installation the log starts from (the welcome's or the snapshot's); live edits are in the log. */
  readonly installation?: Installation;
  readonly log: EventLog;
  readonly revision: number;
  /** Operator: the connected clients, the moderation queue, the installation's errors. */
  readonly clients: readonly ClientInfo[];
  readonly queue: readonly ShowEvent<StoryBody>[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A failure the replica answers itself: the request was not sent (not joined) or its answer never came. */
export interface NoAnswer extends ErrorReply {
  readonly noAnswer: 'not-joined' | 'timeout';
}
export type Answer<T extends object = object> = Reply<T> | NoAnswer;

export interface ClockStatus {
  readonly synced: boolean;
  readonly offsetMs: number;
  readonly rttMs: number;
  readonly uncertaintyMs: number;
}

export interface Replica {
  state(): ReplicaState;
  /** Called after every change of state(). Returns its cleanup. */
  subscribe(listener: () => void): () => void;
  /** The installation playing now: the last live edit in the log, else the one it starts from. */
  installation(): Installation | undefined;
  /** Resolves at the first welcome (at once with a snapshot). */
  ready(): Promise<void>;
  /** Now on the shared clock (seconds); before the clock's first sample, from the welcome's serverTime. */
  now(): Seconds;
  clock(): ClockStatus;
  /** The page's frame rate, sound and particle count, sent with the next stats report (merged). */
  setStats(stats: PageStats): void;
  /** Try to join now, e.g. with a new join code or token; resets the back-off. */
  rejoin(): void;
  submitStory(msg: SubmitStory): Promise<Answer<{ outcome: StoryOutcome; seq: number }>>;
  react(msg: ReactionMessage): Promise<Answer<{ seq: number }>>;
  cue(msg: CueMessage): Promise<Answer<{ seq: number }>>;
  glitch(msg: GlitchMessage): Promise<Answer<{ seq: number }>>;
  moderate(msg: ModerateMessage): Promise<Answer<{ seq: number }>>;
  exportArchive(): Promise<Answer<{ archive: Archive }>>;
  close(): void;
}

/** One connection and its hello. `main` is the one requests go through; a resync becomes main when welcomed. */
interface Conn {
  readonly socket: ReplicaSocket;
  main: boolean;
  welcomed: boolean;
  done: boolean;
}

/** Codes for which trying the same hello again cannot succeed: wait for the page (rejoin). */
const FINAL: ReadonlySet<ErrorCode | undefined> = new Set<ErrorCode | undefined>(['unauthorized', 'invalid', 'forbidden']);

export function createReplica(options: ReplicaOptions): Replica {
  const nowMs = options.nowMs ?? (() => performance.now());
  const random = options.random ?? Math.random;
  const helloTimeoutMs = options.helloTimeoutMs ?? 10_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const gapWaitMs = options.gapWaitMs ?? 500;
  const open = options.connect ?? ((url: string) => io(url, { forceNew: true, reconnection: false, ...(options.transports ? { transports: [...options.transports] } : {}) }));
  const urlOf = typeof options.url === 'function' ? options.url : () => options.url as string;

  let state: ReplicaState = { status: 'connecting', attempt: 0, reconnects: 0, log: replicaLog(options.role), revision: 0, clients: [], queue: [], diagnostics: [] };
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
  const pending = new Map<number, ShowEvent>();
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
    state = { ...state, installation: options.snapshot.installation, log: replicaLog(options.role, options.snapshot.events) };
    resolveReady();
  }

  const clock = createClockSync({
    nowMs,
    ping: (sendMs) => (main?.welcomed ? main.socket.timeout(3000).emitWithAck('clock:ping', sendMs) : Promise.reject(new Error('not joined'))),
  });
  const syncClock = options.syncClock ?? true;

  const current = (): Installation | undefined => (state.installation ? state.log.installationAt(state.installation, Infinity) : undefined);

  /** Takes events in seq order; returns true when the log grew. Arms the gap fetch while some wait. */
  const take = (events: readonly ShowEvent[]): boolean => {
    const log = state.log;
    for (const e of events) if (e.seq > log.lastSeq) pending.set(e.seq, e);
    let grew = false;
    for (let next = pending.get(log.lastSeq + 1); next; next = pending.get(log.lastSeq + 1)) {
      pending.delete(next.seq);
      log.append(next);
      grew = true;
    }
    if (pending.size === 0) {
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
    if (closed || pending.size === 0) return;
    if (!main?.welcomed) return; // the next welcome brings what is missing
    if (!resync) resync = attach(false);
  };

  const drop = (c: Conn) => {
    c.done = true;
    c.socket.off();
    c.socket.disconnect();
  };

  const schedule = (retryAfter?: Seconds) => {
    clearTimeout(retryTimer);
    // state.attempt counts this failure already: the first retry waits backoffMs(0).
    const wait = backoffMs(state.attempt - 1, random(), retryAfter, options.backoff);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (!closed && !main) main = attach(true);
    }, wait);
  };

  /** A connection ended without a welcome, or lost after one. */
  const lost = (c: Conn, message: string, reply?: ErrorReply) => {
    if (c.done) return;
    drop(c);
    if (closed) return;
    if (!c.main) {
      // A gap fetch failed: the main connection still runs; try again later.
      resync = undefined;
      gapTries++;
      if (pending.size > 0 && !gapTimer) gapTimer = setTimeout(fetchGap, backoffMs(gapTries, random(), reply?.retryAfter, options.backoff));
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
    let log = state.log;
    if (w.reset) {
      log = replicaLog(options.role);
      pending.clear();
    }
    const patch: { -readonly [K in keyof ReplicaState]?: ReplicaState[K] } = { log };
    if (w.installation) patch.installation = w.installation;
    state = { ...state, ...patch };
    const grew = take(w.events);
    c.welcomed = true;
    welcomeOffsetMs = w.serverTime * 1000 - nowMs();
    const wasLost = c.main && state.status !== 'joined';
    if (!c.main) {
      // A gap fetch welcomed: it becomes the main connection, and the old one goes.
      if (main) drop(main);
      c.main = true;
      main = c;
      resync = undefined;
    }
    set({
      status: 'joined', message: undefined, refusal: undefined, attempt: 0,
      reconnects: state.reconnects + (wasLost && everWelcomed ? 1 : 0),
      revision: state.revision + (grew || w.reset ? 1 : 0),
    });
    if (syncClock && wasLost) void (everWelcomed ? clock.restart() : clock.start());
    everWelcomed ||= wasLost;
    resolveReady();
  };

  const helloMessage = (): Hello => {
    const token = options.token?.();
    const joinCode = options.joinCode?.();
    const version = current()?.version;
    return {
      role: options.role, clientId: options.clientId, lastSeq: state.log.lastSeq,
      ...(version !== undefined ? { version } : {}),
      ...(options.display !== undefined ? { display: options.display } : {}),
      ...(token ? { token } : {}),
      ...(joinCode ? { joinCode } : {}),
      ...(device ? { device } : {}),
    };
  };

  function attach(isMain: boolean): Conn {
    const c: Conn = { socket: open(urlOf()), main: isMain, welcomed: false, done: false };
    const s = c.socket;
    s.on('connect', () => {
      // A callback, not emitWithAck: the welcome must be taken before the pushes that follow it in the same
      // read (a promise would only settle after them, and they would be refused as unwelcomed).
      s.timeout(helloTimeoutMs).emit('hello', helloMessage(), (err: Error | null, r: Reply<Welcome>) => {
        if (c.done) return;
        if (err) return lost(c, `the server did not answer the hello within ${helloTimeoutMs / 1000} s`);
        if (r.ok) return welcome(c, r);
        lost(c, r.hint ? `${r.error}. ${r.hint}` : r.error, r);
      });
    });
    s.on('connect_error', (e) => lost(c, `cannot reach the server (${e.message})`));
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
    return c;
  }

  const ask = async <T extends object>(send: (s: ReturnType<ReplicaSocket['timeout']>) => Promise<Reply<T>>): Promise<Answer<T>> => {
    if (!main?.welcomed || state.status !== 'joined') {
      return { ok: false, error: 'not connected to the server', hint: 'wait until the page shows Connected, then try again', noAnswer: 'not-joined' };
    }
    try {
      return await send(main.socket.timeout(requestTimeoutMs));
    } catch {
      return { ok: false, error: `the server did not answer within ${requestTimeoutMs / 1000} s`, hint: 'check the connection; the request may or may not have arrived', noAnswer: 'timeout' };
    }
  };

  const now = (): Seconds => (nowMs() + (clock.synced() ? clock.offsetMs() : welcomeOffsetMs)) / 1000;
  const statsIntervalMs = options.statsIntervalMs ?? 3000;
  const statsTimer = statsIntervalMs > 0 ? setInterval(() => {
    if (!main?.welcomed) return;
    main.socket.emit('stats', {
      ...pageStats,
      ...(clock.synced() ? { rttMs: clock.rttMs(), offsetMs: clock.offsetMs() } : {}),
      // The t a screen renders, for the console's drift check; only viewers render the show.
      ...(options.role === 'viewer' ? { t: now() } : {}),
    });
  }, statsIntervalMs) : undefined;

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
      main = attach(true);
    },
    submitStory: (msg) => ask((s) => s.emitWithAck('story:submit', msg)),
    react: (msg) => ask((s) => s.emitWithAck('reaction', msg)),
    cue: (msg) => ask((s) => s.emitWithAck('cue', msg)),
    glitch: (msg) => ask((s) => s.emitWithAck('glitch', msg)),
    moderate: (msg) => ask((s) => s.emitWithAck('moderate', msg)),
    exportArchive: () => ask((s) => s.emitWithAck('archive:export')),
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
