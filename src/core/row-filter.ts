import type { FieldValue, Row } from './data.ts';
import type { SculptureSpec } from './schema/installation.ts';
import type { FilterCondition, RowFilter } from './schema/rows.ts';
import type { PathSegment } from './diagnostics.ts';

/**
 * Which rows of its data a sculpture draws, as rules written once: encode.ts draws them, the check counts
 * their missing values, the phone lists them (this module imports only types, so the phone's page stays
 * small). A row is drawn when it meets every `filter` condition and no channel with `missing: hide` finds
 * its field empty.
 */

/** An empty cell: absent, null (CSV's empty cell, JSON's null) or the empty string. */
export const isMissing = (v: FieldValue | undefined): v is null | undefined | '' => v === null || v === undefined || v === '';

/** One condition of a filter on one row. A row with an empty value in the tested field never matches. */
export function meetsCondition(c: FilterCondition, row: Row): boolean {
  const v = row[c.field];
  if (isMissing(v)) return false;
  const same = (x: string | number) => (typeof x === 'number' ? typeof v === 'number' && v === x : String(v) === x);
  if (c.equals !== undefined && !same(c.equals)) return false;
  if (c.oneOf !== undefined && !c.oneOf.some(same)) return false;
  if (c.range !== undefined || c.min !== undefined || c.max !== undefined) {
    if (typeof v !== 'number') return false;
    const [lo, hi] = c.range ?? [-Infinity, Infinity];
    if (v < lo || v > hi) return false;
    if (c.min !== undefined && v < c.min) return false;
    if (c.max !== undefined && v > c.max) return false;
  }
  return true;
}

/** The conditions of a filter as a list (a single condition is shorthand for a list of one). */
export const filterConditions = (f: RowFilter | undefined): readonly FilterCondition[] => (f === undefined ? [] : Array.isArray(f) ? f : [f]);

/** A channel of a sculpture mapped from a field: what `missing` applies to. */
export interface FieldChannel {
  /** The channel's name as written: `size`, `color`, `placement.x`, `caption`... */
  readonly name: string;
  /** Where its field is named in the installation file. */
  readonly path: readonly PathSegment[];
  readonly field: string;
  /** `hide`, a value of the channel, or undefined (the "no data" style). Captions have none: a row without
   * text simply has no caption. */
  readonly missing: 'hide' | number | string | undefined;
}

type Mapped = { readonly field?: string | undefined; readonly missing?: 'hide' | number | string | undefined };
const mapped = (c: unknown): Mapped | undefined => (c !== null && typeof c === 'object' && 'field' in c ? (c as Mapped) : undefined);

/** Every channel of a sculpture that reads a field, in file order. Tolerates a salvaged (partial) spec. */
export function fieldChannels(s: Partial<SculptureSpec>): FieldChannel[] {
  const out: FieldChannel[] = [];
  const add = (name: string, path: readonly PathSegment[], c: unknown) => {
    const m = mapped(c);
    if (m?.field !== undefined) out.push({ name, path: [...path, 'field'], field: m.field, missing: m.missing });
  };
  for (const ch of ['count', 'color', 'size', 'agitation', 'extent', 'shape'] as const) add(ch, [ch], s[ch]);
  for (const axis of ['x', 'y', 'z'] as const) add(`placement.${axis}`, ['placement', axis], s.placement?.[axis]);
  const caption = s.caption;
  if (typeof caption === 'string') out.push({ name: 'caption', path: ['caption'], field: caption, missing: undefined });
  else if (caption) out.push({ name: 'caption', path: ['caption', 'field'], field: caption.field, missing: undefined });
  return out;
}

/** A row the sculpture draws, with its row number in the data (0-based, header excluded). */
export interface SourceRow {
  readonly row: Row;
  readonly source: number;
}

/** The rows a sculpture draws, in data order. */
export function sculptureRows(s: Partial<SculptureSpec>, rows: readonly Row[]): SourceRow[] {
  const conditions = filterConditions(s.filter);
  const hiding = fieldChannels(s)
    .filter((c) => c.missing === 'hide')
    .map((c) => c.field);
  const out: SourceRow[] = [];
  rows.forEach((row, source) => {
    if (conditions.every((c) => meetsCondition(c, row)) && !hiding.some((f) => isMissing(row[f]))) out.push({ row, source });
  });
  return out;
}
