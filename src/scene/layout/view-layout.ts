/**
 * Where texts go in a view: the one rule that keeps every story (and caption) readable on every screen.
 *
 * Everything here is in layout units of one view: x to the right, y down, the view's height 1000 units
 * (so a wall of 1920 x 1080 and one of 1280 x 720 lay out the same). A view is made of one or more cells:
 * a plain wall, a desktop window or a headset's comfort window is one cell; a wall made of several
 * projectors has one cell per projector (tile), and a text never straddles two cells, so that each
 * machine's part of the wall shows every text it shows whole.
 *
 * The rules it guarantees (tests/scene/view-layout.test.ts checks them on generated inputs):
 * - every box lies inside its cell, at least `margin` from the cell's edges (less only when the cell itself
 *   is smaller than four margins);
 * - no two boxes overlap, and boxes of one cell are at least `gap` apart;
 * - the result is a pure function of its arguments: two screens with the same view and the same texts at
 *   the same t draw the same boxes. Earlier items keep their place when a later one arrives (items are
 *   placed in the order given, so the caller passes them oldest first).
 * How: each box wants to sit with its bottom centre on its anchor (the point above its material, projected
 * into the view). It is scaled down only if it is larger than its cell, moved inward when it would cross an
 * edge, and moved to the nearest free place when it would cover an earlier box. If a cell is so crowded
 * that no free place is left, all its boxes shrink in steps; as a last resort they are set in a grid.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface LayoutItem {
  readonly id: string;
  /** Where the box's bottom centre wants to be (layout units; may lie outside the view), or its top centre
   * when it hangs below its anchor. */
  readonly anchor: readonly [number, number];
  /** Default above: a story floats over its material; a caption hangs under its row. */
  readonly hang?: 'above' | 'below';
  /** The box's size at scale 1 (layout units). */
  readonly width: number;
  readonly height: number;
}

export interface LayoutOptions {
  /** Least distance from a box to its cell's edges, layout units. Default 24. */
  readonly margin?: number;
  /** Least distance between two boxes, layout units. Default 12. */
  readonly gap?: number;
  /** Boxes already placed (layout units) that every item keeps `gap` away from. Default none. */
  readonly fixed?: readonly Rect[];
}

export interface PlacedBox extends Rect {
  readonly id: string;
  /** The factor the item was shrunk by (1: its own size). */
  readonly scale: number;
  /** Which cell it is in (index into the cells given). */
  readonly cell: number;
}

/** The height of every view in layout units. */
export const VIEW_HEIGHT = 1000;
export const DEFAULT_MARGIN = 24;
export const DEFAULT_GAP = 12;
/** Shrink steps tried when a crowded cell has no free place left, before the grid. */
const SHRINK_STEPS = [1, 0.85, 0.7, 0.55, 0.4] as const;

/** The cell a point belongs to: the one containing it, else the nearest (ties: the first). */
export function cellOf(cells: readonly Rect[], [px, py]: readonly [number, number]): number {
  let best = 0;
  let bestDist = Number.POSITIVE_INFINITY;
  cells.forEach((c, i) => {
    const dx = Math.max(c.x - px, 0, px - (c.x + c.w));
    const dy = Math.max(c.y - py, 0, py - (c.y + c.h));
    const d = dx * dx + dy * dy;
    if (d < bestDist) {
      bestDist = d;
      best = i;
    }
  });
  return best;
}

const overlaps = (a: Rect, b: Rect, gap: number): boolean => a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/** Lays out the items over the cells (see the module comment). Returns one box per item, in item order. */
export function layoutBoxes(cells: readonly Rect[], items: readonly LayoutItem[], options: LayoutOptions = {}): PlacedBox[] {
  if (cells.length === 0) throw new Error('layoutBoxes needs at least one cell (the view)');
  const margin = options.margin ?? DEFAULT_MARGIN;
  const gap = options.gap ?? DEFAULT_GAP;
  const fixed = (options.fixed ?? []).map((r): Box => ({ id: '', ...r, scale: 1 }));
  const byCell = new Map<number, number[]>();
  items.forEach((item, i) => {
    const c = cellOf(cells, item.anchor);
    byCell.set(c, [...(byCell.get(c) ?? []), i]);
  });
  const out = new Array<PlacedBox>(items.length);
  for (const [c, indices] of byCell) {
    const cell = cells[c] as Rect;
    // A cell smaller than four margins keeps half of itself for the boxes.
    const m = Math.max(0, Math.min(margin, cell.w / 4, cell.h / 4));
    const inner: Rect = { x: cell.x + m, y: cell.y + m, w: cell.w - 2 * m, h: cell.h - 2 * m };
    const cellItems = indices.map((i) => items[i] as LayoutItem);
    const obstacles = fixed.filter((f) => overlaps(f, inner, gap));
    const placed = placeInCell(inner, cellItems, gap, obstacles) ?? gridInCell(freeRegion(inner, obstacles, gap), cellItems, gap);
    placed.forEach((box, k) => {
      out[indices[k] as number] = { ...box, cell: c };
    });
  }
  return out;
}

type Box = Omit<PlacedBox, 'cell'>;

/** Greedy placement around the obstacles, shrinking the whole cell's boxes in steps; undefined when even the
 * smallest step fails. */
function placeInCell(inner: Rect, items: readonly LayoutItem[], gap: number, obstacles: readonly Box[]): Box[] | undefined {
  for (const step of SHRINK_STEPS) {
    const placed: Box[] = [...obstacles];
    for (const item of items) {
      const fit = Math.min(1, inner.w / Math.max(item.width, 1e-9), inner.h / Math.max(item.height, 1e-9));
      const scale = fit * step;
      const w = item.width * scale;
      const h = item.height * scale;
      const wantY = item.hang === 'below' ? item.anchor[1] : item.anchor[1] - h;
      const spot = freeSpot(inner, placed, w, h, item.anchor[0] - w / 2, wantY, gap);
      if (!spot) break;
      placed.push({ id: item.id, x: spot[0], y: spot[1], w, h, scale });
    }
    if (placed.length === obstacles.length + items.length) return placed.slice(obstacles.length);
  }
  return undefined;
}

/**
 * The largest part of the cell that keeps `gap` from every obstacle, for the grid: for each obstacle in
 * turn, the largest of the four bands beside it (left, right, above, below; ties: in that order). A region
 * with no room left has zero width or height.
 */
export function freeRegion(inner: Rect, obstacles: readonly Rect[], gap: number): Rect {
  let r = inner;
  for (const o of obstacles) {
    if (!overlaps(o, r, gap)) continue;
    const x1 = r.x + r.w;
    const y1 = r.y + r.h;
    const bands: Rect[] = [
      { x: r.x, y: r.y, w: o.x - gap - r.x, h: r.h },
      { x: o.x + o.w + gap, y: r.y, w: x1 - (o.x + o.w + gap), h: r.h },
      { x: r.x, y: r.y, w: r.w, h: o.y - gap - r.y },
      { x: r.x, y: o.y + o.h + gap, w: r.w, h: y1 - (o.y + o.h + gap) },
    ];
    r = bands.reduce((best, b) => (Math.max(0, b.w) * Math.max(0, b.h) > Math.max(0, best.w) * Math.max(0, best.h) ? b : best));
    r = { ...r, w: Math.max(0, r.w), h: Math.max(0, r.h) };
  }
  return r;
}

/**
 * The free place for a w x h box nearest to (wantX, wantY), or undefined. The candidates are complete: any
 * free place can slide left until it touches the cell's edge or a box's right side (plus the gap), and up
 * likewise, so if a free place exists one of these corners is free. The wanted place and its clamp into
 * the cell are tried as well, so that a box with room keeps exactly its wanted place.
 */
function freeSpot(inner: Rect, placed: readonly Box[], w: number, h: number, wantX: number, wantY: number, gap: number): [number, number] | undefined {
  const maxX = inner.x + inner.w - w;
  const maxY = inner.y + inner.h - h;
  const xs = [clamp(wantX, inner.x, maxX), inner.x, maxX];
  const ys = [clamp(wantY, inner.y, maxY), inner.y, maxY];
  for (const b of placed) {
    xs.push(b.x + b.w + gap, b.x - gap - w);
    ys.push(b.y + b.h + gap, b.y - gap - h);
  }
  let best: [number, number] | undefined;
  let bestDist = Number.POSITIVE_INFINITY;
  for (const x of xs) {
    if (x < inner.x || x > maxX) continue;
    for (const y of ys) {
      if (y < inner.y || y > maxY) continue;
      const d = (x - wantX) ** 2 + (y - wantY) ** 2;
      if (d >= bestDist) continue;
      const box = { x, y, w, h };
      if (placed.some((b) => overlaps(box, b, gap))) continue;
      best = [x, y];
      bestDist = d;
    }
  }
  return best;
}

/** The last resort: a grid of equal slots over the cell (as many columns as keep the boxes largest), the
 * items in reading order of their anchors, each centred in its slot. Always fits. */
function gridInCell(inner: Rect, items: readonly LayoutItem[], gap: number): Box[] {
  const n = items.length;
  let best = { cols: 1, rows: n, scale: -1 };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const sw = (inner.w - (cols - 1) * gap) / cols;
    const sh = (inner.h - (rows - 1) * gap) / rows;
    if (sw <= 0 || sh <= 0) continue;
    const scale = Math.min(...items.map((it) => Math.min(1, sw / Math.max(it.width, 1e-9), sh / Math.max(it.height, 1e-9))));
    if (scale > best.scale) best = { cols, rows, scale };
  }
  // Not even one gap fits between slots: one box on top of the cell, the rest shrunk to nothing (a cell
  // too small to show anything shows the first text alone rather than overlapping ones).
  const order = items.map((_, i) => i).sort((a, b) => reading(items[a] as LayoutItem, items[b] as LayoutItem) || a - b);
  const out = new Array<Box>(n);
  if (best.scale < 0) {
    order.forEach((i, k) => {
      const it = items[i] as LayoutItem;
      const scale = k === 0 ? Math.min(1, inner.w / Math.max(it.width, 1e-9), inner.h / Math.max(it.height, 1e-9)) : 0;
      out[i] = { id: it.id, x: inner.x, y: inner.y, w: it.width * scale, h: it.height * scale, scale };
    });
    return out;
  }
  const { cols, rows } = best;
  const sw = (inner.w - (cols - 1) * gap) / cols;
  const sh = (inner.h - (rows - 1) * gap) / rows;
  order.forEach((i, k) => {
    const it = items[i] as LayoutItem;
    const scale = Math.min(1, sw / Math.max(it.width, 1e-9), sh / Math.max(it.height, 1e-9));
    const w = it.width * scale;
    const h = it.height * scale;
    const sx = inner.x + (k % cols) * (sw + gap);
    const sy = inner.y + Math.floor(k / cols) * (sh + gap);
    out[i] = { id: it.id, x: sx + (sw - w) / 2, y: sy + (sh - h) / 2, w, h, scale };
  });
  return out;
}

/** Top to bottom, then left to right. */
function reading(a: LayoutItem, b: LayoutItem): number {
  return a.anchor[1] - b.anchor[1] || a.anchor[0] - b.anchor[0];
}
