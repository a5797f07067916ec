import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Installation } from '../src/core/installation.ts';
import { PROJECT_ROOT } from './build-client.ts';
import type { FromShowProcess, ShowProcessConfig, ToShowProcess } from './show-process.ts';

/**
 * `meshwork serve` keeps the show server in a child process and starts it again whenever it dies (an exit
 * code other than 0, or a signal: a crash, the OOM killer, kill -9), after a back-off that doubles while it
 * keeps dying young, on the same port (screens and phones reconnect to the address they know) with the same
 * operator token. The log is durable (SQLite or Redis), so what was acknowledged before the death is there
 * after it. A restart is quick because a standby process is kept ready: it has loaded the server's modules
 * (most of a start) and waits; on a death it is told to start, and a new standby is forked once it listens.
 * Stopping the supervisor stops both cleanly (SIGTERM, then SIGKILL after `killAfterMs`).
 * A child that cannot start the first time is not retried: that is a configuration the operator must fix.
 */

export interface RestartBackoff {
  readonly firstMs: number;
  readonly maxMs: number;
  /** A child that lived this long resets the back-off to firstMs. */
  readonly resetAfterMs: number;
}

export const RESTART_BACKOFF: RestartBackoff = { firstMs: 200, maxMs: 10_000, resetAfterMs: 30_000 };

export interface SupervisorOptions {
  readonly config: ShowProcessConfig;
  /** Compiled by the CLI for the first start; a restart compiles the folder as it is then. */
  readonly installation?: Installation;
  /** A line for the terminal. */
  readonly log: (message: string) => void;
  readonly backoff?: RestartBackoff;
  /** After SIGTERM, the child is killed after this long, ms. Default 10000. */
  readonly killAfterMs?: number;
}

export interface ShowProcessInfo {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  /** 0 for the first start. */
  readonly restarts: number;
}

export interface Supervisor {
  /** Resolves with the exit code for the CLI: 0 once stopped, 1 when the first start failed. */
  readonly done: Promise<number>;
  stop(): Promise<number>;
  /** The running child's pid, if one runs. */
  pid(): number | undefined;
  /** A standby process has loaded and waits: the next restart is quick. */
  standbyReady(): boolean;
  /** Called each time a show process listens. Returns its cleanup. */
  onListening(listener: (info: ShowProcessInfo) => void): () => void;
}

/** The CLI's entry: the child runs `meshwork show-process`, compiled on the fly by tsx like the CLI. */
const ENTRY = join(PROJECT_ROOT, 'server', 'bin', 'meshwork.mjs');

export function supervise(options: SupervisorOptions): Supervisor {
  const backoff = options.backoff ?? RESTART_BACKOFF;
  const listeners = new Set<(info: ShowProcessInfo) => void>();
  let port = options.config.port;
  let child: ChildProcess | undefined;
  let standby: ChildProcess | undefined;
  let standbyLoaded = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopping = false;
  let restarts = 0;
  let youngDeaths = 0;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));

  const spawn = (): ChildProcess => {
    const proc = fork(ENTRY, ['show-process'], { execArgv: [], stdio: 'inherit', serialization: 'advanced' });
    proc.on('error', (e) => options.log(`the show process: ${e.message}`));
    proc.once('exit', () => {
      if (standby === proc) standby = undefined;
    });
    proc.on('message', (m) => {
      if ((m as FromShowProcess).type === 'loaded' && standby === proc) standbyLoaded = true;
    });
    return proc;
  };

  const start = (first: boolean) => {
    const startedAt = Date.now();
    const proc = standby ?? spawn();
    standby = undefined;
    standbyLoaded = false;
    child = proc;
    let listened = false;
    const message: ToShowProcess = {
      type: 'start',
      config: { ...options.config, port },
      announce: first,
      ...(first && options.installation ? { installation: options.installation } : {}),
    };
    proc.send(message);
    proc.on('message', (raw) => {
      const m = raw as FromShowProcess;
      if (m.type !== 'listening') return;
      listened = true;
      port = m.port;
      if (!first) options.log(`show process ${proc.pid} listening again on port ${port} (restart ${restarts})`);
      for (const l of listeners) l({ pid: proc.pid ?? 0, port: m.port, url: m.url, restarts });
      if (!stopping && !standby) standby = spawn();
    });
    proc.once('exit', (code, signal) => {
      child = undefined;
      if (stopping || (code === 0 && signal === null)) return finish(0);
      if (first && !listened) return finish(1);
      youngDeaths = Date.now() - startedAt >= backoff.resetAfterMs ? 0 : youngDeaths;
      const delayMs = Math.min(backoff.maxMs, backoff.firstMs * 2 ** youngDeaths);
      youngDeaths++;
      restarts++;
      options.log(
        `the show process ${proc.pid} died (${signal ?? `exit code ${code}`}); starting it again in ${(delayMs / 1000).toFixed(1)} s on port ${port} (restart ${restarts}); the log is on disk`,
      );
      timer = setTimeout(() => start(false), delayMs);
    });
  };
  start(true);

  return {
    done,
    pid: () => child?.pid,
    standbyReady: () => standby !== undefined && standbyLoaded,
    onListening(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopping = true;
      clearTimeout(timer);
      standby?.kill('SIGTERM');
      const proc = child;
      if (!proc) finish(0);
      else {
        proc.kill('SIGTERM');
        const kill = setTimeout(() => proc.kill('SIGKILL'), options.killAfterMs ?? 10_000);
        void done.then(() => clearTimeout(kill));
      }
      return done;
    },
  };
}
