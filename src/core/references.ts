import type { InstallationSpec } from './schema/installation.ts';
import { notNumbers, type DataTable, type FieldInfo } from './data.ts';
import type { ColorScheme } from './schema/channels.ts';
import type { InstallationFiles } from './installation.ts';
import type { YamlSource } from './yaml-source.ts';
import { choiceHint, finding, hint, type Finding, type Hint } from './findings.ts';
import { paletteSize, schemeFor } from './color.ts';
import { cameraProblem, frustumSkew, wallProblem, type WallProblem } from './wall-geometry.ts';
import { formatPath, type Diagnostic, type PathSegment } from './diagnostics.ts';

/** Checks what the schema alone cannot: names that refer to each other (data sources, sculptures, fields of
 * the data, files in the folder) and scales that cannot work with their field. */
export function checkReferences(
  partial: Partial<InstallationSpec>,
  tables: Readonly<Record<string, DataTable>>,
  source: YamlSource,
  files: InstallationFiles,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  // After a schema error, parts may be missing (dropped by salvage): every check below tolerates that.
  const spec = {
    data: partial.data ?? {},
    sculptures: partial.sculptures ?? [],
    phases: partial.phases ?? [],
    sound: partial.sound,
    audience: partial.audience,
    displays: partial.displays,
    memory: partial.memory,
  };
  // Every error says how to fix it (a hint is required); a warning may go without.
  // Every finding here has a code (src/core/findings.ts): its message is worded there.
  const err = (path: PathSegment[], found: Finding, advice: Hint, where: 'key' | 'value' = 'value') =>
    out.push({ severity: 'error', file: source.file, ...source.locate(path, where), path: formatPath(path), ...found, ...advice });
  const warn = (path: PathSegment[], found: Finding, advice?: Hint) =>
    out.push({ severity: 'warning', file: source.file, ...source.locate(path), path: formatPath(path), ...found, ...advice });

  // Categories past the end of a palette start it again: say which two then look alike, and what to do.
  const checkColoursRepeat = (
    path: PathSegment[],
    info: FieldInfo,
    scale:
      | {
          type?: string | undefined;
          domain?: ReadonlyArray<number | string> | undefined;
          range?: readonly string[] | undefined;
          scheme?: ColorScheme | undefined;
        }
      | undefined,
  ) => {
    if ((scale?.type ?? (info.type === 'number' ? 'linear' : 'ordinal')) !== 'ordinal') return;
    const categories = (scale?.domain ?? info.categories).map(String);
    const colours = scale?.range?.length ?? paletteSize(schemeFor(scale?.scheme, info.type));
    if (colours === undefined || colours < 1 || categories.length <= colours) return;
    warn(
      path,
      finding('ref.colours-repeat', {
        field: info.name,
        count: categories.length,
        colours,
        repeat: categories[colours] as string,
        first: categories[0] as string,
      }),
      hint('ref.colours-per-category', { count: categories.length }),
    );
  };

  const dataNames = Object.keys(spec.data);
  const fieldCheck = (table: DataTable, path: PathSegment[], name: string): FieldInfo | undefined => {
    const info = table.fields.find((f) => f.name === name);
    if (!info) {
      const names = table.fields.map((f) => f.name);
      err(path, finding('ref.field-not-in-data', { field: name, file: table.file }), choiceHint(name, names, 'field', { file: table.file }));
    }
    return info;
  };
  const checkDomain = (
    path: PathSegment[],
    info: FieldInfo,
    scale: { type?: string | undefined; domain?: ReadonlyArray<number | string> | undefined } | undefined,
    allowText: boolean,
    table: DataTable,
  ) => {
    const type = scale?.type ?? (info.type === 'number' ? 'linear' : 'ordinal');
    // A column of measurements with one placeholder or typo in it is text: name the cell, or the artist
    // searches thousands of rows for it.
    const found = info.type === 'text' ? notNumbers(table, info.name) : undefined;
    // The hint's parameters: how many, the first (as JSON, as `check` always printed it) and its row.
    const odd = found ? { count: found.count, value: JSON.stringify(found.first), row: found.row } : undefined;
    if (info.type === 'text' && type !== 'ordinal') {
      err(
        [...path, 'scale', 'type'],
        finding('ref.text-on-numeric-scale', { field: info.name, scale: type }),
        odd ? hint('ref.not-numbers-use-ordinal', odd) : hint('ref.use-ordinal'),
      );
    } else if (info.type === 'text' && !allowText) {
      err(
        [...path, 'field'],
        finding('ref.text-on-numeric-channel', { field: info.name }),
        odd ? hint('ref.not-numbers-map-numeric', odd) : hint('ref.map-numeric'),
      );
    }
    if (type === 'log') {
      // A column with no value (typed from its channels, empty-fields.ts) has no lowest value to refuse.
      const lo = scale?.domain ? Number(scale.domain[0]) : info.extent[0];
      if (lo !== undefined && !(lo > 0))
        err([...path, 'scale', 'type'], finding('ref.log-scale-not-positive', { field: info.name, lowest: lo }), hint('ref.log-domain'));
    }
    if (scale?.domain && type !== 'ordinal' && scale.domain.length !== 2)
      err([...path, 'scale', 'domain'], finding('ref.domain-not-pair'), hint('ref.two-numbers'));
  };

  const sculptureIds = new Set<string>();
  spec.sculptures.forEach((s, i) => {
    if (!s?.id || !s.data) return;
    const p: PathSegment[] = ['sculptures', i];
    if (sculptureIds.has(s.id)) err([...p, 'id'], finding('ref.sculpture-id-twice', { id: s.id }), hint('ref.own-sculpture-id'));
    sculptureIds.add(s.id);
    if (!(s.data in spec.data)) {
      err([...p, 'data'], finding('ref.no-data-source', { name: s.data }), choiceHint(s.data, dataNames, 'data-source'));
      return;
    }
    const table = tables[s.data];
    if (!table) return; // its file already has an error
    if (spec.data[s.data]?.key) fieldCheck(table, ['data', s.data, 'key'], spec.data[s.data]?.key as string);
    if (s.label) fieldCheck(table, [...p, 'label'], s.label);
    const numberChannels = ['count', 'size', 'agitation', 'extent'] as const;
    for (const ch of numberChannels) {
      const c = s[ch];
      if (typeof c === 'object') checkNumberChannel(c, [...p, ch], table);
    }
    if (typeof s.placement === 'object')
      for (const axis of ['x', 'y', 'z'] as const) {
        const c = s.placement[axis];
        if (typeof c === 'object') checkNumberChannel(c, [...p, 'placement', axis], table);
      }
    if (typeof s.color === 'object') {
      const c = s.color;
      if (c.field === undefined && c.value === undefined) err([...p, 'color'], finding('ref.colour-needs-field-or-value'), hint('ref.colour-example'));
      if (c.field !== undefined && c.value !== undefined) err([...p, 'color'], finding('ref.field-and-value'), hint('ref.colour-field-or-value'));
      if (c.scale?.scheme && c.scale.range) err([...p, 'color', 'scale'], finding('ref.scheme-and-range'), hint('ref.scheme-or-range'));
      if (c.field) {
        const info = fieldCheck(table, [...p, 'color', 'field'], c.field);
        if (info) {
          checkDomain([...p, 'color'], info, c.scale, true, table);
          checkColoursRepeat([...p, 'color'], info, c.scale);
        }
      }
    }
    if (typeof s.shape === 'object') {
      const sh = s.shape;
      const given = [sh.primitive, sh.model, sh.field].filter((x) => x !== undefined).length;
      if (given !== 1) err([...p, 'shape'], finding('ref.shape-needs-one'), hint('ref.shape-example'));
      if (sh.model && !files.exists(sh.model)) err([...p, 'shape', 'model'], finding('ref.model-not-found', { file: sh.model }), hint('ref.model-beside'));
      if (sh.field) {
        const info = fieldCheck(table, [...p, 'shape', 'field'], sh.field);
        if (info && sh.map)
          for (const k of Object.keys(sh.map)) {
            if (info.type === 'text' && !info.categories.includes(k))
              warn(
                [...p, 'shape', 'map', k],
                finding('ref.no-row-with-value', { field: sh.field, value: k }),
                choiceHint(k, info.categories as string[], 'value'),
              );
          }
      }
    }
  });

  function checkNumberChannel(
    c: {
      field?: string | undefined;
      value?: number | undefined;
      scale?: { type?: string | undefined; domain?: ReadonlyArray<number | string> | undefined; range?: readonly number[] | undefined } | undefined;
    },
    path: PathSegment[],
    table: DataTable,
  ) {
    if (c.field === undefined && c.value === undefined) err(path, finding('ref.channel-needs-field-or-value'), hint('ref.channel-example'));
    if (c.field !== undefined && c.value !== undefined) err(path, finding('ref.field-and-value'), hint('ref.channel-field-or-value'));
    if (c.field) {
      const info = fieldCheck(table, [...path, 'field'], c.field);
      const ordinalWithRange = (c.scale?.type === 'ordinal' || (!c.scale?.type && info?.type === 'text')) && c.scale?.range;
      if (info) checkDomain(path, info, c.scale, Boolean(ordinalWithRange), table);
    }
  }

  const phaseIds = new Set<string>();
  spec.phases.forEach((ph, i) => {
    if (!ph?.id) return;
    if (phaseIds.has(ph.id)) err(['phases', i, 'id'], finding('ref.phase-id-twice', { id: ph.id }), hint('ref.own-phase-id'));
    phaseIds.add(ph.id);
  });
  const memoryPhaseId = spec.memory?.phase;
  if (typeof memoryPhaseId === 'string' && !phaseIds.has(memoryPhaseId))
    err(['memory', 'phase'], finding('ref.no-phase', { name: memoryPhaseId }), choiceHint(memoryPhaseId, [...phaseIds], 'phase'));

  const sculptureList = [...sculptureIds];
  spec.sound?.voices?.forEach((v, i) => {
    if (!v?.sculpture) return;
    const p: PathSegment[] = ['sound', 'voices', i];
    const s = spec.sculptures.find((x) => x.id === v.sculpture);
    if (!s) return err([...p, 'sculpture'], finding('ref.no-sculpture', { name: v.sculpture }), choiceHint(v.sculpture, sculptureList, 'sculpture'));
    const table = tables[s.data];
    if (!table) return;
    if (v.groupBy) fieldCheck(table, [...p, 'groupBy'], v.groupBy);
    for (const ch of ['pitch', 'density', 'velocity', 'duration'] as const) {
      const c = v[ch];
      if (typeof c === 'object') checkNumberChannel(c, [...p, ch], table);
    }
    if (v.instrument === 'sample' && !v.sample) err([...p, 'sample'], finding('ref.sample-needs-file'), hint('ref.sample-file'));
    if (v.sample && !files.exists(v.sample)) err([...p, 'sample'], finding('ref.sample-not-found', { file: v.sample }), hint('ref.sample-beside'));
  });

  const attach = spec.audience?.stories?.attachTo;
  if (attach && !sculptureIds.has(attach))
    err(['audience', 'stories', 'attachTo'], finding('ref.no-sculpture', { name: attach }), choiceHint(attach, sculptureList, 'sculpture'));

  for (const [id, wall] of Object.entries(spec.displays?.walls ?? {})) {
    if (wall.camera && wall.frustum) err(['displays', 'walls', id], finding('ref.camera-and-frustum'), hint('ref.frustum-or-camera'));
    // A wall that cannot show anything is an error here, not a black projection at the show.
    const report = (p: WallProblem | undefined, as: typeof err | typeof warn) => {
      if (p) as(['displays', 'walls', id, ...p.field], finding(`wall.${p.code}`, { ...p.params, wall: id }), hint(p.hint, p.params));
    };
    const broken = wallProblem(wall);
    report(broken, err);
    if (!broken && wall.frustum) report(frustumSkew(wall.frustum), warn);
  }
  const desktop = spec.displays?.desktop?.camera;
  if (desktop) {
    const p = cameraProblem(desktop);
    if (p) err(['displays', 'desktop', ...p.field], finding(`desktop.${p.code}`, p.params), hint(p.hint, p.params));
  }
  return out;
}
