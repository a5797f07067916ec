import type { Socket } from 'socket.io-client';
import { EventLog } from '../../core/event-log.ts';
import type { ShowEvent, StoryBody } from '../../core/events.ts';
import type { Diagnostic } from '../../core/diagnostics.ts';
import type { Installation } from '../../core/installation.ts';
import type { Seconds } from '../../core/units.ts';
import type {
  Archive,
  ClientInfo,
  ClientToServerEvents,
  CueMessage,
  GlitchMessage,
  ModerateMessage,
  Reply,
  ServerToClientEvents,
} from '../../net/protocol.ts';
import { ClientHistory } from './health.ts';

export type OperatorSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The shared clock as the console reads it (src/net/clock.ts keeps it in sync with the server). */
export interface ShowClock {
  now(): Seconds;
}

export type SessionStatus = 'connecting' | 'joined' | 'reconnecting' | 'unauthorized' | 'refused';

/** Everything the console shows. A new object on every change (React compares by reference); the log is
 * appended in place and `revision` counts its changes. */
export interface ConsoleState {
  readonly status: SessionStatus;
  /** Why the server refused the token or the connection. */
  readonly message?: string;
  readonly installation?: Installation;
  readonly log: EventLog;
  readonly revision: number;
  readonly clients: readonly ClientInfo[];
  readonly queue: readonly ShowEvent<StoryBody>[];
  readonly errors: readonly Diagnostic[];
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The operator's connection: joins with the token on every (re)connection, keeps the whole log (the
 * operator sees every event), the connected clients with their history, the moderation queue and the
 * installation's errors, and sends cues, glitches and moderation. Plain TypeScript: the React side only
 * subscribes and renders.
 */
export class OperatorSession {
  private state: ConsoleState = { status: 'connecting', log: new EventLog(), revision: 0, clients: [], queue: [], errors: [] };
  private readonly listeners = new Set<() => void>();
  readonly history = new ClientHistory();

  constructor(
    private readonly socket: OperatorSocket,
    private readonly clientId: string,
    private readonly token: string,
    readonly clock: ShowClock,
  ) {
    socket.on('connect', () => this.hello());
    socket.on('disconnect', () => this.set({ status: this.state.status === 'unauthorized' ? 'unauthorized' : 'reconnecting' }));
    socket.on('events', (events) => this.append(events));
    socket.on('clients', (clients) => {
      const now = this.clock.now();
      if (Number.isFinite(now)) this.history.record(clients, now); // NaN until the clock's first round trip
      this.set({ clients });
    });
    socket.on('queue', (stories) => this.set({ queue: stories.filter((s): s is ShowEvent<StoryBody> => s.type === 'story') }));
    socket.on('installation:errors', (errors) => this.set({ errors }));
  }

  getState = (): ConsoleState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<ConsoleState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private hello(): void {
    const log = this.state.log;
    this.socket.emit(
      'hello',
      { role: 'operator', clientId: this.clientId, token: this.token, lastSeq: log.lastSeq, ...(this.state.installation ? { version: this.state.installation.version } : {}) },
      (reply) => {
        if (!reply.ok) {
          const message = reply.hint ? `${reply.error}. ${reply.hint}` : reply.error;
          this.set({ status: reply.code === 'unauthorized' ? 'unauthorized' : 'refused', message });
          this.socket.disconnect();
          // Busy or starting: join again when the server says. A wrong token is not retried.
          const retry = reply.retryAfter ?? (reply.code === 'unavailable' ? 2 : undefined);
          if (retry !== undefined) setTimeout(() => this.socket.connect(), retry * 1000);
          return;
        }
        // A new show on the server (its log was reset): start the log again from what it sends.
        if (reply.reset) this.set({ log: new EventLog(), revision: this.state.revision + 1 });
        if (reply.installation) this.set({ installation: reply.installation });
        this.append(reply.events);
        this.set({ status: 'joined', message: undefined });
      },
    );
  }

  /** Appends events in seq order. Ones already held are skipped (a resend after a reconnect); a gap means
   * something was missed, so the console joins again and the server sends what follows its last seq. */
  private append(events: readonly ShowEvent[]): void {
    const log = this.state.log;
    let changed = false;
    for (const e of events) {
      if (e.seq <= log.lastSeq) continue;
      if (log.length > 0 && e.seq !== log.lastSeq + 1) {
        this.socket.disconnect().connect();
        break;
      }
      log.append(e);
      changed = true;
    }
    if (changed) this.set({ revision: this.state.revision + 1 });
  }

  private async request<T extends object>(send: (s: ReturnType<OperatorSocket['timeout']>) => Promise<Reply<T>>): Promise<Reply<T>> {
    if (this.state.status !== 'joined') return { ok: false, error: 'not connected to the server', hint: 'wait until the console shows Connected, then try again' };
    try {
      return await send(this.socket.timeout(REQUEST_TIMEOUT_MS));
    } catch {
      return { ok: false, error: 'the server did not answer within 10 s', hint: 'check the connection; the request may or may not have arrived' };
    }
  }

  cue(msg: CueMessage): Promise<Reply<{ seq: number }>> {
    return this.request((s) => s.emitWithAck('cue', msg));
  }

  glitch(msg: GlitchMessage): Promise<Reply<{ seq: number }>> {
    return this.request((s) => s.emitWithAck('glitch', msg));
  }

  moderate(msg: ModerateMessage): Promise<Reply<{ seq: number }>> {
    return this.request((s) => s.emitWithAck('moderate', msg));
  }

  exportArchive(): Promise<Reply<{ archive: Archive }>> {
    return this.request((s) => s.emitWithAck('archive:export'));
  }
}
