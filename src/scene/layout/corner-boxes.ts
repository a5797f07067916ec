import type { LegendCorner } from '../../core/schema/rows.ts';
import { cellOf, DEFAULT_GAP, DEFAULT_MARGIN, type PlacedBox, type Rect } from './view-layout.ts';

/**
 * Boxes fixed to a corner of a view (legends asked for on a wall's corner), placed before any text so that
 * the texts' layout (view-layout.ts, option `fixed`) goes around them.
 *
 * The rules it guarantees (tests/scene/corner-boxes.test.ts checks them on generated inputs):
 * - a corner's boxes are in the cell that holds that corner of the view (a tiled wall: the projector at
 *   that corner), at least `margin` from its edges, so none is clipped or straddles a seam;
 * - boxes of one corner are stacked away from it (a bottom corner upwards, a top one downwards) in the
 *   order given, `gap` apart, all at one scale, shrunk only as needed to fit within MAX_CORNER_SHARE of the
 *   cell in each direction (and half of what the margins leave, so that two corners of one cell never
 *   meet);
 * - the result is a pure function of its arguments: every wall with the same view draws them alike.
 */

export interface CornerItem {
  readonly id: string;
  readonly corner: LegendCorner;
  /** The box's size at scale 1 (layout units). */
  readonly width: number;
  readonly height: number;
}

export interface CornerOptions {
  /** Least distance from a box to its cell's edges, layout units. Default DEFAULT_MARGIN (24). */
  readonly margin?: number;
  /** Between two boxes of one corner, layout units. Default DEFAULT_GAP (12). */
  readonly gap?: number;
}

/** The most of its cell's width (and height) a corner's stack may take. */
export const MAX_CORNER_SHARE = 0.45;

/** One box per item, in item order. `view` is the whole view (layout units), `cells` its parts. */
export function cornerBoxes(view: Rect, cells: readonly Rect[], items: readonly CornerItem[], options: CornerOptions = {}): PlacedBox[] {
  const margin = options.margin ?? DEFAULT_MARGIN;
  const gap = options.gap ?? DEFAULT_GAP;
  const out = new Array<PlacedBox>(items.length);
  const byCorner = new Map<LegendCorner, number[]>();
  items.forEach((it, i) => byCorner.set(it.corner, [...(byCorner.get(it.corner) ?? []), i]));
  for (const [corner, indices] of byCorner) {
    const right = corner.endsWith('right');
    const bottom = corner.startsWith('bottom');
    const point: [number, number] = [right ? view.x + view.w : view.x, bottom ? view.y + view.h : view.y];
    const c = cellOf(cells, point);
    const cell = cells[c] as Rect;
    const m = Math.max(0, Math.min(margin, cell.w / 4, cell.h / 4));
    const maxW = Math.max(0, Math.min(MAX_CORNER_SHARE * cell.w, (cell.w - 2 * m - gap) / 2));
    const maxH = Math.max(0, Math.min(MAX_CORNER_SHARE * cell.h, (cell.h - 2 * m - gap) / 2));
    const stack = indices.map((i) => items[i] as CornerItem);
    const widest = Math.max(...stack.map((it) => it.width), 1e-9);
    const gaps = gap * (stack.length - 1);
    const tall = stack.reduce((n, it) => n + it.height, 0);
    const scale = Math.max(0, Math.min(1, maxW / widest, (maxH - gaps) / Math.max(tall, 1e-9)));
    let offset = 0;
    stack.forEach((it, k) => {
      const w = it.width * scale;
      const h = it.height * scale;
      const x = right ? cell.x + cell.w - m - w : cell.x + m;
      const y = bottom ? cell.y + cell.h - m - offset - h : cell.y + m + offset;
      offset += h + gap;
      out[indices[k] as number] = { id: it.id, x, y, w, h, scale, cell: c };
    });
  }
  return out;
}
