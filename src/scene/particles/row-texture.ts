import type { EncodedSculpture } from '../../core/encode.ts';
import type { Rgb } from '../../core/units.ts';
import { ROW_FIELDS, ROW_TEXELS, SHAPE_IDS, SHAPE_MODEL, type RowFieldName, type RowFieldValues } from './gpu-contract.ts';

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
 * The rows' data as the shader reads it (layout: ROW_FIELDS in gpu-contract.ts). `modelSlot(file)` gives
 * the line of a loaded model in the models texture, or undefined while it is not loaded (the row then
 * shows a sphere until it is).
 */
export function buildRowTexture(sculpture: EncodedSculpture, modelSlot: (file: string) => number | undefined = () => undefined): RowTexture {
  const rows = sculpture.rows;
  const texels = Math.max(1, rows.length * ROW_TEXELS);
  const width = Math.min(texels, MAX_ROW_TEXTURE_WIDTH);
  const height = Math.ceil(texels / width);
  const data = new Float32Array(width * height * 4);
  rows.forEach((row, i) => {
    const o = i * ROW_TEXELS * 4;
    // Typed by the field's width: a value of the wrong size does not compile.
    const put = <F extends RowFieldName>(field: F, ...values: RowFieldValues<F>) => data.set(values, o + ROW_FIELDS[field].offset);
    const color = srgbToLinear(row.color);
    let shape = SHAPE_IDS.sphere;
    if (row.shape === 'model') {
      const slot = row.model === undefined ? undefined : modelSlot(row.model);
      if (slot !== undefined) shape = SHAPE_MODEL + slot;
    } else shape = SHAPE_IDS[row.shape];
    put('centre', row.position[0], row.position[1], row.position[2]);
    put('extent', row.extent);
    put('color', color[0], color[1], color[2]);
    put('size', row.size);
    put('agitation', row.agitation);
    put('shape', shape);
    put('seedHigh', row.seed >>> 16);
    put('seedLow', row.seed & 0xffff);
  });
  return { data, width, height };
}
