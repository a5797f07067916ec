import { afterAll, describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../src/core/events.ts';
import { liveSource } from '../../src/net/live-source.ts';
import { createReplica, type Replica } from '../../src/net/replica.ts';
import type { ShowSnapshot } from '../../src/net/show-source.ts';
import { clientId, connect, hello, joinShow, operator, story, until, showForFile } from './show-server.ts';

const show = showForFile();
const replicas: Replica[] = [];
// Runs before the server closes (the helper's hooks were registered first).
afterAll(() => {
  for (const r of replicas) r.close();
});

/** A viewer as the screens keep the show: the client replica (its welcome, then the broadcasts in seq order). */
function viewer(): Replica {
  const r = createReplica({
    url: show.server.url,
    role: 'viewer',
    clientId: clientId('viewer'),
    transports: ['websocket'],
    syncClock: false,
    statsIntervalMs: 0,
  });
  replicas.push(r);
  return r;
}

describe('late joiners and reconnecting viewers', () => {
  it('converge on the same public log while events keep coming', async () => {
    const op = (await operator(show.server.url)).socket;
    const phone = (await joinShow(show.server.url, { role: 'audience' })).socket;
    show.keepSocket(op);
    show.keepSocket(phone);
    const viewers: Replica[] = [];
    const join = async () => {
      const v = viewer();
      viewers.push(v);
      await v.ready();
    };
    await join();
    // A viewer that drops off and comes back with the lastSeq it holds.
    const dropping = viewer();
    await dropping.ready();
    let held: ShowEvent[] = [];
    let version = '';

    const phases = ['glitch', 'crisis', 'transformation', 'resilience'];
    const work: Promise<unknown>[] = [];
    // 19 operator actions: within the operator's burst of 20.
    for (let i = 0; i < 8; i++) {
      const id = `conv-${i}-${clientId()}`;
      work.push(op.timeout(5000).emitWithAck('cue', { phase: phases[i % phases.length] as string }));
      work.push(op.timeout(5000).emitWithAck('glitch', { intensity: 0.5, seconds: 1 }));
      if (i < 3) {
        work.push(
          phone
            .timeout(5000)
            .emitWithAck('story:submit', story(id, `story ${i} of the convergence`))
            .then(() => op.timeout(5000).emitWithAck('moderate', { id, action: 'approve' })),
        );
      }
      if (i % 4 === 1) work.push(join()); // joins at i = 1 and 5
      if (i === 4) {
        held = [...dropping.state().log.events];
        version = dropping.installation()?.version ?? '';
        dropping.close();
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(work);
    const back = connect(show.server.url);
    show.keepSocket(back);
    const again = await hello(back, { role: 'viewer', lastSeq: held.at(-1)?.seq ?? 0, version });
    if (!again.ok) throw new Error(again.error);
    expect(again.installation).toBeUndefined();
    expect(again.events[0]?.seq).toBe((held.at(-1)?.seq ?? 0) + 1);
    const finalViewer = await joinShow(show.server.url, { role: 'viewer' });
    show.keep(finalViewer);
    const final = finalViewer.welcome.events;
    const last = final.at(-1)?.seq ?? 0;
    expect(last).toBe(1 + 8 + 8 + 3 + 3);
    await until(() => viewers.every((v) => v.state().log.lastSeq === last));
    for (const v of viewers) expect(v.state().log.events).toEqual(final);
    expect([...held, ...again.events]).toEqual(final);
    expect(viewers.length).toBe(3);
  });

  it('a live source seeded with the HTTP snapshot is ready at once and then follows the show', async () => {
    const snapshot = (await (await fetch(`${show.server.url}/api/show`)).json()) as ShowSnapshot;
    const op = (await operator(show.server.url)).socket;
    show.keepSocket(op);
    const cue = await op.timeout(5000).emitWithAck('cue', { phase: 'gathering' });
    if (!cue.ok) throw new Error(cue.error);
    const live = liveSource({ url: show.server.url, clientId: clientId('seeded'), snapshot });
    try {
      expect(live.installation().spec.title).toBe('The Upcycling Rite');
      expect(live.log().lastSeq).toBe(snapshot.events.at(-1)?.seq);
      await until(() => live.log().lastSeq === cue.seq);
      const fresh = await joinShow(show.server.url, { role: 'viewer' });
      show.keep(fresh);
      expect(live.log().events).toEqual(fresh.welcome.events);
    } finally {
      live.close();
    }
  });
});
