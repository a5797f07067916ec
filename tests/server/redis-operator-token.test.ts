import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createClient } from 'redis';
import { compileFolder } from '../../server/installation-folder.ts';
import { openRedisScaling } from '../../server/redis-scale.ts';
import { serveConfig } from '../../server/serve-command.ts';
import type { ShowProcessConfig } from '../../server/show-process.ts';
import { supervise, type ShowProcessInfo, type Supervisor } from '../../server/supervisor.ts';
import { startRedis, type RedisServer } from './redis-server.ts';
import { connect, demoCopy, hello, removeDir, until } from './show-server.ts';

/**
 * `meshwork serve --redis` on two machines: each process has its own installation folder, so each keeps its
 * own operator token on disk; the show's token is the first process's, shared through Redis, so a console
 * reaches the show through either process with the one link printed. An explicit MESHWORK_OPERATOR_TOKEN
 * still rules. Real show processes under the real supervisor (as `meshwork serve` runs them), a real
 * redis-server.
 */
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

  it("takes the first process's token on every process; an explicit token rules", async () => {
    const a = await serve(dirs[0] as string);
    const b = await serve(dirs[1] as string);
    // Each folder keeps a token of its own (that was the fault: B refused A's).
    expect(b.config.operatorToken).not.toBe(a.config.operatorToken);
    expect(await operatorHello(b.url, a.config.operatorToken)).toMatchObject({ ok: true });
    expect(await operatorHello(a.url, a.config.operatorToken)).toMatchObject({ ok: true });
    expect(await operatorHello(b.url, b.config.operatorToken)).toMatchObject({ ok: false, code: 'unauthorized' });

    // B again, with the token set: that one, and not the shared one.
    await b.supervisor.stop();
    running.splice(running.indexOf(b.supervisor), 1);
    const explicit = 'set-by-the-venue-0123456789';
    const c = await serve(dirs[1] as string, { MESHWORK_OPERATOR_TOKEN: explicit });
    expect(await operatorHello(c.url, explicit)).toMatchObject({ ok: true });
    expect(await operatorHello(c.url, a.config.operatorToken)).toMatchObject({ ok: false, code: 'unauthorized' });
    // And it did not replace the show's token for the processes that share it.
    expect(await operatorHello(a.url, a.config.operatorToken)).toMatchObject({ ok: true });
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
            for (const o of opened) if (o.status === 'fulfilled') await o.value.close().then(() => o.value.store.close());
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
});
