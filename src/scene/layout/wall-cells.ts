import type { WallSpec } from '../../core/schema/displays.ts';
import { VIEW_HEIGHT, type Rect } from './view-layout.ts';

/**
 * The cells of a wall's view (src/scene/layout/view-layout.ts), in layout units of the whole wall: one per
 * projector that shows a part of it. The projectors of one wall are the walls with the same camera (or
 * frustum) and the same tile.fullSize; every one of them computes the same cells from the installation, so
 * they agree on which side of a seam each text goes. Where projectors overlap (for edge blending) the
 * overlap is split down its middle, so that cells never overlap and texts in two cells cannot either.
 * A wall without a tile is one cell, the whole view.
 */
export function wallCells(walls: Readonly<Record<string, WallSpec>>, wallId: string): { readonly cells: readonly Rect[]; readonly own: number } | undefined {
  const wall = walls[wallId];
  const tile = wall?.tile;
  if (!wall || !tile) return undefined;
  const same = (w: WallSpec) =>
    w.tile !== undefined &&
    w.tile.fullSize[0] === tile.fullSize[0] &&
    w.tile.fullSize[1] === tile.fullSize[1] &&
    JSON.stringify(w.camera ?? null) === JSON.stringify(wall.camera ?? null) &&
    JSON.stringify(w.frustum ?? null) === JSON.stringify(wall.frustum ?? null);
  // Sorted by id, so every projector lists them in the same order.
  const ids = Object.keys(walls)
    .filter((id) => same(walls[id] as WallSpec))
    .sort();
  const k = VIEW_HEIGHT / tile.fullSize[1];
  const rects = ids.map((id) => {
    const [x, y, w, h] = (walls[id] as WallSpec & { tile: NonNullable<WallSpec['tile']> }).tile.offset;
    return { x: x * k, y: y * k, w: w * k, h: h * k };
  });
  return { cells: disjoint(rects), own: ids.indexOf(wallId) };
}

/** The rectangles with every overlap split along its thinner side's middle (between the two centres). */
export function disjoint(input: readonly Rect[]): Rect[] {
  const r = input.map((c) => ({ x0: c.x, y0: c.y, x1: c.x + c.w, y1: c.y + c.h }));
  for (let i = 0; i < r.length; i++) {
    for (let j = i + 1; j < r.length; j++) {
      const a = r[i] as (typeof r)[number];
      const b = r[j] as (typeof r)[number];
      const ox = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const oy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (ox <= 0 || oy <= 0) continue;
      const [first, second] = ox <= oy ? (a.x0 + a.x1 <= b.x0 + b.x1 ? [a, b] : [b, a]) : a.y0 + a.y1 <= b.y0 + b.y1 ? [a, b] : [b, a];
      if (ox <= oy) {
        const mid = (Math.max(a.x0, b.x0) + Math.min(a.x1, b.x1)) / 2;
        first.x1 = Math.min(first.x1, mid);
        second.x0 = Math.max(second.x0, mid);
      } else {
        const mid = (Math.max(a.y0, b.y0) + Math.min(a.y1, b.y1)) / 2;
        first.y1 = Math.min(first.y1, mid);
        second.y0 = Math.max(second.y0, mid);
      }
    }
  }
  return r.map((c) => ({ x: c.x0, y: c.y0, w: Math.max(0, c.x1 - c.x0), h: Math.max(0, c.y1 - c.y0) }));
}
