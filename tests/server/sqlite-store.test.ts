import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { percentile } from '../bench/stats.ts';
import { removeDir } from './show-server.ts';

const tmp = mkdtempSync(join(tmpdir(), 'meshwork-sqlite-'));
afterAll(() => removeDir(tmp));

describe('SqliteStore', () => {
  it('numbers events 1, 2, 3 ..., never lets t run back, and runs in WAL with synchronous=FULL', async () => {
    const store = await SqliteStore.open(join(tmp, 'a', 'show.db'));
    expect(await store.pragmas()).toEqual({ journalMode: 'wal', synchronous: 2 });
    const a = await store.append({ type: 'cue', phase: 'one' }, 5);
    const b = await store.append({ type: 'glitch', intensity: 1, seconds: 2 }, 4); // a clock read earlier
    const [c, d] = await Promise.all([store.append({ type: 'reaction', kind: 'heart' }, 6), store.append({ type: 'reaction', kind: 'fire' }, 7)]);
    expect([a.event.seq, b.event.seq, c?.event.seq, d?.event.seq]).toEqual([1, 2, 3, 4]);
    expect(b.event.t).toBe(5);
    expect(await store.lastSeq()).toBe(4);
    expect((await store.since(2)).map((e) => e.seq)).toEqual([3, 4]);
    expect((await store.since(0))[1]).toEqual({ type: 'glitch', intensity: 1, seconds: 2, seq: 2, t: 5 });
    await store.close();
  });

  it('answers an append with a stored dedupeKey with the first event, and keeps everything across a reopen', async () => {
    const file = join(tmp, 'b', 'show.db');
    const store = await SqliteStore.open(file);
    const body = { type: 'story', id: 'story-123', text: 'hello', emotion: 'hope', material: 'm', lang: 'en', consent: true } as const;
    const first = await store.append(body, 1, { dedupeKey: 'story:story-123' });
    const again = await store.append({ ...body, text: 'changed' }, 2, { dedupeKey: 'story:story-123' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ event: first.event, created: false });
    expect(await store.clockOriginMs(1000)).toBe(1000);
    await store.close();
    const reopened = await SqliteStore.open(file);
    expect(await reopened.since(0)).toEqual([first.event]);
    expect(await reopened.clockOriginMs(2000)).toBe(1000);
    await reopened.close();
  });

  it('loses no acknowledged event when the writer is killed (SIGKILL)', async () => {
    const file = join(tmp, 'c', 'show.db');
    // `node --import tsx` runs the writer in this very process (the tsx CLI would fork a second one).
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/append-until-killed.ts'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let acked = 0;
    await new Promise<void>((done) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        for (const m of chunk.matchAll(/acked (\d+)/g)) acked = Math.max(acked, Number(m[1]));
        if (acked >= 200 && child.kill('SIGKILL')) done();
      });
    });
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    child.stdout.destroy();
    const store = await SqliteStore.open(file);
    const events = await store.since(0);
    expect(events.length).toBeGreaterThanOrEqual(acked);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    await store.close();
  });

  it('commits concurrent appends together: gapless seqs resolved in order, a key met twice in one batch stored once', async () => {
    const store = await SqliteStore.open(join(tmp, 'e', 'show.db'));
    await store.append({ type: 'reaction', kind: 'heart' }, 1);
    const order: number[] = [];
    const appends = Array.from({ length: 120 }, (_, i) => {
      const story = i % 40 === 7; // three appends share one dedupe key: a phone retrying while the first is in flight
      const body = story
        ? ({ type: 'story', id: 'retried-story', text: 'x', emotion: 'hope', material: 'm', lang: 'en', consent: true } as const)
        : ({ type: 'reaction', kind: 'fire' } as const);
      return store.append(body, 2 + i * 0.001, story ? { dedupeKey: 'story:retried-story' } : undefined).then((r) => {
        if (r.created) order.push(r.event.seq);
        return r;
      });
    });
    const results = await Promise.all(appends);
    const created = results.filter((r) => r.created);
    expect(created.map((r) => r.event.seq)).toEqual(created.map((_, i) => i + 2));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    const retried = results.filter((r) => r.event.type === 'story');
    expect(retried.map((r) => r.created)).toEqual([true, false, false]);
    expect(new Set(retried.map((r) => r.event.seq)).size).toBe(1);
    expect(await store.lastSeq()).toBe(1 + 120 - 2);
    const all = await store.since(0);
    expect(all.map((e) => e.t)).toEqual([...all.map((e) => e.t)].sort((x, y) => x - y));
    await store.close();
  });

  it('measures the durable append latency, one at a time and in a burst (printed; not asserted)', async () => {
    const store = await SqliteStore.open(join(tmp, 'd', 'show.db'));
    const ms: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      await store.append({ type: 'reaction', kind: 'heart' }, i);
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.append({ type: 'reaction', kind: 'heart' }, 100 + i)));
    const burstMs = performance.now() - t0;
    console.log(
      `SQLite durable append (WAL, synchronous=FULL): one at a time p50 ${percentile(ms, 50).toFixed(2)} ms, p95 ${percentile(ms, 95).toFixed(2)} ms; 100 at once ${burstMs.toFixed(1)} ms in all (${(burstMs / 100).toFixed(2)} ms per event; one at a time would take about ${(percentile(ms, 50) * 100).toFixed(0)} ms)`,
    );
    expect(await store.lastSeq()).toBe(200);
    await store.close();
  });
});
