import type { FieldValue, Row } from './data.ts';
import type { InstallationSpec } from './schema/installation.ts';

/**
 * The materials stories and reactions attach to, as rules written once: the server checks a story's
 * material with them, showAt and the score place it with them, and the phone lists them with them (this
 * module imports only types, so the phone's page stays small).
 */

/** The sculpture whose rows stories attach to: `audience.stories.attachTo`, else the first sculpture.
 * Works on the spec's sculptures and on encoded ones alike. */
export function attachedSculpture<S extends { readonly id: string }>(spec: Pick<InstallationSpec, 'audience'>, sculptures: readonly S[]): S | undefined {
  const id = spec.audience.stories.attachTo;
  return (id === undefined ? undefined : sculptures.find((s) => s.id === id)) ?? sculptures[0];
}

/** The field that names a table's rows: the data source's `key`, else an `id` field, else none (the row
 * number). */
export function keyFieldOf(declared: string | undefined, fields: readonly { readonly name: string }[]): string | undefined {
  return declared ?? (fields.some((f) => f.name === 'id') ? 'id' : undefined);
}

const text = (v: FieldValue | undefined): string | undefined => (v === null || v === undefined || v === '' ? undefined : String(v));

/** A row's key: its key field's value, else (none, or empty) its row number. What a story carries as
 * `material`. */
export function rowKey(row: Row, index: number, keyField: string | undefined): string {
  return (keyField === undefined ? undefined : text(row[keyField])) ?? String(index);
}

/** A row's name as people see it: its label field's value, else its key. */
export function rowLabel(row: Row, labelField: string | undefined, key: string): string {
  return (labelField === undefined ? undefined : text(row[labelField])) ?? key;
}
