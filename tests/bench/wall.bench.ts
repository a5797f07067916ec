import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import type { MeshworkHook } from '../../src/app/display/test-hook.ts';
import { DIST_DIR, ensureClientBuilt } from '../../server/build-client.ts';
import { launchChromium, type Browser } from '../../server/chromium.ts';
import type { RunningServer } from '../../server/server.ts';
import { demoCopy, removeDir, startTestServer } from '../server/show-server.ts';
import { table } from './stats.ts';
import type { BenchOptions } from './run.ts';

/**
 * "A killed display is back on the right frame within 5 s" (issue 10): two walls of the live demo show, each
 * in its own Chromium (480x270, as the watchdog e2e); south's renderer is crashed and south is opened again
 * in a new page, as the kiosk does. Timed from the new page's creation to `ready` (waitReady's count), with
 * the page's own loading steps and where its main thread went: the WebGL calls (shader compile and link,
 * the status queries that wait for them, texture and buffer uploads, draws) timed by wrapping the context's
 * methods, and each frame's length. `--baseline <dist folder>` (a build of an older commit) serves that build
 * to a second show, measured in turns with this one, so before and after share the machine's load.
 */

const ROUNDS = 3;
/** The WebGL calls shown, of all those timed (every method of the context): where a frame waits for the GPU
 * process (on SwiftShader, the CPU): shader compile and link, the queries that wait for them, uploads, draws. */
const GL_SHOWN = [
  'linkProgram',
  'getProgramInfoLog',
  'getProgramParameter',
  'getUniformLocation',
  'getActiveUniform',
  'texImage2D',
  'bufferData',
  'drawArrays',
  'drawElements',
] as const;

interface Profile {
  readonly gl: Record<string, { calls: number; ms: number }>;
  /** Each animation-frame callback over 20 ms: when it began (performance.now) and how long it ran. */
  readonly frames: { at: number; ms: number }[];
  readonly longTasks: { at: number; ms: number }[];
  /** What happened when (performance.now, ms): each animation frame's callbacks, each program linked
   * (three names it in the shader's SHADER_NAME), each frame the page counted. */
  readonly timeline: { at: number; what: string }[];
}

declare global {
  interface Window {
    __wallProfile?: Profile;
  }
}

/** Runs in the page before its own scripts: wraps the WebGL methods and requestAnimationFrame to time them. */
function instrument(): void {
  const profile: Profile = { gl: {}, frames: [], longTasks: [], timeline: [] };
  window.__wallProfile = profile;
  const note = (what: string) => {
    if (profile.timeline.length < 400) profile.timeline.push({ at: Math.round(performance.now()), what });
  };
  const shaderNames = new WeakMap<object, string>();
  const programNames = new WeakMap<object, string>();
  for (const proto of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype] as unknown as Record<string, unknown>[]) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const original = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
      if (typeof original !== 'function' || name === 'constructor') continue;
      proto[name] = function (this: unknown, ...args: unknown[]) {
        if (name === 'linkProgram') note(`link ${programNames.get(args[0] as object) ?? '?'}`);
        const t0 = performance.now();
        try {
          return (original as (...a: unknown[]) => unknown).apply(this, args);
        } finally {
          const entry = (profile.gl[name] ??= { calls: 0, ms: 0 });
          entry.calls++;
          entry.ms += performance.now() - t0;
        }
      };
    }
  }
  for (const proto of [WebGL2RenderingContext.prototype] as unknown as Record<string, (...a: unknown[]) => unknown>[]) {
    const shaderSource = proto.shaderSource as (...a: unknown[]) => unknown;
    proto.shaderSource = function (this: unknown, shader: unknown, source: unknown) {
      const m = /#define SHADER_NAME (.*)/.exec(String(source));
      shaderNames.set(shader as object, m?.[1] ?? `${String(source).length} chars`);
      return shaderSource.call(this, shader, source);
    };
    const attachShader = proto.attachShader as (...a: unknown[]) => unknown;
    proto.attachShader = function (this: unknown, program: unknown, shader: unknown) {
      programNames.set(program as object, shaderNames.get(shader as object) ?? '?');
      return attachShader.call(this, program, shader);
    };
  }
  // A canvas's size set: on a WebGL canvas it reallocates the drawing buffer (how long it blocks, and why).
  for (const prop of ['width', 'height'] as const) {
    const d = Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, prop);
    const set = d?.set;
    if (!d || !set) continue;
    Object.defineProperty(HTMLCanvasElement.prototype, prop, {
      ...d,
      set(this: HTMLCanvasElement, v: number) {
        const t0 = performance.now();
        set.call(this, v);
        const ms = performance.now() - t0;
        if (ms > 5 || this.parentElement)
          note(`canvas ${prop}=${v} ${Math.round(ms)} ms (quality ${window.__meshwork?.quality.level}) ${new Error().stack?.split('\n')[3]?.trim() ?? ''}`);
      },
    });
  }
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) =>
    raf((time) => {
      const t0 = performance.now();
      try {
        cb(time);
      } finally {
        const ms = performance.now() - t0;
        if (ms > 20) profile.frames.push({ at: t0, ms });
        const frames = window.__meshwork?.frames ?? 0;
        if (frames > 0 && frames < 12 && profile.timeline.at(-1)?.what !== `frame ${frames}`) note(`frame ${frames}`);
      }
    });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) profile.longTasks.push({ at: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: the frames still say most of it.
  }
}

async function waitReady(page: Page): Promise<MeshworkHook> {
  await page.waitForFunction(() => window.__meshwork?.ready === true || window.__meshwork?.error !== undefined, undefined, { timeout: 240_000, polling: 50 });
  const h = await page.evaluate(() => window.__meshwork);
  if (!h || h.error) throw new Error(`the wall reported an error: ${h?.error}`);
  return h;
}

interface Round {
  readonly build: string;
  /** From the new page's creation to ready, ms; and from the navigation's start (the page's time origin). */
  readonly backMs: number;
  readonly readyInPageMs: number;
  readonly steps: Record<string, number>;
  readonly profile: Profile;
}

interface Show {
  readonly build: string;
  readonly dir: string;
  readonly server: RunningServer;
  readonly north: Browser;
  readonly south: Browser;
}

async function openShow(build: string, distDir: string): Promise<Show> {
  const dir = demoCopy();
  const server = await startTestServer(dir, { watch: false, distDir });
  const north = await launchChromium({ width: 480, height: 270 });
  const south = await launchChromium({ width: 480, height: 270 });
  const page = await north.context.newPage();
  // The wait is waitReady's (its timeout); the load event may come late on a loaded machine.
  await page.goto(`${server.url}/?display=north`, { waitUntil: 'commit' });
  await waitReady(page);
  return { build, dir, server, north, south };
}

/** South opened (its first load warms its HTTP cache as the crashed tab had), killed, opened again. */
async function killAndReopen(show: Show): Promise<Round> {
  const url = `${show.server.url}/?display=south`;
  const first = await show.south.context.newPage();
  await first.goto(url, { waitUntil: 'commit' });
  await waitReady(first);
  const crashed = new Promise<void>((resolve) => first.once('crash', () => resolve()));
  const cdp = await first.context().newCDPSession(first);
  void cdp.send('Page.crash').catch(() => {});
  await crashed;
  await first.close().catch(() => {});
  const t0 = Date.now();
  const page = await show.south.context.newPage();
  const profiler = await show.south.context.newCDPSession(page);
  await profiler.send('Profiler.enable');
  await profiler.send('Profiler.setSamplingInterval', { interval: 1000 });
  await profiler.send('Profiler.start');
  // tsx names the functions it compiles (`__name(fn, "note")`), a helper the page does not have.
  await page.addInitScript({ content: `var __name = (f) => f; (${instrument.toString()})();` });
  await page.goto(url, { waitUntil: 'commit' });
  const h = await waitReady(page);
  const backMs = Date.now() - t0;
  const profile = (await page.evaluate(() => window.__wallProfile)) as Profile;
  const { profile: cpu } = await profiler.send('Profiler.stop');
  console.log(`main thread until ready, self time: ${selfTimes(cpu).join('; ')}`);
  console.log(`timeline: ${profile.timeline.map((e) => `${e.at} ${e.what}`).join('; ')}`);
  await page.close();
  return { build: show.build, backMs, readyInPageMs: h.loadedAtMs.ready ?? Number.NaN, steps: h.loadedAtMs, profile };
}

interface CpuNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
}

/** The functions that took the most samples (self time), with their share: where the main thread went. */
function selfTimes(cpu: { nodes: readonly CpuNode[]; samples?: readonly number[]; timeDeltas?: readonly number[] }): string[] {
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  const samples = cpu.samples ?? [];
  let total = 0;
  samples.forEach((id, i) => {
    const n = byId.get(id);
    const dt = (cpu.timeDeltas?.[i + 1] ?? 0) / 1000;
    total += dt;
    if (!n) return;
    const f = n.callFrame;
    const file = f.url.split('/').pop() ?? '';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    ms.set(key, (ms.get(key) ?? 0) + dt);
  });
  return [
    `total ${Math.round(total)} ms`,
    ...[...ms.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 14)
      .map(([k, v]) => `${k} ${Math.round(v)} ms`),
  ];
}

async function closeShow(show: Show): Promise<void> {
  await show.north.close();
  await show.south.close();
  await show.server.close();
  removeDir(show.dir);
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[Math.floor((s.length - 1) / 2)] as number) + (s[Math.ceil((s.length - 1) / 2)] as number)) / 2 : Number.NaN;
};

export async function run(options: BenchOptions = {}): Promise<void> {
  await ensureClientBuilt();
  const builds: { name: string; dist: string }[] = [{ name: 'this build', dist: DIST_DIR }];
  if (options.baseline) builds.unshift({ name: `baseline (${options.baseline})`, dist: options.baseline });
  const shows: Show[] = [];
  const rounds: Round[] = [];
  const loads: number[] = [];
  try {
    for (const b of builds) shows.push(await openShow(b.name, b.dist));
    for (let r = 0; r < ROUNDS; r++) {
      for (const show of shows) {
        loads.push(loadavg()[0] as number);
        const round = await killAndReopen(show);
        rounds.push(round);
        console.log(`${show.build}, round ${r + 1}: back in ${round.backMs} ms; steps ${JSON.stringify(round.steps)}`);
      }
    }
  } finally {
    for (const s of shows) await closeShow(s).catch(() => {});
  }
  const load = `load ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`;
  const stepNames = [...new Set(rounds.flatMap((r) => Object.keys(r.steps)))].sort(
    (a, b) => median(rounds.map((r) => r.steps[a] ?? 0)) - median(rounds.map((r) => r.steps[b] ?? 0)),
  );
  table(
    `A killed wall back: new page to ready, and the page's loading steps (ms from navigation), medians of ${ROUNDS}, ${load}`,
    ['build', 'back (ms)', ...stepNames],
    builds.map((b) => {
      const mine = rounds.filter((r) => r.build === b.name);
      return [b.name, median(mine.map((r) => r.backMs)), ...stepNames.map((s) => median(mine.flatMap((r) => (r.steps[s] === undefined ? [] : [r.steps[s]]))))];
    }),
  );
  table(
    `Where the reopened wall's main thread went until ready: WebGL calls (ms, medians of ${ROUNDS})`,
    ['build', ...GL_SHOWN, 'slowest other calls (ms)', 'frames > 20 ms (ms each)', 'long tasks (ms)'],
    builds.map((b) => {
      const mine = rounds.filter((r) => r.build === b.name);
      const last = mine[mine.length - 1];
      return [
        b.name,
        ...GL_SHOWN.map((c) => median(mine.map((r) => r.profile.gl[c]?.ms ?? 0))),
        last
          ? Object.entries(last.profile.gl)
              .filter(([name]) => !(GL_SHOWN as readonly string[]).includes(name))
              .sort((a, b) => b[1].ms - a[1].ms)
              .slice(0, 4)
              .map(([name, e]) => `${name} ${Math.round(e.ms)}`)
              .join(', ')
          : '',
        last ? last.profile.frames.map((f) => Math.round(f.ms)).join(' ') : '',
        last ? last.profile.longTasks.map((f) => Math.round(f.ms)).join(' ') : '',
      ];
    }),
  );
}
