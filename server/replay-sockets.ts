import type { Server, Socket } from 'socket.io';
import type { Archive } from '../src/core/archive.ts';
import { showIdentity, type EventLog } from '../src/core/event-log.ts';
import { applyTransport, type Transport } from '../src/core/transport.ts';
import type { Seconds } from '../src/core/units.ts';
import {
  helloMessage,
  statsMessage,
  transportMessage,
  type ClientToServerEvents,
  type ErrorReply,
  type Reply,
  type ServerToClientEvents,
  type Welcome,
} from '../src/net/protocol.ts';
import type { AddressGate } from './address-gate.ts';
import { clientAddress } from './client-address.ts';
import type { ClientRegistry, Session } from './clients.ts';
import { FloodGuard } from './flood-guard.ts';
import { CLOCK_PER_CONNECTION, HELLO_PER_ADDRESS, HELLO_TIMEOUT, STATS_PER_CONNECTION } from './limits.ts';
import type { OperatorGuard } from './operator-guard.ts';
import { TokenBucket, type RateLimiter } from './rate-limit.ts';
import { fail, invalid, rateLimited, refuse } from './replies.ts';

export type ReplayIo = Server<ClientToServerEvents, ServerToClientEvents>;
type ReplaySocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** Operators' room: they receive the client list. Everyone is in the default namespace for `transport`. */
export const REPLAY_OPERATORS = 'operators';

export interface ReplaySocketContext {
  readonly io: ReplayIo;
  readonly archive: Archive;
  /** The archive's log, indexed once. */
  readonly log: EventLog;
  /** The replay server's clock, seconds (what clock:ping answers and the transport is anchored to). */
  readonly now: () => Seconds;
  readonly transport: () => Transport;
  readonly setTransport: (next: Transport) => void;
  readonly clients: ClientRegistry;
  readonly limiter: RateLimiter;
  readonly gate: AddressGate;
  readonly operatorGuard: OperatorGuard;
  readonly trustProxy: boolean;
  readonly warn: (message: string) => void;
  readonly clientsChanged: () => void;
}

/** What a replay refuses: everything that would add to a show that is over. */
const WRITES = ['story:submit', 'reaction', 'cue', 'glitch', 'blackout', 'hold', 'moderate'] as const;
const ANSWERED = ['hello', 'clock:ping', 'stats', 'archive:export', 'transport'] as const;
/** A request added to the protocol fails to compile here until the replay decides: answer it or refuse it. */
const everyRequestDecided: [Exclude<keyof ClientToServerEvents, (typeof WRITES)[number] | (typeof ANSWERED)[number]>] extends [never] ? true : never = true;
void everyRequestDecided;
const REPLAY_EVENTS: ReadonlySet<string> = new Set<keyof ClientToServerEvents>([...ANSWERED, ...WRITES]);

type Ack<R> = (reply: R) => void;
function request<R>(args: readonly unknown[]): [unknown, Ack<R>] {
  const last = args.at(-1);
  const ack = typeof last === 'function' ? (last as Ack<R>) : () => {};
  return [typeof args[0] === 'function' ? undefined : args[0], ack];
}

/**
 * The socket side of `meshwork replay`: the protocol of a live show (server/PROTOCOL.md) over an archive
 * that no longer changes. Every role receives the archive's log (it already is what may be kept and shown);
 * the clock is the replay server's; the welcome and a `transport` push carry the transport, which the
 * operator (or a page holding the operator's token) changes. Stories, reactions, cues, glitches and
 * moderation are refused (`rejected`): the show is over. The same limits as a live show's guard it (hello
 * per address, flood guard, clock and stats buckets, the operator token's back-off).
 */
export function attachReplaySockets(ctx: ReplaySocketContext): void {
  ctx.io.engine.on('connection', (conn: { request: import('node:http').IncomingMessage; once: (e: 'close', f: () => void) => void }) => {
    const address = ctx.gate.address(conn.request);
    ctx.gate.opened(address);
    conn.once('close', () => ctx.gate.closed(address));
  });
  ctx.io.on('connection', (socket) => onConnection(ctx, socket));
}

function bye(socket: ReplaySocket, reason: ErrorReply): void {
  socket.emit('bye', reason);
  socket.disconnect();
  socket.conn.close();
}

function onConnection(ctx: ReplaySocketContext, socket: ReplaySocket): void {
  const address = clientAddress(socket.handshake.headers, socket.handshake.address, ctx.trustProxy);
  let session: Session | undefined;
  const guard = new FloodGuard(ctx.now, (why) => {
    const seconds = ctx.gate.slowDown(address);
    ctx.warn(`dropped a replay connection from ${address} for flooding: ${why}`);
    bye(socket, fail('rate-limited', `this connection was closed for flooding: ${why}`, 'wait retryAfter seconds, then reconnect and send less', seconds));
  });
  socket.conn.on('packet', () => guard.frame());
  socket.use((packet, next) => {
    const wait = guard.event();
    const event: unknown = packet[0];
    if (wait === 0 && typeof event === 'string' && REPLAY_EVENTS.has(event)) return next();
    const ack = packet.at(-1);
    if (typeof ack !== 'function' || event === 'clock:ping' || !Number.isFinite(wait)) return;
    (ack as Ack<Reply>)(
      wait > 0
        ? rateLimited('messages on this connection', wait)
        : fail('invalid', `unknown event "${String(event).slice(0, 64)}"`, `the events are ${[...REPLAY_EVENTS].join(', ')} (server/PROTOCOL.md)`),
    );
  });
  const helloTimer = setTimeout(() => {
    if (!session)
      bye(socket, fail('no-hello', `no hello within ${HELLO_TIMEOUT} s of connecting`, 'send hello { role, clientId, ... } right after connecting', 1));
  }, HELLO_TIMEOUT * 1000);
  helloTimer.unref();
  const clock = new TokenBucket(CLOCK_PER_CONNECTION, ctx.now);
  const statsBucket = new TokenBucket(STATS_PER_CONNECTION, ctx.now);

  socket.on('hello', (...args: unknown[]) => {
    const [raw, reply] = request<Reply<Welcome>>(args);
    if (session) return reply(fail('invalid', 'hello was already answered on this connection', 'open a new connection to change role'));
    const wait = ctx.limiter.take(`hello:address:${address}`, HELLO_PER_ADDRESS);
    if (wait > 0) return reply(rateLimited('hellos from this address', wait));
    const parsed = helloMessage.safeParse(raw);
    if (!parsed.success)
      return reply(invalid('hello', parsed.error, 'send { role: "viewer" | "audience" | "operator", clientId, lastSeq?, version?, token?, display? }'));
    const msg = parsed.data;
    if (msg.role === 'operator') {
      const refused = ctx.operatorGuard.check(msg.token, address, 'socket hello');
      if (refused) return reply(refused);
    }
    clearTimeout(helloTimer);
    session = ctx.clients.add({
      socketId: socket.id,
      role: msg.role,
      clientId: msg.clientId,
      device: msg.clientId,
      address,
      connectedAt: ctx.now(),
      ...(msg.display !== undefined ? { display: msg.display } : {}),
    });
    if (msg.role === 'operator') void socket.join(REPLAY_OPERATORS);
    const { installation } = ctx.archive;
    const reset = msg.lastSeq > ctx.log.lastSeq;
    const show = showIdentity(ctx.log);
    reply({
      ok: true,
      role: msg.role,
      serverTime: ctx.now(),
      version: installation.version,
      events: ctx.log.since(reset ? 0 : msg.lastSeq),
      transport: ctx.transport(),
      ...(show !== undefined ? { show } : {}),
      ...(msg.version === installation.version ? {} : { installation }),
      ...(reset ? { reset: true } : {}),
    });
    if (msg.role === 'operator') {
      socket.emit('queue', []);
      socket.emit('installation:errors', []);
      socket.emit('clients', ctx.clients.list());
    }
    ctx.clientsChanged();
  });

  socket.on('clock:ping', (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function' || clock.take() > 0) return;
    (ack as Ack<Seconds>)(ctx.now());
  });

  for (const event of WRITES) {
    socket.on(event, (...args: unknown[]) => {
      const [, reply] = request<Reply>(args);
      if (!session) return reply(fail('no-hello', `${event} before hello`, 'send hello first'));
      reply(
        refuse(
          'rejected',
          'replay',
          `this is a replay of a past show: ${event} cannot change it`,
          'the archive plays as the room saw it; a live show takes stories and cues',
        ),
      );
    });
  }

  socket.on('archive:export', (...args: unknown[]) => {
    const [, reply] = request<Reply<{ archive: Archive }>>(args);
    if (!session) return reply(fail('no-hello', 'archive:export before hello', 'send hello first'));
    if (session.role !== 'operator')
      return reply(fail('forbidden', `a ${session.role} may not send archive:export`, 'archive:export is for operator connections'));
    reply({ ok: true, archive: ctx.archive });
  });

  socket.on('transport', (...args: unknown[]) => {
    const [raw, reply] = request<Reply<{ transport: Transport }>>(args);
    if (!session) return reply(fail('no-hello', 'transport before hello', 'send hello first'));
    const parsed = transportMessage.safeParse(raw);
    if (!parsed.success)
      return reply(invalid('transport', parsed.error, 'send { action: "play" | "pause" } or { action: "seek", t } or { action: "speed", rate }'));
    const { token, ...change } = parsed.data;
    // Operators hold the token by their hello; a page (the desktop's transport bar) shows it with the request.
    if (session.role !== 'operator') {
      const refused = ctx.operatorGuard.check(token, address, 'transport');
      if (refused) return reply(refused);
    }
    const next = applyTransport(ctx.transport(), change, ctx.now());
    if ('error' in next) return reply(fail('invalid', next.error, next.hint));
    ctx.setTransport(next);
    reply({ ok: true, transport: next });
  });

  socket.on('stats', (...args: unknown[]) => {
    const [raw, reply] = request<Reply>(args);
    if (!session) return reply(fail('no-hello', 'stats before hello', 'send hello first'));
    if (statsBucket.take() > 0) return reply(rateLimited('stats on this connection', 1));
    const parsed = statsMessage.safeParse(raw);
    if (!parsed.success) return reply(invalid('stats', parsed.error, 'send { fps?, rttMs?, offsetMs?, t?, soundOn?, particles? }'));
    session.stats = parsed.data;
    session.statsAt = ctx.now();
    ctx.clientsChanged();
    reply({ ok: true });
  });

  socket.on('disconnect', () => {
    clearTimeout(helloTimer);
    if (session) ctx.clients.remove(socket.id);
    ctx.clientsChanged();
  });
}
