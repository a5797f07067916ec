/**
 * The contract between the TypeScript that fills the particles' buffers and uniforms and the GLSL that
 * reads them, written once. Numbers (shape ids, the model-shape marker, the row layout, array sizes) reach
 * the shaders only as the `#define`s made by `sculptureDefines`; the shaders never spell a copy of them
 * (each one stops with an #error when a define is missing). Names (uniforms, the attribute) are declared in
 * the GLSL, where a reader of the shader needs them, and listed here with their GLSL type: the material
 * sets exactly these, and tests/scene/particles/gpu-contract.browser.test.ts checks them against the
 * active uniforms and attributes of the program Chromium links, both ways.
 */
import { MAX_BURSTS } from '../../core/show.ts';
import { PRIMITIVES, type Primitive } from '../../core/schema/common.ts';

/** Shape ids as the shader knows them, in the order of PRIMITIVES (the shader's `SHAPE_<NAME>`). */
export const SHAPE_IDS: Readonly<Record<Primitive, number>> = Object.fromEntries(PRIMITIVES.map((p, i) => [p, i])) as Record<Primitive, number>;
/** A row of a model shows shape SHAPE_MODEL + the model's line in the models texture: the first id after
 * the primitives. */
export const SHAPE_MODEL = PRIMITIVES.length;
/** uShapeFrom / uShapeTo when a phase sets no shape: each row keeps its own. */
export const SHAPE_OF_ROW = -1;

/** Most story tints one sculpture shows at once (stories' display.max is 6 by default). */
export const MAX_TINTS = 8;

/** Where one value of a row sits in the row's texels: the index of its first float among the row's
 * ROW_TEXELS * 4 (texel = offset / 4, component = offset % 4), and how many floats it takes. */
export interface RowField {
  readonly offset: number;
  readonly floats: 1 | 2 | 3 | 4;
}

/**
 * The row layout of the row texture (and of the uniform array that replaces it for few rows). Three
 * texels: a vertex fetches each once, and on a software rasteriser a fetch costs about as much as the rest
 * of a hash. The 32-bit seed travels as two 16-bit halves: a float holds 24 bits exactly, not 32.
 */
export const ROW_FIELDS = {
  /** x, y, z (metres) */
  centre: { offset: 0, floats: 3 },
  /** metres */
  extent: { offset: 3, floats: 1 },
  /** linear r, g, b */
  color: { offset: 4, floats: 3 },
  /** particle size, metres */
  size: { offset: 7, floats: 1 },
  agitation: { offset: 8, floats: 1 },
  /** a SHAPE_IDS value, or SHAPE_MODEL + the model's slot */
  shape: { offset: 9, floats: 1 },
  /** seed >>> 16 */
  seedHigh: { offset: 10, floats: 1 },
  /** seed & 0xffff */
  seedLow: { offset: 11, floats: 1 },
} as const satisfies Readonly<Record<string, RowField>>;
export type RowFieldName = keyof typeof ROW_FIELDS;
type FloatTuple = { 1: [number]; 2: [number, number]; 3: [number, number, number]; 4: [number, number, number, number] };
/** The values of one row field, as many as it takes. */
export type RowFieldValues<F extends RowFieldName> = FloatTuple[(typeof ROW_FIELDS)[F]['floats']];

/** Texels per row: as many as the layout needs. */
export const ROW_TEXELS = Math.ceil(Math.max(...Object.values(ROW_FIELDS).map((f) => f.offset + f.floats)) / 4);

/** The GLSL types the contract uses; `size` of an array is its length (1 for a plain uniform). */
export type GlslType = 'int' | 'float' | 'vec2' | 'vec3' | 'vec4' | 'mat3' | 'mat4' | 'sampler2D';

export interface UniformSpec {
  readonly type: GlslType;
  /** Array length: a number, or the name of the define that gives it. Absent for a plain uniform. */
  readonly array?: number | 'ROW_UNIFORM_TEXELS';
}

/** How a sculpture's rows reach the vertex shader (see rows.glsl): a uniform array for a few rows, the
 * row texture for many. */
export type RowSource = 'uniforms' | 'texture';

/** The uniforms the sculpture material sets in every variant. */
export const SCULPTURE_UNIFORMS = {
  uTime: { type: 'float' },
  uForm: { type: 'float' },
  uShapeFrom: { type: 'int' },
  uShapeTo: { type: 'int' },
  uMorph: { type: 'float' },
  uAgitation: { type: 'float' },
  uBrightness: { type: 'float' },
  uGlitch: { type: 'float' },
  uViewTile: { type: 'vec4' },
  uPointScale: { type: 'float' },
  uOutputSrgb: { type: 'float' },
  uBurstCount: { type: 'int' },
  uBurstOrigin: { type: 'vec4', array: MAX_BURSTS },
  uBurstWave: { type: 'vec2', array: MAX_BURSTS },
  uBurstColor: { type: 'vec3', array: MAX_BURSTS },
  uTintCount: { type: 'int' },
  uTint: { type: 'vec4', array: MAX_TINTS },
  uTintRow: { type: 'float', array: MAX_TINTS },
  uModels: { type: 'sampler2D' },
  uModelSamples: { type: 'int' },
} as const satisfies Readonly<Record<string, UniformSpec>>;
export type SculptureUniformName = keyof typeof SCULPTURE_UNIFORMS;

/** The uniforms of each row source: only these exist in the linked program, so only these are set. */
export const ROW_UNIFORMS = {
  uniforms: { uRowData: { type: 'vec4', array: 'ROW_UNIFORM_TEXELS' } },
  texture: { uRows: { type: 'sampler2D' }, uRowsWidth: { type: 'int' } },
} as const satisfies Readonly<Record<RowSource, Readonly<Record<string, UniformSpec>>>>;

export type RowUniformName = { [S in RowSource]: keyof (typeof ROW_UNIFORMS)[S] }[RowSource];

/** The names of ROW_UNIFORMS[source]. */
export function rowUniformNames(source: RowSource): readonly RowUniformName[] {
  return Object.keys(ROW_UNIFORMS[source]) as RowUniformName[];
}

/** Uniforms the shaders use that three sets itself (its ShaderMaterial prefix declares them). */
export const THREE_SCULPTURE_UNIFORMS = {
  modelViewMatrix: { type: 'mat4' },
  projectionMatrix: { type: 'mat4' },
} as const satisfies Readonly<Record<string, UniformSpec>>;

/** The one per-particle attribute: row, index within the row (see particle-attributes.ts). */
export const PARTICLE_ATTRIBUTE = { name: 'particle', type: 'vec2', itemSize: 2 } as const;

/** `#define` name of a shape: SHAPE_SPHERE, SHAPE_RING, ... */
export const shapeDefine = (p: Primitive): string => `SHAPE_${p.toUpperCase()}`;

/** `#define` name of a row field: centre -> ROW_CENTRE, seedHigh -> ROW_SEED_HIGH. */
export const rowFieldDefine = (f: RowFieldName): string => `ROW_${f.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/**
 * Every define the sculpture shaders read, for the material's `defines` (three writes them as `#define`
 * lines before the shader). `rowUniformTexels`: the rows' texels when they travel as a uniform array
 * (rows * ROW_TEXELS), absent when they are read from the row texture.
 */
export function sculptureDefines(rowUniformTexels?: number): Readonly<Record<string, number>> {
  const defines: Record<string, number> = {
    MAX_BURSTS,
    MAX_TINTS,
    SHAPE_MODEL,
    SHAPE_OF_ROW,
    ROW_TEXELS,
  };
  for (const p of PRIMITIVES) defines[shapeDefine(p)] = SHAPE_IDS[p];
  for (const [name, field] of Object.entries(ROW_FIELDS)) defines[rowFieldDefine(name as RowFieldName)] = field.offset;
  if (rowUniformTexels !== undefined) defines.ROW_UNIFORM_TEXELS = rowUniformTexels;
  return defines;
}

/** The uniforms a sculpture material with this row source declares, with their specs (array lengths
 * resolved), three's own included. */
export function sculptureUniformSpecs(rows: RowSource, rowUniformTexels = 0): ReadonlyMap<string, { type: GlslType; size: number }> {
  const out = new Map<string, { type: GlslType; size: number }>();
  const all: Readonly<Record<string, UniformSpec>> = { ...THREE_SCULPTURE_UNIFORMS, ...SCULPTURE_UNIFORMS, ...ROW_UNIFORMS[rows] };
  for (const [name, spec] of Object.entries(all)) {
    const size = spec.array === undefined ? 1 : spec.array === 'ROW_UNIFORM_TEXELS' ? rowUniformTexels : spec.array;
    out.set(name, { type: spec.type, size });
  }
  return out;
}
