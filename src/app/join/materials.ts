import type { Installation } from '../../core/installation.ts';
import type { FieldValue } from '../../core/data.ts';
import { attachedSculpture, keyFieldOf, rowKey, rowLabel } from '../../core/materials.ts';
import { sculptureRows } from '../../core/row-filter.ts';

/**
 * The materials a phone can attach a story to: the rows of the attached sculpture, keyed and named by the
 * rules of src/core/materials.ts (the ones the server and the scene use; that module imports only types,
 * so the phone does not load encode.ts, the scales or zod).
 */
export interface MaterialOption {
  /** What the story carries as `material`. */
  readonly key: string;
  readonly label: string;
  /** A grouping shown beside the name (e.g. "textile"), if the data has one. */
  readonly category: string | null;
}

export function materialsOf(installation: Installation): MaterialOption[] {
  const spec = installation.spec;
  const sculpture = attachedSculpture(spec, spec.sculptures);
  if (!sculpture) return [];
  const table = installation.data[sculpture.data];
  if (!table) return [];
  const keyField = keyFieldOf(spec.data[sculpture.data]?.key, table.fields);
  const categoryField = categoryFieldOf(sculpture.color, table.fields);
  const text = (v: FieldValue | undefined): string | null => (v === null || v === undefined || v === '' ? null : String(v));
  // The rows the sculpture draws (its `filter`, `missing: hide`), keyed by their row number in the file.
  return sculptureRows(sculpture, table.rows).map(({ row, source }) => {
    const key = rowKey(row, source, keyField);
    return {
      key,
      label: rowLabel(row, sculpture.label, key),
      category: categoryField ? text(row[categoryField]) : null,
    };
  });
}

/** The field that groups rows: the text field the sculpture's colour is mapped from (the grouping the
 * audience sees in the room), else a text field named `category`. */
function categoryFieldOf(color: unknown, fields: readonly { name: string; type: string }[]): string | undefined {
  const isText = (name: string) => fields.some((f) => f.name === name && f.type === 'text');
  if (color && typeof color === 'object' && 'field' in color && typeof color.field === 'string' && isText(color.field)) return color.field;
  return isText('category') ? 'category' : undefined;
}

/** Lower case without accents, so "cafe" finds "Café" on a phone keyboard. */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Rows that share a name are one choice: a sculpture of 300 samples from six sites lists six entries, each
 * with its count, not 300 lines of which 37 in a row read the same. In the order each name first appears.
 */
export interface AttachGroup {
  readonly label: string;
  /** The category of its first row (rows of one name share it in every data set we have seen). */
  readonly category: string | null;
  /** The keys of its rows, in data order; never empty. */
  readonly keys: readonly string[];
}

export function groupByLabel(options: readonly MaterialOption[]): AttachGroup[] {
  const groups = new Map<string, { label: string; category: string | null; keys: string[] }>();
  for (const o of options) {
    const g = groups.get(o.label);
    if (g) g.keys.push(o.key);
    else groups.set(o.label, { label: o.label, category: o.category, keys: [o.key] });
  }
  return [...groups.values()];
}

/** Which row of a group a story attaches to: one chosen by the story's text (FNV-1a), so the stories of a
 * group spread over its rows in the room instead of piling up on the first, and the same text always
 * lands on the same row (a resend is the same story). */
export function rowForStory(group: AttachGroup, text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return group.keys[h % group.keys.length] ?? group.keys[0] ?? '';
}

/** The groups whose name, category or row keys contain every word of the query (in any order). An empty
 * query keeps them all. */
export function searchGroups(groups: readonly AttachGroup[], query: string): AttachGroup[] {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...groups];
  return groups.filter((g) => {
    const hay = foldText(`${g.label} ${g.category ?? ''} ${g.keys.length <= 50 ? g.keys.join(' ') : ''}`);
    return words.every((w) => hay.includes(w));
  });
}

/** The options whose name, category or key contain every word of the query (in any order). An empty
 * query keeps them all, in data order. */
export function searchMaterials(options: readonly MaterialOption[], query: string): MaterialOption[] {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...options];
  return options.filter((o) => {
    const hay = foldText(`${o.label} ${o.category ?? ''} ${o.key}`);
    return words.every((w) => hay.includes(w));
  });
}
