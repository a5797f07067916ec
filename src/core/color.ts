import type { Rgb } from './units.ts';
import type { ColorScheme } from './schema/channels.ts';

/** Colour schemes. Sequential schemes are control points interpolated in sRGB (matplotlib's perceptual maps
 * sampled at 9 stops); categorical schemes are lists cycled by category index. */
const SEQUENTIAL: Record<string, readonly string[]> = {
  viridis: ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'],
  inferno: ['#000004', '#1f0c48', '#550f6d', '#88226a', '#ba3655', '#e35933', '#f98e09', '#f9cb35', '#fcffa4'],
  magma: ['#000004', '#1c1044', '#4f127b', '#812581', '#b5367a', '#e55064', '#fb8761', '#fec287', '#fcfdbf'],
  plasma: ['#0d0887', '#4c02a1', '#7e03a8', '#a92395', '#cc4778', '#e56b5d', '#f89540', '#fdc527', '#f0f921'],
  cividis: ['#00224e', '#123570', '#3b496c', '#575d6d', '#707173', '#8a8779', '#a69d75', '#c4b56c', '#fee838'],
  turbo: ['#30123b', '#4662d7', '#36aaf9', '#1ae4b6', '#72fe5e', '#c8ef34', '#faba39', '#f66b19', '#7a0403'],
  blues: ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'],
  greens: ['#f7fcf5', '#e5f5e0', '#c7e9c0', '#a1d99b', '#74c476', '#41ab5d', '#238b45', '#006d2c', '#00441b'],
  reds: ['#fff5f0', '#fee0d2', '#fcbba1', '#fc9272', '#fb6a4a', '#ef3b2c', '#cb181d', '#a50f15', '#67000d'],
  oranges: ['#fff5eb', '#fee6ce', '#fdd0a2', '#fdae6b', '#fd8d3c', '#f16913', '#d94801', '#a63603', '#7f2704'],
  greys: ['#ffffff', '#f0f0f0', '#d9d9d9', '#bdbdbd', '#969696', '#737373', '#525252', '#252525', '#000000'],
  // Meshwork's own: embers cooling to ash, and a sickly chemical glow.
  ember: ['#1a0a06', '#4a130b', '#8c1f0e', '#c8400f', '#ec6f1c', '#f8a541', '#fcd37a', '#fff0c4', '#ffffff'],
  toxic: ['#0b1a10', '#123a1c', '#1b5e24', '#3a8a22', '#7bb31a', '#b9d219', '#e4eb3a', '#f5f78f', '#fdffe0'],
};

const CATEGORICAL: Record<string, readonly string[]> = {
  tableau10: ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f', '#edc949', '#af7aa1', '#ff9da7', '#9c755f', '#bab0ab'],
  category10: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'],
  set2: ['#66c2a5', '#fc8d62', '#8da0cb', '#e78ac3', '#a6d854', '#ffd92f', '#e5c494', '#b3b3b3'],
  dark2: ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'],
  pastel: ['#fbb4ae', '#b3cde3', '#ccebc5', '#decbe4', '#fed9a6', '#ffffcc', '#e5d8bd', '#fddaec', '#f2f2f2'],
};

export const isCategorical = (scheme: ColorScheme): boolean => scheme in CATEGORICAL;

/** The scheme a colour channel draws with: its own, else tableau10 for a text field and viridis for numbers. */
export const schemeFor = (scheme: ColorScheme | undefined, type: 'number' | 'text'): ColorScheme => scheme ?? (type === 'text' ? 'tableau10' : 'viridis');

/** How many colours a categorical scheme has before it starts again (undefined for a sequential one). */
export const paletteSize = (scheme: ColorScheme): number | undefined => CATEGORICAL[scheme]?.length;

export function parseHex(hex: string): Rgb {
  let h = hex.replace('#', '');
  if (h.length === 3) h = h.replace(/./g, (c) => c + c);
  const n = parseInt(h, 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

export function toHex(c: Rgb): string {
  return `#${c
    .map((v) =>
      Math.round(Math.min(1, Math.max(0, v)) * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** Colour at k in 0..1 along stops, interpolated piecewise-linearly in sRGB. */
export function interpolateStops(stops: readonly string[], k: number): Rgb {
  const x = Math.min(1, Math.max(0, k)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const a = parseHex(stops[i] as string);
  const b = parseHex(stops[i + 1] as string);
  const f = x - i;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

export function schemeStops(scheme: ColorScheme): readonly string[] {
  return (SEQUENTIAL[scheme] ?? CATEGORICAL[scheme]) as readonly string[];
}

export function categoricalColor(scheme: ColorScheme, index: number): Rgb {
  const list = CATEGORICAL[scheme] ?? (CATEGORICAL.tableau10 as readonly string[]);
  return parseHex(list[index % list.length] as string);
}
