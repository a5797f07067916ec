import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { encodeSculptures } from '../../src/core/encode.ts';
import { compileFolder } from '../../server/installation-folder.ts';
import { nowMs, type ServerCommand, type ServerReport } from './fanout/messages.ts';
import type { Answers, Behaviour, ClientsCommand, ClientsReport, Sent, ShowFacts } from './soak/messages.ts';
import { percentile, table } from './stats.ts';
import { benchPriority } from './cpu.ts';
import { checkClock, nextMessage } from './child-process.ts';

/**
 * `npm run bench -- soak [--minutes 10]`: a show of `minutes` with 500 clients: 300 viewers, 199 phones
 * sending reactions and stories at a plausible rate (one reaction every 20 s and one story every 4 min per
 * phone, on average), and an operator who approves (or hides, one in ten) every held story after 1-4 s
 * and cues the next phase about once a minute. The server is Meshwork as it runs by default (SQLite), with
 * the demo installation's own limits, in its own process. Reported:
 * - the memory slope: the server's RSS and heap, sampled every 5 s, fitted with a line (MB/min);
 * - events lost: every acknowledged event must reach every viewer (and its seq every phone): goal 0;
 * - latency over time: send to receipt, p50/p99 per minute of the show.
 * The clients are minimal socket.io clients (fanout/raw-socket.ts) in 2 processes.
 */
const VIEWERS = 300;
const PHONES = 199;
const BEHAVIOUR: Behaviour = { reactionEverySeconds: 20, storyEverySeconds: 240, cueEverySeconds: 60, moderateAfterSeconds: [1, 4], hideShare: 0.1 };
const MEMORY_EVERY_MS = 5000;
/** After the last answer, how long deliveries may take before they count as lost. */
const DRAIN_MS = 30_000;
const DEMO = fileURLToPath(new URL('../../installations/upcycling-rite', import.meta.url));
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const TSX = ['--import', 'tsx'];

export interface SoakOptions {
  /** Length of the show, minutes. @default 10 */
  readonly minutes?: number;
}

interface MemorySample {
  readonly atMs: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly cpuMs: number;
}

export async function run(options: SoakOptions = {}): Promise<void> {
  const minutes = options.minutes ?? 10;
  if (!(minutes > 0 && minutes <= 600)) throw new Error(`soak: --minutes must be a number of minutes in (0, 600], got ${minutes}`);
  console.log(
    `soak: ${VIEWERS} viewers, ${PHONES} phones and an operator for ${minutes} min; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} on ${availableParallelism()} cores at the start${process.env.MESHWORK_BENCH_PRIORITY ? `; server and clients at priority ${process.env.MESHWORK_BENCH_PRIORITY}` : ''}`,
  );
  const facts = showFacts();
  const server = fork(here('./fanout/server-process.ts'), ['meshwork', '--demo-limits'], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const children: ChildProcess[] = [];
  let sampler: ReturnType<typeof setInterval> | undefined;
  try {
    benchPriority(server.pid);
    const listening = await nextMessage<ServerReport>(server, (m) => m.type === 'listening', 60_000, 'the server to listen');
    if (listening.type !== 'listening') throw new Error('unreachable');
    await checkClock(server);
    const viewerIndexes = Array.from({ length: VIEWERS }, (_, i) => i);
    const phoneIndexes = Array.from({ length: PHONES }, (_, i) => VIEWERS + i);
    const shares = [0, 1].map((k) => ({
      viewers: viewerIndexes.filter((i) => i % 2 === k),
      phones: phoneIndexes.filter((i) => i % 2 === k),
      operator: k === 0,
    }));
    const connectStart = nowMs();
    await Promise.all(
      shares.map(async (share, k) => {
        const child = fork(here('./soak/clients-process.ts'), [], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(child);
        benchPriority(child.pid);
        await checkClock(child);
        const ready = nextMessage<ClientsReport>(child, (m) => m.type === 'ready' || m.type === 'error', 180_000, 'the clients to connect');
        child.send({
          type: 'connect',
          url: listening.url,
          token: listening.operatorToken ?? '',
          ...share,
          show: facts,
          behaviour: BEHAVIOUR,
          seed: 1 + k,
        } satisfies ClientsCommand);
        const r = await ready;
        if (r.type === 'error') throw new Error(`clients could not connect: ${r.message}`);
      }),
    );
    console.log(`soak: ${VIEWERS + PHONES + 1} clients connected in ${((nowMs() - connectStart) / 1000).toFixed(1)} s`);

    const memory: MemorySample[] = [];
    const sample = async () => {
      const m = await nextMessage<ServerReport>(server, (r) => r.type === 'memory', 60_000, "the server's memory");
      if (m.type === 'memory') memory.push({ atMs: m.atMs, rss: m.rss, heapUsed: m.heapUsed, cpuMs: m.userMs + m.systemMs });
    };
    // One question at a time: a server that answers late (its event loop held up) is sampled when it answers.
    let asking: Promise<void> | undefined;
    const askMemory = () => {
      if (asking) return asking;
      const p = sample().finally(() => {
        asking = undefined;
      });
      p.catch(() => {});
      asking = p;
      server.send({ type: 'memory' } satisfies ServerCommand);
      return p;
    };
    const originMs = nowMs();
    await askMemory();
    sampler = setInterval(() => void askMemory(), MEMORY_EVERY_MS);
    const untilMs = originMs + minutes * 60_000;
    const done = await Promise.all(
      children.map((child) => {
        const reply = nextMessage<ClientsReport>(child, (m) => m.type === 'done' || m.type === 'error', minutes * 60_000 + 180_000, 'the show to end');
        child.send({ type: 'start', untilMs } satisfies ClientsCommand);
        return reply;
      }),
    );
    const sent: Sent[] = [];
    const answers: Record<string, Answers[]> = {};
    for (const d of done) {
      if (d.type !== 'done') throw new Error(`a clients process failed: ${d.type === 'error' ? d.message : d.type}`);
      sent.push(...d.sent);
      for (const [kind, a] of Object.entries(d.answers)) (answers[kind] ??= []).push(a);
    }
    sent.sort((a, b) => a.seq - b.seq);
    const seqs = sent.map((s) => s.seq);
    const drainStart = nowMs();
    let missing = Number.NaN;
    while (nowMs() - drainStart < DRAIN_MS) {
      const counts = await Promise.all(
        children.map((child) => {
          const reply = nextMessage<ClientsReport>(child, (m) => m.type === 'count', 60_000, 'client counts');
          child.send({ type: 'count', seqs } satisfies ClientsCommand);
          return reply;
        }),
      );
      missing = counts.reduce((a, c) => a + (c.type === 'count' ? c.missing : 0), 0);
      if (missing === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    clearInterval(sampler);
    sampler = undefined;
    await askMemory();
    const results = await Promise.all(
      children.map(async (child) => {
        const reply = nextMessage<ClientsReport>(child, (m) => m.type === 'result', 120_000, 'client results');
        child.send({ type: 'collect', originMs, sent } satisfies ClientsCommand);
        return (await reply) as ClientsReport & { type: 'result' };
      }),
    );
    report({ minutes, originMs, sent, answers, memory, results });
  } finally {
    if (sampler) clearInterval(sampler);
    for (const child of children) await stop(child, { type: 'stop' } satisfies ClientsCommand);
    await stop(server, { type: 'stop' } satisfies ServerCommand);
  }
}

interface Outcome {
  readonly minutes: number;
  readonly originMs: number;
  readonly sent: readonly Sent[];
  readonly answers: Readonly<Record<string, readonly Answers[]>>;
  readonly memory: readonly MemorySample[];
  readonly results: readonly (ClientsReport & { type: 'result' })[];
}

function report(o: Outcome): void {
  const MB = 1024 * 1024;
  const minuteCount = Math.ceil(o.minutes);
  const rows: (string | number)[][] = [];
  for (let m = 0; m < minuteCount; m++) {
    const lat = o.results.flatMap((r) => r.latenciesByMinute[m] ?? []).sort((a, b) => a - b);
    const events = o.sent.filter((s) => Math.floor((s.sentAtMs - o.originMs) / 60_000) === m).length;
    const from = o.originMs + m * 60_000;
    const inMinute = o.memory.filter((s) => s.atMs >= from && s.atMs < from + 60_000);
    const before = [...o.memory].reverse().find((s) => s.atMs <= from) ?? inMinute[0];
    const last = inMinute[inMinute.length - 1];
    const cpu = before && last && last.atMs > before.atMs ? (100 * (last.cpuMs - before.cpuMs)) / (last.atMs - before.atMs) : Number.NaN;
    rows.push([
      m + 1,
      events,
      lat.length,
      percentile(lat, 50),
      percentile(lat, 99),
      lat[lat.length - 1] ?? Number.NaN,
      last ? last.rss / MB : Number.NaN,
      last ? last.heapUsed / MB : Number.NaN,
      `${cpu.toFixed(0)}%`,
    ]);
  }
  table(
    `Soak: ${VIEWERS} viewers, ${PHONES} phones, 1 operator, ${o.minutes} min; per minute of the show (by send time): latency = acknowledged send to a viewer's receipt, ms`,
    ['minute', 'events acked', 'deliveries to viewers', 'p50 ms', 'p99 ms', 'max ms', 'server RSS MB (end)', 'server heap MB (end)', 'server CPU (1 core)'],
    rows,
  );
  const fit = (pick: (s: MemorySample) => number, fromMs: number) =>
    slope(o.memory.filter((s) => s.atMs >= fromMs).map((s) => [(s.atMs - o.originMs) / 60_000, pick(s) / MB]));
  const sum = (f: (r: ClientsReport & { type: 'result' }) => number) => o.results.reduce((a, r) => a + f(r), 0);
  const kinds = Object.entries(o.answers).map(([kind, list]) => {
    const acked = list.reduce((a, x) => a + x.acked, 0);
    const limited = list.reduce((a, x) => a + x.limited, 0);
    const refused = list.reduce((a, x) => a + x.refused, 0);
    const unanswered = list.reduce((a, x) => a + x.unanswered, 0);
    const why = list.find((x) => x.lastRefusal)?.lastRefusal;
    return `${kind} ${acked} acked${limited ? `, ${limited} rate-limited` : ''}${refused ? `, ${refused} refused` : ''}${unanswered ? `, ${unanswered} unanswered` : ''}${why ? ` (last: ${why})` : ''}`;
  });
  const lost = sum((r) => r.lost);
  const halfMs = o.originMs + (o.minutes * 60_000) / 2;
  table(
    'Soak: summary',
    ['figure', 'value'],
    [
      ['events acknowledged', `${o.sent.length} (${kinds.join('; ')})`],
      [
        'events lost: (acked event, viewer) pairs never delivered (goal 0)',
        `${lost} of ${o.sent.length * VIEWERS}; to viewers whose connection stayed up: ${sum((r) => r.lostLive)}`,
      ],
      [
        'send to acknowledgement, p50 / p99 (ms)',
        (() => {
          const acks = o.results.flatMap((r) => r.ackMs).sort((a, b) => a - b);
          return `${percentile(acks, 50).toFixed(2)} / ${percentile(acks, 99).toFixed(2)}`;
        })(),
      ],
      ["acked seqs missing from a phone's log (goal 0)", `${sum((r) => r.phoneMissing)} of ${o.sent.length * PHONES}`],
      ['duplicates / gaps seen by clients', `${sum((r) => r.duplicates)} / ${sum((r) => r.gaps)}`],
      [
        'connections the server ended',
        `${sum((r) => r.closed)}${o.results.find((r) => r.closeReason)?.closeReason ? ` (${o.results.find((r) => r.closeReason)?.closeReason})` : ''}`,
      ],
      ['server RSS slope, whole show / second half (MB/min)', `${fit((s) => s.rss, o.originMs).toFixed(3)} / ${fit((s) => s.rss, halfMs).toFixed(3)}`],
      [
        'server heap slope, whole show / second half (MB/min)',
        `${fit((s) => s.heapUsed, o.originMs).toFixed(3)} / ${fit((s) => s.heapUsed, halfMs).toFixed(3)}`,
      ],
      ['server RSS start -> end (MB)', `${((o.memory[0]?.rss ?? 0) / MB).toFixed(1)} -> ${((o.memory[o.memory.length - 1]?.rss ?? 0) / MB).toFixed(1)}`],
      [
        'frames per minute: a viewer / a phone',
        `${(sum((r) => r.framesPerViewer) / o.results.length / o.minutes).toFixed(0)} / ${(sum((r) => r.framesPerPhone) / o.results.length / o.minutes).toFixed(0)}`,
      ],
      ['client processes CPU (2 processes, per s of show)', `${((100 * sum((r) => r.cpuMs)) / (o.minutes * 60_000)).toFixed(0)}%`],
      [
        'latency over the whole show, p50 / p99 / max (ms)',
        (() => {
          const all = o.results.flatMap((r) => r.latenciesByMinute.flat()).sort((a, b) => a - b);
          return `${percentile(all, 50).toFixed(2)} / ${percentile(all, 99).toFixed(2)} / ${(all[all.length - 1] ?? Number.NaN).toFixed(0)}`;
        })(),
      ],
    ],
  );
  console.log(
    `\nsoak: load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} on ${availableParallelism()} cores at the end. The server's in-memory log grows with the show by design (every event is kept for late joiners), so a small positive slope is expected: ${o.sent.length} events of a few hundred bytes each.`,
  );
}

/** Least-squares slope of y over x. */
function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  const sxy = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
  const sxx = points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

/** The demo's reaction kinds, emotions, phases, and the materials stories attach to (as the server
 * checks them: the rows of the sculpture `audience.stories.attachTo` names). */
function showFacts(): ShowFacts {
  const { installation } = compileFolder(DEMO);
  if (!installation) throw new Error(`soak: the demo installation at ${DEMO} does not compile (run \`meshwork check ${DEMO}\`)`);
  const spec = installation.spec;
  const sculptures = encodeSculptures(installation);
  const attach = sculptures.find((s) => s.id === (spec.audience.stories.attachTo ?? spec.sculptures[0]?.id)) ?? sculptures[0];
  return {
    reactionKinds: spec.audience.reactions.kinds,
    emotions: Object.keys(spec.audience.stories.emotions),
    materials: attach ? attach.rows.map((r) => r.key) : [],
    phases: spec.phases.map((p) => p.id),
  };
}

async function stop(child: ChildProcess, message: object): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  if (child.connected) child.send(message);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
