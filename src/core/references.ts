import type { InstallationSpec } from './schema/installation.ts';
import { notNumbers, type DataTable, type FieldInfo } from './data.ts';
import type { ColorScheme } from './schema/channels.ts';
import type { InstallationFiles } from './installation.ts';
import type { YamlSource } from './yaml-source.ts';
import { finding, type Finding } from './findings.ts';
import { paletteSize, schemeFor } from './color.ts';
import { cameraProblem, frustumSkew, wallProblem, type WallProblem } from './wall-geometry.ts';
import { didYouMean, formatPath, type Diagnostic, type PathSegment } from './diagnostics.ts';

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
  const err = (path: PathSegment[], found: Finding, hint: string, where: 'key' | 'value' = 'value') =>
    out.push({ severity: 'error', file: source.file, ...source.locate(path, where), path: formatPath(path), ...found, ...(hint ? { hint } : {}) });
  const warn = (path: PathSegment[], found: Finding, hint?: string) =>
    out.push({ severity: 'warning', file: source.file, ...source.locate(path), path: formatPath(path), ...found, ...(hint ? { hint } : {}) });

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
      `give the scale a \`range\` of ${categories.length} colours, one per category (the legend shows them in the order of \`domain\`), or fewer categories; tableau10 and category10 have 10 colours, set2 and dark2 8, pastel 9`,
    );
  };

  const dataNames = Object.keys(spec.data);
  const fieldCheck = (table: DataTable, path: PathSegment[], name: string): FieldInfo | undefined => {
    const info = table.fields.find((f) => f.name === name);
    if (!info) {
      const names = table.fields.map((f) => f.name);
      err(
        path,
        finding('ref.field-not-in-data', { field: name, file: table.file }),
        `${didYouMean(name, names).replace('allowed', `fields in ${table.file}`)}`,
      );
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
    const odd = info.type === 'text' ? notNumbers(table, info.name) : undefined;
    const cells = odd
      ? `${odd.count === 1 ? 'one value is' : `${odd.count} values are`} not a number (${JSON.stringify(odd.first)} in data row ${odd.row}${odd.count > 1 ? ' is the first' : ''}): write ${odd.count === 1 ? 'it as a number' : 'them as numbers'}, or empty ${odd.count === 1 ? 'the cell' : 'the cells'} to mark a missing value; or `
      : '';
    if (info.type === 'text' && type !== 'ordinal') {
      err(
        [...path, 'scale', 'type'],
        finding('ref.text-on-numeric-scale', { field: info.name, scale: type }),
        `${cells}use \`type: ordinal\` (one output per category), or map a numeric field`,
      );
    } else if (info.type === 'text' && !allowText) {
      err(
        [...path, 'field'],
        finding('ref.text-on-numeric-channel', { field: info.name }),
        `${cells}map a numeric field, or give an ordinal scale with a \`range\` of one value per category`,
      );
    }
    if (type === 'log') {
      // A column with no value (typed from its channels, empty-fields.ts) has no lowest value to refuse.
      const lo = scale?.domain ? Number(scale.domain[0]) : info.extent[0];
      if (lo !== undefined && !(lo > 0))
        err(
          [...path, 'scale', 'type'],
          finding('ref.log-scale-not-positive', { field: info.name, lowest: lo }),
          'use sqrt, or set a `domain` that starts above 0',
        );
    }
    if (scale?.domain && type !== 'ordinal' && scale.domain.length !== 2) err([...path, 'scale', 'domain'], finding('ref.domain-not-pair'), 'give two numbers');
  };

  const sculptureIds = new Set<string>();
  spec.sculptures.forEach((s, i) => {
    if (!s?.id || !s.data) return;
    const p: PathSegment[] = ['sculptures', i];
    if (sculptureIds.has(s.id)) err([...p, 'id'], finding('ref.sculpture-id-twice', { id: s.id }), 'give each sculpture its own id');
    sculptureIds.add(s.id);
    if (!(s.data in spec.data)) {
      err([...p, 'data'], finding('ref.no-data-source', { name: s.data }), didYouMean(s.data, dataNames).replace('allowed', 'data sources'));
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
      if (c.field === undefined && c.value === undefined)
        err(
          [...p, 'color'],
          finding('ref.colour-needs-field-or-value'),
          'e.g. `color: { field: category, scale: { scheme: tableau10 } }` or `color: "#e0452b"`',
        );
      if (c.field !== undefined && c.value !== undefined)
        err([...p, 'color'], finding('ref.field-and-value'), 'keep `field` to map the data to the colour, or `value` for one colour for all');
      if (c.scale?.scheme && c.scale.range)
        err([...p, 'color', 'scale'], finding('ref.scheme-and-range'), 'a `scheme` names a palette (e.g. tableau10), a `range` lists the colours; keep one');
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
      if (given !== 1)
        err(
          [...p, 'shape'],
          finding('ref.shape-needs-one'),
          'e.g. `shape: vase`, `shape: { model: vessel.glb }` or `shape: { field: category, map: { textile: ribbon } }`',
        );
      if (sh.model && !files.exists(sh.model))
        err([...p, 'shape', 'model'], finding('ref.model-not-found', { file: sh.model }), 'put the .glb beside installation.yaml or fix its name');
      if (sh.field) {
        const info = fieldCheck(table, [...p, 'shape', 'field'], sh.field);
        if (info && sh.map)
          for (const k of Object.keys(sh.map)) {
            if (info.type === 'text' && !info.categories.includes(k))
              warn(
                [...p, 'shape', 'map', k],
                finding('ref.no-row-with-value', { field: sh.field, value: k }),
                didYouMean(k, info.categories as string[]).replace('allowed', 'values in the data'),
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
    if (c.field === undefined && c.value === undefined)
      err(path, finding('ref.channel-needs-field-or-value'), 'e.g. `{ value: 0.02 }` or `{ field: mass_kg, scale: { range: [0.01, 0.04] } }`');
    if (c.field !== undefined && c.value !== undefined)
      err(path, finding('ref.field-and-value'), 'keep `field` to map the data to this channel, or `value` for one value for all');
    if (c.field) {
      const info = fieldCheck(table, [...path, 'field'], c.field);
      const ordinalWithRange = (c.scale?.type === 'ordinal' || (!c.scale?.type && info?.type === 'text')) && c.scale?.range;
      if (info) checkDomain(path, info, c.scale, Boolean(ordinalWithRange), table);
    }
  }

  const phaseIds = new Set<string>();
  spec.phases.forEach((ph, i) => {
    if (!ph?.id) return;
    if (phaseIds.has(ph.id)) err(['phases', i, 'id'], finding('ref.phase-id-twice', { id: ph.id }), 'cues jump to phases by id: give each its own');
    phaseIds.add(ph.id);
  });
  const memoryPhaseId = spec.memory?.phase;
  if (typeof memoryPhaseId === 'string' && !phaseIds.has(memoryPhaseId))
    err(['memory', 'phase'], finding('ref.no-phase', { name: memoryPhaseId }), didYouMean(memoryPhaseId, [...phaseIds]).replace('allowed', 'phases'));

  const sculptureList = [...sculptureIds];
  spec.sound?.voices?.forEach((v, i) => {
    if (!v?.sculpture) return;
    const p: PathSegment[] = ['sound', 'voices', i];
    const s = spec.sculptures.find((x) => x.id === v.sculpture);
    if (!s)
      return err(
        [...p, 'sculpture'],
        finding('ref.no-sculpture', { name: v.sculpture }),
        didYouMean(v.sculpture, sculptureList).replace('allowed', 'sculptures'),
      );
    const table = tables[s.data];
    if (!table) return;
    if (v.groupBy) fieldCheck(table, [...p, 'groupBy'], v.groupBy);
    for (const ch of ['pitch', 'density', 'velocity', 'duration'] as const) {
      const c = v[ch];
      if (typeof c === 'object') checkNumberChannel(c, [...p, ch], table);
    }
    if (v.instrument === 'sample' && !v.sample)
      err([...p, 'sample'], finding('ref.sample-needs-file'), 'add `sample: bell.wav` (a file beside installation.yaml), or choose a synth');
    if (v.sample && !files.exists(v.sample))
      err([...p, 'sample'], finding('ref.sample-not-found', { file: v.sample }), 'put the audio file beside installation.yaml or fix its name');
  });

  const attach = spec.audience?.stories?.attachTo;
  if (attach && !sculptureIds.has(attach))
    err(['audience', 'stories', 'attachTo'], finding('ref.no-sculpture', { name: attach }), didYouMean(attach, sculptureList).replace('allowed', 'sculptures'));

  for (const [id, wall] of Object.entries(spec.displays?.walls ?? {})) {
    if (wall.camera && wall.frustum)
      err(['displays', 'walls', id], finding('ref.camera-and-frustum'), 'use a frustum for a physical screen seen from a known eye point, a camera otherwise');
    // A wall that cannot show anything is an error here, not a black projection at the show.
    const report = (p: WallProblem | undefined, as: typeof err | typeof warn) => {
      if (p) as(['displays', 'walls', id, ...p.field], finding(`wall.${p.code}`, { ...p.params, wall: id }), p.hint);
    };
    const broken = wallProblem(wall);
    report(broken, err);
    if (!broken && wall.frustum) report(frustumSkew(wall.frustum), warn);
  }
  const desktop = spec.displays?.desktop?.camera;
  if (desktop) {
    const p = cameraProblem(desktop);
    if (p) err(['displays', 'desktop', ...p.field], finding(`desktop.${p.code}`, p.params), p.hint);
  }
  return out;
}
