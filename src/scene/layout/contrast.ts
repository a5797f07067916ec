/**
 * How opaque a text's backdrop must be for the text to stay readable over anything behind it: WCAG 2's
 * contrast ratio, (L_light + 0.05) / (L_dark + 0.05) with L the relative luminance, taken against the worst
 * case behind the backdrop (white: the sculptures are additive particles, which can saturate a pixel).
 */

/** sRGB channel 0..1 to linear light. */
export function linearChannel(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of an sRGB colour (channels 0..1). */
export function luminance([r, g, b]: readonly [number, number, number]): number {
  return 0.2126 * linearChannel(r) + 0.7152 * linearChannel(g) + 0.0722 * linearChannel(b);
}

export function contrastRatio(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** WCAG AA for normal text. */
export const AA_RATIO = 4.5;

/**
 * The least opacity of a backdrop of luminance `backdrop` over a background of luminance `behind` (default
 * white) that gives a text of luminance `text` at least `ratio` against the mix (blending is linear in
 * light, as the renderer blends). 1 when even an opaque backdrop is not enough.
 */
export function backdropOpacity(text: number, backdrop: number, behind = 1, ratio = AA_RATIO): number {
  // Light text over a dark backdrop: the mix may be at most this bright.
  const darkest = (text + 0.05) / ratio - 0.05;
  if (behind <= darkest) return 0;
  if (backdrop > darkest) return 1;
  // mix = a * backdrop + (1 - a) * behind <= darkest
  return Math.min(1, (behind - darkest) / (behind - backdrop));
}
