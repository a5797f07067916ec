import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../src/core/event-log.ts';
import type { ShowEvent } from '../../src/core/events.ts';
import type { Installation } from '../../src/core/installation.ts';
import { viewLog } from '../../src/core/projection.ts';
import { showAt } from '../../src/core/show.ts';
import type { Seconds } from '../../src/core/units.ts';
import type { Role } from '../../src/net/protocol.ts';
import { createReplica, type Replica } from '../../src/net/replica.ts';
import type { RunningServer } from '../../server/server.ts';
import { clientId, demoCopy, editYaml, hello, connect, removeDir, startTestServer, story, TOKEN, until } from '../server/show-server.ts';
import { faultLayer, type FaultLayer, type Faults, type Injected } from './fault-socket.ts';

/**
 * The replica tested the way replicated systems are: fast-check generates schedules of operator and
 * audience actions (stories, approvals, hides, cues, glitches, live edits of the installation file)
 * interleaved with faults (pushes lost, duplicated, delayed and so reordered; hello answers lost or late;
 * connections cut; the server closed and started again over the same data folder and port). Three
 * replicas (a viewer, a phone, a console) live behind fault layers, two more (the acting console and phone)
 * on clean connections. When the schedule is over the network heals, one last event is sent (a lost push
 * with nothing after it cannot be told from silence), and then every replica must hold exactly the
 * server's log for its role and show the same showAt state at the same t.
 */
const SCHEDULES = 5;
const PHASES = ['gathering', 'glitch', 'crisis', 'transformation', 'resilience'] as const;
const SUBJECTS = ['viewer', 'audience', 'operator'] as const satisfies readonly Role[];

type Step =
  | { readonly kind: 'story' }
  | { readonly kind: 'approve' | 'hide'; readonly pick: number }
  | { readonly kind: 'cue'; readonly phase: (typeof PHASES)[number] | 'next' }
  | { readonly kind: 'glitch'; readonly intensity: number }
  | { readonly kind: 'edit' }
  | { readonly kind: 'cut'; readonly who: number }
  | { readonly kind: 'restart' }
  /** The server starts again over an empty data folder: a new show, whose welcome says `reset`. */
  | { readonly kind: 'new-show' }
  | { readonly kind: 'pause'; readonly ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'story' as const }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constantFrom('approve' as const, 'hide' as const), pick: fc.nat(9) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('cue' as const), phase: fc.constantFrom(...PHASES, 'next' as const) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('glitch' as const), intensity: fc.double({ min: 0.1, max: 1, noNaN: true }) }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'edit' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('cut' as const), who: fc.nat(2) }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'restart' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'new-show' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 1, max: 150 }) }), weight: 2 },
);
// Rates in whole percent: fast-check's doubles lean to their extremes (1e-323 is no fault at all).
const rate = fc.integer({ min: 0, max: 25 }).map((p) => p / 100);
const faults: fc.Arbitrary<Faults> = fc.record({
  drop: rate,
  duplicate: rate,
  delayMs: fc.integer({ min: 0, max: 60 }),
  helloDrop: rate,
  helloDelayMs: fc.integer({ min: 0, max: 80 }),
});
// At least one restart in every schedule: the figure the issue asks for (time to converge after one).
const schedule = fc.tuple(fc.array(step, { minLength: 10, maxLength: 20 }), fc.integer({ min: 0, max: 5 })).map(([steps, at]) => {
  const out = [...steps];
  out.splice(Math.min(at, out.length), 0, { kind: 'restart' });
  return out;
});

const totals: Injected & { schedules: number; steps: number; restarts: number; newShows: number; edits: number; events: number } = {
  drops: 0,
  duplicates: 0,
  delays: 0,
  helloDrops: 0,
  helloDelays: 0,
  cuts: 0,
  schedules: 0,
  steps: 0,
  restarts: 0,
  newShows: 0,
  edits: 0,
  events: 0,
};
/** After each restart: ms until the clean replicas, and until the ones behind faults, hold the last seq. */
const convergeMs = { clean: [] as number[], faulty: [] as number[] };
/** Requests the server accepted, by kind: a schedule that stored nothing would test nothing. */
const accepted: Record<string, number> = {};
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** What the server holds for each role: the whole log (operator), and its projection for the others. */
async function serverTruth(url: string): Promise<{ all: readonly ShowEvent[]; installation: Installation; byRole: Record<Role, readonly ShowEvent[]> }> {
  const socket = connect(url);
  try {
    const op = await hello(socket, { role: 'operator', token: TOKEN });
    if (!op.ok || !op.installation) throw new Error(`the truth's hello was refused: ${op.ok ? 'no installation' : op.error}`);
    const log = EventLog.from(op.events);
    const base = log.installations[0]?.installation ?? op.installation;
    return {
      all: op.events,
      installation: op.installation,
      byRole: { operator: op.events, viewer: viewLog('viewer', log, base), audience: viewLog('audience', log, base) },
    };
  } finally {
    socket.disconnect();
  }
}

/** The part of showAt every screen must agree on (the encoded sculptures follow from the version). */
function picture(installation: Installation, log: EventLog, t: Seconds) {
  const s = showAt(installation, log, t);
  return {
    version: s.version,
    seq: s.seq,
    phase: s.phase,
    morph: s.morph,
    look: s.look,
    glitch: s.glitch,
    bursts: s.bursts,
    stories: s.stories,
    tints: s.tints,
    recentReactions: s.recentReactions,
  };
}

async function runSchedule(steps: readonly Step[], subjectFaults: readonly Faults[], seed: number): Promise<void> {
  const dir = demoCopy();
  const dataDir = join(dir, 'data');
  let server: RunningServer = await startTestServer(dir, { dataDir });
  const port = server.port;
  let url = server.url;
  cleanup.push(() => removeDir(dir));
  cleanup.push(() => server.close());

  const make = (role: Role, layer?: FaultLayer): Replica => {
    const r = createReplica({
      url: () => url,
      role,
      clientId: clientId(role),
      transports: ['websocket'],
      helloTimeoutMs: 1000,
      requestTimeoutMs: 5000,
      gapWaitMs: 100,
      statsIntervalMs: 0,
      syncClock: role === 'viewer',
      ...(role === 'operator' ? { token: () => TOKEN } : {}),
      // Behind faults a lost hello answer costs its timeout plus a back-off that grows with every loss:
      // capped lower there to keep the run short. The clean replicas keep the default back-off, so their
      // time to converge after a restart is the one a screen has.
      ...(layer ? { connect: layer.connect, backoff: { capMs: 2000 } } : {}),
    });
    cleanup.push(() => r.close());
    return r;
  };
  const layers = subjectFaults.map((f, i) => faultLayer(f, seed + i));
  const subjects = SUBJECTS.map((role, i) => make(role, layers[i]));
  const actor = make('operator');
  const phone = make('audience');
  const everyone = [...subjects, actor, phone];
  const roles: Role[] = [...SUBJECTS, 'operator', 'audience'];
  const joined = (r: Replica) => until(() => r.state().status === 'joined', 20_000);
  await Promise.all(everyone.map(joined));

  const stories: string[] = [];
  let edits = 0;
  /** An action through a clean replica; after a restart it may have to wait for its rejoin first. */
  const act = async <R extends { readonly ok: boolean }>(kind: string, send: () => Promise<R>, by: Replica = actor): Promise<R> => {
    await joined(by);
    let r = await send();
    if (!r.ok && 'noAnswer' in r) {
      // Sent as the server went away (it may have arrived): once more after the rejoin, as a page would.
      await joined(by);
      r = await send();
    }
    if (r.ok) accepted[kind] = (accepted[kind] ?? 0) + 1;
    return r;
  };
  for (const s of steps) {
    await runStep(s);
  }
  async function runStep(s: Step): Promise<void> {
    switch (s.kind) {
      case 'story': {
        const id = `fault-${clientId()}`.slice(0, 64);
        const r = await act('story', () => phone.submitStory(story(id, `A story told under faults, number ${stories.length + 1}.`)), phone);
        if (r.ok) stories.push(id);
        break;
      }
      case 'approve':
      case 'hide': {
        // Held, approved or hidden already: all three (a hidden story approved, an approved one hidden).
        const id = stories[s.pick % Math.max(1, stories.length)];
        if (id) await act(s.kind, () => actor.moderate({ id, action: s.kind, ...(s.kind === 'hide' ? { reason: 'operator-only reason' } : {}) }));
        break;
      }
      case 'cue':
        await act('cue', () => actor.cue(s.phase === 'next' ? { next: true } : { phase: s.phase }));
        break;
      case 'glitch':
        await act('glitch', () => actor.glitch({ intensity: s.intensity, seconds: 1 }));
        break;
      case 'edit': {
        const title = `The Upcycling Rite, take ${++edits}`;
        editYaml(dir, (y) => y.replace(/^title: .*$/m, `title: ${title}`));
        await until(() => actor.installation()?.spec.title === title, 15_000);
        break;
      }
      case 'cut':
        layers[s.who]?.cut();
        break;
      case 'new-show':
        await server.close();
        removeDir(dataDir);
        stories.length = 0;
        server = await startTestServer(dir, { dataDir, port });
        url = server.url;
        totals.newShows++;
        break;
      case 'restart': {
        await server.close();
        server = await startTestServer(dir, { dataDir, port });
        url = server.url;
        const restarted = performance.now();
        const last = (await serverTruth(url)).all.at(-1)?.seq ?? 0;
        const back = (r: Replica) => r.state().status === 'joined' && r.state().log.lastSeq >= last;
        await Promise.all([
          until(() => [actor, phone].every(back), 30_000).then(() => convergeMs.clean.push(performance.now() - restarted)),
          until(() => subjects.every(back), 30_000).then(() => convergeMs.faulty.push(performance.now() - restarted)),
        ]);
        totals.restarts++;
        break;
      }
      case 'pause':
        await new Promise((r) => setTimeout(r, s.ms));
        break;
    }
  }

  for (const l of layers) l.heal();
  // One last event on a healed network: every replica that lost a push at the end now sees the gap.
  const barrier = await act('barrier', () => actor.glitch({ intensity: 0.2, seconds: 0.5 }));
  if (!barrier.ok) throw new Error(`the last event, on a healed network, was refused: ${JSON.stringify(barrier)}`);
  const truth = await serverTruth(url);
  const last = truth.all.at(-1)?.seq ?? 0;
  // Converged: every replica joined and holding the server's events (seq, type and t; a replica that holds
  // another show's log of the same length is still fetching the whole of it).
  const brief = (events: readonly ShowEvent[]) => events.map((e) => `${e.seq}:${e.type}@${e.t}`).join(' ');
  const done = (r: Replica, i: number) => r.state().status === 'joined' && brief(r.state().log.events) === brief(truth.byRole[roles[i] as Role]);
  await until(() => everyone.every(done), 20_000).catch(() => {
    const where = everyone.map((r, i) => `${roles[i]}: ${r.state().status} at seq ${r.state().log.lastSeq}${done(r, i) ? '' : ' (differs)'}`).join(', ');
    const first = everyone.findIndex((r, i) => !done(r, i));
    const diff =
      first < 0 ? '' : `; ${roles[first]} holds ${brief(everyone[first]?.state().log.events ?? [])}, the server ${brief(truth.byRole[roles[first] as Role])}`;
    throw new Error(`the replicas did not all hold the server's ${last} events within 20 s of the healed network's last event (${where})${diff}`);
  });

  const t = server.now();
  const expected = picture(truth.installation, EventLog.from(truth.all), t);
  everyone.forEach((r, i) => {
    const role = roles[i] as Role;
    const state = r.state();
    expect(state.log.events, `${role} replica's log`).toEqual(truth.byRole[role]);
    if (!state.installation) throw new Error(`${role} replica has no installation`);
    // Every replica that renders the show draws the same picture at the same t. A phone renders nothing:
    // its view keeps the installation's versions and the seq numbering, not what the screens draw, and
    // the one thing it plays from the log is the installation in force.
    if (role === 'audience') expect(r.installation()?.version, 'the phone plays the installation in force').toBe(expected.version);
    else expect(picture(state.installation, state.log, t), `${role} replica's showAt at t=${t}`).toEqual(expected);
  });

  for (const l of layers) for (const k of Object.keys(l.injected) as (keyof Injected)[]) totals[k] += l.injected[k];
  totals.schedules++;
  totals.steps += steps.length;
  totals.edits += edits;
  totals.events += last;
  for (const c of cleanup.splice(0).reverse()) await c();
}

/** REPLAY=seed:path replays a failing run that fast-check printed; FUZZ_SEED=<n> explores other schedules.
 * Seeded by default, so that a landing never depends on luck. */
function replay(): { seed: number; path?: string } {
  const [seed, path] = (process.env.REPLAY ?? '').split(':');
  return seed ? { seed: Number(seed), ...(path ? { path } : {}) } : { seed: Number(process.env.FUZZ_SEED ?? 20261201) };
}

/** Schedules that once failed, replayed on every run. -1170629645:0: a new show, then a restart; the
 * viewer's fetch of the whole new log lost its hello answer while a gap timer was armed, so it was never
 * tried again, and the pushes that followed were appended to the old show's first two events. */
const REGRESSIONS = ['-1170629645:0'];

describe('the replica under faults, against a real server', () => {
  it(`ends with the server's log for its role and the same showAt, for ${SCHEDULES} generated schedules`, async () => {
    await fc.assert(
      fc.asyncProperty(schedule, fc.tuple(faults, faults, faults), fc.nat(2 ** 31), async (steps, f, seed) => runSchedule(steps, f, seed)),
      // Each run takes seconds: no shrinking (fast-check prints the failing schedule and its seed).
      { numRuns: SCHEDULES, endOnFailure: true, ...replay() },
    );
    const figure = (ms: number[]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      return `median ${(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN).toFixed(0)} ms, max ${(sorted.at(-1) ?? Number.NaN).toFixed(0)} ms`;
    };
    console.log(
      `replica faults: ${totals.schedules} schedules, ${totals.steps} steps (${totals.restarts} server restarts, ${totals.newShows} new shows on an emptied data folder, ${totals.edits} live edits), ${totals.events} events in the logs (accepted: ${JSON.stringify(accepted)}); ` +
        `faults injected: ${totals.drops} pushes lost, ${totals.duplicates} duplicated, ${totals.delays} delayed, ${totals.helloDrops} hello answers lost, ${totals.helloDelays} delayed, ${totals.cuts} connections cut; ` +
        `back on the server's last seq after a restart (from the new server listening): clean replicas ${figure(convergeMs.clean)}, replicas behind faults ${figure(convergeMs.faulty)}`,
    );
    expect(totals.schedules).toBe(SCHEDULES);
  }, 240_000);

  it.each(REGRESSIONS)(
    'converges on the schedule that once failed, %s',
    async (at) => {
      const [seed, path] = at.split(':');
      const before = totals.schedules;
      await fc.assert(
        fc.asyncProperty(schedule, fc.tuple(faults, faults, faults), fc.nat(2 ** 31), async (steps, f, s) => runSchedule(steps, f, s)),
        { numRuns: 1, endOnFailure: true, seed: Number(seed), path: path ?? '0' },
      );
      expect(totals.schedules).toBe(before + 1);
    },
    120_000,
  );
});
