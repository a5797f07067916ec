import type { Installation } from './installation.ts';
import type { DataTable, FieldInfo, Row } from './data.ts';
import type { SculptureSpec } from './schema/installation.ts';
import { LEGEND_CHANNELS, LEGEND_DEFAULTS, type LegendChannel, type LegendCorner } from './schema/rows.ts';
import { colorEncoder, DEFAULT_RANGES, encodeSculptures, NO_DATA_COLOR, numberEncoder, type EncodedSculpture } from './encode.ts';
import { invertScale, scaleType } from './scale.ts';
import { parseHex } from './color.ts';
import { dataLang } from './text.ts';
import type { Rgb, Vec3 } from './units.ts';

/**
 * Legends: what a colour or a size means, as the scene draws it. Derived from the installation alone (the
 * same encoders that colour and size the rows, evaluated at chosen field values), so a legend cannot say
 * something other than what the room shows. Computed once per installation.
 */

/** A sequential colour scale: a gradient bar from `at` 0 (left/bottom) to 1, with value ticks on it. */
export interface ColorScaleEntry {
  readonly kind: 'color-scale';
  readonly channel: 'color';
  readonly field: string;
  readonly title: string;
  /** Gradient stops along the bar, `at` in 0..1 ascending. */
  readonly stops: readonly { readonly at: number; readonly color: Rgb }[];
  /** Field values written on the bar at their place. */
  readonly ticks: readonly { readonly at: number; readonly label: string }[];
}

/** Categories: one swatch per value of a text field (or per category of an ordinal scale). */
export interface CategoriesEntry {
  readonly kind: 'categories';
  readonly channel: 'color';
  readonly field: string;
  readonly title: string;
  readonly items: readonly { readonly label: string; readonly color: Rgb }[];
  /** Categories left out of `items` (beyond MAX_LEGEND_ITEMS). */
  readonly more: number;
}

/** Sizes: sample field values with the channel's output (particle size or shape size in metres, or the
 * number of particles). */
export interface SizesEntry {
  readonly kind: 'sizes';
  readonly channel: Exclude<LegendChannel, 'color'>;
  readonly field: string;
  readonly title: string;
  readonly unit: 'metres' | 'particles';
  readonly items: readonly { readonly label: string; readonly value: number }[];
  readonly more: number;
}

export type LegendEntry = ColorScaleEntry | CategoriesEntry | SizesEntry;

export interface Legend {
  /** The sculpture it explains. */
  readonly sculpture: string;
  readonly title: string;
  /** The language of its words (its sculpture's data: `dataLang`), `und` when none is given. */
  readonly lang: string;
  /** corner: in `corner` of each view of `walls` (and of the desktop preview); a headset, which has no
   * corner, shows it at `position`. room: floating at `position`. */
  readonly place: 'corner' | 'room';
  readonly corner: LegendCorner;
  /** Walls that show a corner legend; null: every wall. */
  readonly walls: readonly string[] | null;
  /** In the room, metres: where it floats (place room, or a corner legend in a headset). */
  readonly position: Vec3;
  readonly entries: readonly LegendEntry[];
  /** The "no data" swatch, when some row of the sculpture is drawn in that style. */
  readonly noData?: { readonly label: string; readonly color: Rgb };
}

/** Most swatches or sizes in one entry. */
export const MAX_LEGEND_ITEMS = 12;
/** Stops of a colour-scale gradient. */
const GRADIENT_STOPS = 9;
/** Height of a room legend above its sculpture's centre, metres. */
const ROOM_LEGEND_HEIGHT = 2.4;

/** A field value as a legend writes it: three significant digits, no exponent for everyday magnitudes. */
export function formatTick(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return v.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(3)));
}

const cache = new WeakMap<Installation, readonly Legend[]>();

/** Every legend of the installation, in sculpture order. */
export function legendsOf(installation: Installation): readonly Legend[] {
  let out = cache.get(installation);
  if (!out) {
    const encoded = encodeSculptures(installation);
    out = installation.spec.sculptures.flatMap((s, i) => {
      const table = installation.data[s.data];
      const e = encoded[i];
      return s.legend && table && e ? [legendOf(s, table, e, dataLang(installation.spec, s.id))] : [];
    });
    cache.set(installation, out);
  }
  return out;
}

/** The channels of a sculpture a legend can explain: those mapped from a field. */
export function legendChannels(s: SculptureSpec): LegendChannel[] {
  return LEGEND_CHANNELS.filter((c) => {
    const ch = s[c];
    return typeof ch === 'object' && ch.field !== undefined;
  });
}

function legendOf(s: SculptureSpec, table: DataTable, encoded: EncodedSculpture, lang: string): Legend {
  const spec = s.legend === true || s.legend === undefined ? undefined : s.legend;
  const channels = (spec?.channels ?? legendChannels(s)).filter((c) => legendChannels(s).includes(c));
  const entries = channels.flatMap((c) => {
    const e = entryOf(s, c, table, spec?.titles?.[c]);
    return e ? [e] : [];
  });
  const [cx, cy, cz] = s.placement.center;
  const noData = encoded.rows.some((r) => r.noData.length > 0);
  return {
    sculpture: s.id,
    title: spec?.title ?? s.id,
    lang,
    place: spec?.place ?? LEGEND_DEFAULTS.place,
    corner: spec?.corner ?? LEGEND_DEFAULTS.corner,
    walls: spec?.walls ?? null,
    position: spec?.position ?? [cx, cy + ROOM_LEGEND_HEIGHT, cz],
    entries,
    ...(noData ? { noData: { label: spec?.noData ?? LEGEND_DEFAULTS.noData, color: parseHex(NO_DATA_COLOR) } } : {}),
  };
}

function entryOf(s: SculptureSpec, channel: LegendChannel, table: DataTable, title: string | undefined): LegendEntry | undefined {
  const ch = s[channel];
  if (typeof ch !== 'object' || ch.field === undefined) return undefined;
  const field = ch.field;
  const info = table.fields.find((f) => f.name === field);
  if (!info) return undefined;
  // A column with no value and no domain has no scale to show: its rows are all in the "no data" swatch.
  if (info.type === 'number' && info.extent.length === 0 && !ch.scale?.domain) return undefined;
  const heading = title ?? field;
  const at = (v: number | string): Row => ({ [field]: v });
  const categories = (ch.scale?.domain ?? info.categories).map(String);
  const shown = categories.slice(0, MAX_LEGEND_ITEMS);
  const more = categories.length - shown.length;
  const ordinal = scaleType(ch.scale, info) === 'ordinal';
  if (channel === 'color') {
    const color = colorEncoder(s.color, table);
    if (ordinal) return { kind: 'categories', channel, field, title: heading, items: shown.map((c) => ({ label: c, color: color(at(c)) })), more };
    const stops = Array.from({ length: GRADIENT_STOPS }, (_, i) => {
      const k = i / (GRADIENT_STOPS - 1);
      return { at: k, color: color(at(valueAt(ch.scale, info, k))) };
    });
    return { kind: 'color-scale', channel, field, title: heading, stops, ticks: ticksOf(ch.scale, info) };
  }
  const encode = numberEncoder(s[channel], table, DEFAULT_RANGES[channel]);
  const unit = channel === 'count' ? 'particles' : 'metres';
  if (ordinal) return { kind: 'sizes', channel, field, title: heading, unit, items: shown.map((c) => ({ label: c, value: encode(at(c)) })), more };
  const items = ticksOf(ch.scale, info).map((t) => ({ label: t.label, value: encode(at(valueAt(ch.scale, info, t.at))) }));
  return { kind: 'sizes', channel, field, title: heading, unit, items, more: 0 };
}

type ScaleLike = Parameters<typeof invertScale>[0];
const valueAt = (scale: ScaleLike, info: FieldInfo, k: number): number => invertScale(scale, info, k) ?? 0;

/** Ticks at both ends of the scale and its middle, each at its place on the bar. */
function ticksOf(scale: ScaleLike, info: FieldInfo): { at: number; label: string }[] {
  return [0, 0.5, 1].map((k) => ({ at: k, label: formatTick(valueAt(scale, info, k)) }));
}
