import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { Hello } from '../../src/net/protocol.ts';
import { createReplica, type DeviceStore, type Replica, type ReplicaSocket } from '../../src/net/replica.ts';
import type { RunningServer } from '../../server/server.ts';
import { clientId, connect, demoCopy, hello, removeDir, startTestServer, until } from '../server/show-server.ts';

/** The replica's hello against a real server: a wrong join code is reported and not retried until the page
 * gives another; a refusal with retryAfter is waited out; the device identity is kept and sent back. */
const CODE = 'rite-2026';
let dir: string;
let server: RunningServer;
const replicas: Replica[] = [];
beforeAll(async () => {
  dir = demoCopy((y) => y.replace('audience:\n  moderation: before', `audience:\n  moderation: before\n  joinCode: ${CODE}`));
  server = await startTestServer(dir, { watch: false });
});
afterAll(async () => {
  for (const r of replicas) r.close();
  await server.close();
  removeDir(dir);
});

/** Opens real connections and records every hello sent on them. */
function recording(): { connect: (url: string) => ReplicaSocket; hellos: Hello[] } {
  const hellos: Hello[] = [];
  const open = (url: string): ReplicaSocket => {
    const socket: ReplicaSocket = io(url, { forceNew: true, reconnection: false, transports: ['websocket'] });
    const timeout = (ms: number) => {
      const t = socket.timeout(ms);
      return new Proxy(t, {
        get(target, prop) {
          if (prop !== 'emit') return Reflect.get(target, prop, target) as unknown;
          return (event: string, ...rest: unknown[]) => {
            if (event === 'hello') hellos.push(rest[0] as Hello);
            return (target.emit as (...a: unknown[]) => unknown)(event, ...rest);
          };
        },
      });
    };
    return new Proxy(socket, {
      get(target, prop) {
        if (prop === 'timeout') return timeout;
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  return { connect: open, hellos };
}

function memoryDevice(): DeviceStore & { saved: string[] } {
  const saved: string[] = [];
  return { saved, load: () => saved.at(-1), save: (d) => void saved.push(d) };
}

function replica(options: Partial<Parameters<typeof createReplica>[0]> = {}): Replica {
  const r = createReplica({ url: server.url, role: 'audience', clientId: clientId('phone'), syncClock: false, statsIntervalMs: 0, ...options });
  replicas.push(r);
  return r;
}

describe('the replica says hello', () => {
  it('reports a wrong join code, does not retry it, and joins at once when the page gives the right one', async () => {
    let code = 'wrong-code';
    const rec = recording();
    const r = replica({ joinCode: () => code, connect: rec.connect });
    await until(() => r.state().status === 'unauthorized');
    expect(r.state().refusal).toMatchObject({ ok: false, code: 'unauthorized', error: 'wrong join code' });
    expect(r.state().message).toMatch(/wrong join code/);
    // Waiting well past every back-off step sends nothing more: the same wrong code would be refused again.
    await new Promise((done) => setTimeout(done, 1500));
    expect(rec.hellos.length).toBe(1);
    code = CODE;
    r.rejoin();
    await until(() => r.state().status === 'joined');
    expect(rec.hellos.map((h) => h.joinCode)).toEqual(['wrong-code', CODE]);
    expect(r.state().refusal).toBeUndefined();
  });

  it('keeps the device identity from the welcome and sends it back on every later hello', async () => {
    const device = memoryDevice();
    const rec = recording();
    const first = replica({ joinCode: () => CODE, device, connect: rec.connect });
    await until(() => first.state().status === 'joined');
    expect(device.saved).toHaveLength(1);
    expect(rec.hellos[0]?.device).toBeUndefined();
    first.close();
    // The page reloads: a new replica over the same storage.
    const again = replica({ joinCode: () => CODE, device, connect: rec.connect });
    await until(() => again.state().status === 'joined');
    expect(rec.hellos[1]?.device).toBe(device.saved[0]);
    // A valid identity is kept, not replaced.
    expect(new Set(device.saved).size).toBe(1);
  });

  it('waits out a refusal with retryAfter (at least that long), then joins', async () => {
    // Use up one device's hellos with raw connections, then let a replica say hello as that device.
    const device = memoryDevice();
    const warm = replica({ joinCode: () => CODE, device });
    await until(() => warm.state().status === 'joined');
    warm.close();
    let refusedWith: number | undefined;
    for (let i = 0; i < 40 && refusedWith === undefined; i++) {
      const s = connect(server.url);
      const r = await hello(s, { role: 'audience', joinCode: CODE, device: device.load() });
      s.disconnect();
      if (!r.ok && r.code === 'rate-limited') refusedWith = r.retryAfter;
    }
    expect(refusedWith).toBeGreaterThan(0);
    const rec = recording();
    const started = performance.now();
    const r = replica({ joinCode: () => CODE, device, connect: rec.connect });
    await until(() => r.state().refusal?.code === 'rate-limited');
    const retryAfter = r.state().refusal?.retryAfter ?? 0;
    expect(r.state().status).toBe('connecting');
    await until(() => r.state().status === 'joined', 30_000);
    const waitedMs = performance.now() - started;
    console.log(`refused with retryAfter ${retryAfter.toFixed(2)} s; joined after ${(waitedMs / 1000).toFixed(2)} s and ${rec.hellos.length} hellos`);
    expect(waitedMs).toBeGreaterThanOrEqual(retryAfter * 1000);
    expect(rec.hellos.length).toBeGreaterThanOrEqual(2);
  }, 40_000);
});
