import type { EncodedSculpture } from './encode.ts';
import type { SculptureSpec } from './schema/installation.ts';
import { CAPTION_DEFAULTS, type CaptionSpec } from './schema/rows.ts';
import { clamp, type Rgb, type Seconds, type Vec3 } from './units.ts';

/** A caption in the room at one moment: a text field of one row, under its row. What the scene draws. */
export interface DisplayedCaption {
  readonly sculpture: string;
  /** The row's index in its sculpture (EncodedRow.index) and its key. */
  readonly row: number;
  readonly key: string;
  readonly text: string;
  /** Top centre of the text, metres: just under the row's shape (stories float above it). The text hangs
   * down from here. */
  readonly anchor: Vec3;
  /** Text height, metres. */
  readonly size: number;
  /** The row's colour, for an accent (the text itself should stay readable: light on a soft backdrop). */
  readonly color: Rgb;
  /** 0..1: fades over CAPTION_FADE seconds at each end of its turn; 1 throughout when all fit at once. */
  readonly opacity: number;
}

/** Fade in and out of a turn of captions, seconds. */
export const CAPTION_FADE: Seconds = 1;
/** Gap between a row's shape and its caption, metres. */
const CAPTION_GAP = 0.12;

/** A caption spec with its defaults, or undefined when the sculpture has none. */
export function captionOptions(c: CaptionSpec | undefined): { field: string; max: number; seconds: Seconds; size: number } | undefined {
  if (c === undefined) return undefined;
  if (typeof c === 'string') return { field: c, ...CAPTION_DEFAULTS };
  return { field: c.field, max: c.max, seconds: c.seconds, size: c.size };
}

/** The field a sculpture's captions show. */
export const captionField = (c: CaptionSpec | undefined): string | undefined => captionOptions(c)?.field;

/**
 * The captions in the room at t. When a sculpture's captioned rows fit in `max`, all are shown all the time;
 * otherwise they take turns: turn k = floor(t / seconds) shows `max` consecutive captioned rows starting
 * at k * max (wrapping), so every row gets its turn and every screen agrees at equal t. O(shown captions).
 */
export function captionsAt(specs: readonly SculptureSpec[], sculptures: readonly EncodedSculpture[], t: Seconds): DisplayedCaption[] {
  const out: DisplayedCaption[] = [];
  specs.forEach((spec, i) => {
    const options = captionOptions(spec.caption);
    const sculpture = sculptures[i];
    if (!options || !sculpture) return;
    const rows = captionedRows(sculpture);
    const n = rows.length;
    if (n === 0) return;
    const fits = n <= options.max;
    const turn = Math.floor(t / options.seconds);
    const into = t - turn * options.seconds;
    const opacity = fits ? 1 : clamp(Math.min(into / CAPTION_FADE, (options.seconds - into) / CAPTION_FADE), 0, 1);
    const start = fits ? 0 : (((turn * options.max) % n) + n) % n;
    for (let j = 0; j < Math.min(n, options.max); j++) {
      const r = sculpture.rows[rows[(start + j) % n] as number];
      if (!r || r.caption === undefined) continue;
      out.push({
        sculpture: sculpture.id,
        row: r.index,
        key: r.key,
        text: r.caption,
        anchor: [r.position[0], r.position[1] - r.extent / 2 - CAPTION_GAP, r.position[2]],
        size: options.size,
        color: r.color,
        opacity,
      });
    }
  });
  return out;
}

const captionedCache = new WeakMap<EncodedSculpture, readonly number[]>();
/** Indices of the rows that have a caption (computed once per encoded sculpture). */
function captionedRows(s: EncodedSculpture): readonly number[] {
  let list = captionedCache.get(s);
  if (!list) {
    list = s.rows.filter((r) => r.caption !== undefined).map((r) => r.index);
    captionedCache.set(s, list);
  }
  return list;
}
