import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/random.ts';
import { ADDRESS_FACTOR } from '../../server/requests.ts';
import type { RunningServer } from '../../server/server.ts';
import type { Reply } from '../../src/net/protocol.ts';
import { crowdClient, type CrowdClient } from './crowd-client.ts';
import { clientId, connect, demoCopy, hello, joinShow, operator, removeDir, startTestServer, story, until, type Client } from './show-server.ts';

/** A room behind one address: device identities, limits per device, 200 phones at once, a reconnect storm. */
const dir = demoCopy();
const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  removeDir(dir);
});

async function serve(dataDir: string, options: { port?: number; helloTimeout?: number } = {}): Promise<RunningServer> {
  const server = await startTestServer(dir, { dataDir: join(dir, dataDir), watch: false, ...options });
  cleanup.push(() => server.close());
  return server;
}
const sockets: Client[] = [];
cleanup.push(() => sockets.forEach((s) => s.disconnect()));
const enter = async (url: string, msg: Parameters<typeof joinShow>[1]) => {
  const j = await joinShow(url, msg);
  sockets.push(j.socket);
  return j;
};

describe('device identity', () => {
  it('is issued at hello, kept when sent back, replaced when forged or foreign, and survives a restart', async () => {
    let server = await serve('devices');
    const first = await enter(server.url, { role: 'audience' });
    const token = first.welcome.device;
    expect(token).toMatch(/^d1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{24}$/);
    if (!token) return;
    expect((await enter(server.url, { role: 'audience', device: token })).welcome.device).toBe(token);
    // Any change to the token, and a token this server never issued, get a new identity.
    const forged = [
      `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`,
      `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      'd1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAA',
      'not a token',
    ];
    for (const device of forged) {
      const w = (await enter(server.url, { role: 'viewer', device })).welcome.device;
      expect(w).toMatch(/^d1\./);
      expect(w).not.toBe(token);
      expect(w).not.toBe(device);
    }
    const other = await serve('devices-other');
    const foreign = (await enter(other.url, { role: 'audience', device: token })).welcome.device;
    expect(foreign).not.toBe(token);

    // The secret is kept in the data folder (owner-only), so a restart recognises the same devices.
    expect(statSync(join(dir, 'devices', 'device-secret')).mode & 0o777).toBe(0o600);
    const port = server.port;
    await server.close();
    server = await serve('devices', { port });
    expect((await enter(server.url, { role: 'audience', device: token })).welcome.device).toBe(token);
  });

  it('story limits count per device: a new client id does not refill them, a new device does', async () => {
    const server = await serve('per-device');
    const a = await enter(server.url, { role: 'audience' });
    const device = a.welcome.device;
    for (let i = 0; i < 3; i++)
      expect(await a.socket.timeout(5000).emitWithAck('story:submit', story(`dev-${clientId()}`, `device story ${i}`))).toMatchObject({ ok: true });
    // The same device under another client id (a cleared page, another tab): still its allowance.
    const b = await enter(server.url, { role: 'audience', clientId: clientId('other'), ...(device ? { device } : {}) });
    const r = await b.socket.timeout(5000).emitWithAck('story:submit', story(`dev-${clientId()}`, 'one more from the same phone'));
    expect(r).toMatchObject({ ok: false, code: 'rate-limited', retryAfter: expect.any(Number) });
    if (!r.ok) expect(r.error).toMatch(/from this device/);
    // Another device behind the same address has its own allowance.
    const c = await enter(server.url, { role: 'audience' });
    expect(await c.socket.timeout(5000).emitWithAck('story:submit', story(`dev-${clientId()}`, 'a neighbour speaks'))).toMatchObject({ ok: true });
  });
});

describe('a room behind one address', () => {
  it('200 phones behind one address, each sending a story at the same moment: all 200 stored', async () => {
    const server = await serve('room');
    const random = createRandom(0x200);
    const phones = Array.from({ length: 200 }, () =>
      crowdClient(server.url, { role: 'audience', clientId: clientId('phone') }, { random: () => random.next() }),
    );
    cleanup.push(() => phones.forEach((p) => p.close()));
    await Promise.all(phones.map((p) => p.welcomed(0)));
    const ids = phones.map(() => `room-${clientId()}`);
    const replies = await Promise.all(phones.map((p, i) => p.request<Reply>('story:submit', story(ids[i] as string, `phone ${i} remembers the river`))));
    const stored = replies.filter((r) => r.ok).length;
    const dropped: Record<string, number> = {};
    for (const p of phones) for (const [why, n] of Object.entries(p.disconnects)) dropped[why] = (dropped[why] ?? 0) + n;
    console.log(`200 phones behind one address: ${stored} of 200 stories stored (disconnections on the way: ${JSON.stringify(dropped)})`);
    expect(replies.filter((r) => !r.ok)).toEqual([]);
    const op = await enter(server.url, { role: 'operator', token: 'test-operator-token' });
    const inLog = new Set(op.welcome.events.flatMap((e) => (e.type === 'story' ? [e.id] : [])));
    expect(ids.every((id) => inLog.has(id))).toBe(true);
    for (const p of phones) p.close();
  }, 120_000);

  it("the address ceiling: past a room's worth of stories at once, a clear refusal with retryAfter", async () => {
    // One story a minute per device: the address may send ADDRESS_FACTOR (200) at once.
    const small = demoCopy((y) => y.replace('audience:\n', 'audience:\n  limits: { storiesPerMinute: 1 }\n'));
    cleanup.push(() => removeDir(small));
    const server = await startTestServer(small, { watch: false });
    cleanup.push(() => server.close());
    const random = createRandom(0xce1);
    // Twice the ceiling at once. The ceiling refills at ADDRESS_FACTOR a minute while the stories arrive,
    // so some are refused unless their arrival takes a whole minute (30 over the ceiling were all let in
    // on a machine loaded enough to spread them over 9 s).
    const phones = Array.from({ length: 2 * ADDRESS_FACTOR }, () =>
      crowdClient(server.url, { role: 'audience', clientId: clientId('phone') }, { random: () => random.next() }),
    );
    cleanup.push(() => phones.forEach((p) => p.close()));
    await Promise.all(phones.map((p) => p.welcomed(0)));
    const started = performance.now();
    const replies = await Promise.all(
      phones.map((p, i) => p.socket.timeout(60_000).emitWithAck('story:submit', story(`ceiling-${clientId()}`, `ceiling story ${i}`))),
    );
    const seconds = (performance.now() - started) / 1000;
    const refused = replies.filter((r) => !r.ok);
    const stored = replies.length - refused.length;
    // The burst, and at most what refilled while they came: the ceiling holds, whatever the machine's speed.
    expect(stored).toBeGreaterThanOrEqual(ADDRESS_FACTOR);
    expect(stored).toBeLessThanOrEqual(ADDRESS_FACTOR + Math.ceil((ADDRESS_FACTOR / 60) * seconds) + 1);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused)
      expect(r).toMatchObject({
        ok: false,
        code: 'rate-limited',
        retryAfter: expect.any(Number),
        error: expect.stringMatching(/^too many stories from this address \(a room's ceiling: 200 at once\)/),
      });
  }, 120_000);

  it('a connection that never says hello is told why and closed', async () => {
    const server = await serve('hello-timeout', { helloTimeout: 3 });
    const s = connect(server.url);
    sockets.push(s);
    const bye = new Promise<unknown>((resolve) => s.on('bye', resolve));
    const reason = await new Promise<string>((resolve) => s.on('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
    expect(await bye).toMatchObject({ ok: false, code: 'no-hello', error: 'no hello within 3 s of connecting', retryAfter: 1 });
    // A client that says hello in time stays.
    const kept = await enter(server.url, { role: 'viewer' });
    await new Promise((r) => setTimeout(r, 4000));
    expect(kept.socket.connected).toBe(true);
    const late = connect(server.url);
    sockets.push(late);
    expect(await hello(late, { role: 'viewer' })).toMatchObject({ ok: true });
  });
});

/** How many clients the storm has (one of them the operator, on another address): what this shared
 * 2-core machine holds reliably beside the server in one process; 1000 passed too (MESHWORK_STORM_CLIENTS). */
const STORM = Number(process.env.MESHWORK_STORM_CLIENTS ?? 500) - 1;
/** Addresses the storm's clients are spread over (127.0.0.1, .2, ...): one by default, the hard case. */
const STORM_ADDRESSES = Number(process.env.MESHWORK_STORM_ADDRESSES ?? 1);

describe('a reconnect storm', () => {
  it(`${STORM + 1} clients behind ${STORM_ADDRESSES === 1 ? 'one address' : `${STORM_ADDRESSES} addresses`}, the server restarted: every one is welcomed again`, async () => {
    let server = await serve('storm');
    const port = server.port;
    const random = createRandom(0x5707);
    const clients: CrowdClient[] = [];
    cleanup.push(() => clients.forEach((c) => c.close()));
    const t0 = performance.now();
    for (let i = 0; i < STORM; i++) {
      const role = i % 5 === 0 ? 'viewer' : 'audience';
      const localAddress = `127.0.0.${1 + (i % STORM_ADDRESSES)}`;
      clients.push(
        crowdClient(
          server.url,
          { role, clientId: clientId(role), ...(role === 'viewer' ? { display: `wall-${i}` } : {}) },
          { random: () => random.next(), localAddress },
        ),
      );
    }
    await Promise.all(clients.map((c) => c.welcomed(0)));
    console.log(`storm: ${clients.length} clients welcomed at first in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // The operator counts from its own address (the room's one is full).
    const op = crowdClient(
      server.url,
      { role: 'operator', clientId: clientId('op'), token: 'test-operator-token' },
      { random: () => random.next(), localAddress: '127.0.0.200' },
    );
    clients.push(op);
    await op.welcomed(0);
    const devices = new Set(clients.map((c) => c.device));
    expect(devices.size).toBe(clients.length);

    await server.close();
    await until(() => clients.every((c) => !c.socket.connected), 20_000);
    const t1 = performance.now();
    server = await serve('storm', { port });
    await Promise.all(clients.map((c) => c.welcomed(1)));
    const seconds = (performance.now() - t1) / 1000;
    const refusals: Record<string, number> = {};
    for (const c of clients) for (const [code, n] of Object.entries(c.refusals)) refusals[code] = (refusals[code] ?? 0) + n;
    console.log(
      `storm: ${clients.filter((c) => c.welcomes >= 2).length} of ${clients.length} clients welcomed again after the restart, all within ${seconds.toFixed(1)} s; refusals on the way: ${JSON.stringify(refusals)}`,
    );
    expect(clients.every((c) => c.welcomes >= 2)).toBe(true);
    // Every client came back as the same device (the secret survived the restart).
    expect(new Set(clients.map((c) => c.device))).toEqual(devices);
  }, 300_000);
});
