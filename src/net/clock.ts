import type { Seconds } from '../core/units.ts';

/**
 * The shared clock on a client, NTP-style. A ping carries nothing; the server answers with the shared
 * clock `S` when it received it. With the local send and receive times t0, t1 (ms, monotonic):
 *
 *     offset = S - (t0 + t1) / 2        rtt = t1 - t0
 *
 * If the request took `up` ms and the answer `down` ms, offset = true offset + (up - down) / 2: only the
 * asymmetry of one round trip errs, and never by more than rtt / 2. So every sample bounds the true offset
 * to [offset - rtt/2, offset + rtt/2] = [true - down, true + up]. The estimate is the middle of the
 * intersection of the bounds of the recent samples: its edges are the fastest request and the fastest
 * answer seen, which is the "keep the lowest-round-trip samples" rule made exact (the mean or median of
 * samples is pulled off by asymmetric delay; this is not). Clocks drift, so a sample's bounds widen with
 * its age by DRIFT_PPM; if the bounds still disagree (the local clock stepped, a drift beyond that), the
 * older samples are dropped and the newest lowest-round-trip sample decides.
 *
 * Cadence: a burst of pings on start (two in flight at a time), then one ping every `intervalMs`.
 */
export interface ClockSample {
  /** Local time the answer arrived (ms). */
  readonly atMs: number;
  readonly rttMs: number;
  /** Shared clock minus local clock, ms, as this one round trip measured it. */
  readonly offsetMs: number;
}

export interface ClockOptions {
  /** One round trip: resolves with the shared clock (seconds) at the server's receipt. */
  readonly ping: (clientSendMs: number) => Promise<Seconds>;
  /** The local monotonic clock in ms. Default performance.now. */
  readonly nowMs?: () => number;
  /** Pings in the first burst. Default 24. */
  readonly burst?: number;
  /** Pings in flight at once during the burst. Default 2 (the burst lasts about 12 round trips). */
  readonly inFlight?: number;
  /** Time between re-sync pings after the burst, ms. Default 2000. */
  readonly intervalMs?: number;
  /** Samples kept (the newest). Default 32: a minute at the default interval. */
  readonly window?: number;
  /** A ping without an answer after this long is dropped, ms. Default 3000. */
  readonly timeoutMs?: number;
}

/** How fast a sample's bounds widen with age: a generous bound on two quartz clocks' drift. */
export const DRIFT_PPM = 20;

export interface ClockSync {
  /** Shared clock minus local clock (ms); 0 until the first sample. */
  offsetMs(): number;
  /** Round trip of the fastest sample kept (ms); NaN until the first sample. */
  rttMs(): number;
  /** Half the width of the agreed interval: the error bound of offsetMs (ms). */
  uncertaintyMs(): number;
  /** Now on the shared clock (seconds). */
  now(): Seconds;
  /** True once a sample arrived (and still after restart(): the last estimate stands until new samples). */
  synced(): boolean;
  samples(): readonly ClockSample[];
  /** Runs the burst, then keeps re-syncing until stop(). Resolves when the burst is done. */
  start(): Promise<void>;
  /** Takes one sample now (e.g. after a reconnect). */
  sample(): Promise<void>;
  /** Clears the samples (a new server: its clock may differ) and runs a burst again. */
  restart(): Promise<void>;
  stop(): void;
}

export function createClockSync(options: ClockOptions): ClockSync {
  const nowMs = options.nowMs ?? (() => performance.now());
  const burst = options.burst ?? 24;
  const intervalMs = options.intervalMs ?? 2000;
  const windowSize = options.window ?? 32;
  const timeoutMs = options.timeoutMs ?? 3000;
  let samples: ClockSample[] = [];
  let estimate: Estimate = { offsetMs: 0, uncertaintyMs: Infinity, rttMs: Number.NaN };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let generation = 0;
  let hasEstimate = false;

  const sample = async (): Promise<void> => {
    const gen = generation;
    const t0 = nowMs();
    let expire = () => {};
    const timeout = setTimeout(() => expire(), timeoutMs);
    const server = await Promise.race([
      options.ping(t0),
      new Promise<undefined>((resolveTimeout) => {
        expire = () => resolveTimeout(undefined);
      }),
    ]).catch(() => undefined);
    clearTimeout(timeout);
    const t1 = nowMs();
    if (server === undefined || !Number.isFinite(server) || gen !== generation) return;
    samples.push({ atMs: t1, rttMs: t1 - t0, offsetMs: server * 1000 - (t0 + t1) / 2 });
    if (samples.length > windowSize) samples = samples.slice(-windowSize);
    estimate = estimateOffset(samples, t1);
    hasEstimate = true;
    if (estimate.dropOlderThanMs !== undefined) {
      const cut = estimate.dropOlderThanMs;
      samples = samples.filter((s) => s.atMs >= cut);
    }
  };

  // Several pings in flight: each sample's bounds hold whatever the queueing, and the burst ends sooner.
  const lanes = Math.max(1, options.inFlight ?? 2);
  const runBurst = async () => {
    let left = burst;
    const lane = async () => {
      while (left > 0 && running) {
        left--;
        await sample();
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
  };
  const schedule = () => {
    if (!running) return;
    timer = setTimeout(() => void sample().then(schedule), intervalMs);
  };

  return {
    offsetMs: () => estimate.offsetMs,
    rttMs: () => estimate.rttMs,
    uncertaintyMs: () => estimate.uncertaintyMs,
    now: () => (nowMs() + estimate.offsetMs) / 1000,
    synced: () => hasEstimate,
    samples: () => samples,
    sample,
    async start() {
      if (running) return;
      running = true;
      await runBurst();
      schedule();
    },
    async restart() {
      generation++;
      samples = [];
      estimate = { offsetMs: estimate.offsetMs, uncertaintyMs: Infinity, rttMs: Number.NaN };
      if (timer) clearTimeout(timer);
      running = true;
      await runBurst();
      schedule();
    },
    stop() {
      running = false;
      generation++;
      if (timer) clearTimeout(timer);
    },
  };
}

interface Estimate {
  readonly offsetMs: number;
  readonly uncertaintyMs: number;
  readonly rttMs: number;
  /** Set when the samples disagree: the ones older than this should be dropped. */
  readonly dropOlderThanMs?: number;
}

/** The offset the samples agree on at local time `atMs` (see the module comment). Pure, for tests. */
export function estimateOffset(samples: readonly ClockSample[], atMs: number): Estimate {
  let lo = -Infinity;
  let hi = Infinity;
  let best: ClockSample | undefined;
  for (const s of samples) {
    const widen = Math.max(0, atMs - s.atMs) * DRIFT_PPM * 1e-6 + s.rttMs * DRIFT_PPM * 1e-6;
    lo = Math.max(lo, s.offsetMs - s.rttMs / 2 - widen);
    hi = Math.min(hi, s.offsetMs + s.rttMs / 2 + widen);
    if (!best || s.rttMs < best.rttMs) best = s;
  }
  if (!best) return { offsetMs: 0, uncertaintyMs: Infinity, rttMs: Number.NaN };
  if (lo <= hi) return { offsetMs: (lo + hi) / 2, uncertaintyMs: (hi - lo) / 2, rttMs: best.rttMs };
  // Disagreement: trust the newest half, and its fastest sample.
  const recent = samples.slice(Math.floor(samples.length / 2));
  const fastest = recent.reduce((a, b) => (b.rttMs < a.rttMs ? b : a));
  return { offsetMs: fastest.offsetMs, uncertaintyMs: fastest.rttMs / 2, rttMs: fastest.rttMs, dropOlderThanMs: (recent[0] as ClockSample).atMs };
}
