import { breakLines } from './line-break.ts';

/**
 * A block of text drawn by the browser's text engine into a canvas, to be shown as a texture: lines broken
 * to a width (line-break.ts), each centred, in the text's direction (the canvas's bidi algorithm orders
 * mixed runs), white on transparent so the mesh's colour tints it, with an optional dark outline that stays
 * dark under any tint. Sizes are in layout units (src/scene/layout/view-layout.ts); the canvas has
 * PIXELS_PER_UNIT pixels per unit whatever the screen, so every screen draws the same texture.
 */

/** Canvas pixels per layout unit: a 1080-line view shows about 1.1 units a pixel, so twice that keeps the
 * text sharp on a 4K wall (mipmaps smooth it when drawn smaller). */
export const PIXELS_PER_UNIT = 2;

export interface TextStyle {
  /** Layout units. */
  readonly fontSize: number;
  /** Line height in ems. */
  readonly lineHeight: number;
  /** Extra space between characters, in ems. Default 0. */
  readonly letterSpacing?: number;
  /** A dark outline (5% of the size) with a soft edge (10%), at 70% opacity, behind the letters. */
  readonly outline?: boolean;
}

export interface TextBlock {
  /** The nominal block (lines x line height, the widest line's width), layout units. 0 x 0 when empty. */
  readonly width: number;
  readonly height: number;
  readonly lines: readonly string[];
  /** The canvas's rectangle relative to the block's top-left corner, layout units, y down: it holds every
   * pixel of ink (marks above or below a line, the outline), so nothing is clipped. */
  readonly canvasX: number;
  readonly canvasY: number;
  readonly canvasWidth: number;
  readonly canvasHeight: number;
}

const OUTLINE_WIDTH = 0.05;
const OUTLINE_BLUR = 0.1;
const OUTLINE_COLOR = 'rgba(5, 6, 10, 0.7)';

function setStyle(ctx: CanvasRenderingContext2D, style: TextStyle, family: string, direction: 'ltr' | 'rtl', lang: string | null): void {
  const px = style.fontSize * PIXELS_PER_UNIT;
  ctx.font = `${px}px ${family}`;
  ctx.letterSpacing = `${(style.letterSpacing ?? 0) * px}px`;
  ctx.direction = direction;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  // The language picks a font's localised forms where it has them (Chromium 135 and later).
  if ('lang' in ctx) (ctx as { lang: string }).lang = lang ?? '';
}

/** Draws `text` into `canvas` (resized to fit), broken to lines of at most `maxWidth` layout units. */
export function drawTextBlock(
  canvas: HTMLCanvasElement,
  text: string,
  lang: string | null,
  direction: 'ltr' | 'rtl',
  family: string,
  style: TextStyle,
  maxWidth: number,
): TextBlock {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gives no 2D canvas: text cannot be drawn');
  setStyle(ctx, style, family, direction, lang);
  const u = PIXELS_PER_UNIT;
  const lines = breakLines(text, lang, maxWidth, (s) => ctx.measureText(s).width / u);
  const metrics = lines.map((l) => ctx.measureText(l));
  const lineHeight = style.lineHeight * style.fontSize;
  const width = Math.max(0, ...metrics.map((m) => m.width / u));
  const height = lines.length * lineHeight;
  const first = metrics[0];
  // The line box is centred on the font's ascent and descent, as CSS does.
  const ascent = first ? first.fontBoundingBoxAscent / u : 0;
  const descent = first ? first.fontBoundingBoxDescent / u : 0;
  const baselines = metrics.map((_, i) => i * lineHeight + (lineHeight - ascent - descent) / 2 + ascent);
  // A shadow of blur b fades out within about 1.5 b of its shape (a Gaussian of deviation b / 2): 2 b is clear.
  const margin = style.outline ? (OUTLINE_WIDTH + 2 * OUTLINE_BLUR) * style.fontSize : 1 / PIXELS_PER_UNIT;
  let x0 = 0;
  let x1 = width;
  let y0 = 0;
  let y1 = height;
  metrics.forEach((m, i) => {
    const base = baselines[i] as number;
    x0 = Math.min(x0, width / 2 - m.actualBoundingBoxLeft / u);
    x1 = Math.max(x1, width / 2 + m.actualBoundingBoxRight / u);
    y0 = Math.min(y0, base - m.actualBoundingBoxAscent / u);
    y1 = Math.max(y1, base + m.actualBoundingBoxDescent / u);
  });
  x0 = Math.floor((x0 - margin) * u) / u;
  y0 = Math.floor((y0 - margin) * u) / u;
  // At least one pixel: a texture of no pixels is an error in WebGL.
  canvas.width = Math.max(1, Math.ceil((x1 + margin - x0) * u));
  canvas.height = Math.max(1, Math.ceil((y1 + margin - y0) * u));
  // Resizing a canvas resets its state.
  setStyle(ctx, style, family, direction, lang);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const cx = (width / 2 - x0) * u;
  lines.forEach((line, i) => {
    const y = ((baselines[i] as number) - y0) * u;
    if (style.outline) {
      ctx.save();
      ctx.strokeStyle = OUTLINE_COLOR;
      ctx.lineWidth = 2 * OUTLINE_WIDTH * style.fontSize * u;
      ctx.lineJoin = 'round';
      ctx.shadowColor = OUTLINE_COLOR;
      ctx.shadowBlur = OUTLINE_BLUR * style.fontSize * u;
      ctx.strokeText(line, cx, y);
      ctx.restore();
    }
    ctx.fillStyle = '#ffffff';
    ctx.fillText(line, cx, y);
  });
  return { width, height, lines, canvasX: x0, canvasY: y0, canvasWidth: canvas.width / u, canvasHeight: canvas.height / u };
}
