import { runningRate, transportAt } from '../core/transport.ts';
import type { Seconds } from '../core/units.ts';
import { createReplica, type DeviceStore, type Replica, type ReplicaOptions } from './replica.ts';
import type { PageStats, ShowSnapshot, ShowSource } from './show-source.ts';

export interface LiveSourceOptions {
  /** The show server, e.g. `location.origin`. */
  readonly url: string;
  /** desktop, headset, or a wall id (shown on the operator console). */
  readonly display?: string;
  /** Stable across reloads (keep it in localStorage): reconnects are counted by it. */
  readonly clientId: string;
  readonly joinCode?: string;
  /** Where the device identity the server issues is kept (localStorage, next to the clientId). */
  readonly device?: DeviceStore;
  /** How often the stats are reported, ms. Default 3000. */
  readonly statsIntervalMs?: number;
  /** A snapshot already fetched (GET /api/show): the source is ready at once from it, and the hello asks
   * only for what followed. */
  readonly snapshot?: ShowSnapshot;
  /** For tests: the connection (e.g. through a fault layer). */
  readonly connect?: ReplicaOptions['connect'];
}

export interface LiveStatus {
  /** The socket is connected and the server welcomed it. */
  readonly connected: boolean;
  /** The clock has at least one sample. */
  readonly synced: boolean;
  readonly lastSeq: number;
  readonly offsetMs: number;
  readonly rttMs: number;
  /** Welcomes after a lost connection. */
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
  /** 1 in a live show; a replay's speed, 0 while it is paused or at its end. */
  rate(): number;
  close(): void;
  readonly replica: Replica;
}

/**
 * A screen's show from a Meshwork server: the one client replica (src/net/replica.ts) as a viewer, read
 * through the ShowSource interface the scene and the sound use. From a replay server (`meshwork replay`),
 * t is the transport's show time at the synchronised clock, so every screen follows play, pause, seek and
 * speed together.
 */
export function liveSource(options: LiveSourceOptions): LiveSource {
  const { joinCode } = options;
  const replica = createReplica({
    url: options.url,
    role: 'viewer',
    clientId: options.clientId,
    transports: ['websocket'],
    ...(options.display !== undefined ? { display: options.display } : {}),
    ...(joinCode !== undefined ? { joinCode: () => joinCode } : {}),
    ...(options.device ? { device: options.device } : {}),
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
    ...(options.statsIntervalMs !== undefined ? { statsIntervalMs: options.statsIntervalMs } : {}),
    ...(options.connect ? { connect: options.connect } : {}),
  });
  return {
    replica,
    frozen: false,
    installation() {
      const base = replica.state().installation;
      if (!base) throw new Error('the live show is not ready yet: await ready() before reading it');
      return base;
    },
    log: () => replica.state().log,
    // A replay plays the archive at the server's transport (the same map on every screen); a live show at
    // the shared clock itself.
    now(): Seconds {
      const transport = replica.state().transport;
      return transport ? transportAt(transport, replica.now()) : replica.now();
    },
    rate() {
      const transport = replica.state().transport;
      return transport ? runningRate(transport, replica.now()) : 1;
    },
    subscribe: (listener) => replica.subscribe(listener),
    ready: () => replica.ready(),
    status() {
      const s = replica.state();
      const clock = replica.clock();
      return {
        connected: s.status === 'joined',
        synced: clock.synced,
        lastSeq: s.log.lastSeq,
        offsetMs: clock.offsetMs,
        rttMs: clock.rttMs,
        reconnects: s.reconnects,
        ...(s.status !== 'joined' && s.message !== undefined ? { error: s.message } : {}),
      };
    },
    setStats: (stats) => replica.setStats(stats),
    close: () => replica.close(),
  };
}
