import { z } from 'zod';
import { SCALE_DEFAULTS } from '../scale.ts';
import { color, identifier, primitive, withDefault } from './common.ts';

/**
 * Encoding channels, in the spirit of Vega-Lite: a channel is either a constant (`value`, or the bare value
 * as shorthand) or a data field mapped through a scale. The scale's domain defaults to the field's extent in
 * the data (numbers) or its distinct values in order of appearance (text).
 */

export const SCALE_TYPES = ['linear', 'sqrt', 'log', 'pow', 'ordinal'] as const;
export type ScaleType = (typeof SCALE_TYPES)[number];

const scaleCommon = {
  type: z.enum(SCALE_TYPES).optional().meta({ description: 'How field values map to the range. Default: linear for numbers, ordinal for text.' }),
  domain: z
    .array(z.union([z.number(), z.string()]))
    .min(1)
    .optional()
    .meta({ description: 'Input values: [min, max] for numbers, the list of categories for text. Default: from the data.' }),
  exponent: z
    .number()
    .positive()
    .optional()
    .meta({ description: `Exponent of a pow scale. Default ${SCALE_DEFAULTS.exponent}.` }),
  clamp: z
    .boolean()
    .optional()
    .meta({ description: `Keep outputs inside the range. Default ${SCALE_DEFAULTS.clamp}.` }),
  reverse: z
    .boolean()
    .optional()
    .meta({ description: `Flip the range. Default ${SCALE_DEFAULTS.reverse}.` }),
};

export const numberScale = z.strictObject({
  ...scaleCommon,
  range: z.array(z.number()).min(2).optional().meta({ description: 'Output values: [low, high] for numbers, or one output per category for ordinal scales.' }),
});

export const field = z.string().min(1).meta({ description: "A field (column) of the sculpture's data." });

/** What a row whose field is empty becomes, for one channel. The default (no `missing`) is the "no data"
 * style of src/core/missing.ts: never the low end of the range, where an empty value would look like the
 * cleanest sample. */
const missingOf = <T extends z.ZodType>(value: T, what: string) =>
  z
    .union([z.literal('hide'), value])
    .optional()
    .meta({
      description: `What a row with an empty value in \`field\` becomes: \`hide\` leaves the row out of the sculpture, ${what} gives it that value. Default: the row is drawn in the neutral "no data" style (grey, at the middle of the channel's range), never as the minimum, and \`check\` warns.`,
    });

const numberChannelObject = z.strictObject({
  field: field.optional(),
  value: z.number().optional().meta({ description: 'A constant instead of a field.' }),
  scale: numberScale.optional(),
  missing: missingOf(z.number(), "a number (in the channel's own unit)"),
});
/** A number, `{ value }` or `{ field, scale }`. */
export const numberChannel = z.union([z.number(), numberChannelObject]);
export type NumberChannel = z.infer<typeof numberChannel>;

export const COLOR_SCHEMES = [
  'viridis',
  'inferno',
  'magma',
  'plasma',
  'cividis',
  'turbo',
  'blues',
  'greens',
  'reds',
  'oranges',
  'greys',
  'ember',
  'toxic',
  'tableau10',
  'category10',
  'set2',
  'dark2',
  'pastel',
] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

export const colorScale = z.strictObject({
  ...scaleCommon,
  scheme: z.enum(COLOR_SCHEMES).optional().meta({
    description:
      'A named colour scheme. Sequential: viridis, inferno, magma, plasma, cividis, turbo, blues, greens, reds, oranges, greys, ember, toxic. Categorical: tableau10, category10, set2, dark2, pastel. Default: tableau10 for text, viridis for numbers.',
  }),
  range: z.array(color).min(2).optional().meta({
    description: 'Explicit colours: [low, high] (or more stops) for numbers, one per category for text.',
  }),
});

const colorChannelObject = z.strictObject({
  field: field.optional(),
  value: color.optional(),
  scale: colorScale.optional(),
  missing: missingOf(color, 'a colour'),
});
/** A colour, `{ value }` or `{ field, scale: { scheme | range } }`. */
export const colorChannel = z.union([color, colorChannelObject]);
export type ColorChannel = z.infer<typeof colorChannel>;

const shapeChannelObject = z.strictObject({
  primitive: primitive.optional(),
  model: z
    .string()
    .regex(/\.(glb|gltf)$/i, { message: 'expected a .glb or .gltf file in the installation folder' })
    .optional()
    .meta({ description: 'A glTF model file beside installation.yaml; particles are sampled on its surface.' }),
  field: field.optional(),
  map: z.record(z.string(), primitive).optional().meta({ description: 'With `field`: the primitive for each value of the field.' }),
  default: primitive.optional().meta({ description: 'With `field`: the primitive for values not in `map`. Default: cloud.' }),
  missing: missingOf(primitive, 'a primitive'),
});
/** A primitive name, `{ primitive }`, `{ model: file.glb }` or `{ field, map }`. */
export const shapeChannel = z.union([primitive, shapeChannelObject]);
export type ShapeChannel = z.infer<typeof shapeChannel>;

export const LAYOUTS = ['ring', 'grid', 'line', 'spiral', 'scatter'] as const;
export type Layout = (typeof LAYOUTS)[number];

export const placement = z.strictObject({
  layout: withDefault(z.enum(LAYOUTS), 'ring', 'How rows are arranged in the room: ring (around the centre), grid, line, spiral, scatter.'),
  center: withDefault(z.tuple([z.number(), z.number(), z.number()]), [0, 1.4, 0], 'Centre of the arrangement in metres.'),
  radius: withDefault(z.number().positive(), 4, 'Radius of ring, spiral and scatter in metres.'),
  spacing: withDefault(z.number().positive(), 1.5, 'Distance between rows in grid and line, metres.'),
  x: numberChannel.optional().meta({ description: 'Overrides the layout: x of each row from a field (metres).' }),
  y: numberChannel.optional().meta({ description: 'Overrides the layout: height of each row from a field (metres).' }),
  z: numberChannel.optional().meta({ description: 'Overrides the layout: z of each row from a field (metres).' }),
});
export type Placement = z.infer<typeof placement>;

export const sculptureId = identifier;
