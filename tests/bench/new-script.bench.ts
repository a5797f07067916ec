import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { io } from 'socket.io-client';
import type { MeshworkHook } from '../../src/app/display/test-hook.ts';
import { DIST_DIR, ensureClientBuilt } from '../../server/build-client.ts';
import { launchChromium } from '../../server/chromium.ts';
import { demoCopy, removeDir, startTestServer, type Client } from '../server/show-server.ts';
import type { BenchOptions } from './run.ts';
import { percentile, table } from './stats.ts';
import { installProbe, storySteps, type StorySteps } from './story-probe.ts';

/**
 * "A story in a new script appears within 1 s on a LAN" (issue 11): a live wall (`/?display=north`, 640x360)
 * is up and drawing; a phone sends a story (the demo under `moderation: after`, so it goes straight to the
 * room) in a script the page has not drawn yet; the time is taken from the send until the wall reports the
 * story's card laid out and placed (its glyphs are in: troika lays a text out only once every font it needs
 * is loaded), checked on every animation frame. Each round opens a fresh page with the HTTP cache off, so
 * every script is new to it. Baseline in the same page: a story in Latin script, whose font every wall
 * loads at start. Once over loopback, once with Chromium's network throttled to a LAN (100 Mbit/s, 2 ms).
 * `--baseline <dist folder>` (an older commit's build) is measured in turns with this one, page for page.
 * Each story's path is broken down (story-probe.ts): arrival at the page, font requests, FontFace loads,
 * the frames until its card is listed.
 */

const ROUNDS = 3;
const STORIES: readonly { script: string; lang: string; text: string }[] = [
  // Not measured: the page's first card pays for what every later one reuses (its first canvas texture,
  // the backdrop's shader), whatever its script.
  { script: 'warm-up', lang: 'en', text: 'We came back to the river.' },
  { script: 'Latin (baseline: font loaded at start)', lang: 'en', text: 'The river remembers the dye.' },
  { script: 'Japanese', lang: 'ja', text: '川は染料を覚えている' },
  { script: 'Devanagari', lang: 'hi', text: 'नदी को रंग याद है' },
  { script: 'Thai', lang: 'th', text: 'แม่น้ำจำสีย้อมได้' },
  { script: 'Korean', lang: 'ko', text: '강은 염료를 기억한다' },
  { script: 'emoji', lang: 'und', text: '🌊🐟💔🌱' },
];
const NETWORKS: readonly { name: string; conditions?: { latency: number; downloadThroughput: number; uploadThroughput: number } }[] = [
  { name: 'loopback' },
  // Bytes per second; latency in ms, added to each request.
  { name: 'LAN 100 Mbit/s, 2 ms', conditions: { latency: 2, downloadThroughput: 100e6 / 8, uploadThroughput: 100e6 / 8 } },
];
/** Longest wait for one story (ms): a loaded machine draws a frame a second or slower. */
const STORY_TIMEOUT_MS = 120_000;

export async function run(options: BenchOptions = {}): Promise<void> {
  await ensureClientBuilt();
  const builds: { name: string; dist: string }[] = [{ name: 'this build', dist: DIST_DIR }];
  if (options.baseline) builds.unshift({ name: 'baseline', dist: options.baseline });
  const browser = await launchChromium({ width: 640, height: 360 });
  const sockets: Client[] = [];
  // ms per script and network, and the font bytes (on the wire) each story made the page fetch.
  const times = new Map<string, number[]>();
  const bytes = new Map<string, number[]>();
  const steps = new Map<string, StorySteps[]>();
  let sent = 0;
  try {
    for (const network of NETWORKS) {
      for (let round = 0; round < ROUNDS; round++)
        for (const build of builds) {
          // A new show each round: the stories of the last one would still be on display, their fonts loaded
          // with the page.
          const dir = demoCopy((yaml) => yaml.replace('moderation: before', 'moderation: after'));
          const materials = readFileSync(join(dir, 'materials.csv'), 'utf8')
            .split(/\r?\n/)
            .slice(1)
            .filter((l) => l.trim() !== '')
            .map((l) => l.split(',')[0] as string);
          const server = await startTestServer(dir, { watch: false, distDir: build.dist });
          const page = await browser.context.newPage();
          await installProbe(page);
          try {
            const cdp = await browser.context.newCDPSession(page);
            await cdp.send('Network.enable');
            await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
            if (network.conditions) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network.conditions });
            let fontBytes = 0;
            const reads = new Set<Promise<void>>();
            page.on('requestfinished', (req) => {
              if (!new URL(req.url()).pathname.startsWith('/fonts/')) return;
              const read = req
                .sizes()
                .then((sizes) => void (fontBytes += sizes.responseBodySize))
                .catch(() => {})
                .finally(() => reads.delete(read));
              reads.add(read);
            });
            await page.goto(`${server.url}/?display=north`);
            await page.waitForFunction(() => (window as { __meshwork?: MeshworkHook }).__meshwork?.ready === true, undefined, {
              timeout: 240_000,
              polling: 100,
            });
            // Read once every story is in, so that the frame that drew each card has ended.
            const marks: { key: string; id: string; sentAt: number }[] = [];
            for (const s of STORIES) {
              const id = `bench-${network.name.length}-${round}-${++sent}`;
              const phone: Client = io(server.url, { forceNew: true, transports: ['websocket'], reconnection: false });
              sockets.push(phone);
              const hello = await phone.timeout(5000).emitWithAck('hello', { role: 'audience', clientId: `bench-phone-${sent}` });
              if (!hello.ok) throw new Error(`the phone was refused: ${hello.error}`);
              const before = fontBytes;
              const start = performance.now();
              const sentAt = performance.timeOrigin + start;
              const ack = await phone.timeout(5000).emitWithAck('story:submit', {
                id,
                text: s.text,
                emotion: 'care',
                material: materials[sent % materials.length] as string,
                lang: s.lang,
                consent: true,
              });
              if (!ack.ok) throw new Error(`the story was refused: ${ack.error}`);
              await appeared(page, id);
              const ms = performance.now() - start;
              const key = `${build.name}|${network.name}|${s.script}`;
              marks.push({ key, id, sentAt });
              times.set(key, [...(times.get(key) ?? []), ms]);
              // A font's bytes are counted once its body is read.
              await Promise.all([...reads]);
              bytes.set(key, [...(bytes.get(key) ?? []), fontBytes - before]);
              phone.disconnect();
            }
            await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
            for (const m of marks) steps.set(m.key, [...(steps.get(m.key) ?? []), await storySteps(page, m.id, m.sentAt, m.sentAt)]);
          } finally {
            await page.close();
            for (const s of sockets.splice(0)) s.disconnect();
            await server.close();
            removeDir(dir);
          }
        }
    }
  } finally {
    for (const s of sockets) s.disconnect();
    await browser.close();
  }
  const rows: (string | number)[][] = [];
  const breakdown: (string | number)[][] = [];
  for (const build of builds)
    for (const network of NETWORKS) {
      const base = median(times.get(`${build.name}|${network.name}|${STORIES[1]?.script}`) ?? []);
      for (const s of STORIES.slice(1)) {
        const key = `${build.name}|${network.name}|${s.script}`;
        const ms = times.get(key) ?? [];
        const m = median(ms);
        rows.push([
          build.name,
          network.name,
          s.script,
          Math.round(m),
          Math.round(Math.max(...ms)),
          ms.map(Math.round).join(' '),
          `${(m / base).toFixed(2)}x`,
          Math.round(median(bytes.get(key) ?? [])),
        ]);
        for (const st of steps.get(key) ?? [])
          breakdown.push([
            build.name,
            network.name,
            s.script,
            st.arrived ?? '-',
            st.fetchStart ?? '-',
            st.fetchEnd ?? '-',
            st.fetches,
            st.decoded ?? '-',
            st.shown ?? '-',
            st.frames,
            st.longestFrame,
            st.drawFrame ?? '-',
            st.steadyFrame ?? '-',
          ]);
      }
    }
  table(
    `a story in a new script: send to glyphs on the wall (north, 640x360, Chromium/SwiftShader; median of ${ROUNDS} fresh pages; load average ${loadavg()[0]?.toFixed(1)})`,
    ['build', 'network', 'script', 'median ms', 'max ms', 'all ms', 'vs Latin', 'font bytes fetched'],
    rows,
  );
  table(
    'where each story went (ms after the send): reached the page, font requests began and ended, last FontFace loaded, first frame listing its card; frames in between and the longest',
    [
      'build',
      'network',
      'script',
      'arrived',
      'fetch from',
      'fetch to',
      'requests',
      'decoded',
      'frame',
      'frames',
      'longest frame',
      'its drawing frame',
      'steady frame',
    ],
    breakdown,
  );
}

/** Resolves once the wall has the story's card laid out and placed, checked every animation frame. */
async function appeared(page: Page, id: string): Promise<void> {
  await page.waitForFunction(
    (storyId) => ((window as { __meshwork?: MeshworkHook }).__meshwork?.textBoxes ?? []).some((b) => b.id === `story:${storyId}`),
    id,
    { timeout: STORY_TIMEOUT_MS, polling: 'raf' },
  );
}

function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}
