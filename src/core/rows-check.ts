import type { InstallationSpec, SculptureSpec } from './schema/installation.ts';
import type { DataTable, FieldInfo } from './data.ts';
import type { YamlSource } from './yaml-source.ts';
import { didYouMean, formatPath, type Diagnostic, type PathSegment } from './diagnostics.ts';
import { fieldChannels, filterConditions, isMissing, sculptureRows } from './row-filter.ts';
import { legendChannels } from './legends.ts';
import { NO_DATA_COLOR } from './encode.ts';

/** Rows named in one warning about missing values; the rest are counted. */
export const MAX_ROWS_NAMED = 5;

/**
 * Checks of what a sculpture takes from its rows and shows of them: `filter`, `caption`, `legend`, and the
 * warnings about empty values in fields a channel uses (saying how those rows will be drawn). `lines` gives,
 * per data source, the line of each data row in its file (CSV; JSON: the line its object starts on).
 */
export function checkRows(
  partial: Partial<InstallationSpec>,
  tables: Readonly<Record<string, DataTable>>,
  lines: Readonly<Record<string, readonly number[]>>,
  source: YamlSource,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: PathSegment[]) => ({ file: source.file, ...source.locate(path), path: formatPath(path) });
  const err = (path: PathSegment[], message: string, hint: string) => out.push({ severity: 'error', ...at(path), message, hint });
  const warn = (path: PathSegment[], message: string, hint: string) => out.push({ severity: 'warning', ...at(path), message, hint });
  const walls = Object.keys(partial.displays?.walls ?? {});

  (partial.sculptures ?? []).forEach((s: Partial<SculptureSpec> | undefined, i) => {
    if (!s?.id || !s.data) return;
    const table = tables[s.data];
    if (!table) return; // no such source, or its file has an error: said elsewhere
    const p: PathSegment[] = ['sculptures', i];
    const names = table.fields.map((f) => f.name);
    const fieldOf = (path: PathSegment[], name: string): FieldInfo | undefined => {
      const info = table.fields.find((f) => f.name === name);
      if (!info) err(path, `field "${name}" is not in ${table.file}`, didYouMean(name, names).replace('allowed', `fields in ${table.file}`));
      return info;
    };

    const conditions = filterConditions(s.filter);
    conditions.forEach((c, k) => {
      const cp: PathSegment[] = Array.isArray(s.filter) ? [...p, 'filter', k] : [...p, 'filter'];
      const tests = [c.equals, c.oneOf, c.range ?? c.min ?? c.max].filter((x) => x !== undefined).length;
      if (tests === 0) err(cp, 'a filter condition needs `equals`, `oneOf`, `range`, `min` or `max`', 'e.g. `filter: { field: station, equals: Tejo }`');
      const info = fieldOf([...cp, 'field'], c.field);
      if (!info) return;
      // A column with no value at all has no type: nothing to refuse, its rows simply never match.
      if (info.type === 'text' && info.categories.length > 0 && (c.range || c.min !== undefined || c.max !== undefined))
        err(cp, `field "${c.field}" holds text, a range needs numbers`, 'use `equals` or `oneOf` for text, or filter a numeric field');
      if (c.range && c.range[0] > c.range[1]) err([...cp, 'range'], `the range [${c.range.join(', ')}] is empty`, 'write it as [low, high]');
      for (const v of [...(c.equals === undefined ? [] : [c.equals]), ...(c.oneOf ?? [])]) {
        const found = table.rows.some((r) => (typeof v === 'number' ? r[c.field] === v : String(r[c.field]) === v));
        if (!found)
          warn(
            [...cp, c.equals === v ? 'equals' : 'oneOf'],
            `no row of ${table.file} has ${c.field} = ${JSON.stringify(v)}`,
            info.type === 'text'
              ? didYouMean(String(v), info.categories as string[]).replace('allowed', 'values in the data')
              : 'check the value against the data',
          );
      }
    });
    const channels = fieldChannels(s).filter((c) => table.fields.some((f) => f.name === c.field));
    if (s.caption !== undefined) {
      const c = typeof s.caption === 'string' ? s.caption : s.caption.field;
      fieldOf(typeof s.caption === 'string' ? [...p, 'caption'] : [...p, 'caption', 'field'], c);
    }
    const drawn = sculptureRows(s, table.rows);
    if (table.rows.length > 0 && drawn.length === 0)
      warn(
        s.filter ? [...p, 'filter'] : p,
        `sculpture "${s.id}" draws no row: its filter (or \`missing: hide\`) leaves none of the ${table.rows.length} rows of ${table.file}`,
        'loosen the filter, or check its values against the data',
      );

    if (s.legend !== undefined) {
      const lp: PathSegment[] = [...p, 'legend'];
      const mapped = legendChannels(s as SculptureSpec);
      const asked = s.legend === true ? mapped : (s.legend.channels ?? mapped);
      if (asked.length === 0)
        err(
          lp,
          `sculpture "${s.id}" maps no channel from a field: its legend would be empty`,
          'map `color`, `size`, `extent` or `count` from a field, or remove `legend`',
        );
      if (s.legend !== true)
        s.legend.channels?.forEach((c, k) => {
          if (!mapped.includes(c))
            err(
              [...lp, 'channels', k],
              `\`${c}\` is not mapped from a field, a legend has nothing to explain`,
              `map \`${c}\` from a field, or leave it out of \`channels\``,
            );
        });
      if (s.legend !== true)
        s.legend.walls?.forEach((w, k) => {
          if (!walls.includes(w)) err([...lp, 'walls', k], `no wall named "${w}"`, didYouMean(w, walls).replace('allowed', 'walls under displays.walls'));
        });
    }

    // Empty values in a field a channel uses: say which rows and how they will be drawn, once per field
    // (naming every channel that reads it). A channel with `missing` set says it already; filtered-out rows
    // are not drawn, so not counted.
    const byField = new Map<string, typeof channels>();
    for (const c of channels) if (c.missing === undefined) byField.set(c.field, [...(byField.get(c.field) ?? []), c]);
    for (const [field, users] of byField) {
      const empty = drawn.filter((d) => isMissing(d.row[field]));
      const first = empty[0];
      if (!first) continue;
      const line = lines[s.data]?.[first.source];
      const list = rowList(empty.map((d) => d.source));
      const styled = users.filter((c) => c.name !== 'caption');
      const middles = styled.filter((c) => c.name !== 'color' && c.name !== 'shape').map((c) => `the middle of the ${c.name} range`);
      const how = [
        ...(styled.length > 0
          ? [`sculpture "${s.id}" draws them in the "no data" style (grey ${NO_DATA_COLOR}${middles.map((m) => `, ${m}`).join('')}), not as the lowest value`]
          : []),
        ...(styled.length < users.length ? ['they have no caption'] : []),
      ].join('; ');
      out.push({
        severity: 'warning',
        file: table.file,
        line: line ?? 0,
        column: line === undefined ? 0 : 1,
        path: formatPath([...p, ...(users[0] as (typeof users)[number]).path]),
        message: `${empty.length} of ${drawn.length} rows have no "${field}" (${list}), used by ${users.map((c) => c.name).join(' and ')}: ${how}`,
        hint:
          styled.length === 0
            ? 'fill in the text, or leave it: rows without text are drawn without a caption'
            : 'fill in the values, or say what they become: `missing: hide` on the channel leaves those rows out, `missing: <value>` gives them one',
      });
    }
  });

  // Sound voices read fields of their sculpture's drawn rows: an empty value plays at the middle of the
  // channel's range unless the channel says otherwise.
  (partial.sound?.voices ?? []).forEach((v, i) => {
    const s = partial.sculptures?.find((x) => x?.id === v?.sculpture);
    const table = s?.data === undefined ? undefined : tables[s.data];
    if (!v || !s || !table) return;
    const drawn = sculptureRows(s, table.rows);
    for (const ch of ['pitch', 'density', 'velocity', 'duration'] as const) {
      const c = v[ch];
      if (typeof c !== 'object' || c.field === undefined || c.missing !== undefined) continue;
      const field = c.field;
      if (!table.fields.some((f) => f.name === field)) continue;
      const empty = drawn.filter((d) => isMissing(d.row[field]));
      const first = empty[0];
      if (!first) continue;
      const line = lines[s.data ?? '']?.[first.source];
      out.push({
        severity: 'warning',
        file: table.file,
        line: line ?? 0,
        column: line === undefined ? 0 : 1,
        path: formatPath(['sound', 'voices', i, ch, 'field']),
        message: `${empty.length} of ${drawn.length} rows have no "${field}" (${rowList(empty.map((d) => d.source))}), used by the ${ch} of sound voice ${i + 1}: they play at the middle of its ${ch} range, not the lowest`,
        hint: 'fill in the values, or say what they become: `missing: hide` keeps those rows silent, `missing: <value>` gives them one',
      });
    }
  });
  return out;
}

/** "data rows 2, 5, 9 and 3 more" from 0-based row numbers. */
function rowList(sources: readonly number[]): string {
  const named = sources.slice(0, MAX_ROWS_NAMED).map((n) => n + 1);
  const rest = sources.length - named.length;
  return `data row${named.length === 1 ? '' : 's'} ${named.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}
