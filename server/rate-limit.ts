import type { Seconds } from '../src/core/units.ts';

/** A token bucket's shape: `burst` tokens at most, refilled at `perSecond`. */
export interface BucketSpec {
  readonly burst: number;
  readonly perSecond: number;
}

/** `n` per minute, with a burst of all of them (a phone may send its 3 stories at once, then waits). */
export const perMinute = (n: number): BucketSpec => ({ burst: n, perSecond: n / 60 });

/** `spec` scaled `factor` times (an address's ceiling from a device's allowance). */
export const scaled = (spec: BucketSpec, factor: number): BucketSpec => ({ burst: spec.burst * factor, perSecond: spec.perSecond * factor });

interface Bucket {
  tokens: number;
  at: Seconds;
  /** When it is full again: from then on it is the same as no bucket, so it can be forgotten. */
  fullAt: Seconds;
}

const refill = (b: Bucket, spec: BucketSpec, now: Seconds): number => Math.min(spec.burst, b.tokens + (now - b.at) * spec.perSecond);
const waitFor = (tokens: number, spec: BucketSpec): Seconds => (1 - tokens) / spec.perSecond;

/** One bucket, for state that lives and dies with its owner (a connection). */
export class TokenBucket {
  private readonly b: Bucket;

  constructor(
    private readonly spec: BucketSpec,
    private readonly now: () => Seconds,
  ) {
    this.b = { tokens: spec.burst, at: now(), fullAt: now() };
  }

  /** Takes one token. Returns 0 when allowed, else the seconds to wait. */
  take(): Seconds {
    const now = this.now();
    this.b.tokens = refill(this.b, this.spec, now);
    this.b.at = now;
    if (this.b.tokens < 1) return waitFor(this.b.tokens, this.spec);
    this.b.tokens -= 1;
    return 0;
  }
}

/**
 * Token buckets keyed by a string (a device id, an address), one spec per key and call. Time comes from the
 * caller (the server's monotonic clock), so tests can drive it. Memory: a bucket that has refilled is the
 * same as none, and `sweep` drops those; past `maxBuckets` (a flood of new keys) the least recently used
 * is dropped first, which at worst gives its key a full allowance again: the bound holds whatever arrives.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => Seconds,
    private readonly maxBuckets = 200_000,
  ) {}

  private tokens(key: string, spec: BucketSpec, now: Seconds): number {
    const b = this.buckets.get(key);
    return b ? refill(b, spec, now) : spec.burst;
  }

  private spend(key: string, spec: BucketSpec, now: Seconds): void {
    const tokens = this.tokens(key, spec, now) - 1;
    // Re-inserted on every use: the Map's order is then least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens, at: now, fullAt: now + (spec.burst - tokens) / spec.perSecond });
    if (this.buckets.size > this.maxBuckets) {
      this.sweep();
      for (const k of this.buckets.keys()) {
        if (this.buckets.size <= this.maxBuckets) break;
        this.buckets.delete(k);
      }
    }
  }

  /** Takes one token from the bucket `key`. Returns 0 when allowed, else the seconds to wait. */
  take(key: string, spec: BucketSpec): Seconds {
    const now = this.now();
    const tokens = this.tokens(key, spec, now);
    if (tokens < 1) return waitFor(tokens, spec);
    this.spend(key, spec, now);
    return 0;
  }

  /** Takes from every bucket or none (a story counts against its device and its address together).
   * Returns 0 when allowed, else the longest wait and the index of the entry that imposes it. */
  takeAll(entries: readonly (readonly [string, BucketSpec])[]): { readonly wait: Seconds; readonly which: number } {
    const now = this.now();
    let wait = 0;
    let which = -1;
    entries.forEach(([key, spec], i) => {
      const tokens = this.tokens(key, spec, now);
      if (tokens < 1 && waitFor(tokens, spec) > wait) {
        wait = waitFor(tokens, spec);
        which = i;
      }
    });
    if (wait > 0) return { wait, which };
    for (const [key, spec] of entries) this.spend(key, spec, now);
    return { wait: 0, which: -1 };
  }

  /** Forgets every bucket that has refilled (it would be created full again on its next use). */
  sweep(): void {
    const now = this.now();
    for (const [key, b] of this.buckets) if (b.fullAt <= now) this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }
}
