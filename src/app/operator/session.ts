import type { EventLog } from '../../core/event-log.ts';
import type { Diagnostic } from '../../core/diagnostics.ts';
import type { ShowEvent, StoryBody } from '../../core/events.ts';
import type { Installation } from '../../core/installation.ts';
import { transportAt, type Transport } from '../../core/transport.ts';
import type { Seconds } from '../../core/units.ts';
import type { Archive, BlackoutMessage, ClientInfo, CueMessage, GlitchMessage, HoldMessage, ModerateMessage, TransportMessage } from '../../net/protocol.ts';
import type { Answer, Replica, ReplicaState } from '../../net/replica.ts';
import { ClientHistory } from './health.ts';

/** The shared clock as the console reads it: NaN until the first round trip, so the console shows "–"
 * rather than a wrong time. */
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
  /** A replay's transport (`meshwork replay`); absent in a live show. */
  readonly transport?: Transport;
}

/**
 * The console's view of the operator replica (src/net/replica.ts, which joins with the token, keeps the
 * whole log, the clients, the queue and the installation's errors): the state as the panels read it, and
 * each client's history for the sparklines. Plain TypeScript: the React side only subscribes and renders.
 */
export class OperatorSession {
  readonly history = new ClientHistory();
  readonly clock: ShowClock;
  private seen: ReplicaState | undefined;
  private state: ConsoleState | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    readonly replica: Replica,
    /** The operator token, for the console's HTTP requests (the archive page). */
    private readonly token: () => string | undefined = () => undefined,
  ) {
    // In a replay the console's show time is the one the screens play: the transport's, at the clock.
    this.clock = {
      now: () => {
        if (!replica.clock().synced) return Number.NaN;
        const transport = replica.state().transport;
        return transport ? transportAt(transport, replica.now()) : replica.now();
      },
    };
    let clients = replica.state().clients;
    this.unsubscribe = replica.subscribe(() => {
      const s = replica.state();
      if (s.clients === clients) return;
      clients = s.clients;
      const now = this.clock.now();
      if (Number.isFinite(now)) this.history.record(s.clients, now);
    });
  }

  getState = (): ConsoleState => {
    const s = this.replica.state();
    if (s !== this.seen || !this.state) {
      this.seen = s;
      // A closed replica is the console going away: nothing left to show but that it is not connected.
      const status: SessionStatus = s.status === 'closed' ? 'reconnecting' : s.status;
      this.state = {
        status,
        log: s.log,
        revision: s.revision,
        clients: s.clients,
        queue: s.queue,
        errors: s.diagnostics,
        ...(s.message !== undefined && s.status !== 'joined' ? { message: s.message } : {}),
        ...(s.installation ? { installation: s.installation } : {}),
        ...(s.transport ? { transport: s.transport } : {}),
      };
    }
    return this.state;
  };

  subscribe = (listener: () => void): (() => void) => this.replica.subscribe(listener);

  cue = (msg: CueMessage): Promise<Answer<{ seq: number }>> => this.replica.cue(msg);
  glitch = (msg: GlitchMessage): Promise<Answer<{ seq: number }>> => this.replica.glitch(msg);
  blackout = (msg: BlackoutMessage): Promise<Answer<{ seq: number }>> => this.replica.blackout(msg);
  hold = (msg: HoldMessage): Promise<Answer<{ seq: number }>> => this.replica.hold(msg);
  moderate = (msg: ModerateMessage): Promise<Answer<{ seq: number }>> => this.replica.moderate(msg);
  exportArchive = (): Promise<Answer<{ archive: Archive }>> => this.replica.exportArchive();
  transport = (msg: TransportMessage): Promise<Answer<{ transport: Transport }>> => this.replica.transport(msg);
  /**
   * The static archive page (POST /api/archive-site): a zip of index.html, its stills and the archive file,
   * written by the server (the stills are rendered there). Resolves with the file or what went wrong.
   */
  archivePage = async (fetchFn: typeof fetch = fetch): Promise<{ ok: true; blob: Blob; name: string } | { ok: false; error: string }> => {
    let res: Response;
    try {
      res = await fetchFn('/api/archive-site', { method: 'POST', headers: { Authorization: `Bearer ${this.token() ?? ''}` } });
    } catch (e) {
      return { ok: false, error: `cannot reach the server (${(e as Error).message})` };
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: string; hint?: string };
      return { ok: false, error: `${body.error ?? `the server answered ${res.status}`}${body.hint ? `. ${body.hint}` : ''}` };
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'archive-page.zip';
    return { ok: true, blob: await res.blob(), name };
  };
  /** The synchronised clock itself (a replay's transport is anchored to it). */
  serverNow = (): Seconds => this.replica.now();

  close(): void {
    this.unsubscribe();
    this.replica.close();
  }
}
