import { join, relative } from 'node:path';
import { formatDiagnostic } from '../src/core/diagnostics.ts';
import { ensureClientBuilt } from './build-client.ts';
import { archiveAndStartAfresh } from './new-show.ts';
import { compileFolder } from './installation-folder.ts';
import { redisUrlProblem } from './redis-scale.ts';
import type { ShowProcessConfig } from './show-process.ts';
import { supervise } from './supervisor.ts';
import { keptOperatorToken } from './operator-token.ts';

export const SERVE_USAGE = `  meshwork serve [folder] [--port N] [--host H] [--http] [--redis redis://host:port] [--new-show]
                                  play an installation (default installations/upcycling-rite) for every
                                  screen on the network; PORT, HOST and MESHWORK_OPERATOR_TOKEN also apply
                                  (without it the token is kept in <folder>/.meshwork/operator-token);
                                  --redis (or MESHWORK_REDIS_URL): keep the log in Redis, shared by every
                                  process started with the same URL (several processes, one show), and
                                  the operator token too (the first process's, unless the token is set);
                                  the show server runs in its own process, started again if it dies;
                                  --new-show: keep the last show as an archive file (.meshwork/archives/)
                                  and start a fresh one (without it, a start continues the last show)`;

const VALUED_FLAGS = new Set(['--port', '--host', '--redis']);

/** What `meshwork serve` reads from the environment (here only: the server takes options). */
export interface ServeEnvironment {
  readonly PORT?: string;
  readonly HOST?: string;
  readonly MESHWORK_OPERATOR_TOKEN?: string;
  readonly MESHWORK_TRUST_PROXY?: string;
  readonly MESHWORK_REDIS_URL?: string;
}

/** The flags and the environment of `meshwork serve`, resolved into the show process's configuration (the
 * one place both are read), or what is wrong with them. Without MESHWORK_OPERATOR_TOKEN the token is the
 * one kept in the installation's data folder (`keptToken`, made there on the first start). */
export function serveConfig(
  args: readonly string[],
  env: ServeEnvironment,
  keptToken: (installationDir: string) => string = (dir) => keptOperatorToken(join(dir, '.meshwork'), (m) => console.warn(m)),
): ShowProcessConfig | { readonly error: string } | { readonly help: true } {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--help' || a === '-h') return { help: true };
    if (a === '--http') flags.set(a, 'true');
    else if (VALUED_FLAGS.has(a)) {
      const v = args[++i];
      if (v === undefined || v.startsWith('-')) return { error: `${a} needs a value` };
      flags.set(a, v);
    } else if (a.startsWith('-')) return { error: `unknown option ${a} (meshwork serve --help lists them)` };
    else rest.push(a);
  }
  if (rest.length > 1) return { error: `one installation folder, not ${rest.length}: ${rest.join(' ')}` };
  const portText = flags.get('--port') ?? env.PORT;
  const port = portText === undefined ? 8080 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { error: `--port ${portText}: expected a port number 0-65535 (0 picks a free one)` };
  const redisUrl = flags.get('--redis') ?? env.MESHWORK_REDIS_URL;
  const redisProblem = redisUrl === undefined ? undefined : redisUrlProblem(redisUrl);
  if (redisProblem) return { error: `--redis: ${redisProblem}` };
  const host = flags.get('--host') || env.HOST;
  const installationDir = rest[0] ?? join('installations', 'upcycling-rite');
  return {
    installationDir,
    port,
    // Decided here, once, and kept on disk: a restarted show process, and a restarted `meshwork serve`,
    // keep the token, so the operator's link and an open console stay valid.
    operatorToken: env.MESHWORK_OPERATOR_TOKEN || keptToken(installationDir),
    ...(env.MESHWORK_OPERATOR_TOKEN ? { operatorTokenSet: true } : {}),
    trustProxy: env.MESHWORK_TRUST_PROXY === '1',
    ...(host ? { host } : {}),
    ...(flags.has('--http') ? { https: false as const } : {}),
    ...(redisUrl !== undefined ? { redisUrl } : {}),
  };
}

/** `meshwork serve <folder>`: reads the flags and the environment, checks the installation, builds the
 * client if needed, and runs the show server under a supervisor (supervisor.ts) until Ctrl-C or SIGTERM.
 * Returns the exit code (1 when the folder or the configuration is broken). */
export async function serve(args: readonly string[], env: ServeEnvironment = process.env): Promise<number> {
  const newShow = args.includes('--new-show');
  const config = serveConfig(
    args.filter((a) => a !== '--new-show'),
    env,
  );
  if ('help' in config) {
    console.log(`usage:\n${SERVE_USAGE}`);
    return 0;
  }
  if ('error' in config) {
    console.error(`${config.error}\nusage:\n${SERVE_USAGE}`);
    return 1;
  }
  const dir = config.installationDir;
  // The one compile at start: its diagnostics are printed here, and the first show process plays it.
  const check = compileFolder(dir);
  for (const d of check.diagnostics) console.log(formatDiagnostic({ ...d, file: d.line > 0 || d.file !== dir ? join(relative('.', dir), d.file) : d.file }));
  if (!check.installation) {
    console.error(`${dir}: the installation has errors; fix them and run again (meshwork check ${dir} lists them too)`);
    return 1;
  }
  if (newShow) {
    if (config.redisUrl !== undefined) {
      console.error(
        '--new-show works on the embedded log; with --redis the show lives in Redis: start the processes with a new Redis database (or flush it) instead',
      );
      return 1;
    }
    const archived = await archiveAndStartAfresh(join(dir, '.meshwork'));
    console.log(archived ? `the last show is kept as ${archived}; a new show starts at seq 1` : 'no earlier show in this folder: a new show starts');
  }
  try {
    await ensureClientBuilt({ log: (m) => console.log(m) });
  } catch (e) {
    // The show (log, clock, operator API) runs without pages; they answer 503 with a hint until built.
    console.error(
      `the client could not be built, so the pages are not served: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n  fix it and run \`npm run build\`; the show server runs meanwhile`,
    );
  }
  const supervisor = supervise({ config, installation: check.installation, log: (m) => console.log(m) });
  const stop = () => {
    console.log('\nstopping: the log is on disk; `npm start` continues this show');
    void supervisor.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await supervisor.done;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  return code;
}
