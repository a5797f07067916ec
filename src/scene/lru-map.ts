/**
 * A map of at most `limit` entries that forgets the least recently used one first: `get` and `set` both
 * count as a use. It rests on Map's order (insertion order): an entry used is taken out and put back at
 * the end, so the first key is always the least recently used.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  /** `limit`: how many entries are kept, at least 1. */
  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new Error(`LruMap: the limit must be at least 1, got ${limit}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.limit) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
