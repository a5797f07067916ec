import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ErrorReply, ServerToClientEvents, Welcome } from '../../net/protocol.ts';
import type { Installation } from '../../core/installation.ts';
import type { ShowEvent } from '../../core/events.ts';
import { sentences } from './answer.ts';

export type AudienceSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What the phone shows about its connection. */
export type ConnectionState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'joined' }
  | { readonly kind: 'reconnecting'; readonly attempt: number }
  /** The installation sets a join code and this one is missing or wrong. */
  | { readonly kind: 'code'; readonly message: string }
  | { readonly kind: 'refused'; readonly message: string };

export interface AudienceOptions {
  readonly clientId: string;
  /** The join code, when the person gave one (or the QR code carried one). */
  joinCode(): string | undefined;
  onState(state: ConnectionState): void;
  /** A (new) installation: on joining, and on a live edit. */
  onInstallation(installation: Installation): void;
  /** Called after each successful hello: the place to send what waited for the connection. */
  onJoined(): void;
}

/** True when a refused hello is about the join code, so the phone asks for it instead of giving up. (An
 * audience hello is `unauthorized` only for its join code.) */
export function isJoinCodeError(reply: ErrorReply): boolean {
  return reply.code === 'unauthorized';
}

/**
 * Joins as `audience` on every (re)connection: socket.io reconnects by itself, and the server accepts
 * nothing before `hello`, so hello is sent on each `connect` and nothing else is sent until it is answered.
 * The installation is kept across reconnects (its version is sent, so the server does not resend it).
 */
export function joinAsAudience(socket: AudienceSocket, options: AudienceOptions): { readonly joined: () => boolean } {
  let installation: Installation | undefined;
  let lastSeq = 0;
  let joined = false;
  let attempt = 0;

  const seeEvents = (events: readonly ShowEvent[]) => {
    for (const e of events) {
      if (e.seq > lastSeq) lastSeq = e.seq;
      if (e.type === 'installation') {
        installation = e.installation;
        options.onInstallation(e.installation);
      }
    }
  };

  socket.on('connect', () => {
    attempt = 0;
    const joinCode = options.joinCode();
    socket.emit(
      'hello',
      { role: 'audience', clientId: options.clientId, lastSeq, ...(joinCode ? { joinCode } : {}), ...(installation ? { version: installation.version } : {}) },
      (reply) => {
        if (!reply.ok) {
          joined = false;
          const message = sentences(reply.error, reply.hint);
          options.onState(isJoinCodeError(reply) ? { kind: 'code', message } : { kind: 'refused', message });
          // Busy (too many phones joining at once from one address, or the show is starting): join again
          // when the server says, on a new connection (one hello per connection).
          const retry = reply.retryAfter ?? (reply.code === 'unavailable' ? 2 : undefined);
          if (retry !== undefined) setTimeout(() => socket.disconnect().connect(), retry * 1000);
          return;
        }
        const welcome: Welcome = reply;
        if (welcome.reset) lastSeq = 0; // a new show: its seqs start again at 1
        if (welcome.installation) {
          installation = welcome.installation;
          options.onInstallation(welcome.installation);
        }
        seeEvents(welcome.events);
        joined = true;
        options.onState({ kind: 'joined' });
        options.onJoined();
      },
    );
  });
  socket.on('events', seeEvents);
  socket.on('disconnect', () => {
    joined = false;
    options.onState({ kind: 'reconnecting', attempt });
  });
  socket.io.on('reconnect_attempt', (n) => {
    attempt = n;
    options.onState({ kind: 'reconnecting', attempt: n });
  });
  return { joined: () => joined };
}
