import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../src/core/events.ts';
import { openRedisStore, type RedisEventStore } from '../../server/store/redis-store.ts';
import { startRedis, type RedisServer } from './redis-server.ts';

/** The Redis EventStore against a real redis-server: two store instances stand for two server processes
 * (a real second process is in redis-multi-process.test.ts). */

const reaction = (kind: string) => ({ type: 'reaction' as const, kind });
const story = (id: string, text: string) => ({ type: 'story' as const, id, text, emotion: 'hope', material: 'lead', lang: 'en', consent: true });

function waitFor<T>(get: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = () => {
      const v = get();
      if (v !== undefined) return resolve(v);
      if (Date.now() - start > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

describe('Redis event store', () => {
  let redis: RedisServer;
  const warnings: string[] = [];
  const open = (prefix: string) => openRedisStore({ url: redis.url, prefix, warn: (m) => warnings.push(m) });

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('gives gapless seqs and non-decreasing t to concurrent appends from two processes', async () => {
    const [a, b] = await Promise.all([open('gapless'), open('gapless')]);
    try {
      // Both stores fire 60 appends at once; B's clock runs 1 s behind A's, so its events must be clamped.
      const appends = [];
      for (let i = 0; i < 60; i++) {
        appends.push(a.append(reaction(`a${i}`), 100 + i * 0.01));
        appends.push(b.append(reaction(`b${i}`), 99 + i * 0.01));
      }
      const results = await Promise.all(appends);
      expect(results.every((r) => r.created)).toBe(true);
      expect(results.map((r) => r.event.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      const log = await b.since(0);
      expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      for (let i = 1; i < log.length; i++) expect((log[i] as ShowEvent).t).toBeGreaterThanOrEqual((log[i - 1] as ShowEvent).t);
      // What append returned is what is stored.
      const bySeq = new Map(log.map((e) => [e.seq, e]));
      for (const r of results) expect(bySeq.get(r.event.seq)).toEqual(r.event);
      expect(await a.lastSeq()).toBe(120);
      expect(await a.since(115)).toEqual(log.slice(115));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('clamps t to the last event and keeps every digit of t', async () => {
    const s = await open('clamp');
    try {
      const t = 1_764_081_234.123_456_7;
      expect((await s.append(reaction('x'), t)).event.t).toBe(t);
      expect((await s.append(reaction('y'), t - 5)).event.t).toBe(t);
      expect((await s.append(reaction('z'), 0.1 + 0.2 + t)).event.t).toBe(0.1 + 0.2 + t);
      expect((await s.since(0)).map((e) => e.t)).toEqual([t, t, 0.1 + 0.2 + t]);
      await expect(s.append(reaction('bad'), Number.NaN)).rejects.toThrow(/finite/);
      expect(await s.lastSeq()).toBe(3);
    } finally {
      await s.close();
    }
  });

  it('returns the stored event for a dedupe key seen before, whichever process sees the retry', async () => {
    const [a, b] = await Promise.all([open('dedupe'), open('dedupe')]);
    try {
      const first = await a.append(story('phone-1-story-1', 'the river was orange'), 10, { dedupeKey: 'story:phone-1-story-1' });
      await a.append(reaction('heart'), 11);
      const retry = await b.append(story('phone-1-story-1', 'the river was orange'), 12, { dedupeKey: 'story:phone-1-story-1' });
      expect(first.created).toBe(true);
      expect(retry.created).toBe(false);
      expect(retry.event).toEqual(first.event);
      // Concurrent retries of a new story: exactly one is created.
      const racers = await Promise.all([a, b, a, b].map((s) => s.append(story('phone-2-story-1', 'dust'), 13, { dedupeKey: 'story:phone-2-story-1' })));
      expect(racers.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(racers.map((r) => r.event.seq)).size).toBe(1);
      expect((await a.since(0)).map((e) => e.type)).toEqual(['story', 'reaction', 'story']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("hands other processes' events to onForeignEvents in seq order, never its own, keeping those read before the first listener", async () => {
    const [a, b] = await Promise.all([open('foreign'), open('foreign')]);
    try {
      // Appended before A listens: A must still get them when it subscribes.
      await b.append(reaction('early-1'), 1);
      await b.append(reaction('early-2'), 2);
      await new Promise((r) => setTimeout(r, 100));
      const seen: ShowEvent[] = [];
      const stop = a.onForeignEvents((evs) => seen.push(...evs));
      for (let i = 0; i < 20; i++) await (i % 2 ? a : b).append(reaction(`k${i}`), 3 + i);
      await waitFor(() => (seen.length >= 12 ? true : undefined), "B's 12 events at A");
      expect(seen.map((e) => (e.type === 'reaction' ? e.kind : ''))).toEqual(['early-1', 'early-2', ...Array.from({ length: 10 }, (_, i) => `k${i * 2}`)]);
      expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21]);
      stop();
      await b.append(reaction('after-stop'), 30);
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toHaveLength(12);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps one show clock origin for every process: the first to ask sets it', async () => {
    const [a, b] = await Promise.all([open('clock'), open('clock')]);
    try {
      expect(await a.clockOriginMs(1_764_000_000_123.5)).toBe(1_764_000_000_123.5);
      expect(await b.clockOriginMs(1_764_000_999_000)).toBe(1_764_000_000_123.5);
      await expect(a.clockOriginMs(Number.NaN)).rejects.toThrow(/Unix time/);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('warns when Redis is not configured to keep acknowledged events, and says how to fix it', async () => {
    const s: RedisEventStore = await open('warn');
    await s.close();
    expect(s.durability).toEqual({ appendonly: 'no', appendfsync: expect.any(String), durable: false });
    expect(warnings.some((w) => /appendonly=no/.test(w) && /appendfsync always/.test(w))).toBe(true);
  });

  it('says clearly when Redis cannot be reached', async () => {
    await expect(openRedisStore({ url: 'redis://127.0.0.1:1' })).rejects.toThrow(/cannot connect to Redis at redis:\/\/127\.0\.0\.1:1.*redis-server running/);
  });
});

describe('Redis event store durability (appendonly yes, appendfsync always)', () => {
  it('keeps every acknowledged event when redis-server is killed with SIGKILL, and carries on after it restarts', async () => {
    const redis = await startRedis({ durable: true });
    const warnings: string[] = [];
    const store = await openRedisStore({ url: redis.url, warn: (m) => warnings.push(m) });
    const other = await openRedisStore({ url: redis.url, warn: () => {} });
    try {
      expect(store.durability).toEqual({ appendonly: 'yes', appendfsync: 'always', durable: true });
      expect(warnings).toEqual([]);
      const foreign: ShowEvent[] = [];
      other.onForeignEvents((evs) => foreign.push(...evs));
      // 300 appends in flight at once; each is acknowledged; then Redis dies without warning.
      const acked = await Promise.all(Array.from({ length: 300 }, (_, i) => store.append(reaction(`r${i}`), i, { dedupeKey: `k${i}` })));
      await redis.kill();
      await expect(store.append(reaction('while-down'), 1000)).rejects.toThrow();
      await redis.restart();

      // The same store objects reconnect by themselves.
      const after = await retry(() => store.append(reaction('after'), 1001));
      expect(after.event.seq).toBe(301);
      const log = await store.since(0);
      expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 301 }, (_, i) => i + 1));
      for (const r of acked) expect(log[r.event.seq - 1]).toEqual(r.event);
      // Dedupe keys survived too.
      expect((await store.append(reaction('r7'), 2000, { dedupeKey: 'k7' })).created).toBe(false);
      expect(warnings.some((w) => /unreachable/.test(w))).toBe(true);
      expect(warnings.some((w) => /is back/.test(w))).toBe(true);
      // The other process's reader resumed where it stopped: it has all 301, once each, in order.
      await waitFor(() => (foreign.length >= 301 ? true : undefined), 'the foreign reader to catch up');
      expect(foreign.map((e) => e.seq)).toEqual(log.map((e) => e.seq));
    } finally {
      await Promise.all([store.close(), other.close()]);
      await redis.stop();
    }
  });
});

describe('Redis event store on a Redis that forgets (appendonly no)', () => {
  it('says loudly that acknowledged events were lost when Redis comes back without them', async () => {
    const redis = await startRedis();
    const warnings: string[] = [];
    const store = await openRedisStore({ url: redis.url, warn: (m) => warnings.push(m) });
    try {
      for (let i = 0; i < 5; i++) await store.append(reaction(`r${i}`), i);
      await redis.kill();
      await redis.restart();
      await waitFor(() => (warnings.some((w) => /Redis lost events/.test(w)) ? true : undefined), 'the loss warning', 10_000);
      expect(warnings.find((w) => /Redis lost events/.test(w))).toMatch(/ends at seq 0, but this process had seen seq 5.*appendfsync always/);
    } finally {
      await store.close();
      await redis.stop();
    }
  });
});

async function retry<T>(fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
