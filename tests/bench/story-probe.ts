import type { Page } from 'playwright-core';

/**
 * Where a story's second goes on its way to the wall (the scripts bench): marks taken inside the page
 * without touching the product, all in epoch milliseconds so that the bench (same machine) can set them
 * against its send time:
 *
 * - `arrived`: the websocket message that carries the story reached the page (a listener added before
 *   socket.io's own, so it runs first);
 * - each font request of the page (resource timing: start, end) and each FontFace load (start, end);
 * - every animation frame's start, and the first frame in which the wall's hook lists the story's card.
 */

/** Marks of one story, ms since the bench's send (undefined: the step did not happen for it). */
export interface StorySteps {
  /** The story's message reached the page. */
  readonly arrived?: number;
  /** The first and last font request for it began / ended (index pages and font files). */
  readonly fetchStart?: number;
  readonly fetchEnd?: number;
  readonly fetches: number;
  /** The last FontFace it made the page load was loaded (decoded). */
  readonly decoded?: number;
  /** The frame in which its card was first listed began. */
  readonly shown?: number;
  /** Frames that began between its arrival and that frame (the frame that shows it included). */
  readonly frames: number;
  /** The longest gap between two frames in that span. */
  readonly longestFrame: number;
  /** The frame that first drew its card: from its start to the next frame's (undefined if none began yet). */
  readonly drawFrame?: number;
  /** The median of the five frames before it arrived: what a frame costs on this page with nothing new. */
  readonly steadyFrame?: number;
}

interface Probe {
  arrivals: Record<string, number>;
  shown: Record<string, number>;
  frames: number[];
  faces: { family: string; start: number; end?: number }[];
}

/** Installs the probe in every page of the context it is given (call before `goto`). */
/**
 * The probe's page side, as plain JavaScript: a function passed to `addInitScript` would be serialized with
 * the helpers the bench's TypeScript loader adds to named functions (`__name`), which the page lacks.
 */
const PROBE_SCRIPT = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const probe = { arrivals: {}, shown: {}, frames: [], faces: [] };
  window.__probe = probe;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string') return;
        const t = now();
        for (const m of e.data.matchAll(/"id":"(bench-[^"]+)"/g)) probe.arrivals[m[1]] ??= t;
      });
    }
  };
  const load = FontFace.prototype.load;
  FontFace.prototype.load = function () {
    const entry = { family: this.family, start: now() };
    probe.faces.push(entry);
    return load.call(this).then((f) => {
      entry.end = now();
      return f;
    });
  };
  // The wall's own frame callback may run before or after this one: the cards are read once every callback
  // of the frame has run (a task queued now runs after them), and set to the frame's start.
  const frame = () => {
    const t = now();
    probe.frames.push(t);
    if (probe.frames.length > 400) probe.frames.shift();
    setTimeout(() => {
      for (const b of window.__meshwork?.textBoxes ?? []) if (b.id.startsWith('story:')) probe.shown[b.id.slice(6)] ??= t;
    }, 0);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

/** Installs the probe in the page (call before `goto`). */
export async function installProbe(page: Page): Promise<void> {
  await page.addInitScript({ content: PROBE_SCRIPT });
}

/** The marks of story `id`, sent at `sentAt` (epoch ms); `since` (epoch ms) bounds the requests and faces
 * counted as its own (those that began after the story before it appeared). */
export async function storySteps(page: Page, id: string, sentAt: number, since: number): Promise<StorySteps> {
  const raw = await page.evaluate(
    ({ storyId, from }) => {
      const probe = (window as unknown as { __probe: Probe }).__probe;
      const origin = performance.timeOrigin;
      const fonts = performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname.startsWith('/fonts/') && origin + e.startTime >= from)
        .map((e) => ({ start: origin + e.startTime, end: origin + (e as PerformanceResourceTiming).responseEnd }));
      return {
        arrived: probe.arrivals[storyId],
        shown: probe.shown[storyId],
        frames: probe.frames,
        fonts,
        faces: probe.faces.filter((f) => f.start >= from && f.end !== undefined).map((f) => f.end as number),
      };
    },
    { storyId: id, from: since },
  );
  const rel = (t: number | undefined) => (t === undefined ? undefined : Math.round(t - sentAt));
  const inSpan = raw.frames.filter((t) => raw.arrived !== undefined && raw.shown !== undefined && t > raw.arrived && t <= raw.shown);
  const span = raw.arrived === undefined ? [] : [raw.arrived, ...inSpan];
  const after = raw.frames.find((t) => raw.shown !== undefined && t > raw.shown);
  const before = raw.frames.filter((t) => raw.arrived !== undefined && t <= raw.arrived).slice(-6);
  const gaps = before
    .slice(1)
    .map((t, i) => t - (before[i] as number))
    .sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < span.length; i++) longest = Math.max(longest, (span[i] as number) - (span[i - 1] as number));
  const until = raw.shown ?? Number.POSITIVE_INFINITY;
  const fonts = raw.fonts.filter((f) => f.start <= until);
  const faces = raw.faces.filter((t) => t <= until);
  return {
    arrived: rel(raw.arrived),
    fetchStart: rel(fonts.length ? Math.min(...fonts.map((f) => f.start)) : undefined),
    fetchEnd: rel(fonts.length ? Math.max(...fonts.map((f) => f.end)) : undefined),
    fetches: fonts.length,
    decoded: rel(faces.length ? Math.max(...faces) : undefined),
    shown: rel(raw.shown),
    frames: inSpan.length,
    longestFrame: Math.round(longest),
    drawFrame: after === undefined || raw.shown === undefined ? undefined : Math.round(after - raw.shown),
    steadyFrame: gaps.length ? Math.round(gaps[Math.floor(gaps.length / 2)] as number) : undefined,
  };
}
