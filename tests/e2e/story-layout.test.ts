import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/color.ts';
import { encodeSculptures } from '../../src/core/encode.ts';
import type { ShowEvent } from '../../src/core/events.ts';
import type { Installation } from '../../src/core/installation.ts';
import type { WallSpec } from '../../src/core/schema/displays.ts';
import type { MeshworkHook } from '../../src/app/display/test-hook.ts';
import { launchChromium, type Browser } from './browser.ts';
import { demoInstallation, serveShow, waitReady, type ShowServer } from './display-server.ts';
import { compileFolder } from '../../server/installation-folder.ts';
import { decodePng, keepArtifact, type Pixels } from './png.ts';

/**
 * Stories laid out in view space (src/scene/layout): rendered with and without the stories at the same t,
 * the pixels that differ are the stories' cards, and none of them may come near the screen's border.
 *
 * A story tints its material while it is shown and bursts its particles for a few seconds. So that the two
 * renders differ only by the cards, the stories carry an emotion whose colour is their material's own (the
 * tint changes nothing) and the frame is taken after the burst is over.
 */

const WIDTH = 480;
const HEIGHT = 270;
const T = 70;
/** No story pixel this close to a border (pixels). */
const BORDER = 3;
/** A pixel belongs to a story when a channel differs by more than this (0..255) between the renders. */
const STORY_DIFF = 24;

const north: WallSpec = { camera: { position: [0, 1.6, 8], target: [0, 1.4, 0], fov: 50 }, sound: false };
/** Two projectors side by side, each 480 x 540, making one 16:9 wall of 960 x 540 with the north view. */
const tile = (x: number): WallSpec => ({ ...north, tile: { fullSize: [960, 540], offset: [x, 0, 480, 540] } });
const TILE: readonly [number, number] = [480, 540];

/** The demo with two projectors sharing the north view, and one emotion per material in its own colour. */
function installation(): Installation {
  const base = demoInstallation();
  const rows = encodeSculptures(base).flatMap((s) => s.rows);
  const emotions = { ...base.spec.audience.stories.emotions, ...Object.fromEntries(rows.map((r) => [`as-${r.key}`, toHex(r.color)])) };
  return {
    ...base,
    spec: {
      ...base.spec,
      audience: { ...base.spec.audience, stories: { ...base.spec.audience.stories, emotions } },
      displays: { ...base.spec.displays, walls: { ...base.spec.displays.walls, 'north-left': tile(0), 'north-right': tile(480) } },
    },
  };
}

const LONG =
  "We dug the sand out of the bay every spring for the children's sandpit, and every spring it glittered more. My grandmother said it was the sea giving back. Years later a student with a sieve showed us the glitter: bottle caps, nets, the soles of our own sandals, ground fine enough to breathe in.";

/** Approved stories; each in its material's own colour. */
function stories(told: readonly { id: string; material: string; text: string }[]): ShowEvent[] {
  const events: ShowEvent[] = [];
  let seq = 0;
  for (const s of told) {
    events.push({
      type: 'story',
      id: s.id,
      text: s.text,
      emotion: `as-${s.material}`,
      material: s.material,
      lang: 'en',
      consent: true,
      seq: ++seq,
      t: 40 + seq,
    });
    events.push({ type: 'story-approved', id: s.id, seq: ++seq, t: 40 + seq });
  }
  return events;
}

let browser: Browser;
let bare: ShowServer;
const servers: ShowServer[] = [];
const inst = installation();

async function serve(events: ShowEvent[]): Promise<ShowServer> {
  const s = await serveShow({ events, serverTime: T, installation: inst });
  servers.push(s);
  return s;
}

async function shoot(
  server: ShowServer,
  wall: string,
  [width, height]: readonly [number, number] = [WIDTH, HEIGHT],
): Promise<{ img: Pixels; png: Buffer; hook: MeshworkHook }> {
  const page = await browser.context.newPage();
  try {
    await page.setViewportSize({ width, height });
    await page.goto(`${server.url}/?display=${wall}&t=${T}`);
    const hook = await waitReady(page);
    const png = await page.screenshot();
    return { img: decodePng(png), png, hook };
  } finally {
    await page.close();
  }
}

/** The pixels that differ between two renders (the stories), with their bounding box. */
function storyPixels(
  a: Pixels,
  b: Pixels,
): { count: number; nearBorder: number; box: { x0: number; y0: number; x1: number; y1: number }; at: (x: number, y: number) => boolean } {
  const mask = new Uint8Array(a.width * a.height);
  let count = 0;
  let nearBorder = 0;
  const box = { x0: a.width, y0: a.height, x1: -1, y1: -1 };
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4;
      let d = 0;
      for (let c = 0; c < 3; c++) d = Math.max(d, Math.abs((a.data[i + c] as number) - (b.data[i + c] as number)));
      if (d <= STORY_DIFF) continue;
      mask[y * a.width + x] = 1;
      count++;
      if (x < BORDER || y < BORDER || x >= a.width - BORDER || y >= a.height - BORDER) nearBorder++;
      box.x0 = Math.min(box.x0, x);
      box.y0 = Math.min(box.y0, y);
      box.x1 = Math.max(box.x1, x);
      box.y1 = Math.max(box.y1, y);
    }
  return { count, nearBorder, box, at: (x, y) => mask[y * a.width + x] === 1 };
}

beforeAll(async () => {
  browser = await launchChromium({ width: WIDTH, height: HEIGHT });
  bare = await serve([]);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
});

describe('stories laid out in view space', () => {
  it('keeps a long story on the material at the edge of the north wall wholly in frame', async () => {
    // microplastic-sand is the rightmost material on the north wall (its anchor at x = 0.82 of the half-width).
    const show = await serve(stories([{ id: 'edge', material: 'microplastic-sand', text: LONG }]));
    const without = await shoot(bare, 'north');
    const withStory = await shoot(show, 'north');
    keepArtifact('story-layout-north-edge', withStory.png);
    const story = storyPixels(without.img, withStory.img);
    console.log(
      `north wall, long story at the edge: ${story.count} story pixels, ${story.nearBorder} within ${BORDER} px of the border, box x ${story.box.x0}..${story.box.x1} y ${story.box.y0}..${story.box.y1} of ${WIDTH}x${HEIGHT}`,
    );
    expect(story.count).toBeGreaterThan(WIDTH * HEIGHT * 0.03);
    expect(story.nearBorder).toBe(0);
    // Moved inward only as far as needed: it still sits on the right side, near the edge.
    expect(story.box.x1).toBeGreaterThan(WIDTH - 30);
    expect(story.box.x0).toBeGreaterThan(WIDTH / 2);
  }, 240_000);

  it('keeps a story wholly inside each projector of a tiled wall: at the wall edge and on the seam between two', async () => {
    // pfas-raincoat sits in the middle of the view: on the seam between the two projectors.
    const show = await serve(
      stories([
        { id: 'edge', material: 'microplastic-sand', text: LONG },
        { id: 'seam', material: 'pfas-raincoat', text: 'The rain ran off it and into the river, and the river ran into us.' },
      ]),
    );
    let total = 0;
    const right: { x1: number }[] = [];
    for (const wall of ['north-left', 'north-right']) {
      const without = await shoot(bare, wall, TILE);
      const withStory = await shoot(show, wall, TILE);
      keepArtifact(`story-layout-${wall}`, withStory.png);
      const story = storyPixels(without.img, withStory.img);
      console.log(`${wall}: ${story.count} story pixels, ${story.nearBorder} within ${BORDER} px of its border`);
      expect(story.nearBorder).toBe(0);
      total += story.count;
      if (wall === 'north-right') right.push(story.box);
      // Each card reported on this screen is wholly on it.
      for (const b of withStory.hook.textBoxes ?? []) {
        if (b.x + b.w <= 0 || b.x >= 1) continue;
        expect(b.x).toBeGreaterThan(0);
        expect(b.x + b.w).toBeLessThan(1);
      }
    }
    expect(total).toBeGreaterThan(TILE[0] * TILE[1] * 0.04);
    // The long story is on the right projector, against the wall's right edge.
    expect(right[0]?.x1).toBeGreaterThan(TILE[0] - 30);
  }, 360_000);

  it('sets two stories on neighbouring materials apart: the cards do not overlap, and every story pixel is in one of them', async () => {
    const show = await serve(
      stories([
        { id: 'sand', material: 'microplastic-sand', text: 'It glittered, and we called it the sea giving back.' },
        { id: 'harbour', material: 'harbour-sediment', text: 'Our harbour mud was dredged and dumped behind the school. Nobody asked us.' },
      ]),
    );
    const without = await shoot(bare, 'north');
    const withStories = await shoot(show, 'north');
    keepArtifact('story-layout-neighbours', withStories.png);
    // The demo's corner legend is on both renders (and laid out first): only the story cards are compared.
    const boxes = (withStories.hook.textBoxes ?? []).filter((b) => b.id.startsWith('story:'));
    expect(boxes.map((b) => b.id).sort()).toEqual(['story:harbour', 'story:sand']);
    const [a, b] = boxes.map((r) => ({ x0: r.x * WIDTH, y0: r.y * HEIGHT, x1: (r.x + r.w) * WIDTH, y1: (r.y + r.h) * HEIGHT }));
    if (!a || !b) throw new Error('two cards expected');
    const apart = a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;
    console.log(`neighbours: cards ${JSON.stringify([a, b].map((r) => Object.values(r).map(Math.round)))} apart=${apart}`);
    expect(apart).toBe(true);
    const story = storyPixels(without.img, withStories.img);
    let outside = 0;
    for (let y = 0; y < HEIGHT; y++)
      for (let x = 0; x < WIDTH; x++) {
        if (!story.at(x, y)) continue;
        const inBox = [a, b].some((r) => x >= r.x0 - 1 && x <= r.x1 + 1 && y >= r.y0 - 1 && y <= r.y1 + 1);
        if (!inBox) outside++;
      }
    console.log(`neighbours: ${story.count} story pixels, ${outside} outside both cards`);
    expect(story.count).toBeGreaterThan(1000);
    expect(outside).toBe(0);
  }, 240_000);

  it("draws the rows' captions with the same layout: wholly in frame, apart from each other", async () => {
    // The river-sediment installation captions two notes per river at a time; at t=35 a turn is fully in.
    const river = compileFolder('installations/river-sediment').installation;
    if (!river) throw new Error('installations/river-sediment does not compile');
    const s = await serveShow({ serverTime: 35, installation: river });
    servers.push(s);
    const page = await browser.context.newPage();
    try {
      await page.setViewportSize({ width: WIDTH, height: HEIGHT });
      await page.goto(`${s.url}/?display=north&t=35`);
      const h = await waitReady(page);
      keepArtifact('story-layout-captions', await page.screenshot());
      const captions = (h.textBoxes ?? []).filter((b) => b.id.startsWith('caption:'));
      console.log(`captions on the river-sediment north wall at t=35: ${captions.length}`);
      expect(captions.length).toBeGreaterThanOrEqual(6);
      for (const b of captions) {
        expect(b.x).toBeGreaterThan(0);
        expect(b.y).toBeGreaterThan(0);
        expect(b.x + b.w).toBeLessThan(1);
        expect(b.y + b.h).toBeLessThan(1);
      }
      for (let i = 0; i < captions.length; i++)
        for (let j = i + 1; j < captions.length; j++) {
          const a = captions[i] as (typeof captions)[number];
          const b = captions[j] as (typeof captions)[number];
          expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
        }
    } finally {
      await page.close();
    }
  }, 240_000);
});
