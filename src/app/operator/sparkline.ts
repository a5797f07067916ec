/**
 * Sparklines as SVG path data: no chart library on the console. A point is [x, y] in data units; a null y
 * is a gap (the client was gone or did not report), which breaks the line instead of bridging it.
 */
export interface SparkOptions {
  readonly width: number;
  readonly height: number;
  /** The x range shown (e.g. the last five minutes); points outside are dropped. */
  readonly xDomain: readonly [number, number];
  /** The y range; default: the data's own, widened to `minSpan` so a flat line sits in the middle. */
  readonly yDomain?: readonly [number, number];
  readonly minSpan?: number;
}

export type SparkPoint = readonly [x: number, y: number | null];

/** The y extent of the points in the x range, or null when none has a value. */
export function yExtent(points: readonly SparkPoint[], xDomain: readonly [number, number]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const [x, y] of points) {
    if (y === null || !Number.isFinite(y) || x < xDomain[0] || x > xDomain[1]) continue;
    if (y < lo) lo = y;
    if (y > hi) hi = y;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Path data (`M x y L x y ...`), one subpath per unbroken run (a lone point is `M x y h0`); '' when nothing is in range. Coordinates
 * are rounded to 0.1 px to keep the markup small; y grows downwards as in SVG. */
export function sparklinePath(points: readonly SparkPoint[], options: SparkOptions): string {
  const { width, height, xDomain } = options;
  let yDomain = options.yDomain ?? yExtent(points, xDomain);
  if (!yDomain) return '';
  const span = yDomain[1] - yDomain[0];
  const minSpan = options.minSpan ?? 1;
  if (span < minSpan) {
    const mid = (yDomain[0] + yDomain[1]) / 2;
    yDomain = [mid - minSpan / 2, mid + minSpan / 2];
  }
  const [x0, x1] = xDomain;
  const [y0, y1] = yDomain;
  const sx = (x: number) => round1(((x - x0) / (x1 - x0 || 1)) * width);
  const sy = (y: number) => round1(height - ((Math.min(Math.max(y, y0), y1) - y0) / (y1 - y0 || 1)) * height);
  // A run of one point gets a zero-length segment (`h0`): with round caps it shows as a dot.
  let d = '';
  let run = 0;
  const endRun = () => {
    if (run === 1) d += ' h0';
    run = 0;
  };
  for (const [x, y] of points) {
    if (x < x0 || x > x1 || y === null || !Number.isFinite(y)) {
      endRun();
      continue;
    }
    d += `${d ? ' ' : ''}${run > 0 ? 'L' : 'M'}${sx(x)} ${sy(y)}`;
    run++;
  }
  endRun();
  return d;
}

/** The y pixel of a value (for a threshold line), with the same domain rules as sparklinePath. */
export function yPixel(value: number, yDomain: readonly [number, number], height: number): number {
  const [y0, y1] = yDomain;
  return round1(height - ((Math.min(Math.max(value, y0), y1) - y0) / (y1 - y0 || 1)) * height);
}

const round1 = (v: number) => Math.round(v * 10) / 10;
