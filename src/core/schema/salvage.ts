import type { z } from 'zod';

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  innerType?: AnySchema;
  valueType?: AnySchema;
}
const defOf = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const safeParse = (s: AnySchema, v: unknown) => (s as unknown as z.ZodType).safeParse(v);

/**
 * Keeps every part of an invalid value that is valid on its own, with defaults filled in, and drops the
 * rest. The reference checks (fields of the data, names of sculptures) then run on what was salvaged, so an
 * artist sees all the errors of a file at once rather than one layer at a time. Array elements keep their
 * index (an invalid one becomes undefined), so error paths stay right.
 */
export function salvage(schema: AnySchema, value: unknown): unknown {
  const whole = safeParse(schema, value);
  if (whole.success) return whole.data;
  let s = schema;
  for (let d = defOf(s); (d.type === 'optional' || d.type === 'default') && d.innerType; d = defOf(s)) s = d.innerType;
  const d = defOf(s);
  if (d.type === 'object' && d.shape && value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(d.shape)) {
      const v = salvage(child, (value as Record<string, unknown>)[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (d.type === 'array' && d.element && Array.isArray(value)) return value.map((v) => salvage(d.element as AnySchema, v));
  if (d.type === 'record' && d.valueType && value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = salvage(d.valueType, v);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return undefined;
}
