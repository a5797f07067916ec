import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Installation } from '../../src/core/installation.ts';
import type { WallSpec } from '../../src/core/schema/displays.ts';
import { ensureClientBuilt } from '../../server/build-client.ts';
import { createHttpServer, listen } from '../../server/http.ts';
import { compileFolder } from '../../server/installation-folder.ts';
import { OperatorGuard } from '../../server/operator-guard.ts';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from './browser.ts';
import { demoInstallation, demoStories, showAndBrowser, waitReady } from './display-server.ts';
import { compare, decodePng, keepArtifact, litFraction, pixel, type Pixels } from './png.ts';

const WIDTH = 480;
const HEIGHT = 270;
const north: WallSpec = { camera: { position: [0, 1.6, 8], target: [0, 1.4, 0], fov: 50 }, sound: false };

/** The demo with extra walls for tiles and corner pins. */
function withWalls(walls: Record<string, WallSpec>): Installation {
  const base = demoInstallation();
  return { ...base, spec: { ...base.spec, displays: { ...base.spec.displays, walls: { ...base.spec.displays.walls, ...walls } } } };
}

/** One browser for the tests; the determinism test launches a second one. */
const { show, browser } = showAndBrowser(
  () => ({
    events: demoStories(),
    serverTime: 95,
    installation: withWalls({
      // One wall, 960 x 270 in all, shown by two projectors of 480 x 270 each.
      wide: { ...north, tile: { fullSize: [960, 270], offset: [0, 0, 960, 270] } },
      'wide-left': { ...north, tile: { fullSize: [960, 270], offset: [0, 0, 480, 270] } },
      // A projector whose image is pinned 10% inside its frame, with a soft right edge.
      pinned: {
        ...north,
        warp: [
          [0.1, 0.1],
          [0.9, 0.1],
          [0.9, 0.9],
          [0.1, 0.9],
        ],
        blend: { left: 0, right: 0.25, top: 0, bottom: 0, gamma: 2.2 },
      },
    }),
  }),
  { width: WIDTH, height: HEIGHT },
);

/** Opens a page at `url` in `on` (default the shared browser), waits for its frame, screenshots it. */
async function shoot(
  url: string,
  width = WIDTH,
  height = HEIGHT,
  on: Browser = browser,
  check?: (page: Page) => Promise<void>,
): Promise<{ png: Buffer; img: Pixels }> {
  const page = await on.context.newPage();
  try {
    await page.setViewportSize({ width, height });
    await page.goto(url);
    await waitReady(page);
    await check?.(page);
    const png = await page.screenshot();
    return { png, img: decodePng(png) };
  } finally {
    await page.close();
  }
}

describe('a projection wall', () => {
  it('shows the same frame as a second browser frozen at the same t (every channel of every pixel within 1/255), with no UI and no cursor', async () => {
    const url = `${show.url}/?display=north&t=95`;
    const second = await launchChromium({ width: WIDTH, height: HEIGHT });
    const noUi = async (page: Page) => {
      expect(await page.locator('button, .loading').count()).toBe(0);
      expect(await page.locator('canvas').evaluate((c) => getComputedStyle(c).cursor)).toBe('none');
    };
    const [a, b] = await Promise.all([shoot(url, WIDTH, HEIGHT, browser, noUi), shoot(url, WIDTH, HEIGHT, second)]).finally(() => second.close());
    keepArtifact('display-wall-north-t95', a.png);
    expect(litFraction(a.img)).toBeGreaterThan(0.05);
    const diff = compare(a.img, b.img);
    console.log(`wall vs second context at t=95: max channel difference ${diff.maxDiff}/255, ${diff.differing} of ${WIDTH * HEIGHT} pixels differ`);
    expect(diff.maxDiff).toBeLessThanOrEqual(1);
  }, 240_000);

  it('draws a tile as its part of the whole wall, and a corner-pinned, edge-blended image inside its quad', async () => {
    // t=100 is in the glitch phase: its tearing bands and chromatic split are laid out on the whole wall, so
    // the tiles of one wall tear as one picture.
    const whole = await shoot(`${show.url}/?display=wide&t=100`, 960, 270);
    const left = await shoot(`${show.url}/?display=wide-left&t=100`);
    const pinned = await shoot(`${show.url}/?display=pinned&t=95`);
    keepArtifact('display-wall-tile-left', left.png);
    keepArtifact('display-wall-pinned', pinned.png);
    // The left tile is the left half of the whole wall. Particles are points a few pixels wide: those on the
    // seam may be drawn by one machine only, so compare the mean (measured: 0.0002/255), not every pixel.
    const half: Pixels = { width: 480, height: 270, data: new Uint8Array(480 * 270 * 4) };
    for (let y = 0; y < 270; y++) half.data.set(whole.img.data.subarray(y * 960 * 4, (y * 960 + 480) * 4), y * 480 * 4);
    const tileDiff = compare(half, left.img);
    console.log(`tile vs half of the whole wall: mean channel difference ${tileDiff.meanDiff.toFixed(3)}/255`);
    expect(litFraction(left.img)).toBeGreaterThan(0.05);
    expect(tileDiff.meanDiff).toBeLessThan(0.05);
    // Outside the pinned quad the projector shows black; inside, the scene.
    const img = pinned.img;
    for (const [x, y] of [
      [5, 5],
      [WIDTH - 5, HEIGHT - 5],
      [WIDTH / 2, 10],
      [20, HEIGHT / 2],
    ] as const)
      expect(pixel(img, x, y)).toEqual([0, 0, 0]);
    expect(litFraction(img, 40, { x: 60, y: 40, w: 240, h: 190 })).toBeGreaterThan(0.05);
    // The soft right edge fades to black at the quad's right side.
    const band = (x0: number) => litFraction(img, 20, { x: x0, y: 40, w: 8, h: 190 });
    expect(band(428)).toBeLessThan(band(250));
  }, 240_000);

  it('links every program before its first frame, on a wall drawn through a corner pin and soft edges as on one drawn directly', async () => {
    for (const wall of ['north', 'pinned']) {
      const page = await browser.context.newPage();
      try {
        // Each program linked, with the frames the page had begun by then (CompileAhead runs before the first).
        await page.addInitScript(() => {
          const link = WebGL2RenderingContext.prototype.linkProgram;
          const framesAtLink: number[] = [];
          (window as { __framesAtLink?: number[] }).__framesAtLink = framesAtLink;
          WebGL2RenderingContext.prototype.linkProgram = function (this: WebGL2RenderingContext, program: WebGLProgram) {
            framesAtLink.push(window.__meshwork?.frames ?? 0);
            link.call(this, program);
          };
        });
        await page.goto(`${show.url}/?display=${wall}&t=95`);
        await waitReady(page);
        const framesAtLink = await page.evaluate(() => (window as { __framesAtLink?: number[] }).__framesAtLink ?? []);
        console.log(`${wall}: ${framesAtLink.length} programs linked, at frames ${JSON.stringify(framesAtLink)}`);
        expect(framesAtLink.length).toBeGreaterThan(0);
        expect(framesAtLink.filter((f) => f > 0)).toEqual([]);
      } finally {
        await page.close();
      }
    }
  }, 240_000);

  it('says which walls exist when the id is unknown', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${show.url}/?display=west&t=95`);
    await page.waitForFunction(() => window.__meshwork?.error !== undefined, undefined, { timeout: 60_000 });
    await expect(page.locator('.error').textContent()).resolves.toMatch(/no wall "west".*\?display=north/);
    await page.close();
  }, 120_000);

  it('calibrates: a dragged corner and a blend slider are saved into installation.yaml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwork-calibrate-'));
    cpSync('installations/upcycling-rite', dir, { recursive: true });
    const installation = compileFolder(dir).installation as Installation;
    const { dir: dist } = await ensureClientBuilt();
    const server = createHttpServer({
      distDir: dist,
      installationDir: dir,
      snapshot: () => ({ installation, events: [], serverTime: 95 }),
      wallPatch: { installationDir: dir, guard: OperatorGuard.forToken('calibrate-me') },
    });
    const { port }: AddressInfo = await listen(server, 0, '127.0.0.1');
    const page = await browser.context.newPage();
    try {
      await page.goto(`http://127.0.0.1:${port}/?display=north&t=95&calibrate&token=calibrate-me`);
      await waitReady(page);
      // Drag the top-left corner from (0, 0) to about (48, 27): 10% in.
      const handle = page.getByLabel('corner top-left');
      const box = await handle.boundingBox();
      if (!box) throw new Error('no corner handle');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(48, 27, { steps: 4 });
      await page.mouse.up();
      await page.locator('.calibration label', { hasText: 'right' }).locator('input').fill('0.2');
      await page.getByRole('button', { name: 'Save to installation.yaml' }).click();
      await expect(page.locator('.calibration .status')).toBeDefined();
      await page.waitForFunction(() => /saved/.test(document.querySelector('.calibration .status')?.textContent ?? ''), undefined, { timeout: 20_000 });
      keepArtifact('display-wall-calibrate', await page.screenshot());
      const saved = compileFolder(dir).installation?.spec.displays.walls.north;
      expect(saved?.blend?.right).toBe(0.2);
      const [x, y] = saved?.warp?.[3] ?? [0, 0];
      expect(x).toBeCloseTo(0.1, 1);
      expect(y).toBeCloseTo(0.9, 1);
      expect(readFileSync(join(dir, 'installation.yaml'), 'utf8')).toContain('# The Upcycling Rite');
    } finally {
      await page.close();
      await new Promise<void>((done) => server.close(() => done()));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
