import type { Seconds } from '../src/core/units.ts';

/** A token bucket's shape: `burst` tokens at most, refilled at `perSecond`. */
export interface BucketSpec {
  readonly burst: number;
  readonly perSecond: number;
}

/** `n` per minute, with a burst of all of them (a phone may send its 3 stories at once, then waits). */
export const perMinute = (n: number): BucketSpec => ({ burst: n, perSecond: n / 60 });

interface Bucket {
  tokens: number;
  at: Seconds;
}

/**
 * Token buckets keyed by a string (a client id, an address), all with one spec per `take` call. Time comes
 * from the caller (the server's monotonic clock), so tests can drive it. Buckets that have refilled are
 * dropped by `sweep`, keeping memory bounded by the clients active in the last refill period.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => Seconds) {}

  /** Takes one token from the bucket `key`. Returns 0 when allowed, else the seconds to wait. */
  take(key: string, spec: BucketSpec): Seconds {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: spec.burst, at: now };
    b.tokens = Math.min(spec.burst, b.tokens + (now - b.at) * spec.perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / spec.perSecond;
  }

  /** Takes from every bucket or none: a request counts against the phone and its address together. */
  takeAll(entries: readonly (readonly [string, BucketSpec])[]): Seconds {
    const now = this.now();
    let wait = 0;
    for (const [key, spec] of entries) {
      const b = this.buckets.get(key);
      const tokens = b ? Math.min(spec.burst, b.tokens + (now - b.at) * spec.perSecond) : spec.burst;
      if (tokens < 1) wait = Math.max(wait, (1 - tokens) / spec.perSecond);
    }
    if (wait > 0) return wait;
    for (const [key, spec] of entries) this.take(key, spec);
    return 0;
  }

  /** Forgets buckets idle for longer than `idle` seconds (they would be full again anyway if idle >= burst
   * / perSecond for their spec; callers pick an idle time longer than any spec's refill). */
  sweep(idle: Seconds): void {
    const now = this.now();
    for (const [key, b] of this.buckets) if (now - b.at > idle) this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }
}
