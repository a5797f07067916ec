import type { Socket } from 'socket.io-client';
import type { EventLog } from '../core/event-log.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import type { ShowEvent, StoryBody } from '../core/events.ts';
import type { Installation } from '../core/installation.ts';
import type { Seconds } from '../core/units.ts';
import type { BackoffOptions } from './backoff.ts';
import type {
  Archive,
  ClientInfo,
  ClientToServerEvents,
  CueMessage,
  ErrorReply,
  GlitchMessage,
  BlackoutMessage,
  HoldMessage,
  ModerateMessage,
  ReactionMessage,
  Reply,
  Role,
  ServerToClientEvents,
  StoryOutcome,
  SubmitStory,
  Transport,
  TransportMessage,
} from './protocol.ts';
import type { PageStats, ShowSnapshot } from './show-source.ts';

/** The client replica's interface (src/net/replica.ts): its options, the state pages read, its requests. */

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
  /** A replay server's transport (the welcome's, then every `transport` push); absent in a live show. */
  readonly transport?: Transport;
}

/** A failure the replica answers itself: the request was not sent (not joined) or its answer never came. */
export interface NoAnswer extends ErrorReply {
  /** not-joined: nothing was sent; timeout: no answer in `requestTimeoutMs` (the connection is then joined
   * again); lost: the connection closed before the answer came. After the last two the request may or may
   * not have arrived (a story sent again under the same id is stored once). */
  readonly noAnswer: 'not-joined' | 'timeout' | 'lost';
}
export type Answer<T extends object = object> = Reply<T> | NoAnswer;

/** The answers a request gets when the server's never came, by why. */
export const noAnswer = {
  notJoined: (): NoAnswer => ({
    ok: false,
    error: 'not connected to the server',
    hint: 'wait until the page shows Connected, then try again',
    noAnswer: 'not-joined',
  }),
  lost: (): NoAnswer => ({
    ok: false,
    error: 'the connection to the server was lost before the answer came',
    hint: 'the request may or may not have arrived; send it again once connected',
    noAnswer: 'lost',
  }),
  timeout: (seconds: number): NoAnswer => ({
    ok: false,
    error: `the server did not answer within ${seconds} s`,
    hint: 'check the connection; the request may or may not have arrived',
    noAnswer: 'timeout',
  }),
};

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
  blackout(msg: BlackoutMessage): Promise<Answer<{ seq: number }>>;
  hold(msg: HoldMessage): Promise<Answer<{ seq: number }>>;
  moderate(msg: ModerateMessage): Promise<Answer<{ seq: number }>>;
  exportArchive(): Promise<Answer<{ archive: Archive }>>;
  /** A replay: play, pause, seek or change speed (operator, or with the operator's token in the message). */
  transport(msg: TransportMessage): Promise<Answer<{ transport: Transport }>>;
  close(): void;
}
