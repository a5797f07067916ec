import { z } from 'zod';
import { identifier, vec3, withDefault } from './common.ts';
import { field } from './channels.ts';

/** What a sculpture takes from its data's rows (`filter`), and what it shows of them besides particles
 * (`caption`, `legend`). The rules that read these live in src/core/row-filter.ts, captions.ts, legends.ts. */

const filterValue = z.union([z.string(), z.number()]);

export const filterCondition = z.strictObject({
  field: field.meta({ description: 'The field the condition tests.' }),
  equals: filterValue.optional().meta({ description: 'Keep rows whose value is this one (text compared exactly, numbers as numbers).' }),
  oneOf: z.array(filterValue).min(1).optional().meta({ description: 'Keep rows whose value is one of these.' }),
  range: z.tuple([z.number(), z.number()]).optional().meta({ description: 'Keep rows whose number lies in [low, high], both ends included.' }),
  min: z.number().optional().meta({ description: 'Keep rows whose number is at least this.' }),
  max: z.number().optional().meta({ description: 'Keep rows whose number is at most this.' }),
});
export type FilterCondition = z.infer<typeof filterCondition>;

export const rowFilter = z.union([filterCondition, z.array(filterCondition).min(1)]).meta({
  description:
    'Which rows of the data this sculpture draws, so one file can feed several sculptures: a condition (`{ field, equals | oneOf | range | min | max }`) or a list of them, all of which a row must meet. A row with an empty value in a tested field is left out. Scales keep the whole file\u2019s extent, so equal values look alike in every sculpture. Default: every row.',
});
export type RowFilter = z.infer<typeof rowFilter>;

/** Defaults of a caption, one constant for the schema's descriptions and for captions.ts. */
export const CAPTION_DEFAULTS = { max: 6, seconds: 12, size: 0.09 } as const;

export const captionObject = z.strictObject({
  field: field.meta({ description: 'The text field shown under each row, e.g. a note in any language.' }),
  max: withDefault(z.number().int().positive(), CAPTION_DEFAULTS.max, 'Most captions in the room at once; with more rows they take turns, `max` at a time.'),
  seconds: withDefault(z.number().positive(), CAPTION_DEFAULTS.seconds, 'How long each turn of captions stays (seconds), when they take turns.'),
  size: withDefault(z.number().positive(), CAPTION_DEFAULTS.size, 'Height of the caption text in metres.'),
});
export const caption = z.union([field, captionObject]).meta({
  description:
    'A text field of each row shown in the room, under its row: the field name, or `{ field, max, seconds, size }`. Rows with an empty value have no caption (and `check` says so).',
});
export type CaptionSpec = z.infer<typeof caption>;

export const LEGEND_CHANNELS = ['color', 'size', 'extent', 'count'] as const;
export type LegendChannel = (typeof LEGEND_CHANNELS)[number];
export const LEGEND_CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
export type LegendCorner = (typeof LEGEND_CORNERS)[number];

/** Defaults of a legend, one constant for the schema's descriptions and for legends.ts. */
export const LEGEND_DEFAULTS = { place: 'corner', corner: 'bottom-right', noData: 'no data' } as const;

export const legendObject = z.strictObject({
  channels: z.array(z.enum(LEGEND_CHANNELS)).min(1).optional().meta({
    description:
      'The channels the legend explains: color (a colour scale or categories), size, extent, count (sizes). Each must be mapped from a field. Default: every one of them that is.',
  }),
  title: z.string().min(1).optional().meta({ description: "The legend's heading. Default: the sculpture's id." }),
  titles: z
    .partialRecord(z.enum(LEGEND_CHANNELS), z.string().min(1))
    .optional()
    .meta({ description: 'A heading per channel, e.g. `{ color: "Mercury (mg/kg)" }`. Default: the field name.' }),
  noData: withDefault(z.string().min(1), LEGEND_DEFAULTS.noData, 'The words beside the "no data" swatch, in the language of the room.'),
  place: withDefault(
    z.enum(['corner', 'room']),
    LEGEND_DEFAULTS.place,
    "corner: in a corner of each wall's view (headsets, which have no corner, show it at `position`); room: floating at `position`.",
  ),
  corner: withDefault(z.enum(LEGEND_CORNERS), LEGEND_DEFAULTS.corner, 'With `place: corner`: which corner.'),
  walls: z
    .array(identifier)
    .min(1)
    .optional()
    .meta({ description: 'With `place: corner`: the walls (ids under displays.walls) that show it. Default: every wall and the desktop preview.' }),
  position: vec3.optional().meta({ description: "Where the legend floats in the room (metres). Default: 2.4 m above the sculpture's centre." }),
});
export const legend = z.union([z.literal(true), legendObject]).meta({
  description:
    'A legend for the room: `true` (every field-mapped channel, in the bottom-right corner of each wall) or `{ channels, title, place, corner, walls, position }`.',
});
export type LegendSpec = z.infer<typeof legend>;
