import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { liveSource } from '../../src/net/live-source.ts';
import { showAt } from '../../src/core/show.ts';
import type { RunningServer } from '../../server/server.ts';
import { clientId, demoCopy, joinShow, operator, removeDir, startTestServer, story, until, type Client } from './show-server.ts';

const dir = demoCopy();
const dataDir = join(dir, 'data');
const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  removeDir(dir);
});

describe('a show across a server restart', () => {
  it('keeps the log, continues seq and the clock, and a live viewer reconnects and catches up', async () => {
    let server: RunningServer = await startTestServer(dir, { dataDir, watch: false });
    const port = server.port;
    const viewer = liveSource({ url: server.url, clientId: clientId('wall'), display: 'north', statsIntervalMs: 200 });
    cleanup.push(() => viewer.close());
    await viewer.ready();
    const op1 = await operator(server.url);
    const phone = (await joinShow(server.url, { role: 'audience' })).socket;
    const sockets: Client[] = [op1.socket, phone];
    cleanup.push(() => sockets.forEach((s) => s.disconnect()));
    const storyReply = await phone.timeout(5000).emitWithAck('story:submit', story(`restart-${clientId()}`));
    const cue = await op1.socket.timeout(5000).emitWithAck('cue', { phase: 'crisis' });
    expect(cue.ok && storyReply.ok).toBe(true);
    if (!cue.ok) return;
    await until(() => viewer.log().lastSeq === cue.seq);
    // The viewer reports its stats; the operator's client list shows them with the server's latency view.
    viewer.setStats({ fps: 72, soundOn: true });
    const listed = await new Promise<boolean>((done) => {
      op1.socket.on('clients', (list) => {
        const wall = list.find((c) => c.display === 'north');
        if (wall?.stats.fps === 72 && wall.stats.soundOn === true && typeof wall.stats.offsetMs === 'number') done(true);
      });
    });
    expect(listed).toBe(true);
    const tBefore = server.now();
    const before = op1.welcome.events.length;
    await server.close();

    // Same data folder, same port: the viewer's socket.io client reconnects by itself.
    await new Promise((r) => setTimeout(r, 300));
    server = await startTestServer(dir, { dataDir, port, watch: false });
    cleanup.push(() => server.close());
    expect(server.now()).toBeGreaterThanOrEqual(tBefore);
    expect(server.now() - tBefore).toBeLessThan(30);
    const op2 = await operator(server.url);
    sockets.push(op2.socket);
    expect(op2.welcome.events.length).toBe(cue.seq);
    expect(before).toBeLessThan(cue.seq);
    const next = await op2.socket.timeout(5000).emitWithAck('cue', { next: true });
    expect(next).toMatchObject({ ok: true, seq: cue.seq + 1 });
    await until(() => op2.socket.heard.length > 0);
    const last = op2.socket.heard.at(-1);
    expect(last?.t).toBeGreaterThanOrEqual(tBefore);
    expect(last).toMatchObject({ type: 'cue', phase: 'transformation' });

    await until(() => viewer.log().lastSeq === cue.seq + 1, 15_000);
    expect(viewer.status()).toMatchObject({ connected: true, reconnects: 1 });
    // The viewer's log is the public view of the operator's: same length, same seq, same show.
    const all = [...op2.welcome.events, ...op2.socket.heard];
    expect(viewer.log().events.map((e) => e.seq)).toEqual(all.map((e) => e.seq));
    const t = server.now();
    expect(showAt(viewer.installation(), viewer.log(), t).phase.id).toBe('transformation');
    // The clock re-synchronised after the reconnection (loose bound: the machine may be busy).
    await until(() => viewer.status().synced, 10_000);
    expect(Math.abs(viewer.now() - server.now())).toBeLessThan(0.1);
  });
});
