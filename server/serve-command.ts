import { join, relative } from 'node:path';
import { formatDiagnostic } from '../src/core/diagnostics.ts';
import { ensureClientBuilt } from './build-client.ts';
import { compileFolder } from './installation-folder.ts';
import { openRedisScaling, redisUrlProblem, type RedisScaling } from './redis-scale.ts';
import { startServer } from './server.ts';

export const SERVE_USAGE = `  meshwork serve [folder] [--port N] [--host H] [--http] [--redis redis://host:port]
                                  play an installation (default installations/upcycling-rite) for every
                                  screen on the network; PORT, HOST and MESHWORK_OPERATOR_TOKEN also apply;
                                  --redis (or MESHWORK_REDIS_URL): keep the log in Redis, shared by every
                                  process started with the same URL (several processes, one show)`;

/** `meshwork serve <folder>`: checks the installation, builds the client if needed, starts the show
 * server and keeps it running until Ctrl-C. Returns the exit code (1 when the folder is broken). */
export async function serve(args: readonly string[]): Promise<number> {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--http') flags.set(a, 'true');
    else if (a.startsWith('--')) flags.set(a, args[++i] ?? '');
    else rest.push(a);
  }
  const dir = rest[0] ?? join('installations', 'upcycling-rite');
  const portText = flags.get('--port') ?? process.env.PORT;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    console.error(`--port ${portText}: expected a port number 0-65535 (0 picks a free one)`);
    return 1;
  }
  const redisUrl = flags.get('--redis') ?? process.env.MESHWORK_REDIS_URL;
  const redisProblem = redisUrl === undefined ? undefined : redisUrlProblem(redisUrl);
  if (redisProblem) {
    console.error(`--redis: ${redisProblem}`);
    return 1;
  }
  const check = compileFolder(dir);
  for (const d of check.diagnostics) console.log(formatDiagnostic({ ...d, file: d.line > 0 || d.file !== dir ? join(relative('.', dir), d.file) : d.file }));
  if (!check.installation) {
    console.error(`${dir}: the installation has errors; fix them and run again (meshwork check ${dir} lists them too)`);
    return 1;
  }
  try {
    await ensureClientBuilt({ log: (m) => console.log(m) });
  } catch (e) {
    // The show (log, clock, operator API) runs without pages; they answer 503 with a hint until built.
    console.error(`the client could not be built, so the pages are not served: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n  fix it and run \`npm run build\`; the show server runs meanwhile`);
  }
  const host = flags.get('--host');
  let scaling: RedisScaling | undefined;
  if (redisUrl !== undefined) {
    try {
      scaling = await openRedisScaling({ url: redisUrl });
    } catch (e) {
      console.error(`--redis: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    console.log(`the show's log is in Redis at ${redisUrl}; every process started with it plays the same show`);
  }
  const server = await startServer({
    ...(scaling ? { store: scaling.store, adapter: scaling.adapter } : {}),
    installationDir: dir,
    ...(port !== undefined ? { port } : {}),
    ...(host ? { host } : {}),
    ...(flags.has('--http') ? { https: false } : {}),
  });
  await new Promise<void>((done) => {
    const stop = () => {
      console.log('\nstopping: the log is on disk; `npm start` continues this show');
      void server.close().then(() => scaling?.close()).then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
