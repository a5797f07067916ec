import type { ShowEvent } from '../../../src/core/events.ts';
import type { Hello, Reply, Role, Welcome } from '../../../src/net/protocol.ts';
import { nowMs } from '../fanout/messages.ts';
import { RawSocket } from '../fanout/raw-socket.ts';
import type { Answers, Behaviour, ClientsCommand, ClientsReport, Sent, ShowFacts } from './messages.ts';

/**
 * A child process holding a share of the soak's clients, all minimal socket.io clients (raw-socket.ts):
 * viewers (they say hello, send `stats` every 3 s like a page, and note when every event arrived), phones
 * (the same, plus reactions and stories at random, exponentially spaced), and maybe the operator (approves
 * or hides every held story after a moment, cues the next phase now and then). Every acknowledged event
 * is noted with its send time; on `collect` the process turns receipts into latencies per minute.
 */
const send = (m: ClientsReport) => process.send?.(m);
const CONNECT_BATCH = 50;
/** The operator's client index (its own source address, apart from the audience's). */
const OPERATOR_INDEX = 4000;
/** Pages send their stats this often (src/net/live-source.ts). */
const STATS_EVERY_MS = 3000;
/** Clients per loopback source address: a room is many phones on few routers, but not all on one. */
const CLIENTS_PER_ADDRESS = 4;
const addressOf = (index: number): string => {
  const a = Math.floor(index / CLIENTS_PER_ADDRESS);
  return `127.0.${10 + Math.floor(a / 250)}.${1 + (a % 250)}`;
};

/** A seeded generator (mulberry32): the same seed gives the same show. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A client's copy of the log's seqs: when each arrived (0: never; NaN: in the welcome). */
class Receipts {
  at = new Float64Array(16_384);
  last = 0;
  duplicates = 0;
  gaps = 0;
  frames = 0;

  take(events: readonly ShowEvent[], atMs: number): void {
    for (const e of events) {
      if (e.seq <= this.last) {
        this.duplicates += 1;
        continue;
      }
      if (e.seq > this.last + 1) this.gaps += 1;
      while (e.seq >= this.at.length) {
        const grown = new Float64Array(this.at.length * 2);
        grown.set(this.at);
        this.at = grown;
      }
      this.at[e.seq] = atMs;
      this.last = e.seq;
    }
  }

  has(seq: number): boolean {
    return seq < this.at.length && this.at[seq] !== 0;
  }
}

interface Client {
  readonly socket: RawSocket;
  readonly receipts: Receipts;
  /** The server ended this connection during the run (what followed never reached it). */
  ended: boolean;
}

const viewers: Client[] = [];
const phones: Client[] = [];
const closers: (() => void)[] = [];
const timers = new Set<ReturnType<typeof setTimeout>>();
const sent: Sent[] = [];
const answers: Record<string, { acked: number; limited: number; refused: number; unanswered: number; lastRefusal?: string }> = {};
const inFlight = new Set<Promise<void>>();
/** Send to acknowledgement of every acked request (ms): the server's answer time, beside the delivery time. */
const ackMs: number[] = [];
let closed = 0;
let closeReason = '';
let cpuAtStart: NodeJS.CpuUsage | undefined;
let operator: RawSocket | undefined;

async function connectOne(url: string, index: number, role: Role, token: string): Promise<Client> {
  const socket = await RawSocket.connect(url, { localAddress: addressOf(index) });
  closers.push(() => socket.close());
  const receipts = new Receipts();
  socket.on('events', (args) => {
    receipts.frames += 1;
    receipts.take(args[0] as readonly ShowEvent[], nowMs());
  });
  const client: Client = { socket, receipts, ended: false };
  socket.onClose = (reason) => {
    closed += 1;
    closeReason = reason;
    client.ended = true;
  };
  const hello: Hello = {
    role,
    clientId: `soak-${role}-${index}-${process.pid}`,
    lastSeq: 0,
    ...(role === 'operator' ? { token } : {}),
    ...(role === 'viewer' ? { display: 'soak' } : {}),
  };
  const reply = await socket.request<Reply<Welcome>>('hello', hello);
  if (!reply.ok) throw new Error(`${role} hello refused: ${reply.error}`);
  receipts.take(reply.events, Number.NaN);
  return client;
}

async function connect(m: ClientsCommand & { type: 'connect' }): Promise<void> {
  const all: { index: number; role: Role; into: Client[] }[] = [
    ...m.viewers.map((index) => ({ index, role: 'viewer' as const, into: viewers })),
    ...m.phones.map((index) => ({ index, role: 'audience' as const, into: phones })),
  ];
  for (let i = 0; i < all.length; i += CONNECT_BATCH) {
    await Promise.all(all.slice(i, i + CONNECT_BATCH).map(async (c) => c.into.push(await connectOne(m.url, c.index, c.role, m.token))));
  }
  if (m.operator) operator = (await connectOne(m.url, OPERATOR_INDEX, 'operator', m.token)).socket;
  let clientIndex = 0;
  for (const c of [...viewers, ...phones]) {
    // Stats like a page's, spread over the interval.
    const offset = (clientIndex++ * 997) % STATS_EVERY_MS;
    const start = setTimeout(() => {
      const every = setInterval(() => c.socket.emit('stats', { fps: 60, rttMs: 1 }), STATS_EVERY_MS);
      closers.push(() => clearInterval(every));
    }, offset);
    closers.push(() => clearTimeout(start));
  }
  show = m.show;
  behaviour = m.behaviour;
  rand = random(m.seed);
}

let show: ShowFacts | undefined;
let behaviour: Behaviour | undefined;
let rand: () => number = random(1);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const expWaitMs = (meanSeconds: number) => -Math.log(1 - rand()) * meanSeconds * 1000;

/** Sends a request; an acked event is noted with its send time. */
type Acked = { readonly ok: true; readonly seq: number; readonly outcome?: string };

function request(kind: string, socket: RawSocket, event: string, body: unknown, seqOf: (r: Acked) => number | undefined): void {
  const sentAtMs = nowMs();
  const tally = (answers[kind] ??= { acked: 0, limited: 0, refused: 0, unanswered: 0 });
  const p = socket.request<Reply<{ seq: number; outcome?: string }>>(event, body).then(
    (r) => {
      if (!r.ok) {
        if (r.code === 'rate-limited') tally.limited += 1;
        else {
          tally.refused += 1;
          tally.lastRefusal = r.error;
        }
        return;
      }
      tally.acked += 1;
      ackMs.push(nowMs() - sentAtMs);
      const seq = seqOf(r);
      if (seq !== undefined) sent.push({ seq, sentAtMs });
    },
    (e: unknown) => {
      tally.unanswered += 1;
      tally.lastRefusal = e instanceof Error ? e.message : String(e);
    },
  );
  inFlight.add(p);
  void p.finally(() => inFlight.delete(p));
}

/** Runs `act` at exponentially spaced moments until `untilMs`. */
function every(meanSeconds: number, untilMs: number, act: () => void): void {
  const wait = expWaitMs(meanSeconds);
  if (nowMs() + wait >= untilMs) return;
  const timer = setTimeout(() => {
    timers.delete(timer);
    act();
    every(meanSeconds, untilMs, act);
  }, wait);
  timers.add(timer);
}

function start(untilMs: number): void {
  if (!show || !behaviour) throw new Error('start before connect');
  const facts = show;
  const b = behaviour;
  cpuAtStart = process.cpuUsage();
  let stories = 0;
  phones.forEach((phone, i) => {
    every(b.reactionEverySeconds, untilMs, () =>
      request('reaction', phone.socket, 'reaction', { kind: pick(facts.reactionKinds), material: pick(facts.materials) }, (r) => r.seq),
    );
    every(b.storyEverySeconds, untilMs, () => {
      stories += 1;
      const story = {
        id: `soak-${process.pid}-${i}-${stories}`,
        text: `Story ${stories} from phone ${i}: the river changed colour the year the plant opened.`,
        emotion: pick(facts.emotions),
        material: pick(facts.materials),
        lang: 'en',
        consent: rand() < 0.8,
      };
      // A duplicate outcome stores nothing new (its seq is the first one's): not a new event to deliver.
      request('story', phone.socket, 'story:submit', story, (r) => (r.outcome !== 'duplicate' ? r.seq : undefined));
    });
  });
  if (operator) {
    const op = operator;
    const handled = new Set<string>();
    op.on('queue', (args) => {
      for (const s of args[0] as readonly { id: string }[]) {
        if (handled.has(s.id)) continue;
        handled.add(s.id);
        const [min, max] = b.moderateAfterSeconds;
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            request('moderate', op, 'moderate', { id: s.id, action: rand() < b.hideShare ? 'hide' : 'approve' }, (r) => r.seq);
          },
          (min + rand() * (max - min)) * 1000,
        );
        timers.add(timer);
      }
    });
    let phase = 0;
    every(b.cueEverySeconds, untilMs, () => {
      phase = (phase + 1) % facts.phases.length;
      request('cue', op, 'cue', { phase: facts.phases[phase] }, (r) => r.seq);
    });
  }
  const stopAt = setTimeout(
    async () => {
      // Moderation timers set before the end still run: the operator answers the stories it was sent.
      while (timers.size > 0 || inFlight.size > 0) await new Promise((r) => setTimeout(r, 100));
      send({ type: 'done', sent, answers: answers as Record<string, Answers> });
    },
    Math.max(0, untilMs - nowMs()),
  );
  closers.push(() => clearTimeout(stopAt));
}

function collect(originMs: number, all: readonly Sent[]): void {
  const byMinute: number[][] = [];
  let lost = 0;
  let lostLive = 0;
  for (const { seq, sentAtMs } of all) {
    const minute = Math.max(0, Math.floor((sentAtMs - originMs) / 60_000));
    const list = (byMinute[minute] ??= []);
    for (const v of viewers) {
      const at = seq < v.receipts.at.length ? (v.receipts.at[seq] as number) : 0;
      if (at === 0) {
        lost += 1;
        if (!v.ended) lostLive += 1;
      } else if (!Number.isNaN(at)) list.push(Math.round((at - sentAtMs) * 100) / 100);
    }
  }
  let phoneMissing = 0;
  for (const { seq } of all) for (const p of phones) if (!p.receipts.has(seq)) phoneMissing += 1;
  const clients = [...viewers, ...phones];
  const cpu = process.cpuUsage(cpuAtStart);
  send({
    type: 'result',
    latenciesByMinute: Array.from({ length: byMinute.length }, (_, i) => byMinute[i] ?? []),
    lost,
    lostLive,
    phoneMissing,
    ackMs: [...ackMs].sort((a, b) => a - b).filter((_, i, a) => i % Math.max(1, Math.floor(a.length / 2000)) === 0),
    duplicates: clients.reduce((a, c) => a + c.receipts.duplicates, 0),
    gaps: clients.reduce((a, c) => a + c.receipts.gaps, 0),
    closed,
    ...(closed ? { closeReason } : {}),
    cpuMs: (cpu.user + cpu.system) / 1000,
    framesPerViewer: viewers.length ? viewers.reduce((a, c) => a + c.receipts.frames, 0) / viewers.length : 0,
    framesPerPhone: phones.length ? phones.reduce((a, c) => a + c.receipts.frames, 0) / phones.length : 0,
  });
}

process.on('message', (m: ClientsCommand) => {
  try {
    if (m.type === 'connect') {
      connect(m).then(
        () => send({ type: 'ready' }),
        (err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
    } else if (m.type === 'start') start(m.untilMs);
    else if (m.type === 'count') {
      let missing = 0;
      for (const c of [...viewers, ...phones]) {
        for (const seq of m.seqs) if (!c.receipts.has(seq)) missing += 1;
      }
      send({ type: 'count', missing });
    } else if (m.type === 'collect') collect(m.originMs, m.sent);
    else if (m.type === 'clock') send({ type: 'clock', nowMs: nowMs() });
    else if (m.type === 'stop') {
      for (const t of timers) clearTimeout(t);
      for (const close of closers) close();
      process.exit(0);
    }
  } catch (err) {
    send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
});
process.on('disconnect', () => process.exit(0));
