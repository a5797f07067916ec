import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createArchive, readArchive } from '../../src/core/archive.ts';
import { EventLog } from '../../src/core/event-log.ts';
import type { EventBody, ShowEvent } from '../../src/core/events.ts';
import type { Installation } from '../../src/core/installation.ts';
import { installationFor, viewEvents, viewLog, type View } from '../../src/core/projection.ts';
import { showAt, type ShowState } from '../../src/core/show.ts';
import { syntheticInstallation } from '../fixtures/synthetic.ts';

/**
 * The public log's promise: a client connected all along (receiving each event as the server projected it
 * when it was appended, and folding later hidings into what it holds) ends with exactly the log a client
 * joining at that moment is sent, whatever happened in between and however often it reconnected; and a
 * viewer renders, at every moment, what the operator's log renders.
 */

const REASON = 'OPERATOR-ONLY-REASON';
const SECRET = 'OPERATOR-ONLY-FIELD';
const CODE = 'JOIN-CODE-SECRET';

function variant(mode: 'before' | 'after' | 'off', joinCode: boolean): Installation {
  const inst = syntheticInstallation(6, mode);
  if (!joinCode) return inst;
  return { ...inst, version: `${inst.version}-code`, spec: { ...inst.spec, audience: { ...inst.spec.audience, joinCode: CODE } } };
}
const versions = (['before', 'after', 'off'] as const).flatMap((m) => [variant(m, false), variant(m, true)]);
const ids = ['story-aaaaaa', 'story-bbbbbb', 'story-cccccc', 'story-dddddd', 'story-eeeeee'];

/** Event bodies as a server stores them, plus what it never accepts (approvals of unknown or hidden
 * stories, duplicate ids, hidings before the story) and, sometimes, a field no view was given. */
const bodyArb: fc.Arbitrary<EventBody> = fc
  .tuple(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          type: fc.constant('story' as const),
          id: fc.constantFrom(...ids),
          text: fc.string({ minLength: 1, maxLength: 12 }).map((s) => `TEXT<${s}>`),
          emotion: fc.constantFrom('grief', 'hope'),
          material: fc.constantFrom('m0', 'm3', 'nowhere'),
          lang: fc.constantFrom('en', 'ar'),
          consent: fc.boolean(),
        }),
      },
      { weight: 3, arbitrary: fc.record({ type: fc.constant('story-approved' as const), id: fc.constantFrom(...ids) }) },
      {
        weight: 2,
        arbitrary: fc.record(
          { type: fc.constant('story-hidden' as const), id: fc.constantFrom(...ids), reason: fc.constant(REASON) },
          { requiredKeys: ['type', 'id'] },
        ),
      },
      { weight: 2, arbitrary: fc.constantFrom(...versions).map((installation) => ({ type: 'installation' as const, installation })) },
      { weight: 1, arbitrary: fc.record({ type: fc.constant('cue' as const), phase: fc.constantFrom('gathering', 'crisis', 'resilience') }) },
      {
        weight: 1,
        arbitrary: fc.record({
          type: fc.constant('glitch' as const),
          intensity: fc.double({ min: 0, max: 1, noNaN: true }),
          seconds: fc.double({ min: 0.5, max: 10, noNaN: true }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ type: fc.constant('blackout' as const), on: fc.boolean(), seconds: fc.constantFrom(0, 0.5, 2) }),
      },
      { weight: 1, arbitrary: fc.record({ type: fc.constant('hold' as const), on: fc.boolean() }) },
      {
        weight: 2,
        arbitrary: fc.record(
          { type: fc.constant('reaction' as const), kind: fc.constantFrom('heart', 'fire'), material: fc.constantFrom('m1', 'm2') },
          { requiredKeys: ['type', 'kind'] },
        ),
      },
    ),
    fc.boolean(),
  )
  .map(([b, leak]): EventBody => (leak ? ({ ...b, note: SECRET } as unknown as EventBody) : b));

interface Show {
  readonly base: Installation;
  readonly events: readonly ShowEvent[];
}

/** A show: usually its first installation at seq 1 (as a server starts), then events at non-decreasing t
 * (ties allowed). Without one, the base alone governs. */
const showArb = (maxLength = 40): fc.Arbitrary<Show> =>
  fc
    .tuple(fc.constantFrom(...versions), fc.boolean(), fc.array(fc.tuple(fc.constantFrom(0, 0.5, 3, 12, 40), bodyArb), { maxLength, size: 'max' }))
    .map(([first, seeded, items]) => {
      let t = 0;
      const bodies: [number, EventBody][] = seeded ? [[0, { type: 'installation', installation: first }], ...items] : items;
      const events = bodies.map(([dt, b], i) => ({ ...b, seq: i + 1, t: (t += dt) }) as ShowEvent);
      return { base: first, events };
    });

/** Cut points of a client's connection: joins at the first, leaves at the second, comes back at the
 * third... (positions in the log: after that many events). */
const scheduleArb = fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 6 }).map((cuts) => [...cuts].sort((a, b) => a - b));

class Client {
  readonly log = new EventLog({ redactHidden: true });
  readonly received: ShowEvent[] = [];
  connected = false;
  constructor(
    readonly view: View,
    readonly cuts: readonly number[],
  ) {}

  take(events: readonly ShowEvent[]): void {
    this.received.push(...events);
    for (const e of events) this.log.append(e);
  }

  /** At `k` events: a hello (the server sends what follows the client's lastSeq, as the log stands now), or
   * a disconnect. */
  toggleAt(k: number, server: EventLog, base: Installation): void {
    for (const cut of this.cuts) {
      if (cut !== k) continue;
      if (this.connected) this.connected = false;
      else this.hello(server, base);
    }
  }

  hello(server: EventLog, base: Installation): void {
    this.take(viewEvents(this.view, server.since(this.log.lastSeq), server, base));
    this.connected = true;
  }
}

/** Plays the show on a server log, pushing each event to the connected clients as it is appended. */
function play(show: Show, clients: readonly Client[], onStep?: (server: EventLog, k: number) => void): EventLog {
  const server = new EventLog();
  for (const c of clients) c.toggleAt(0, server, show.base);
  show.events.forEach((e, i) => {
    server.append(e);
    for (const c of clients) if (c.connected) c.take(viewEvents(c.view, [e], server, show.base));
    for (const c of clients) c.toggleAt(i + 1, server, show.base);
    onStep?.(server, i + 1);
  });
  for (const c of clients) if (!c.connected) c.hello(server, show.base);
  return server;
}

/** A state without its installation object (the views' copy has no join code), for comparison. */
const rendered = (s: ShowState): Omit<ShowState, 'installation'> => {
  const { installation: _inst, ...rest } = s;
  return rest;
};

const PUBLIC_VIEWS: readonly View[] = ['viewer', 'audience'];
let liveRuns = 0;
let liveEvents = 0;

describe('the public log (src/core/projection.ts)', () => {
  it('is the same for a client connected all along, one that reconnects, and one joining at the end; showAt agrees at every sampled t', () => {
    fc.assert(
      fc.property(
        showArb(),
        fc.array(fc.tuple(fc.constantFrom(...PUBLIC_VIEWS), scheduleArb), { minLength: 1, maxLength: 3 }),
        fc.array(fc.double({ min: -1, max: 900, noNaN: true }), { minLength: 1, maxLength: 3 }),
        (show, schedules, ts) => {
          liveRuns++;
          liveEvents += show.events.length;
          const clients = [...PUBLIC_VIEWS.map((v) => new Client(v, [0])), ...schedules.map(([v, cuts]) => new Client(v, cuts))];
          const server = play(show, clients);
          for (const c of clients) {
            const late = viewLog(c.view, server, show.base);
            expect(c.log.events).toEqual(late);
            expect(c.log.events.map((e) => e.seq)).toEqual(show.events.map((e) => e.seq));
            const lateLog = EventLog.from(late, { redactHidden: true });
            for (const t of ts) expect(showAt(show.base, c.log, t)).toEqual(showAt(show.base, lateLog, t));
            // Nothing that stays with the operator ever left the server, live or late.
            const sent = JSON.stringify([c.received, late]);
            expect(sent).not.toContain(REASON);
            expect(sent).not.toContain(SECRET);
            expect(sent).not.toContain(CODE);
            if (c.view === 'audience') expect(sent).not.toContain('TEXT<');
          }
        },
      ),
      { numRuns: 400 },
    );
    console.log(`live = late: ${liveRuns} generated shows, ${liveEvents} events in all`);
  }, 180_000);

  it('lets a viewer render, at every moment, what the operator renders', () => {
    fc.assert(
      fc.property(showArb(), fc.double({ min: 0, max: 1, noNaN: true }), (show, u) => {
        const viewer = new Client('viewer', [0]);
        const ends = [...show.events.map((e) => e.t).slice(1), Infinity];
        play(show, [viewer], (server, k) => {
          const from = server.lastT;
          const to = ends[k - 1] ?? Infinity;
          // Sampled in [t_k, t_k+1): what both screens render before the next event arrives.
          for (const t of [from, Number.isFinite(to) ? from + u * (to - from) : from + 60 * u]) {
            // The viewer's base is the installation as its welcome brought it.
            const seen = showAt(installationFor('viewer', show.base), viewer.log, t);
            const truth = showAt(show.base, server, t);
            expect(rendered(seen)).toEqual(rendered(truth));
            expect(seen.installation.spec.audience.joinCode).toBeUndefined();
          }
        });
      }),
      { numRuns: 200 },
    );
  }, 180_000);

  it('keeps in the archive what the room saw, less stories without consent; and the audience sees less than a viewer', () => {
    fc.assert(
      fc.property(showArb(), fc.array(fc.double({ min: -1, max: 900, noNaN: true }), { minLength: 1, maxLength: 3 }), (show, ts) => {
        const server = EventLog.from(show.events);
        const viewer = viewLog('viewer', server, show.base);
        const audience = viewLog('audience', server, show.base);
        const archive = createArchive(installationFor('archive', show.base), viewLog('archive', server, show.base), 0);
        // The archive reads back (its shape and hash), with no reason, no join code, no unconsented story.
        const read = readArchive(JSON.stringify(archive));
        expect(read.ok ? read.archive : read).toEqual(archive);
        expect(JSON.stringify(archive)).not.toMatch(new RegExp(`${REASON}|${SECRET}|${CODE}`));
        const stories = archive.events.filter((e) => e.type === 'story');
        for (const s of stories) expect(s.consent).toBe(true);
        // It replays what the viewers saw, less the unconsented stories.
        const withoutUnconsented = viewer.map((e): ShowEvent => {
          if (e.type === 'story' && !e.consent) return { type: 'withheld', seq: e.seq, t: e.t };
          if (e.type === 'story-approved' && e.story && !e.story.consent) return { type: 'story-approved', id: e.id, seq: e.seq, t: e.t };
          return e;
        });
        const base = installationFor('viewer', show.base);
        for (const t of ts) expect(rendered(showAt(archive.installation, archive.events, t))).toEqual(rendered(showAt(base, withoutUnconsented, t)));
        audience.forEach((a, i) => {
          const v = viewer[i] as ShowEvent;
          const stored = server.events[i] as ShowEvent;
          // Every hiding, by id only (its author's phone says so), even of a story the room never saw.
          if (stored.type === 'story-hidden') expect(a).toEqual({ type: 'story-hidden', id: stored.id, seq: stored.seq, t: stored.t });
          else if (a.type !== 'withheld') expect(v).toMatchObject(a);
          if (v.type === 'story-hidden') expect(a).toEqual(v);
          expect(['withheld', 'installation', 'story-approved', 'story-hidden']).toContain(a.type);
        });
      }),
      { numRuns: 300 },
    );
  }, 180_000);
});
