import { io, type Socket } from 'socket.io-client';
import type { EventLog } from '../core/event-log.ts';
import { replicaLog } from '../core/projection.ts';
import type { ShowEvent } from '../core/events.ts';
import type { Installation } from '../core/installation.ts';
import type { Seconds } from '../core/units.ts';
import { createClockSync, type ClockSync } from './clock.ts';
import type { ClientToServerEvents, ServerToClientEvents, Stats, Welcome } from './protocol.ts';
import type { PageStats, ShowSnapshot, ShowSource } from './show-source.ts';

export interface LiveSourceOptions {
  /** The show server, e.g. `location.origin`. */
  readonly url: string;
  readonly role?: 'viewer';
  /** desktop, headset, or a wall id (shown on the operator console). */
  readonly display?: string;
  /** Stable across reloads (keep it in localStorage): reconnects are counted by it. */
  readonly clientId: string;
  readonly joinCode?: string;
  /** How often the stats are reported, ms. Default 3000. */
  readonly statsIntervalMs?: number;
  /** A snapshot already fetched (GET /api/show): the source is ready at once from it, and the hello asks
   * only for what followed. */
  readonly snapshot?: ShowSnapshot;
}

export interface LiveStatus {
  /** The socket is connected and the server welcomed it. */
  readonly connected: boolean;
  /** The clock has at least one sample. */
  readonly synced: boolean;
  readonly lastSeq: number;
  readonly offsetMs: number;
  readonly rttMs: number;
  /** Connections after the first. */
  readonly reconnects: number;
  /** Why the server refused the last hello (e.g. a wrong join code), if it did. */
  readonly error?: string;
}


export interface LiveSource extends ShowSource {
  /** Resolves at the first welcome; `installation()` throws before it. */
  ready(): Promise<void>;
  status(): LiveStatus;
  /** The page's frame rate, sound and particle count, sent with the next stats report. */
  setStats(stats: PageStats): void;
  close(): void;
}

/**
 * A show from a Meshwork server: the log kept in step over socket.io, the clock synchronised with the
 * server's (src/net/clock.ts). On every (re)connection it says hello with the last seq it holds and the
 * installation version it has, so the server sends only what it missed. Events arrive in seq order on one
 * connection; any already held are skipped, so a broadcast racing a welcome is harmless.
 */
export function liveSource(options: LiveSourceOptions): LiveSource {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(options.url, {
    forceNew: true,
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  let log = replicaLog('viewer');
  let installation: Installation | undefined;
  let connected = false;
  let connections = 0;
  let error: string | undefined;
  /** Before the clock's first sample: the welcome's serverTime against the local clock. */
  let welcomeOffsetMs = 0;
  let pageStats: PageStats = {};
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  let resolveReady = () => {};
  const readyPromise = new Promise<void>((r) => (resolveReady = r));
  if (options.snapshot) {
    installation = options.snapshot.installation;
    log = replicaLog('viewer', options.snapshot.events);
    // Off by the one-way delay of the snapshot's answer until the clock's first sample.
    welcomeOffsetMs = options.snapshot.serverTime * 1000 - performance.now();
    resolveReady();
  }

  const clock: ClockSync = createClockSync({ ping: (sendMs) => socket.timeout(3000).emitWithAck('clock:ping', sendMs) });

  const take = (events: readonly ShowEvent[]) => {
    let changed = false;
    for (const e of events) {
      if (e.seq <= log.lastSeq) continue;
      if (e.seq > log.lastSeq + 1) {
        // Something was missed (it should not happen on one connection): hello again to fetch it.
        socket.disconnect().connect();
        break;
      }
      log.append(e);
      changed = true;
    }
    return changed;
  };

  const onWelcome = (w: Welcome) => {
    welcomeOffsetMs = w.serverTime * 1000 - performance.now();
    if (w.reset) log = replicaLog('viewer');
    if (w.installation) installation = w.installation;
    take(w.events);
    connected = true;
    error = undefined;
    resolveReady();
    notify();
  };

  socket.on('connect', () => {
    connections++;
    const first = connections === 1;
    socket
      .timeout(10_000)
      .emitWithAck('hello', {
        role: options.role ?? 'viewer',
        clientId: options.clientId,
        lastSeq: log.lastSeq,
        ...(installation ? { version: installation.version } : {}),
        ...(options.display !== undefined ? { display: options.display } : {}),
        ...(options.joinCode !== undefined ? { joinCode: options.joinCode } : {}),
      })
      .then((r) => {
        if (!r.ok) {
          error = r.hint ? `${r.error} (${r.hint})` : r.error;
          notify();
          return;
        }
        onWelcome(r);
        // A reconnection may reach a restarted server: its clock is re-anchored, so sample afresh.
        void (first ? clock.start() : clock.restart());
      })
      .catch(() => {
        // No answer in time: socket.io reconnects and this runs again.
      });
  });
  socket.on('disconnect', () => {
    connected = false;
    notify();
  });
  socket.on('events', (events) => {
    if (take(events)) notify();
  });

  const statsTimer = setInterval(() => {
    if (!connected) return;
    socket.emit('stats', {
      ...pageStats,
      ...(clock.synced() ? { rttMs: clock.rttMs(), offsetMs: clock.offsetMs() } : {}),
      t: source.now(),
    });
  }, options.statsIntervalMs ?? 3000);

  const source: LiveSource = {
    frozen: false,
    installation() {
      if (!installation) throw new Error('the live show is not ready yet: await ready() before reading it');
      return installation;
    },
    log: () => log,
    now: (): Seconds => (performance.now() + (clock.synced() ? clock.offsetMs() : welcomeOffsetMs)) / 1000,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready: () => readyPromise,
    status: () => ({
      connected,
      synced: clock.synced(),
      lastSeq: log.lastSeq,
      offsetMs: clock.offsetMs(),
      rttMs: clock.rttMs(),
      reconnects: Math.max(0, connections - 1),
      ...(error !== undefined ? { error } : {}),
    }),
    setStats(stats) {
      pageStats = { ...pageStats, ...stats };
    },
    close() {
      clearInterval(statsTimer);
      clock.stop();
      listeners.clear();
      socket.disconnect();
    },
  };
  return source;
}
