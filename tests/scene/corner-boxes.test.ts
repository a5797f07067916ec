import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EPS, GAP, MARGIN, view as views } from './layout-views.ts';
import type { Legend } from '../../src/core/legends.ts';
import { LEGEND_CORNERS } from '../../src/core/schema/rows.ts';
import { cornerBoxes, MAX_CORNER_SHARE, type CornerItem } from '../../src/scene/layout/corner-boxes.ts';
import { cellOf, freeRegion, layoutBoxes, type LayoutItem, type PlacedBox, type Rect } from '../../src/scene/layout/view-layout.ts';
import { legendPlaces } from '../../src/scene/legend-view.ts';

/** A view cut into cells, with the rectangle of all of it. */
const view = views.map(({ w, cells }) => ({ whole: { x: 0, y: 0, w, h: 1000 }, cells }));

/** Legends from a line to a tall panel, in any corner. */
const corners = fc.array(
  fc.record({
    corner: fc.constantFrom(...LEGEND_CORNERS),
    width: fc.double({ min: 60, max: 900, noNaN: true }),
    height: fc.double({ min: 40, max: 900, noNaN: true }),
  }),
  { maxLength: 5 },
);
const asCorners = (raw: { corner: CornerItem['corner']; width: number; height: number }[]): CornerItem[] => raw.map((r, i) => ({ id: `legend:${i}`, ...r }));

/** Texts anchored anywhere, as in view-layout.test.ts. */
const texts = fc.array(
  fc.record({
    anchor: fc.tuple(fc.double({ min: -2000, max: 6000, noNaN: true }), fc.double({ min: -1500, max: 2500, noNaN: true })),
    width: fc.double({ min: 40, max: 900, noNaN: true }),
    height: fc.double({ min: 30, max: 700, noNaN: true }),
  }),
  { maxLength: 12 },
);
const asTexts = (raw: { anchor: [number, number]; width: number; height: number }[]): LayoutItem[] => raw.map((r, i) => ({ id: `story:${i}`, ...r }));

const apart = (a: Rect, b: Rect, gap: number) =>
  a.x + a.w + gap <= b.x + EPS || b.x + b.w + gap <= a.x + EPS || a.y + a.h + gap <= b.y + EPS || b.y + b.h + gap <= a.y + EPS;
const inside = (b: Rect, cell: Rect, m: number) =>
  b.x >= cell.x + m - EPS && b.y >= cell.y + m - EPS && b.x + b.w <= cell.x + cell.w - m + EPS && b.y + b.h <= cell.y + cell.h - m + EPS;

describe('legends in a corner of the view', () => {
  it('sit in the cell at their corner, within the margin, against that corner, never overlapping (generated views)', () => {
    fc.assert(
      fc.property(view, corners, ({ whole, cells }, raw) => {
        const items = asCorners(raw);
        const boxes = cornerBoxes(whole, cells, items, { margin: MARGIN, gap: GAP });
        expect(boxes).toHaveLength(items.length);
        boxes.forEach((b, i) => {
          const it = items[i] as CornerItem;
          const right = it.corner.endsWith('right');
          const bottom = it.corner.startsWith('bottom');
          const cell = cells[b.cell] as Rect;
          expect(b.cell).toBe(cellOf(cells, [right ? whole.w : 0, bottom ? whole.h : 0]));
          expect(inside(b, cell, MARGIN)).toBe(true);
          expect(b.w).toBeLessThanOrEqual(MAX_CORNER_SHARE * cell.w + EPS);
          expect(b.scale).toBeGreaterThan(0);
          expect(b.scale).toBeLessThanOrEqual(1);
          expect(b.w).toBeCloseTo(it.width * b.scale, 6);
          // Against its corner: the first of a corner touches both margins, the others its side.
          expect(right ? b.x + b.w : b.x).toBeCloseTo(right ? cell.x + cell.w - MARGIN : cell.x + MARGIN, 6);
          if (items.findIndex((o) => o.corner === it.corner) === i)
            expect(bottom ? b.y + b.h : b.y).toBeCloseTo(bottom ? cell.y + cell.h - MARGIN : cell.y + MARGIN, 6);
        });
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) expect(apart(boxes[i] as PlacedBox, boxes[j] as PlacedBox, GAP)).toBe(true);
        // The same input, the same boxes: every wall with this view draws them alike.
        expect(cornerBoxes(whole, cells, items, { margin: MARGIN, gap: GAP })).toEqual(boxes);
      }),
      { numRuns: 400 },
    );
  });

  it('are placed first: no story or caption comes within the gap of one (generated views, legends and texts)', () => {
    fc.assert(
      fc.property(view, corners, texts, ({ whole, cells }, rawCorners, rawTexts) => {
        const fixed = cornerBoxes(whole, cells, asCorners(rawCorners));
        const input = asTexts(rawTexts);
        const boxes = layoutBoxes(cells, input, { fixed });
        expect(boxes).toHaveLength(input.length);
        for (const b of boxes) {
          if (b.scale <= 0) continue;
          expect(inside(b, cells[b.cell] as Rect, MARGIN)).toBe(true);
          for (const f of fixed) expect(apart(b, f, GAP)).toBe(true);
        }
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i] as PlacedBox;
            const b = boxes[j] as PlacedBox;
            if (a.scale > 0 && b.scale > 0 && a.cell === b.cell) expect(apart(a, b, GAP)).toBe(true);
          }
      }),
      { numRuns: 400 },
    );
  });

  it('leave a text that does not meet them where it was, and move one that would', () => {
    const whole = { x: 0, y: 0, w: 1778, h: 1000 };
    const cells = [whole];
    const [legend] = cornerBoxes(whole, cells, [{ id: 'legend:a', corner: 'bottom-right', width: 400, height: 300 }]);
    expect(legend).toEqual({ id: 'legend:a', x: 1778 - 24 - 400, y: 1000 - 24 - 300, w: 400, h: 300, scale: 1, cell: 0 });
    const far = { id: 'far', anchor: [400, 400], width: 300, height: 100 } as const;
    expect(layoutBoxes(cells, [far], { fixed: [legend as Rect] })).toEqual(layoutBoxes(cells, [far]));
    const [near] = layoutBoxes(cells, [{ id: 'near', anchor: [1550, 900], width: 300, height: 100 }], { fixed: [legend as Rect] });
    expect(near && legend && apart(near, legend, 12)).toBe(true);
    // A region for the grid of a crowded cell keeps clear of the legend.
    const region = freeRegion({ x: 24, y: 24, w: 1730, h: 952 }, [legend as Rect], 12);
    expect(apart(region, legend as Rect, 12)).toBe(true);
    expect(region.w * region.h).toBeGreaterThan(0.5 * 1730 * 952);
  });
});

describe('which legends a view shows', () => {
  const legend = (sculpture: string, place: 'corner' | 'room', walls: string[] | null): Legend => ({
    sculpture,
    title: sculpture,
    lang: 'und',
    place,
    corner: 'bottom-right',
    walls,
    position: [0, 2, 0],
    entries: [],
  });
  const all = [legend('a', 'corner', null), legend('b', 'corner', ['north']), legend('c', 'room', null)];
  const ids = (ls: readonly Legend[]) => ls.map((l) => l.sculpture);
  it('puts corner legends on the walls they name and the desktop, room legends everywhere, and both in the room in a headset', () => {
    expect(ids(legendPlaces(all, { kind: 'wall', id: 'north' }).corner)).toEqual(['a', 'b']);
    expect(ids(legendPlaces(all, { kind: 'wall', id: 'south' }).corner)).toEqual(['a']);
    expect(ids(legendPlaces(all, { kind: 'wall', id: 'south' }).room)).toEqual(['c']);
    expect(ids(legendPlaces(all, { kind: 'desktop' }).corner)).toEqual(['a', 'b']);
    expect(ids(legendPlaces(all, { kind: 'headset' }).corner)).toEqual([]);
    expect(ids(legendPlaces(all, { kind: 'headset' }).room)).toEqual(['a', 'b', 'c']);
  });
});
