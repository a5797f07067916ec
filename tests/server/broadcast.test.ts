import fc from 'fast-check';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../src/core/events.ts';
import type { Hello, Reply, Role, Welcome } from '../../src/net/protocol.ts';
import { AUDIENCE_HOLD_SECONDS } from '../../server/broadcast.ts';
import { clientId, story, TOKEN, until, type Client, showForFile } from './show-server.ts';

/**
 * The broadcast path (server/broadcast.ts): events appended together go in one push per room, each client
 * receives the log once and in order whatever moment it joins at (its welcome, then pushes that follow
 * it), and phones get the audience view with markers-only pushes held.
 */
// Limits raised so that the generated bursts measure the broadcast, not the rate limits.
const show = showForFile((y) => y.replace('audience:\n', 'audience:\n  limits: { storiesPerMinute: 100000, reactionsPerMinute: 100000 }\n'));

/** Every client of this file comes from its own loopback address: the per-address hello limit is not
 * what is tested here. */
let addresses = 0;
const nextAddress = () => {
  addresses += 1;
  return `127.0.${3 + Math.floor(addresses / 250)}.${1 + (addresses % 250)}`;
};

interface Joined {
  readonly role: Role;
  readonly socket: Client;
  readonly fromSeq: number;
  readonly welcome: readonly ShowEvent[];
  /** Every `events` push, as received. */
  readonly pushes: ShowEvent[][];
}

async function join(role: Role, lastSeq = 0): Promise<Joined> {
  const socket = io(show.server.url, { forceNew: true, transports: ['websocket'], reconnection: false, localAddress: nextAddress() } as Parameters<
    typeof io
  >[1]) as Client;
  show.keepSocket(socket);
  const pushes: ShowEvent[][] = [];
  socket.on('events', (events) => pushes.push([...events]));
  const msg: Hello = { role, clientId: clientId(role), lastSeq, ...(role === 'operator' ? { token: TOKEN } : {}) };
  const reply: Reply<Welcome> = await socket.timeout(30_000).emitWithAck('hello', msg);
  if (!reply.ok) throw new Error(`hello refused: ${reply.error}`);
  return { role, socket, fromSeq: lastSeq, welcome: reply.events, pushes };
}

const received = (c: Joined): ShowEvent[] => [...c.welcome, ...c.pushes.flat()];
const lastSeqOf = (c: Joined): number => received(c).at(-1)?.seq ?? c.fromSeq;

/** The log a client holds is whole: seq runs from its lastSeq + 1 without a gap or a repeat. */
function expectWhole(c: Joined, upTo: number): void {
  const seqs = received(c).map((e) => e.seq);
  expect(seqs, `${c.role} joined after seq ${c.fromSeq}`).toEqual(Array.from({ length: upTo - c.fromSeq }, (_, i) => c.fromSeq + 1 + i));
}

/** What a phone may receive: markers, installation versions, and moderation by id. */
function expectAudienceView(c: Joined): void {
  for (const e of received(c)) {
    expect(['withheld', 'installation', 'story-approved', 'story-hidden'], `seq ${e.seq}`).toContain(e.type);
    if (e.type === 'story-approved') expect(e.story, `seq ${e.seq}: an approval reaches a phone by id only`).toBeUndefined();
  }
}

type Step =
  | { readonly kind: 'burst'; readonly reactions: number }
  | { readonly kind: 'story'; readonly then: 'approve' | 'hide' }
  | { readonly kind: 'join'; readonly role: Role; readonly fromLatest: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('burst' as const), reactions: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('story' as const), then: fc.constantFrom('approve' as const, 'hide' as const) }),
  fc.record({ kind: fc.constant('join' as const), role: fc.constantFrom<Role>('viewer', 'audience', 'operator'), fromLatest: fc.boolean() }),
);

describe('broadcast', () => {
  it('every client holds the whole log once, in order, whenever it joins while events are appended (generated schedules)', async () => {
    let stories = 0;
    let maxPushLength = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        // A fresh operator and phone per run: the per-connection message limit stays out of the way.
        const op = await join('operator');
        const phone = await join('audience');
        const joined: Joined[] = [op, phone];
        let latest = lastSeqOf(op);
        const note = (seq: number) => {
          latest = Math.max(latest, seq);
        };
        // A stream of reactions, one after another, for as long as the steps run (at most 50: the
        // connection's message limit), so that every join lands while events are being appended and pushed.
        const streamer = await join('operator');
        joined.push(streamer);
        let stepsDone = false;
        const stream = (async () => {
          for (let i = 0; i < 50 && !stepsDone; i++) {
            const r = await streamer.socket.timeout(30_000).emitWithAck('reaction', { kind: 'heart' });
            if (!r.ok) throw new Error(`reaction refused: ${r.error}`);
            note(r.seq);
          }
        })();
        // Every step starts at once: joins land between appends and their pushes.
        const run = Promise.all(
          steps.map(async (s) => {
            if (s.kind === 'burst') {
              const acks = Array.from({ length: s.reactions }, () => op.socket.timeout(30_000).emitWithAck('reaction', { kind: 'heart' }));
              for (const r of await Promise.all(acks)) {
                if (!r.ok) throw new Error(`reaction refused: ${r.error}`);
                note(r.seq);
              }
            } else if (s.kind === 'story') {
              const id = `bcast-${process.pid}-${++stories}`;
              const r = await phone.socket.timeout(30_000).emitWithAck('story:submit', story(id, `Story number ${stories} of the broadcast test.`));
              if (!r.ok) throw new Error(`story refused: ${r.error}`);
              note(r.seq);
              const m = await op.socket.timeout(30_000).emitWithAck('moderate', { id, action: s.then });
              if (!m.ok) throw new Error(`moderation refused: ${m.error}`);
              note(m.seq);
            } else {
              joined.push(await join(s.role, s.fromLatest ? latest : 0));
            }
          }),
        ).finally(() => {
          stepsDone = true;
        });
        await Promise.all([run, stream]);
        // Phones' markers may wait up to AUDIENCE_HOLD_SECONDS.
        await until(() => joined.every((c) => lastSeqOf(c) >= latest), 30_000);
        for (const c of joined) {
          expectWhole(c, latest);
          if (c.role === 'audience') expectAudienceView(c);
          for (const p of c.pushes) maxPushLength = Math.max(maxPushLength, p.length);
        }
        for (const c of joined) c.socket.disconnect();
      }),
      { numRuns: 12 },
    );
    console.log(`broadcast: longest push seen ${maxPushLength} events`);
  }, 240_000);

  it('events appended together go in one push, and phones get markers-only pushes held', async () => {
    const op = await join('operator');
    const viewer = await join('viewer');
    const phone = await join('audience');
    const first = lastSeqOf(op) + 1;
    // One burst, emitted in one loop: the store commits what arrives during a commit together.
    const burst = await Promise.all(Array.from({ length: 30 }, () => op.socket.timeout(30_000).emitWithAck('reaction', { kind: 'heart' })));
    expect(burst.every((r) => r.ok)).toBe(true);
    // Then one at a time: each its own commit and push, for the viewer; the phone's are held.
    const startMs = performance.now();
    let last = 0;
    for (let i = 0; i < 20; i++) {
      const r = await op.socket.timeout(30_000).emitWithAck('reaction', { kind: 'heart' });
      if (!r.ok) throw new Error(`reaction refused: ${r.error}`);
      last = r.seq;
    }
    const elapsedSeconds = (performance.now() - startMs) / 1000;
    await until(() => lastSeqOf(viewer) >= last && lastSeqOf(phone) >= last, 30_000);
    const burstPushes = viewer.pushes.filter((p) => p.some((e) => e.seq >= first && e.seq < first + 30)).length;
    const phonePushes = phone.pushes.filter((p) => p.some((e) => e.seq >= first + 30)).length;
    console.log(
      `broadcast: a burst of 30 reactions reached a viewer in ${burstPushes} push(es); 20 reactions one at a time over ${elapsedSeconds.toFixed(2)} s: ${viewer.pushes.length - burstPushes} viewer pushes, ${phonePushes} phone pushes`,
    );
    expect(burstPushes).toBeLessThan(30);
    expectWhole(viewer, last);
    expectWhole(phone, last);
    expectAudienceView(phone);
    // Held markers go out at most once per hold (plus the push that started the hold).
    expect(phonePushes).toBeLessThanOrEqual(2 + Math.floor(elapsedSeconds / AUDIENCE_HOLD_SECONDS));
  }, 120_000);
});
