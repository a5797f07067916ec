/**
 * The static per-particle attributes of a sculpture, built once per installation version: for each
 * particle its row and its index within the row. Nothing else is per particle; positions come from the
 * vertex shader.
 *
 * Order rule (what the particle budget relies on): rows are interleaved, in blocks of ROW_BLOCK
 * particles, so that every prefix of the buffer holds each row in proportion to its count (within a
 * block). Drawing the first B particles then draws about B * n / total of every row, the first ones of
 * each, which the shapes spread evenly (shapes.glsl). A display lowers its budget by shrinking the draw
 * range: no rebuild, no upload.
 */

/** Splits `total` into integer parts proportional to `weights` (largest remainder; ties to the lower
 * index), so that the parts sum to `total` exactly. Deterministic. */
export function apportion(weights: readonly number[], total: number): number[] {
  const n = weights.length;
  const sum = weights.reduce((a, w) => a + Math.max(0, w), 0);
  const target = Math.max(0, Math.floor(total));
  if (n === 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (Math.max(0, w) / sum) * target);
  const parts = exact.map(Math.floor);
  let left = target - parts.reduce((a, p) => a + p, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[(order[k] as { i: number }).i]! += 1;
  return parts;
}

export interface ParticleAttributes {
  /** Two floats per particle: row, index within the row. */
  readonly particle: Float32Array;
  /** Particles of each row in the buffer. */
  readonly rowCounts: readonly number[];
  readonly count: number;
}

/** Particles of one row that stay together in the buffer. GPUs (and SwiftShader's SIMD lanes) run
 * neighbouring vertices in lockstep: when they belong to one row they take the same shape branch, whereas
 * rows interleaved particle by particle would make every group run every shape. 64 covers a GPU wave. */
export const ROW_BLOCK = 64;

/**
 * The rows' particles in the interleaved order: blocks of up to `block` consecutive particles of a row,
 * block j of a row of n at rank (j + 0.5) * block / n, sorted by rank (ties by row). A prefix of the buffer
 * then holds every row in proportion to its count, within one block. O(total + blocks * log rows), by a
 * k-way merge over a heap.
 */
export function buildParticleAttributes(rowCounts: readonly number[], block = ROW_BLOCK): ParticleAttributes {
  const counts = rowCounts.map((c) => Math.max(0, Math.floor(c)));
  const count = counts.reduce((a, c) => a + c, 0);
  const particle = new Float32Array(count * 2);
  const next = counts.map(() => 0);
  const heap: number[] = [];
  const rank = (r: number) => ((next[r] as number) + 0.5 * block) / (counts[r] as number);
  const less = (a: number, b: number) => {
    const ra = rank(a);
    const rb = rank(b);
    return ra < rb || (ra === rb && a < b);
  };
  const swap = (i: number, j: number) => {
    const t = heap[i] as number;
    heap[i] = heap[j] as number;
    heap[j] = t;
  };
  const siftUp = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i] as number, heap[p] as number)) break;
      swap(i, p);
      i = p;
    }
  };
  const siftDown = () => {
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l] as number, heap[m] as number)) m = l;
      if (r < heap.length && less(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) break;
      swap(i, m);
      i = m;
    }
  };
  counts.forEach((c, r) => {
    if (c > 0) {
      heap.push(r);
      siftUp(heap.length - 1);
    }
  });
  let j = 0;
  while (heap.length > 0) {
    const r = heap[0] as number;
    const start = next[r] as number;
    const end = Math.min(counts[r] as number, start + block);
    for (let k = start; k < end; k++, j++) {
      particle[2 * j] = r;
      particle[2 * j + 1] = k;
    }
    next[r] = end;
    if (end >= (counts[r] as number)) {
      const last = heap.pop() as number;
      if (heap.length === 0) break;
      heap[0] = last;
    }
    siftDown();
  }
  return { particle, rowCounts: counts, count };
}

/** How many of a sculpture's particles to draw under a display's budget shared by all sculptures:
 * the sculpture's share of the budget in proportion to its particles. */
export function drawCount(particles: number, allParticles: number, budget: number): number {
  if (allParticles <= 0 || !(budget > 0)) return 0;
  if (budget >= allParticles) return particles;
  return Math.min(particles, Math.floor((budget * particles) / allParticles));
}
