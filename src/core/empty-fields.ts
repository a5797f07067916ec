import type { DataTable, FieldInfo } from './data.ts';
import type { InstallationSpec } from './schema/installation.ts';

/**
 * A column with no value in any row says nothing about its type: the data alone would call it text, and a
 * channel that needs numbers would then refuse it with "holds text", which is not what is wrong (every value
 * is missing, and `check` warns of that). So such a column takes its type from the channels that read it:
 * numbers when one of them reads numbers (size, count, extent, agitation, a placement axis, a sound voice's
 * pitch, density, velocity or duration, unless it gives an ordinal scale with a range; or a colour with a
 * quantitative scale type or a numeric domain), text otherwise. Every row then gets the channel's `missing`
 * value or the "no data" style, as any missing value does. Applied once, where the data is loaded
 * (src/core/installation.ts), so every check, encoder and legend sees the same type.
 */

type Loose = { readonly field?: unknown; readonly scale?: { readonly type?: unknown; readonly domain?: readonly unknown[]; readonly range?: unknown } };
const loose = (c: unknown): Loose | undefined => (c !== null && typeof c === 'object' ? (c as Loose) : undefined);

/** Whether a number channel reads its field as numbers: all but an ordinal scale with a range of outputs. */
function numberChannelReadsNumbers(c: Loose): boolean {
  return !(c.scale?.type === 'ordinal' && c.scale.range !== undefined);
}

/** Whether a colour reads its field as numbers: a quantitative scale type, or a numeric domain. */
function colorReadsNumbers(c: Loose): boolean {
  const type = c.scale?.type;
  return (type !== undefined && type !== 'ordinal') || (type === undefined && (c.scale?.domain ?? []).some((d) => typeof d === 'number'));
}

const NUMBER_CHANNELS = ['count', 'size', 'agitation', 'extent'] as const;
const AXES = ['x', 'y', 'z'] as const;
const VOICE_CHANNELS = ['pitch', 'density', 'velocity', 'duration'] as const;

/** The fields of each data source that some channel reads as numbers. */
export function numericFields(spec: Partial<InstallationSpec>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (data: string, c: Loose | undefined, reads: (c: Loose) => boolean) => {
    if (typeof c?.field !== 'string' || !reads(c)) return;
    const set = out.get(data) ?? new Set<string>();
    set.add(c.field);
    out.set(data, set);
  };
  for (const s of spec.sculptures ?? []) {
    if (typeof s?.data !== 'string') continue;
    for (const ch of NUMBER_CHANNELS) add(s.data, loose(s[ch]), numberChannelReadsNumbers);
    for (const axis of AXES) add(s.data, loose(s.placement?.[axis]), numberChannelReadsNumbers);
    add(s.data, loose(s.color), colorReadsNumbers);
  }
  for (const v of spec.sound?.voices ?? []) {
    const data = spec.sculptures?.find((s) => s?.id === v?.sculpture)?.data;
    if (typeof data !== 'string') continue;
    for (const ch of VOICE_CHANNELS) add(data, loose(v[ch]), numberChannelReadsNumbers);
  }
  return out;
}

/** Whether a field has no value in any row (the data typed it as text with no category). */
export const isEmptyField = (f: FieldInfo): boolean => f.type === 'text' && f.categories.length === 0;

/** The tables with each empty column typed from the channels that read it (see the module comment). */
export function typeEmptyFields(spec: Partial<InstallationSpec>, tables: Readonly<Record<string, DataTable>>): Record<string, DataTable> {
  const numeric = numericFields(spec);
  const out: Record<string, DataTable> = {};
  for (const [name, table] of Object.entries(tables)) {
    const wanted = numeric.get(name);
    const retype = wanted && table.fields.some((f) => isEmptyField(f) && wanted.has(f.name));
    out[name] = retype
      ? { ...table, fields: table.fields.map((f): FieldInfo => (isEmptyField(f) && wanted.has(f.name) ? { ...f, type: 'number', extent: [] } : f)) }
      : table;
  }
  return out;
}
