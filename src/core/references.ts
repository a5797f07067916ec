import type { InstallationSpec } from './schema/installation.ts';
import type { DataTable, FieldInfo } from './data.ts';
import type { InstallationFiles } from './installation.ts';
import type { YamlSource } from './yaml-source.ts';
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
  const err = (path: PathSegment[], message: string, hint: string, where: 'key' | 'value' = 'value') =>
    out.push({ severity: 'error', file: source.file, ...source.locate(path, where), path: formatPath(path), message, ...(hint ? { hint } : {}) });
  const warn = (path: PathSegment[], message: string, hint?: string) =>
    out.push({ severity: 'warning', file: source.file, ...source.locate(path), path: formatPath(path), message, ...(hint ? { hint } : {}) });

  const dataNames = Object.keys(spec.data);
  const fieldCheck = (table: DataTable, path: PathSegment[], name: string): FieldInfo | undefined => {
    const info = table.fields.find((f) => f.name === name);
    if (!info) {
      const names = table.fields.map((f) => f.name);
      err(path, `field "${name}" is not in ${table.file}`, `${didYouMean(name, names).replace('allowed', `fields in ${table.file}`)}`);
    }
    return info;
  };
  const checkDomain = (
    path: PathSegment[],
    info: FieldInfo,
    scale: { type?: string | undefined; domain?: ReadonlyArray<number | string> | undefined } | undefined,
    allowText: boolean,
  ) => {
    const type = scale?.type ?? (info.type === 'number' ? 'linear' : 'ordinal');
    if (info.type === 'text' && type !== 'ordinal') {
      err(
        [...path, 'scale', 'type'],
        `field "${info.name}" holds text, a ${type} scale needs numbers`,
        'use `type: ordinal` (one output per category), or map a numeric field',
      );
    } else if (info.type === 'text' && !allowText) {
      err(
        [...path, 'field'],
        `field "${info.name}" holds text, this channel needs numbers`,
        'map a numeric field, or give an ordinal scale with a `range` of one value per category',
      );
    }
    if (type === 'log') {
      // A column with no value (typed from its channels, empty-fields.ts) has no lowest value to refuse.
      const lo = scale?.domain ? Number(scale.domain[0]) : info.extent[0];
      if (lo !== undefined && !(lo > 0))
        err(
          [...path, 'scale', 'type'],
          `a log scale needs values above 0, field "${info.name}" goes down to ${lo}`,
          'use sqrt, or set a `domain` that starts above 0',
        );
    }
    if (scale?.domain && type !== 'ordinal' && scale.domain.length !== 2)
      err([...path, 'scale', 'domain'], 'a quantitative domain is [min, max]', 'give two numbers');
  };

  const sculptureIds = new Set<string>();
  spec.sculptures.forEach((s, i) => {
    if (!s?.id || !s.data) return;
    const p: PathSegment[] = ['sculptures', i];
    if (sculptureIds.has(s.id)) err([...p, 'id'], `sculpture id "${s.id}" is used twice`, 'give each sculpture its own id');
    sculptureIds.add(s.id);
    if (!(s.data in spec.data)) {
      err([...p, 'data'], `no data source named "${s.data}"`, didYouMean(s.data, dataNames).replace('allowed', 'data sources'));
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
        err([...p, 'color'], 'a colour needs `field` or `value`', 'e.g. `color: { field: category, scale: { scheme: tableau10 } }` or `color: "#e0452b"`');
      if (c.field !== undefined && c.value !== undefined)
        err([...p, 'color'], 'give `field` or `value`, not both', 'keep `field` to map the data to the colour, or `value` for one colour for all');
      if (c.scale?.scheme && c.scale.range)
        err(
          [...p, 'color', 'scale'],
          'give `scheme` or `range`, not both',
          'a `scheme` names a palette (e.g. tableau10), a `range` lists the colours; keep one',
        );
      if (c.field) {
        const info = fieldCheck(table, [...p, 'color', 'field'], c.field);
        if (info) checkDomain([...p, 'color'], info, c.scale, true);
      }
    }
    if (typeof s.shape === 'object') {
      const sh = s.shape;
      const given = [sh.primitive, sh.model, sh.field].filter((x) => x !== undefined).length;
      if (given !== 1)
        err(
          [...p, 'shape'],
          'a shape is one of `primitive`, `model` or `field` (with `map`)',
          'e.g. `shape: vase`, `shape: { model: vessel.glb }` or `shape: { field: category, map: { textile: ribbon } }`',
        );
      if (sh.model && !files.exists(sh.model))
        err([...p, 'shape', 'model'], `model file "${sh.model}" not found`, 'put the .glb beside installation.yaml or fix its name');
      if (sh.field) {
        const info = fieldCheck(table, [...p, 'shape', 'field'], sh.field);
        if (info && sh.map)
          for (const k of Object.keys(sh.map)) {
            if (info.type === 'text' && !info.categories.includes(k))
              warn(
                [...p, 'shape', 'map', k],
                `no row has ${sh.field} = "${k}"`,
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
      err(path, 'a channel needs `field` or `value`', 'e.g. `{ value: 0.02 }` or `{ field: mass_kg, scale: { range: [0.01, 0.04] } }`');
    if (c.field !== undefined && c.value !== undefined)
      err(path, 'give `field` or `value`, not both', 'keep `field` to map the data to this channel, or `value` for one value for all');
    if (c.field) {
      const info = fieldCheck(table, [...path, 'field'], c.field);
      const ordinalWithRange = (c.scale?.type === 'ordinal' || (!c.scale?.type && info?.type === 'text')) && c.scale?.range;
      if (info) checkDomain(path, info, c.scale, Boolean(ordinalWithRange));
    }
  }

  const phaseIds = new Set<string>();
  spec.phases.forEach((ph, i) => {
    if (!ph?.id) return;
    if (phaseIds.has(ph.id)) err(['phases', i, 'id'], `phase id "${ph.id}" is used twice`, 'cues jump to phases by id: give each its own');
    phaseIds.add(ph.id);
  });
  const memoryPhaseId = spec.memory?.phase;
  if (typeof memoryPhaseId === 'string' && !phaseIds.has(memoryPhaseId))
    err(['memory', 'phase'], `no phase named "${memoryPhaseId}"`, didYouMean(memoryPhaseId, [...phaseIds]).replace('allowed', 'phases'));

  const sculptureList = [...sculptureIds];
  spec.sound?.voices?.forEach((v, i) => {
    if (!v?.sculpture) return;
    const p: PathSegment[] = ['sound', 'voices', i];
    const s = spec.sculptures.find((x) => x.id === v.sculpture);
    if (!s) return err([...p, 'sculpture'], `no sculpture named "${v.sculpture}"`, didYouMean(v.sculpture, sculptureList).replace('allowed', 'sculptures'));
    const table = tables[s.data];
    if (!table) return;
    if (v.groupBy) fieldCheck(table, [...p, 'groupBy'], v.groupBy);
    for (const ch of ['pitch', 'density', 'velocity', 'duration'] as const) {
      const c = v[ch];
      if (typeof c === 'object') checkNumberChannel(c, [...p, ch], table);
    }
    if (v.instrument === 'sample' && !v.sample)
      err([...p, 'sample'], 'instrument "sample" needs a `sample` file', 'add `sample: bell.wav` (a file beside installation.yaml), or choose a synth');
    if (v.sample && !files.exists(v.sample))
      err([...p, 'sample'], `sample file "${v.sample}" not found`, 'put the audio file beside installation.yaml or fix its name');
  });

  const attach = spec.audience?.stories?.attachTo;
  if (attach && !sculptureIds.has(attach))
    err(['audience', 'stories', 'attachTo'], `no sculpture named "${attach}"`, didYouMean(attach, sculptureList).replace('allowed', 'sculptures'));

  for (const [id, wall] of Object.entries(spec.displays?.walls ?? {})) {
    if (wall.camera && wall.frustum)
      err(
        ['displays', 'walls', id],
        'a wall has a `camera` or a `frustum`, not both',
        'use a frustum for a physical screen seen from a known eye point, a camera otherwise',
      );
    // A wall that cannot show anything is an error here, not a black projection at the show.
    const report = (p: WallProblem | undefined, as: typeof err | typeof warn) => {
      if (p) as(['displays', 'walls', id, ...p.field], `wall "${id}": ${p.message}`, p.hint);
    };
    const broken = wallProblem(wall);
    report(broken, err);
    if (!broken && wall.frustum) report(frustumSkew(wall.frustum), warn);
  }
  const desktop = spec.displays?.desktop?.camera;
  if (desktop) {
    const p = cameraProblem(desktop);
    if (p) err(['displays', 'desktop', ...p.field], `the desktop view: ${p.message}`, p.hint);
  }
  return out;
}
