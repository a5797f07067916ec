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
