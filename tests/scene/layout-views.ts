import fc from 'fast-check';
import type { Rect } from '../../src/scene/layout/view-layout.ts';

/** What the view-layout and corner-boxes tests share: the layout's own tolerances, and the views they lay
 * texts out in. */

export const EPS = 1e-6;
/** What src/scene/layout keeps between a text and the view's border, and between two texts. */
export const MARGIN = 24;
export const GAP = 12;

/** A view of height 1000 and a random aspect, cut into 1 to 3 x 1 to 2 cells (projectors of one wall). */
export const view: fc.Arbitrary<{ readonly w: number; readonly cells: Rect[] }> = fc
  .record({ aspect: fc.double({ min: 0.5, max: 4, noNaN: true }), cols: fc.integer({ min: 1, max: 3 }), rows: fc.integer({ min: 1, max: 2 }) })
  .map(({ aspect, cols, rows }) => {
    const w = 1000 * aspect;
    const cells: Rect[] = [];
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) cells.push({ x: (c * w) / cols, y: (r * 1000) / rows, w: w / cols, h: 1000 / rows });
    return { w, cells };
  });
