import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHex, toHex } from '../../src/core/color.ts';
import { DEFAULT_EMOTIONS } from '../../src/core/schema/installation.ts';
import { encodeSculptures } from '../../src/core/encode.ts';
import type { ShowEvent } from '../../src/core/events.ts';
import type { Installation } from '../../src/core/installation.ts';
import type { MeshworkHook } from '../../src/app/display/test-hook.ts';
import type { ScreenBox } from '../../src/scene/Stories.tsx';
import { compileFolder } from '../../server/installation-folder.ts';
import { launchChromium, type Browser } from './browser.ts';
import { serveShow, waitReady, type ShowServer } from './display-server.ts';
import { decodePng, keepArtifact, pixel, type Pixels } from './png.ts';

/**
 * Legends drawn on the walls of installations/river-sediment: the Tejo's colour scale and sizes in the
 * bottom-right corner of every wall, the hotspots' river categories floating in the room. Rendered with and
 * without legends (captions off, so that nothing else moves), the pixels that differ must lie inside the
 * legends' boxes and inside the frame; with stories and captions on, none of their cards may overlap a
 * legend; a swatch's pixels must be the colour the sculpture's encoder gives its value; two walls draw the
 * corner legend alike; a blackout hides it.
 */

const WIDTH = 640;
const HEIGHT = 360;
const T = 70;
/** No legend pixel this close to a border (pixels). */
const BORDER = 3;
/** A pixel belongs to a legend when a channel differs by more than this between the renders (0..255). */
const DIFF = 24;
/** A swatch's centre against the colour it stands for (0..255 a channel: rounding of the sRGB encoding). */
const SWATCH_TOLERANCE = 3;

function river(): Installation {
  const r = compileFolder('installations/river-sediment');
  if (!r.installation) throw new Error('installations/river-sediment does not compile');
  return r.installation;
}
const base = river();
const withSculptures = (
  inst: Installation,
  f: (s: Installation['spec']['sculptures'][number]) => Installation['spec']['sculptures'][number],
): Installation => ({
  ...inst,
  spec: { ...inst.spec, sculptures: inst.spec.sculptures.map(f) },
});
const quiet = withSculptures(base, ({ caption: _caption, ...s }) => s);
const bare = withSculptures(quiet, ({ legend: _legend, ...s }) => s);

/** Stories on the Tejo's samples (the sculpture stories attach to), approved: in the room at T. */
function stories(n: number): ShowEvent[] {
  const rows = encodeSculptures(base)[0]?.rows ?? [];
  const emotion = Object.keys(DEFAULT_EMOTIONS)[0] as string;
  const events: ShowEvent[] = [];
  let seq = 0;
  for (let i = 0; i < n; i++) {
    const material = rows[i % rows.length]?.key as string;
    const id = `s${i}`;
    const text = `Sample ${i + 1}: the mud by the old factories smelled of sulphur, and the fishermen say the fish went away years ago.`;
    events.push({ type: 'story', id, text, emotion, material, lang: 'en', consent: true, seq: ++seq, t: 40 + i });
    events.push({ type: 'story-approved', id, seq: ++seq, t: 41 + i });
  }
  return events;
}

let browser: Browser;
const servers: ShowServer[] = [];
async function serve(installation: Installation, events: ShowEvent[] = []): Promise<ShowServer> {
  const s = await serveShow({ installation, events, serverTime: T });
  servers.push(s);
  return s;
}

async function shoot(server: ShowServer, wall: string, name?: string): Promise<{ img: Pixels; hook: MeshworkHook }> {
  const page = await browser.context.newPage();
  try {
    await page.setViewportSize({ width: WIDTH, height: HEIGHT });
    await page.goto(`${server.url}/?display=${wall}&t=${T}`);
    const hook = await waitReady(page, 180_000);
    const png = await page.screenshot();
    if (name) keepArtifact(name, png);
    return { img: decodePng(png), hook };
  } finally {
    await page.close();
  }
}

const legendsOf = (h: MeshworkHook): ScreenBox[] => (h.textBoxes ?? []).filter((b) => b.id.startsWith('legend:'));
const box = (h: MeshworkHook, id: string): ScreenBox => {
  const b = h.textBoxes?.find((x) => x.id === id);
  if (!b) throw new Error(`no ${id} on the screen: ${JSON.stringify(h.textBoxes?.map((x) => x.id))}`);
  return b;
};
const px = (b: { x: number; y: number; w: number; h: number }) => ({ x0: b.x * WIDTH, y0: b.y * HEIGHT, x1: (b.x + b.w) * WIDTH, y1: (b.y + b.h) * HEIGHT });

/** The mean colour of the middle of a part (a third of its size each way, at least its centre pixel; only
 * the centre column of a gradient). */
function middle(img: Pixels, b: { x: number; y: number; w: number; h: number }, column = false): [number, number, number] {
  const r = px(b);
  const cx = (r.x0 + r.x1) / 2;
  const cy = (r.y0 + r.y1) / 2;
  const hw = column ? 0 : Math.max(0, Math.floor((r.x1 - r.x0) / 6));
  const hh = Math.max(0, Math.floor((r.y1 - r.y0) / 6));
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.round(cy) - hh; y <= Math.round(cy) + hh; y++)
    for (let x = Math.round(cx) - hw; x <= Math.round(cx) + hw; x++) {
      pixel(img, x, y).forEach((v, c) => (sum[c] = (sum[c] as number) + v));
      n++;
    }
  return sum.map((v) => v / n) as [number, number, number];
}
const hex255 = (hex: string) => parseHex(hex).map((v) => v * 255);
const off = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))));

beforeAll(async () => {
  browser = await launchChromium({ width: WIDTH, height: HEIGHT });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
});

describe('legends on the walls', () => {
  it('draws the corner and the room legend wholly inside the frame, and nothing else changes', async () => {
    const without = await shoot(await serve(bare), 'north');
    const withLegends = await shoot(await serve(quiet), 'north', 'legends-north');
    const legends = legendsOf(withLegends.hook);
    expect(legends.map((b) => b.id).sort()).toEqual(['legend:hotspots', 'legend:tejo']);
    const rects = legends.map(px);
    let count = 0;
    let outside = 0;
    let nearBorder = 0;
    for (let y = 0; y < HEIGHT; y++)
      for (let x = 0; x < WIDTH; x++) {
        if (off(pixel(without.img, x, y), pixel(withLegends.img, x, y)) <= DIFF) continue;
        count++;
        if (!rects.some((r) => x >= r.x0 - 1 && x <= r.x1 + 1 && y >= r.y0 - 1 && y <= r.y1 + 1)) outside++;
        if (x < BORDER || y < BORDER || x >= WIDTH - BORDER || y >= HEIGHT - BORDER) nearBorder++;
      }
    console.log(
      `legends on north: ${count} legend pixels, ${outside} outside their boxes, ${nearBorder} within ${BORDER} px of the border; boxes ${JSON.stringify(rects.map((r) => Object.values(r).map(Math.round)))}`,
    );
    // Dark backdrops over a dark room differ little: the text, swatches and bars do.
    expect(count).toBeGreaterThan(WIDTH * HEIGHT * 0.01);
    expect(outside).toBe(0);
    expect(nearBorder).toBe(0);
    for (const b of legends) {
      expect(b.x).toBeGreaterThan(0);
      expect(b.y).toBeGreaterThan(0);
      expect(b.x + b.w).toBeLessThan(1);
      expect(b.y + b.h).toBeLessThan(1);
    }
    // The corner legend is in the bottom-right corner, as the installation asks (the default corner).
    const tejo = box(withLegends.hook, 'legend:tejo');
    expect(tejo.x + tejo.w).toBeGreaterThan(0.9);
    expect(tejo.y + tejo.h).toBeGreaterThan(0.9);
  }, 600_000);

  it("shows each swatch and the gradient in the colour the sculpture's encoder gives it", async () => {
    const { img, hook } = await shoot(await serve(quiet), 'north');
    const sculptures = encodeSculptures(base);
    const hotspots = sculptures.find((s) => s.id === 'hotspots');
    const swatches = (box(hook, 'legend:hotspots').parts ?? []).filter((p) => p.kind === 'swatch');
    expect(swatches.length).toBeGreaterThanOrEqual(3);
    for (const s of swatches) {
      // A hotspot of that river is coloured by the same scale: its particles have this colour.
      const row = hotspots?.rows.find((r) => r.data.river === s.label);
      const want = row ? hex255(toHex(row.color)) : hex255(s.stops[0]?.color ?? '#000');
      expect(s.stops[0]?.color).toBe(row ? toHex(row.color) : s.stops[0]?.color);
      const got = middle(img, s);
      console.log(`swatch ${s.label}: want ${want.map(Math.round)} got ${got.map(Math.round)}`);
      expect(off(got, want)).toBeLessThanOrEqual(SWATCH_TOLERANCE);
    }
    const tejoParts = box(hook, 'legend:tejo').parts ?? [];
    const noData = tejoParts.find((p) => p.kind === 'swatch');
    expect(noData?.stops[0]?.color).toBe('#7a7a7a');
    expect(off(middle(img, noData!), hex255('#7a7a7a'))).toBeLessThanOrEqual(SWATCH_TOLERANCE);
    // The bar's middle is the scale's middle value (2 mg/kg: the middle colour of its range).
    const bar = tejoParts.find((p) => p.kind === 'bar');
    const mid = bar?.stops.find((s) => s.at === 0.5);
    expect(mid?.color).toBe('#f5e663');
    const got = middle(img, bar!, true);
    console.log(`bar middle: want ${hex255('#f5e663').map(Math.round)} got ${got.map(Math.round)}`);
    // Half a pixel either side of the stop is already a little towards its neighbours.
    expect(off(got, hex255('#f5e663'))).toBeLessThanOrEqual(8);
  }, 600_000);

  it('keeps every story and caption clear of the legends', async () => {
    const { hook } = await shoot(await serve(base, stories(8)), 'north', 'legends-with-stories');
    const boxes = hook.textBoxes ?? [];
    const legends = legendsOf(hook);
    const others = boxes.filter((b) => !b.id.startsWith('legend:'));
    console.log(
      `north with stories: ${legends.length} legends, ${others.filter((b) => b.id.startsWith('story:')).length} stories, ${others.filter((b) => b.id.startsWith('caption:')).length} captions`,
    );
    expect(legends).toHaveLength(2);
    expect(others.filter((b) => b.id.startsWith('story:')).length).toBeGreaterThanOrEqual(6);
    for (const l of legends)
      for (const o of others) {
        const apart = o.x + o.w <= l.x || l.x + l.w <= o.x || o.y + o.h <= l.y || l.y + l.h <= o.y;
        if (!apart) console.log(`${o.id} overlaps ${l.id}`);
        expect(apart).toBe(true);
      }
  }, 600_000);

  it('draws the corner legend alike on two walls at the same t, and hides it in a blackout', async () => {
    const show = await serve(quiet);
    const north = await shoot(show, 'north');
    const south = await shoot(show, 'south', 'legends-south');
    const a = px(box(north.hook, 'legend:tejo'));
    const b = px(box(south.hook, 'legend:tejo'));
    expect(b).toEqual(a);
    // Inside its soft edge the backdrop is opaque: the same pixels whatever the room behind it.
    let worst = 0;
    for (let y = Math.ceil(a.y0) + 4; y < Math.floor(a.y1) - 4; y++)
      for (let x = Math.ceil(a.x0) + 4; x < Math.floor(a.x1) - 4; x++) worst = Math.max(worst, off(pixel(north.img, x, y), pixel(south.img, x, y)));
    console.log(`tejo legend, north against south: largest difference ${worst}/255`);
    expect(worst).toBeLessThanOrEqual(2);

    const dark = await shoot(await serve(quiet, [{ type: 'blackout', on: true, seconds: 0, seq: 1, t: T - 10 }]), 'north', 'legends-blackout');
    let lit = 0;
    for (let y = Math.ceil(a.y0); y < Math.floor(a.y1); y++)
      for (let x = Math.ceil(a.x0); x < Math.floor(a.x1); x++) if (Math.max(...pixel(dark.img, x, y)) > 8) lit++;
    expect(lit).toBe(0);
  }, 600_000);
});
