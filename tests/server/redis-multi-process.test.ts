import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../src/core/events.ts';
import { openRedisScaling, type RedisScaling } from '../../server/redis-scale.ts';
import type { RunningServer } from '../../server/server.ts';
import { startRedis, type RedisServer } from './redis-server.ts';
import { clientId, demoCopy, joinShow, removeDir, startTestServer, story, TOKEN, until, type Client } from './show-server.ts';

/**
 * Two Meshwork server processes sharing one Redis: A runs in this test process, B is a real child process
 * (tests/server/redis-show-process.ts, wired like `meshwork serve --redis`). Each has its own socket.io
 * server, its own in-memory log, its own SQLite-free data folder; only Redis joins them.
 */
describe('two server processes on one Redis', () => {
  let redis: RedisServer;
  let dir: string;
  let scalingA: RedisScaling;
  let a: RunningServer;
  let b: ChildProcess;
  let urlB: string;
  const sockets: Client[] = [];
  const join_ = async (...args: Parameters<typeof joinShow>) => {
    const r = await joinShow(...args);
    sockets.push(r.socket);
    return r;
  };

  beforeAll(async () => {
    redis = await startRedis();
    dir = demoCopy();
    scalingA = await openRedisScaling({ url: redis.url, warn: () => {} });
    a = await startTestServer(dir, {
      store: scalingA.store,
      adapter: scalingA.adapter,
      deviceSecret: scalingA.deviceSecret,
      dataDir: mkdtempSync(join(tmpdir(), 'meshwork-a-')),
      watch: false,
    });
    b = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'redis-show-process.ts'), dir, redis.url, mkdtempSync(join(tmpdir(), 'meshwork-b-'))],
      {
        env: { ...process.env, MESHWORK_OPERATOR_TOKEN: TOKEN },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    urlB = await new Promise<string>((resolve, reject) => {
      let out = '';
      // Generous: on a loaded 2-core machine, compiling the server with tsx alone can take tens of seconds.
      const timer = setTimeout(() => reject(new Error(`process B did not start in 90 s: ${out}`)), 90_000);
      b.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { url: string }).url);
        }
      });
      b.once('exit', (code) => reject(new Error(`process B exited with ${code}: ${out}`)));
    });
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    if (b && b.exitCode === null) {
      const exited = new Promise((r) => b.once('exit', r));
      b.kill('SIGTERM');
      await exited;
    }
    await a?.close();
    await scalingA?.close();
    await redis?.stop();
    if (dir) removeDir(dir);
  });

  it('plays one show: what a phone sends to A reaches viewers on B, and the operator on B moderates it', async () => {
    const viewerB = await join_(urlB, { role: 'viewer' });
    const viewerA = await join_(a.url, { role: 'viewer' });
    // Both processes have the same log from the start: the installation A appended at seq 1.
    expect(viewerB.welcome.events).toEqual(viewerA.welcome.events);
    expect(viewerB.welcome.version).toBe(viewerA.welcome.version);

    const phone = await join_(a.url, { role: 'audience' });
    const react = await phone.socket.emitWithAck('reaction', { kind: 'heart' });
    expect(react.ok).toBe(true);
    const reactSeq = react.ok ? react.seq : -1;
    await until(() => viewerB.socket.heard.some((e) => e.seq === reactSeq && e.type === 'reaction'));

    // The demo holds stories for moderation; the operator is on the other process.
    const sent = await phone.socket.emitWithAck('story:submit', story('story-from-a-0001'));
    expect(sent).toMatchObject({ ok: true, outcome: 'held' });
    const op = await join_(urlB, { role: 'operator', token: TOKEN });
    await until(() => op.welcome.events.some((e) => e.type === 'story' && e.id === 'story-from-a-0001') || op.socket.heard.some((e) => e.type === 'story'));
    const approved = await op.socket.emitWithAck('moderate', { id: 'story-from-a-0001', action: 'approve' });
    expect(approved.ok).toBe(true);
    const seq = approved.ok ? approved.seq : -1;
    for (const viewer of [viewerA, viewerB]) {
      await until(() => viewer.socket.heard.some((e) => e.seq === seq));
      const approval = viewer.socket.heard.find((e) => e.seq === seq) as ShowEvent;
      expect(approval).toMatchObject({
        type: 'story-approved',
        id: 'story-from-a-0001',
        story: { id: 'story-from-a-0001', text: expect.stringContaining('river') },
      });
    }
  });

  it('gives every event one seq, without gaps, and every viewer the log in seq order, while phones on both processes send at once', async () => {
    const viewers = await Promise.all([join_(a.url, { role: 'viewer' }), join_(urlB, { role: 'viewer' }), join_(urlB, { role: 'viewer' })]);
    const phones = await Promise.all([a.url, urlB, a.url, urlB].map((url) => join_(url, { role: 'audience' })));
    const replies = await Promise.all(phones.flatMap((p) => Array.from({ length: 15 }, () => p.socket.emitWithAck('reaction', { kind: 'fire' }))));
    const seqs = replies.map((r) => (r.ok ? r.seq : -1)).sort((x, y) => x - y);
    const first = seqs[0] as number;
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => first + i));
    const last = first + 59;
    for (const v of viewers) await until(() => v.socket.heard.some((e) => e.seq === last));
    for (const v of viewers) {
      // Everything after the welcome, in the order it arrived: consecutive seqs, nothing twice.
      const heard = v.socket.heard.map((e) => e.seq);
      const start = v.welcome.events[v.welcome.events.length - 1]?.seq ?? 0;
      expect(heard).toEqual(Array.from({ length: heard.length }, (_, i) => start + 1 + i));
    }
    // And the same events, t included, on both processes.
    const [onA, onB] = [viewers[0], viewers[1]].map((v) => v?.socket.heard.filter((e) => e.seq >= first)) as [ShowEvent[], ShowEvent[]];
    expect(onA).toEqual(onB);
  });

  it('stores a story retried through the other process once, and answers the retry with the first outcome', async () => {
    const phoneId = clientId('phone');
    const onA = await join_(a.url, { role: 'audience', clientId: phoneId });
    const first = await onA.socket.emitWithAck('story:submit', story('retried-story-42', 'The smoke from the yard reached our kitchen.'));
    onA.socket.disconnect();
    // The phone lost its connection before the answer (as far as it knows) and the load balancer sends
    // its retry to B.
    const onB = await join_(urlB, { role: 'audience', clientId: phoneId });
    const retry = await onB.socket.emitWithAck('story:submit', story('retried-story-42', 'The smoke from the yard reached our kitchen.'));
    expect(first).toMatchObject({ ok: true, outcome: 'held' });
    expect(retry).toEqual(first);
    const op = await join_(a.url, { role: 'operator', token: TOKEN });
    expect(op.welcome.events.filter((e) => e.type === 'story' && e.id === 'retried-story-42')).toHaveLength(1);
  });

  it("keeps a phone's device identity across processes (one secret, kept in Redis)", async () => {
    const onA = await join_(a.url, { role: 'audience', clientId: clientId('phone') });
    const device = onA.welcome.device;
    expect(device).toMatch(/^d1\./);
    // The load balancer sends the phone's next connection to B: B knows the identity A issued.
    const onB = await join_(urlB, { role: 'audience', clientId: clientId('phone'), ...(device ? { device } : {}) });
    expect(onB.welcome.device).toBe(device);
    // And one B issues, A knows.
    const fresh = await join_(urlB, { role: 'audience', clientId: clientId('phone') });
    const backOnA = await join_(a.url, { role: 'audience', clientId: clientId('phone'), ...(fresh.welcome.device ? { device: fresh.welcome.device } : {}) });
    expect(backOnA.welcome.device).toBe(fresh.welcome.device);
  });

  it('gives a late viewer on either process the same log', async () => {
    const lateA = await join_(a.url, { role: 'viewer' });
    const last = lateA.welcome.events[lateA.welcome.events.length - 1]?.seq ?? 0;
    expect(last).toBeGreaterThan(60);
    // B's mirror follows A's appends through Redis within milliseconds: join B until it has them too.
    let lateB = await join_(urlB, { role: 'viewer' });
    const deadline = Date.now() + 5000;
    while ((lateB.welcome.events[lateB.welcome.events.length - 1]?.seq ?? 0) < last && Date.now() < deadline) {
      lateB.socket.disconnect();
      await new Promise((r) => setTimeout(r, 20));
      lateB = await join_(urlB, { role: 'viewer' });
    }
    expect(lateB.welcome.events).toEqual(lateA.welcome.events);
    expect(lateB.welcome.events.map((e) => e.seq)).toEqual(lateB.welcome.events.map((_, i) => i + 1));
    const [opA, opB] = await Promise.all([join_(a.url, { role: 'operator', token: TOKEN }), join_(urlB, { role: 'operator', token: TOKEN })]);
    expect(opB.welcome.events).toEqual(opA.welcome.events);
  });
});
