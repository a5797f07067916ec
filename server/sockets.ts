import type { Server, Socket } from 'socket.io';
import type { Diagnostic } from '../src/core/diagnostics.ts';
import type { ShowEvent } from '../src/core/events.ts';
import {
  helloMessage, statsMessage,
  type ClientToServerEvents, type Reply, type Role, type ServerToClientEvents, type Welcome,
} from '../src/net/protocol.ts';
import type { ClientRegistry, Session } from './clients.ts';
import { audienceEvents, heldStories, publicInstallation, publicEvents } from './public-log.ts';
import { clientAddress as addressOf } from './client-address.ts';
import type { OperatorGuard } from './operator-guard.ts';
import { sameJoinCode } from './secrets.ts';
import type { BucketSpec, RateLimiter } from './rate-limit.ts';
import { fail, invalid, rateLimited } from './replies.ts';
import type { ShowRequests } from './requests.ts';
import type { ShowLog } from './show-log.ts';

export type ShowServer = Server<ClientToServerEvents, ServerToClientEvents>;
type ShowSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** Rooms, one per role (each gets its own view of the log, see eventsFor): viewers in `public`, phones in
 * `audience`, operators in `operators`. */
export const PUBLIC_ROOM = 'public';
export const AUDIENCE_ROOM = 'audience';
export const OPERATOR_ROOM = 'operators';
const ROOMS: Readonly<Record<Role, string>> = { viewer: PUBLIC_ROOM, audience: AUDIENCE_ROOM, operator: OPERATOR_ROOM };

const HELLO_LIMIT: BucketSpec = { burst: 30, perSecond: 2 };
const CLOCK_LIMIT: BucketSpec = { burst: 40, perSecond: 10 };
const STATS_LIMIT: BucketSpec = { burst: 3, perSecond: 1 };
/** Every message of a connection, valid or not: a client that floods is answered rate-limited. */
const MESSAGE_LIMIT: BucketSpec = { burst: 60, perSecond: 20 };

export interface SocketContext {
  readonly io: ShowServer;
  readonly show: ShowLog;
  readonly requests: ShowRequests;
  readonly clients: ClientRegistry;
  readonly limiter: RateLimiter;
  /** Judges the operator token (shared with the HTTP endpoints that take it). */
  readonly operatorGuard: OperatorGuard;
  /** Take the client's address from X-Forwarded-For (behind a reverse proxy or load balancer). */
  readonly trustProxy: boolean;
  /** The installation's current errors (empty when the folder on disk is valid). */
  readonly errors: () => readonly Diagnostic[];
  readonly warn: (message: string) => void;
  /** Called when the client list changed (the operators' list is refreshed, throttled). */
  readonly clientsChanged: () => void;
}


type Ack<R> = (reply: R) => void;
/** A client may send a request without an acknowledgement callback; the reply is then dropped. */
const ackOf = <R>(ack: unknown): Ack<R> => (typeof ack === 'function' ? (ack as Ack<R>) : () => {});

/** What a viewer or a phone may see of `events`, or all of them for the operator. */
export function eventsFor(role: Role, events: readonly ShowEvent[], show: ShowLog): readonly ShowEvent[] {
  const base = show.base();
  if (role === 'operator' || !base) return events;
  return role === 'audience' ? audienceEvents(events, show.log, base) : publicEvents(events, show.log, base);
}

/** The address limits count against: the socket's peer, or with a trusted proxy the first address of
 * X-Forwarded-For (the client the proxy saw). Without the option that header is ignored: anyone can send it. */
function clientAddress(socket: ShowSocket, trustProxy: boolean): string {
  return addressOf(socket.handshake.headers, socket.handshake.address, trustProxy);
}

export function attachSockets(ctx: SocketContext): void {
  ctx.io.on('connection', (socket) => onConnection(ctx, socket));
}

function onConnection(ctx: SocketContext, socket: ShowSocket): void {
  const address = clientAddress(socket, ctx.trustProxy);
  let session: Session | undefined;
  let pingAtMs: number | undefined;

  // Server-measured latency: engine.io's heartbeat (the server pings, every client pongs).
  socket.conn.on('packetCreate', (p: { type: string }) => {
    if (p.type === 'ping') pingAtMs = performance.now();
  });
  socket.conn.on('packet', (p: { type: string }) => {
    if (p.type === 'pong' && pingAtMs !== undefined && session) {
      session.latencyMs = Math.round((performance.now() - pingAtMs) * 100) / 100;
      ctx.clientsChanged();
    }
  });

  /** Checks the flood limit and the hello; returns the session or the reply to send. */
  const gate = (event: string, roles: readonly Role[]): Session | Reply => {
    const wait = ctx.limiter.take(`messages:${socket.id}`, MESSAGE_LIMIT);
    if (wait > 0) return rateLimited('messages on this connection', wait);
    if (!session) return fail('no-hello', `${event} before hello`, 'send hello { role, clientId, ... } first and wait for its answer');
    if (!roles.includes(session.role)) {
      ctx.warn(`refused ${event} from ${session.role} ${session.clientId} at ${address}: only ${roles.join(' or ')} may`);
      return fail('forbidden', `a ${session.role} may not send ${event}`, `${event} is for ${roles.join(' or ')} connections`);
    }
    return session;
  };

  /** Runs a request for the given roles; a failure to store answers `unavailable` and changes nothing. */
  const handle = <R extends Reply>(event: string, roles: readonly Role[], ack: unknown, run: (s: Session) => Promise<R> | R): void => {
    const reply = ackOf<R | Reply>(ack);
    const g = gate(event, roles);
    if ('ok' in g) return reply(g);
    Promise.resolve()
      .then(() => run(g))
      .then(reply, (e: unknown) => {
        ctx.warn(`${event} from ${g.clientId} failed: ${e instanceof Error ? e.message : String(e)}`);
        reply(fail('unavailable', `the server could not store ${event}`, 'try again in a moment; a retried story is never stored twice'));
      });
  };

  socket.on('hello', (raw, ack) => {
    const reply = ackOf<Reply<Welcome>>(ack);
    const wait = ctx.limiter.take(`hello:${address}`, HELLO_LIMIT);
    if (wait > 0) return reply(rateLimited('connections from this address', wait));
    if (session) return reply(fail('invalid', 'hello was already answered on this connection', 'open a new connection to change role'));
    const parsed = helloMessage.safeParse(raw);
    if (!parsed.success) return reply(invalid('hello', parsed.error, 'send { role: "viewer" | "audience" | "operator", clientId, lastSeq?, version?, token?, joinCode?, display? }'));
    const msg = parsed.data;
    const installation = ctx.show.current();
    if (!installation) return reply(fail('unavailable', 'the show is starting', 'try again in a moment'));
    if (msg.role === 'operator') {
      const refused = ctx.operatorGuard.check(msg.token, address, 'socket hello');
      if (refused) return reply(refused);
    } else {
      const code = installation.spec.audience.joinCode;
      if (code !== undefined && !sameJoinCode(msg.joinCode, code)) {
        return reply(fail('unauthorized', msg.joinCode ? 'wrong join code' : 'this show asks for a join code', 'the code is on the posters in the room (or ask the operator)'));
      }
    }
    session = ctx.clients.add({
      socketId: socket.id, role: msg.role, clientId: msg.clientId, address, connectedAt: ctx.show.now(),
      ...(msg.display !== undefined ? { display: msg.display } : {}),
    });
    // Join the room, then read the log, in one tick: every later event reaches this client as a broadcast.
    void socket.join(ROOMS[msg.role]);
    const log = ctx.show.log;
    const reset = msg.lastSeq > log.lastSeq;
    const events = eventsFor(msg.role, log.since(reset ? 0 : msg.lastSeq), ctx.show);
    reply({
      ok: true, role: msg.role, serverTime: ctx.show.now(), version: installation.version, events,
      ...(msg.version === installation.version ? {} : { installation: msg.role === 'operator' ? installation : publicInstallation(installation) }),
      ...(reset ? { reset: true } : {}),
    });
    if (msg.role === 'operator') {
      const base = ctx.show.base();
      socket.emit('queue', base ? heldStories(log, base) : []);
      socket.emit('installation:errors', ctx.errors());
      socket.emit('clients', ctx.clients.list());
    }
    ctx.clientsChanged();
  });

  socket.on('clock:ping', (_clientSendMs, ack) => {
    // The answer is the shared clock at receipt; a client over its limit gets no answer (its sample times out).
    if (typeof ack !== 'function') return;
    if (ctx.limiter.take(`clock:${socket.id}`, CLOCK_LIMIT) > 0) return;
    ack(ctx.show.now());
  });

  const PHONE: readonly Role[] = ['audience', 'operator'];
  const OPERATOR: readonly Role[] = ['operator'];
  socket.on('story:submit', (raw, ack) => handle('story:submit', PHONE, ack, (s) => ctx.requests.submitStory(s, raw)));
  socket.on('reaction', (raw, ack) => handle('reaction', PHONE, ack, (s) => ctx.requests.react(s, raw)));
  socket.on('cue', (raw, ack) => handle('cue', OPERATOR, ack, (s) => ctx.requests.cue(s, raw)));
  socket.on('glitch', (raw, ack) => handle('glitch', OPERATOR, ack, (s) => ctx.requests.glitch(s, raw)));
  socket.on('moderate', (raw, ack) => handle('moderate', OPERATOR, ack, (s) => ctx.requests.moderate(s, raw)));
  socket.on('archive:export', (ack) => handle('archive:export', OPERATOR, ack, () => ctx.requests.archive(ctx.show.now())));
  socket.on('stats', (raw) => {
    if (!session || ctx.limiter.take(`stats:${socket.id}`, STATS_LIMIT) > 0) return;
    const parsed = statsMessage.safeParse(raw);
    if (!parsed.success) return;
    session.stats = parsed.data;
    session.statsAt = ctx.show.now();
    ctx.clientsChanged();
  });

  socket.on('disconnect', () => {
    if (session) ctx.clients.remove(socket.id);
    ctx.clientsChanged();
  });
}
