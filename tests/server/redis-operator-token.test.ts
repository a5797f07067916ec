import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createClient } from 'redis';
import { compileFolder } from '../../server/installation-folder.ts';
import { openRedisScaling, type RedisScaling } from '../../server/redis-scale.ts';
import { serveConfig } from '../../server/serve-command.ts';
import type { ShowProcessConfig } from '../../server/show-process.ts';
import { supervise, type ShowProcessInfo, type Supervisor } from '../../server/supervisor.ts';
import { startRedis, type RedisServer } from './redis-server.ts';
import { connect, demoCopy, hello, removeDir, until } from './show-server.ts';

/**
 * `meshwork serve --redis` on two machines: each process has its own installation folder, so each keeps its
 * own operator token on disk; the show's token is the first process's, shared through Redis, so a console
 * reaches the show through either process with the one link printed. An explicit MESHWORK_OPERATOR_TOKEN
 * becomes the show's token, on the processes already running too; a second, different one is refused. Real
 * show processes under the real supervisor (as `meshwork serve` runs them), a real
 * redis-server.
 */
const closeAll = async (opened: readonly PromiseSettledResult<RedisScaling>[]) => {
  for (const o of opened) if (o.status === 'fulfilled') await o.value.close().then(() => o.value.store.close());
};

describe('the operator token under --redis', () => {
  let redis: RedisServer;
  const dirs = [demoCopy(), demoCopy()];
  const running: Supervisor[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const s of running) await s.stop();
    await redis?.stop();
    for (const d of dirs) removeDir(d);
  });

  /** `meshwork serve <dir> --redis <url>` with this environment: its configuration and its show process. */
  const serve = async (dir: string, env: { MESHWORK_OPERATOR_TOKEN?: string } = {}) => {
    const config = serveConfig([dir, '--port', '0', '--host', '127.0.0.1', '--http', '--redis', redis.url], env);
    if ('error' in config || 'help' in config) throw new Error(`serve refused its arguments: ${JSON.stringify(config)}`);
    const installation = compileFolder(dir).installation;
    if (!installation) throw new Error('the demo copy does not compile');
    const supervisor = supervise({ config: { ...config, quiet: true, watch: false } satisfies ShowProcessConfig, installation, log: () => {} });
    running.push(supervisor);
    const started: ShowProcessInfo[] = [];
    supervisor.onListening((info) => started.push(info));
    // Generous: a show process compiles the server with tsx, minutes on a 2-core machine at load 30-50 (the
    // whole test took 296 s at load ~30).
    await until(() => started.length > 0, 300_000);
    return { config, url: (started[0] as ShowProcessInfo).url, supervisor };
  };
  const operatorHello = async (url: string, token: string) => {
    const socket = connect(url, { reconnection: false });
    try {
      return await hello(socket, { role: 'operator', token });
    } finally {
      socket.disconnect();
    }
  };

  it("takes the first process's token on every process; an explicit token becomes the show's, on every process", async () => {
    const a = await serve(dirs[0] as string);
    const b = await serve(dirs[1] as string);
    // Each folder keeps a token of its own (that was the fault: B refused A's).
    expect(b.config.operatorToken).not.toBe(a.config.operatorToken);
    expect(await operatorHello(b.url, a.config.operatorToken)).toMatchObject({ ok: true });
    expect(await operatorHello(a.url, a.config.operatorToken)).toMatchObject({ ok: true });
    expect(await operatorHello(b.url, b.config.operatorToken)).toMatchObject({ ok: false, code: 'unauthorized' });

    // B again, with the token set: that one is now the show's, on C and on A, which was running already.
    await b.supervisor.stop();
    running.splice(running.indexOf(b.supervisor), 1);
    const explicit = 'set-by-the-venue-0123456789';
    const c = await serve(dirs[1] as string, { MESHWORK_OPERATOR_TOKEN: explicit });
    expect(await operatorHello(c.url, explicit)).toMatchObject({ ok: true });
    expect(await operatorHello(c.url, a.config.operatorToken)).toMatchObject({ ok: false, code: 'unauthorized' });
    // A reads the show's token every second: wait for it to take the new one (a condition, not a sleep).
    let aTakesIt = false;
    const deadline = Date.now() + 60_000;
    while (!aTakesIt && Date.now() < deadline) aTakesIt = (await operatorHello(a.url, explicit)).ok === true;
    expect(aTakesIt).toBe(true);
    expect(await operatorHello(a.url, a.config.operatorToken)).toMatchObject({ ok: false, code: 'unauthorized' });
  }, 900_000);

  it('gives processes starting together one token, one of those offered; refuses a key that holds no token', async () => {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      let show = 0;
      const token = fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/);
      await fc.assert(
        fc.asyncProperty(
          fc.array(token, { minLength: 1, maxLength: 4 }),
          fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
          async (offers, stored) => {
            const prefix = `token-test-${++show}`;
            if (stored !== undefined) await client.set(`${prefix}:operator-token`, stored);
            const opened = await Promise.allSettled(offers.map((operatorToken) => openRedisScaling({ url: redis.url, prefix, operatorToken, warn: () => {} })));
            await closeAll(opened);
            const valid = stored === undefined || /^[A-Za-z0-9_-]{16,256}$/.test(stored);
            if (!valid) {
              for (const o of opened)
                expect(o).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/does not hold an operator token.*redis-cli DEL/) } });
              return;
            }
            const tokens = opened.map((o) => (o.status === 'fulfilled' ? o.value.operatorToken : `failed: ${String(o.reason)}`));
            expect(new Set(tokens).size).toBe(1);
            expect(stored === undefined ? offers : [stored]).toContain(tokens[0]);
          },
        ),
        { numRuns: 25 },
      );
    } finally {
      await client.close();
    }
  }, 120_000);
  it("makes the first explicit token the show's, followed by every process; refuses a different explicit one clearly", async () => {
    let show = 0;
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ token, explicit: fc.boolean() }), { minLength: 1, maxLength: 5 }).filter((offers) => offers.some((o) => o.explicit)),
        fc.option(token, { nil: undefined }),
        async (offers, stored) => {
          const prefix = `explicit-test-${++show}`;
          const client = createClient({ url: redis.url });
          await client.connect();
          try {
            // A show that already had a kept token (an earlier start without MESHWORK_OPERATOR_TOKEN).
            if (stored !== undefined) await client.set(`${prefix}:operator-token`, stored);
          } finally {
            await client.close();
          }
          const opened = await Promise.allSettled(
            offers.map((o) =>
              openRedisScaling({ url: redis.url, prefix, operatorToken: o.token, operatorTokenSet: o.explicit, followEvery: 0.02, warn: () => {} }),
            ),
          );
          try {
            const explicitOk = offers.filter((o, i) => o.explicit && opened[i]?.status === 'fulfilled');
            // Exactly one explicit token won, and every explicit process with another one was refused.
            expect(new Set(explicitOk.map((o) => o.token)).size).toBe(1);
            const winner = (explicitOk[0] as { token: string }).token;
            offers.forEach((o, i) => {
              const r = opened[i];
              if (o.explicit && o.token !== winner) {
                expect(r).toMatchObject({
                  status: 'rejected',
                  reason: { message: expect.stringMatching(/MESHWORK_OPERATOR_TOKEN is not the show's.*same MESHWORK_OPERATOR_TOKEN.*redis-cli DEL/) },
                });
                const message = r?.status === 'rejected' ? String((r.reason as Error).message) : '';
                for (const t of offers) expect(message).not.toContain(t.token);
              } else expect(r?.status).toBe('fulfilled');
            });
            // Every running process ends with the winner's token: at once, or by following it.
            const now = opened.map((r) => (r.status === 'fulfilled' ? r.value.operatorToken : undefined));
            opened.forEach((r, i) => {
              if (r.status === 'fulfilled') r.value.followOperatorToken((t) => (now[i] = t));
            });
            await until(() => opened.every((r, i) => r.status === 'rejected' || now[i] === winner), 30_000);
          } finally {
            await closeAll(opened);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 180_000);
});
