import type { Seconds } from '../core/units.ts';

/**
 * How long a client waits before it tries to join again after a refused, unanswered or lost hello.
 *
 * Exponential with jitter, so that a room of screens and phones that lost the server at the same moment
 * does not come back at the same moment (a reconnect storm that the per-address hello limit would refuse
 * again): the n-th retry in a row (n = 0, 1, 2 ...) has a ceiling `step = min(capMs, baseMs * 2^n)` and
 * waits a uniformly random time in [step / 2, step] ("equal jitter": never less than half the step, so the
 * back-off still backs off, and spread over the other half).
 *
 * When the server said when to come back (`retryAfter`, seconds, with a rate limit), the wait is at least
 * that, plus the same random spread on top: every client refused in one burst was told the same time, and
 * must not all return at exactly that time. A `retryAfter` beyond `maxRetryAfter` (a broken or hostile
 * answer) counts as `maxRetryAfter`, so a client never waits longer than it would tell a person.
 */
export interface BackoffOptions {
  /** The first retry's ceiling, ms. Default 500. */
  readonly baseMs?: number;
  /** The largest ceiling, ms. Default 10000. */
  readonly capMs?: number;
  /** The longest server-requested wait honoured, seconds. Default 120. */
  readonly maxRetryAfter?: Seconds;
}

export const BACKOFF_DEFAULTS = { baseMs: 500, capMs: 10_000, maxRetryAfter: 120 } as const satisfies Required<BackoffOptions>;

/**
 * The wait before retry number `attempt` (0 for the first retry after a failure), in ms. `random` is a
 * uniform number in [0, 1) (Math.random in the pages, a generator in tests). Bounds, which the tests check:
 * - without retryAfter: step / 2 <= wait <= step, step = min(capMs, baseMs * 2^attempt);
 * - with retryAfter r: r' <= wait <= max(r', step / 2) + step / 2, r' = min(r, maxRetryAfter) * 1000.
 */
export function backoffMs(attempt: number, random: number, retryAfter?: Seconds, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? BACKOFF_DEFAULTS.baseMs;
  const capMs = options.capMs ?? BACKOFF_DEFAULTS.capMs;
  const maxRetryAfter = options.maxRetryAfter ?? BACKOFF_DEFAULTS.maxRetryAfter;
  // 2^attempt overflows to Infinity for large attempts; min() with the cap keeps it finite.
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.floor(attempt)));
  const spread = Math.min(Math.max(random, 0), 1) * (step / 2);
  const askedMs = retryAfter !== undefined && Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, maxRetryAfter) * 1000 : 0;
  return Math.max(askedMs, step / 2) + spread;
}
