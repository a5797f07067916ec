import { describe, expect, it } from 'vitest';
import { apply3, blendFactor, IDENTITY_QUAD, invert3, isConvex, squareToQuad, type Quad } from '../../src/scene/warp.ts';

const close = (a: readonly number[], b: readonly number[]) => a.forEach((x, i) => expect(x).toBeCloseTo(b[i] as number, 9));

describe('corner pin', () => {
  const quads: Quad[] = [
    IDENTITY_QUAD,
    [
      [0.1, 0.05],
      [0.9, 0],
      [1, 1],
      [0, 0.9],
    ], // keystone
    [
      [0.2, 0.2],
      [0.8, 0.2],
      [0.9, 0.8],
      [0.1, 0.8],
    ], // trapezoid
    [
      [0.1, 0.1],
      [0.7, 0.2],
      [0.9, 0.9],
      [0.3, 0.8],
    ], // parallelogram (affine branch)
  ];
  it.each(quads)("maps the unit square's corners onto the quad, and its inverse maps them back (%#)", (...q) => {
    const quad = q as unknown as Quad;
    const h = squareToQuad(quad);
    const inv = invert3(h);
    IDENTITY_QUAD.forEach((corner, i) => {
      close(apply3(h, corner), quad[i] as readonly number[]);
      close(apply3(inv, quad[i] as readonly [number, number]), corner);
    });
  });
  it('keeps straight lines straight: the centre goes to where the diagonals cross', () => {
    const q: Quad = [
      [0.1, 0.05],
      [0.9, 0],
      [1, 1],
      [0, 0.9],
    ];
    const [cx, cy] = apply3(squareToQuad(q), [0.5, 0.5]);
    // Intersection of the diagonals (q0-q2) and (q1-q3).
    const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q;
    const t = ((x1 - x0) * (y3 - y1) - (y1 - y0) * (x3 - x1)) / ((x2 - x0) * (y3 - y1) - (y2 - y0) * (x3 - x1));
    expect(cx).toBeCloseTo(x0 + t * (x2 - x0), 9);
    expect(cy).toBeCloseTo(y0 + t * (y2 - y0), 9);
  });
  it('refuses degenerate corners and tells folded quads apart', () => {
    expect(() =>
      invert3(
        squareToQuad([
          [0, 0],
          [0.5, 0],
          [1, 0],
          [0, 1],
        ]),
      ),
    ).toThrow(/one line|not invertible/);
    expect(isConvex(IDENTITY_QUAD)).toBe(true);
    expect(
      isConvex([
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]),
    ).toBe(false);
  });
});

describe('edge blending', () => {
  const b = { left: 0.2, right: 0, top: 0, bottom: 0, gamma: 2.2 };
  it('is 1 away from the soft edge and 0 at the image border', () => {
    expect(blendFactor(b, 0.5, 0.5)).toBe(1);
    expect(blendFactor(b, 0, 0.5)).toBe(0);
  });
  it('two overlapping projectors add up to constant light after the projector gamma', () => {
    // Projector A's right edge and projector B's left edge cover the same strip of the wall.
    const a = { left: 0, right: 0.2, top: 0, bottom: 0, gamma: 2.2 };
    for (let k = 0; k <= 10; k++) {
      const s = k / 10; // position across the overlap
      const lightA = blendFactor(a, 0.8 + 0.2 * s, 0.5) ** a.gamma;
      const lightB = blendFactor(b, 0.2 * s, 0.5) ** b.gamma;
      expect(lightA + lightB).toBeCloseTo(1, 9);
    }
  });
});
