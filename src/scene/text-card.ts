import { Color, Group, Mesh, MeshBasicMaterial, PlaneGeometry, ShaderMaterial, Vector2 } from 'three';
import { Text } from 'troika-three-text';
import { AA_RATIO, backdropOpacity, luminance } from './layout/contrast.ts';
import { BACKDROP_SHADER } from './particles/shaders.ts';

/**
 * A text as the room shows it (a story, a caption): its body, a small label under it (what it is about),
 * and a soft backdrop behind both, drawn flat and on top of everything, in layout units
 * (src/scene/layout/view-layout.ts): the card's top-left corner is its origin, x right, y up, one unit one
 * layout unit. Where it goes and how large it is drawn is the layout's business (Stories.tsx); the card
 * only knows its own size once troika has laid its text out (troika works in a worker).
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
const UNIT_PLANE = new PlaneGeometry(1, 1);

export interface CardContent {
  readonly text: string;
  /** BCP 47 tag or null. */
  readonly lang: string | null;
  readonly direction: 'ltr' | 'rtl';
  readonly label: string;
}

export interface CardSize {
  readonly width: number;
  readonly height: number;
}

function flatMaterial(): MeshBasicMaterial {
  // No depth test: a text is never hidden by a particle in front of it. Not tone mapped: its colour and its
  // contrast (below) are the ones computed.
  return new MeshBasicMaterial({ transparent: true, depthTest: false, depthWrite: false, fog: false, toneMapped: false });
}

export class TextCard {
  readonly group = new Group();
  private readonly content = new Group();
  private readonly body = new Text();
  private readonly label = new Text();
  private readonly backdrop: Mesh<PlaneGeometry, ShaderMaterial>;
  private pending = 0;
  private measured: CardSize | undefined;
  private maxWidth = 0;
  private readonly tmp = new Color();
  private readonly bodyColor = new Color();
  private readonly labelColor = new Color();
  private backdropAlpha = 1;

  /** `track` is told of each layout started (+1) and finished (-1); `scale` sizes the text (captions are
   * smaller than stories). */
  constructor(
    font: string,
    private readonly track: (delta: number) => void,
    scale = 1,
  ) {
    for (const t of [this.body, this.label]) {
      t.font = font;
      t.material = flatMaterial();
      t.anchorX = 'center';
      t.anchorY = 'top';
      t.textAlign = 'center';
    }
    this.body.fontSize = CARD_FONT_SIZE * scale;
    this.body.lineHeight = 1.3;
    this.body.outlineWidth = '5%';
    this.body.outlineBlur = '10%';
    this.body.outlineColor = '#05060a';
    this.label.fontSize = CARD_FONT_SIZE * LABEL_SCALE * Math.max(1, scale);
    this.label.letterSpacing = 0.08;
    this.backdrop = new Mesh(
      UNIT_PLANE,
      new ShaderMaterial({
        vertexShader: BACKDROP_SHADER.vertex,
        fragmentShader: BACKDROP_SHADER.fragment,
        uniforms: {
          uSize: { value: new Vector2(1, 1) },
          uRadius: { value: RADIUS },
          uSoft: { value: SOFT },
          uColor: { value: BACKDROP.clone() },
          uOpacity: { value: 1 },
        },
        transparent: true,
        depthTest: false,
        depthWrite: false,
      }),
    );
    this.backdrop.renderOrder = RENDER_ORDER;
    this.body.renderOrder = RENDER_ORDER + 1;
    this.label.renderOrder = RENDER_ORDER + 1;
    this.content.add(this.body, this.label);
    this.group.add(this.backdrop, this.content);
    this.group.visible = false;
  }

  /** New text, or the same text wrapped to a new width (layout units): laid out again, size unknown until then. */
  set(content: CardContent, maxWidth: number): void {
    this.body.text = content.text;
    this.body.lang = content.lang;
    this.body.direction = content.direction;
    this.label.text = content.label;
    this.wrap(maxWidth, true);
  }

  /** Wraps the text to lines of at most `maxWidth` layout units (laid out again only if it changed). */
  wrap(maxWidth: number, force = false): void {
    if (!force && Math.abs(maxWidth - this.maxWidth) < 1) return;
    this.maxWidth = maxWidth;
    this.body.maxWidth = maxWidth;
    this.label.maxWidth = maxWidth;
    this.measured = undefined;
    this.group.visible = false;
    for (const t of [this.body, this.label]) {
      this.pending++;
      this.track(1);
      t.sync(() => {
        this.pending--;
        this.track(-1);
        if (this.pending === 0) this.measure();
      });
    }
  }

  /** The card's size in layout units, once its text is laid out. */
  size(): CardSize | undefined {
    return this.measured;
  }

  private measure(): void {
    const b = this.body.textRenderInfo?.blockBounds;
    const l = this.label.textRenderInfo?.blockBounds;
    if (!b || !l) return;
    // The label hangs under the body; the card is their union plus the padding.
    const labelY = b[1] - LABEL_GAP;
    this.label.position.y = labelY;
    const x0 = Math.min(b[0], l[0]);
    const x1 = Math.max(b[2], l[2]);
    const y0 = Math.min(b[1], l[1] + labelY);
    const y1 = Math.max(b[3], l[3] + labelY);
    const width = x1 - x0 + 2 * PAD;
    const height = y1 - y0 + 2 * PAD;
    this.content.position.set(PAD - x0, -PAD - y1, 0);
    this.backdrop.position.set(width / 2, -height / 2, 0);
    this.backdrop.scale.set(width, height, 1);
    (this.backdrop.material.uniforms.uSize?.value as Vector2).set(width, height);
    this.measured = { width, height };
  }

  /** The colours of a story (its emotion's) and how visible it is (0..1, fades). */
  paint([r, g, b]: readonly [number, number, number], opacity: number): void {
    this.bodyColor.setRGB(r, g, b).lerp(BODY_TINT, 0.75);
    this.labelColor.setRGB(r, g, b).lerp(BODY_TINT, 0.55);
    this.body.color = this.bodyColor.getHex();
    this.label.color = this.labelColor.getHex();
    // Opaque enough that both stay readable over a white background (the worst an additive sculpture makes).
    this.backdropAlpha = Math.max(
      backdropOpacity(srgbLuminance(this.bodyColor, this.tmp), BACKDROP_LUMINANCE, 1, AA_RATIO),
      backdropOpacity(srgbLuminance(this.labelColor, this.tmp), BACKDROP_LUMINANCE, 1, LABEL_RATIO),
    );
    this.body.fillOpacity = opacity;
    this.body.outlineOpacity = 0.7 * opacity;
    this.label.fillOpacity = opacity;
    const u = this.backdrop.material.uniforms.uOpacity;
    if (u) u.value = this.backdropAlpha * opacity;
  }

  /** The backdrop's opacity at full visibility (what the contrast rule asked for). */
  backdropOpacity(): number {
    return this.backdropAlpha;
  }

  dispose(): void {
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
