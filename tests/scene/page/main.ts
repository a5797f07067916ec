import { loadStoryFont } from '../../../src/app/display/story-font.ts';
import { drawTextBlock, PIXELS_PER_UNIT, type TextStyle } from '../../../src/scene/canvas-text.ts';
import { drawableText } from '../../../src/scene/story-text.ts';

/**
 * The display's text path without the scene: the served fonts loaded as the display loads them, and a
 * text drawn into a canvas as a story card's body is. Read by tests/scene/canvas-text.test.ts.
 */

export interface DrawResult {
  /** The family list the text was drawn with. */
  readonly family: string;
  /** Advance width of the text as one line, layout units. */
  readonly width: number;
  readonly lines: number;
  /** Ink left on the canvas's outermost rows and columns (0: nothing clipped). */
  readonly edgeAlpha: number;
  /** Pixels with any ink. */
  readonly inked: number;
  /** The canvas as a PNG data URL. */
  readonly png: string;
  /** Seconds to load the text's fonts (0 once loaded) and to lay it out and draw it. */
  readonly fontSeconds: number;
  readonly drawSeconds: number;
}

export interface TextPage {
  /** `family`: draw with this family list (its fonts already loaded) instead of the one prepared for it. */
  draw(text: string, lang: string | null, maxWidth?: number, family?: string): Promise<DrawResult>;
  /** The display's FontFaces, as a card asks them (`prepared` first, without waiting). */
  prepare(text: string, lang: string | null): Promise<string>;
  prepared(text: string, lang: string | null): string | null;
  /** The display's FontFaces' index preload (what a wall does once it has drawn). */
  preloadIndex(): Promise<void>;
  /** The paths of the font requests the page made so far, in order. */
  fontRequests(): string[];
}

const BODY: TextStyle = { fontSize: 26, lineHeight: 1.3, outline: true };

const font = await loadStoryFont();

async function draw(raw: string, lang: string | null, maxWidth = 1e6, given?: string): Promise<DrawResult> {
  const text = drawableText(raw, font.coverage);
  const t0 = performance.now();
  const family = given ?? (await font.faces.prepare(text, lang));
  const t1 = performance.now();
  const canvas = document.createElement('canvas');
  const direction = /[\u0590-\u08ff]/u.test(text) ? 'rtl' : 'ltr';
  const block = drawTextBlock(canvas, text, lang, direction, family, BODY, maxWidth);
  const t2 = performance.now();
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const { data, width: w, height: h } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  let edgeAlpha = 0;
  let inked = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const a = data[(y * w + x) * 4 + 3] as number;
      if (a > 0) inked++;
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1) edgeAlpha = Math.max(edgeAlpha, a);
    }
  const line = canvas.getContext('2d') as CanvasRenderingContext2D;
  line.font = `${BODY.fontSize * PIXELS_PER_UNIT}px ${family}`;
  return {
    family,
    width: line.measureText(text).width / PIXELS_PER_UNIT,
    lines: block.lines.length,
    edgeAlpha,
    inked,
    png: canvas.toDataURL(),
    fontSeconds: (t1 - t0) / 1000,
    drawSeconds: (t2 - t1) / 1000,
  };
}

(window as unknown as { textPage: TextPage }).textPage = {
  draw,
  prepare: (text, lang) => font.faces.prepare(text, lang),
  // null rather than undefined: it crosses to the test as JSON.
  prepared: (text, lang) => font.faces.prepared(text, lang) ?? null,
  preloadIndex: () => font.faces.preloadIndex(),
  fontRequests: () =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .filter((p) => p.startsWith('/fonts/')),
};
