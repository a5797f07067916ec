import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerCommand, ServerReport, Target, ViewersCommand, ViewersReport } from './fanout/messages.ts';
import { nowMs, TARGETS as ALL_TARGETS, VIEWERS_PER_ADDRESS } from './fanout/messages.ts';
import { startRedis, type RedisServer } from '../server/redis-server.ts';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { openSender, SENDER_CONNECTIONS, type Refused, type Sent } from './fanout/sender.ts';
import { percentile, table } from './stats.ts';
import { benchPriority } from './cpu.ts';
import { checkClock, nextMessage } from './child-process.ts';

/**
 * `npm run bench -- fanout`: one sender sends 30 reactions/s; the server broadcasts each resulting event
 * to N viewers (two child processes of N/2 each). The viewers are minimal socket.io clients
 * (fanout/raw-socket.ts) for every target, the bare ws floor included (it speaks the same frames): with
 * socket.io-client the viewers used more CPU than the server and the run measured them. Measured per (viewer, message): delivery latency from
 * the sender's send to the viewer's receipt, on the clock the processes share (messages.ts). For each N,
 * the Meshwork server and the floor, a bare `ws` broadcast server, run in turn in the same run, each in
 * its own process so that its CPU time is its own.
 */
const RATE_PER_SECOND = 30;
/** Not measured: lets JIT and connections settle. */
const WARMUP_SECONDS = 1;
const MEASURE_SECONDS = 5;
/** After the last send, how long stragglers may take before they count as lost (the bench moves on as
 * soon as every viewer has every message). */
const DRAIN_MS = 30_000;
/** Viewer counts; MESHWORK_FANOUT_N=100,500 runs others (e.g. while developing). */
const SIZES = process.env.MESHWORK_FANOUT_N ? process.env.MESHWORK_FANOUT_N.split(',').map(Number) : [1000, 2000];
/** Rounds per (target, N), interleaved; the table gives their medians. MESHWORK_FANOUT_ROUNDS=1 is quicker. */
const ROUNDS = Number(process.env.MESHWORK_FANOUT_ROUNDS ?? 3);
/** MESHWORK_FANOUT_TARGETS=ws,meshwork,meshwork-redis adds Meshwork on Redis (needs redis-server). */
const TARGETS = (process.env.MESHWORK_FANOUT_TARGETS?.split(',') ?? ['ws', 'meshwork']) as Target[];
/** MESHWORK_FANOUT_COMPARE=<checkout> with target meshwork-compare: that checkout's Meshwork (its own
 * server-process.ts, which speaks the same IPC), e.g. the commit before a change. */
const COMPARE_DIR = process.env.MESHWORK_FANOUT_COMPARE;
const LABELS: Record<Target, string> = {
  ws: 'bare ws (floor)',
  meshwork: 'Meshwork (socket.io, SQLite)',
  'meshwork-redis': 'Meshwork on Redis (Lua + Streams adapter)',
  'meshwork-compare': `Meshwork at ${COMPARE_DIR ?? '(MESHWORK_FANOUT_COMPARE unset)'}`,
};

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const TSX = ['--import', 'tsx'];
/** MESHWORK_FANOUT_PROFILE=<dir> writes a V8 CPU profile of each server run there (`node --cpu-prof`;
 * open it in Chrome's DevTools, Performance tab): what limits the fan-out. */
const PROFILE_DIR = process.env.MESHWORK_FANOUT_PROFILE;
const serverExecArgv = (target: Target, n: number): string[] => (PROFILE_DIR ? [...TSX, '--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}/${target}-${n}`] : TSX);

interface Result {
  readonly target: Target;
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly delivered: number;
  readonly expected: number;
  readonly duplicates: number;
  /** Viewers whose connection ended during the run (must be 0). */
  readonly closed: number;
  /** Messages the server refused (must be 0: nothing then reaches the viewers). */
  readonly refused: number;
  /** The server's CPU time from the first measured send until every viewer had time to receive the last
   * one, per second of sending: the load 30 messages/s put on it, in % of one core. */
  readonly cpuPercent: number;
  readonly connectSeconds: number;
  /** Both viewer processes' CPU from connected to collected (sending, drain), per second of sending. */
  readonly viewersCpuPercent: number;
}

export async function run(): Promise<void> {
  const unknown = TARGETS.filter((t) => !(ALL_TARGETS as readonly string[]).includes(t));
  if (unknown.length) throw new Error(`MESHWORK_FANOUT_TARGETS: unknown ${unknown.join(', ')}; expected some of ${ALL_TARGETS.join(', ')}`);
  if (!TARGETS.includes('ws')) throw new Error('MESHWORK_FANOUT_TARGETS must include ws: the other figures are ratios to it');
  if (TARGETS.includes('meshwork-compare') && !COMPARE_DIR)
    throw new Error('target meshwork-compare needs MESHWORK_FANOUT_COMPARE=<the folder of another checkout>');
  if (!(Number.isInteger(ROUNDS) && ROUNDS >= 1))
    throw new Error(`MESHWORK_FANOUT_ROUNDS: expected a whole number >= 1, got "${process.env.MESHWORK_FANOUT_ROUNDS}"`);
  // The sender runs here: it gets the same priority as the servers and viewers.
  benchPriority(process.pid);
  const results: Result[] = [];
  const started = nowMs();
  console.log(
    `fanout: load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} on ${availableParallelism()} cores at the start; ${fsyncCost()}${process.env.MESHWORK_BENCH_PRIORITY ? `; servers and viewers run at priority ${process.env.MESHWORK_BENCH_PRIORITY}` : ''}`,
  );
  for (const n of SIZES) {
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, in turn first: a burst of someone else's load lands on every target alike.
      const order = round % 2 === 0 ? TARGETS : [...TARGETS].reverse();
      for (const target of order) {
        const r = await runOne(target, n);
        results.push(r);
        console.log(
          `fanout: ${target} N=${n} round ${round + 1}/${ROUNDS}: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.delivered}/${r.expected} delivered, server CPU ${r.cpuPercent.toFixed(0)}%, viewers' CPU ${r.viewersCpuPercent.toFixed(0)}% (connected in ${r.connectSeconds.toFixed(1)} s)`,
        );
      }
    }
  }
  const rows: (string | number)[][] = [];
  for (const n of SIZES) {
    const floor = summarize(results.filter((r) => r.target === 'ws' && r.n === n));
    for (const target of TARGETS) {
      const rounds = results.filter((r) => r.target === target && r.n === n);
      const s = summarize(rounds);
      rows.push([
        n,
        LABELS[target],
        s.p50,
        s.p99,
        rounds.map((r) => r.p99.toFixed(0)).join(' / '),
        s.max,
        `${((100 * s.delivered) / s.expected).toFixed(s.delivered === s.expected ? 0 : 3)}%${s.duplicates ? ` (${s.duplicates} duplicates)` : ''}${s.refused ? ` (${s.refused} refused)` : ''}${s.closed ? ` (${s.closed} viewers disconnected)` : ''}`,
        `${s.cpuPercent.toFixed(0)}%`,
        `${s.viewersCpuPercent.toFixed(0)}%`,
        target === 'ws' ? '1' : `${(s.p99 / floor.p99).toFixed(2)}x`,
        target === 'ws' ? '1' : `${(s.cpuPercent / floor.cpuPercent).toFixed(2)}x`,
      ]);
    }
  }
  table(
    `Fan-out: ${RATE_PER_SECOND} reactions/s to N viewers for ${MEASURE_SECONDS} s (after ${WARMUP_SECONDS} s of warm-up), loopback, viewers in 2 processes of raw socket.io clients (the same for every target); latency = send to receipt, ms (CLOCK_MONOTONIC shared by the processes); medians of ${ROUNDS} interleaved rounds`,
    [
      'N',
      'server',
      'p50 ms',
      'p99 ms',
      'p99 per round',
      'max ms',
      'delivered (all rounds)',
      'server CPU (1 core = 100%)',
      'viewers CPU (2 processes)',
      'p99 vs ws (goal <= 1.8x at 1000)',
      'server CPU vs ws',
    ],
    rows,
  );
  console.log(
    `\nfanout: ${((nowMs() - started) / 1000).toFixed(0)} s in all; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} on ${availableParallelism()} cores at the end (other programs on the machine inflate every figure). CPU is per second of sending. The sender is an operator on ${SENDER_CONNECTIONS} connections for every target (Meshwork allows 20 messages/s per connection); the bench's copy of the installation raises audience.limits.reactionsPerMinute; viewers come from 127.0.1.x, ${VIEWERS_PER_ADDRESS} per address.`,
  );
}

/** One target at one N over its rounds: medians of the rounds' figures, totals of their counts. */
function summarize(rounds: readonly Result[]): Omit<Result, 'target' | 'n' | 'connectSeconds'> {
  const median = (f: (r: Result) => number) => {
    const v = rounds.map(f).sort((a, b) => a - b);
    return v.length % 2 ? (v[(v.length - 1) / 2] as number) : ((v[v.length / 2 - 1] as number) + (v[v.length / 2] as number)) / 2;
  };
  const sum = (f: (r: Result) => number) => rounds.reduce((a, r) => a + f(r), 0);
  return {
    p50: median((r) => r.p50),
    p99: median((r) => r.p99),
    max: Math.max(...rounds.map((r) => r.max)),
    delivered: sum((r) => r.delivered),
    expected: sum((r) => r.expected),
    duplicates: sum((r) => r.duplicates),
    closed: sum((r) => r.closed),
    refused: sum((r) => r.refused),
    cpuPercent: median((r) => r.cpuPercent),
    viewersCpuPercent: median((r) => r.viewersCpuPercent),
  };
}

async function runOne(target: Target, n: number): Promise<Result> {
  const redis: RedisServer | undefined = target === 'meshwork-redis' ? await startRedis({ durable: true }) : undefined;
  const script = target === 'meshwork-compare' ? join(COMPARE_DIR as string, 'tests/bench/fanout/server-process.ts') : here('./fanout/server-process.ts');
  const server = fork(script, redis ? [target, redis.url] : [target === 'meshwork-compare' ? 'meshwork' : target], {
    execArgv: serverExecArgv(target, n),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const viewers: ChildProcess[] = [];
  try {
    benchPriority(server.pid);
    const listening = await nextMessage<ServerReport>(server, (m) => m.type === 'listening', 30_000, 'the server to listen');
    if (listening.type !== 'listening') throw new Error('unreachable');
    await checkClock(server);
    const half = Math.ceil(n / 2);
    const shares = [half, n - half];
    const connectStart = nowMs();
    await Promise.all(
      shares.map(async (count, i) => {
        const child = fork(here('./fanout/viewers-process.ts'), [], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        viewers.push(child);
        benchPriority(child.pid);
        await checkClock(child);
        const ready = nextMessage<ViewersReport>(child, (m) => m.type === 'ready' || m.type === 'error', 120_000, `${count} viewers to connect`);
        command<ViewersCommand>(child, { type: 'connect', url: listening.url, count, firstIndex: i * half });
        const r = await ready;
        if (r.type === 'error') throw new Error(`viewers could not connect: ${r.message}`);
      }),
    );
    const connectSeconds = (nowMs() - connectStart) / 1000;

    const sender = await openSender(listening.url, listening.operatorToken);
    const total = (WARMUP_SECONDS + MEASURE_SECONDS) * RATE_PER_SECOND;
    const warmup = WARMUP_SECONDS * RATE_PER_SECOND;
    const acks: Promise<Sent | Refused>[] = [];
    let cpuStart: Promise<ServerReport> | undefined;
    const t0 = nowMs();
    for (let i = 0; i < total; i++) {
      // A fixed schedule (no drift): message i leaves at t0 + i / rate.
      const wait = t0 + (i * 1000) / RATE_PER_SECOND - nowMs();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (i === warmup) {
        cpuStart = cpu(server);
        // Awaited after the sends; until then a failure must not count as an unhandled rejection.
        cpuStart.catch(() => {});
      }
      acks.push(sender.send());
    }
    const answers = await Promise.all(acks);
    const sent = answers.map((a) => ('seq' in a ? a : undefined));
    const refusals = answers.filter((a): a is Refused => 'refused' in a);
    if (refusals.length) console.log(`fanout: the ${target} server refused ${refusals.length} message(s), e.g. "${(refusals[0] as Refused).refused}"`);
    const measuredSeqs = sent.slice(warmup).flatMap((m) => (m ? [m.seq] : []));
    const drainStart = nowMs();
    while (nowMs() - drainStart < DRAIN_MS) {
      const counts = await Promise.all(
        viewers.map((child) => {
          const reply = nextMessage<ViewersReport>(child, (m) => m.type === 'count', 30_000, 'viewer counts');
          command<ViewersCommand>(child, { type: 'count', seqs: measuredSeqs });
          return reply;
        }),
      );
      if (counts.every((c) => c.type === 'count' && c.missing === 0)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const cpuEnd = await cpu(server);
    const before = (await cpuStart) as ServerReport & { type: 'cpu' };
    const end = cpuEnd as ServerReport & { type: 'cpu' };
    sender.close();

    const measured = sent.slice(warmup).filter((m): m is Sent => m !== undefined);
    const reports = await Promise.all(
      viewers.map(async (child) => {
        const result = nextMessage<ViewersReport>(child, (m) => m.type === 'result', 30_000, 'viewer results');
        command<ViewersCommand>(child, { type: 'collect', sent: measured });
        return (await result) as ViewersReport & { type: 'result' };
      }),
    );
    for (const r of reports) if (r.closeReason) console.log(`fanout: ${r.closed} ${target} viewer(s) disconnected during the run (last: ${r.closeReason})`);
    const latencies = reports.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
    return {
      target,
      n,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? Number.NaN,
      delivered: latencies.length,
      expected: reports.reduce((a, r) => a + r.expected, 0),
      duplicates: reports.reduce((a, r) => a + r.duplicates, 0),
      closed: reports.reduce((a, r) => a + r.closed, 0),
      refused: refusals.length,
      cpuPercent: (100 * (end.userMs + end.systemMs - before.userMs - before.systemMs)) / (MEASURE_SECONDS * 1000),
      connectSeconds,
      viewersCpuPercent: (100 * reports.reduce((a, r) => a + r.cpuMs, 0)) / ((WARMUP_SECONDS + MEASURE_SECONDS) * 1000),
    };
  } finally {
    for (const child of viewers) await stopChild(child, { type: 'stop' });
    await stopChild(server, { type: 'stop' });
    await redis?.stop();
  }
}

/** Meshwork makes every event durable (an fsync) before it broadcasts it; the disk's fsync time is part of
 * its latency and none of the bare ws server's, so the bench prints it as context. */
function fsyncCost(): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshwork-fsync-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  const samples: number[] = [];
  try {
    for (let i = 0; i < 30; i++) {
      const t = nowMs();
      writeSync(fd, 'x'.repeat(200));
      fdatasyncSync(fd);
      samples.push(nowMs() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  samples.sort((a, b) => a - b);
  return `a 200-byte write + fdatasync in ${tmpdir()} takes p50 ${percentile(samples, 50).toFixed(2)} ms, p90 ${percentile(samples, 90).toFixed(2)} ms`;
}

function cpu(server: ChildProcess): Promise<ServerReport> {
  // A server saturated by the broadcast answers late: give it time rather than fail the run.
  const reply = nextMessage<ServerReport>(server, (m) => m.type === 'cpu', 60_000, "the server's CPU time");
  command<ServerCommand>(server, { type: 'cpu' });
  return reply;
}

function command<C>(child: ChildProcess, message: C): void {
  child.send(message as object);
}

/** Asks a child to stop, and kills it (by its own handle) if it has not exited within 5 s. */
async function stopChild<C>(child: ChildProcess, stop: C): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  if (child.connected) command(child, stop);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
