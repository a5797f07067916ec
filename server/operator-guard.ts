import type { Seconds } from '../src/core/units.ts';
import type { ErrorReply } from '../src/net/protocol.ts';
import { fail } from './replies.ts';
import { sameSecret } from './secrets.ts';

/**
 * The one gate for the operator token, wherever it is given (the socket hello, the wall calibration
 * endpoint): the comparison is of sha256 digests in constant time (secrets.ts), so neither the content nor
 * the length of the token leaks through timing; failures are counted per address and over all addresses,
 * and past a few free ones each failure doubles a back-off during which every attempt is refused, the
 * right token too (otherwise a guesser would learn from the answer during the back-off). So guesses are
 * bounded: per address about `freeFailures` + log2 of the time spent, then one per `maxBackoff`; over every
 * address together the same with the global limits. One log line per refusal.
 */

export interface BackoffLimits {
  /** Failures allowed before the back-off starts (typos, an old link). */
  readonly freeFailures: number;
  /** The first back-off; each further failure doubles it. */
  readonly firstBackoff: Seconds;
  readonly maxBackoff: Seconds;
}

export const PER_ADDRESS_LIMITS: BackoffLimits = { freeFailures: 5, firstBackoff: 1, maxBackoff: 300 };
/** Over every address: many addresses guessing at once (a room full of phones) still get few guesses. */
export const GLOBAL_LIMITS: BackoffLimits = { freeFailures: 30, firstBackoff: 1, maxBackoff: 60 };
/** An address's failures are forgotten after this long without a failure. */
export const FORGET_AFTER: Seconds = 15 * 60;

export interface OperatorGuardOptions {
  readonly token: string;
  /** The server's monotonic clock, seconds (tests drive it). */
  readonly now: () => Seconds;
  readonly warn: (message: string) => void;
  readonly perAddress?: BackoffLimits;
  readonly global?: BackoffLimits;
}

interface Failures {
  count: number;
  lastAt: Seconds;
  /** No attempt is judged before this. */
  until: Seconds;
}

export const OPERATOR_HINT = 'open the operator link the server printed at start (it carries the token); over HTTP send it as "Authorization: Bearer <token>"';

export class OperatorGuard {
  private readonly byAddress = new Map<string, Failures>();
  private readonly all: Failures = { count: 0, lastAt: -Infinity, until: -Infinity };
  private readonly perAddress: BackoffLimits;
  private readonly global: BackoffLimits;

  /** The token judged against: the options' until `setToken` (the show's token changed under --redis). */
  private token: string;

  constructor(private readonly options: OperatorGuardOptions) {
    this.token = options.token;
    this.perAddress = options.perAddress ?? PER_ADDRESS_LIMITS;
    this.global = options.global ?? GLOBAL_LIMITS;
  }

  /** From now on only `token` is accepted (a console already let in stays in: it was judged when it came). */
  setToken(token: string): void {
    this.token = token;
  }

  /** A guard on the process's monotonic clock (for servers without a show clock, e.g. tests). */
  static forToken(token: string, warn: (message: string) => void = () => {}): OperatorGuard {
    return new OperatorGuard({ token, now: () => performance.now() / 1000, warn });
  }

  /** Judges a token given by `address` through `via` (e.g. "socket hello"): undefined when it is the
   * operator's, else the reply to send (the same over every channel). */
  check(given: string | undefined, address: string, via: string): ErrorReply | undefined {
    const now = this.options.now();
    const mine = this.failures(address, now);
    forget(this.all, now);
    const wait = Math.max(mine.until, this.all.until) - now;
    if (wait > 0) {
      const whose = mine.until >= this.all.until ? 'this address' : 'every address';
      this.options.warn(`refused operator token from ${address} (${via}): backing off after failures from ${whose}, ${wait.toFixed(1)} s left`);
      const seconds = Math.ceil(wait * 10) / 10;
      return fail('rate-limited', `too many wrong operator tokens: wait ${seconds} s`, OPERATOR_HINT, seconds);
    }
    if (given !== undefined && given !== '' && sameSecret(given, this.token)) {
      this.byAddress.delete(address);
      this.all.count = 0;
      return undefined;
    }
    const backoff = Math.max(countFailure(mine, this.perAddress, now), countFailure(this.all, this.global, now));
    this.options.warn(
      `refused operator token from ${address} (${via}): ${given ? 'wrong' : 'missing'} token (failure ${mine.count} from this address, ${this.all.count} in all)${backoff > 0 ? `; backing off ${backoff} s` : ''}`,
    );
    this.prune(now);
    return fail('unauthorized', given ? 'wrong operator token' : 'the operator token is missing', OPERATOR_HINT, backoff > 0 ? backoff : undefined);
  }

  private failures(address: string, now: Seconds): Failures {
    let f = this.byAddress.get(address);
    if (!f) this.byAddress.set(address, (f = { count: 0, lastAt: -Infinity, until: -Infinity }));
    forget(f, now);
    return f;
  }

  /** Keeps memory bounded by the addresses that failed recently. */
  private prune(now: Seconds): void {
    if (this.byAddress.size < 1024) return;
    for (const [address, f] of this.byAddress) if (now - f.lastAt > FORGET_AFTER && now >= f.until) this.byAddress.delete(address);
  }
}

function forget(f: Failures, now: Seconds): void {
  if (now - f.lastAt > FORGET_AFTER && now >= f.until) f.count = 0;
}

/** Counts a failure; returns the back-off it starts (0 while failures are still free). */
function countFailure(f: Failures, limits: BackoffLimits, now: Seconds): Seconds {
  f.count++;
  f.lastAt = now;
  const over = f.count - limits.freeFailures;
  if (over <= 0) return 0;
  const backoff = Math.min(limits.maxBackoff, limits.firstBackoff * 2 ** (over - 1));
  f.until = now + backoff;
  return backoff;
}
