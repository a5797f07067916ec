import { io } from 'socket.io-client';
import { performance } from 'node:perf_hooks';
import { createClockSync, estimateOffset, type ClockSample } from '../../src/net/clock.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/net/protocol.ts';
import type { Socket } from 'socket.io-client';
import { demoCopy, removeDir, startTestServer } from '../server/show-server.ts';
import { percentile, table } from './stats.ts';

/**
 * Clock sync on loopback against a real server: the error of the client's estimate of the shared clock,
 * with no added delay and with 0-20 ms of random delay added to each leg of every ping (independently).
 * The client's local clock is the process's monotonic clock shifted by a random offset, so the truth is
 * known: server.now() read back to back with the client's local clock. Baselines from the same samples:
 * the first sample alone, the mean of all samples, and the single lowest-round-trip sample.
 */

/** Waits `ms` precisely: setTimeout for the bulk (it never fires under 1 ms, and late), then setImmediate
 * turns until the deadline. */
async function preciseDelay(ms: number): Promise<void> {
  const end = performance.now() + ms;
  if (ms > 3) await new Promise((r) => setTimeout(r, ms - 2));
  while (performance.now() < end) await new Promise((r) => setImmediate(r));
}

interface Trial {
  ours: number;
  first: number;
  mean: number;
  fastest: number;
  rttMs: number;
}

export async function run(): Promise<void> {
  const dir = demoCopy();
  const server = await startTestServer(dir, { watch: false });
  const rows: (string | number)[][] = [];
  try {
    for (const scenario of [
      { name: 'no added delay', maxDelayMs: 0, trials: 200 },
      { name: '0-20 ms random delay on each leg', maxDelayMs: 20, trials: 100 },
    ]) {
      const trials: Trial[] = [];
      for (let i = 0; i < scenario.trials; i++) {
        // A connection per trial, as a screen that joins (the server limits clock pings per connection).
        const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, { forceNew: true, transports: ['websocket'] });
        await new Promise<void>((r) => socket.once('connect', () => r()));
        const shift = 1e6 * (Math.random() - 0.5);
        const localMs = () => performance.now() + shift;
        const ping = async (sendMs: number) => {
          if (scenario.maxDelayMs > 0) await preciseDelay(Math.random() * scenario.maxDelayMs);
          const s = await socket.timeout(3000).emitWithAck('clock:ping', sendMs);
          if (scenario.maxDelayMs > 0) await preciseDelay(Math.random() * scenario.maxDelayMs);
          return s;
        };
        const clock = createClockSync({ ping, nowMs: localMs });
        await clock.start();
        clock.stop();
        const trueOffset = server.now() * 1000 - localMs();
        const samples: readonly ClockSample[] = clock.samples();
        const err = (offset: number) => Math.abs(offset - trueOffset);
        const fastest = samples.reduce((a, b) => (b.rttMs < a.rttMs ? b : a));
        trials.push({
          ours: err(estimateOffset(samples, localMs()).offsetMs),
          first: err((samples[0] as ClockSample).offsetMs),
          mean: err(samples.reduce((a, s) => a + s.offsetMs, 0) / samples.length),
          fastest: err(fastest.offsetMs),
          rttMs: fastest.rttMs,
        });
        socket.disconnect();
      }
      const p = (k: keyof Trial, q: number) =>
        percentile(
          trials.map((t) => t[k]).sort((a, b) => a - b),
          q,
        );
      const goal = scenario.maxDelayMs > 0 ? 2.5 : 0.1;
      rows.push([
        scenario.name,
        scenario.trials,
        p('rttMs', 50),
        p('ours', 50),
        p('ours', 95),
        goal,
        p('ours', 95) <= goal ? 'yes' : 'NO',
        `${(p('first', 95) / p('ours', 95)).toFixed(1)}x`,
        `${(p('mean', 95) / p('ours', 95)).toFixed(1)}x`,
        `${(p('fastest', 95) / p('ours', 95)).toFixed(1)}x`,
      ]);
    }
  } finally {
    await server.close();
    removeDir(dir);
  }
  table(
    'clock sync error after the start burst (24 pings, 2 in flight) (loopback, real socket.io server), ms',
    [
      'scenario',
      'trials',
      'best rtt p50',
      'error p50',
      'error p95',
      'goal p95',
      'met',
      'p95 first sample / ours',
      'p95 mean of samples / ours',
      'p95 fastest sample / ours',
    ],
    rows,
  );
}
