import type { FieldInfo, FieldValue } from './data.ts';
import type { ScaleType } from './schema/channels.ts';

/** A scale maps one field value to 0..1 (quantitative) or to a category index (ordinal). Channels then map
 * that to their own range. */
export interface ScaleSpecLike {
  readonly type?: ScaleType | undefined;
  readonly domain?: ReadonlyArray<number | string> | undefined;
  readonly exponent?: number | undefined;
  readonly clamp?: boolean | undefined;
  readonly reverse?: boolean | undefined;
}

/** What a scale does when its spec leaves these out (the schema's descriptions name the same values). */
export const SCALE_DEFAULTS = { exponent: 2, clamp: true, reverse: false } as const;

export type Normalized = { readonly kind: 'unit'; readonly k: number } | { readonly kind: 'index'; readonly index: number; readonly count: number };

export type Scale = (v: FieldValue) => Normalized;

export function scaleType(spec: ScaleSpecLike | undefined, info: FieldInfo): ScaleType {
  return spec?.type ?? (info.type === 'number' ? 'linear' : 'ordinal');
}

export function makeScale(spec: ScaleSpecLike | undefined, info: FieldInfo): Scale {
  const type = scaleType(spec, info);
  const reverse = spec?.reverse ?? SCALE_DEFAULTS.reverse;
  const clamp = spec?.clamp ?? SCALE_DEFAULTS.clamp;
  if (type === 'ordinal') {
    const domain = (spec?.domain ?? info.categories).map(String);
    const index = new Map(domain.map((d, i) => [d, i] as const));
    return (v) => {
      const i = index.get(String(v)) ?? -1;
      const count = Math.max(1, domain.length);
      return { kind: 'index', index: i < 0 ? -1 : reverse ? count - 1 - i : i, count };
    };
  }
  const { f, a, b } = transform(spec, info, type);
  return (v) => {
    const x = typeof v === 'number' ? v : Number.NaN;
    let k = b === a ? 0.5 : (f(x) - a) / (b - a);
    if (!Number.isFinite(k)) k = 0;
    if (clamp) k = Math.min(1, Math.max(0, k));
    return { kind: 'unit', k: reverse ? 1 - k : k };
  };
}

/** A normalised value onto a numeric range: [lo, hi] interpolated, or one value per category. */
export function toNumberRange(n: Normalized, range: readonly number[]): number {
  if (n.kind === 'index') {
    if (n.index < 0) return range[0] as number;
    if (range.length === 2 && n.count > 2) return (range[0] as number) + ((range[1] as number) - (range[0] as number)) * (n.index / (n.count - 1));
    return range[n.index % range.length] as number;
  }
  // Several stops: piecewise linear.
  const x = n.k * (range.length - 1);
  const i = Math.min(range.length - 2, Math.floor(x));
  const lo = range[i] as number;
  const hi = range[i + 1] as number;
  return lo + (hi - lo) * (x - i);
}

/** The domain of a quantitative scale through its transform (log, pow, sqrt or none), and the inverse. */
function transform(spec: ScaleSpecLike | undefined, info: FieldInfo, type: Exclude<ScaleType, 'ordinal'>) {
  const [d0, d1] = (spec?.domain as number[] | undefined) ?? (info.extent as [number, number]);
  const exponent = type === 'sqrt' ? 0.5 : (spec?.exponent ?? SCALE_DEFAULTS.exponent);
  const power = type === 'pow' || type === 'sqrt';
  const f = type === 'log' ? Math.log : power ? (x: number) => Math.sign(x) * Math.abs(x) ** exponent : (x: number) => x;
  const g = type === 'log' ? Math.exp : power ? (y: number) => Math.sign(y) * Math.abs(y) ** (1 / exponent) : (y: number) => y;
  return { f, g, a: f(d0 ?? 0), b: f(d1 ?? 1) };
}

/** The field value a quantitative scale maps to k (0..1), before clamping: its inverse, for legend ticks and
 * gradients. An ordinal scale has no inverse: undefined. */
export function invertScale(spec: ScaleSpecLike | undefined, info: FieldInfo, k: number): number | undefined {
  const type = scaleType(spec, info);
  if (type === 'ordinal') return undefined;
  const { g, a, b } = transform(spec, info, type);
  const kk = (spec?.reverse ?? SCALE_DEFAULTS.reverse) ? 1 - k : k;
  return g(a + (b - a) * kk);
}
