import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import type { Seconds } from '../../src/core/units.ts';
import type { AppendOptions, AppendResult, EventStore } from './event-store.ts';

/**
 * The show's log in Redis, shared by several Meshwork server processes (see event-store.ts for the rules).
 *
 * Layout, under `<prefix>:` (default `meshwork:`):
 * - `log`: a Redis stream, one entry per event, whose entry id is `<seq>-0`. The stream is the only record
 *   of seq and t: the last entry holds the highest seq and the latest t. Fields: `b` the body as JSON, `t`
 *   the time as the decimal string JavaScript wrote (never reformatted by Lua, whose tostring keeps only
 *   14 digits), `o` the id of the store instance (process) that appended it.
 * - `dedupe`: a hash dedupeKey -> seq.
 * - `origin`: the Unix time (ms) of the show's t = 0, so that every process runs the same clock.
 *
 * One Lua script does an append atomically (Redis runs a script alone): look the dedupe key up, read the
 * last entry, clamp t to its t, XADD the entry with the next seq, record the dedupe key. The XADD is the
 * script's first write, so a script that fails (e.g. a key of the wrong type) leaves nothing behind and
 * never burns a seq: seqs stay gapless across every process.
 *
 * Durability: Redis acknowledges a write once it is in its append-only file, and fsynced, only when it
 * runs with `appendonly yes` and `appendfsync always`. With `everysec` (Redis' default once AOF is on) up
 * to a second of acknowledged events can be lost in a power cut; with AOF off, everything since the last
 * snapshot. `openRedisStore` checks the configuration and warns; it does not change it (that is the
 * operator's call, and managed Redis services often forbid CONFIG).
 *
 * Events appended by other processes arrive through a blocking XREAD on a dedicated connection, in seq
 * order, from the moment the store was opened; they are handed to `onForeignEvents` listeners. Until the
 * first listener registers they are kept, so a server that loads the log with `since` and then
 * subscribes misses nothing (it may get events it already loaded: listeners ignore seq <= their last).
 */
export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  readonly url: string;
  /** Prefix of every key, so several shows can share one Redis. Default `meshwork`. */
  readonly prefix?: string;
  /** Where warnings go (durability configuration, lost connection). Default `console.warn`. */
  readonly warn?: (message: string) => void;
}

export interface RedisEventStore extends EventStore {
  onForeignEvents(listener: (events: readonly ShowEvent[]) => void): () => void;
  /** The Unix time (ms) of the show's t = 0, shared by every process: the first call stores `proposedMs`,
   * every later call (from any process, after any restart) returns the stored value. */
  clockOriginMs(proposedMs: number): Promise<number>;
  /** What CONFIG GET said about durability when the store opened. */
  readonly durability: RedisDurability;
}

export interface RedisDurability {
  /** `yes` / `no`, or `unknown` when CONFIG is not allowed. */
  readonly appendonly: string;
  /** `always` / `everysec` / `no` / `unknown`. */
  readonly appendfsync: string;
  /** True when an acknowledged append survives a crash of Redis or of its machine. */
  readonly durable: boolean;
}

// KEYS[1] log stream, KEYS[2] dedupe hash. ARGV[1] body JSON, ARGV[2] t, ARGV[3] dedupe key or '',
// ARGV[4] writer id. Returns {created (1|0), seq, t, body}.
const APPEND_SCRIPT = `
local function field(fields, name)
  for i = 1, #fields, 2 do
    if fields[i] == name then return fields[i + 1] end
  end
  return nil
end
if ARGV[3] ~= '' then
  local seen = redis.call('HGET', KEYS[2], ARGV[3])
  if seen then
    local id = seen .. '-0'
    local entry = redis.call('XRANGE', KEYS[1], id, id)[1]
    return {0, tonumber(seen), field(entry[2], 't'), field(entry[2], 'b')}
  end
end
local seq = 1
local t = ARGV[2]
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if last then
  seq = tonumber(string.match(last[1], '^(%d+)-')) + 1
  local lastT = field(last[2], 't')
  if tonumber(lastT) > tonumber(t) then t = lastT end
end
redis.call('XADD', KEYS[1], seq .. '-0', 'b', ARGV[1], 't', t, 'o', ARGV[4])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], ARGV[3], seq) end
return {1, seq, t, ARGV[1]}
`;

/** Entries fetched per XRANGE / XREAD call. */
const PAGE = 2000;
/** How long a command may wait for Redis' answer (not the reader's blocking XREAD, which has no limit). */
const COMMAND_TIMEOUT_MS = 30_000;

/** Opens the store: connects, checks the durability configuration, starts reading other processes' events. */
export async function openRedisStore(options: RedisStoreOptions): Promise<RedisEventStore> {
  const prefix = options.prefix ?? 'meshwork';
  const warn = options.warn ?? ((m: string) => console.warn(m));
  // RESP2 so that raw replies are plain arrays of strings, parsed below. No offline queue: while Redis is
  // unreachable an append fails at once (the client is told to retry; its dedupe key makes that safe)
  // instead of hanging.
  // Reconnect for ever once connected (Redis restarting during a show must not end it), but fail the
  // first connect at once: a wrong URL at start is an error to show, not something to wait for.
  let connected = false;
  const socket = {
    reconnectStrategy: (retries: number, cause: Error) => (connected ? Math.min(50 * 2 ** retries, 1000) : cause),
  };
  // The client times commands out after 5 s by default, measured in this process: a busy event loop can
  // leave Redis' answer unread that long, and the append (done in Redis) would be reported as failed.
  // 30 s: a lost connection fails commands at once anyway; this only bounds a Redis that stopped answering.
  const client = createClient({ url: options.url, RESP: 2, disableOfflineQueue: true, socket, commandOptions: { timeout: COMMAND_TIMEOUT_MS } });
  const reader = client.duplicate({ disableOfflineQueue: false, socket });
  let lostSince: number | null = null;
  // One warning per outage (both connections report the same one).
  const onError = (err: Error) => {
    if (connected && lostSince === null) {
      lostSince = Date.now();
      warn(`meshwork: Redis at ${redact(options.url)} is unreachable (${err.message}); appends fail until it is back`);
    }
  };
  client.on('error', onError);
  reader.on('error', onError);
  client.on('ready', () => {
    if (lostSince !== null) warn(`meshwork: Redis at ${redact(options.url)} is back after ${((Date.now() - lostSince) / 1000).toFixed(1)} s`);
    lostSince = null;
  });
  try {
    await client.connect();
    await reader.connect();
    connected = true;
  } catch (err) {
    client.destroy();
    reader.destroy();
    throw new Error(
      `cannot connect to Redis at ${redact(options.url)}: ${(err as Error).message}. Is redis-server running, and is the URL right (redis://host:port)?`,
    );
  }
  const durability = await checkDurability(client);
  if (!durability.durable) {
    warn(
      `meshwork: WARNING: Redis at ${redact(options.url)} runs with appendonly=${durability.appendonly}, appendfsync=${durability.appendfsync}: ` +
        'acknowledged stories can be lost if Redis or its machine crashes. For a show, run Redis with ' +
        '`appendonly yes` and `appendfsync always` (redis.conf, or CONFIG SET appendonly yes / CONFIG SET appendfsync always).',
    );
  }
  const store = new RedisStore(client, reader, prefix, durability, warn);
  await store.start();
  return store;
}

type Client = ReturnType<typeof createClient<{}, {}, {}, 2>>;

class RedisStore implements RedisEventStore {
  /** Tells this process's entries from the others' in the stream. */
  private readonly writerId = randomBytes(9).toString('base64url');
  private readonly listeners = new Set<(events: readonly ShowEvent[]) => void>();
  /** Foreign events read before the first listener registered; null once one has. */
  private early: ShowEvent[] | null = [];
  private closed = false;
  private lossReported = false;
  /** The highest seq this process knows Redis held (appended here or read): Redis must never end before. */
  private highestKnown = 0;
  private readLoop: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: Client,
    private readonly reader: Client,
    prefix: string,
    readonly durability: RedisDurability,
    private readonly warn: (message: string) => void,
  ) {
    this.logKey = `${prefix}:log`;
    this.dedupeKey = `${prefix}:dedupe`;
    this.originKey = `${prefix}:origin`;
  }

  private readonly logKey: string;
  private readonly dedupeKey: string;
  private readonly originKey: string;

  async start(): Promise<void> {
    const from = await this.lastSeq();
    this.readLoop = this.readForeign(from);
  }

  async append(body: EventBody, t: Seconds, options: AppendOptions = {}): Promise<AppendResult> {
    if (!Number.isFinite(t)) throw new RangeError(`append: t must be a finite number of seconds, got ${t}`);
    const reply: unknown = await this.client.sendCommand([
      'EVAL',
      APPEND_SCRIPT,
      '2',
      this.logKey,
      this.dedupeKey,
      JSON.stringify(body),
      String(t),
      options.dedupeKey ?? '',
      this.writerId,
    ]);
    if (!Array.isArray(reply) || reply.length !== 4) throw new Error(`unexpected reply from the append script: ${JSON.stringify(reply)}`);
    const [created, seq, tText, bodyJson] = reply as [unknown, unknown, unknown, unknown];
    const event = toEvent(Number(seq), String(tText), String(bodyJson));
    this.highestKnown = Math.max(this.highestKnown, event.seq);
    return { event, created: Number(created) === 1 };
  }

  async since(afterSeq: number): Promise<readonly ShowEvent[]> {
    const events: ShowEvent[] = [];
    let from = Math.max(0, Math.floor(afterSeq)) + 1;
    for (;;) {
      const page = parseEntries(await this.client.sendCommand(['XRANGE', this.logKey, `${from}-0`, '+', 'COUNT', String(PAGE)]));
      for (const e of page) events.push(e.event);
      if (page.length < PAGE) return events;
      from = (page[page.length - 1] as Entry).event.seq + 1;
    }
  }

  async lastSeq(): Promise<number> {
    const last = parseEntries(await this.client.sendCommand(['XREVRANGE', this.logKey, '+', '-', 'COUNT', '1']))[0];
    return last ? last.event.seq : 0;
  }

  async clockOriginMs(proposedMs: number): Promise<number> {
    if (!Number.isFinite(proposedMs)) throw new RangeError(`clockOriginMs: expected a Unix time in ms, got ${proposedMs}`);
    // NX: the first process to ask sets the origin; everyone after reads it.
    await this.client.sendCommand(['SET', this.originKey, String(proposedMs), 'NX']);
    const stored = Number(await this.client.sendCommand(['GET', this.originKey]));
    if (!Number.isFinite(stored)) throw new Error(`the key ${this.originKey} in Redis does not hold a time: delete it or use another prefix`);
    return stored;
  }

  onForeignEvents(listener: (events: readonly ShowEvent[]) => void): () => void {
    this.listeners.add(listener);
    if (this.early) {
      const early = this.early;
      this.early = null;
      if (early.length) listener(early);
    }
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // The reader is blocked in XREAD: destroying its connection is the only way to end that call.
    this.reader.destroy();
    await this.readLoop;
    await this.client.close();
  }

  /** Reads every entry after `fromSeq` as it is appended, for as long as the store is open. */
  private async readForeign(fromSeq: number): Promise<void> {
    let lastId = `${fromSeq}-0`;
    while (!this.closed) {
      let reply: unknown;
      try {
        // BLOCK 0 and no client-side timeout: wait as long as it takes (a show can be quiet for minutes);
        // close() ends the wait by closing the connection.
        reply = await this.reader.sendCommand(['XREAD', 'COUNT', String(PAGE), 'BLOCK', '0', 'STREAMS', this.logKey, lastId], { timeout: 0 });
      } catch {
        if (this.closed) return;
        // Redis went away: the client reconnects by itself; try again shortly, from the same id.
        await new Promise((r) => setTimeout(r, 200));
        await this.checkNothingLost();
        continue;
      }
      if (!Array.isArray(reply) || reply.length === 0) continue;
      const entries = parseEntries((reply[0] as unknown[])[1]);
      const foreign: ShowEvent[] = [];
      for (const e of entries) {
        lastId = e.id;
        this.highestKnown = Math.max(this.highestKnown, e.event.seq);
        if (e.writer !== this.writerId) foreign.push(e.event);
      }
      if (foreign.length === 0) continue;
      if (this.early) {
        this.early.push(...foreign);
        continue;
      }
      for (const l of this.listeners) {
        try {
          l(foreign);
        } catch (err) {
          // A listener's bug must not stop the reader: the other listeners and later events still matter.
          console.error('meshwork: an onForeignEvents listener threw:', err);
        }
      }
    }
  }

  /** After Redis came back: a log that now ends before what this process read means Redis lost
   * acknowledged events (it ran without `appendfsync always`, or its data was deleted). Nothing can repair
   * that from here; say so loudly, once. */
  private async checkNothingLost(): Promise<void> {
    if (this.lossReported) return;
    const seen = this.highestKnown;
    let last: number | undefined;
    // The reader waits here until Redis answers again: it could not read before that anyway.
    while (last === undefined && !this.closed) {
      try {
        last = await this.lastSeq();
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    if (last !== undefined && last < seen) {
      this.lossReported = true;
      this.warn(
        `meshwork: ERROR: Redis lost events: its log now ends at seq ${last}, but this process had seen seq ${seen}. ` +
          'Acknowledged stories are gone and the processes no longer agree: stop every process, and run Redis with appendonly yes and appendfsync always.',
      );
    }
  }
}

interface Entry {
  readonly id: string;
  readonly writer: string;
  readonly event: ShowEvent;
}

/** Parses a RESP2 XRANGE/XREAD entry list: [[id, [field, value, ...]], ...]. */
function parseEntries(reply: unknown): Entry[] {
  if (reply == null) return [];
  if (!Array.isArray(reply)) throw new Error(`unexpected stream reply from Redis: ${JSON.stringify(reply)}`);
  return reply.map((raw) => {
    const [id, fields] = raw as [string, string[]];
    const get = (name: string) => {
      for (let i = 0; i < fields.length; i += 2) if (String(fields[i]) === name) return String(fields[i + 1]);
      throw new Error(`stream entry ${id} has no field "${name}": was the key written by something other than Meshwork?`);
    };
    const seq = Number(String(id).split('-')[0]);
    return { id: String(id), writer: get('o'), event: toEvent(seq, get('t'), get('b')) };
  });
}

function toEvent(seq: number, tText: string, bodyJson: string): ShowEvent {
  const body = JSON.parse(bodyJson) as EventBody;
  return { ...body, seq, t: Number(tText) } as ShowEvent;
}

async function checkDurability(client: Client): Promise<RedisDurability> {
  try {
    const get = async (name: string) => {
      const reply = (await client.sendCommand(['CONFIG', 'GET', name])) as unknown;
      return Array.isArray(reply) && reply.length >= 2 ? String(reply[1]) : 'unknown';
    };
    const appendonly = await get('appendonly');
    const appendfsync = await get('appendfsync');
    return { appendonly, appendfsync, durable: appendonly === 'yes' && appendfsync === 'always' };
  } catch {
    // CONFIG is often disabled on managed Redis: say we could not tell.
    return { appendonly: 'unknown', appendfsync: 'unknown', durable: false };
  }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
