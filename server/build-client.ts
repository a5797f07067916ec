import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (where package.json and vite.config.ts are). */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** Where the built client goes; the server serves it. */
export const DIST_DIR = join(PROJECT_ROOT, 'dist');
const STAMP = '.meshwork-build.json';
/** What the client is built from: a change to any of these makes dist stale. */
const INPUTS = [
  'src',
  'shaders',
  'vite.config.ts',
  'package-lock.json',
  'server/offline-assets.ts',
  'server/font-catalogue.ts',
  'server/font-resolver-data.ts',
  'server/font-coverage.ts',
  'server/compression.ts',
];

export interface EnsureOptions {
  /** Progress messages (e.g. console.log). Default: silent. */
  readonly log?: (msg: string) => void;
  /** Build even when dist is up to date. Default false. */
  readonly force?: boolean;
}

export interface EnsureResult {
  /** True when this call ran a build. */
  readonly built: boolean;
  readonly dir: string;
}

/** A hash of every input file's path and content: the same sources always give the same hash, whatever the
 * files' mtimes (a fresh clone has new mtimes and the same content). */
export function sourceHash(root: string = PROJECT_ROOT): string {
  const hash = createHash('sha256');
  const walk = (path: string): void => {
    if (!existsSync(path)) return;
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(join(path, name));
    } else {
      hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  for (const input of INPUTS) walk(join(root, input));
  return hash.digest('hex').slice(0, 16);
}

/** True when dist holds a build of the current sources. */
export function isClientFresh(dir: string = DIST_DIR, hash: string = sourceHash()): boolean {
  try {
    const stamp = JSON.parse(readFileSync(join(dir, STAMP), 'utf8')) as { hash?: unknown };
    return stamp.hash === hash && existsSync(join(dir, 'index.html'));
  } catch {
    return false;
  }
}

let inProcess: Promise<EnsureResult> | undefined;

/**
 * Builds the client into dist/ when it is missing or stale, so that `npm install && npm start` works on a
 * fresh clone. Safe to call from several processes at once (test workers, a server and the render command):
 * one builds under a lock file, the others wait for it and then find dist fresh. The build goes to a
 * temporary folder that replaces dist in one rename, so a server never serves half a build.
 */
export function ensureClientBuilt(options: EnsureOptions = {}): Promise<EnsureResult> {
  if (!options.force && inProcess) return inProcess;
  const run = ensure(options);
  inProcess = run.catch((err: unknown) => {
    inProcess = undefined;
    throw err;
  });
  return inProcess;
}

async function ensure(options: EnsureOptions): Promise<EnsureResult> {
  const hash = sourceHash();
  if (!options.force && isClientFresh(DIST_DIR, hash)) return { built: false, dir: DIST_DIR };
  const release = await acquireLock(options.log);
  try {
    if (!options.force && isClientFresh(DIST_DIR, hash)) return { built: false, dir: DIST_DIR };
    options.log?.(existsSync(DIST_DIR) ? 'the client is out of date: building it (vite build)...' : 'building the client (vite build)...');
    const started = process.hrtime.bigint();
    const tmp = `${DIST_DIR}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    const { build } = await import('vite');
    await asProduction(() =>
      build({
        configFile: join(PROJECT_ROOT, 'vite.config.ts'),
        logLevel: 'warn',
        build: { outDir: tmp, emptyOutDir: true },
      }),
    );
    writeFileSync(join(tmp, STAMP), JSON.stringify({ hash, builtAt: new Date().toISOString() }));
    const old = `${DIST_DIR}.old-${process.pid}`;
    if (existsSync(DIST_DIR)) renameSync(DIST_DIR, old);
    renameSync(tmp, DIST_DIR);
    rmSync(old, { recursive: true, force: true });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    options.log?.(`client built in ${seconds.toFixed(1)} s`);
    return { built: true, dir: DIST_DIR };
  } finally {
    release();
  }
}

/** Runs a build with NODE_ENV=production. Vite keeps a NODE_ENV it finds set, and vitest sets "test": a
 * build made inside a test would otherwise bundle React's development build and JSX transform, and
 * `npm start` would then serve that dist as fresh. */
export async function asProduction<T>(run: () => Promise<T>): Promise<T> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}

const LOCK_DIR = join(PROJECT_ROOT, '.meshwork');
const LOCK = join(LOCK_DIR, 'build.lock');
/** A build takes seconds; a lock older than this belongs to a process that died mid-build. */
const STALE_LOCK_MS = 5 * 60_000;

async function acquireLock(log?: (msg: string) => void): Promise<() => void> {
  mkdirSync(LOCK_DIR, { recursive: true });
  let waited = false;
  for (;;) {
    try {
      const fd = openSync(LOCK, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(LOCK, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (lockIsStale()) {
      rmSync(LOCK, { force: true });
      continue;
    }
    if (!waited) log?.('another process is building the client: waiting for it...');
    waited = true;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function lockIsStale(): boolean {
  try {
    const pid = Number(readFileSync(LOCK, 'utf8'));
    if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) return true;
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written: give it a moment
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // ESRCH: the process that held it is gone. ENOENT: released meanwhile (the next try takes it).
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
