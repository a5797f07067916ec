import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { startBareWsServer } from './bare-ws-server.ts';
import { nowMs, type ServerCommand, type ServerReport, type Target } from './messages.ts';

/**
 * The server under test, alone in its own process so that its CPU time (process.cpuUsage) is its own:
 * `node --import tsx server-process.ts ws|meshwork [redis-url] [--demo-limits]`. It reports `listening`,
 * answers `cpu` and `memory`, and exits on `stop` or when the bench goes away. `--demo-limits` keeps the
 * demo installation's audience limits (the soak's phones live with them) instead of raising them.
 */
const DEMO = fileURLToPath(new URL('../../../installations/upcycling-rite', import.meta.url));
/** Reactions per minute the bench's copy of the installation allows a phone (the demo allows 60). */
export const BENCH_REACTIONS_PER_MINUTE = 1_000_000;

const send = (m: ServerReport) => process.send?.(m);
const target = process.argv[2] as Target;

async function main(): Promise<void> {
  let close: () => Promise<void>;
  let cleanup = () => {};
  if (target === 'ws') {
    const server = await startBareWsServer();
    close = server.close;
    send({ type: 'listening', url: server.url });
  } else if (target === 'meshwork' || target === 'meshwork-redis') {
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-fanout-'));
    cleanup = () => rmSync(dir, { recursive: true, force: true });
    const installationDir = process.argv.includes('--demo-limits') ? demoInstallation(dir) : benchInstallation(dir);
    const { startServer } = await import('../../../server/server.ts');
    // meshwork-redis: argv[3] is the Redis URL (the bench starts a fresh redis-server per run).
    const scaling =
      target === 'meshwork-redis'
        ? await (
            await import('../../../server/redis-scale.ts')
          ).openRedisScaling({ url: process.argv[3] as string, warn: (m) => console.error(`[meshwork-redis] ${m}`) })
        : undefined;
    const server = await startServer({
      // MESHWORK_FANOUT_VERBOSE=1 shows the server's banner and warnings (e.g. why it refused a message).
      installationDir,
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dir, 'data'),
      quiet: !process.env.MESHWORK_FANOUT_VERBOSE,
      watch: false,
      ...(scaling ? { store: scaling.store, adapter: scaling.adapter } : {}),
    });
    close = async () => {
      await server.close();
      await scaling?.close();
    };
    send({ type: 'listening', url: server.url, operatorToken: server.operatorToken });
  } else {
    throw new Error(`server-process: unknown target "${String(target)}" (ws, meshwork or meshwork-redis)`);
  }
  const stop = async () => {
    await close();
    cleanup();
    process.exit(0);
  };
  process.on('message', (m: ServerCommand) => {
    if (m.type === 'cpu') {
      const u = process.cpuUsage();
      send({ type: 'cpu', userMs: u.user / 1000, systemMs: u.system / 1000 });
    } else if (m.type === 'memory') {
      const mem = process.memoryUsage();
      const u = process.cpuUsage();
      send({ type: 'memory', atMs: nowMs(), rss: mem.rss, heapUsed: mem.heapUsed, userMs: u.user / 1000, systemMs: u.system / 1000 });
    } else if (m.type === 'clock') send({ type: 'clock', nowMs: nowMs() });
    else if (m.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
}

/** The demo installation, copied with a reaction limit that the bench's sender (30 reactions/s from one
 * phone) stays under. Only the installation's own setting changes: the server's code paths, its other
 * limits and its persistence are the ones a show runs. */
function benchInstallation(dir: string): string {
  const out = demoInstallation(dir);
  const file = join(out, 'installation.yaml');
  const doc = parse(readFileSync(file, 'utf8')) as { audience: { limits?: Record<string, number> } };
  doc.audience.limits = { ...doc.audience.limits, reactionsPerMinute: BENCH_REACTIONS_PER_MINUTE };
  writeFileSync(file, stringify(doc));
  return out;
}

function demoInstallation(dir: string): string {
  const out = join(dir, 'installation');
  cpSync(DEMO, out, { recursive: true, filter: (src) => !src.includes('.meshwork') });
  return out;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
