import type { Installation } from './installation.ts';
import type { DataTable, FieldInfo, Row } from './data.ts';
import type { ColorChannel, NumberChannel, Placement, ShapeChannel } from './schema/channels.ts';
import type { Primitive } from './schema/common.ts';
import type { SculptureSpec } from './schema/installation.ts';
import { makeScale, toNumberRange, type Scale } from './scale.ts';
import { categoricalColor, interpolateStops, isCategorical, parseHex, schemeFor, schemeStops } from './color.ts';
import { createRandom, seedOf } from './random.ts';
import { keyFieldOf, rowKey, rowLabel } from './materials.ts';
import { fieldChannels, isMissing, sculptureRows } from './row-filter.ts';
import { captionField } from './captions.ts';
import { unhandled } from './never.ts';
import type { Rgb, Vec3 } from './units.ts';

/** One data row of a sculpture with every channel encoded: what the GPU needs to draw it. */
export interface EncodedRow {
  /** The row's key (data `key` field, `id`, or its number). Stories attach to it. */
  readonly key: string;
  readonly label: string;
  /** Its place in the sculpture's rows (after `filter`): what stories, tints and the GPU's row data use. */
  readonly index: number;
  /** Its row number in the data file (0-based, header excluded). */
  readonly source: number;
  /** Channels whose field is empty in this row and that have no `missing`: the row is drawn in the "no
   * data" style (NO_DATA_COLOR, the middle of those channels' ranges). Empty for a row with all its data. */
  readonly noData: readonly string[];
  /** The row's caption text (the `caption` field), absent when there is no caption or the cell is empty. */
  readonly caption?: string;
  /** Particles of this row (before a display's particle budget). */
  readonly count: number;
  readonly color: Rgb;
  /** Particle size, metres. */
  readonly size: number;
  /** Flow-field turbulence, 0..1 (may exceed 1 if the artist maps it so). */
  readonly agitation: number;
  /** Size of the row's shape, metres. */
  readonly extent: number;
  readonly shape: Primitive | 'model';
  /** With shape 'model': the glTF file whose surface the particles sample. */
  readonly model?: string;
  /** Centre of the row's shape in the room, metres. */
  readonly position: Vec3;
  /** Seed of this row's particles. */
  readonly seed: number;
  /** The data row itself, for captions and sound. */
  readonly data: Row;
}

export interface EncodedSculpture {
  readonly id: string;
  readonly rows: readonly EncodedRow[];
  /** Sum of the rows' counts. */
  readonly particles: number;
}

/** Default output ranges of numeric channels mapped from a field without an explicit `scale.range`. */
export const DEFAULT_RANGES = {
  count: [1000, 8000],
  size: [0.01, 0.035],
  agitation: [0.1, 1],
  extent: [0.4, 1.2],
  pitch: [0, 14],
  density: [0.25, 2],
  velocity: [0.3, 0.9],
  duration: [0.5, 2],
} as const satisfies Record<string, readonly [number, number]>;

/** The "no data" style: a row with an empty value in a channel without `missing` is drawn in this neutral
 * grey, and that channel takes the middle (NO_DATA_POINT) of its range: never its low end, where it would
 * pass for the smallest or cleanest sample. */
export const NO_DATA_COLOR = '#7a7a7a';
export const NO_DATA_POINT = 0.5;

const cache = new WeakMap<Installation, readonly EncodedSculpture[]>();

/** Encodes every sculpture of an installation. Depends on the installation only, so it is computed once
 * per installation version (cached), never per frame. */
export function encodeSculptures(installation: Installation): readonly EncodedSculpture[] {
  let out = cache.get(installation);
  if (!out) {
    out = installation.spec.sculptures.map((s) => encodeSculpture(installation, s));
    cache.set(installation, out);
  }
  return out;
}

function encodeSculpture(installation: Installation, s: SculptureSpec): EncodedSculpture {
  const table = installation.data[s.data] as DataTable;
  const keyField = keyFieldOf(installation.spec.data[s.data]?.key, table.fields);
  const count = numberEncoder(s.count, table, DEFAULT_RANGES.count);
  const size = numberEncoder(s.size, table, DEFAULT_RANGES.size);
  const agitation = numberEncoder(s.agitation, table, DEFAULT_RANGES.agitation);
  const extent = numberEncoder(s.extent, table, DEFAULT_RANGES.extent);
  const color = colorEncoder(s.color, table);
  const shape = shapeEncoder(s.shape);
  const drawn = sculptureRows(s, table.rows);
  const positions = layout(
    s.placement,
    table,
    drawn.map((d) => d.row),
    seedOf(installation.seed, s.id, 'placement'),
  );
  // Captions are text beside the row, not a look: an empty one leaves the row's style alone.
  const styled = fieldChannels(s).filter((c) => c.missing === undefined && c.name !== 'caption');
  const noDataColor = parseHex(NO_DATA_COLOR);
  const captioned = captionField(s.caption);
  const rows = drawn.map(({ row, source }, index): EncodedRow => {
    const key = rowKey(row, source, keyField);
    const sh = shape(row);
    const noData = styled.filter((c) => isMissing(row[c.field])).map((c) => c.name);
    const text = captioned === undefined ? undefined : row[captioned];
    return {
      key,
      label: rowLabel(row, s.label, key),
      index,
      source,
      noData,
      ...(captioned !== undefined && !isMissing(text) ? { caption: String(text) } : {}),
      count: Math.max(0, Math.round(count(row))),
      color: noData.length > 0 ? noDataColor : color(row),
      size: size(row),
      agitation: agitation(row),
      extent: extent(row),
      shape: sh.shape,
      ...(sh.model ? { model: sh.model } : {}),
      position: positions[index] as Vec3,
      seed: seedOf(installation.seed, s.id, key),
      data: row,
    };
  });
  return { id: s.id, rows, particles: rows.reduce((a, r) => a + r.count, 0) };
}

const fieldInfo = (table: DataTable, name: string): FieldInfo => table.fields.find((f) => f.name === name) as FieldInfo;

/** A numeric channel as a function of a row. An empty value becomes the channel's `missing` number, else
 * the middle of its range (the "no data" style; `missing: hide` rows are left out before this). */
export function numberEncoder(ch: NumberChannel, table: DataTable, fallback: readonly number[]): (row: Row) => number {
  if (typeof ch === 'number') return () => ch;
  if (ch.value !== undefined) {
    const v = ch.value;
    return () => v;
  }
  const name = ch.field as string;
  const scale: Scale = makeScale(ch.scale, fieldInfo(table, name));
  const range = ch.scale?.range ?? fallback;
  const missing = typeof ch.missing === 'number' ? ch.missing : toNumberRange({ kind: 'unit', k: NO_DATA_POINT }, range);
  return (row) => {
    const v = row[name];
    return isMissing(v) ? missing : toNumberRange(scale(v), range);
  };
}

/** A colour channel as a function of a row. An empty value becomes its `missing` colour, else NO_DATA_COLOR. */
export function colorEncoder(ch: ColorChannel, table: DataTable): (row: Row) => Rgb {
  if (typeof ch === 'string') {
    const c = parseHex(ch);
    return () => c;
  }
  if (ch.value !== undefined || ch.field === undefined) {
    const c = parseHex(ch.value ?? '#d8d2c4');
    return () => c;
  }
  const name = ch.field;
  const info = fieldInfo(table, name);
  const scale = makeScale(ch.scale, info);
  const explicit = ch.scale?.range;
  const scheme = schemeFor(ch.scale?.scheme, info.type);
  const missing = parseHex(typeof ch.missing === 'string' && ch.missing !== 'hide' ? ch.missing : NO_DATA_COLOR);
  return (row) => {
    const v = row[name];
    if (isMissing(v)) return missing;
    const n = scale(v);
    if (n.kind === 'index') {
      if (n.index < 0) return parseHex('#808080');
      if (explicit) return parseHex(explicit[n.index % explicit.length] as string);
      if (isCategorical(scheme)) return categoricalColor(scheme, n.index);
      return interpolateStops(schemeStops(scheme), n.count > 1 ? n.index / (n.count - 1) : 0.5);
    }
    return interpolateStops(explicit ?? schemeStops(scheme), n.k);
  };
}

function shapeEncoder(ch: ShapeChannel): (row: Row) => { shape: Primitive | 'model'; model?: string } {
  if (typeof ch === 'string') return () => ({ shape: ch });
  if (ch.primitive) {
    const p = ch.primitive;
    return () => ({ shape: p });
  }
  if (ch.model) {
    const m = ch.model;
    return () => ({ shape: 'model', model: m });
  }
  const name = ch.field as string;
  const map = ch.map ?? {};
  const fallback = ch.default ?? 'cloud';
  const missing = ch.missing !== undefined && ch.missing !== 'hide' ? ch.missing : fallback;
  return (row) => {
    const v = row[name];
    return { shape: isMissing(v) ? missing : (map[String(v)] ?? fallback) };
  };
}

function layout(p: Placement, table: DataTable, rows: readonly Row[], seed: number): Vec3[] {
  const n = rows.length;
  const [cx, cy, cz] = p.center;
  const rnd = createRandom(seed);
  const cols = Math.max(1, Math.ceil(Math.sqrt(n)));
  const base: Vec3[] = [];
  for (let i = 0; i < n; i++) {
    switch (p.layout) {
      case 'ring': {
        const a = (2 * Math.PI * i) / Math.max(1, n);
        base.push([cx + p.radius * Math.sin(a), cy, cz - p.radius * Math.cos(a)]);
        break;
      }
      case 'line':
        base.push([cx + (i - (n - 1) / 2) * p.spacing, cy, cz]);
        break;
      case 'grid': {
        const r = Math.floor(i / cols);
        const c = i % cols;
        const rowsN = Math.ceil(n / cols);
        base.push([cx + (c - (cols - 1) / 2) * p.spacing, cy, cz + (r - (rowsN - 1) / 2) * p.spacing]);
        break;
      }
      case 'spiral': {
        const a = i * 2.399963229728653; // golden angle
        const r = p.radius * Math.sqrt((i + 0.5) / Math.max(1, n));
        base.push([cx + r * Math.cos(a), cy, cz + r * Math.sin(a)]);
        break;
      }
      case 'scatter': {
        const a = rnd.range(0, 2 * Math.PI);
        const r = p.radius * Math.sqrt(rnd.next());
        base.push([cx + r * Math.cos(a), cy + rnd.range(-0.4, 0.4), cz + r * Math.sin(a)]);
        break;
      }
      default:
        // The schema admits only the layouts above; a new one must be placed here.
        base.push(unhandled(p.layout, [cx, cy, cz]));
    }
  }
  const axes = [
    p.x && numberEncoder(p.x, table, [cx - p.radius, cx + p.radius]),
    p.y && numberEncoder(p.y, table, [0.6, 2.6]),
    p.z && numberEncoder(p.z, table, [cz - p.radius, cz + p.radius]),
  ] as const;
  return base.map((b, i) => {
    const row = rows[i] as Row;
    return [axes[0] ? axes[0](row) : b[0], axes[1] ? axes[1](row) : b[1], axes[2] ? axes[2](row) : b[2]] as Vec3;
  });
}
