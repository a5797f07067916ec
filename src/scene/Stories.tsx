import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { Group, Matrix4, PerspectiveCamera, Vector3 } from 'three';
import type { Rgb, Vec3 } from '../core/units.ts';
import { cameraWindow, screenRect } from './camera-window.ts';
import type { GetFrame } from './frame.ts';
import { cornerBoxes } from './layout/corner-boxes.ts';
import { layoutBoxes, VIEW_HEIGHT, type LayoutItem, type PlacedBox, type Rect } from './layout/view-layout.ts';
import { fromLayout, toLayout, unitSize, viewWidth } from './layout/view-window.ts';
import type { StoryFont } from './font-faces.ts';
import { dataLang } from '../core/text.ts';
import { cardText, textDirection } from './story-text.ts';
import { CARD_FONT_SIZE, MAX_LINE_EMS, TextCard, type CardContent } from './text-card.ts';
import type { Legend } from '../core/legends.ts';
import { LegendCard, type LegendPart } from './legend-card.ts';
import { legendPlaces, type LegendView } from './legend-view.ts';

export type { StoryFont } from './font-faces.ts';

export interface StoriesProps {
  readonly getFrame: GetFrame;
  readonly font: StoryFont;
  /** Told how many texts are still being laid out (waiting for their fonts). */
  readonly onPending?: (pending: number) => void;
  /** The cells of this view in layout units (a wall of several projectors: src/scene/layout/wall-cells.ts).
   * Default: the whole view is one cell. */
  readonly cells?: readonly Rect[];
  /** Told each frame where the cards are on this screen (fractions of it, y down): what tests check. */
  readonly onLayout?: (boxes: readonly ScreenBox[]) => void;
  /** The wall this view is (its id under displays.walls), for the legends it shows in its corner. Default:
   * the desktop preview. */
  readonly wall?: string;
}

export interface ScreenBox extends Rect {
  /** `story:<id>`, `caption:<sculpture>/<row key>` or `legend:<sculpture>`. */
  readonly id: string;
  /** A legend's swatches and bars, fractions of this screen like the box. */
  readonly parts?: readonly LegendPart[];
}

/** Where the texts are drawn in front of the eye, metres: any distance looks the same on a wall (they are
 * drawn over everything); in a headset it is where the eyes focus on them. */
const WALL_DEPTH = 1;
const HEADSET_DEPTH = 2;
/** A line is at most this fraction of its cell's width: a narrow projector gets narrower texts. */
const MAX_LINE_OF_CELL = 0.42;
/** Between the anchor and the card, layout units. */
const LIFT = 8;
/** A caption of this height (metres, its `size`) is drawn at the stories' text size; others in proportion,
 * within 0.7 to 1.4 of it. */
const CAPTION_REFERENCE_SIZE = 0.12;
/** Captions wrap narrower than stories. */
const CAPTION_WIDTH = 0.75;

interface Slot {
  readonly card: TextCard;
  /** `story:<id>` or `caption:<sculpture>/<row key>`: what onLayout reports. */
  readonly id: string;
}

/** A legend's card, made again when a new installation version brings a new legend. */
interface LegendSlot {
  readonly card: LegendCard;
  readonly legend: Legend;
}

/** What the frame draws, in layout order. */
interface Drawn {
  readonly id: string;
  readonly group: Group;
  readonly paint?: () => void;
  readonly parts?: readonly LegendPart[];
}

const local = new Vector3();
const inverse = new Matrix4();

/**
 * The texts in the room: the legends (ShowState.legends), the stories on display (ShowState.stories) and
 * the rows' captions (ShowState.captions), as cards laid out in view space (src/scene/layout). A legend
 * asked for in a corner is placed first, fixed in that corner (layout/corner-boxes.ts), and everything else
 * goes around it; a legend in the room is laid out like a story anchored at its position, before the
 * stories. A story wants to sit above its material as this view sees it, a caption to hang under its row;
 * each is moved inward, shrunk or set beside another so that it stays wholly inside the view (and inside
 * its projector's part of a tiled wall) and never covers another. The layout is a pure function of the texts, their measured sizes and the view,
 * so two walls with the same view at the same t draw the same picture. A card is made and its text laid
 * out when its text appears, again only when the view's line width changes, and dropped when it goes.
 */
export function Stories({ getFrame, font, onPending, cells, onLayout, wall }: StoriesProps) {
  const root = useRef<Group>(null);
  const hud = useMemo(() => {
    const g = new Group();
    g.name = 'stories-view';
    g.matrixAutoUpdate = false;
    return g;
  }, []);
  const slots = useMemo(() => new Map<string, Slot>(), []);
  const legendSlots = useMemo(() => new Map<string, LegendSlot>(), []);
  const wanted = useMemo(() => new Set<string>(), []);
  const pending = useRef(0);
  const track = useMemo(
    () => (delta: number) => {
      pending.current += delta;
      onPending?.(pending.current);
    },
    [onPending],
  );

  useEffect(
    () => () => {
      for (const s of slots.values()) s.card.dispose();
      slots.clear();
      for (const s of legendSlots.values()) s.card.dispose();
      legendSlots.clear();
    },
    [slots, legendSlots],
  );

  /** The card of a legend (made and laid out the first time its legend is seen). */
  const legendCard = (legend: Legend): LegendCard => {
    const id = `legend:${legend.sculpture}`;
    wanted.add(id);
    const slot = legendSlots.get(id);
    if (slot?.legend === legend) return slot.card;
    if (slot) {
      hud.remove(slot.card.group);
      slot.card.dispose();
    }
    const card = new LegendCard(legend, font, track);
    legendSlots.set(id, { card, legend });
    hud.add(card.group);
    return card;
  };

  /** The card of `id` (made and laid out the first time), wrapped to `maxWidth`; kept while wanted. */
  const slotFor = (id: string, scale: number, maxWidth: number, make: () => CardContent): Slot => {
    wanted.add(id);
    let slot = slots.get(id);
    if (!slot) {
      slot = { card: new TextCard(font, track, scale), id };
      slot.card.set(make(), maxWidth);
      slots.set(id, slot);
      hud.add(slot.card.group);
    } else slot.card.wrap(maxWidth);
    return slot;
  };

  /** `labelLang`: the language of the data the label comes from (dataLang). */
  const content = (text: string, lang: string, label: string, labelLang: string): CardContent => {
    const l = cardText(label, labelLang, font.coverage, 'label');
    return { ...cardText(text, lang, font.coverage), direction: textDirection(text, lang), label: l.text, labelLang: l.lang };
  };

  useFrame(({ camera, gl }) => {
    const group = root.current;
    if (!group) return;
    if (hud.parent !== group) group.add(hud);
    const { state } = getFrame();
    const xr = gl.xr.isPresenting;
    const win = cameraWindow(camera, xr);
    const width = viewWidth(win);
    const view = cells ?? [{ x: 0, y: 0, w: width, h: VIEW_HEIGHT }];
    const narrowest = Math.min(...view.map((c) => c.w));
    const maxWidth = Math.min(MAX_LINE_EMS * CARD_FONT_SIZE, MAX_LINE_OF_CELL * narrowest);

    // The view follows the camera (in a headset, the head): cards are placed in its space. In a headset the
    // camera still holds the last frame's pose here (three copies this frame's into it only inside render),
    // so it is brought up to this frame first: else the cards trail the head by a frame as it turns.
    if (xr && camera instanceof PerspectiveCamera) gl.xr.updateCamera(camera);
    camera.updateMatrixWorld();
    hud.matrix.copy(camera.matrixWorld);
    hud.updateMatrixWorld(true);
    inverse.copy(camera.matrixWorld).invert();

    const items: LayoutItem[] = [];
    const ready: Drawn[] = [];
    const place = (drawn: Drawn, size: { width: number; height: number } | undefined, anchor: Vec3, hang: 'above' | 'below') => {
      if (!size) return;
      const [ax, ay] = toLayout(win, local.set(anchor[0], anchor[1], anchor[2]).applyMatrix4(inverse).toArray() as [number, number, number]);
      items.push({ id: drawn.id, anchor: [ax, hang === 'above' ? ay - LIFT : ay + LIFT], hang, width: size.width, height: size.height });
      ready.push(drawn);
    };
    const text = (slot: Slot, anchor: Vec3, hang: 'above' | 'below', color: Rgb, opacity: number) =>
      place({ id: slot.id, group: slot.card.group, paint: () => slot.card.paint(color, opacity) }, slot.card.size(), anchor, hang);

    // Legends first: corner ones fixed before any text, room ones laid out ahead of the stories.
    const legendView: LegendView = xr ? { kind: 'headset' } : wall !== undefined ? { kind: 'wall', id: wall } : { kind: 'desktop' };
    const { corner, room } = legendPlaces(state.legends, legendView);
    const fixedLegends: { drawn: Drawn; width: number; height: number; legend: Legend }[] = [];
    for (const legend of corner) {
      const card = legendCard(legend);
      const size = card.size();
      if (size) fixedLegends.push({ drawn: { id: `legend:${legend.sculpture}`, group: card.group, parts: card.parts() }, ...size, legend });
    }
    const fixed = cornerBoxes(
      { x: 0, y: 0, w: width, h: VIEW_HEIGHT },
      view,
      fixedLegends.map((f) => ({ id: f.drawn.id, corner: f.legend.corner, width: f.width, height: f.height })),
    );
    for (const legend of room) {
      const card = legendCard(legend);
      place({ id: `legend:${legend.sculpture}`, group: card.group, parts: card.parts() }, card.size(), legend.position, 'above');
    }
    const spec = state.installation.spec;
    const labelOf = (sculpture: string | null, row: number, fallback: string) =>
      state.sculptures.find((sc) => sc.id === sculpture)?.rows[row]?.label ?? fallback;
    // Stories first: they are placed before captions, so a caption gives way to a story, never the reverse.
    for (const story of state.stories) {
      const slot = slotFor(`story:${story.id}`, 1, maxWidth, () => {
        const label = labelOf(story.sculpture, story.row, story.material);
        // A memory says where it comes from: "TEXTILE OFFCUTS · 2026".
        return content(story.text, story.lang, story.memory === undefined ? label : `${label} · ${story.memory}`, dataLang(spec, story.sculpture));
      });
      text(slot, story.position, 'above', story.color, story.opacity);
    }
    for (const c of state.captions) {
      const scale = Math.min(Math.max(c.size / CAPTION_REFERENCE_SIZE, 0.7), 1.4);
      const slot = slotFor(`caption:${c.sculpture}/${c.key}`, scale, maxWidth * CAPTION_WIDTH, () => {
        // A caption is its data's text, in its data's language.
        const lang = dataLang(spec, c.sculpture);
        return content(c.text, lang, labelOf(c.sculpture, c.row, c.key), lang);
      });
      text(slot, c.anchor, 'below', c.color, c.opacity);
    }
    for (const [id, slot] of slots) {
      if (wanted.has(id)) continue;
      slots.delete(id);
      hud.remove(slot.card.group);
      slot.card.dispose();
    }
    for (const [id, slot] of legendSlots) {
      if (wanted.has(id)) continue;
      legendSlots.delete(id);
      hud.remove(slot.card.group);
      slot.card.dispose();
    }
    wanted.clear();

    const boxes: PlacedBox[] = [...fixed, ...layoutBoxes(view, items, { fixed })];
    const drawn = [...fixedLegends.map((f) => f.drawn), ...ready];
    const depth = xr ? HEADSET_DEPTH : WALL_DEPTH;
    const unit = unitSize(win) * depth;
    boxes.forEach((box, i) => {
      const entry = drawn[i];
      if (!entry) return;
      const [tx, ty] = fromLayout(win, [box.x, box.y]);
      const g = entry.group;
      g.position.set(tx * depth, ty * depth, -depth);
      g.scale.setScalar(unit * box.scale);
      g.visible = box.scale > 0;
      entry.paint?.();
    });
    if (onLayout) {
      const screen = screenRect(camera, win, xr);
      const toScreen = (x: number, y: number, w: number, h: number) => ({
        x: (x - screen.x) / screen.w,
        y: (y - screen.y) / screen.h,
        w: w / screen.w,
        h: h / screen.h,
      });
      onLayout(
        boxes.flatMap((b, i) => {
          if (b.scale <= 0) return [];
          const parts = drawn[i]?.parts?.map((p) => ({ ...p, ...toScreen(b.x + p.x * b.scale, b.y + p.y * b.scale, p.w * b.scale, p.h * b.scale) }));
          return [{ id: b.id, ...toScreen(b.x, b.y, b.w, b.h), ...(parts ? { parts } : {}) }];
        }),
      );
    }
  });

  return <group ref={root} name="stories" />;
}
