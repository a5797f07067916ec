import fc from 'fast-check';
import { io } from 'socket.io-client';
import { Encoder, PacketType } from 'socket.io-parser';
import { afterAll, describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../src/core/events.ts';
import {
  cueMessage,
  glitchMessage,
  helloMessage,
  moderateMessage,
  reactionMessage,
  statsMessage,
  REFUSALS,
  submitStoryMessage,
  type ErrorCode,
  type Hello,
  type Role,
} from '../../src/net/protocol.ts';
import { clientId, demoCopy, firstMaterial, removeDir, startTestServer, TOKEN, type Client } from './show-server.ts';

/**
 * Socket message fuzz: generated messages for every client event in server/PROTOCOL.md (and some that are
 * not), sent by every role (and by connections that never said hello) to a real server. Wrong types, huge
 * strings, nested objects, binary attachments, prototype keys, missing acknowledgements, extra arguments.
 * Checked: the server never stops answering; every acknowledged request gets a reply of the documented
 * shape; the log ends as it began plus exactly the events the accepted requests answered with.
 */
const dir = demoCopy();
const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  removeDir(dir);
});

const EVENTS = ['hello', 'clock:ping', 'story:submit', 'reaction', 'cue', 'glitch', 'moderate', 'stats', 'archive:export'] as const;
/** Names that are not events of the protocol (socket.io-client refuses its reserved ones itself). */
const UNKNOWN = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'events', 'bye', 'no-such-event'];
const CODES: readonly ErrorCode[] = ['invalid', 'no-hello', 'unauthorized', 'forbidden', 'rate-limited', 'rejected', 'unavailable'];
/** Keys the server's schemas know, and keys that reach for the prototype. */
const KEYS = [
  'id',
  'text',
  'emotion',
  'material',
  'consent',
  'lang',
  'role',
  'clientId',
  'token',
  'device',
  'lastSeq',
  'version',
  'display',
  'joinCode',
  'kind',
  'phase',
  'next',
  'action',
  'reason',
  'intensity',
  'seconds',
  'fps',
  't',
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

const leaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('x'.repeat(2001), 'é'.repeat(3000), '\u0000\uffff\ud800', ''),
  fc.uint8Array({ maxLength: 48 }).map((b) => Buffer.from(b)),
);
const key = fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 12 }));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
}));
/** An object with an own `__proto__` (or `constructor`) key, as JSON.parse makes it on the server. */
const protoObject = fc
  .tuple(
    fc.constantFrom('__proto__', 'constructor'),
    fc.dictionary(fc.constantFrom(...KEYS), leaf, { maxKeys: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), leaf, { maxKeys: 4 }),
  )
  .map(
    ([k, inner, outer]) =>
      JSON.parse(`{${JSON.stringify(k)}:${JSON.stringify(inner)}${Object.keys(outer).length ? `,${JSON.stringify(outer).slice(1, -1)}` : ''}}`) as unknown,
  );

const storyId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{6,64}$/), fc.string({ maxLength: 70 }));
/** Near-valid payloads per event: mostly valid, with some fields wrong, missing or extra. */
const nearValid: Record<string, fc.Arbitrary<unknown>> = {
  hello: fc.record(
    { role: fc.constantFrom('viewer', 'audience', 'wizard'), clientId: fc.oneof(fc.constant(clientId('fz')), fc.string()), lastSeq: fc.oneof(fc.nat(), value) },
    { requiredKeys: ['role'] },
  ),
  'story:submit': fc.record(
    {
      id: storyId,
      text: fc.oneof(fc.string({ minLength: 1, maxLength: 300 }), value),
      emotion: fc.constantFrom('grief', 'hope', 'Grief', 'joy'),
      material: fc.constantFrom(firstMaterial(), 'nothing-here'),
      consent: fc.oneof(fc.boolean(), value),
      lang: fc.constantFrom('en', 'fr', 'xx-not-a-lang'),
      extra: value,
    },
    { requiredKeys: ['id', 'text', 'emotion', 'material', 'consent'] },
  ),
  reaction: fc.record(
    { kind: fc.constantFrom('heart', 'fire', 'hart', ''), material: fc.constantFrom(firstMaterial(), 'nothing-here') },
    { requiredKeys: ['kind'] },
  ),
  cue: fc.oneof(fc.record({ phase: fc.constantFrom('crisis', 'glitch', 'glitsch', '__proto__') }), fc.record({ next: fc.oneof(fc.constant(true), value) })),
  glitch: fc.record(
    { intensity: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), value), seconds: fc.oneof(fc.double({ min: 0.1, max: 200, noNaN: true }), value) },
    { requiredKeys: [] },
  ),
  moderate: fc.record(
    { id: storyId, action: fc.constantFrom('approve', 'hide', 'delete'), reason: fc.oneof(fc.string({ maxLength: 250 }), value) },
    { requiredKeys: ['id', 'action'] },
  ),
  stats: fc.record({ fps: fc.oneof(fc.double(), value), t: fc.double(), soundOn: fc.boolean() }, { requiredKeys: [] }),
};
const payload = (event: string) =>
  fc.oneof(
    { weight: 3, arbitrary: (Object.hasOwn(nearValid, event) ? nearValid[event] : undefined) ?? value },
    { weight: 2, arbitrary: value },
    { weight: 1, arbitrary: protoObject },
  );

interface Message {
  readonly event: string;
  readonly args: readonly unknown[];
  readonly ack: boolean;
}
/** The largest frame (bytes) a message becomes on the wire, as socket.io encodes it. */
const encoder = new Encoder();
function size(event: string, args: readonly unknown[]): number {
  const frames = encoder.encode({ type: PacketType.EVENT, nsp: '/', id: 1, data: [event, ...args] });
  return Math.max(...frames.map((f: string | Buffer | ArrayBuffer) => (typeof f === 'string' ? Buffer.byteLength(f) : f.byteLength)));
}
function attachments(v: unknown): number {
  if (Buffer.isBuffer(v)) return 1;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + attachments(x), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + attachments(x), 0);
  return 0;
}
const message: fc.Arbitrary<Message> = fc
  .oneof({ weight: 12, arbitrary: fc.constantFrom(...EVENTS) }, { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN) })
  .chain((event) =>
    fc.record({
      event: fc.constant(event),
      // Usually the payload alone; sometimes none, sometimes extra arguments after it.
      args: fc.oneof(
        { weight: 6, arbitrary: payload(event).map((p) => [p]) },
        { weight: 1, arbitrary: fc.constant([]) },
        { weight: 1, arbitrary: fc.tuple(payload(event), value, value) },
      ),
      ack: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
  )
  .filter((m) => size(m.event, m.args) < 15_000 && attachments(m.args) <= 10); // larger closes the connection (PROTOCOL.md) // under the 16 KB a message may have (a larger one closes the connection)

/** Would the server accept this request (as far as its schema goes)? Unacknowledged ones must not be. */
const SCHEMAS: Record<string, { safeParse: (v: unknown) => { success: boolean } }> = {
  'story:submit': submitStoryMessage,
  reaction: reactionMessage,
  cue: cueMessage,
  glitch: glitchMessage,
  moderate: moderateMessage,
  hello: helloMessage,
  stats: statsMessage,
};
const mayAppend = (m: Message) =>
  ['story:submit', 'reaction', 'cue', 'glitch', 'moderate'].includes(m.event) &&
  (SCHEMAS[m.event]?.safeParse(typeof m.args[0] === 'function' ? undefined : m.event === 'glitch' ? (m.args[0] ?? {}) : m.args[0]).success ?? false);

/** The documented reply shape: `{ ok: true, ... }` or `{ ok: false, error, code, hint?, retryAfter?, reason?, values? }`. */
function checkReply(event: string, r: unknown): number | undefined {
  if (event === 'clock:ping') {
    expect(typeof r).toBe('number');
    return undefined;
  }
  expect(typeof r === 'object' && r !== null, `${event} reply ${JSON.stringify(r)}`).toBe(true);
  const reply = r as Record<string, unknown>;
  if (reply.ok === true) return typeof reply.seq === 'number' ? reply.seq : undefined;
  expect(reply.ok).toBe(false);
  expect(
    Object.keys(reply).every((k) => ['ok', 'error', 'hint', 'code', 'retryAfter', 'reason', 'values'].includes(k)),
    JSON.stringify(reply),
  ).toBe(true);
  expect(typeof reply.error === 'string' && reply.error.length > 0).toBe(true);
  expect(CODES).toContain(reply.code);
  if (reply.hint !== undefined) expect(typeof reply.hint).toBe('string');
  if (reply.retryAfter !== undefined) expect(reply.retryAfter).toBeGreaterThan(0);
  if (reply.reason !== undefined) expect(REFUSALS).toContain(reply.reason);
  if (reply.code === 'rate-limited') expect(typeof reply.retryAfter).toBe('number');
  return undefined;
}

type Who = Role | 'none';
/** Each role from its own loopback address (so that address ceilings of one do not shape another's run). */
const ADDRESS: Record<Who, string> = { viewer: '127.0.0.11', audience: '127.0.0.12', operator: '127.0.0.13', none: '127.0.0.14' };
const RUNS = Number(process.env.MESHWORK_FUZZ_RUNS ?? 250);
const PER_RUN = 40;

describe('socket message fuzz', () => {
  it(`${RUNS * PER_RUN} generated messages over every event and role: no crash, documented replies, the log unchanged but for what was accepted`, async () => {
    const server = await startTestServer(dir, { watch: false, dataDir: `${dir}/data` });
    cleanup.push(() => server.close());
    const open = (who: Who): Client => {
      const s: Client = io(server.url, { forceNew: true, transports: ['websocket'], reconnection: false, localAddress: ADDRESS[who] } as Parameters<
        typeof io
      >[1]);
      cleanup.push(() => s.disconnect());
      return s;
    };
    const welcome = async (s: Client, hello: Hello) => {
      for (;;) {
        const r = await s.timeout(30_000).emitWithAck('hello', hello);
        if (r.ok) return r;
        if (r.retryAfter === undefined) throw new Error(`hello refused: ${r.error}`);
        await new Promise((done) => setTimeout(done, (r.retryAfter ?? 1) * 1000));
      }
    };
    const fullLog = async (): Promise<readonly ShowEvent[]> => {
      const s = open('operator');
      const w = await welcome(s, { role: 'operator', clientId: clientId('log'), token: TOKEN });
      s.disconnect();
      return w.events;
    };
    const before = await fullLog();
    const accepted = new Set<number>();
    const devices: Partial<Record<Who, string>> = {};
    let sent = 0;
    let answered = 0;
    let unacked = 0;

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Who>('viewer', 'audience', 'operator', 'none'),
        fc.array(message, { minLength: PER_RUN, maxLength: PER_RUN }).filter((b) => attachments(b.map((m) => m.args)) <= 100),
        async (who, batch) => {
          const s = open(who);
          await new Promise<void>((done, failed) => (s.once('connect', () => done()), s.once('connect_error', failed)));
          let closed = '';
          s.on('bye', (b) => (closed += ` bye ${JSON.stringify(b)}`));
          s.on('disconnect', (why) => (closed += ` disconnect: ${why}`));
          if (who !== 'none') {
            const w = await welcome(s, {
              role: who,
              clientId: clientId(who),
              ...(who === 'operator' ? { token: TOKEN } : {}),
              ...(devices[who] ? { device: devices[who] } : {}),
              version: 'none',
            });
            devices[who] ??= w.device;
          }
          const replies = batch.map(async (m) => {
            // A hello before the connection's own would judge a made-up operator token: the token guard's
            // back-off (its own tests) would then lock the real operator out for the rest of the run.
            const args =
              who === 'none' && m.event === 'hello'
                ? m.args.map((a) => (a && typeof a === 'object' && (a as { role?: unknown }).role === 'operator' ? { ...a, role: 'viewer' } : a))
                : m.args;
            sent++;
            // A request the server could accept is always acknowledged: its seq must be known to check the log.
            if (!m.ack && !mayAppend(m)) {
              unacked++;
              s.emit(m.event as 'stats', ...(args as [never]));
              return;
            }
            let r: unknown;
            try {
              r = await s.timeout(30_000).emitWithAck(m.event as 'cue', ...(args as [never]));
            } catch (e) {
              throw new Error(`no answer from a ${who} connection to ${m.event} ${JSON.stringify(args).slice(0, 300)}: ${String(e)}${closed}`);
            }
            answered++;
            const seq = checkReply(m.event, r);
            if (seq !== undefined) accepted.add(seq);
          });
          await Promise.all(replies);
          // The connection is still up and answers (nothing it sent closed it, all was within its limits).
          expect(s.connected).toBe(true);
          expect(typeof (await s.timeout(30_000).emitWithAck('clock:ping', 0))).toBe('number');
          s.disconnect();
        },
      ),
      { numRuns: RUNS, seed: 0x50c4e7, endOnFailure: true },
    ); // no shrinking: each run costs a connection

    const after = await fullLog();
    expect(after.slice(0, before.length)).toEqual(before);
    const added = after.slice(before.length).map((e) => e.seq);
    expect(new Set(added)).toEqual(new Set([...accepted].filter((seq) => seq > (before.at(-1)?.seq ?? 0))));
    expect(Object.keys(Object.prototype)).toEqual([]);
    console.log(
      `socket fuzz: ${sent} messages sent (${answered} acknowledged and checked, ${unacked} without acknowledgement) over ${RUNS} connections; the log grew by exactly the ${added.length} events accepted requests answered with`,
    );
    expect(sent).toBeGreaterThanOrEqual(10_000);
  }, 600_000);
});
