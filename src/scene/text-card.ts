import { CanvasTexture, Color, Group, LinearFilter, Mesh, MeshBasicMaterial, PlaneGeometry, ShaderMaterial, SRGBColorSpace, Vector2 } from 'three';
import { drawTextBlock, type TextBlock, type TextStyle } from './canvas-text.ts';
import { PRIMARY_FAMILY, type StoryFont } from './font-faces.ts';
import { textDirection } from './story-text.ts';
import { AA_RATIO, backdropOpacity, luminance } from './layout/contrast.ts';
import { BACKDROP_SHADER } from './particles/shaders.ts';

/**
 * A text as the room shows it (a story, a caption): its body, a small label under it (what it is about),
 * and a soft backdrop behind both, drawn flat and on top of everything, in layout units
 * (src/scene/layout/view-layout.ts): the card's top-left corner is its origin, x right, y up, one unit one
 * layout unit. Where it goes and how large it is drawn is the layout's business (Stories.tsx); the card
 * only knows its own size once its text is laid out, which waits for the font files it needs
 * (font-faces.ts). Body and label are each drawn by the browser's text engine into a canvas (canvas-text.ts:
 * shaped as the browser shapes any text) shown as a texture, white, tinted by its material's colour.
 */

/** Sizes in layout units (a view is 1000 high): text about 2.6% of the view's height. */
export const CARD_FONT_SIZE = 26;
const LABEL_SCALE = 0.62;
const LABEL_GAP = 10;
/** Backdrop around the text; the fade takes the outer SOFT of it. */
const PAD = 22;
const SOFT = 12;
const RADIUS = 10;
/** Lines are at most this many ems long (about 40 characters of Latin text). */
export const MAX_LINE_EMS = 21;
/** What draws on top of the scene: after every particle and the floor. */
const RENDER_ORDER = 1000;

const BACKDROP = new Color('#05060a');
const BACKDROP_LUMINANCE = srgbLuminance(BACKDROP, new Color());
/** A label is a short heading: the large-text ratio is enough for it. */
const LABEL_RATIO = 3;
const BODY_TINT = new Color('#f4efe6');
/** The plane every card's backdrop and text are drawn on, scaled to size (shared, never disposed). */
export const UNIT_PLANE = new PlaneGeometry(1, 1);

/** A card's rounded backdrop with a soft edge (BACKDROP_SHADER), drawn over the room: story cards and
 * legends alike. Its `uSize` is set to the card's size and `uOpacity` to its opacity as it is laid out. */
export function backdropMesh(radius: number, soft: number, color: Color, renderOrder: number): Mesh<PlaneGeometry, ShaderMaterial> {
  const mesh = new Mesh(
    UNIT_PLANE,
    new ShaderMaterial({
      vertexShader: BACKDROP_SHADER.vertex,
      fragmentShader: BACKDROP_SHADER.fragment,
      uniforms: {
        uSize: { value: new Vector2(1, 1) },
        uRadius: { value: radius },
        uSoft: { value: soft },
        uColor: { value: color.clone() },
        uOpacity: { value: 1 },
      },
      transparent: true,
      depthTest: false,
      depthWrite: false,
    }),
  );
  mesh.renderOrder = renderOrder;
  return mesh;
}
/** What a text is drawn with when its fonts did not load. */
const FALLBACK_FAMILY = `"${PRIMARY_FAMILY}"`;

export interface CardContent {
  readonly text: string;
  /** BCP 47 tag or null. */
  readonly lang: string | null;
  readonly direction: 'ltr' | 'rtl';
  readonly label: string;
  /** The label's language (its data's: core/text.ts `dataLang`), or null to guess it from its characters. */
  readonly labelLang: string | null;
}

export interface CardSize {
  readonly width: number;
  readonly height: number;
}

/** What a card's and a legend's texts, swatches and bars are drawn with. */
export function flatMaterial(): MeshBasicMaterial {
  // No depth test: a text is never hidden by a particle in front of it. Not tone mapped: its colour and its
  // contrast (below) are the ones computed.
  return new MeshBasicMaterial({ transparent: true, depthTest: false, depthWrite: false, fog: false, toneMapped: false });
}

/** One text of the card (body or label): its canvas, the texture made of it, and the mesh showing it. Also
 * what a legend's texts are drawn with (legend-card.ts). */
export class CanvasText {
  readonly canvas = document.createElement('canvas');
  readonly mesh = new Mesh(UNIT_PLANE, flatMaterial());
  block: TextBlock | undefined;

  constructor(readonly style: TextStyle) {
    this.mesh.renderOrder = RENDER_ORDER + 1;
  }

  draw(text: string, lang: string | null, direction: 'ltr' | 'rtl', family: string, maxWidth: number): TextBlock {
    const block = drawTextBlock(this.canvas, text, lang, direction, family, this.style, maxWidth);
    // A canvas of another size needs a texture of its own (WebGL textures keep their size).
    this.mesh.material.map?.dispose();
    const map = new CanvasTexture(this.canvas);
    map.colorSpace = SRGBColorSpace;
    // No mipmaps: SwiftShader's (walls without a GPU, films) wash thin strokes out (the bar of an H
    // vanished); the texture is at most a few times larger than drawn, which bilinear filtering keeps sharp.
    map.generateMipmaps = false;
    map.minFilter = LinearFilter;
    this.mesh.material.map = map;
    this.mesh.material.needsUpdate = true;
    this.mesh.scale.set(block.canvasWidth, block.canvasHeight, 1);
    this.block = block;
    return block;
  }

  /** Places the block with its top edge at `top` and centred on x = 0 (y up). */
  place(top: number): void {
    const b = this.block;
    if (!b) return;
    this.mesh.position.set(-b.width / 2 + b.canvasX + b.canvasWidth / 2, top - b.canvasY - b.canvasHeight / 2, 0);
  }

  dispose(): void {
    this.mesh.material.map?.dispose();
    this.mesh.material.dispose();
    // Let the browser drop the pixels now rather than when the element is collected.
    this.canvas.width = 0;
    this.canvas.height = 0;
  }
}

/**
 * One mesh of each program a card or a legend draws (a text's textured plane, a swatch, a gradient bar, the
 * backdrop), drawing nothing: for the renderer to compile ahead (CompileAhead.tsx), so the first story or legend
 * does not stop the frame it appears in while its programs compile. `dispose` frees their materials.
 */
export function cardProgramSamples(): { readonly objects: readonly Mesh[]; dispose(): void } {
  const canvas = document.createElement('canvas');
  canvas.width = 1;
  canvas.height = 1;
  const text = new Mesh(UNIT_PLANE, flatMaterial());
  const map = new CanvasTexture(canvas);
  // As CanvasText.draw makes its textures: the same program.
  map.colorSpace = SRGBColorSpace;
  map.generateMipmaps = false;
  map.minFilter = LinearFilter;
  text.material.map = map;
  const swatch = new Mesh(UNIT_PLANE, flatMaterial());
  const bar = new Mesh(UNIT_PLANE, flatMaterial());
  bar.material.vertexColors = true;
  const backdrop = backdropMesh(RADIUS, SOFT, BACKDROP, RENDER_ORDER);
  const objects = [text, swatch, bar, backdrop];
  // Not `visible = false`: three's compile walks only visible objects and would skip them. Scaled to nothing
  // they draw no pixel should a frame come while they are in the scene.
  for (const o of objects) o.scale.setScalar(0);
  return {
    objects,
    dispose() {
      map.dispose();
      for (const o of objects) o.material.dispose();
    },
  };
}

export class TextCard {
  readonly group = new Group();
  private readonly content = new Group();
  private readonly body: CanvasText;
  private readonly label: CanvasText;
  private readonly backdrop: Mesh<PlaneGeometry, ShaderMaterial>;
  private text: CardContent | undefined;
  /** Counts layouts: a layout that finishes after a newer one began is dropped. */
  private generation = 0;
  private disposed = false;
  private measured: CardSize | undefined;
  private maxWidth = 0;
  private readonly tmp = new Color();
  private readonly bodyColor = new Color();
  private readonly labelColor = new Color();
  private backdropAlpha = 1;

  /** `track` is told of each layout started (+1) and finished (-1); `scale` sizes the text (captions are
   * smaller than stories). */
  constructor(
    private readonly font: StoryFont,
    private readonly track: (delta: number) => void,
    scale = 1,
  ) {
    this.body = new CanvasText({ fontSize: CARD_FONT_SIZE * scale, lineHeight: 1.3, outline: true });
    this.label = new CanvasText({ fontSize: CARD_FONT_SIZE * LABEL_SCALE * Math.max(1, scale), lineHeight: 1.2, letterSpacing: 0.08 });
    this.backdrop = backdropMesh(RADIUS, SOFT, BACKDROP, RENDER_ORDER);
    this.content.add(this.body.mesh, this.label.mesh);
    this.group.add(this.backdrop, this.content);
    this.group.visible = false;
  }

  /** New text, or the same text wrapped to a new width (layout units): laid out again, size unknown until then. */
  set(content: CardContent, maxWidth: number): void {
    this.text = content;
    this.wrap(maxWidth, true);
  }

  /** Wraps the text to lines of at most `maxWidth` layout units (laid out again only if it changed). Once
   * the fonts of its text are loaded this is immediate; the first time it waits for them. */
  wrap(maxWidth: number, force = false): void {
    if (!force && Math.abs(maxWidth - this.maxWidth) < 1) return;
    this.maxWidth = maxWidth;
    const content = this.text;
    if (!content) return;
    const generation = ++this.generation;
    // The label names what the story is about, in the installation's words and its data's language, not in
    // the story's.
    const faces = this.font.faces;
    const body = faces.prepared(content.text, content.lang);
    const label = faces.prepared(content.label, content.labelLang);
    if (body !== undefined && label !== undefined) {
      this.layout(content, body, label);
      return;
    }
    this.measured = undefined;
    this.group.visible = false;
    this.track(1);
    Promise.all([faces.prepare(content.text, content.lang), faces.prepare(content.label, content.labelLang)])
      .then(([b, l]) => {
        if (!this.disposed && generation === this.generation) this.layout(content, b, l);
      })
      .catch((e: unknown) => {
        // A font that did not arrive: drawn with the fonts that did (DejaVu Sans and the rest) rather than
        // not at all; the next layout tries again.
        console.error('story text: fonts did not load', e);
        if (!this.disposed && generation === this.generation) this.layout(content, FALLBACK_FAMILY, FALLBACK_FAMILY);
      })
      .finally(() => this.track(-1));
  }

  /** The card's size in layout units, once its text is laid out. */
  size(): CardSize | undefined {
    return this.measured;
  }

  private layout(content: CardContent, bodyFamily: string, labelFamily: string): void {
    const b = this.body.draw(content.text, content.lang, content.direction, bodyFamily, this.maxWidth);
    const l = this.label.draw(content.label, content.labelLang, textDirection(content.label, content.labelLang ?? 'und'), labelFamily, this.maxWidth);
    // The label hangs under the body; the card is their union plus the padding. Both are centred on x = 0.
    const labelTop = -b.height - LABEL_GAP;
    this.body.place(0);
    this.label.place(labelTop);
    const half = Math.max(b.width, l.width) / 2;
    const bottom = l.height > 0 ? labelTop - l.height : -b.height;
    const width = 2 * half + 2 * PAD;
    const height = -bottom + 2 * PAD;
    this.content.position.set(PAD + half, -PAD, 0);
    this.backdrop.position.set(width / 2, -height / 2, 0);
    this.backdrop.scale.set(width, height, 1);
    (this.backdrop.material.uniforms.uSize?.value as Vector2).set(width, height);
    this.measured = { width, height };
  }

  /** The colours of a story (its emotion's) and how visible it is (0..1, fades). */
  paint([r, g, b]: readonly [number, number, number], opacity: number): void {
    this.bodyColor.setRGB(r, g, b).lerp(BODY_TINT, 0.75);
    this.labelColor.setRGB(r, g, b).lerp(BODY_TINT, 0.55);
    this.body.mesh.material.color.copy(this.bodyColor);
    this.label.mesh.material.color.copy(this.labelColor);
    // Opaque enough that both stay readable over a white background (the worst an additive sculpture makes).
    this.backdropAlpha = Math.max(
      backdropOpacity(srgbLuminance(this.bodyColor, this.tmp), BACKDROP_LUMINANCE, 1, AA_RATIO),
      backdropOpacity(srgbLuminance(this.labelColor, this.tmp), BACKDROP_LUMINANCE, 1, LABEL_RATIO),
    );
    // The outline's own 70% is in the texture.
    this.body.mesh.material.opacity = opacity;
    this.label.mesh.material.opacity = opacity;
    const u = this.backdrop.material.uniforms.uOpacity;
    if (u) u.value = this.backdropAlpha * opacity;
  }

  /** The backdrop's opacity at full visibility (what the contrast rule asked for). */
  backdropOpacity(): number {
    return this.backdropAlpha;
  }

  dispose(): void {
    this.disposed = true;
    this.body.dispose();
    this.label.dispose();
    this.backdrop.material.dispose();
  }
}

/** Relative luminance of a three colour (three keeps colours linear; the contrast rule takes sRGB). */
function srgbLuminance(c: Color, tmp: Color): number {
  tmp.copy(c).convertLinearToSRGB();
  return luminance([tmp.r, tmp.g, tmp.b]);
}
