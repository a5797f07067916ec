import type { EncodedSculpture } from '../../core/encode.ts';
import type { Primitive } from '../../core/schema/common.ts';
import type { Rgb } from '../../core/units.ts';

/** Shape ids as the shader knows them (shaders/chunks/shapes.glsl); a model is SHAPE_MODEL + its slot. */
export const SHAPE_IDS: Readonly<Record<Primitive, number>> = {
  sphere: 0,
  ring: 1,
  helix: 2,
  vase: 3,
  ribbon: 4,
  cloud: 5,
};
export const SHAPE_MODEL = 6;
/** Texels per row in the row texture (layout in shaders/chunks/rows.glsl). */
export const ROW_TEXELS = 3;
/** Widest row texture line, in texels: small enough for every WebGL2 device (the minimum is 2048). */
export const MAX_ROW_TEXTURE_WIDTH = 2046;

/** Data colours are written as hex, i.e. sRGB-encoded; the shader blends in linear light and three encodes
 * the output back, so a lone particle on black shows the artist's colour. */
export const toLinear = (v: number): number => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
export const srgbToLinear = (c: Rgb): Rgb => [toLinear(c[0]), toLinear(c[1]), toLinear(c[2])];

export interface RowTexture {
  /** RGBA float texels, ROW_TEXELS per row. */
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

/**
 * The rows' data as the shader reads it. `modelSlot(file)` gives the line of a loaded model in the models
 * texture, or undefined while it is not loaded (the row then shows a sphere until it is).
 */
export function buildRowTexture(sculpture: EncodedSculpture, modelSlot: (file: string) => number | undefined = () => undefined): RowTexture {
  const rows = sculpture.rows;
  const texels = Math.max(1, rows.length * ROW_TEXELS);
  const width = Math.min(texels, MAX_ROW_TEXTURE_WIDTH);
  const height = Math.ceil(texels / width);
  const data = new Float32Array(width * height * 4);
  rows.forEach((row, i) => {
    const o = i * ROW_TEXELS * 4;
    const color = srgbToLinear(row.color);
    let shape = SHAPE_IDS.sphere;
    if (row.shape === 'model') {
      const slot = row.model === undefined ? undefined : modelSlot(row.model);
      if (slot !== undefined) shape = SHAPE_MODEL + slot;
    } else shape = SHAPE_IDS[row.shape];
    data.set([row.position[0], row.position[1], row.position[2], row.extent], o);
    data.set([color[0], color[1], color[2], row.size], o + 4);
    // The 32-bit seed travels as two 16-bit halves: a float holds 24 bits exactly, not 32.
    data.set([row.agitation, shape, row.seed >>> 16, row.seed & 0xffff], o + 8);
  });
  return { data, width, height };
}
