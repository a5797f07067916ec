import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { Color, Group, Vector3 } from 'three';
import { Text } from 'troika-three-text';
import type { DisplayedStory } from '../core/show.ts';
import type { GetFrame } from './frame.ts';
import { drawableText, textDirection, type CodeRanges } from './story-text.ts';

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
}

/** Text size, metres: readable from a few metres in a headset and on a wall. */
const FONT_SIZE = 0.15;
const MAX_WIDTH = 1.8;

interface Slot {
  readonly group: Group;
  readonly body: Text;
  readonly caption: Text;
  id: string;
}

const WHITE = new Color('#f4efe6');
const tmpColor = new Color();
const eye = new Vector3();

/**
 * The stories on display (ShowState.stories) as text floating above their material, fading in and out with
 * their opacity, turned towards the viewer around the vertical axis, in the language they were written in
 * (troika lays out right-to-left scripts and joins Arabic). Text objects are pooled by story id and laid out
 * again only when a new story takes a slot; per frame only position, opacity and facing change.
 */
export function Stories({ getFrame, font, onPending }: StoriesProps) {
  const root = useRef<Group>(null);
  const slots = useMemo(() => new Map<string, Slot>(), []);
  const free = useMemo<Slot[]>(() => [], []);
  const pending = useRef(0);

  useEffect(
    () => () => {
      for (const s of [...slots.values(), ...free]) {
        s.body.dispose();
        s.caption.dispose();
      }
      slots.clear();
      free.length = 0;
    },
    [slots, free],
  );

  const layout = (t: Text) => {
    pending.current++;
    onPending?.(pending.current);
    t.sync(() => {
      pending.current--;
      onPending?.(pending.current);
    });
  };

  const makeSlot = (): Slot => {
    const group = new Group();
    const body = new Text();
    body.font = font.url;
    body.fontSize = FONT_SIZE;
    body.maxWidth = MAX_WIDTH;
    body.lineHeight = 1.3;
    body.anchorX = 'center';
    body.anchorY = 'bottom';
    body.textAlign = 'center';
    body.outlineWidth = '6%';
    body.outlineColor = '#05060a';
    body.outlineOpacity = 0.6;
    const caption = new Text();
    caption.font = font.url;
    caption.fontSize = FONT_SIZE * 0.62;
    caption.anchorX = 'center';
    caption.anchorY = 'top';
    caption.letterSpacing = 0.08;
    caption.position.y = -FONT_SIZE * 0.35;
    group.add(body, caption);
    return { group, body, caption, id: '' };
  };

  const assign = (slot: Slot, story: DisplayedStory, label: string) => {
    slot.id = story.id;
    slot.body.text = drawableText(story.text, font.coverage);
    slot.body.lang = story.lang === 'und' ? null : story.lang;
    slot.body.direction = textDirection(story.text, story.lang);
    slot.caption.text = drawableText(label.toUpperCase(), font.coverage);
    layout(slot.body);
    layout(slot.caption);
  };

  useFrame(({ camera }) => {
    const group = root.current;
    if (!group) return;
    const { state } = getFrame();
    const shown = new Set<string>();
    for (const story of state.stories) shown.add(story.id);
    for (const [id, slot] of slots) {
      if (shown.has(id)) continue;
      slots.delete(id);
      group.remove(slot.group);
      free.push(slot);
    }
    camera.getWorldPosition(eye);
    for (const story of state.stories) {
      let slot = slots.get(story.id);
      if (!slot) {
        slot = free.pop() ?? makeSlot();
        const rows = state.sculptures.find((s) => s.id === story.sculpture)?.rows;
        const label = rows?.[story.row]?.label ?? story.material;
        // A memory says where it comes from: "TEXTILE OFFCUTS · 2026".
        assign(slot, story, story.memory === undefined ? label : `${label} · ${story.memory}`);
        slots.set(story.id, slot);
        group.add(slot.group);
      }
      const [x, y, z] = story.position;
      slot.group.position.set(x, y, z);
      // Face the viewer, turning only about the vertical axis, so the text stays upright in a headset.
      slot.group.lookAt(eye.x, y, eye.z);
      const [r, g, b] = story.color;
      slot.body.color = tmpColor.setRGB(r, g, b).lerp(WHITE, 0.75).getHex();
      slot.body.fillOpacity = story.opacity;
      slot.body.outlineOpacity = 0.6 * story.opacity;
      slot.caption.color = tmpColor.setRGB(r, g, b).getHex();
      slot.caption.fillOpacity = 0.9 * story.opacity;
    }
  });

  return <group ref={root} name="stories" />;
}
