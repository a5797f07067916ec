import { showIdentity } from '../src/core/event-log.ts';
import type { IncomingMessage } from 'node:http';
import type { Server, Socket } from 'socket.io';
import type { Diagnostic } from '../src/core/diagnostics.ts';
import type { ShowEvent } from '../src/core/events.ts';
import { installationFor, viewEvents } from '../src/core/projection.ts';
import { heldStories } from '../src/core/stories.ts';
import {
  helloMessage,
  statsMessage,
  type ClientToServerEvents,
  type ErrorReply,
  type Reply,
  type Role,
  type ServerToClientEvents,
  type Welcome,
} from '../src/net/protocol.ts';
import type { Seconds } from '../src/core/units.ts';
import type { AddressGate } from './address-gate.ts';
import type { ClientRegistry, Session } from './clients.ts';
import { clientAddress } from './client-address.ts';
import type { DeviceIdentities } from './devices.ts';
import { FloodGuard } from './flood-guard.ts';
import {
  CLOCK_PER_CONNECTION,
  HELLO_PER_ADDRESS,
  HELLO_PER_DEVICE,
  HELLO_TIMEOUT,
  NEW_DEVICES_PER_ADDRESS,
  PROTOCOL_ERRORS_PER_ADDRESS,
  STATS_PER_CONNECTION,
} from './limits.ts';
import type { OperatorGuard } from './operator-guard.ts';
import { sameJoinCode } from './secrets.ts';
import { TokenBucket, type RateLimiter } from './rate-limit.ts';
import { fail, invalid, rateLimited, refuse } from './replies.ts';
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

export interface SocketContext {
  readonly io: ShowServer;
  readonly show: ShowLog;
  readonly requests: ShowRequests;
  readonly clients: ClientRegistry;
  readonly limiter: RateLimiter;
  /** Signs and checks device identities (what per-device limits count against). */
  readonly devices: DeviceIdentities;
  /** Admission per address; told of every connection opened and closed, and of floods. */
  readonly gate: AddressGate;
  /** Seconds a connection may stay open without being welcomed. Default HELLO_TIMEOUT. */
  readonly helloTimeout?: Seconds;
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

/** Every event a client may send (server/PROTOCOL.md); others are answered `invalid` when they ask. */
const CLIENT_EVENTS: ReadonlySet<string> = new Set<keyof ClientToServerEvents>([
  'hello',
  'clock:ping',
  'story:submit',
  'reaction',
  'cue',
  'glitch',
  'blackout',
  'hold',
  'moderate',
  'stats',
  'archive:export',
]);

type Ack<R> = (reply: R) => void;
/** A request's payload and its acknowledgement: socket.io passes the callback last, after however many
 * arguments the client sent (extra ones are ignored). Without a callback the reply is dropped. */
function request<R>(args: readonly unknown[]): [unknown, Ack<R>] {
  const last = args.at(-1);
  const ack = typeof last === 'function' ? (last as Ack<R>) : () => {};
  return [typeof args[0] === 'function' ? undefined : args[0], ack];
}

/** What a role may see of `events` (events of the show's log): the view of src/core/projection.ts. */
export function eventsFor(role: Role, events: readonly ShowEvent[], show: ShowLog): readonly ShowEvent[] {
  return viewEvents(role, events, show.log, show.base());
}

export function attachSockets(ctx: SocketContext): void {
  // Live connections per address, for the gate's cap: every Engine.IO session, welcomed or not.
  ctx.io.engine.on('connection', (conn: { request: IncomingMessage; once: (e: 'close', f: () => void) => void }) => {
    const address = ctx.gate.address(conn.request);
    ctx.gate.opened(address);
    conn.once('close', () => ctx.gate.closed(address));
  });
  ctx.io.on('connection', (socket) => onConnection(ctx, socket));
}

/** Tells the client why it is being disconnected (the `bye` push), then closes the connection: a socket.io
 * client hears `io server disconnect` (and waits for its application to reconnect, after retryAfter); one
 * that ignores it is closed anyway, once what is queued for it has been written. */
function bye(socket: ShowSocket, reason: ErrorReply): void {
  socket.emit('bye', reason);
  socket.disconnect();
  socket.conn.close();
}

function onConnection(ctx: SocketContext, socket: ShowSocket): void {
  const address = clientAddress(socket.handshake.headers, socket.handshake.address, ctx.trustProxy);
  let session: Session | undefined;
  let pingAtMs: number | undefined;
  const now = () => ctx.show.now();

  // Floods: every frame and every event counts; a flooding connection is dropped and its address slowed.
  const guard = new FloodGuard(now, (why) => {
    const seconds = ctx.gate.slowDown(address);
    ctx.warn(
      `dropped a connection from ${address} (${session ? `${session.role} ${session.clientId}` : 'no hello'}) for flooding: ${why}; new connections from it are slowed for ${seconds} s`,
    );
    bye(socket, fail('rate-limited', `this connection was closed for flooding: ${why}`, 'wait retryAfter seconds, then reconnect and send less', seconds));
  });
  socket.conn.on('packet', () => guard.frame());
  socket.use((packet, next) => {
    const wait = guard.event();
    const event: unknown = packet[0];
    if (wait === 0 && typeof event === 'string' && CLIENT_EVENTS.has(event)) return next();
    // Refused or unknown: answered when it asked for an answer (a clock sample is not: its ack is a bare number).
    const ack = packet.at(-1);
    if (typeof ack !== 'function' || event === 'clock:ping' || !Number.isFinite(wait)) return;
    (ack as Ack<Reply>)(
      wait > 0
        ? rateLimited('messages on this connection', wait)
        : fail('invalid', `unknown event "${String(event).slice(0, 64)}"`, `the events are ${[...CLIENT_EVENTS].join(', ')} (server/PROTOCOL.md)`),
    );
  });

  // Nothing stays connected but unwelcomed: a client that never says hello is told so and closed.
  const helloTimer = setTimeout(
    () => {
      if (!session)
        bye(
          socket,
          fail(
            'no-hello',
            `no hello within ${ctx.helloTimeout ?? HELLO_TIMEOUT} s of connecting`,
            'send hello { role, clientId, ... } right after connecting; reconnect now',
            1,
          ),
        );
    },
    (ctx.helloTimeout ?? HELLO_TIMEOUT) * 1000,
  );
  helloTimer.unref();
  const clock = new TokenBucket(CLOCK_PER_CONNECTION, now);
  const statsBucket = new TokenBucket(STATS_PER_CONNECTION, now);

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

  /** Checks the hello and the role; returns the session or the reply to send. */
  const gate = (event: string, roles: readonly Role[]): Session | Reply => {
    if (!session) return fail('no-hello', `${event} before hello`, 'send hello { role, clientId, ... } first and wait for its answer');
    if (!roles.includes(session.role)) {
      ctx.warn(`refused ${event} from ${session.role} ${session.clientId} at ${address}: only ${roles.join(' or ')} may`);
      return fail('forbidden', `a ${session.role} may not send ${event}`, `${event} is for ${roles.join(' or ')} connections`);
    }
    return session;
  };

  /** Runs a request for the given roles; a failure to store answers `unavailable` and changes nothing. */
  const handle = <R extends Reply>(
    event: string,
    roles: readonly Role[],
    args: readonly unknown[],
    run: (s: Session, raw: unknown) => Promise<R> | R,
  ): void => {
    const [raw, reply] = request<R | Reply>(args);
    const g = gate(event, roles);
    if ('ok' in g) return reply(g);
    Promise.resolve()
      .then(() => run(g, raw))
      .then(reply, (e: unknown) => {
        ctx.warn(`${event} from ${g.clientId} failed: ${e instanceof Error ? e.message : String(e)}`);
        reply(fail('unavailable', `the server could not store ${event}`, 'try again in a moment; a retried story is never stored twice'));
      });
  };

  socket.on('hello', (...args: unknown[]) => {
    const [raw, reply] = request<Reply<Welcome>>(args);
    if (session) return reply(fail('invalid', 'hello was already answered on this connection', 'open a new connection to change role'));
    // Every hello counts against its address's ceiling (sized for a room), a valid one also against its device.
    const wait = ctx.limiter.take(`hello:address:${address}`, HELLO_PER_ADDRESS);
    if (wait > 0)
      return reply(rateLimited(`hellos from this address (a room's ceiling: ${HELLO_PER_ADDRESS.burst} at once, then ${HELLO_PER_ADDRESS.perSecond}/s)`, wait));
    const parsed = helloMessage.safeParse(raw);
    if (!parsed.success)
      return reply(
        invalid('hello', parsed.error, 'send { role: "viewer" | "audience" | "operator", clientId, lastSeq?, version?, token?, joinCode?, display?, device? }'),
      );
    const msg = parsed.data;
    const installation = ctx.show.current();
    if (!installation) return reply(refuse('unavailable', 'show-starting', 'the show is starting', 'try again in a moment', undefined, 1));
    if (msg.role === 'operator') {
      const refused = ctx.operatorGuard.check(msg.token, address, 'socket hello');
      if (refused) return reply(refused);
    } else {
      const code = installation.spec.audience.joinCode;
      if (code !== undefined && !sameJoinCode(msg.joinCode, code)) {
        return reply(
          refuse(
            'unauthorized',
            msg.joinCode ? 'join-code-wrong' : 'join-code-missing',
            msg.joinCode ? 'wrong join code' : 'this show asks for a join code',
            'the code is on the posters in the room (or ask the operator)',
          ),
        );
      }
    }
    // The device: the one its token names, else a new identity (bounded per address).
    const known = ctx.devices.verify(msg.device);
    const deviceWait = known
      ? ctx.limiter.take(`hello:device:${known}`, HELLO_PER_DEVICE)
      : ctx.limiter.take(`devices:new:${address}`, NEW_DEVICES_PER_ADDRESS);
    if (deviceWait > 0) return reply(rateLimited(known ? 'hellos from this device' : 'new devices from this address', deviceWait));
    const device = known !== undefined && msg.device !== undefined ? { id: known, token: msg.device } : ctx.devices.issue();
    clearTimeout(helloTimer);
    session = ctx.clients.add({
      socketId: socket.id,
      role: msg.role,
      clientId: msg.clientId,
      device: device.id,
      address,
      connectedAt: ctx.show.now(),
      ...(msg.display !== undefined ? { display: msg.display } : {}),
    });
    // Join the room, then read the log, in one tick: every later event reaches this client as a broadcast.
    void socket.join(ROOMS[msg.role]);
    const log = ctx.show.log;
    const reset = msg.lastSeq > log.lastSeq;
    const events = eventsFor(msg.role, log.since(reset ? 0 : msg.lastSeq), ctx.show);
    reply({
      ok: true,
      role: msg.role,
      serverTime: ctx.show.now(),
      version: installation.version,
      events,
      device: device.token,
      ...(showIdentity(log) !== undefined ? { show: showIdentity(log) } : {}),
      ...(msg.version === installation.version ? {} : { installation: installationFor(msg.role, installation) }),
      ...(reset ? { reset: true } : {}),
    });
    if (msg.role === 'operator') {
      socket.emit('queue', heldStories(log, ctx.show.base()));
      socket.emit('installation:errors', ctx.errors());
      socket.emit('clients', ctx.clients.list());
    }
    ctx.clientsChanged();
  });

  socket.on('clock:ping', (...args: unknown[]) => {
    // The answer is the shared clock at receipt; a client over its limit gets no answer (its sample times out).
    const ack = args.at(-1);
    if (typeof ack !== 'function' || clock.take() > 0) return;
    (ack as Ack<Seconds>)(ctx.show.now());
  });

  const PHONE: readonly Role[] = ['audience', 'operator'];
  const OPERATOR: readonly Role[] = ['operator'];
  socket.on('story:submit', (...args: unknown[]) => handle('story:submit', PHONE, args, (s, raw) => ctx.requests.submitStory(s, raw)));
  socket.on('reaction', (...args: unknown[]) => handle('reaction', PHONE, args, (s, raw) => ctx.requests.react(s, raw)));
  socket.on('cue', (...args: unknown[]) => handle('cue', OPERATOR, args, (s, raw) => ctx.requests.cue(s, raw)));
  socket.on('glitch', (...args: unknown[]) => handle('glitch', OPERATOR, args, (s, raw) => ctx.requests.glitch(s, raw)));
  socket.on('blackout', (...args: unknown[]) => handle('blackout', OPERATOR, args, (s, raw) => ctx.requests.blackout(s, raw)));
  socket.on('hold', (...args: unknown[]) => handle('hold', OPERATOR, args, (s, raw) => ctx.requests.hold(s, raw)));
  socket.on('moderate', (...args: unknown[]) => handle('moderate', OPERATOR, args, (s, raw) => ctx.requests.moderate(s, raw)));
  socket.on('archive:export', (...args: unknown[]) => handle('archive:export', OPERATOR, args, () => ctx.requests.archive(ctx.show.now())));
  // Stats need no answer; one is given when asked for (every acknowledged message gets one).
  socket.on('stats', (...args: unknown[]) => {
    const [raw, reply] = request<Reply>(args);
    if (!session) return reply(fail('no-hello', 'stats before hello', 'send hello first'));
    const wait = statsBucket.take();
    if (wait > 0) return reply(rateLimited('stats on this connection', wait));
    const parsed = statsMessage.safeParse(raw);
    if (!parsed.success) return reply(invalid('stats', parsed.error, 'send { fps?, rttMs?, offsetMs?, t?, soundOn?, particles? }'));
    session.stats = parsed.data;
    session.statsAt = ctx.show.now();
    ctx.clientsChanged();
    reply({ ok: true });
  });

  // A frame the parser refuses closes the connection (socket.io does); an address that keeps sending them
  // is slowed down like a flooder's.
  socket.on('error', (e: Error) => {
    if (ctx.limiter.take(`protocol-errors:${address}`, PROTOCOL_ERRORS_PER_ADDRESS) === 0) return;
    const seconds = ctx.gate.slowDown(address);
    ctx.warn(`connection from ${address} closed: ${e.message}; new connections from it are slowed for ${seconds} s (repeated invalid frames)`);
  });
  socket.on('disconnect', () => {
    clearTimeout(helloTimer);
    if (session) ctx.clients.remove(socket.id);
    ctx.clientsChanged();
  });
}
