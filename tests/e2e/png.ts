import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, row by row from the top. */
  readonly data: Uint8Array;
}

export function decodePng(png: Buffer): Pixels {
  const img = PNG.sync.read(png);
  return { width: img.width, height: img.height, data: img.data };
}

/** Screenshots kept for people to look at: test-artifacts/<name>.png. */
export function keepArtifact(name: string, png: Buffer): string {
  mkdirSync('test-artifacts', { recursive: true });
  const file = join('test-artifacts', `${name}.png`);
  writeFileSync(file, png);
  return file;
}

export function pixel(p: Pixels, x: number, y: number): [number, number, number] {
  const i = (y * p.width + x) * 4;
  return [p.data[i] as number, p.data[i + 1] as number, p.data[i + 2] as number];
}

/** Fraction of pixels brighter than `threshold` (max channel, 0..255) in a region (default all). */
export function litFraction(p: Pixels, threshold = 40, region = { x: 0, y: 0, w: p.width, h: p.height }): number {
  let lit = 0;
  for (let y = region.y; y < region.y + region.h; y++) {
    for (let x = region.x; x < region.x + region.w; x++) if (Math.max(...pixel(p, x, y)) > threshold) lit++;
  }
  return lit / (region.w * region.h);
}

/** Distinct colours, quantised to 4 bits a channel: a frame of one flat colour has 1. */
export function colourCount(p: Pixels): number {
  const seen = new Set<number>();
  for (let i = 0; i < p.data.length; i += 4)
    seen.add((((p.data[i] as number) >> 4) << 8) | (((p.data[i + 1] as number) >> 4) << 4) | ((p.data[i + 2] as number) >> 4));
  return seen.size;
}

/** Largest difference of any channel of any pixel (0..255), and how many pixels differ at all. */
export function compare(a: Pixels, b: Pixels): { maxDiff: number; differing: number; meanDiff: number } {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`sizes differ: ${a.width}x${a.height} and ${b.width}x${b.height}`);
  let maxDiff = 0;
  let differing = 0;
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let d = 0;
    for (let c = 0; c < 3; c++) {
      const diff = Math.abs((a.data[i + c] as number) - (b.data[i + c] as number));
      d = Math.max(d, diff);
      sum += diff;
    }
    if (d > 0) differing++;
    maxDiff = Math.max(maxDiff, d);
  }
  return { maxDiff, differing, meanDiff: sum / ((a.data.length / 4) * 3) };
}
