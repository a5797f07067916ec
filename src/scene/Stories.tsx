import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { Group, Matrix4, Vector3 } from 'three';
import type { DisplayedStory } from '../core/show.ts';
import { cameraWindow, screenRect } from './camera-window.ts';
import type { GetFrame } from './frame.ts';
import { layoutBoxes, VIEW_HEIGHT, type LayoutItem, type Rect } from './layout/view-layout.ts';
import { fromLayout, toLayout, unitSize, viewWidth } from './layout/view-window.ts';
import { drawableText, textDirection, type CodeRanges } from './story-text.ts';
import { CARD_FONT_SIZE, MAX_LINE_EMS, TextCard } from './text-card.ts';

/** The font every story is drawn with, served by Meshwork (no CDN), and the characters it has. */
export interface StoryFont {
  readonly url: string;
  readonly coverage: CodeRanges;
}

export interface StoriesProps {
  readonly getFrame: GetFrame;
  readonly font: StoryFont;
  /** Told how many texts are still being laid out (troika lays text out in a worker). */
  readonly onPending?: (pending: number) => void;
  /** The cells of this view in layout units (a wall of several projectors: src/scene/layout/wall-cells.ts).
   * Default: the whole view is one cell. */
  readonly cells?: readonly Rect[];
  /** Told each frame where the cards are on this screen (fractions of it, y down): what tests check. */
  readonly onLayout?: (boxes: readonly ScreenBox[]) => void;
}

export interface ScreenBox extends Rect {
  readonly id: string;
}

/** Where the texts are drawn in front of the eye, metres: any distance looks the same on a wall (they are
 * drawn over everything); in a headset it is where the eyes focus on them. */
const WALL_DEPTH = 1;
const HEADSET_DEPTH = 2;
/** A line is at most this fraction of its cell's width: a narrow projector gets narrower texts. */
const MAX_LINE_OF_CELL = 0.42;
/** Between the top of the material's anchor and the card, layout units. */
const LIFT = 8;

interface Slot {
  readonly card: TextCard;
  id: string;
}

const local = new Vector3();
const inverse = new Matrix4();

/**
 * The stories on display (ShowState.stories) as cards laid out in view space (src/scene/layout): each wants
 * to sit above its material as this view sees it, and is moved inward, shrunk or set beside another so that
 * it stays wholly inside the view (and inside its projector's part of a tiled wall) and never covers
 * another. The layout is a pure function of the stories, their measured sizes and the view, so two walls
 * with the same view at the same t draw the same picture. Cards are pooled by story id and their text laid
 * out again only when a new story takes a slot or the view's line width changes.
 */
export function Stories({ getFrame, font, onPending, cells, onLayout }: StoriesProps) {
  const root = useRef<Group>(null);
  const hud = useMemo(() => {
    const g = new Group();
    g.name = 'stories-view';
    g.matrixAutoUpdate = false;
    return g;
  }, []);
  const slots = useMemo(() => new Map<string, Slot>(), []);
  const free = useMemo<Slot[]>(() => [], []);
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
      for (const s of [...slots.values(), ...free]) s.card.dispose();
      slots.clear();
      free.length = 0;
    },
    [slots, free],
  );

  const assign = (slot: Slot, story: DisplayedStory, label: string, maxWidth: number) => {
    slot.id = story.id;
    slot.card.set(
      {
        text: drawableText(story.text, font.coverage),
        lang: story.lang === 'und' ? null : story.lang,
        direction: textDirection(story.text, story.lang),
        label: drawableText(label.toUpperCase(), font.coverage),
      },
      maxWidth,
    );
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

    const shown = new Set<string>();
    for (const story of state.stories) shown.add(story.id);
    for (const [id, slot] of slots) {
      if (shown.has(id)) continue;
      slots.delete(id);
      hud.remove(slot.card.group);
      free.push(slot);
    }

    // The view follows the camera (in a headset, the head): cards are placed in its space.
    camera.updateMatrixWorld();
    hud.matrix.copy(camera.matrixWorld);
    hud.updateMatrixWorld(true);
    inverse.copy(camera.matrixWorld).invert();

    const items: LayoutItem[] = [];
    const ready: { slot: Slot; story: DisplayedStory }[] = [];
    for (const story of state.stories) {
      let slot = slots.get(story.id);
      if (!slot) {
        slot = free.pop() ?? { card: new TextCard(font.url, track), id: '' };
        const rows = state.sculptures.find((s) => s.id === story.sculpture)?.rows;
        const label = rows?.[story.row]?.label ?? story.material;
        // A memory says where it comes from: "TEXTILE OFFCUTS · 2026".
        assign(slot, story, story.memory === undefined ? label : `${label} · ${story.memory}`, maxWidth);
        slots.set(story.id, slot);
        hud.add(slot.card.group);
      } else slot.card.wrap(maxWidth);
      const size = slot.card.size();
      if (!size) continue;
      const [x, y, z] = story.position;
      const [ax, ay] = toLayout(win, local.set(x, y, z).applyMatrix4(inverse).toArray() as [number, number, number]);
      items.push({ id: story.id, anchor: [ax, ay - LIFT], width: size.width, height: size.height });
      ready.push({ slot, story });
    }

    const boxes = layoutBoxes(view, items);
    const depth = xr ? HEADSET_DEPTH : WALL_DEPTH;
    const unit = unitSize(win) * depth;
    boxes.forEach((box, i) => {
      const entry = ready[i];
      if (!entry) return;
      const { slot, story } = entry;
      const [tx, ty] = fromLayout(win, [box.x, box.y]);
      const g = slot.card.group;
      g.position.set(tx * depth, ty * depth, -depth);
      g.scale.setScalar(unit * box.scale);
      g.visible = box.scale > 0;
      slot.card.paint(story.color, story.opacity);
    });
    if (onLayout) {
      const screen = screenRect(camera, win, xr);
      onLayout(
        boxes
          .filter((b) => b.scale > 0)
          .map((b) => ({ id: b.id, x: (b.x - screen.x) / screen.w, y: (b.y - screen.y) / screen.h, w: b.w / screen.w, h: b.h / screen.h })),
      );
    }
  });

  return <group ref={root} name="stories" />;
}
