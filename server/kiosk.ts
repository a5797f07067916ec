import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Seconds } from '../src/core/units.ts';
import { DrawWatch, KIOSK_BACKOFF, restartDelaySeconds, WATCH_DEFAULTS, type KioskBackoff, type PageProbe, type WatchOptions } from './kiosk-watch.ts';

/**
 * `meshwork kiosk`: one Chromium, full screen, on one page, kept alive. The browser is a child process with
 * its own profile folder (its settings, the wall's device id in localStorage, nothing shared with a person's
 * browser); the kiosk talks to it over the DevTools protocol on 127.0.0.1 only, to ask the page how many
 * frames it has drawn (DrawWatch decides what that means). When the browser exits, for any reason but a
 * stop, it is started again after KIOSK_BACKOFF; when the page stops drawing, the browser is stopped
 * (SIGTERM, then SIGKILL to its whole process group) and started again the same way.
 */

/** The flags a kiosk needs, each for a reason a wall in a room has. */
export function kioskArgs(url: string, profileDir: string, options: { readonly headless?: boolean } = {}): string[] {
  const origin = new URL(url);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(origin.hostname);
  return [
    `--user-data-dir=${profileDir}`,
    // Full screen, no address bar, no way out by accident.
    '--kiosk',
    // Sound starts without anyone tapping the wall.
    '--autoplay-policy=no-user-gesture-required',
    // Nothing asks anything of a room with no keyboard: first-run, default browser, keyring, translation.
    '--no-first-run',
    '--no-default-browser-check',
    '--password-store=basic',
    '--disable-features=Translate,TranslateUI,MediaRouter',
    '--disable-translate',
    // A restart after a crash or a kill shows no "restore pages?" bubble, no error dialog.
    '--hide-crash-restore-bubble',
    '--disable-session-crashed-bubble',
    '--noerrdialogs',
    '--disable-infobars',
    // Keep drawing at full rate when another window or a notification covers it.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    // No pinch zoom or swipe-back from a touch frame or a stray gesture.
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    // A venue network has no internet: no update checks or component downloads.
    '--check-for-update-interval=31536000',
    '--disable-component-update',
    '--disable-background-networking',
    // The page's screen wake lock (src/app/display/wake-lock.ts) needs a secure context; a wall opened on
    // http://<LAN-IP> has none without this (the show server's own origin only).
    ...(origin.protocol === 'http:' && !local ? [`--unsafely-treat-insecure-origin-as-secure=${origin.origin}`] : []),
    // How the kiosk asks the page whether it draws: DevTools on loopback, on a free port it prints.
    '--remote-debugging-address=127.0.0.1',
    '--remote-debugging-port=0',
    ...(options.headless ? ['--headless=new'] : []),
  ];
}

/**
 * A browser killed or crashed marks its profile as not cleanly exited, and the next start offers to restore
 * the pages (a bubble on the projection). Marked clean before every start.
 */
export function markProfileClean(profileDir: string): void {
  const file = join(profileDir, 'Default', 'Preferences');
  if (!existsSync(file)) return;
  try {
    const prefs = JSON.parse(readFileSync(file, 'utf8')) as { profile?: Record<string, unknown> };
    prefs.profile = { ...prefs.profile, exit_type: 'Normal', exited_cleanly: true };
    writeFileSync(file, JSON.stringify(prefs));
  } catch {
    // A damaged Preferences file: Chromium rewrites it; the bubble flags above still apply.
  }
}

export interface KioskOptions extends WatchOptions {
  readonly url: string;
  /** The Chromium binary. */
  readonly chromium: string;
  readonly profileDir: string;
  readonly headless?: boolean;
  /** More Chromium flags, after the kiosk's own. */
  readonly extraArgs?: readonly string[];
  /** Seconds between two questions to the page. Default 2. */
  readonly probeSeconds?: Seconds;
  readonly backoff?: KioskBackoff;
  /** A line for the terminal. */
  readonly log: (message: string) => void;
  /** Told of every start (tests use the pid and DevTools endpoint). */
  readonly onStart?: (browser: { readonly pid: number; readonly endpoint: string; readonly starts: number }) => void;
}

export interface Kiosk {
  /** Resolves once stopped. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

const PROBE_TIMEOUT_SECONDS = 5;
const KILL_AFTER_SECONDS = 3;

export function runKiosk(options: KioskOptions): Kiosk {
  const probeMs = (options.probeSeconds ?? 2) * 1000;
  const backoff = options.backoff ?? KIOSK_BACKOFF;
  const clock = (): Seconds => performance.now() / 1000;
  let stopping = false;
  let child: ChildProcess | undefined;
  let cdp: Browser | undefined;
  let probeTimer: ReturnType<typeof setTimeout> | undefined;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let quickDeaths = 0;
  let starts = 0;
  // Why the browser was last started again: told to the page at every probe, for the console.
  let restartReason: string | undefined;
  let stopReason: string | undefined;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));

  const killGroup = (proc: ChildProcess, signal: NodeJS.Signals) => {
    if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    try {
      process.kill(-proc.pid, signal);
    } catch {
      proc.kill(signal);
    }
  };

  const endGroup = (proc: ChildProcess) => {
    if (proc.pid === undefined) return;
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      // The group is gone already: nothing was left behind.
    }
  };

  const stopBrowser = (proc: ChildProcess) => {
    killGroup(proc, 'SIGTERM');
    setTimeout(() => killGroup(proc, 'SIGKILL'), KILL_AFTER_SECONDS * 1000).unref();
  };

  const start = () => {
    if (stopping) return;
    mkdirSync(options.profileDir, { recursive: true });
    markProfileClean(options.profileDir);
    const args = [...kioskArgs(options.url, options.profileDir, { headless: options.headless ?? false }), ...(options.extraArgs ?? []), options.url];
    // Its own process group, so that a restart also ends the renderers and the GPU process of a hung one.
    const proc = spawn(options.chromium, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    child = proc;
    const startedAt = clock();
    starts++;
    const watch = new DrawWatch(startedAt, options);
    let stderr = '';
    let attached = false;
    proc.once('error', (err) => options.log(`cannot start ${options.chromium}: ${err.message} (give the browser with --chromium <path>)`));
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      // Always read: a full pipe would block the browser. Only the first lines matter (the endpoint).
      if (stderr.length > 64_000) return;
      stderr += chunk;
      const endpoint = /DevTools listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
      if (endpoint && !attached && child === proc) {
        attached = true;
        void attach(proc, endpoint, watch);
      }
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(probeTimer);
      // A browser that crashed or was killed leaves its renderers and GPU process behind (they are its
      // children, not the kiosk's): one hung in a script keeps a core busy, a GPU process may keep the
      // GPU. They end with it, before the next one starts.
      endGroup(proc);
      const old = cdp;
      cdp = undefined;
      void old?.close().catch(() => {});
      if (child === proc) child = undefined;
      if (stopping) return;
      const lived = clock() - startedAt;
      quickDeaths = lived >= backoff.resetAfterSeconds ? 0 : quickDeaths + 1;
      const wait = restartDelaySeconds(quickDeaths - 1, backoff);
      const exited = `Chromium exited (${signal ? `signal ${signal}` : `code ${code}`}) after ${lived.toFixed(0)} s`;
      // A browser the kiosk stopped itself restarts for the kiosk's reason, not for its exit signal.
      restartReason = stopReason ?? exited;
      stopReason = undefined;
      options.log(`${exited}: starting it again in ${wait} s`);
      restartTimer = setTimeout(start, wait * 1000);
    });
  };

  const attach = async (proc: ChildProcess, endpoint: string, watch: DrawWatch) => {
    let browser: Browser;
    try {
      // A browser just started on a busy machine may take long to answer (a CI run at load 16 waited more
      // than Playwright's 30 s); the start grace is how long the kiosk gives a start to come to anything.
      browser = await chromium.connectOverCDP(endpoint, { timeout: (options.startSeconds ?? WATCH_DEFAULTS.startSeconds) * 1000 });
    } catch (err) {
      options.log(`cannot talk to Chromium over DevTools (${(err as Error).message}): restarting it`);
      stopReason = 'the kiosk could not talk to Chromium over DevTools';
      stopBrowser(proc);
      return;
    }
    if (child !== proc || stopping) {
      void browser.close().catch(() => {});
      return;
    }
    cdp = browser;
    options.log(`Chromium started (pid ${proc.pid}) on ${options.url}`);
    options.onStart?.({ pid: proc.pid ?? -1, endpoint, starts });
    const probe = async () => {
      if (child !== proc || stopping) return;
      const answer = await probePage(browser, options.url, starts - 1, restartReason, options.log);
      if (child !== proc || stopping) return;
      const event = watch.observe(clock(), answer);
      if (event?.type === 'drawing') options.log('the page is drawing');
      else if (event?.type === 'page-error') options.log(`the page shows an error (it retries by itself): ${event.error}`);
      else if (event?.type === 'restart') {
        options.log(`${event.reason}: restarting Chromium`);
        stopReason = event.reason;
        stopBrowser(proc);
        return;
      }
      probeTimer = setTimeout(() => void probe(), probeMs);
    };
    probeTimer = setTimeout(() => void probe(), probeMs);
  };

  start();
  return {
    done,
    async stop() {
      if (stopping) return done;
      stopping = true;
      clearTimeout(probeTimer);
      clearTimeout(restartTimer);
      await cdp?.close().catch(() => {});
      const proc = child;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
        stopBrowser(proc);
        await exited;
      }
      finish();
      return done;
    },
  };
}

/**
 * The one tab a wall shows: the first on the kiosk's address, else the first on its origin (the page may
 * have moved within the show), else the first of any. Every other tab (one restored after a crash, a blank
 * one Chromium opened, a page a stray touch opened) is closed: it would draw on the projection instead, or
 * beside it, and the kiosk would watch and tell one tab while the room sees another.
 */
function wallTab(browser: Browser, url: string, log: (line: string) => void): Page | undefined {
  const tabs = browser.contexts().flatMap((c) => c.pages());
  const wanted = new URL(url);
  const at = (tab: Page): URL | undefined => {
    try {
      return new URL(tab.url());
    } catch {
      return undefined;
    }
  };
  const tab =
    tabs.find((t) => at(t)?.href.replace(/#.*/, '') === wanted.href.replace(/#.*/, '')) ?? tabs.find((t) => at(t)?.origin === wanted.origin) ?? tabs[0];
  const others = tabs.filter((t) => t !== tab);
  if (others.length > 0) {
    log(`closing ${others.length} other tab${others.length === 1 ? '' : 's'} (${others.map((t) => t.url() || 'blank').join(', ')}): a wall shows one page`);
    for (const other of others) void other.close().catch(() => {});
  }
  return tab;
}

/** The frames and error of the kiosk's page, or undefined when it does not answer within the timeout. The
 * page is told how often the kiosk restarted its browser (`restarts`, and why the last time), which it
 * reports to the console. */
async function probePage(
  browser: Browser,
  url: string,
  restarts: number,
  reason: string | undefined,
  log: (line: string) => void,
): Promise<PageProbe | undefined> {
  const page = wallTab(browser, url, log);
  if (!page) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), PROBE_TIMEOUT_SECONDS * 1000)));
  const asked = page
    .evaluate(
      ({ restarts, reason }) => {
        const hook = (window as { __meshwork?: { frames: number; ready: boolean; error?: string; noteKiosk?: (restarts: number, reason?: string) => void } })
          .__meshwork;
        if (restarts > 0) hook?.noteKiosk?.(restarts, reason);
        // Frames count from the page's first complete frame: before it, the page may draw one frame and wait
        // for its fonts (views.tsx), which is loading (the start grace), not a stall.
        return hook ? { frames: hook.ready ? hook.frames : 0, ...(hook.error !== undefined ? { error: hook.error } : {}) } : undefined;
      },
      { restarts, ...(reason !== undefined ? { reason } : {}) },
    )
    // A page navigating or reloading right now answers next time.
    .catch(() => undefined);
  try {
    return await Promise.race([asked, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
