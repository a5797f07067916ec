import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EPS, GAP, MARGIN, view } from './layout-views.ts';
import { backdropOpacity, contrastRatio, luminance } from '../../src/scene/layout/contrast.ts';
import { cellOf, layoutBoxes, type LayoutItem, type PlacedBox, type Rect } from '../../src/scene/layout/view-layout.ts';
import { disjoint, wallCells } from '../../src/scene/layout/wall-cells.ts';
import { fromLayout, perspectiveWindow, toLayout, viewWidth } from '../../src/scene/layout/view-window.ts';
import type { WallSpec } from '../../src/core/schema/displays.ts';

/** Texts of any length: a box of a few words up to a wall of text, anchored anywhere (also off the view). */
const items = fc.array(
  fc.record({
    anchor: fc.tuple(fc.double({ min: -2000, max: 6000, noNaN: true }), fc.double({ min: -1500, max: 2500, noNaN: true })),
    chars: fc.integer({ min: 1, max: 600 }),
    lineChars: fc.integer({ min: 8, max: 60 }),
    em: fc.double({ min: 10, max: 60, noNaN: true }),
    below: fc.boolean(),
  }),
  { maxLength: 12 },
);
const asItems = (raw: { anchor: [number, number]; chars: number; lineChars: number; em: number; below: boolean }[]): LayoutItem[] =>
  raw.map((r, i) => {
    const lines = Math.ceil(r.chars / r.lineChars);
    return {
      id: `s${i}`,
      anchor: r.anchor,
      ...(r.below ? { hang: 'below' as const } : {}),
      width: Math.min(r.chars, r.lineChars) * r.em * 0.55 + r.em,
      height: (lines * 1.3 + 1) * r.em + r.em,
    };
  });

function inside(b: PlacedBox, cell: Rect, m: number): boolean {
  return b.x >= cell.x + m - EPS && b.y >= cell.y + m - EPS && b.x + b.w <= cell.x + cell.w - m + EPS && b.y + b.h <= cell.y + cell.h - m + EPS;
}
function apart(a: PlacedBox, b: PlacedBox, gap: number): boolean {
  return a.x + a.w + gap <= b.x + EPS || b.x + b.w + gap <= a.x + EPS || a.y + a.h + gap <= b.y + EPS || b.y + b.h + gap <= a.y + EPS;
}
function disjointBoxes(a: PlacedBox, b: PlacedBox): boolean {
  return a.x + a.w <= b.x + EPS || b.x + b.w <= a.x + EPS || a.y + a.h <= b.y + EPS || b.y + b.h <= a.y + EPS;
}

describe('the view layout', () => {
  it('keeps every box inside its cell, within the margin, and never lets two overlap (generated views and texts)', () => {
    fc.assert(
      fc.property(view, items, ({ cells }, raw) => {
        const input = asItems(raw);
        const boxes = layoutBoxes(cells, input, { margin: MARGIN, gap: GAP });
        expect(boxes).toHaveLength(input.length);
        boxes.forEach((b, i) => {
          expect(b.id).toBe(input[i]?.id);
          expect(b.scale).toBeGreaterThan(0);
          expect(b.scale).toBeLessThanOrEqual(1);
          expect(b.w).toBeCloseTo((input[i]?.width ?? 0) * b.scale, 6);
          expect(inside(b, cells[b.cell] as Rect, MARGIN)).toBe(true);
          // A text goes to the projector its material is seen on (or the nearest one).
          expect(b.cell).toBe(cellOf(cells, input[i]?.anchor ?? [0, 0]));
        });
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i] as PlacedBox;
            const b = boxes[j] as PlacedBox;
            expect(a.cell === b.cell ? apart(a, b, GAP) : disjointBoxes(a, b)).toBe(true);
          }
      }),
      { numRuns: 400 },
    );
  });

  it('leaves a box that fits exactly where it wants to be, and an earlier box where it was when a later one arrives', () => {
    fc.assert(
      fc.property(view, items, ({ cells }, raw) => {
        const input = asItems(raw);
        if (input.length === 0) return;
        const all = layoutBoxes(cells, input);
        const fewer = layoutBoxes(cells, input.slice(0, -1));
        // A text arriving on one projector never moves the texts on the others.
        const last = all[all.length - 1] as PlacedBox;
        fewer.forEach((b, i) => {
          if (b.cell !== last.cell) expect(all[i]).toEqual(b);
        });
      }),
      { numRuns: 200 },
    );
    const cells = [{ x: 0, y: 0, w: 1778, h: 1000 }];
    const first = { id: 'a', anchor: [900, 600], width: 400, height: 200 } as const;
    const [b] = layoutBoxes(cells, [first]);
    expect(b).toEqual({ id: 'a', x: 700, y: 400, w: 400, h: 200, scale: 1, cell: 0 });
    // A later text on the same material goes beside it; the first stays.
    const [b1, b2] = layoutBoxes(cells, [first, { ...first, id: 'b' }]);
    expect(b1).toEqual(b);
    expect(b1 && b2 && apart(b1, b2, 12)).toBe(true);
  });

  it('moves a long text at the edge inward, and two texts on one anchor apart', () => {
    const cells = [{ x: 0, y: 0, w: 1778, h: 1000 }];
    const [edge] = layoutBoxes(cells, [{ id: 'edge', anchor: [1760, 300], width: 560, height: 400 }]);
    expect(edge?.x).toBeCloseTo(1778 - 24 - 560, 9);
    expect(edge?.y).toBe(24);
    const [a, b] = layoutBoxes(cells, [
      { id: 'a', anchor: [900, 500], width: 500, height: 200 },
      { id: 'b', anchor: [900, 500], width: 500, height: 200 },
    ]);
    expect(a).toMatchObject({ x: 650, y: 300 });
    expect(b && a && apart(a, b, 12)).toBe(true);
    // A caption hangs under its anchor.
    const [c] = layoutBoxes(cells, [{ id: 'c', anchor: [900, 500], hang: 'below', width: 300, height: 100 }]);
    expect(c).toMatchObject({ x: 750, y: 500 });
  });

  it('is a pure function: the same input gives the same boxes', () => {
    fc.assert(
      fc.property(view, items, ({ cells }, raw) => {
        expect(layoutBoxes(cells, asItems(raw))).toEqual(layoutBoxes(cells, asItems(raw)));
      }),
      { numRuns: 100 },
    );
  });

  it('rejects a view without cells', () => {
    expect(() => layoutBoxes([], [])).toThrow(/at least one cell/);
  });
});

describe('the cells of a tiled wall', () => {
  const cam = { position: [0, 1.6, 8], target: [0, 1.4, 0], fov: 50 } as const;
  const wall = (offset: [number, number, number, number]): WallSpec => ({
    camera: { ...cam, position: [...cam.position], target: [...cam.target] },
    sound: false,
    tile: { fullSize: [1920, 540], offset },
  });
  it('are the projectors of the same wall, in layout units, in the same order on each, overlaps split', () => {
    const walls = {
      b: wall([900, 0, 1020, 540]),
      a: wall([0, 0, 1020, 540]),
      other: { ...wall([0, 0, 100, 100]), tile: { fullSize: [100, 100] as [number, number], offset: [0, 0, 100, 100] as [number, number, number, number] } },
      plain: { sound: false },
    };
    const a = wallCells(walls, 'a');
    const b = wallCells(walls, 'b');
    expect(a?.cells).toEqual(b?.cells);
    expect(a?.own).toBe(0);
    expect(b?.own).toBe(1);
    const k = 1000 / 540;
    expect(a?.cells[0]?.x).toBe(0);
    expect(a?.cells[0]?.w).toBeCloseTo(960 * k, 9);
    expect(a?.cells[1]?.x).toBeCloseTo(960 * k, 9);
    expect(wallCells(walls, 'plain')).toBeUndefined();
  });
  it('never overlap after the split (generated rectangles)', () => {
    const rect = fc.record({
      x: fc.integer({ min: 0, max: 1000 }),
      y: fc.integer({ min: 0, max: 1000 }),
      w: fc.integer({ min: 1, max: 800 }),
      h: fc.integer({ min: 1, max: 800 }),
    });
    fc.assert(
      fc.property(fc.array(rect, { maxLength: 6 }), (rects) => {
        const out = disjoint(rects);
        for (let i = 0; i < out.length; i++) {
          const a = out[i] as Rect;
          const o = rects[i] as Rect;
          expect(a.x >= o.x && a.y >= o.y && a.x + a.w <= o.x + o.w && a.y + a.h <= o.y + o.h).toBe(true);
          for (let j = i + 1; j < out.length; j++) {
            const b = out[j] as Rect;
            const area = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
            expect(area).toBe(0);
          }
        }
      }),
    );
  });
});

describe('the view window', () => {
  it('maps camera space to layout units and back', () => {
    const w = perspectiveWindow(50, 16 / 9);
    expect(viewWidth(w)).toBeCloseTo(1777.78, 1);
    expect(toLayout(w, [0, 0, -5])).toEqual([viewWidth(w) / 2, 500]);
    const [px, py] = toLayout(w, [w.right * 2, w.top * 2, -2]);
    expect(px).toBeCloseTo(viewWidth(w), 6);
    expect(py).toBeCloseTo(0, 6);
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (x, y) => {
        const [tx, ty] = fromLayout(w, toLayout(w, [x, y, -1]));
        expect(tx).toBeCloseTo(x, 9);
        expect(ty).toBeCloseTo(y, 9);
      }),
    );
    // Behind the camera: far out towards its side, so the layout puts it at that edge.
    expect(toLayout(w, [1, 0, 1])[0]).toBeGreaterThan(1e5);
  });
});

describe('the backdrop contrast', () => {
  it('gives light text at least 4.5:1 over a white background behind the backdrop (generated colours)', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: 0.6, max: 1, noNaN: true }), fc.double({ min: 0.6, max: 1, noNaN: true }), fc.double({ min: 0.6, max: 1, noNaN: true })),
        (rgb) => {
          const text = luminance(rgb);
          const back = luminance([0.02, 0.024, 0.04]);
          const a = backdropOpacity(text, back);
          expect(a).toBeGreaterThan(0);
          expect(a).toBeLessThanOrEqual(1);
          const mix = a * back + (1 - a);
          if (a < 1) expect(contrastRatio(text, mix)).toBeGreaterThanOrEqual(4.5 - 1e-9);
        },
      ),
    );
    expect(backdropOpacity(1, 0, 0)).toBe(0);
    expect(backdropOpacity(0.1, 0.05)).toBe(1);
  });
});
