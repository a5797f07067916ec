import { BufferAttribute, CircleGeometry, Color, Group, Mesh, MeshBasicMaterial, PlaneGeometry, ShaderMaterial, SRGBColorSpace, Vector2 } from 'three';
import { toHex } from '../core/color.ts';
import type { Legend, LegendEntry } from '../core/legends.ts';
import type { Rgb } from '../core/units.ts';
import type { TextBlock } from './canvas-text.ts';
import { PRIMARY_FAMILY, type StoryFont } from './font-faces.ts';
import { drawableText, textDirection } from './story-text.ts';
import { backdropMesh, CanvasText, flatMaterial as cardMaterial, UNIT_PLANE, type CardSize } from './text-card.ts';

/**
 * A legend as the room shows it (src/core/legends.ts): its title, then per channel a heading and a
 * gradient bar with its ticks (a colour scale), swatches with names (categories) or dots of two or three
 * sizes, and the "no data" swatch when some row is drawn in that style. Like a TextCard it is drawn flat,
 * on top of everything, in layout units with its top-left corner at the origin (x right, y up); where it
 * goes and how large is the layout's business (Stories.tsx). Its texts are drawn as story cards' are (the
 * browser's text engine into a canvas, text-card.ts's CanvasText), once the font files they need are
 * loaded (font-faces.ts); its parts are placed then.
 *
 * Its backdrop is opaque, so that it reads the same over any part of the room and two walls at the same t
 * draw the same legend pixel for pixel; text and swatches are not tone mapped, so a swatch shows exactly
 * the colour the legend says (the one the sculpture's encoder gives that value).
 */

const PAD = 20;
const SOFT = 8;
const RADIUS = 8;
const TITLE_SIZE = 22;
const HEAD_SIZE = 18;
const LABEL_SIZE = 17;
const BAR_WIDTH = 240;
const BAR_HEIGHT = 18;
const SWATCH = 18;
const ROW = 26;
/** Largest dot radius of a sizes entry. */
const DOT_MAX = 15;
const DOT_MIN = 2.5;
const SECTION_GAP = 16;
const LINE_GAP = 6;
/** Categories beyond this many go into a second column. */
const ONE_COLUMN = 6;
const RENDER_ORDER = 1000;

const BACKDROP = new Color('#05060a');
const TITLE_COLOR = new Color('#f4efe6');
const TEXT_COLOR = new Color('#cdc8bf');
const DOT_COLOR: Rgb = [0.85, 0.83, 0.79];
const UNIT_CIRCLE = new CircleGeometry(0.5, 40);

/** A part of the legend whose colour a test can check: card-local layout units, y down from the top. */
export interface LegendPart {
  readonly kind: 'swatch' | 'bar';
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** A swatch: its one colour; a bar: its stops, `at` 0 (left) to 1 (right). sRGB hex. */
  readonly stops: readonly { readonly at: number; readonly color: string }[];
}

function flatMaterial(color?: Rgb): MeshBasicMaterial {
  const m = cardMaterial();
  // Data colours are sRGB (hex); three keeps colours linear and encodes them back on output.
  if (color) m.color.setRGB(color[0], color[1], color[2], SRGBColorSpace);
  return m;
}

/** A text of the legend, drawn once its fonts are in; `anchor` is which of its edges x names. */
interface LegendText {
  readonly value: string;
  readonly canvas: CanvasText;
  readonly color: Color;
  readonly anchor: 'left' | 'center' | 'right';
}

/** Drawn with this when a font did not arrive (as a story card does). */
const FALLBACK_FAMILY = `"${PRIMARY_FAMILY}"`;
/** No legend text wraps: a name or a tick stays on one line. */
const NO_WRAP = 1e6;

export class LegendCard {
  readonly group = new Group();
  private readonly content = new Group();
  private readonly texts: LegendText[] = [];
  private readonly meshes: Mesh[] = [];
  private readonly backdrop: Mesh<PlaneGeometry, ShaderMaterial>;
  private measured: CardSize | undefined;
  private laidOut: LegendPart[] = [];
  private disposed = false;

  /** `track` is told of the layout started (+1) and finished (-1), as TextCard's. */
  constructor(
    private readonly legend: Legend,
    private readonly font: StoryFont,
    private readonly track: (delta: number) => void,
  ) {
    this.backdrop = backdropMesh(RADIUS, SOFT, BACKDROP, RENDER_ORDER);
    this.group.add(this.backdrop, this.content);
    this.group.visible = false;
    this.build();
  }

  /** The legend's size in layout units, once its texts are laid out. */
  size(): CardSize | undefined {
    return this.measured;
  }

  /** The swatches and bars, where they are in the card (for tests: their pixels must match the scale). */
  parts(): readonly LegendPart[] {
    return this.laidOut;
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.texts) t.canvas.dispose();
    for (const m of this.meshes) (m.material as MeshBasicMaterial).dispose();
    for (const m of this.meshes) if (m.geometry !== UNIT_PLANE && m.geometry !== UNIT_CIRCLE) m.geometry.dispose();
    this.backdrop.material.dispose();
  }

  private text(value: string, size: number, color: Color, anchor: 'left' | 'center' | 'right' = 'left'): LegendText {
    const canvas = new CanvasText({ fontSize: size, lineHeight: 1.2 });
    canvas.mesh.renderOrder = RENDER_ORDER + 2;
    const t = { value: drawableText(value, this.font.coverage), canvas, color, anchor };
    this.texts.push(t);
    this.content.add(canvas.mesh);
    return t;
  }

  private mesh(geometry: PlaneGeometry | CircleGeometry, material: MeshBasicMaterial): Mesh {
    const m = new Mesh(geometry, material);
    m.renderOrder = RENDER_ORDER + 1;
    this.meshes.push(m);
    this.content.add(m);
    return m;
  }

  /** Makes every part; places them when the last text is laid out. */
  private build(): void {
    const steps: ((cursor: { y: number; right: number }) => void)[] = [];
    const title = this.text(this.legend.title, TITLE_SIZE, TITLE_COLOR);
    steps.push((c) => {
      const b = bounds(title);
      place(title, 0, c.y);
      c.right = Math.max(c.right, b.w);
      c.y += b.h + SECTION_GAP;
    });
    for (const entry of this.legend.entries) steps.push(this.entry(entry));
    const noData = this.legend.noData;
    if (noData) steps.push(this.swatchRows([{ label: noData.label, color: noData.color }]));
    // The legend's words are the installation's, in its data's language (none given: guessed by script).
    const faces = this.font.faces;
    const lang = this.legend.lang === 'und' ? null : this.legend.lang;
    this.track(1);
    Promise.all(this.texts.map((t) => faces.prepare(t.value, lang)))
      .catch((e: unknown) => {
        console.error('legend text: fonts did not load', e);
        return this.texts.map(() => FALLBACK_FAMILY);
      })
      .then((families) => {
        if (this.disposed) return;
        this.texts.forEach((t, i) => {
          t.canvas.draw(t.value, lang, textDirection(t.value, this.legend.lang), families[i] ?? FALLBACK_FAMILY, NO_WRAP);
          t.canvas.mesh.material.color.copy(t.color);
        });
        this.arrange(steps);
      })
      .finally(() => this.track(-1));
  }

  private arrange(steps: readonly ((cursor: { y: number; right: number }) => void)[]): void {
    this.laidOut = [];
    const cursor = { y: 0, right: 0 };
    for (const step of steps) step(cursor);
    const width = cursor.right + 2 * PAD;
    const height = cursor.y - SECTION_GAP + 2 * PAD;
    this.content.position.set(PAD, -PAD, 0);
    this.laidOut = this.laidOut.map((p) => ({ ...p, x: p.x + PAD, y: p.y + PAD }));
    this.backdrop.position.set(width / 2, -height / 2, 0);
    this.backdrop.scale.set(width, height, 1);
    (this.backdrop.material.uniforms.uSize?.value as Vector2).set(width, height);
    this.measured = { width, height };
  }

  private entry(entry: LegendEntry): (cursor: { y: number; right: number }) => void {
    const head = this.text(entry.title, HEAD_SIZE, TEXT_COLOR);
    const body = this.body(entry);
    return (c) => {
      const b = bounds(head);
      place(head, 0, c.y);
      c.right = Math.max(c.right, b.w);
      c.y += b.h + LINE_GAP;
      body(c);
    };
  }

  private body(entry: LegendEntry): (cursor: { y: number; right: number }) => void {
    switch (entry.kind) {
      case 'color-scale':
        return this.bar(entry.stops, entry.ticks);
      case 'categories':
        return this.swatchRows(entry.items, entry.more);
      case 'sizes':
        return this.dots(entry.items, entry.unit, entry.more);
      default: {
        const never: never = entry;
        throw new Error(`unknown legend entry ${String(never)}`);
      }
    }
  }

  private bar(stops: readonly { at: number; color: Rgb }[], ticks: readonly { at: number; label: string }[]): (cursor: { y: number; right: number }) => void {
    // A strip of quads whose vertex colours are the stops (linear, as three blends them).
    const geometry = new PlaneGeometry(1, 1, Math.max(1, stops.length - 1), 1);
    const pos = geometry.getAttribute('position');
    const colors = new Float32Array(pos.count * 3);
    const tmp = new Color();
    for (let v = 0; v < pos.count; v++) {
      const stop = stops[v % stops.length] ?? stops[0];
      if (!stop) break;
      pos.setX(v, stop.at - 0.5);
      tmp.setRGB(stop.color[0], stop.color[1], stop.color[2], SRGBColorSpace);
      colors.set([tmp.r, tmp.g, tmp.b], v * 3);
    }
    geometry.setAttribute('color', new BufferAttribute(colors, 3));
    const material = flatMaterial();
    material.vertexColors = true;
    const mesh = this.mesh(geometry, material);
    const labels = ticks.map((t) => ({ at: t.at, text: this.text(t.label, LABEL_SIZE, TEXT_COLOR, t.at <= 0 ? 'left' : t.at >= 1 ? 'right' : 'center') }));
    return (c) => {
      mesh.position.set(BAR_WIDTH / 2, -(c.y + BAR_HEIGHT / 2), 0);
      mesh.scale.set(BAR_WIDTH, BAR_HEIGHT, 1);
      this.laidOut.push({
        kind: 'bar',
        label: ticks.map((t) => t.label).join(' … '),
        x: 0,
        y: c.y,
        w: BAR_WIDTH,
        h: BAR_HEIGHT,
        stops: stops.map((s) => ({ at: s.at, color: toHex(s.color) })),
      });
      c.y += BAR_HEIGHT + 4;
      let tall = 0;
      for (const l of labels) {
        place(l.text, l.at * BAR_WIDTH, c.y);
        tall = Math.max(tall, bounds(l.text).h);
      }
      c.right = Math.max(c.right, BAR_WIDTH);
      c.y += tall + SECTION_GAP;
    };
  }

  private swatchRows(items: readonly { label: string; color: Rgb }[], more = 0): (cursor: { y: number; right: number }) => void {
    const rows = items.map((it) => ({ ...it, swatch: this.mesh(UNIT_PLANE, flatMaterial(it.color)), text: this.text(it.label, LABEL_SIZE, TEXT_COLOR) }));
    const rest = more > 0 ? this.text(`+${more}`, LABEL_SIZE, TEXT_COLOR) : undefined;
    return (c) => {
      const cols = rows.length > ONE_COLUMN ? 2 : 1;
      const perCol = Math.ceil(rows.length / cols);
      let x = 0;
      for (let col = 0; col < cols; col++) {
        const mine = rows.slice(col * perCol, (col + 1) * perCol);
        let widest = 0;
        mine.forEach((r, k) => {
          const top = c.y + k * ROW + (ROW - SWATCH) / 2;
          r.swatch.position.set(x + SWATCH / 2, -(top + SWATCH / 2), 0);
          r.swatch.scale.set(SWATCH, SWATCH, 1);
          const b = bounds(r.text);
          place(r.text, x + SWATCH + 8, c.y + k * ROW + (ROW - b.h) / 2);
          widest = Math.max(widest, SWATCH + 8 + b.w);
          this.laidOut.push({ kind: 'swatch', label: r.label, x, y: top, w: SWATCH, h: SWATCH, stops: [{ at: 0, color: toHex(r.color) }] });
        });
        x += widest + 2 * SWATCH;
        c.right = Math.max(c.right, x - 2 * SWATCH);
      }
      c.y += perCol * ROW;
      if (rest) c.y += place(rest, 0, c.y) + LINE_GAP;
      c.y += SECTION_GAP;
    };
  }

  private dots(items: readonly { label: string; value: number }[], unit: 'metres' | 'particles', more: number): (cursor: { y: number; right: number }) => void {
    const largest = Math.max(...items.map((i) => Math.abs(i.value)), 1e-9);
    const dots = items.map((it) => {
      // A size is a diameter; a count of particles reads as an area.
      const k = Math.abs(it.value) / largest;
      const r = Math.max(DOT_MIN, DOT_MAX * (unit === 'particles' ? Math.sqrt(k) : k));
      return { r, dot: this.mesh(UNIT_CIRCLE, flatMaterial(DOT_COLOR)), text: this.text(it.label, LABEL_SIZE, TEXT_COLOR, 'center') };
    });
    const rest = more > 0 ? this.text(`+${more}`, LABEL_SIZE, TEXT_COLOR) : undefined;
    return (c) => {
      let x = 0;
      let tall = 0;
      for (const d of dots) {
        const b = bounds(d.text);
        const slot = Math.max(2 * DOT_MAX, b.w) + 14;
        d.dot.position.set(x + slot / 2, -(c.y + DOT_MAX), 0);
        d.dot.scale.set(2 * d.r, 2 * d.r, 1);
        place(d.text, x + slot / 2, c.y + 2 * DOT_MAX + 4);
        tall = Math.max(tall, b.h);
        x += slot;
      }
      if (rest) place(rest, x, c.y + DOT_MAX - LABEL_SIZE / 2);
      c.right = Math.max(c.right, x + (rest ? bounds(rest).w : 0));
      c.y += 2 * DOT_MAX + 4 + tall + SECTION_GAP;
    };
  }
}

/** A drawn text's size, layout units. */
function bounds(t: LegendText): { w: number; h: number } {
  const b = t.canvas.block;
  return b ? { w: b.width, h: b.height } : { w: 0, h: 0 };
}

/** Puts a text with its top at y (y down) and its anchor edge at x; returns its height. */
function place(t: LegendText, x: number, y: number): number {
  const b: TextBlock | undefined = t.canvas.block;
  if (!b) return 0;
  const left = t.anchor === 'left' ? x : t.anchor === 'center' ? x - b.width / 2 : x - b.width;
  // The canvas holds every pixel of ink around the nominal block (canvas-text.ts): its rectangle is
  // relative to the block's top-left corner, y down.
  t.canvas.mesh.position.set(left + b.canvasX + b.canvasWidth / 2, -(y + b.canvasY + b.canvasHeight / 2), 0);
  return b.height;
}
