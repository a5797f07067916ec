import { z } from 'zod';

/** Helpers shared by the parts of the installation schema. Every field carries a description: editors show
 * it on hover, and the README's reference is generated from it. */

export const vec3 = z
  .tuple([z.number(), z.number(), z.number()])
  .meta({ description: 'A point in the room in metres: [x, y, z], y up, z towards the audience.' });

export const seconds = (description: string) =>
  z
    .number()
    .nonnegative()
    .meta({ description: `${description} (seconds)` });

export const unit = (description: string) =>
  z
    .number()
    .min(0)
    .max(1)
    .meta({ description: `${description} (0..1)` });

export const HEX_COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
export const color = z
  .string()
  .regex(HEX_COLOR, { message: 'expected a colour like "#e0452b" or "#f40"' })
  .meta({ description: 'A colour in hex: "#rrggbb" or "#rgb".' });

export const identifier = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, {
    message: 'expected a name of letters, digits, "-" or "_", starting with a letter',
  })
  .meta({ description: 'A name: letters, digits, "-" or "_", starting with a letter.' });

export const PRIMITIVES = ['sphere', 'ring', 'helix', 'vase', 'ribbon', 'cloud'] as const;
export type Primitive = (typeof PRIMITIVES)[number];
export const primitive = z.enum(PRIMITIVES).meta({
  description:
    'A named shape: sphere (a shell), ring (a torus), helix (a double spiral), vase (a lathe of a vessel profile), ribbon (a twisting band), cloud (a soft volume).',
});

/** How a default reads in a description: `4`, `true`, `fm`, `[0, 1.4, 0]`. */
export function defaultText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(defaultText).join(', ')}]`;
  return String(value);
}

/**
 * A field with a default: the value and the "Default ..." sentence of its description come from the one
 * constant given here, so the documentation (hover text, the generated reference) cannot drift from what
 * the schema fills in.
 */
export function withDefault<T extends z.ZodType>(schema: T, value: z.util.NoUndefined<z.output<T>>, description: string): z.ZodDefault<T> {
  return schema.default(value).meta({ description: `${description} Default ${defaultText(value)}.` });
}

/** An object whose default is what its own fields' defaults make of `{}`: the nested defaults are written
 * once, on the fields. */
export function withFieldDefaults<T extends z.ZodType>(schema: T): z.ZodDefault<T> {
  return schema.default(schema.parse({}) as z.util.NoUndefined<z.output<T>>);
}
