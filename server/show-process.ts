import type { Installation } from '../src/core/installation.ts';
import { openRedisScaling, type RedisScaling } from './redis-scale.ts';
import { startServer, type RunningServer } from './server.ts';

/**
 * The show server's own process, started and watched by the supervisor (supervisor.ts) of `meshwork
 * serve`. Everything it needs comes in one IPC message (configuration is read by the CLI, never here); it
 * answers when it listens, and stops cleanly on SIGTERM, SIGINT (Ctrl-C reaches the whole process group)
 * or when its supervisor goes away (it never outlives it).
 */

/** What the supervisor decided: JSON-safe, the same for every start of the process. */
export interface ShowProcessConfig {
  readonly installationDir: string;
  /** The port; after the first start the one it bound, so that screens reconnect to the same address. */
  readonly port: number;
  readonly host?: string;
  /** false: plain HTTP. Default 'auto' (see ServerStartOptions.https). */
  readonly https?: false;
  /** Decided once by the supervisor, so it survives restarts (operator links stay valid). Under Redis, unless
   * it is this process's offer for the show's shared token (redis-scale.ts says which one wins), so one
   * console token works on every process. */
  readonly operatorToken: string;
  /** True when the token was given explicitly (MESHWORK_OPERATOR_TOKEN): under Redis it becomes the show's. */
  readonly operatorTokenSet?: boolean;
  readonly trustProxy: boolean;
  readonly redisUrl?: string;
  readonly dataDir?: string;
  readonly distDir?: string;
  readonly quiet?: boolean;
  readonly watch?: boolean;
}

export type ToShowProcess = { readonly type: 'start'; readonly config: ShowProcessConfig; readonly installation?: Installation; readonly announce: boolean };
export type FromShowProcess =
  /** Its modules are loaded: it waits for 'start' (a standby). */
  | { readonly type: 'loaded' }
  | { readonly type: 'listening'; readonly port: number; readonly url: string }
  | { readonly type: 'failed'; readonly message: string };

/** Runs the show process until it is told to stop; the exit code (0 after a clean stop). */
export async function runShowProcess(): Promise<number> {
  const send = process.send?.bind(process);
  if (!send) {
    console.error('show-process is started by `meshwork serve`, not by hand');
    return 1;
  }
  const stopped = new Promise<void>((done) => {
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
    process.once('disconnect', done);
  });
  send({ type: 'loaded' } satisfies FromShowProcess);
  const start = await Promise.race([
    new Promise<ToShowProcess>((done) => process.once('message', (m) => done(m as ToShowProcess))),
    stopped.then(() => undefined),
  ]);
  if (!start) return 0;
  const { config } = start;
  let scaling: RedisScaling | undefined;
  let server: RunningServer;
  try {
    if (config.redisUrl !== undefined) {
      scaling = await openRedisScaling({
        url: config.redisUrl,
        operatorToken: config.operatorToken,
        ...(config.operatorTokenSet ? { operatorTokenSet: true } : {}),
      });
      if (start.announce) console.log(`the show's log is in Redis at ${config.redisUrl}; every process started with it plays the same show`);
    }
    server = await startServer({
      installationDir: config.installationDir,
      port: config.port,
      operatorToken: scaling?.operatorToken ?? config.operatorToken,
      trustProxy: config.trustProxy,
      announce: start.announce,
      ...(config.host !== undefined ? { host: config.host } : {}),
      ...(config.https === false ? { https: false } : {}),
      ...(config.dataDir !== undefined ? { dataDir: config.dataDir } : {}),
      ...(config.distDir !== undefined ? { distDir: config.distDir } : {}),
      ...(config.quiet !== undefined ? { quiet: config.quiet } : {}),
      ...(config.watch !== undefined ? { watch: config.watch } : {}),
      ...(start.installation ? { installation: start.installation } : {}),
      ...(scaling ? { store: scaling.store, adapter: scaling.adapter, deviceSecret: scaling.deviceSecret } : {}),
    });
  } catch (e) {
    await scaling?.close().catch(() => {});
    const message = e instanceof Error ? e.message : String(e);
    console.error(`the show server could not start: ${message}`);
    send({ type: 'failed', message } satisfies FromShowProcess);
    return 1;
  }
  const running = server;
  // A process started later with an explicit token makes it the show's: this one accepts it from then on.
  const unfollow = scaling?.followOperatorToken((token) => {
    running.setOperatorToken(token);
    if (!config.quiet) console.log("the show's operator token was changed by another process (MESHWORK_OPERATOR_TOKEN); open the console with that one");
  });
  send({ type: 'listening', port: server.port, url: server.url } satisfies FromShowProcess);
  await stopped;
  unfollow?.();
  await server.close();
  await scaling?.close();
  if (process.connected) process.disconnect();
  return 0;
}
