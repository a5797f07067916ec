/**
 * Corner pin (keystone) correction for projectors: a projective map (homography) from the unit square, the
 * rendered image, to the quadrilateral where its corners must land on the output, both in 0..1 with y up.
 * The final pass draws every output pixel p with the image at H⁻¹(p).
 */

export type Point = readonly [number, number];
/** Corners in the order the installation file gives them: bottom-left, bottom-right, top-right, top-left. */
export type Quad = readonly [Point, Point, Point, Point];
/** A 3x3 matrix, row-major: [a, b, c, d, e, f, g, h, i] maps (x, y) to ((ax+by+c)/(gx+hy+i), (dx+ey+f)/(gx+hy+i)). */
export type Mat3 = readonly [number, number, number, number, number, number, number, number, number];

export const IDENTITY_QUAD: Quad = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];

/** The homography taking the unit square's corners (0,0), (1,0), (1,1), (0,1) to the quad's, in that order
 * (Heckbert's closed form). Throws when three corners are on one line (no such map). */
export function squareToQuad(q: Quad): Mat3 {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q;
  const sx = x0 - x1 + x2 - x3;
  const sy = y0 - y1 + y2 - y3;
  if (Math.abs(sx) < 1e-12 && Math.abs(sy) < 1e-12) {
    // An affine map (a parallelogram).
    return [x1 - x0, x3 - x0, x0, y1 - y0, y3 - y0, y0, 0, 0, 1];
  }
  const dx1 = x1 - x2;
  const dx2 = x3 - x2;
  const dy1 = y1 - y2;
  const dy2 = y3 - y2;
  const den = dx1 * dy2 - dx2 * dy1;
  if (Math.abs(den) < 1e-12) throw new Error('the warp corners are degenerate: three of them are on one line');
  const g = (sx * dy2 - dx2 * sy) / den;
  const h = (dx1 * sy - sx * dy1) / den;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
}

export function invert3(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-15) throw new Error('the warp is not invertible: the corners fold over');
  const k = 1 / det;
  return [A * k, -(b * i - c * h) * k, (b * f - c * e) * k, B * k, (a * i - c * g) * k, -(a * f - c * d) * k, C * k, -(a * h - b * g) * k, (a * e - b * d) * k];
}

export function apply3(m: Mat3, p: Point): Point {
  const w = m[6] * p[0] + m[7] * p[1] + m[8];
  return [(m[0] * p[0] + m[1] * p[1] + m[2]) / w, (m[3] * p[0] + m[4] * p[1] + m[5]) / w];
}

/** True when the corners make a convex quad in the given order (a corner pin that does not fold over). */
export function isConvex(q: Quad): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i] as Point;
    const b = q[(i + 1) % 4] as Point;
    const c = q[(i + 2) % 4] as Point;
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (Math.abs(cross) < 1e-12) return false;
    const s = Math.sign(cross);
    if (sign !== 0 && s !== sign) return false;
    sign = s;
  }
  return true;
}

export interface Blend {
  /** Width of each soft edge, as a fraction of the image (0..0.5). */
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** The projector's gamma: light = value^gamma. */
  readonly gamma: number;
}

/**
 * The value multiplier at image position (u, v) in 0..1: the light ramps linearly across each soft edge, so
 * two projectors overlapping by the same width add up to constant light; the value sent is that light
 * raised to 1/gamma because the projector raises the value to gamma. The shader computes the same.
 */
export function blendFactor(b: Blend, u: number, v: number): number {
  const ramp = (x: number, w: number) => (w <= 0 ? 1 : Math.min(1, Math.max(0, x / w)));
  const light = ramp(u, b.left) * ramp(1 - u, b.right) * ramp(v, b.bottom) * ramp(1 - v, b.top);
  return light ** (1 / b.gamma);
}
