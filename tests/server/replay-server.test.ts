import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchive, type Archive } from '../../src/core/archive.ts';
import { showAt } from '../../src/core/show.ts';
import { transportAt, type Transport } from '../../src/core/transport.ts';
import { liveSource, type LiveSource } from '../../src/net/live-source.ts';
import { startReplayServer, type ReplayServer } from '../../server/replay-server.ts';
import { demoInstallation, demoStories } from '../e2e/display-server.ts';
import { clientId, connect, hello, joinShow, TOKEN, until, type Client } from './show-server.ts';

/** `meshwork replay` over sockets: the archive's log to every role, the transport in the welcome and in
 * pushes, driven by the operator (or a page with the token), writes refused, the end reached by itself. */
let archive: Archive;
let server: ReplayServer;
const sockets: Client[] = [];
const sources: LiveSource[] = [];

beforeAll(async () => {
  const installation = demoInstallation();
  const events = [{ type: 'installation' as const, installation, seq: 1, t: 0 }, ...demoStories().map((e) => ({ ...e, seq: e.seq + 1 }))];
  archive = createArchive(installation, events, 120);
  server = await startReplayServer({ archive, port: 0, operatorToken: TOKEN, start: { playing: false, t: 10 }, distDir: '/nonexistent' });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const s of sources) s.close();
  await server.close();
});

const track = <T extends Client>(s: T): T => (sockets.push(s), s);

describe('the replay server', () => {
  it('welcomes every role with the whole archive log and the transport; the snapshot carries it too', async () => {
    for (const role of ['viewer', 'audience'] as const) {
      const { socket, welcome } = await joinShow(server.url, { role });
      track(socket);
      expect(welcome.events).toEqual(archive.events);
      expect(welcome.transport).toMatchObject({ playing: false, t0: 10, from: 0, to: 120, rate: 1 });
    }
    const snapshot = (await (await fetch(`${server.url}/api/show`)).json()) as { transport: Transport; live: boolean; events: unknown[] };
    expect(snapshot).toMatchObject({ live: true, transport: { t0: 10 } });
    expect(snapshot.events).toHaveLength(archive.events.length);
  });

  it('refuses every write (the show is over) and a transport change without the token', async () => {
    const { socket } = await joinShow(server.url, { role: 'audience' });
    track(socket);
    const story = await socket
      .timeout(5000)
      .emitWithAck('story:submit', { id: 'late-story', text: 'too late', emotion: 'grief', material: 'x', consent: true });
    expect(story).toMatchObject({ ok: false, code: 'rejected' });
    expect(await socket.timeout(5000).emitWithAck('transport', { action: 'play' })).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(await socket.timeout(5000).emitWithAck('transport', { action: 'play', token: 'wrong' })).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(server.transport().playing).toBe(false);
    const op = track((await joinShow(server.url, { role: 'operator', token: TOKEN })).socket);
    expect(await op.timeout(5000).emitWithAck('cue', { next: true })).toMatchObject({ ok: false, code: 'rejected' });
    expect(await op.timeout(5000).emitWithAck('transport', { action: 'speed', rate: 8 })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await op.timeout(5000).emitWithAck('transport', { action: 'warp' } as never)).toMatchObject({ ok: false, code: 'invalid' });
    const exported = await op.timeout(5000).emitWithAck('archive:export');
    expect(exported.ok && exported.archive.contentHash).toBe(archive.contentHash);
  });

  it("pushes every change to every client: two screens' show time agrees and follows seek, speed and pause", async () => {
    for (let i = 0; i < 2; i++) {
      const s = liveSource({ url: server.url, clientId: clientId('replay-wall'), display: 'north' });
      sources.push(s);
      await s.ready();
    }
    const [a, b] = sources as [LiveSource, LiveSource];
    await until(() => a.status().synced && b.status().synced, 10_000);
    const viewer = track(connect(server.url));
    expect((await hello(viewer, { role: 'viewer' })).ok).toBe(true);
    const pushes: Transport[] = [];
    viewer.on('transport', (t) => pushes.push(t));
    // A page with the token (the desktop bar) may drive it.
    expect(await viewer.timeout(5000).emitWithAck('transport', { action: 'seek', t: 95, token: TOKEN })).toMatchObject({ ok: true, transport: { t0: 95 } });
    await until(() => a.now() === 95 && b.now() === 95);
    expect(a.rate()).toBe(0);
    // The stories on display at 95 (demoStories): the same on both screens.
    expect(showAt(a.installation(), a.log(), a.now()).stories.map((s) => s.id)).toEqual(showAt(b.installation(), b.log(), b.now()).stories.map((s) => s.id));
    server.apply({ action: 'speed', rate: 2 });
    server.apply({ action: 'play' });
    await until(() => a.rate() === 2 && b.rate() === 2);
    await until(() => a.now() > 96);
    // B and the server, read between two readings of A, lie between them, give or take the clocks' error
    // (a bracket: however slow the machine is between the readings, it cannot fail this).
    const slack = 0.1;
    const before = a.now();
    const [bNow, serverNow] = [b.now(), server.showTime()];
    const after = a.now();
    for (const x of [bNow, serverNow]) {
      expect(x).toBeGreaterThanOrEqual(before - slack);
      expect(x).toBeLessThanOrEqual(after + slack);
    }
    server.apply({ action: 'pause' });
    await until(() => a.rate() === 0 && b.rate() === 0);
    expect(a.now()).toBe(server.transport().t0);
    expect(b.now()).toBe(a.now());
    await until(() => pushes.length >= 4);
    expect(pushes.map((p) => [p.playing, p.rate])).toEqual([
      [false, 1],
      [false, 2],
      [true, 2],
      [false, 2],
    ]);
  });

  it('playing to the end pauses there by itself, and play at the end starts again from the beginning', async () => {
    server.apply({ action: 'seek', t: 119.5 });
    server.apply({ action: 'speed', rate: 4 });
    server.apply({ action: 'play' });
    await until(() => !server.transport().playing, 5000);
    expect(server.showTime()).toBe(120);
    expect(transportAt(server.transport(), server.now() + 10)).toBe(120);
    server.apply({ action: 'play' });
    expect(server.showTime()).toBeLessThan(5);
    server.apply({ action: 'pause' });
  });
});
