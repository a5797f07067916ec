/**
 * Seeded randomness. The show is a pure function of (installation, log, t): every random choice comes from
 * a generator seeded by the installation's seed and the event or row it belongs to, never from an unseeded source.
 */

/** 32-bit FNV-1a hash of a string, mixed with the seed. Stable across platforms and engines. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return avalanche(h);
}

/** Finaliser of MurmurHash3: spreads every input bit over the output. */
export function avalanche(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines any number of string or number parts into one 32-bit seed. */
export function seedOf(...parts: ReadonlyArray<string | number>): number {
  let h = 0x9e3779b9;
  for (const p of parts) h = hashString(typeof p === 'number' ? `#${p}` : p, h);
  return h;
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: small, fast, good enough for art (not for cryptography). */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    range: (lo, hi) => lo + (hi - lo) * next(),
    int: (n) => Math.floor(next() * n),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick() needs a non-empty array');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
  };
}

/** One uniform number in [0, 1) for a key, without keeping a generator around. */
export function unitHash(...parts: ReadonlyArray<string | number>): number {
  return seedOf(...parts) / 4294967296;
}
