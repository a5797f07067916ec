import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RunningServer } from '../../server/server.ts';
import { startReplayServer, type ReplayServer } from '../../server/replay-server.ts';
import { createArchive } from '../../src/core/archive.ts';
import { demoInstallation } from '../e2e/display-server.ts';
import { clientId, connect, demoCopy, hello, joinShow, removeDir, startTestServer, story, TOKEN, type Client } from './show-server.ts';

/**
 * Every refusal a phone can meet carries its stable `reason` (and the values its text fills in) beside
 * the English, from a real server over real sockets: the join code, a story too long, an emotion,
 * material or reaction not offered, stories and reactions closed, and a replay.
 */
const CODE = 'kawa-2026';
const dirs: string[] = [];
const servers: { close(): Promise<void> }[] = [];
const sockets: Client[] = [];
let open: RunningServer;
let closed: RunningServer;
let replay: ReplayServer;

beforeAll(async () => {
  const openDir = demoCopy((y) => y.replace('audience:\n', `audience:\n  joinCode: ${CODE}\n`));
  const closedDir = demoCopy((y) =>
    y.replace('    maxLength: 280\n', '    maxLength: 280\n    enabled: false\n').replace('  reactions:\n', '  reactions:\n    enabled: false\n'),
  );
  dirs.push(openDir, closedDir);
  open = await startTestServer(openDir);
  closed = await startTestServer(closedDir);
  const installation = demoInstallation();
  replay = await startReplayServer({
    archive: createArchive(installation, [{ type: 'installation', installation, seq: 1, t: 0 }], 60),
    port: 0,
    operatorToken: TOKEN,
    distDir: '/nonexistent',
  });
  servers.push(open, closed, replay);
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const s of servers) await s.close();
  for (const d of dirs) removeDir(d);
});

const phone = async (url: string, extra: Record<string, unknown> = {}) => {
  const joined = await joinShow(url, { role: 'audience', ...extra });
  sockets.push(joined.socket);
  return joined.socket;
};
const submit = (s: Client, body: Record<string, unknown>) => s.timeout(5000).emitWithAck('story:submit', story(clientId('story'), undefined, body) as never);
const react = (s: Client, body: Record<string, unknown>) => s.timeout(5000).emitWithAck('reaction', body as never);

describe('refusal reasons (src/net/protocol.ts REFUSALS)', () => {
  it('join-code-missing and join-code-wrong; the right code gets in', async () => {
    const s = connect(open.url);
    sockets.push(s);
    expect(await hello(s, { role: 'audience' })).toMatchObject({
      ok: false,
      code: 'unauthorized',
      reason: 'join-code-missing',
      error: 'this show asks for a join code',
    });
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }).filter((c) => c.trim() !== CODE),
        async (code) => {
          const other = connect(open.url);
          sockets.push(other);
          const r = await hello(other, { role: 'audience', joinCode: code });
          other.disconnect();
          expect(r).toMatchObject({ ok: false, code: 'unauthorized', reason: 'join-code-wrong', error: 'wrong join code' });
        },
      ),
      { numRuns: 15 },
    );
    expect((await hello(s, { role: 'audience', joinCode: CODE })).ok).toBe(true);
  });

  it('story-too-long with its length and the maximum, in code points', async () => {
    const s = await phone(open.url, { joinCode: CODE });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 281, max: 1990 }), fc.constantFrom('a', '😀', '川'), async (length, ch) => {
        const r = await submit(s, { text: ch.repeat(length) });
        expect(r).toMatchObject({ ok: false, code: 'rejected', reason: 'story-too-long', values: { length, max: 280 } });
      }),
      { numRuns: 25 },
    );
  });

  it('unknown-emotion, unknown-material and unknown-reaction name what was sent', async () => {
    const s = await phone(open.url, { joinCode: CODE });
    const name = fc
      .stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
      .filter((n) => !['grief', 'anger', 'fear', 'care', 'hope', 'defiance', 'heart', 'fire', 'seedling', 'tear'].includes(n));
    await fc.assert(
      fc.asyncProperty(name, async (n) => {
        expect(await submit(s, { emotion: n })).toMatchObject({ ok: false, code: 'rejected', reason: 'unknown-emotion', values: { emotion: n } });
        expect(await submit(s, { material: `no-such-${n}` })).toMatchObject({ reason: 'unknown-material', values: { material: `no-such-${n}` } });
        expect(await react(s, { kind: n })).toMatchObject({ ok: false, code: 'rejected', reason: 'unknown-reaction', values: { kind: n } });
        expect(await react(s, { kind: 'heart', material: `no-such-${n}` })).toMatchObject({ reason: 'unknown-material' });
      }),
      { numRuns: 15 },
    );
  });

  it('stories-closed and reactions-closed', async () => {
    const s = await phone(closed.url);
    expect(await submit(s, {})).toMatchObject({ ok: false, code: 'rejected', reason: 'stories-closed' });
    expect(await react(s, { kind: 'heart' })).toMatchObject({ ok: false, code: 'rejected', reason: 'reactions-closed' });
  });

  it('replay: a replay takes no story and no reaction', async () => {
    const s = await phone(replay.url);
    expect(await submit(s, {})).toMatchObject({ ok: false, code: 'rejected', reason: 'replay' });
    expect(await react(s, { kind: 'heart' })).toMatchObject({ ok: false, code: 'rejected', reason: 'replay' });
  });
});
