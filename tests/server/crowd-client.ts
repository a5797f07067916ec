import { io } from 'socket.io-client';
import type { ErrorReply, Hello, Reply, Welcome } from '../../src/net/protocol.ts';
import type { Client } from './show-server.ts';

/**
 * A small client written from server/PROTOCOL.md alone, for crowd and storm tests: it says hello on every
 * connection with the device and lastSeq it holds, and retries what is refused or lost with exponential
 * back-off and jitter, never sooner than the server's `retryAfter` (from a refused hello or a `bye`).
 * Transport failures are retried by socket.io-client's own reconnection (0.5 s growing to 5 s, jittered).
 */
export interface CrowdClient {
  readonly socket: Client;
  /** Welcomes received, over every connection. */
  readonly welcomes: number;
  /** Refusals seen (hello replies and byes), by code. */
  readonly refusals: Readonly<Record<string, number>>;
  /** The device identity the server issued (sent back on every hello). */
  readonly device: string | undefined;
  /** Disconnections seen, by reason. */
  readonly disconnects: Readonly<Record<string, number>>;
  /** Resolves at the next welcome after `count` welcomes. */
  welcomed(count?: number): Promise<Welcome>;
  /** Sends a request until it is answered (a story retried under its id is stored once): after a lost
   * connection it waits for the next welcome, after a refusal with retryAfter it waits that long. */
  request<R extends Reply>(event: 'story:submit' | 'reaction', payload: object): Promise<R>;
  close(): void;
}

export interface CrowdClientOptions {
  /** The local address to connect from (any of 127.0.0.0/8 on Linux): one NAT address, or several. */
  readonly localAddress?: string;
  /** Jitter source in [0, 1). */
  readonly random: () => number;
  readonly device?: string;
}

export function crowdClient(url: string, hello: Omit<Hello, 'device' | 'lastSeq'>, options: CrowdClientOptions): CrowdClient {
  // localAddress reaches engine.io-client's WebSocket transport (ws) in Node; the typings leave it out.
  const transport: Record<string, unknown> = options.localAddress ? { localAddress: options.localAddress } : {};
  const socket: Client = io(url, {
    forceNew: true,
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
    timeout: 20_000,
    ...transport,
  });
  let device = options.device;
  let lastSeq = 0;
  let version: string | undefined;
  let welcomes = 0;
  let attempt = 0;
  let closed = false;
  let last: Welcome | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refusals: Record<string, number> = {};
  const disconnects: Record<string, number> = {};
  const waiters: { count: number; resolve: (w: Welcome) => void }[] = [];
  /** Exponential back-off (0.5 s doubling to 8 s) with full jitter, never under the server's retryAfter. */
  const delayMs = (retryAfter: number | undefined) => {
    const backoff = Math.min(8000, 500 * 2 ** Math.min(attempt++, 4)) * (0.5 + options.random());
    return Math.max(backoff, (retryAfter ?? 0) * 1000 * (1 + 0.25 * options.random()));
  };
  const later = (ms: number, f: () => void) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => !closed && f(), ms);
  };
  const refused = (r: ErrorReply) => (refusals[r.code ?? 'none'] = (refusals[r.code ?? 'none'] ?? 0) + 1);

  const sayHello = async (): Promise<void> => {
    let r: Reply<Welcome>;
    try {
      r = await socket.timeout(15_000).emitWithAck('hello', { ...hello, lastSeq, ...(device ? { device } : {}), ...(version ? { version } : {}) });
    } catch {
      if (socket.connected) later(delayMs(undefined), () => void sayHello());
      return;
    }
    if (!r.ok) {
      refused(r);
      // Refusals a retry cannot cure (a wrong token, an invalid hello) carry no retryAfter: stop.
      if (r.retryAfter !== undefined && socket.connected) later(delayMs(r.retryAfter), () => void sayHello());
      return;
    }
    attempt = 0;
    welcomes++;
    device = r.device ?? device;
    version = r.version;
    lastSeq = r.events.at(-1)?.seq ?? lastSeq;
    last = r;
    for (const w of waiters.splice(0)) {
      if (welcomes > w.count) w.resolve(r);
      else waiters.push(w);
    }
  };
  let byeAfter: number | undefined;
  socket.on('connect', () => void sayHello());
  socket.on('events', (events) => (lastSeq = events.at(-1)?.seq ?? lastSeq));
  socket.on('bye', (reason) => {
    refused(reason);
    byeAfter = reason.retryAfter;
  });
  socket.on('disconnect', (reason) => {
    disconnects[reason] = (disconnects[reason] ?? 0) + 1;
    // socket.io-client does not reconnect by itself after the server closed the connection: do it here.
    if (reason === 'io server disconnect') later(delayMs(byeAfter), () => socket.connect());
    byeAfter = undefined;
  });

  return {
    socket,
    get welcomes() {
      return welcomes;
    },
    get device() {
      return device;
    },
    refusals,
    disconnects,
    async request<R extends Reply>(event: 'story:submit' | 'reaction', payload: object): Promise<R> {
      for (let tries = 0; ; tries++) {
        if (!socket.connected || last === undefined) await this.welcomed(welcomes);
        try {
          const r = (await socket.timeout(30_000).emitWithAck(event, payload as never)) as R;
          const wait = r.ok ? undefined : r.retryAfter;
          if (wait === undefined || tries > 20) return r;
          await new Promise((done) => setTimeout(done, wait * 1000 * (1 + 0.25 * options.random())));
        } catch {
          // Lost with the connection, or timed out: the next welcome brings a connection to retry on.
          if (socket.connected) await new Promise((done) => setTimeout(done, delayMs(undefined)));
        }
      }
    },
    welcomed: (count = welcomes) => new Promise((resolve) => (last && welcomes > count ? resolve(last) : waiters.push({ count, resolve }))),
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      socket.disconnect();
    },
  };
}
