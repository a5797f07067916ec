import { describe, expect, it } from 'vitest';
import type { Installation } from '../../src/core/installation.ts';
import type { WallSpec } from '../../src/core/schema/displays.ts';
import type { MeshworkHook } from '../../src/app/display/test-hook.ts';
import { demoInstallation, showAndBrowser } from './display-server.ts';
import { keepArtifact } from './png.ts';

/** A wall that cannot be drawn, served without `check` (as a hand-made archive would be): the page must say
 * so on the projection and to the operator, not go black. */
function withBrokenWall(): Installation {
  const base = demoInstallation();
  const frustum: NonNullable<WallSpec['frustum']> = { eye: [0, 1, 0], bottomLeft: [-2, 0, 0], bottomRight: [2, 0, 0], topLeft: [-2, 2, 0] };
  return { ...base, spec: { ...base.spec, displays: { ...base.spec.displays, walls: { ...base.spec.displays.walls, north: { sound: false, frustum } } } } };
}

const { show, browser } = showAndBrowser(() => ({ installation: withBrokenWall(), serverTime: 10 }), { width: 480, height: 270 });

describe('a wall that fails at run time', () => {
  it('shows what is wrong on the wall itself and in its test hook, naming the wall', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${show.url}/?display=north&t=10`);
    await page.waitForFunction(() => (window as { __meshwork?: MeshworkHook }).__meshwork?.error !== undefined, undefined, { timeout: 90_000 });
    const error = await page.evaluate(() => (window as { __meshwork?: MeshworkHook }).__meshwork?.error);
    expect(error).toMatch(/the wall "north" cannot be drawn: the eye is in the plane of the screen/);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 10_000 }).toMatch(/the eye is in the plane of the screen/);
    keepArtifact('wall-fails-at-run-time', await page.screenshot());
    // The other wall of the same show still draws.
    const south = await browser.context.newPage();
    await south.goto(`${show.url}/?display=south&t=10`);
    await south.waitForFunction(() => (window as { __meshwork?: MeshworkHook }).__meshwork?.ready === true, undefined, { timeout: 90_000 });
  }, 200_000);
});
