import { createAdapter } from '@socket.io/redis-streams-adapter';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';
import { isOperatorToken } from './operator-token.ts';
import { openRedisStore, type RedisEventStore } from './store/redis-store.ts';

/**
 * Several Meshwork server processes on one show (more phones than one process serves, several machines
 * behind a load balancer): the log lives in Redis (redis-store.ts), and socket.io's Redis Streams adapter
 * joins the processes' rooms.
 *
 * The rule for broadcasting the log (server.ts relies on it): every process sends its own clients, and
 * only those (`io.local`), the events its in-memory mirror (ShowLog) applies, its own and other
 * processes' alike. The mirror applies them in seq order without gaps, so every connection receives the
 * log in seq order, as the protocol promises, whichever process appended what. Broadcasting an event
 * through the adapter from the process that appended it would not: a client of process B could get B's
 * seq 8 at once and A's seq 7 after the hop through Redis. The adapter carries the rest (emits not
 * derived from the log, and room operations across processes).
 */
export interface RedisScaling {
  /** The shared log: pass it to startServer as `store` (the server closes it). */
  readonly store: RedisEventStore;
  /** Pass it to startServer as `adapter`. */
  readonly adapter: NonNullable<ServerOptions['adapter']>;
  /** The secret that signs device identities, shared by every process of the show (kept in Redis): a phone
   * welcomed by one process keeps its identity, and its limits, on another. Pass it as `deviceSecret`. */
  readonly deviceSecret: Uint8Array;
  /** The show's operator token, when this process offered one (`operatorToken` in the options): the one
   * kept in Redis (RedisScalingOptions.operatorToken says which one that is). Pass it to startServer. */
  readonly operatorToken?: string;
  /** Calls `listener` with the show's token each time it changes in Redis (a process started later with an
   * explicit token makes that one the show's): pass it on to the running server. Reads the key every
   * `followEvery` seconds, only when this process offered a token. Returns its cleanup. */
  followOperatorToken(listener: (token: string) => void): () => void;
  /** Closes the adapter's connection to Redis; call it after the server's close(). */
  close(): Promise<void>;
}

export interface RedisScalingOptions {
  /** `redis://host:port` (from `--redis` or MESHWORK_REDIS_URL). */
  readonly url: string;
  /** Prefix of every Redis key of this show (the log, the adapter's stream). Default `meshwork`. */
  readonly prefix?: string;
  readonly warn?: (message: string) => void;
  /**
   * This process's operator token, offered as the show's, so that a console reaches the show through any
   * process with one token:
   * - kept (the one in its data folder; `operatorTokenSet` false): the first process to offer one sets it in
   *   Redis, and every process, this one included, then uses the one there;
   * - explicit (MESHWORK_OPERATOR_TOKEN; `operatorTokenSet` true): it becomes the show's token, replacing a
   *   kept one (processes already running follow it: followOperatorToken). Two different explicit tokens do
   *   not replace each other: the first process to start with one sets it (`<prefix>:operator-token:set`),
   *   and a process started with another one refuses to start, saying so. The show's token changes only
   *   when every process stops and both keys are deleted.
   */
  readonly operatorToken?: string;
  readonly operatorTokenSet?: boolean;
  /** Seconds between reads of the show's token for followOperatorToken. Default 1. */
  readonly followEvery?: number;
}

/** Why a process with an explicit token does not start: another explicit token is the show's. Says which
 * keys to delete, never either token (the message goes to a terminal and a log). */
export function explicitTokenConflict(tokenKey: string, setKey: string): string {
  return (
    `this process's MESHWORK_OPERATOR_TOKEN is not the show's: another process of this show started first with a different one (Redis key ${setKey}). ` +
    "Give every process the same MESHWORK_OPERATOR_TOKEN, or none (a process without one takes the show's); " +
    `to change the show's token, stop every process, run redis-cli DEL ${setKey} ${tokenKey}, and start them again`
  );
}

/** Checks a Redis URL given on the command line; returns an error to print, or undefined when it is fine. */
export function redisUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL: expected redis://host:port (e.g. redis://127.0.0.1:6379)`;
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    return `"${url}" is not a Redis URL: expected redis://host:port, or rediss://host:port for TLS`;
  }
  return undefined;
}

export async function openRedisScaling(options: RedisScalingOptions): Promise<RedisScaling> {
  const problem = redisUrlProblem(options.url);
  if (problem) throw new Error(problem);
  const prefix = options.prefix ?? 'meshwork';
  const store = await openRedisStore({ url: options.url, prefix, ...(options.warn ? { warn: options.warn } : {}) });
  // The adapter gets its own client (it duplicates it for its blocking reads); the store already reports
  // an unreachable Redis, so the adapter's connection errors are not repeated.
  const client = createClient({ url: options.url });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    await store.close();
    throw new Error(`cannot connect the socket.io adapter to Redis at ${options.url}: ${e instanceof Error ? e.message : String(e)}`);
  }
  // The first process to start sets each shared value; every later one reads it (SET NX, then GET).
  const secretKey = `${prefix}:device-secret`;
  let secretHex: string;
  let operatorToken: string | undefined;
  let tokenKey: string | undefined;
  try {
    secretHex = await sharedValue(client, {
      key: secretKey,
      name: 'device secret',
      offered: randomBytes(32).toString('hex'),
      valid: (v) => /^[0-9a-f]{64}$/.test(v),
      fix: `is not 64 hex digits: delete it (redis-cli DEL ${secretKey}) and start again; phones get new identities`,
      url: options.url,
    });
    if (options.operatorToken !== undefined) {
      const key = `${prefix}:operator-token`;
      const setKey = `${key}:set`;
      tokenKey = key;
      const fix = (k: string) =>
        `does not hold an operator token (16-256 of A-Z a-z 0-9 _ -): delete it (redis-cli DEL ${k}) and start again; consoles need the new token`;
      if (options.operatorTokenSet) {
        // The first explicit token wins (SET NX); it then replaces whatever kept token the show had.
        const first = await sharedValue(client, {
          key: setKey,
          name: 'explicit operator token',
          offered: options.operatorToken,
          valid: isOperatorToken,
          fix: fix(setKey),
          url: options.url,
        });
        if (first !== options.operatorToken) throw new Error(explicitTokenConflict(key, setKey));
        await redisCall(options.url, 'operator token', () => client.set(key, first));
        operatorToken = first;
      } else {
        operatorToken = await sharedValue(client, {
          key,
          name: 'operator token',
          offered: options.operatorToken,
          valid: isOperatorToken,
          fix: fix(key),
          url: options.url,
        });
      }
    }
  } catch (e) {
    await store.close();
    await client.close();
    throw e;
  }
  const deviceSecret = Buffer.from(secretHex, 'hex');
  // blockTimeInMs: the adapter's reader notices a close only when its blocking XREAD returns, so a short
  // block lets a stopped process exit within a second (its default of 5 s kept `meshwork serve` waiting).
  const adapter = createAdapter(client, {
    streamName: `${prefix}:socket.io`,
    channelPrefix: `${prefix}:socket.io`,
    blockTimeInMs: 1000,
  }) as NonNullable<ServerOptions['adapter']>;
  const followers = new Set<ReturnType<typeof setInterval>>();
  const followEveryMs = 1000 * (options.followEvery ?? 1);
  return {
    store,
    adapter,
    deviceSecret,
    ...(operatorToken !== undefined ? { operatorToken } : {}),
    followOperatorToken(listener) {
      const key = tokenKey;
      if (key === undefined) return () => {};
      let last = operatorToken;
      let reading = false;
      const timer = setInterval(() => {
        if (reading || !client.isOpen) return;
        reading = true;
        // A read that fails (Redis away for a moment) keeps the token the process has: the store reports an
        // unreachable Redis already. A value that is no token is not taken either.
        client
          .get(key)
          .then((value) => {
            if (value !== null && value !== last && isOperatorToken(value)) {
              last = value;
              listener(value);
            }
          })
          .catch(() => {})
          .finally(() => {
            reading = false;
          });
      }, followEveryMs);
      timer.unref();
      followers.add(timer);
      return () => {
        clearInterval(timer);
        followers.delete(timer);
      };
    },
    close: async () => {
      for (const timer of followers) clearInterval(timer);
      followers.clear();
      if (client.isOpen) await client.close();
    },
  };
}

/** The two commands sharedValue needs (the adapter's client, whatever its modules). */
interface SetGet {
  set(key: string, value: string, options?: { condition: 'NX' }): Promise<unknown>;
  get(key: string): Promise<string | null>;
}

/** The value every process of a show shares under `key`: `offered` when this process is the first to set
 * it (SET NX), else the one already there (GET), which must pass `valid` (else the error says `fix`). */
async function sharedValue(
  client: SetGet,
  v: {
    readonly key: string;
    readonly name: string;
    readonly offered: string;
    readonly valid: (value: string) => boolean;
    readonly fix: string;
    readonly url: string;
  },
): Promise<string> {
  const value = await redisCall(v.url, v.name, async () => {
    await client.set(v.key, v.offered, { condition: 'NX' });
    return client.get(v.key);
  });
  if (value === null || !v.valid(value)) throw new Error(`the Redis key ${v.key} ${v.fix}`);
  return value;
}

/** A Redis command for one of the show's shared values, its failure said with the value's name. */
async function redisCall<T>(url: string, name: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw new Error(`cannot read the show's ${name} from Redis at ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
